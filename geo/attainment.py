"""Attainment of a values table: each row judged by its indicator's rule, with history from the same table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from geo.catalog import Catalog, Indicator
from geo.errors import UnknownRegion
from geo.rules import STATUSES, Assessment, Observation, assess

ADDED_COLUMNS: tuple[str, ...] = ("target_used", "status", "gap", "progress", "unit", "rule")
# One row of the ADDED_COLUMNS.
_Added = tuple[float | None, str, float | None, float | None, str, str]


def _num(x: float | None) -> float | None:  # a cell of a Float64 column: a float or pd.NA
    return None if x is None or pd.isna(x) else float(x)


def _histories(values: pd.DataFrame) -> dict[tuple[str, str], dict[int, float]]:
    """(adcode, indicator) -> {year: value} over rows with a value; a later row wins for a repeated year."""
    known = values.loc[values["value"].notna(), ["adcode", "indicator", "year", "value"]]
    out: dict[tuple[str, str], dict[int, float]] = {}
    for adcode, indicator, yr, value in known.itertuples(index=False, name=None):
        out.setdefault((str(adcode), str(indicator)), {})[int(yr)] = float(value)
    return out


def judge(
    ind: Indicator, level: str, value: float | None, own_target: float | None, year: int, history: Mapping[int, float]
) -> Assessment:
    """One region-year judged against the target that binds it: its own (allocated) target, else the plan's where
    the plan's target binds units of `level`; with neither, 'no_target' (never 'not_met')."""
    if own_target is None and not ind.scored_at(level) and ind.rule != "qualitative":
        return Assessment("no_data" if value is None else "no_target", None, None, None)
    obs = Observation(
        value=value,
        target=own_target if own_target is not None else ind.plan_target_at(level),
        year=year,
        target_year=ind.target_year,
        baseline=ind.baseline,
        baseline_year=ind.baseline_year,
        margin=ind.near_margin,
        history={y: v for y, v in history.items() if y < year},
        params=ind.params,
    )
    return assess(ind.rule, obs)


def levels_of(regions: pd.DataFrame) -> dict[str, str]:
    """adcode -> level, from the regions table."""
    return dict(zip(regions["adcode"].astype(str), regions["level"].astype(str)))


def _row(ind: Indicator, a: Assessment) -> _Added:
    return (a.target, a.status, a.gap, a.progress, ind.unit, ind.rule)


def _frame(rows: list[_Added], index: pd.Index) -> pd.DataFrame:
    cols: list[Sequence[object]] = list(zip(*rows)) if rows else [[] for _ in ADDED_COLUMNS]
    return pd.DataFrame(
        {
            "target_used": pd.array(cols[0], dtype="Float64"),
            "status": pd.array(cols[1], dtype="string"),
            "gap": pd.array(cols[2], dtype="Float64"),
            "progress": pd.array(cols[3], dtype="Float64"),
            "unit": pd.array(cols[4], dtype="string"),
            "rule": pd.array(cols[5], dtype="string"),
        },
        index=index,
    )


def assess_values(
    values: pd.DataFrame, catalog: Catalog, level_of: Mapping[str, str], years: Iterable[int] | None = None
) -> pd.DataFrame:
    """A new frame: the rows (of `years`, if given) with target_used, status, gap, progress, unit, rule added.

    `level_of` maps each adcode to its level (see levels_of): the level decides which target binds a row."""
    histories = _histories(values)
    rows_in = values
    if years is not None:
        wanted = {int(y) for y in years}
        rows_in = values.loc[values["year"].map(lambda y: int(y) in wanted)]
    out = rows_in.copy()
    rows: list[_Added] = []
    cols = rows_in.reindex(columns=["adcode", "indicator", "year", "value", "target"])  # no target column: none set
    for adcode, indicator, yr, value, target in cols.itertuples(index=False, name=None):
        ind = catalog.get(str(indicator))  # UnknownIndicator names the bad id
        history = histories.get((str(adcode), str(indicator)), {})
        level = level_of.get(str(adcode))
        if level is None:
            raise UnknownRegion(f"{adcode!r} is not a region of the regions table", "use a code from the region list")
        rows.append(_row(ind, judge(ind, level, _num(value), _num(target), int(yr), history)))
    added = _frame(rows, out.index)
    for col in ADDED_COLUMNS:
        out[col] = added[col]
    return out


def status_counts(assessed: pd.DataFrame) -> dict[str, int]:
    """How many rows have each status, for every status (zeros included), in STATUSES order."""
    counts = assessed["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def assess_indicator(
    values: pd.DataFrame,
    catalog: Catalog,
    indicator_id: str,
    year: int,
    adcodes: Iterable[str],
    level: str | Mapping[str, str],
) -> pd.DataFrame:
    """One row per given adcode for one indicator and year, indexed by adcode; regions without a value are no_data.

    `level` is the level of every adcode, or a mapping adcode -> level for a mixed list."""
    ind = catalog.get(indicator_id)
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    histories = _histories(mine)
    this_year = mine.loc[mine["year"].map(lambda y: int(y) == int(year))]
    by_code = {str(r.adcode): r for r in this_year.itertuples(index=False)}  # a later row wins, as in combine()
    codes = [str(c) for c in adcodes]
    records, rows = [], []
    for code in codes:
        r = by_code.get(code)
        value, target = (None, None) if r is None else (_num(r.value), _num(r.target))
        lv = level if isinstance(level, str) else level[code]
        rows.append(_row(ind, judge(ind, lv, value, target, int(year), histories.get((code, ind.id), {}))))
        records.append(
            {
                "indicator": ind.id,
                "year": int(year),
                "value": value,
                "target": target,
                "source": None if r is None else getattr(r, "source", None),
                "provenance": None if r is None else getattr(r, "provenance", None),
                "note": None if r is None else getattr(r, "note", None),
            }
        )
    index = pd.Index(codes, name="adcode", dtype="string")
    base = pd.DataFrame(
        records, index=index, columns=["indicator", "year", "value", "target", "source", "provenance", "note"]
    )
    base = base.astype(
        {
            "indicator": "string",
            "year": "Int64",
            "value": "Float64",
            "target": "Float64",
            "source": "string",
            "provenance": "string",
            "note": "string",
        }
    )
    return pd.concat([base, _frame(rows, index)], axis=1)
