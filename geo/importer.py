"""Importing a user's table of indicator values into the canonical values table, with every problem reported.

Long tables (地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]) and wide yearbook tables (one row per region, one
column per indicator and period: 森林覆盖率(%), or 森林覆盖率 merged over 2022年 / 2023年) are both accepted; a wide
table is melted to the long form. `preview` gives the Reading of each sheet (geo.layout) for the user to check and
correct; `import_values(..., reading=...)` applies it. Each bad cell or row becomes a `geo.errors.Issue` naming
file, spreadsheet row, column, cell (Sheet1!C7), value and fix, with a message key so the report can be shown in
Chinese or English; the good rows are kept, the bad ones are listed in `ImportResult.rejected`. Missing marks
(—, …) are counted, footnotes set aside, total rows checked (geo.totals). Nothing is dropped without a word.

One job per module: this one finds the sheets and their Readings; geo.sheet_import reads a sheet's rows,
geo.region_cells their regions, geo.value_cells their years, periods, indicators, values and targets,
geo.record_checks the total rows and duplicates across rows; geo.import_report is what comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from geo import totals as total_rows
from geo.catalog import Catalog
from geo.errors import InputFileError
from geo.import_report import ImportResult, Note, together
from geo.layout import Reading, read_layout
from geo.pack import load_pack
from geo.readers.grid import RawTable
from geo.regions import RegionIndex
from geo.settings import Settings
from geo.sheet_import import SheetImport
from geo.table import read_tables, table_from_frame

__all__ = ["ImportResult", "Note", "import_values", "preview"]


def preview(
    source: Path | bytes | pd.DataFrame,
    name: str,
    catalog: Catalog,
    *,
    year: int | None = None,
    settings: Settings | None = None,
    sheets: Sequence[str] | None = None,
) -> list[Reading]:
    """How each sheet of a file would be read (header rows, each column's reading, rows set aside), before import."""
    return [read_layout(raw, catalog, year) for raw in _tables(source, name, settings or Settings(), sheets)]


def import_values(
    source: Path | bytes | pd.DataFrame,
    name: str,
    catalog: Catalog,
    regions: RegionIndex,
    *,
    year: int | None = None,
    settings: Settings | None = None,
    reading: Reading | Sequence[Reading] | None = None,
    sheets: Sequence[str] | None = None,
    totals: str = "check",
    regions_table: pd.DataFrame | None = None,
) -> ImportResult:
    """Read a table of indicator values (long or wide) into the canonical values table; every problem is an Issue.

    `reading` (from `preview`, possibly corrected) says how each sheet is read; `sheets` which sheets of a workbook
    (every sheet holding cells when empty); `totals` whether total rows are checked ("check") or imported ("use");
    `regions_table` (adcode, level, parent_adcode, area_km2) aggregates counties for the check (default: the pack's).
    Years outside the region pack's range (settings.data_dir's pack.yaml `years`) are refused."""
    settings = settings or Settings()
    years = load_pack(settings.data_dir).years
    if totals not in total_rows.MODES:
        raise InputFileError(f"totals={totals!r} is not a mode", f"use one of {', '.join(total_rows.MODES)}")
    if year is not None and not years[0] <= int(year) <= years[1]:
        raise InputFileError(
            f"year {year} given for {name} is outside {years[0]}-{years[1]}",
            "give the year the figures are for, e.g. --year 2023",
        )
    given = [reading] if isinstance(reading, Reading) else list(reading or [])
    if given and sheets is None and any(r.sheet for r in given):
        sheets = [str(r.sheet) for r in given if r.sheet]
    raws = _tables(source, name, settings, sheets)
    results = []
    for raw in raws:
        mine = next((r for r in given if r.sheet == raw.sheet), None)
        layout = mine if mine is not None else read_layout(raw, catalog, year)
        if year is not None and layout.year is None:
            layout = layout.with_year(year)
        job = SheetImport(raw, catalog, regions, layout, years, totals, regions_table, settings)
        results.append(job.run())
    return results[0] if len(results) == 1 else together(name, results)


def _tables(
    source: Path | bytes | pd.DataFrame, name: str, settings: Settings, sheets: Sequence[str] | None
) -> list[RawTable]:
    if isinstance(source, pd.DataFrame):
        return [table_from_frame(source, name)]
    return read_tables(source, name, settings=settings, sheets=sheets)
