"""Total and subtotal rows of a yearbook table (全省, 合计, a city among its counties), checked against the table's own
counties aggregated with the catalog's method (geo.aggregation), never silently taking the aggregate's place.

A row is a total when its region is above the finest level and the table also holds some of its counties. By default
(`totals="check"`) such rows are not imported: each is compared with the aggregate of its counties in the table and a
difference beyond the rounding of the printed figures is reported. With `totals="use"` they are imported as the
figures of those regions, as the table gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from geo.aggregation import aggregate
from geo.catalog import Catalog
from geo.values import normalise

MODES: tuple[str, ...] = ("check", "use")
# A region cell that names the table's own total rather than a region (compared by geo.cells.header_key).
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "全市合计", "全县合计", "合计数", "total", "sum"})
TABLE_TOTAL = "total"  # the region of such a row until it is placed


def common_ancestor(codes: Sequence[str], parents: dict[str, str]) -> str | None:
    """The nearest unit all regions of `codes` lie within (a city for its counties); None if they share none."""
    if not codes:
        return None
    chains = [ancestors(c, parents) for c in dict.fromkeys(codes)]
    shared = set(chains[0]).intersection(*chains[1:])
    return next((c for c in chains[0] if c in shared), None)


@dataclass(frozen=True)
class Figure:
    """One figure of the table: where it is, and how many decimals it was printed with."""

    adcode: str
    indicator: str
    year: int
    period: str | None
    value: float
    decimals: int


@dataclass(frozen=True)
class TotalCheck:
    """The outcome for one total row's figure: 'agrees', 'differs', 'partial' (some counties missing) or 'unchecked'
    (no method, or none of its counties in the table)."""

    figure: Figure
    status: str
    aggregate: float | None = None
    counties: int = 0  # counties of the region in the regions table
    present: int = 0  # of them, with a figure in the table


def ancestors(code: str, parents: dict[str, str]) -> list[str]:
    """The units above a region, nearest first (its city, then the province)."""
    out: list[str] = []
    up = parents.get(code, "")
    while up and up not in out:
        out.append(up)
        up = parents.get(up, "")
    return out


def total_figures(figures: Sequence[Figure], levels: dict[str, str], parents: dict[str, str], leaf: str) -> set[int]:
    """Positions of the figures that are totals: of a region above the finest level, in a table that gives the same
    indicator and period for at least one of its counties (全省 with a province-wide indicator alone is no total)."""
    groups: dict[tuple[str, int, str | None], set[str]] = {}
    for f in figures:
        groups.setdefault((f.indicator, f.year, f.period), set()).add(f.adcode)
    tops: dict[tuple[str, int, str | None], set[str]] = {}
    for key, codes in groups.items():
        above = {c for c in codes if levels.get(c) != leaf}
        tops[key] = {a for c in codes if levels.get(c) == leaf for a in ancestors(c, parents) if a in above}
    return {i for i, f in enumerate(figures) if f.adcode in tops[(f.indicator, f.year, f.period)]}


def decimals(text: str) -> int:
    """Decimals a figure was printed with: '55.2' -> 1, '3,079' -> 0."""
    s = str(text).strip().rstrip("%").strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


def check(
    totals: Sequence[Figure], counties: Sequence[Figure], regions: pd.DataFrame, catalog: Catalog
) -> list[TotalCheck]:
    """Each total figure compared with the aggregate of the county figures of the same indicator and period."""
    if not totals:
        return []
    level_of = dict(zip(regions["adcode"].astype(str), regions["level"].astype(str)))
    parents = dict(zip(regions["adcode"].astype(str), regions.get("parent_adcode", pd.Series(dtype=str)).astype(str)))
    leaf_codes = set(level_of) - set(parents.values())  # the units that are nobody's parent
    table = normalise(
        pd.DataFrame(
            [
                {"adcode": f.adcode, "indicator": f.indicator, "year": f.year, "value": f.value, "provenance": "user"}
                for f in counties
            ],
            columns=["adcode", "indicator", "year", "value", "provenance"],
        )
    )  # yearly-looking rows of one period at a time: the aggregation groups by indicator and year
    period_of = pd.Series([f.period or "" for f in counties], dtype=object)
    out: list[TotalCheck] = []
    cache: dict[tuple[str, str], pd.DataFrame] = {}
    for fig in totals:
        ind = catalog.get(fig.indicator)
        level = level_of.get(fig.adcode, "")
        members = [c for c in leaf_codes if fig.adcode in ancestors(c, parents)]
        mine = [f for f in counties if f.indicator == fig.indicator and f.year == fig.year and f.period == fig.period]
        present = [f for f in mine if f.adcode in set(members)]
        if ind.aggregation == "none" or not present:
            out.append(TotalCheck(fig, "unchecked", None, len(members), len(present)))
            continue
        if len(present) < len(members):
            out.append(TotalCheck(fig, "partial", None, len(members), len(present)))
            continue
        key = (level, fig.period or "")
        if key not in cache:
            part = table.loc[(period_of == (fig.period or "")).to_numpy()]
            cache[key] = aggregate(part, regions, catalog, level) if len(part) else part
        agg = cache[key]
        hit = agg.loc[
            (agg["adcode"].astype(str) == fig.adcode) & (agg["indicator"] == fig.indicator) & (agg["year"] == fig.year)
        ]
        value = hit["value"].iloc[0] if len(hit) else None
        if value is None or pd.isna(value):
            out.append(TotalCheck(fig, "unchecked", None, len(members), len(present)))
            continue
        worst = max((f.decimals for f in present), default=0)
        spread = len(present) if ind.aggregation == "sum" else 1  # a sum adds up each county's rounding
        tolerance = 0.5 * 10 ** (-fig.decimals) + spread * 0.5 * 10 ** (-worst) + 1e-9
        status = "agrees" if abs(float(value) - fig.value) <= tolerance else "differs"
        out.append(TotalCheck(fig, status, float(value), len(members), len(present)))
    return out
