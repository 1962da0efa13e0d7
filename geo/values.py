"""The canonical long table of indicator values, and how tables of different provenance combine."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import pandas as pd

from geo.periods import from_code

# One row per (region, indicator, year, period). `period` is <NA> for a yearly value, else a code of geo.periods
# ("2024-05", "2024-Q2", "2023-01~06"); `year` is always the period's year. `target` is a region's own allocated
# target (overrides the catalog's default for that region); `provenance` says how honest the value is; `source`
# names where it came from.
VALUE_COLUMNS: tuple[str, ...] = (
    "adcode",
    "indicator",
    "year",
    "period",
    "value",
    "target",
    "source",
    "provenance",
    "note",
)
KEY: list[str] = ["adcode", "indicator", "year", "period"]
YEAR_KEY: list[str] = ["adcode", "indicator", "year"]  # the key among yearly rows (targets are yearly)
PROVENANCES: tuple[str, ...] = ("official", "derived", "user", "demo")
MONTHS_MEAN_NOTE = "mean of 12 months"  # the note of a year computed from its months (see yearly_from_months)


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
    out["period"] = out["period"].astype("string").str.strip().replace("", pd.NA)
    _check_periods(out)
    out["value"] = pd.to_numeric(out["value"]).astype("Float64")
    out["target"] = pd.to_numeric(out["target"]).astype("Float64")
    for col in ("source", "provenance", "note"):
        out[col] = out[col].astype("string")
    bad = set(out["provenance"].dropna().unique()) - set(PROVENANCES)
    if bad:
        raise ValueError(f"unknown provenance {sorted(bad)}; use one of {PROVENANCES}")
    return out


def _check_periods(table: pd.DataFrame) -> None:
    """PeriodError for a malformed period code or one outside its row's year (each distinct pair checked once)."""
    dated = table.loc[table["period"].notna(), ["year", "period"]].drop_duplicates()
    for year, code in dated.itertuples(index=False):
        _checked(None if pd.isna(year) else int(year), str(code))
    missing = dated["year"].isna()
    if missing.any():  # a period says its year: fill it in rather than refuse the row
        table.loc[table["period"].notna() & table["year"].isna(), "year"] = (
            table.loc[table["period"].notna() & table["year"].isna(), "period"].str[:4].astype(int)
        )


@lru_cache(maxsize=8192)
def _checked(year: int | None, code: str) -> None:
    """from_code's check, once per distinct (year, code): a table holds the same few hundred months many times."""
    from_code(year, code)


def yearly(table: pd.DataFrame) -> pd.DataFrame:
    """The yearly rows only (period <NA>): what maps, judging, the scorecard, comparison and aggregation read."""
    if "period" not in table.columns:
        return table
    keep = table["period"].isna()
    return table if bool(keep.all()) else table.loc[keep].reset_index(drop=True)


def sub_year(table: pd.DataFrame) -> pd.DataFrame:
    """The monthly, quarterly and span rows only: shown as time series and exported, never judged."""
    if "period" not in table.columns:
        return table.iloc[0:0]
    return table.loc[table["period"].notna()].reset_index(drop=True)


def yearly_from_months(table: pd.DataFrame, averaged: Collection[str]) -> pd.DataFrame:
    """Derived yearly rows: the mean of a region's 12 monthly values of an indicator in `averaged`, only where all
    12 months exist (a year from fewer months would not be that year's figure); note and source say how."""
    months = table.loc[table["period"].notna() & table["indicator"].isin(list(averaged)) & table["value"].notna()]
    months = months.loc[months["period"].str.fullmatch(r"\d{4}-\d{2}")]
    if not len(months):
        return empty_values()
    stats = months.groupby(YEAR_KEY, observed=True).agg(n=("period", "nunique"), value=("value", "mean")).reset_index()
    full = stats.loc[stats["n"] == 12].drop(columns="n")
    if not len(full):
        return empty_values()
    # The months' distinct sources, in order; joined per year only where there is more than one (vectorised:
    # a Python function per group took seconds for 20,000 months).
    src = months.merge(full[YEAR_KEY], on=YEAR_KEY)[[*YEAR_KEY, "source"]].dropna().drop_duplicates()
    many = src.duplicated(YEAR_KEY, keep=False)
    joined = src.loc[many].groupby(YEAR_KEY, observed=True)["source"].agg("; ".join)
    sources = pd.concat([src.loc[~many].set_index(YEAR_KEY)["source"], joined])
    given = sources.reindex(pd.MultiIndex.from_frame(full[YEAR_KEY])).to_numpy()
    text = [f"{MONTHS_MEAN_NOTE}: {s}" if isinstance(s, str) and s else MONTHS_MEAN_NOTE for s in given]
    return normalise(full.assign(period=pd.NA, provenance="derived", note=MONTHS_MEAN_NOTE, source=text))


def combine(*tables: pd.DataFrame) -> pd.DataFrame:
    """Stack tables; for the same (adcode, indicator, year, period) a later table's row replaces an earlier one's."""
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
    everything = normalise(values)
    allocations = normalise(allocations)
    # Targets are yearly: sub-year rows pass through untouched, and a sub-year allocation is kept as a row.
    later = sub_year(everything)
    if len(sub_year(allocations)):
        later = combine(later, sub_year(allocations))
        allocations = yearly(allocations)
    out = yearly(everything)
    yearless = allocations.loc[allocations["year"].isna()]
    years = out.dropna(subset=["year"]).groupby("indicator")["year"].unique()
    spread = [dict(r, year=int(y)) for r in yearless.to_dict("records") for y in years.get(r["indicator"], [])]
    dated = combine(pd.DataFrame(spread, columns=list(VALUE_COLUMNS)), allocations.loc[allocations["year"].notna()])
    given = dated.set_index(YEAR_KEY)["target"]
    found = pd.Series(
        given.reindex(pd.MultiIndex.from_frame(out[YEAR_KEY])).to_numpy(), index=out.index, dtype="Float64"
    )
    fill = out["target"].isna() & found.notna()
    out.loc[fill, "target"] = found[fill]
    have = pd.MultiIndex.from_frame(out[YEAR_KEY])
    extra = dated.loc[~pd.MultiIndex.from_frame(dated[YEAR_KEY]).isin(have)]
    return combine(out, extra, later) if len(extra) or len(later) else out
