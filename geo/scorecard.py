"""The plan's scorecard: every catalog target once, judged at the level where the plan sets it.

Each card holds the latest figure of the level that the target binds (the province for provincial totals and
rates; a section-bound target reads the reach's figure given for the province), its provenance and source,
status, progress, pace and the years known; and, where the plan's target binds every county, how many counties
meet it. A target without data says no_data, never not_met; a qualitative aim is tracked, not scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from geo.aggregation import aggregate, root_code
from geo.attainment import assess_indicator, judge
from geo.catalog import Catalog, Indicator
from geo.pace import Pace, pace
from geo.rules import RULES, STATUSES
from geo.values import combine, normalise, yearly

# Columns of the downloadable table, in order (the page shows the same, with words for the codes).
SCORECARD_COLUMNS: tuple[str, ...] = (
    "action",
    "indicator",
    "name_zh",
    "name_en",
    "unit",
    "level",
    "year",
    "value",
    "provenance",
    "source",
    "note",
    "target",
    "target_text",
    "target_year",
    "status",
    "gap",
    "baseline",
    "baseline_year",
    "progress",
    "needed_per_year",
    "observed_per_year",
    "on_track",
    "counties_met",
    "counties_near",
    "counties_not_met",
    "counties_with_value",
    "counties",
    "series",
    "clause",
)


@dataclass(frozen=True)
class Card:
    """One target of the plan: the latest figure at its binding level and how it stands."""

    indicator: Indicator
    level: str  # the level judged (the plan's binding level; 'section' targets read the province row)
    year: int | None
    value: float | None
    provenance: str | None
    source: str | None
    note: str | None
    status: str
    target: float | None
    gap: float | None
    progress: float | None
    pace: Pace | None
    series: tuple[tuple[int, float], ...]
    counties: dict[str, int] | None  # status counts of the counties, when the plan's target binds each county
    reported: tuple[int, int] | None  # (counties with a value, all counties) in the card's year
    aggregated: bool = False  # the value is the roll-up of the counties' values, not a figure given for the province


def top_values(values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The province's values: its own rows (official, user) over the aggregate of its counties."""
    values = normalise(values)
    root = root_code(regions)
    own = values.loc[values["adcode"].astype(str) == root]
    return combine(aggregate(values, regions, catalog, "province"), own)


def card(
    ind: Indicator,
    top: pd.DataFrame,
    county_values: pd.DataFrame,
    regions: pd.DataFrame,
    catalog: Catalog,
    year: int | None = None,
) -> Card:
    """The card of one target: in `year`, or in the latest year with a value at the top level (a year with a
    value that is not demo, when there is one)."""
    root = root_code(regions)
    mine = top.loc[(top["indicator"].astype(str) == ind.id) & (top["adcode"].astype(str) == root)]
    known = mine.loc[mine["value"].notna()].sort_values("year")
    real = known.loc[known["provenance"].astype(str) != "demo"]
    if year is None and len(real):
        known = real  # a published or user figure outranks a later demo aggregate, and demo years stay off the chart
    series = tuple((int(y), float(v)) for y, v in zip(known["year"], known["value"]))
    if year is None:
        year = series[-1][0] if series else None
    level = "section" if ind.binds == "section" else ind.binds
    counties = _county_counts(ind, county_values, regions, catalog, year)
    reported = _reported(ind, county_values, regions, year)
    if year is None:
        status = "tracked" if ind.rule == "qualitative" else "no_data"
        return Card(
            ind, level, None, None, None, None, None, status, ind.target, None, None, None, (), counties, reported
        )
    row = mine.loc[mine["year"].astype(int) == int(year)]
    r = row.iloc[-1] if len(row) else None
    value = None if r is None or pd.isna(r["value"]) else float(r["value"])
    history = {y: v for y, v in series if y < int(year)}
    own = None if r is None or pd.isna(r["target"]) else float(r["target"])
    a = judge(ind, level, value, own, int(year), history)
    given = county_values.loc[
        (county_values["adcode"].astype(str) == root)
        & (county_values["indicator"].astype(str) == ind.id)
        & (county_values["year"].astype("Int64") == int(year))
        & county_values["value"].notna()
    ]
    return Card(
        ind,
        level,
        int(year),
        value,
        _text(r, "provenance"),
        _text(r, "source"),
        _text(r, "note"),
        a.status,
        a.target if a.target is not None else ind.target,
        a.gap,
        a.progress,
        _pace(ind, dict(series), a.target),
        series,
        counties,
        reported,
        aggregated=value is not None and not len(given),
    )


