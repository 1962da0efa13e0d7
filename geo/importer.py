"""Importing a user's table of indicator values into the canonical values table, with every problem reported.

Long tables (地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]) and wide yearbook tables (one row per region, one
column per indicator and period: 森林覆盖率(%), or 森林覆盖率 merged over 2022年 / 2023年) are both accepted; a wide
table is melted to the long form. `preview` gives the Reading of each sheet (geo.layout) for the user to check and
correct; `import_values(..., reading=...)` applies it. Each bad cell or row becomes a `geo.errors.Issue` naming
file, spreadsheet row, column, cell (Sheet1!C7), value and fix, with a message key so the report can be shown in
Chinese or English; the good rows are kept, the bad ones are listed in `ImportResult.rejected`. Missing marks
(—, …) are counted, footnotes set aside, total rows checked (geo.totals). Nothing is dropped without a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import periods
from geo import totals as total_rows
from geo.catalog import Catalog, Indicator
from geo.cells import ValueProblem, header_key, is_missing, parse_value, parse_year, provenance_of
from geo.errors import AtlasError, InputFileError, MergedRegion, UnknownRegion
from geo.import_report import ImportResult, Note, together
from geo.issues import IssueLog
from geo.layout import FIGURES, ColumnReading, Reading, column_hint, read_layout, split_unit, unit_key
from geo.pack import load_pack
from geo.readers.grid import RawTable
from geo.regions import RegionIndex, RegionMatch
from geo.settings import Settings
from geo.table import read_tables, table_from_frame
from geo.values import KEY, normalise

__all__ = ["ImportResult", "Note", "import_values", "preview"]

_FLOAT_CODE = re.compile(r"\d{6}\.0+")  # a code a spreadsheet or pandas wrote as a float: 360702.0
_DID_YOU_MEAN = re.compile(r"did you mean (.+)\?$")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


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
        job = _Import(raw, catalog, regions, layout, years, totals, regions_table, settings)
        results.append(job.run())
    return results[0] if len(results) == 1 else together(name, results)


def _tables(
    source: Path | bytes | pd.DataFrame, name: str, settings: Settings, sheets: Sequence[str] | None
) -> list[RawTable]:
    if isinstance(source, pd.DataFrame):
        return [table_from_frame(source, name)]
    return read_tables(source, name, settings=settings, sheets=sheets)


@dataclass
class _Record:
    row: int
    column: str
    adcode: str
    indicator: str
    year: int | None  # None: an allocated target for every year
    value: float | None  # None: an allocation row (a target without a value)
    target: float | None
    source: str | None
    provenance: str
    note: str | None
    period: str | None = None
    decimals: int = 0  # as printed, for the check of total rows

    @property
    def shown(self) -> str:
        """The record's figure as messages show it: the value, else the allocated target."""
        figure = self.value if self.value is not None else self.target
        return "" if figure is None else _fmt(figure)


