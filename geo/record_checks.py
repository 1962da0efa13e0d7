"""The checks of an import across its rows: total rows (checked against their counties, or used) and duplicates.

Each takes the kept records and gives the records left, reporting in the sheet's IssueLog; nothing is dropped
without an Issue or a Note saying why.
"""

from __future__ import annotations

import pandas as pd

from geo import totals as total_rows
from geo.catalog import Catalog
from geo.import_record import Record, fmt
from geo.import_report import Note
from geo.issues import IssueLog
from geo.regions import RegionIndex
from geo.settings import Settings


def place_table_totals(records: list[Record], regions: RegionIndex, log: IssueLog) -> list[Record]:
    """A 合计/总计 row is the total of the table's regions: filed under the unit all of them belong to (their
    city, or the province), or refused when they have none in common."""
    rows = [r for r in records if r.adcode == total_rows.TABLE_TOTAL]
    if not rows:
        return records
    others = [r.adcode for r in records if r.adcode != total_rows.TABLE_TOTAL]
    common = total_rows.common_ancestor(others, regions.parents)
    if common is None:
        for r in rows:
            log.say(r.row, r.column, r.shown, "total_unplaced")
        return [r for r in records if r.adcode != total_rows.TABLE_TOTAL]
    for r in rows:
        r.adcode = common
    return records


def check_totals(
    records: list[Record],
    regions: RegionIndex,
    catalog: Catalog,
    log: IssueLog,
    mode: str = "check",
    regions_table: pd.DataFrame | None = None,
    settings: Settings | None = None,
) -> tuple[list[Record], list[Note]]:
    """Total and subtotal rows: checked against the table's own counties ("check", then left out) or imported as
    given ("use"); the records left and the notes saying what was done."""
    leaf, levels = regions.leaf, regions.levels
    records = place_table_totals(records, regions, log)
    if all(levels.get(r.adcode) == leaf for r in records):
        return records, []  # counties only: no total rows
    held = [r for r in records if r.value is not None and r.year is not None]
    figures = [
        total_rows.Figure(r.adcode, r.indicator, int(r.year or 0), r.period, float(r.value or 0.0), r.decimals)
        for r in held
    ]
    tops = total_rows.total_figures(figures, regions.levels, regions.parents, regions.leaf)
    if not tops:
        return records, []
    named = ", ".join(dict.fromkeys(regions.name(figures[i].adcode) for i in sorted(tops)))
    count = len({figures[i].adcode for i in tops})
    if mode == "use":
        return records, [Note("total_used", {"n": count, "regions": named})]
    table = regions_table
    if table is None:
        from geo.boundaries import load_regions  # only a table with total rows needs the regions' areas

        table = load_regions((settings or Settings()).data_dir)
    at_top = [figures[i] for i in sorted(tops)]
    below = [f for i, f in enumerate(figures) if i not in tops]
    record_of = {id(figures[i]): held[i] for i in tops}
    notes: list[Note] = []
    for result in total_rows.check(at_top, below, table, catalog):
        fig = result.figure
        rec = record_of[id(fig)]
        region, ind = regions.name(fig.adcode), catalog.get(fig.indicator)
        if result.status == "differs":
            shown = f"{float(result.aggregate or 0.0):.{max(fig.decimals, 1)}f}"
            log.say(
                rec.row,
                rec.column,
                fmt(fig.value),
                "total_differs",
                "warning",
                region=region,
                table=fmt(fig.value),
                aggregate=shown,
            )
        elif result.status == "partial":
            what = f"{ind.name_zh} {fig.period or fig.year}"
            params = {"region": region, "what": what, "k": result.present, "n": result.counties}
            notes.append(Note("total_partial", params))
        elif result.status == "unchecked":
            notes.append(Note("total_unchecked", {"region": region, "name": ind.name_zh}))
    notes.append(Note("total_checked", {"n": count, "regions": named}))
    dropped = {id(held[i]) for i in tops}
    return [r for r in records if id(r) not in dropped], notes


def drop_duplicates(records: list[Record], regions: RegionIndex, log: IssueLog, catalog: Catalog) -> list[Record]:
    """The records without repeats of a key (adcode, indicator, year, period): a same-valued repeat is kept once
    (a warning), two different values are both refused (an error)."""
    first: dict[tuple[str, str, int | None, str | None], Record] = {}
    dropped: set[int] = set()
    for i, rec in enumerate(records):
        key = (rec.adcode, rec.indicator, rec.year, rec.period)
        if key not in first:
            first[key] = rec
            continue
        seen = first[key]
        when = rec.period or rec.year
        what = f"{regions.name(rec.adcode)} ({rec.adcode}), {rec.indicator}, {when}"
        # The Chinese report names the indicator by its Chinese name, not its id.
        what_zh = f"{regions.name(rec.adcode)}（{rec.adcode}）{catalog.get(rec.indicator).name_zh} {when}"
        shown = rec.shown
        if seen.value == rec.value and seen.target == rec.target:
            params = {"what": what, "what_zh": what_zh, "first": seen.row, "row": rec.row}
            log.say(rec.row, rec.column, shown, "duplicate_same", "warning", **params)
            dropped.add(i)
            continue
        log.say(
            rec.row,
            rec.column,
            shown,
            "duplicate_conflict",
            what=what,
            what_zh=what_zh,
            first=seen.row,
            row=rec.row,
            a=seen.shown,
            b=shown,
        )
        log.reject(seen.row, f"{rec.column}: duplicate of row {rec.row}")
        dropped.add(i)
        dropped.add(next(j for j, r in enumerate(records) if r is seen))
    return [r for i, r in enumerate(records) if i not in dropped]
