"""County values rolled up to cities or the province with each indicator's catalog aggregation.

Methods (catalog field ``aggregation``):

- ``area_weighted``: mean of county values weighted by county area (regions.area_km2), e.g. forest cover %.
- ``sum``: total of county values, e.g. hectares of high-standard farmland.
- ``count``: mean weighted by a count per county (``weights``, e.g. monitoring sections), e.g. share of good
  sections; without weights an unweighted mean, and the note says so.
- ``none``: not aggregated; such indicators produce no rows.

Only county rows of ``values`` are inputs. Nothing is silently dropped: every (indicator, year) that any county
reports gets a row for every city (or the province); a partial aggregate says "k of n counties" and the share of
area covered in ``note``, and a city with no county value gets an empty value with that note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.catalog import Catalog
from geo.errors import UnknownLevel, UnknownRegion
from geo.sources import aggregated_source
from geo.values import KEY, VALUE_COLUMNS, normalise

_SHOW_MISSING = 5  # how many missing county codes a note names before "…"


@dataclass(frozen=True)
class _Result:
    value: float | None
    method: str  # words for the source, e.g. "area-weighted"
    notes: tuple[str, ...] = ()
    used: int | None = None  # counties that entered the figure, when fewer than those with a value


AGGREGATE_DECIMALS = 4


def _weighted(values: pd.Series, weights: pd.Series, method: str, what: str) -> _Result:
    """Weighted mean; counties whose weight is unknown or not positive are left out, by name."""
    ok = weights.reindex(values.index)
    bad = sorted(ok.index[~(ok > 0)].astype(str))  # NaN compares False, so unknown weights land here too
    notes = (f"{what} unknown for {', '.join(bad)}; left out",) if bad else ()
    good = ok > 0
    total = float(ok[good].sum())
    used = int(good.sum())
    if total == 0:
        return _Result(None, method, notes, used)
    return _Result(float((values[good] * ok[good]).sum() / total), method, notes, used)


def _area_weighted(values: pd.Series, area: pd.Series, weights: Mapping[str, float] | None) -> _Result:
    return _weighted(values, area, "area-weighted", "area")


def _sum(values: pd.Series, area: pd.Series, weights: Mapping[str, float] | None) -> _Result:
    return _Result(float(values.sum()), "sum")


def _count(values: pd.Series, area: pd.Series, weights: Mapping[str, float] | None) -> _Result:
    if weights is None:
        return _Result(
            float(values.mean()),
            "unweighted mean",
            ("no counts per county given (e.g. monitoring sections): unweighted mean of county values",),
        )
    w = pd.Series({str(k): float(v) for k, v in weights.items()}, dtype="float64")
    return _weighted(values, w, "weighted by count", "count")


AGGREGATORS: Mapping[str, Callable[[pd.Series, pd.Series, Mapping[str, float] | None], _Result]] = {
    "area_weighted": _area_weighted,
    "sum": _sum,
    "count": _count,
}


def _parents(regions: pd.DataFrame) -> dict[str, str]:
    """adcode -> parent adcode ('' for the root)."""
    parents = regions["parent_adcode"].fillna("").astype(str) if "parent_adcode" in regions.columns else ""
    return dict(zip(regions["adcode"].astype(str), parents))


def root_code(regions: pd.DataFrame) -> str:
    """The adcode of the regions table's top unit (the one without a parent), which every roll-up ends in."""
    top = [c for c, p in _parents(regions).items() if not p]
    if len(top) != 1:
        raise UnknownRegion(
            f"the regions table has {len(top)} units without a parent ({', '.join(top[:5])})",
            "give it exactly one top unit, and every other unit its parent_adcode",
        )
    return top[0]


def leaf_level(regions: pd.DataFrame) -> str:
    """The finest level: the level of the units that are nobody's parent (counties)."""
    parents = set(_parents(regions).values())
    leaves = regions.loc[~regions["adcode"].astype(str).isin(parents), "level"].astype(str).unique()
    if len(leaves) != 1:
        raise UnknownRegion(
            f"the units without children are of levels {', '.join(sorted(leaves))}",
            "every branch of the regions table must reach the same finest level",
        )
    return str(leaves[0])