@dataclass
class _Import:
    raw: RawTable
    catalog: Catalog
    regions: RegionIndex
    reading: Reading
    years: tuple[int, int]
    totals: str = "check"
    regions_table: pd.DataFrame | None = None
    settings: Settings | None = None
    log: IssueLog = field(init=False)
    records: list[_Record] = field(default_factory=list)
    remarks: list[Note] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)  # missing mark -> count
    rows_read: int = 0
    _shape: tuple[dict[str, str], bool, bool, tuple[ColumnReading, ...]] = ({}, False, True, ())
    _indicators: dict[str, Indicator] = field(default_factory=dict)
    _found: dict[str, Indicator | None] = field(default_factory=dict)  # indicator cell text -> indicator
    _matches: dict[tuple[str, str | None], RegionMatch | UnknownRegion] = field(default_factory=dict)
    _periods: dict[tuple[str, int | None], periods.Period | None] = field(default_factory=dict)
    _years: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.log = IssueLog(self.raw.name, cell_of=self.raw.cell)

    @property
    def year(self) -> int | None:
        return self.reading.year

    def run(self) -> ImportResult:
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
        self._totals()
        self._duplicates()
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

    # ------------------------------------------------------------------ one row
    def _row(self, row: int, cells: dict[str, object]) -> None:
        roles, allocation, long, figures = self._shape

        def get(role: str) -> str:
            return str(cells[roles[role]]).strip() if role in roles else ""

        adcode = self._region(row, cells, roles)
        # An allocated target without a year holds for every year; a value always needs one.
        need_row_year = long or any(c.year is None for c in figures)
        dated = bool(get("period")) and not get("year") and self.year is None  # '2024年5月' carries its year
        year = (
            None
            if not need_row_year
            or dated
            or (not get("year") and "value" not in roles and "indicator" in roles and not self.year)
            else self._year(row, roles.get("year"), get("year"))
        )
        period: str | None = None
        if "period" in roles and get("period"):
            year, period = self._period(row, roles["period"], get("period"), year)
        provenance, source = self._provenance(row, roles, get("provenance"), get("source"))
        note = get("note") or None
        targets: list[tuple[str, Indicator, str, ColumnReading | None]]
        if not long:
            targets = [(c.column, self._indicators[str(c.indicator)], str(cells[c.column]), c) for c in figures]
        else:
            ind = self._indicator(row, roles["indicator"], get("indicator"))
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
            value = None if allocation else self._value(row, col, text, ind, factor=spec.factor if spec else 1.0)
            target = self._target(row, roles["target"], get("target"), ind, adcode) if "target" in roles else None
            when = spec.year if spec is not None and spec.year is not None else year
            if adcode is None or target is False or (when is None and not allocation):
                continue
            if allocation and target is None:
                self.log.say(row, col, text, "alloc_blank", name=ind.name_zh)
                continue
            if value is None and not allocation:
                continue
            self.records.append(
                _Record(
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

    def _region(self, row: int, cells: dict[str, object], roles: dict[str, str]) -> str | None:
        found: dict[str, str] = {}
        for role in ("code", "region"):
            if role not in roles:
                continue
            col, text = roles[role], str(cells[roles[role]]).strip()
            if not text and (role == "region" and found or role == "code" and "region" in roles):
                continue  # the other column gives the region
            if role == "region" and header_key(text) in total_rows.TOTAL_WORDS:
                return total_rows.TABLE_TOTAL  # 合计: placed once the table's regions are known (_totals)
            parent = str(cells[roles["parent"]]).strip() if "parent" in roles and role == "region" else None
            try:
                match = self._match(text, parent)
            except UnknownRegion as exc:
                key, params = _region_message(exc, text)
                self.log.add(row, col, text, exc.message, exc.fix or "", "error", key, params)
                return None
            if match.warning:
                self.log.add(
                    row,
                    col,
                    text,
                    match.warning,
                    f"write {match.name_zh} or {match.adcode}",
                    "warning",
                    "region_renamed",
                    {"detail": match.warning, "name": match.name_zh, "code": match.adcode},
                )
            elif role == "code" and _FLOAT_CODE.fullmatch(text):
                self.log.say(row, col, text, "code_as_number", "warning", code=match.adcode)
            found[role] = match.adcode
        codes = set(found.values())
        if len(codes) > 1:
            a, b = found["code"], found["region"]
            self.log.say(
                row,
                roles["region"],
                str(cells[roles["region"]]).strip(),
                "name_code_disagree",
                name_b=self.regions.name(b),
                b=b,
                a=a,
                name_a=self.regions.name(a),
            )
            return None
        return codes.pop() if codes else None

    def _year(self, row: int, col: str | None, text: str) -> int | None:
        if not text:
            if self.year is not None:
                return int(self.year)
            self.log.say(row, col or "year", text, "year_blank")
            return None
        if text in self._years:  # a year column repeats a handful of texts
            return self._years[text]
        first, last = self.years
        year = self.log.parse(
            row,
            col or "year",
            text,
            lambda t: parse_year(t, self.years, outside=f"check the year; the atlas covers {first}-{last}"),
        )
        if year is not None:
            self._years[text] = year  # only good years: a bad one is reported on each of its rows
        return year

    def _match(self, text: str, parent: str | None) -> RegionMatch:
        """regions.match, remembered: a long table names each county thousands of times."""
        key = (text, parent)
        if key not in self._matches:
            try:
                self._matches[key] = self.regions.match(text, parent=parent)
            except UnknownRegion as exc:
                self._matches[key] = exc
        found = self._matches[key]
        if isinstance(found, UnknownRegion):
            raise found
        return found

    def _period(self, row: int, col: str, text: str, year: int | None) -> tuple[int | None, str | None]:
        """(year, period code) of a period cell ('3', '3月', '2024年3月', 'Q2', '上半年') under the row's year."""
        shown = text.strip()
        if re.fullmatch(r"\d{1,2}(\.0+)?", unicodedata.normalize("NFKC", shown)):
            shown = f"{int(float(unicodedata.normalize('NFKC', shown)))}月"  # a month column holds 1..12
        key = (shown, year)
        if key not in self._periods:  # a month column repeats twelve texts
            try:
                self._periods[key] = periods.parse(shown, year)
            except periods.PeriodError:
                self._periods[key] = None
        found = self._periods[key]
        if found is None or (year is not None and found.year != year):
            self.log.say(row, col, text, "period_unreadable")
            return None, None
        return found.year, found.code

    def _indicator(self, row: int, col: str, text: str) -> Indicator | None:
        if not text:
            self.log.say(row, col, text, "indicator_blank")
            return None
        base = split_unit(text)[0]
        if text not in self._found:
            self._found[text] = self.catalog.find(text) or self.catalog.find(base)
        ind = self._found[text]
        if ind is None:
            try:
                self.catalog.get(base)
            except AtlasError as exc:
                # The English text is the catalog's own; the params serve the other languages.
                close = _DID_YOU_MEAN.search(exc.fix or "")
                params = {"close": f"（是否为 {close.group(1)}？）" if close else ""}
                self.log.add(row, col, text, exc.message, exc.fix or "", "error", "indicator_unknown", params)
        return ind

    def _value(
        self, row: int, col: str, text: str, ind: Indicator, blank_ok: bool = False, factor: float | None = 1.0
    ) -> float | None | bool:
        """The number in a value (or target) cell, in the catalog unit; None when missing or bad (False for a bad
        optional target)."""
        try:
            parsed = parse_value(ind.value_type, text, ind.unit)  # the catalog declares how its cells are read
        except ValueProblem as exc:
            self.log.add(row, col, text, exc.message, exc.fix, "error", exc.key, exc.params)
            return False if blank_ok else None
        if parsed.value is None:
            if not blank_ok:
                self.log.say(row, col, text, "value_blank", "warning", name=ind.name_zh)
                self.log.reject(row, f"{col}: value is blank")
            return None
        if parsed.warning:
            self.log.add(
                row,
                col,
                text,
                parsed.warning,
                "check that the figure is in the catalog unit",
                "warning",
                "value_percent",
                parsed.warning_params,
            )
        number = parsed.value * (factor or 1.0)
        lo_hi = ind.valid_range
        if lo_hi and not lo_hi[0] <= number <= lo_hi[1]:
            rates = ind.unit == "%"
            self.log.say(
                row,
                col,
                text,
                "value_range",
                number=_fmt(number),
                lo=_fmt(lo_hi[0]),
                hi=_fmt(lo_hi[1]),
                unit={"": "", "%": "%"}.get(ind.unit, f" {ind.unit}"),
                name=ind.name_zh,
                rates_en=" (rates are percentages from 0 to 100)" if rates else "",
                rates_zh="（比率为 0 至 100 的百分数）" if rates else "",
            )
            return False if blank_ok else None
        return number

    def _target(self, row: int, col: str, text: str, ind: Indicator, adcode: str | None) -> float | None | bool:
        """A region's allocated target: None when blank, False (with an issue) when it cannot be used."""
        if not text.strip():
            return None
        if ind.rule == "qualitative":
            self.log.say(row, col, text, "target_qualitative", name=ind.name_zh)
            return False
        target = self._value(row, col, text, ind, blank_ok=True)
        if isinstance(target, float) and target < 0:
            self.log.say(
                row, col, text, "target_negative", number=_fmt(target), name=ind.name_zh, unit=ind.unit or "its unit"
            )
            return False
        level = self.regions.levels.get(adcode) if adcode else None
        order = ind.levels
        if isinstance(target, float) and level in order and order.index(level) <= order.index(ind.binds):
            name = self.regions.name(adcode) if adcode else ""
            self.log.say(row, col, text, "target_level", region=name, level=level, name=ind.name_zh, binds=ind.binds)
            return False
        return target

    def _provenance(self, row: int, roles: dict[str, str], word: str, source: str) -> tuple[str, str | None]:
        if not word:
            # A user value never travels without a source: at least the file it came from.
            return "user", source or f"{self.raw.name} (your table; no source given)"
        prov = provenance_of(word)
        col = roles.get("provenance")
        if prov is None:
            self.log.say(row, col, word, "provenance_unknown", "warning")
            return "user", source or f"{self.raw.name} (your table; no source given)"
        if prov == "official" and not source:
            self.log.say(row, col, word, "provenance_no_source", "warning")
            return "user", f"{self.raw.name} (your table; no source given)"
        return prov, source or None

    # ------------------------------------------------------------------ across rows
    def _totals(self) -> None:
        """Total and subtotal rows: checked against the table's own counties (default) or imported as given."""
        leaf, levels = self.regions.leaf, self.regions.levels
        self._place_table_totals()
        if all(levels.get(r.adcode) == leaf for r in self.records):
            return  # counties only: no total rows
        held = [r for r in self.records if r.value is not None and r.year is not None]
        figures = [
            total_rows.Figure(r.adcode, r.indicator, int(r.year or 0), r.period, float(r.value or 0.0), r.decimals)
            for r in held
        ]
        tops = total_rows.total_figures(figures, self.regions.levels, self.regions.parents, self.regions.leaf)
        if not tops:
            return
        named = ", ".join(dict.fromkeys(self.regions.name(figures[i].adcode) for i in sorted(tops)))
        count = len({figures[i].adcode for i in tops})
        if self.totals == "use":
            self.remarks.append(Note("total_used", {"n": count, "regions": named}))
            return
        table = self.regions_table
        if table is None:
            from geo.boundaries import load_regions  # only a table with total rows needs the regions' areas

            table = load_regions((self.settings or Settings()).data_dir)
        at_top = [figures[i] for i in sorted(tops)]
        below = [f for i, f in enumerate(figures) if i not in tops]
        record_of = {id(figures[i]): held[i] for i in tops}
        for result in total_rows.check(at_top, below, table, self.catalog):
            fig = result.figure
            rec = record_of[id(fig)]
            region, ind = self.regions.name(fig.adcode), self.catalog.get(fig.indicator)
            if result.status == "differs":
                shown = f"{float(result.aggregate or 0.0):.{max(fig.decimals, 1)}f}"
                self.log.say(
                    rec.row,
                    rec.column,
                    _fmt(fig.value),
                    "total_differs",
                    "warning",
                    region=region,
                    table=_fmt(fig.value),
                    aggregate=shown,
                )
            elif result.status == "partial":
                what = f"{ind.name_zh} {fig.period or fig.year}"
                params = {"region": region, "what": what, "k": result.present, "n": result.counties}
                self.remarks.append(Note("total_partial", params))
            elif result.status == "unchecked":
                self.remarks.append(Note("total_unchecked", {"region": region, "name": ind.name_zh}))
        self.remarks.append(Note("total_checked", {"n": count, "regions": named}))
        dropped = {id(held[i]) for i in tops}
        self.records = [r for r in self.records if id(r) not in dropped]

    def _place_table_totals(self) -> None:
        """A 合计/总计 row is the total of the table's regions: filed under the unit all of them belong to (their
        city, or the province), or refused when they have none in common."""
        rows = [r for r in self.records if r.adcode == total_rows.TABLE_TOTAL]
        if not rows:
            return
        others = [r.adcode for r in self.records if r.adcode != total_rows.TABLE_TOTAL]
        common = total_rows.common_ancestor(others, self.regions.parents)
        if common is None:
            for r in rows:
                self.log.say(r.row, r.column, r.shown, "total_unplaced")
            self.records = [r for r in self.records if r.adcode != total_rows.TABLE_TOTAL]
            return
        for r in rows:
            r.adcode = common

    def _duplicates(self) -> None:
        first: dict[tuple[str, str, int | None, str | None], _Record] = {}
        dropped: set[int] = set()
        for i, rec in enumerate(self.records):
            key = (rec.adcode, rec.indicator, rec.year, rec.period)
            if key not in first:
                first[key] = rec
                continue
            seen = first[key]
            when = rec.period or rec.year
            what = f"{self.regions.name(rec.adcode)} ({rec.adcode}), {rec.indicator}, {when}"
            shown = rec.shown
            if seen.value == rec.value and seen.target == rec.target:
                self.log.say(
                    rec.row, rec.column, shown, "duplicate_same", "warning", what=what, first=seen.row, row=rec.row
                )
                dropped.add(i)
                continue
            self.log.say(
                rec.row,
                rec.column,
                shown,
                "duplicate_conflict",
                what=what,
                first=seen.row,
                row=rec.row,
                a=seen.shown,
                b=shown,
            )
            self.log.reject(seen.row, f"{rec.column}: duplicate of row {rec.row}")
            dropped.add(i)
            dropped.add(next(j for j, r in enumerate(self.records) if r is seen))
        self.records = [r for i, r in enumerate(self.records) if i not in dropped]

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


def _region_message(exc: UnknownRegion, text: str) -> tuple[str, dict[str, object]]:
    """The message key and params of a region the index cannot match (its own English message is kept too)."""
    if not text:
        return "region_blank", {}
    if isinstance(exc, MergedRegion):
        return "region_merged", {}
    if "matches more than one region" in exc.message:
        return "region_ambiguous", {}
    if exc.message.startswith(f"'{text}' is not a") or exc.message.startswith(f"'{text}' is not "):
        close = _DID_YOU_MEAN.search(exc.fix or "")
        return "region_unknown", {"close": f"（是否为 {close.group(1)}？）" if close else ""}
    return "region_other", {"detail": exc.message, "fix": exc.fix or ""}
