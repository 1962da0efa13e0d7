"""The import of one sheet under its Reading (geo.layout): its rows read into records, checked across rows, and
given back as an ImportResult with the layout's notes and every issue (geo.importer drives it, sheet by sheet)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo import totals as total_rows
from geo.catalog import Catalog, Indicator
from geo.cells import is_missing
from geo.import_record import Record
from geo.import_report import ImportResult, Note
from geo.issues import IssueLog
from geo.layout import FIGURES, ColumnReading, Reading, column_hint, unit_key
from geo.readers.grid import RawTable
from geo.record_checks import check_totals, drop_duplicates
from geo.region_cells import RegionCells
from geo.regions import RegionIndex
from geo.settings import Settings
from geo.value_cells import ValueCells
from geo.values import KEY, normalise


@dataclass
class SheetImport:
    """One sheet's import: `run()` reads every row under `reading` and gives the sheet's ImportResult."""

    raw: RawTable
    catalog: Catalog
    regions: RegionIndex
    reading: Reading
    years: tuple[int, int]
    totals: str = "check"
    regions_table: pd.DataFrame | None = None
    settings: Settings | None = None
    log: IssueLog = field(init=False)
    records: list[Record] = field(default_factory=list)
    remarks: list[Note] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)  # missing mark -> count
    rows_read: int = 0
    _shape: tuple[dict[str, str], bool, bool, tuple[ColumnReading, ...]] = ({}, False, True, ())
    _indicators: dict[str, Indicator] = field(default_factory=dict)
    _where: RegionCells = field(init=False)
    _cells: ValueCells = field(init=False)

    def __post_init__(self) -> None:
        self.log = IssueLog(self.raw.name, cell_of=self.raw.cell)
        self._where = RegionCells(self.regions, self.log)
        self._cells = ValueCells(self.catalog, self.regions, self.log, self.years, self.reading.year, self.raw.name)

    @property
    def year(self) -> int | None:
        """The sheet's own year (given, or from its title)."""
        return self.reading.year

    def run(self) -> ImportResult:
        """Read every row, check across rows, and give the sheet's result."""
        reading = self.reading
        reading.check()
        # What every row asks of the reading, worked out once (properties would be recomputed per row).
        self._shape = (reading.roles, reading.allocation, reading.long, reading.figures)
        self._indicators = {i.id: i for i in self.catalog.indicators}
        self._layout_notes()
        frame = self.raw.frame
        names = [str(c) for c in frame.columns]
        # Plain dicts, not a pandas row per line: a Series per row cost ~0.3 ms, most of a 200,000-row import.
        for row, *values in frame.itertuples(index=True, name=None):
            if not any(str(v).strip() for v in values):
                continue
            self.rows_read += 1
            self._row(int(row), dict(zip(names, values)))
        if self.missing:
            marks = ", ".join(f"{'空白' if m == '' else m} ×{n}" for m, n in self.missing.items())
            self.remarks.append(Note("note_missing", {"n": sum(self.missing.values()), "marks": marks}))
        self.records, notes = check_totals(
            self.records, self.regions, self.catalog, self.log, self.totals, self.regions_table, self.settings
        )
        self.remarks.extend(notes)
        self.records = drop_duplicates(self.records, self.regions, self.log, self.catalog)
        return self._result()

    def _layout_notes(self) -> None:
        """Notes on the layout (title rows, header rows, footnotes, units) and warnings for columns not read."""
        r, raw = self.reading, self.raw
        how = f"{raw.format}, {raw.encoding}" if raw.encoding else raw.format
        size = {"rows": len(raw.frame), "columns": len(raw.frame.columns)}
        self.remarks.append(Note("note_read", {"name": raw.name, "format": how, **size}))
        if r.sheet:
            self.remarks.append(Note("note_sheet", {"sheet": r.sheet}))
        if r.above:
            rows = ", ".join(str(n) for n, _ in r.above)
            self.remarks.append(Note("note_above", {"rows": rows, "text": " / ".join(t for _, t in r.above)}))
        if tuple(r.header_rows) != (1,):  # a header in row 1 goes without saying
            self.remarks.append(Note("note_header", {"rows": ", ".join(map(str, r.header_rows))}))
        if r.unit:
            self.remarks.append(Note("note_unit", {"unit": r.unit}))
        for n, text in r.skipped:
            self.remarks.append(Note("note_footnote", {"row": n, "text": text}))
        if r.year is not None and "year" not in r.roles and any(c.year is None for c in r.figures):
            self.remarks.append(Note("note_year_given", {"year": r.year}))
        for c in r.columns:
            if c.corrected:
                self.remarks.append(Note("note_corrected", {"column": c.column, "reading": c.reads_as()}))
        long = r.long
        for c in r.columns:
            if c.role is None and not c.corrected:
                params = dict(column_hint(c, long, self.catalog))
                self.log.say(None, c.column, None, "column_not_read", "warning", column=c.column, **params)
            elif c.role == FIGURES and c.indicator:
                ind = self.catalog.get(c.indicator)
                if c.factor is None:
                    self.log.say(
                        None,
                        c.column,
                        None,
                        "unit_refused",
                        column=c.column,
                        unit=c.unit,
                        name=ind.name_zh,
                        catalog_unit=ind.unit or "—",
                    )
                elif c.unit and c.factor != 1.0:
                    params = {"column": c.column, "unit": c.unit, "factor": f"{c.factor:g}", "catalog_unit": ind.unit}
                    self.remarks.append(Note("unit_converted", params))

    def _row(self, row: int, cells: dict[str, object]) -> None:
        """The records of one row (one per figure it holds), each problem reported."""
        roles, allocation, long, figures = self._shape
        read = self._cells

        def get(role: str) -> str:
            return str(cells[roles[role]]).strip() if role in roles else ""

        adcode = self._where.adcode(row, cells, roles)
        # An allocated target without a year holds for every year; a value always needs one.
        need_row_year = long or any(c.year is None for c in figures)
        dated = bool(get("period")) and not get("year") and self.year is None  # '2024年5月' carries its year
        year = (
            None
            if not need_row_year
            or dated
            or (not get("year") and "value" not in roles and "indicator" in roles and not self.year)
            else read.year_of(row, roles.get("year"), get("year"))
        )
        period: str | None = None
        if "period" in roles and get("period"):
            year, period = read.period(row, roles["period"], get("period"), year)
        provenance, source = read.provenance(row, roles, get("provenance"), get("source"))
        note = get("note") or None
        targets: list[tuple[str, Indicator, str, ColumnReading | None]]
        if not long:
            targets = [(c.column, self._indicators[str(c.indicator)], str(cells[c.column]), c) for c in figures]
        else:
            ind = read.indicator(row, roles["indicator"], get("indicator"))
            col = roles["target" if allocation else "value"]
            targets = [(col, ind, str(cells[col]), None)] if ind is not None else []
            if ind is not None and "unit" in roles and get("unit") and unit_key(get("unit")) != unit_key(ind.unit):
                self.log.say(
                    row,
                    roles["unit"],
                    get("unit"),
                    "unit_differs",
                    "warning",
                    unit=get("unit"),
                    catalog_unit=ind.unit or "no unit",
                    name=ind.name_zh,
                )
        for col, ind, text, spec in targets:
            if spec is not None and is_missing(text):
                mark = text.strip()
                self.missing[mark] = self.missing.get(mark, 0) + 1
                continue
            value = None if allocation else read.value(row, col, text, ind, factor=spec.factor if spec else 1.0)
            target = read.target(row, roles["target"], get("target"), ind, adcode) if "target" in roles else None
            when = spec.year if spec is not None and spec.year is not None else year
            if adcode is None or target is False or (when is None and not allocation):
                continue
            if allocation and target is None:
                self.log.say(row, col, text, "alloc_blank", name=ind.name_zh)
                continue
            if value is None and not allocation:
                continue
            self.records.append(
                Record(
                    row,
                    col,
                    adcode,
                    ind.id,
                    when,
                    value if isinstance(value, float) else None,
                    target if isinstance(target, float) else None,
                    source,
                    provenance,
                    note,
                    spec.period if spec is not None else period,
                    total_rows.decimals(text),
                )
            )

    def _result(self) -> ImportResult:
        table = pd.DataFrame(
            [
                {
                    "adcode": r.adcode,
                    "indicator": r.indicator,
                    "year": r.year,
                    "period": r.period,
                    "value": r.value,
                    "target": r.target,
                    "source": r.source,
                    "provenance": r.provenance,
                    "note": r.note,
                }
                for r in self.records
            ]
        )
        values = normalise(table).sort_values(KEY, kind="stable", na_position="first").reset_index(drop=True)
        frame = self.raw.frame
        notes = (self.raw.describe(),) + self.raw.notes
        issues = sorted(self.log.issues, key=lambda i: (i.row is not None, i.row or 0))  # stable: file-level first
        return ImportResult(
            self.raw.name,
            values,
            self.log.rejected_rows(frame),
            issues,
            self.rows_read,
            "long" if self.reading.long else "wide",
            notes,
            (self.reading,),
            tuple(self.remarks),
            sum(self.missing.values()),
        )
