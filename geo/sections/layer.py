"""The sections map and export layer: one point per section with labels, colour, status and trend."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.sections.attainment import class_status, section_attainment
from geo.waterclass import GOOD_WATER, class_colour, class_label

LAYER_COLUMNS: tuple[str, ...] = (
    "name",
    "river",
    "basin",
    "control_level",
    "county_adcode",
    "county_name",
    "year",
    "month",
    "target_class",
    "measured_class",
    "target_ordinal",
    "measured_ordinal",
    "status",
    "class_i_iii",
    "colour",
    "previous_class",
    "trend",
    "provenance",
    "source",
    "note",
    "lon",
    "lat",
)


def sections_layer(
    sections: gpd.GeoDataFrame, year: int, month: int | None = None, lang: str = "zh"
) -> gpd.GeoDataFrame:
    """Points with every attribute for one year (or one month of it), ready for a map or RFC 7946 export."""
    now, before = (
        (_month(sections, year, month), _month(sections, year - 1, month))
        if month
        else (section_attainment(sections, year), section_attainment(sections, year - 1))
    )
    previous = dict(zip(before["name"], before["measured_class"]))
    rows = []
    for _, s in now.iterrows():
        measured = None if pd.isna(s["measured_class"]) else int(s["measured_class"])
        target = int(s["target_class"])
        prev = previous.get(s["name"])
        prev = None if prev is None or pd.isna(prev) else int(prev)
        rows.append(
            {
                "name": s["name"],
                "river": s["river"],
                "basin": s["basin"],
                "control_level": _opt(s["control_level"]),
                "county_adcode": s["adcode"],
                "county_name": s["county_zh"],
                "year": int(year),
                "month": month,
                "target_class": class_label(target, lang),
                "measured_class": None if measured is None else class_label(measured, lang),
                "target_ordinal": target,
                "measured_ordinal": measured,
                "status": class_status(measured, target, int(year)),
                "class_i_iii": None if measured is None else measured <= GOOD_WATER,
                "colour": None if measured is None else class_colour(measured),
                "previous_class": None if prev is None else class_label(prev, lang),
                "trend": None
                if prev is None or measured is None
                else ("better" if measured < prev else "worse" if measured > prev else "same"),
                "provenance": s["provenance"],
                "source": s["source"],
                "note": _opt(s["note"]),
                "lon": float(s["lon"]),
                "lat": float(s["lat"]),
            }
        )
    table = pd.DataFrame(rows, columns=list(LAYER_COLUMNS)).astype(object)
    table = table.where(table.notna(), None)
    return gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"].astype(float), table["lat"].astype(float)), crs="EPSG:4326"
    )


def _month(sections: gpd.GeoDataFrame, year: int, month: int) -> pd.DataFrame:
    rows = sections[(sections["year"] == year) & (sections["month"] == month)]
    out = pd.DataFrame(rows.drop(columns=rows.geometry.name)).copy()
    return out.drop_duplicates("name", keep="last").sort_values("name")


def _opt(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == "" else v