def _groups(regions: pd.DataFrame, to_level: str) -> dict[str, list[str]]:
    """Unit of `to_level` -> the adcodes of its leaf units (counties), found up the parent chain, in regions order."""
    parent_of = _parents(regions)
    level_of = dict(zip(regions["adcode"].astype(str), regions["level"].astype(str)))
    leaf = leaf_level(regions)
    if to_level == leaf or to_level not in set(level_of.values()):
        above = sorted(set(level_of.values()) - {leaf})
        raise UnknownLevel(f"cannot aggregate to {to_level!r}", f"use one of {', '.join(above)}")
    out: dict[str, list[str]] = {c: [] for c, lv in level_of.items() if lv == to_level}
    for code, lv in level_of.items():
        if lv != leaf:
            continue
        up, seen = code, set()
        while up and level_of.get(up) != to_level:
            seen.add(up)
            up = parent_of.get(up, "")
            if up in seen:
                raise UnknownRegion(f"the parent chain of {code} loops", "fix parent_adcode in the regions table")
        if not up:
            raise UnknownRegion(
                f"{code} has no ancestor of level {to_level!r} in the regions table",
                "fill parent_adcode so that every county reaches the root",
            )
        out[up].append(code)
    return out


def _coverage(members: list[str], have: list[str], area: pd.Series) -> str:
    n, k = len(members), len(have)
    if k == n:
        return f"all {n} counties"
    known = area.reindex(members)
    total = float(known[known > 0].sum())
    share = float(known.reindex(have)[lambda a: a > 0].sum()) / total if total else 0.0
    missing = [c for c in members if c not in set(have)]
    shown = ", ".join(missing[:_SHOW_MISSING]) + (", …" if len(missing) > _SHOW_MISSING else "")
    return f"{k} of {n} counties, {share:.1%} of the area; no value for {shown}"


def aggregate(
    values: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    to_level: str,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """A new canonical values table of city or province aggregates of the county rows of `values`."""
    groups = _groups(regions, to_level)
    parent = {c: code for code, members in groups.items() for c in members}
    county_codes = set(parent)
    area = pd.Series(
        pd.to_numeric(regions["area_km2"], errors="coerce").to_numpy(dtype="float64", na_value=float("nan")),
        index=regions["adcode"].astype(str),
    )
    rows = values.loc[values["adcode"].astype(str).isin(county_codes)].copy()
    rows["adcode"] = rows["adcode"].astype(str)
    rows = rows.drop_duplicates(subset=KEY, keep="last")  # as geo.values.combine: a later row wins

    out: list[dict[str, Any]] = []
    for (indicator, year), part in rows.groupby(["indicator", "year"], sort=True):
        ind = catalog.get(str(indicator))
        method = AGGREGATORS.get(ind.aggregation)
        if method is None:  # "none": the catalog says this indicator does not add up across regions
            continue
        # Split once per (indicator, year) rather than filtering the part again for every group.
        by_group = {code: frame for code, frame in part.groupby(part["adcode"].map(parent), sort=False)}
        for target_code, members in groups.items():
            mine = by_group.get(target_code, part.iloc[0:0])
            known = mine.loc[mine["value"].notna()]
            vals = pd.Series(known["value"].astype("float64").to_numpy(), index=known["adcode"].to_numpy())
            have = [c for c in members if c in set(vals.index)]
            notes = [_coverage(members, have, area)]
            if have:
                res = method(vals, area, weights)
                # Rounded to 4 decimals, finer than any published figure: a weighted mean of values that
                # were calibrated to 63.1 must read 63.1, not 63.099999999, or 'exactly on target' breaks.
                value = None if res.value is None else round(res.value, AGGREGATE_DECIMALS)
                notes = notes + list(res.notes)
                n = len(have) if res.used is None else res.used
                source = aggregated_source(n, res.method)
            else:
                value, source = None, aggregated_source(0)
            demo = (mine["provenance"].astype(str) == "demo").any()
            out.append(
                {
                    "adcode": target_code,
                    "indicator": ind.id,
                    "year": int(year),
                    "value": value,
                    "target": None,
                    "source": source,
                    "provenance": "demo" if demo else "derived",
                    "note": "; ".join(notes),
                }
            )
    table = pd.DataFrame(out, columns=list(VALUE_COLUMNS))
    return normalise(table).sort_values(KEY, kind="stable").reset_index(drop=True)
