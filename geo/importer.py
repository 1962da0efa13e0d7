"""Importing a user's table of indicator values into the canonical values table, with every problem reported.

Long tables (地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]) and wide yearbook tables (one row per region, one
column per indicator such as 森林覆盖率(%)) are both accepted; a wide table is melted to the long form.
Each bad cell or row becomes a `geo.errors.Issue` naming file, spreadsheet row, column, value and fix; the
good rows are kept, the bad ones are listed in `ImportResult.rejected`. Nothing is dropped without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.catalog import Catalog, Indicator
from geo.cells import ValueProblem, parse_value, parse_year, provenance_of
from geo.errors import AtlasError, InputFileError, Issue, IssueReport, UnknownRegion
from geo.issues import IssueLog, counted
from geo.layout import Layout, detect_layout, split_unit, unit_key
from geo.pack import load_pack
from geo.readers.grid import RawTable
from geo.regions import RegionIndex
from geo.settings import Settings
from geo.table import read_table, table_from_frame
from geo.values import KEY, normalise

_FLOAT_CODE = re.compile(r"\d{6}\.0+")  # a code a spreadsheet or pandas wrote as a float: 360702.0


@dataclass(frozen=True)
class ImportResult(IssueReport):
    """What an import gave: canonical `values`, `rejected` rows (row, reason, original cells) and `issues`."""

    name: str
    values: pd.DataFrame
    rejected: pd.DataFrame
    issues: list[Issue]
    rows_read: int = 0
    layout: str = "long"  # "long" or "wide"
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line: rows read, values kept, rows rejected, errors and warnings."""
        e, w = len(self.errors), len(self.warnings)
        return (
            f"{self.name}: {counted(self.rows_read, 'row')} read ({self.layout} table), "
            f"{counted(len(self.values), 'value')} imported, {counted(len(self.rejected), 'row')} rejected; "
            f"{counted(e, 'error')}, {counted(w, 'warning')}"
        )

    def report(self) -> str:
        """The notes, one line per issue, then the summary."""
        lines = [f"note: {n}" for n in self.notes]
        lines += [f"{i.severity}: {i}" for i in self.issues]
        lines.append(self.summary())
        return "\n".join(lines)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def import_values(
    source: Path | bytes | pd.DataFrame,
    name: str,
    catalog: Catalog,
    regions: RegionIndex,
    *,
    year: int | None = None,
    settings: Settings | None = None,
) -> ImportResult:
    """Read a table of indicator values (long or wide) into the canonical values table; every problem is an Issue.
    Years outside the region pack's range (settings.data_dir's pack.yaml `years`) are refused."""
    settings = settings or Settings()
    years = load_pack(settings.data_dir).years
    if year is not None and not years[0] <= int(year) <= years[1]:
        raise InputFileError(
            f"year {year} given for {name} is outside {years[0]}-{years[1]}",
            "give the year the figures are for, e.g. --year 2023",
        )
    if isinstance(source, pd.DataFrame):
        raw = table_from_frame(source, name)
    else:
        raw = read_table(source, name, settings=settings)
    return _Import(raw, catalog, regions, year, years).run()


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
    year: int | None
    years: tuple[int, int]
    log: IssueLog = field(init=False)
    records: list[_Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.log = IssueLog(self.raw.name)

    def run(self) -> ImportResult:
        layout = detect_layout(self.raw, self.catalog, self.year, self.log)
        frame = self.raw.frame
        for pos in range(len(frame)):
            row = self.raw.row_number(pos)
            cells = frame.iloc[pos]
            if not any(str(v).strip() for v in cells):
                continue
            self._row(row, cells, layout)
        self._duplicates()
        return self._result(layout)

    # ------------------------------------------------------------------ one row
    def _row(self, row: int, cells: pd.Series, layout: Layout) -> None:
        roles, allocation = layout.roles, layout.allocation

        def get(role: str) -> str:
            return str(cells[roles[role]]).strip() if role in roles else ""

        adcode = self._region(row, cells, roles)
        # An allocated target without a year holds for every year; a value always needs one.
        year = (
            None
            if not get("year") and "value" not in roles and "indicator" in roles and self.year is None
            else self._year(row, roles.get("year"), get("year"))
        )
        provenance, source = self._provenance(row, roles, get("provenance"), get("source"))
        note = get("note") or None
        if not layout.long:
            targets = [(col, ind, str(cells[col])) for col, (ind, _) in layout.indicator_columns.items()]
        else:
            ind = self._indicator(row, roles["indicator"], get("indicator"))
            col = roles["target" if allocation else "value"]
            targets = [(col, ind, str(cells[col]))] if ind is not None else []
            if ind is not None and "unit" in roles and get("unit") and unit_key(get("unit")) != unit_key(ind.unit):
                self.log.add(
                    row,
                    roles["unit"],
                    get("unit"),
                    f"the unit '{get('unit')}' differs from the catalog unit "
                    f"'{ind.unit or 'no unit'}' of {ind.name_zh}",
                    "convert the value to the catalog unit",
                    "warning",
                )
        for col, ind, text in targets:
            value = None if allocation else self._value(row, col, text, ind)
            target = self._target(row, roles["target"], get("target"), ind, adcode) if "target" in roles else None
            if adcode is None or target is False or (year is None and not allocation):
                continue
            if allocation and target is None:
                self.log.add(
                    row,
                    col,
                    text,
                    f"the target of {ind.name_zh} is blank, so this row allocates nothing",
                    "fill in the allocated target, or delete the row",
                )
                continue
            if value is None and not allocation:
                continue
            self.records.append(
                _Record(
                    row,
                    col,
                    adcode,
                    ind.id,
                    year,
                    value if isinstance(value, float) else None,
                    target if isinstance(target, float) else None,
                    source,
                    provenance,
                    note,
                )
            )

    def _region(self, row: int, cells: pd.Series, roles: dict[str, str]) -> str | None:
        found: dict[str, str] = {}
        for role in ("code", "region"):
            if role not in roles:
                continue
            col, text = roles[role], str(cells[roles[role]]).strip()
            if not text and (role == "region" and found or role == "code" and "region" in roles):
                continue  # the other column gives the region
            parent = str(cells[roles["parent"]]).strip() if "parent" in roles and role == "region" else None
            try:
                match = self.regions.match(text, parent=parent)
            except UnknownRegion as exc:
                self.log.add(row, col, text, exc.message, exc.fix or "")
                return None
            if match.warning:
                self.log.add(row, col, text, match.warning, f"write {match.name_zh} or {match.adcode}", "warning")
            elif role == "code" and _FLOAT_CODE.fullmatch(text):
                self.log.add(
                    row,
                    col,
                    text,
                    f"the code '{text}' was stored as a number; read as {match.adcode}",
                    "format the code column as text in the spreadsheet",
                    "warning",
                )
            found[role] = match.adcode
        codes = set(found.values())
        if len(codes) > 1:
            a, b = found["code"], found["region"]
            self.log.add(
                row,
                roles["region"],
                str(cells[roles["region"]]).strip(),
                f"the name is {self.regions.name(b)} ({b}) but the code {a} is {self.regions.name(a)}",
                "correct the code or the name so they agree",
            )
            return None
        return codes.pop() if codes else None

    def _year(self, row: int, col: str | None, text: str) -> int | None:
        if not text:
            if self.year is not None:
                return int(self.year)
            self.log.add(
                row,
                col or "year",
                text,
                "the year is blank",
                "fill in the year, or give it for the whole file (--year 2023)",
            )
            return None
        first, last = self.years
        return self.log.parse(
            row,
            col or "year",
            text,
            lambda t: parse_year(t, self.years, outside=f"check the year; the atlas covers {first}-{last}"),
        )

    def _indicator(self, row: int, col: str, text: str) -> Indicator | None:
        if not text:
            self.log.add(
                row, col, text, "the indicator is blank", "write an indicator id or Chinese name, e.g. 森林覆盖率"
            )
            return None
        base = split_unit(text)[0]
        ind = self.catalog.find(text) or self.catalog.find(base)
        if ind is None:
            try:
                self.catalog.get(base)
            except AtlasError as exc:
                self.log.add(row, col, text, exc.message, exc.fix or "")
        return ind

    def _value(self, row: int, col: str, text: str, ind: Indicator, blank_ok: bool = False) -> float | None | bool:
        """The number in a value (or target) cell; None when missing or bad (False for a bad optional target)."""
        try:
            parsed = parse_value(ind.value_type, text, ind.unit)  # the catalog declares how its cells are read
        except ValueProblem as exc:
            self.log.add(row, col, text, exc.message, exc.fix)
            return False if blank_ok else None
        if parsed.value is None:
            if not blank_ok:
                self.log.add(
                    row,
                    col,
                    text,
                    f"the value of {ind.name_zh} is blank (missing), so none is imported",
                    "fill in the figure, or leave it out if there is none",
                    "warning",
                )
                self.log.reject(row, f"{col}: value is blank")
            return None
        if parsed.warning:
            self.log.add(row, col, text, parsed.warning, "check that the figure is in the catalog unit", "warning")
        lo_hi = ind.valid_range
        if lo_hi and not lo_hi[0] <= parsed.value <= lo_hi[1]:
            unit = {"": "", "%": "%"}.get(ind.unit, f" {ind.unit}")
            self.log.add(
                row,
                col,
                text,
                f"{_fmt(parsed.value)} is outside the valid range "
                f"{_fmt(lo_hi[0])}-{_fmt(lo_hi[1])}{unit} of {ind.name_zh}",
                "check the figure and its unit" + (" (rates are percentages from 0 to 100)" if ind.unit == "%" else ""),
            )
            return False if blank_ok else None
        return parsed.value

    def _target(self, row: int, col: str, text: str, ind: Indicator, adcode: str | None) -> float | None | bool:
        """A region's allocated target: None when blank, False (with an issue) when it cannot be used."""
        if not text.strip():
            return None
        if ind.rule == "qualitative":
            self.log.add(
                row,
                col,
                text,
                f"{ind.name_zh} is a qualitative aim, tracked and not scored: it takes no target",
                "leave the target cell empty",
            )
            return False
        target = self._value(row, col, text, ind, blank_ok=True)
        if isinstance(target, float) and target < 0:
            self.log.add(
                row,
                col,
                text,
                f"a target cannot be negative ({_fmt(target)})",
                f"write the allocated target of {ind.name_zh} as a figure of 0 or more in {ind.unit or 'its unit'}",
            )
            return False
        level = self.regions.levels.get(adcode) if adcode else None
        order = ind.levels
        if isinstance(target, float) and level in order and order.index(level) <= order.index(ind.binds):
            name = self.regions.name(adcode) if adcode else ""
            self.log.add(
                row,
                col,
                text,
                f"{name} is a unit of {level} level, where no target is allocated: "
                f"the plan sets {ind.name_zh} at {ind.binds} level",
                "leave the target empty here (the plan's own target applies), or allocate targets to "
                "units below that level (cities, counties)",
            )
            return False
        return target

    def _provenance(self, row: int, roles: dict[str, str], word: str, source: str) -> tuple[str, str | None]:
        if not word:
            # A user value never travels without a source: at least the file it came from.
            return "user", source or f"{self.raw.name} (your table; no source given)"
        prov = provenance_of(word)
        col = roles.get("provenance")
        if prov is None:
            self.log.add(
                row,
                col,
                word,
                f"'{word}' is not a provenance; the value is kept as user",
                "write official (with a source) or user",
                "warning",
            )
            return "user", source or f"{self.raw.name} (your table; no source given)"
        if prov == "official" and not source:
            self.log.add(
                row,
                col,
                word,
                "official values need a source; the value is kept as user",
                "fill in the source (来源) column with the publication",
                "warning",
            )
            return "user", f"{self.raw.name} (your table; no source given)"
        return prov, source or None

    # ------------------------------------------------------------------ across rows
    def _duplicates(self) -> None:
        first: dict[tuple[str, str, int | None], _Record] = {}
        dropped: set[int] = set()
        for i, rec in enumerate(self.records):
            key = (rec.adcode, rec.indicator, rec.year)
            if key not in first:
                first[key] = rec
                continue
            seen = first[key]
            what = f"{self.regions.name(rec.adcode)} ({rec.adcode}), {rec.indicator}, {rec.year}"
            shown = rec.shown
            if seen.value == rec.value and seen.target == rec.target:
                self.log.add(
                    rec.row,
                    rec.column,
                    shown,
                    f"repeats {what} of row {seen.row} with the same value; kept once",
                    f"delete row {rec.row}",
                    "warning",
                )
                dropped.add(i)
                continue
            first_shown = seen.shown
            self.log.add(
                rec.row,
                rec.column,
                shown,
                f"rows {seen.row} and {rec.row} both give {what}: {first_shown} and {shown}",
                f"keep one of rows {seen.row} and {rec.row}",
            )
            self.log.reject(seen.row, f"{rec.column}: duplicate of row {rec.row}")
            dropped.add(i)
            dropped.add(next(j for j, r in enumerate(self.records) if r is seen))
        self.records = [r for i, r in enumerate(self.records) if i not in dropped]

    def _result(self, layout: Layout) -> ImportResult:
        table = pd.DataFrame(
            [
                {
                    "adcode": r.adcode,
                    "indicator": r.indicator,
                    "year": r.year,
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
        rows_read = sum(1 for pos in range(len(frame)) if any(str(v).strip() for v in frame.iloc[pos]))
        notes = (self.raw.describe(),) + self.raw.notes
        issues = sorted(self.log.issues, key=lambda i: (i.row is not None, i.row or 0))  # stable: file-level first
        return ImportResult(
            self.raw.name,
            values,
            self.log.rejected_rows(frame),
            issues,
            rows_read,
            "long" if layout.long else "wide",
            notes,
        )