def scorecard(values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog) -> list[Card]:
    """One card per catalog target, in plan order (actions, then catalog order); yearly values only (a target is
    never judged on a month)."""
    values = yearly(normalise(values))
    top = top_values(values, regions, catalog)
    return [card(ind, top, values, regions, catalog) for ind in catalog.indicators]


def scorecard_table(cards: Sequence[Card]) -> pd.DataFrame:
    """The cards as one flat table (SCORECARD_COLUMNS), for the page and the CSV / XLSX downloads."""
    rows = []
    for c in cards:
        ind = c.indicator
        counts = c.counties or {}
        rows.append(
            {
                "action": ind.action,
                "indicator": ind.id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "unit": ind.unit,
                "level": c.level,
                "year": c.year,
                "value": c.value,
                "provenance": c.provenance,
                "source": c.source,
                "note": c.note,
                "target": c.target,
                "target_text": ind.target_text,
                "target_year": ind.target_year,
                "status": c.status,
                "gap": _round(c.gap),
                "baseline": ind.baseline,
                "baseline_year": ind.baseline_year,
                "progress": _round(c.progress),
                "needed_per_year": None if c.pace is None else c.pace.needed_per_year,
                "observed_per_year": None if c.pace is None else c.pace.observed_per_year,
                "on_track": None if c.pace is None else c.pace.on_track,
                "counties_met": counts.get("met"),
                "counties_near": counts.get("near"),
                "counties_not_met": counts.get("not_met"),
                "counties_with_value": None if c.reported is None else c.reported[0],
                "counties": None if c.reported is None else c.reported[1],
                "series": "; ".join(f"{y}: {v:g}" for y, v in c.series),
                "clause": f"{ind.clause.section}{ind.clause.item or ''}: {ind.clause.quote}",
            }
        )
    table = pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))
    for col in (
        "year",
        "baseline_year",
        "counties_met",
        "counties_near",
        "counties_not_met",
        "counties_with_value",
        "counties",
    ):
        table[col] = pd.to_numeric(table[col]).astype("Int64")
    for col in ("value", "target", "gap", "baseline", "progress", "needed_per_year", "observed_per_year"):
        table[col] = pd.to_numeric(table[col]).astype("Float64")
    table["on_track"] = table["on_track"].astype("boolean")
    return table


def status_totals(cards: Sequence[Card]) -> dict[str, int]:
    """How many targets have each status (every status listed, zeros included)."""
    totals = {s: 0 for s in STATUSES}
    for c in cards:
        totals[c.status] += 1
    return totals


def _county_counts(
    ind: Indicator, values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, year: int | None
) -> dict[str, int] | None:
    if not ind.scored_at("county") or ind.level != "county":
        return None
    codes = list(regions.loc[regions["level"].astype(str) == "county", "adcode"].astype(str))
    if year is None:
        return {"met": 0, "near": 0, "not_met": 0, "no_data": len(codes)}
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    counts = assess_indicator(mine, catalog, ind.id, int(year), codes, "county")["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("met", "near", "not_met", "no_data")}


def _reported(ind: Indicator, values: pd.DataFrame, regions: pd.DataFrame, year: int | None) -> tuple[int, int] | None:
    """(counties with a value, all counties) for indicators measured county by county."""
    if ind.level != "county" or year is None:
        return None
    codes = set(regions.loc[regions["level"].astype(str) == "county", "adcode"].astype(str))
    mine = values.loc[
        (values["indicator"].astype(str) == ind.id)
        & values["value"].notna()
        & (values["year"].astype("Int64") == int(year))
    ]
    return len(set(mine["adcode"].astype(str)) & codes), len(codes)


def _pace(ind: Indicator, series: dict[int, float], target: float | None) -> Pace | None:
    """The pace towards the target; amounts that accumulate (cumulative_at_least) are summed first."""
    better = RULES[ind.rule].better
    if target is None or better is None or ind.rule == "decreasing" or not series:
        return None
    if ind.rule == "cumulative_at_least":
        start = int(ind.params.get("start_year", min(series)))
        total, running = 0.0, {}
        for y in sorted(series):
            if y >= start:
                total += series[y]
                running[y] = total
        series = running
        if not series:
            return None
    return pace(series, float(target), ind.target_year, better)


def _text(r: pd.Series | None, col: str) -> str | None:
    return None if r is None or pd.isna(r[col]) else str(r[col])


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)
