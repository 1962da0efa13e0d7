"""Land-cover shares as indicator values: the derived rows of a zonal result, one indicator per class group."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.errors import InputFileError
from geo.presets import REPORT_COLUMNS
from geo.values import normalise


def to_values(fractions: pd.DataFrame, dataset_name: str, year: int, indicator_ids: Mapping[str, str]) -> pd.DataFrame:
    """The canonical values table (provenance derived, source = the raster) for the groups in indicator_ids."""
    rows = []
    for group, indicator in indicator_ids.items():
        if group not in fractions.columns:
            raise InputFileError(
                f"class group '{group}' is not in the zonal result",
                f"use one of {', '.join(c for c in fractions.columns if c not in REPORT_COLUMNS)}",
            )
        for adcode, r in fractions.iterrows():
            if pd.isna(r[group]):
                continue  # no valid cell covers this polygon: no value, rather than a made-up zero
            note = f"share of valid area ({r['valid_km2']:.1f} km²); nodata {r['nodata_pct']:.1f} % of covered area" + (
                f"; {r['outside_pct']:.1f} % of the region outside the raster" if r["outside_pct"] > 0.05 else ""
            )
            rows.append(
                {
                    "adcode": str(adcode),
                    "indicator": indicator,
                    "year": int(year),
                    "value": round(float(r[group]), 3),
                    "source": dataset_name,
                    "provenance": "derived",
                    "note": note,
                }
            )
    return normalise(
        pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "source", "provenance", "note"])
    )


def indicator_id(group: str) -> str:
    """The derived indicator id of a class group, e.g. forest -> landcover_forest_share."""
    return f"landcover_{group}_share"
