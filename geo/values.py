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


def split_allocations(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, allocations): an allocation row carries a region's own target and no value (year empty: every year)."""
    table = normalise(table)
    alloc = table["value"].isna() & table["target"].notna()
    return table.loc[~alloc].reset_index(drop=True), table.loc[alloc].reset_index(drop=True)


def with_allocations(values: pd.DataFrame, allocations: pd.DataFrame) -> pd.DataFrame:
    """A new table: each allocated target set on its region's row of the indicator and year, unless the row has a
    target of its own. An allocation without a year holds for every year the table has for the indicator (a year's
    own allocation wins). Allocations whose region has no value that year stay as rows of their own: the target is
    still shown, and a later roll-up to cities (geo.view.level_values) finds them again."""
    if not len(allocations):
        return values
    out = normalise(values)
    allocations = normalise(allocations)
    yearless = allocations.loc[allocations["year"].isna()]
    years = out.dropna(subset=["year"]).groupby("indicator")["year"].unique()
    spread = [dict(r, year=int(y)) for r in yearless.to_dict("records") for y in years.get(r["indicator"], [])]
    dated = combine(pd.DataFrame(spread, columns=list(VALUE_COLUMNS)), allocations.loc[allocations["year"].notna()])
    given = dated.set_index(KEY)["target"]
    found = pd.Series(given.reindex(pd.MultiIndex.from_frame(out[KEY])).to_numpy(), index=out.index, dtype="Float64")
    fill = out["target"].isna() & found.notna()
    out.loc[fill, "target"] = found[fill]
    have = pd.MultiIndex.from_frame(out[KEY])
    extra = dated.loc[~pd.MultiIndex.from_frame(dated[KEY]).isin(have)]
    return combine(out, extra) if len(extra) else out
