"""The canonical long table of indicator values, and how tables of different provenance combine."""
from __future__ import annotations

import pandas as pd

# One row per (region, indicator, year). `target` is a region's own allocated target (overrides the
# catalog's default for that region); `provenance` says how honest the value is; `source` names where it came from.
VALUE_COLUMNS: tuple[str, ...] = ("adcode", "indicator", "year", "value", "target", "source", "provenance", "note")
KEY: list[str] = ["adcode", "indicator", "year"]
PROVENANCES: tuple[str, ...] = ("official", "derived", "user", "demo")


def empty_values() -> pd.DataFrame:
    """An empty values table with the canonical columns and dtypes."""
    return normalise(pd.DataFrame({c: [] for c in VALUE_COLUMNS}))


def normalise(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with exactly the canonical columns, in order, with canonical dtypes (codes stay text)."""
    out = table.copy()
    for col in VALUE_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    out = out[list(VALUE_COLUMNS)]
    out["adcode"] = out["adcode"].astype("string")
    out["indicator"] = out["indicator"].astype("string")
    out["year"] = pd.to_numeric(out["year"]).astype("Int64")
    out["value"] = pd.to_numeric(out["value"]).astype("Float64")
    out["target"] = pd.to_numeric(out["target"]).astype("Float64")
    for col in ("source", "provenance", "note"):
        out[col] = out[col].astype("string")
    bad = set(out["provenance"].dropna().unique()) - set(PROVENANCES)
    if bad:
        raise ValueError(f"unknown provenance {sorted(bad)}; use one of {PROVENANCES}")
    return out


def combine(*tables: pd.DataFrame) -> pd.DataFrame:
    """Stack tables; for the same (adcode, indicator, year) a later table's row replaces an earlier one's."""
    frames = [normalise(t) for t in tables if t is not None and len(t)]
    if not frames:
        return empty_values()
    stacked = pd.concat(frames, ignore_index=True)
    return stacked.drop_duplicates(subset=KEY, keep="last").sort_values(KEY, kind="stable").reset_index(drop=True)
