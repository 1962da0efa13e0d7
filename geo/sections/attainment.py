"""Attainment of monitoring sections: each section's class against its target, rates per county, city, basin."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.rules import Observation, assess
from geo.values import normalise
from geo.waterclass import GOOD_WATER

INDICATOR = "water_section_attainment_rate"
# The statuses a section can have (a subset of geo.rules.STATUSES): classes are judged with no margin, so a
# section is never 'near' (see class_status).
SECTION_STATUSES: tuple[str, ...] = ("met", "not_met", "no_data")
_PROVENANCE_RANK = {"official": 0, "derived": 1, "user": 2, "demo": 3}  # an aggregate is as weak as its weakest input


def section_attainment(sections: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """One row per section for a year: its class (annual row, else the median month), target, and its status."""
    rows = sections[sections["year"] == year]
    out: list[dict[str, Any]] = []
    for _name, group in rows.groupby("name", sort=True):
        annual = group[group["month"].isna()]
        # An annual figure wins; from months alone take the median class, rounded to the worse class.
        basis = annual.tail(1) if len(annual) else group.sort_values("month")
        measured = basis["measured_class"].dropna()
        value = int(math.ceil(float(np.median(measured.astype(int))))) if len(measured) else None
        last = basis.iloc[-1]
        target = int(last["target_class"])
        status = class_status(value, target, year)
        rec = {c: last[c] for c in ("name", "river", "basin", "control_level", "adcode", "county_zh", "lon", "lat")}
        rec.update(
            year=year,
            target_class=target,
            measured_class=value,
            months=0 if len(annual) else int(len(measured)),
            status=status,
            meets=None if status == "no_data" else status == "met",
            class_i_iii=None if value is None else value <= GOOD_WATER,
            provenance=weakest(group["provenance"]),
            source="; ".join(sorted(set(group["source"].dropna()))),
            note="; ".join(sorted(set(n for n in group["note"].dropna() if n))),
        )
        out.append(rec)
    table = pd.DataFrame(
        out,
        columns=[
            "name",
            "river",
            "basin",
            "control_level",
            "adcode",
            "county_zh",
            "lon",
            "lat",
            "year",
            "target_class",
            "measured_class",
            "months",
            "status",
            "meets",
            "class_i_iii",
            "provenance",
            "source",
            "note",
        ],
    )
    for col in ("year", "target_class", "measured_class", "months"):
        table[col] = pd.to_numeric(table[col]).astype("Int64")
    for col in ("meets", "class_i_iii"):
        table[col] = table[col].astype("boolean")
    table["status"] = table["status"].astype("string")
    table[["lon", "lat"]] = table[["lon", "lat"]].astype("float64")
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")


def class_status(measured: int | None, target: int, year: int) -> str:
    """'met', 'not_met' or 'no_data': the measured class against the target class by the common rule."""
    # The target class holds every year (保持Ⅱ类), so the year is its own target year; margin 0 because a class
    # is reached or not (the catalog's near_margin is in percent of the rate, not in classes).
    return assess("class_at_most", Observation(value=measured, target=target, year=year, target_year=year)).status


def weakest(provenances: Iterable[Any]) -> str:
    """Provenance of a figure computed here: demo if any input is demo, else user if any is user, else derived."""
    ranks = [_PROVENANCE_RANK[str(p)] for p in provenances if p is not None and p is not pd.NA]
    worst = max(ranks, default=0)
    return {3: "demo", 2: "user"}.get(worst, "derived")


def _shares(group: pd.DataFrame) -> dict[str, Any]:
    measured = group[group["measured_class"].notna()]
    n = len(measured)
    meeting = int((measured["status"] == "met").sum()) if n else 0
    good = int(measured["class_i_iii"].sum()) if n else 0
    return {
        "sections": len(group),
        "measured": n,
        "meeting": meeting,
        "meeting_pct": 100.0 * meeting / n if n else None,
        "class_i_iii": good,
        "class_i_iii_pct": 100.0 * good / n if n else None,
        "provenance": weakest(group["provenance"]),
    }


def section_rate_values(sections: gpd.GeoDataFrame, regions: pd.DataFrame, year: int) -> pd.DataFrame:
    """Canonical `water_section_attainment_rate` rows of every county, city and province with measured sections."""
    att = section_attainment(sections, year)
    att = pd.DataFrame(att.drop(columns=att.geometry.name))
    units = _units_of_counties(regions)
    att = att[att["adcode"].isin(list(units))]
    # Each section counts once in every unit that holds it, so a city's or the province's rate is taken over its
    # own sections (weighted by sections exactly), never averaged from county rates.
    held = att.assign(unit=att["adcode"].map(units)).explode("unit")
    rows = []
    for unit, group in held.groupby("unit", sort=True):
        s = _shares(group)
        if not s["measured"]:
            continue
        missing = s["sections"] - s["measured"]
        if unit in units:  # a county names its sections, as before
            where = f" ({', '.join(group['name'])})"
        else:  # a city or the province, with dozens of sections, says how many counties they come from
            n = group["adcode"].nunique()
            where = f"; counted over the sections of {n} {'county' if n == 1 else 'counties'}"
        rows.append(
            {
                "adcode": unit,
                "indicator": INDICATOR,
                "year": year,
                "value": s["meeting_pct"],
                "source": "monitoring sections: " + "; ".join(sorted(set(group["source"].dropna()))),
                "provenance": s["provenance"],
                "note": f"{s['meeting']} of {s['measured']} sections meet their target class; {s['class_i_iii']} of "
                f"{s['measured']} at Class I-III" + (f"; {missing} without a class" if missing else "") + where,
            }
        )
    return normalise(
        pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "source", "provenance", "note"])
    )


def _units_of_counties(regions: pd.DataFrame) -> dict[str, list[str]]:
    """County adcode -> the county and every region above it (its city, then the province), from parent_adcode."""
    codes = regions["adcode"].astype(str)
    parent = dict(zip(codes, regions["parent_adcode"].fillna("").astype(str)))
    out: dict[str, list[str]] = {}
    for county in codes[regions["level"].astype(str) == "county"]:
        chain = [county]
        # Up to the root (empty parent); a parent missing from the table, or a loop, ends the chain.
        while (up := parent.get(chain[-1], "")) and up in parent and up not in chain:
            chain.append(up)
        out[county] = chain
    return out


def basin_summary(sections: gpd.GeoDataFrame, year: int, total: str | None = "全省") -> pd.DataFrame:
    """Per basin: sections, measured, meeting (n, %), at Class I-III (n, %), provenance; a total row when named."""
    att = section_attainment(sections, year)
    rows = [{"basin": basin, **_shares(group)} for basin, group in att.groupby("basin", sort=True)]
    if total and len(att):
        rows.append({"basin": total, **_shares(att)})
    out = pd.DataFrame(
        rows,
        columns=[
            "basin",
            "sections",
            "measured",
            "meeting",
            "meeting_pct",
            "class_i_iii",
            "class_i_iii_pct",
            "provenance",
        ],
    )
    for col in ("meeting_pct", "class_i_iii_pct"):
        out[col] = pd.to_numeric(out[col]).astype("Float64")
    return out
