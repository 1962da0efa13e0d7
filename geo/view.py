"""A view: one indicator, one year, one level, joined to boundaries — what the map draws and export writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.aggregation import aggregate, root_code
from geo.attainment import assess_indicator, status_counts
from geo.catalog import Catalog, Indicator
from geo.errors import AtlasError
from geo.rules import RULES
from geo.values import combine, normalise, split_allocations, with_allocations

# Properties of every exported feature, in order (the geometry is added by the writers).
VIEW_COLUMNS: tuple[str, ...] = (
    "adcode",
    "name_zh",
    "name_en",
    "city",
    "city_en",
    "level",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "year",
    "value",
    "unit",
    "target",
    "status",
    "gap",
    "progress",
    "share",
    "rank",
    "rank_of",
    "source",
    "provenance",
    "note",
    "clause",
)


def level_values(values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, level: str) -> pd.DataFrame:
    """Values at a level: county rows as given; city (or province) rows aggregated from counties, explicit rows win."""
    values = normalise(values)  # a user table may lack optional columns such as target
    if level == "county":
        return values
    # A city's allocated target (a row without a value) is set on the city's aggregate, not replaced by it.
    values, allocations = split_allocations(values)
    return with_allocations(combine(aggregate(values, regions, catalog, level), values), allocations)


def judged_at(ind: Indicator, level: str, values: pd.DataFrame) -> bool:
    """Whether regions of `level` can be coloured by attainment: the plan's target binds them, or some region of the
    values has a target of its own (an allocation) for the indicator."""
    if ind.scored_at(level):
        return True
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    return "target" in mine.columns and bool(mine["target"].notna().any())


def _shares(
    ind: Indicator,
    level: str,
    mine: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    values: pd.Series,
    year: int,
) -> pd.Series:
    """Each region's percentage of the province's total, for a total that lower levels hold shares of; else NA."""
    out = pd.Series(pd.NA, index=values.index, dtype="Float64")
    if ind.lower != "share" or level == ind.binds:
        return out
    top = level_values(mine, regions, catalog, "province")
    root = top.loc[(top["adcode"].astype(str) == root_code(regions)) & (top["year"] == int(year)), "value"].dropna()
    if not len(root) or float(root.iloc[-1]) <= 0:
        return out
    return (100 * values.astype("Float64") / float(root.iloc[-1])).round(2)


def build_view(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    indicator: str,
    year: int,
    level: str,
    leveled: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One row per region of `boundaries` (index adcode kept) with value, target, status, gap, rank and provenance;
    `leveled` is the indicator's values at `level` (level_values of its rows) when the caller keeps them."""
    root = root_code(regions)
    # Finest first (county, city), as the region pack's map_levels.
    mappable = [
        lv
        for lv in reversed(list(dict.fromkeys(regions["level"].astype(str))))
        if lv != str(regions.loc[regions["adcode"].astype(str) == root, "level"].iloc[0])
    ]
    if level not in mappable:
        raise AtlasError(f"level {level!r} cannot be mapped", f"use one of {', '.join(mappable)}")
    ind = catalog.get(indicator)
    # Only this indicator's rows (all years: some rules read the history) are aggregated and assessed.
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    if leveled is None:
        leveled = level_values(mine, regions, catalog, level)
    assessed = assess_indicator(leveled, catalog, ind.id, int(year), boundaries.index, level)
    names_en = regions.set_index("adcode")["name_en"]
    city_code = boundaries.index.to_series() if level == "city" else boundaries["parent_adcode"]
    out = gpd.GeoDataFrame(
        {
            "adcode": boundaries.index.astype(str),
            "name_zh": boundaries["name_zh"],
            "name_en": boundaries["name_en"],
            "city": boundaries["name_zh"] if level == "city" else boundaries["city_zh"],
            "city_en": city_code.map(names_en),
            "level": level,
            "indicator": ind.id,
            "indicator_zh": ind.name_zh,
            "indicator_en": ind.name_en,
            "year": int(year),
            "value": assessed["value"],
            "unit": ind.unit,
            "target": assessed["target_used"],
            "status": assessed["status"],
            # Rounded: 63.1 - 57.171 should read -5.929, not -5.929000000000002.
            "gap": assessed["gap"].round(6),
            "progress": assessed["progress"].round(6),
            "share": _shares(ind, level, mine, regions, catalog, assessed["value"], int(year)),
            "rank": _rank(assessed["value"], ind),
            "rank_of": int(assessed["value"].notna().sum()),
            "source": assessed["source"],
            "provenance": assessed["provenance"],
            "note": assessed["note"],
            "clause": f"{ind.clause.section}{ind.clause.item or ''}",
        },
        geometry=boundaries.geometry,
        crs=boundaries.crs,
        index=boundaries.index,
    )
    return out


def _rank(values: pd.Series, ind: Indicator) -> pd.Series:
    # 1 = best; which end is best follows the rule (PM2.5: lower is better). Missing values get no rank.
    better = RULES[ind.rule].better
    if better is None:
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ranks = values.astype("Float64").rank(ascending=(better == "lower"), method="min")
    return ranks.astype("Int64")


def view_metadata(
    view: pd.DataFrame, ind: Indicator, year: int, level: str, link: str = "", today: date | None = None, plan: str = ""
) -> dict[str, Any]:
    """Provenance carried by every download: what, which target and clause, sources, data and download dates."""
    prov = view["provenance"].dropna().astype(str).value_counts().to_dict()
    sources = sorted(set(view["source"].dropna().astype(str)))
    meta: dict[str, Any] = {
        "title": f"{ind.name_zh} / {ind.name_en}, {year}, {level}",
        "indicator": ind.id,
        "unit": ind.unit,
        "target": ind.target_text
        or (f"{ind.target:g} {ind.unit} by {ind.target_year}" if ind.target is not None else ""),
        "rule": ind.rule,
        "clause": f"{ind.clause.section}{ind.clause.item or ''}: {ind.clause.quote}",
        "plan": plan,
        "data_year": int(year),
        "downloaded": (today or date.today()).isoformat(),
        "provenance_counts": ", ".join(f"{k}={v}" for k, v in sorted(prov.items())),
        "sources": " | ".join(sources),
        "status_counts": ", ".join(f"{k}={v}" for k, v in status_counts(view).items()),
        "link": link,
    }
    if prov.get("demo"):
        meta["warning"] = (
            "Contains demo values: generated for demonstration, NOT official figures "
            "(provenance=demo) / 含演示数据，非官方数据"
        )
    return meta
