"""Importing a user's table of indicator values into the canonical values table, with every problem reported.

Long tables (地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]) and wide yearbook tables (one row per region, one
column per indicator such as 森林覆盖率(%)) are both accepted; a wide table is melted to the long form.
Each bad cell or row becomes a `geo.errors.Issue` naming file, spreadsheet row, column, value and fix; the
good rows are kept, the bad ones are listed in `ImportResult.rejected`. Nothing is dropped without a word.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from geo.catalog import Catalog, Indicator
from geo.pack import load_pack
from geo.errors import AtlasError, InputFileError, Issue, IssueReport, UnknownRegion
from geo.regions import RegionIndex
from geo.settings import Settings
from geo.table import RawTable, read_table, table_from_frame
from geo.values import KEY, normalise

# Cells that mean "no figure" in Chinese statistical tables.
MISSING_MARKS = frozenset({"", "-", "--", "—", "——", "/", "na", "n/a", "nan", "null", "无", "…", "...", "..", "x"})

# Column role -> header spellings (compared after NFKC, lower case, without spaces, _ and -).
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("adcode", "code", "行政区划代码", "区划代码", "代码", "行政代码", "地区代码"),
    "region": ("region", "name", "county", "district", "地区", "县名", "区县", "县区", "县市区", "县(市、区)",
               "行政区", "地区名称", "名称", "行政区划", "行政区名称", "namezh"),
    "indicator": ("indicator", "indicatorid", "指标", "指标名称", "指标代码"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "指标值"),
    "target": ("target", "目标值", "目标"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "notes", "remark", "备注", "说明"),
    "provenance": ("provenance", "数据性质"),
    "unit": ("unit", "单位", "计量单位"),
    # Read by people, not by the atlas: no warning when they are present.
    # The unit a region belongs to: resolves a name that several units bear (鼓楼区 in several cities).
    "parent": ("城市", "设区市", "所属市", "地市", "所属地市", "cityzh", "city", "parent"),
    "info": ("序号", "no", "编号", "nameen", "pinyin", "拼音", "level", "级别",
             "parentadcode", "areakm2"),
}
_ROLE_OF: dict[str, str] = {h: role for role, hs in ROLE_HEADERS.items() for h in hs}
# Words of a provenance column -> canonical provenance ("derived" is reserved for values computed here).
PROVENANCE_WORDS: dict[str, str] = {"official": "official", "官方": "official", "user": "user", "用户": "user",
                                    "demo": "demo", "演示": "demo"}
_UNIT_IN_HEADER = re.compile(r"^(.*?)\s*[(（]\s*(.*?)\s*[)）]\s*$")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FLOAT_CODE = re.compile(r"\d{6}\.0+")  # a code a spreadsheet or pandas wrote as a float: 360702.0
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class ValueProblem(ValueError):
    """A cell that is not a usable number; `message` and `fix` become an Issue."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: the number (None = missing) and a warning to report when the reading took liberties."""

    value: float | None
    warning: str | None = None


def parse_number(text: Any, unit: str = "") -> Parsed:
    """A number from a cell as people write it: '63.1', '63.1%', '3,079', '６３．１'; blanks/dashes -> missing."""
    raw = "" if text is None else str(text)
    s = unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-")
    if s.lower() in MISSING_MARKS:
        return Parsed(None)
    warning = None
    if s.endswith("%"):
        s = s[:-1].strip()
        if unit != "%":
            warning = f"'{raw.strip()}' has a percent sign but the unit is {unit or 'none'}; read as {s}"
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        shown = raw.strip()
        if "," in s:
            raise ValueProblem(f"'{shown}' is not a number (a comma is only read between groups of three digits)",
                               "write the number with a decimal point, e.g. 63.1, or as 3,079 / 3079")
        raise ValueProblem(f"'{shown}' is not a number", "write a number such as 63.1 (a % sign is allowed for rates)")
    number = float(s)
    if not math.isfinite(number):
        raise ValueProblem(f"'{raw.strip()}' is too large to be a figure", "write the number in the catalog unit, e.g. 63.1")
    return Parsed(number, warning)


def _parse_water_class(text: Any, unit: str = "") -> Parsed:
    from geo.waterclass import parse_class

    s = ("" if text is None else str(text)).strip()
    if unicodedata.normalize("NFKC", s).lower() in MISSING_MARKS:
        return Parsed(None)
    try:
        return Parsed(float(parse_class(s)))
    except AtlasError as exc:
        raise ValueProblem(exc.message, exc.fix or "write a class such as Ⅱ, II or Ⅱ类") from None


# Unit of an indicator -> how its cells are read (default: parse_number).
VALUE_PARSERS: dict[str, Callable[[Any, str], Parsed]] = {"类": _parse_water_class}


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
        return (f"{self.name}: {_n(self.rows_read, 'row')} read ({self.layout} table), {_n(len(self.values), 'value')} imported, "
                f"{_n(len(self.rejected), 'row')} rejected; {_n(e, 'error')}, {_n(w, 'warning')}")

    def report(self) -> str:
        """The notes, one line per issue, then the summary."""
        lines = [f"note: {n}" for n in self.notes]
        lines += [f"{i.severity}: {i}" for i in self.issues]
        lines.append(self.summary())
        return "\n".join(lines)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def header_key(text: str) -> str:
    """A header as compared: NFKC, lower case, no spaces/_/-, e.g. ' Year ' -> 'year', '年 份' -> '年份'."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", str(text)).lower())


def _split_unit(header: str) -> tuple[str, str | None]:
    m = _UNIT_IN_HEADER.match(unicodedata.normalize("NFKC", header).strip())
    return (m.group(1).strip(), m.group(2)) if m and m.group(1).strip() else (header.strip(), None)


def _role(header: str) -> str | None:
    key = header_key(header)
    if key in _ROLE_OF:
        return _ROLE_OF[key]
    base, _ = _split_unit(header)
    return _ROLE_OF.get(header_key(base))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _unit_key(unit: str) -> str:
    return header_key(unit).replace("％", "%")


def import_values(source: Path | bytes | pd.DataFrame, name: str, catalog: Catalog, regions: RegionIndex, *,
                  year: int | None = None, settings: Settings | None = None) -> ImportResult:
    """Read a table of indicator values (long or wide) into the canonical values table; every problem is an Issue.
    Years outside the region pack's range (settings.data_dir's pack.yaml `years`) are refused."""
    settings = settings or Settings()
    years = load_pack(settings.data_dir).years
    if year is not None and not years[0] <= int(year) <= years[1]:
        raise InputFileError(f"year {year} given for {name} is outside {years[0]}-{years[1]}",
                             "give the year the figures are for, e.g. --year 2023")
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


@dataclass
class _Import:
    raw: RawTable
    catalog: Catalog
    regions: RegionIndex
    year: int | None
    years: tuple[int, int]
    issues: list[Issue] = field(default_factory=list)
    reasons: dict[int, list[str]] = field(default_factory=dict)  # row -> why (part of) it was rejected
    records: list[_Record] = field(default_factory=list)

    # ------------------------------------------------------------------ reporting
    def issue(self, row: int | None, column: str | None, value: Any, message: str, fix: str = "",
              severity: str = "error") -> None:
        shown = None if value is None else str(value)
        self.issues.append(Issue(self.raw.name, row, column, shown, message, fix, severity))
        if row is not None and severity == "error":
            self.reasons.setdefault(row, []).append(f"{column}: {message}" if column else message)

    # ------------------------------------------------------------------ layout
    def run(self) -> ImportResult:
        frame = self.raw.frame
        roles: dict[str, str] = {}
        indicator_columns: dict[str, tuple[Indicator, str | None]] = {}
        others: list[str] = []
        for col in frame.columns:
            role = _role(col)
            if role and role not in roles:
                roles[role] = col
            elif role is None:
                others.append(col)
        if "code" not in roles and "region" not in roles and "parent" in roles:
            roles["region"] = roles.pop("parent")  # a table of cities: its 城市 column names the regions themselves
        if "code" not in roles and "region" not in roles:
            raise InputFileError(f"{self.raw.name} has no region column (columns: {', '.join(map(str, frame.columns))})",
                                 "name the column of county names or codes 地区, 区县, 行政区划代码 or region")
        long = "indicator" in roles and ("value" in roles or "target" in roles)
        if not long:
            for col in others:
                base, unit = _split_unit(col)
                ind = self.catalog.find(base) or self.catalog.find(col)
                if ind is not None:
                    indicator_columns[col] = (ind, unit)
            if not indicator_columns:
                raise InputFileError(
                    f"{self.raw.name} has neither indicator and value columns nor columns named after indicators",
                    "use columns 地区, 指标, 年份, 数值 (long), or one column per indicator such as 森林覆盖率(%) (wide)")
            if "year" not in roles and self.year is None:
                raise InputFileError(f"{self.raw.name} is a wide table without a year column",
                                     "add a column 年份, or give the year (--year 2023)")
        for col in others:
            if col in indicator_columns:
                continue
            hint = self._column_hint(col, long)
            self.issue(None, col, None, f"column '{col}' is not read: it is not {'a known column' if long else 'an indicator of the catalog'}",
                       hint, "warning")
        for col, (ind, unit) in indicator_columns.items():
            if unit is not None and _unit_key(unit) != _unit_key(ind.unit):
                self.issue(None, col, None, f"the header gives the unit '{unit}' but {ind.name_zh} ({ind.id}) is measured in "
                                            f"'{ind.unit or 'no unit'}'", "convert the column to the catalog unit", "warning")

        for pos in range(len(frame)):
            row = self.raw.row_number(pos)
            cells = frame.iloc[pos]
            if not any(str(v).strip() for v in cells):
                continue
            self._row(row, cells, roles, indicator_columns)
        self._duplicates()
        return self._result(long)

    def _column_hint(self, col: str, long: bool) -> str:
        names = [i.name_zh for i in self.catalog.indicators] + list(self.catalog.ids)
        if not long:
            close = difflib.get_close_matches(_split_unit(col)[0], names, n=2, cutoff=0.6)
            if close:
                return f"did you mean {', '.join(close)}?"
        return "rename it if it holds values, otherwise ignore this warning"

    # ------------------------------------------------------------------ one row
    def _row(self, row: int, cells: pd.Series, roles: dict[str, str], ind_cols: dict[str, tuple[Indicator, str | None]]) -> None:
        get = lambda role: str(cells[roles[role]]).strip() if role in roles else ""  # noqa: E731
        adcode = self._region(row, cells, roles)
        # An allocated target without a year holds for every year; a value always needs one.
        year = (None if not get("year") and "value" not in roles and "indicator" in roles and self.year is None
                else self._year(row, roles.get("year"), get("year")))
        provenance, source = self._provenance(row, roles, get("provenance"), get("source"))
        note = get("note") or None
        # A long table with a target column and no value column is an allocation: per-region targets only.
        allocation = not ind_cols and "value" not in roles
        if ind_cols:
            targets = [(col, ind, str(cells[col])) for col, (ind, _) in ind_cols.items()]
        else:
            ind = self._indicator(row, roles["indicator"], get("indicator"))
            col = roles["target" if allocation else "value"]
            targets = [(col, ind, str(cells[col]))] if ind is not None else []
            if ind is not None and "unit" in roles and get("unit") and _unit_key(get("unit")) != _unit_key(ind.unit):
                self.issue(row, roles["unit"], get("unit"), f"the unit '{get('unit')}' differs from the catalog unit "
                           f"'{ind.unit or 'no unit'}' of {ind.name_zh}", "convert the value to the catalog unit", "warning")
        for col, ind, text in targets:
            value = None if allocation else self._value(row, col, text, ind)
            target = self._target(row, roles["target"], get("target"), ind, adcode) if "target" in roles else None
            if adcode is None or target is False or (year is None and not allocation):
                continue
            if allocation and target is None:
                self.issue(row, col, text, f"the target of {ind.name_zh} is blank, so this row allocates nothing",
                           "fill in the allocated target, or delete the row")
                continue
            if value is None and not allocation:
                continue
            self.records.append(_Record(row, col, adcode, ind.id, year, value, target if isinstance(target, float) else None,
                                       source, provenance, note))

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
                self.issue(row, col, text, exc.message, exc.fix or "")
                return None
            if match.warning:
                self.issue(row, col, text, match.warning, f"write {match.name_zh} or {match.adcode}", "warning")
            elif role == "code" and _FLOAT_CODE.fullmatch(text):
                self.issue(row, col, text, f"the code '{text}' was stored as a number; read as {match.adcode}",
                           "format the code column as text in the spreadsheet", "warning")
            found[role] = match.adcode
        codes = set(found.values())
        if len(codes) > 1:
            a, b = found["code"], found["region"]
            self.issue(row, roles["region"], str(cells[roles["region"]]).strip(),
                       f"the name is {self.regions.name(b)} ({b}) but the code {a} is {self.regions.name(a)}",
                       "correct the code or the name so they agree")
            return None
        return codes.pop() if codes else None

    def _year(self, row: int, col: str | None, text: str) -> int | None:
        if not text:
            if self.year is not None:
                return int(self.year)
            self.issue(row, col or "year", text, "the year is blank", "fill in the year, or give it for the whole file (--year 2023)")
            return None
        s = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
        m = re.fullmatch(r"(\d{4})(?:\.0+)?", s)
        if not m:
            self.issue(row, col, text, f"'{text}' is not a year", "write the year as four digits, e.g. 2023")
            return None
        y = int(m.group(1))
        first, last = self.years
        if not first <= y <= last:
            self.issue(row, col, text, f"year {y} is outside {first}-{last}", f"check the year; the atlas covers {first}-{last}")
            return None
        return y

    def _indicator(self, row: int, col: str, text: str) -> Indicator | None:
        if not text:
            self.issue(row, col, text, "the indicator is blank", "write an indicator id or Chinese name, e.g. 森林覆盖率")
            return None
        base = _split_unit(text)[0]
        ind = self.catalog.find(text) or self.catalog.find(base)
        if ind is None:
            try:
                self.catalog.get(base)
            except AtlasError as exc:
                self.issue(row, col, text, exc.message, exc.fix or "")
        return ind

    def _value(self, row: int, col: str, text: str, ind: Indicator, blank_ok: bool = False) -> float | None | bool:
        """The number in a value (or target) cell; None when missing or bad (False for a bad optional target)."""
        parser = VALUE_PARSERS.get(ind.unit, parse_number)
        try:
            parsed = parser(text, ind.unit)
        except ValueProblem as exc:
            self.issue(row, col, text, exc.message, exc.fix)
            return False if blank_ok else None
        if parsed.value is None:
            if not blank_ok:
                self.issue(row, col, text, f"the value of {ind.name_zh} is blank (missing), so none is imported",
                           "fill in the figure, or leave it out if there is none", "warning")
                self.reasons.setdefault(row, []).append(f"{col}: value is blank")
            return None
        if parsed.warning:
            self.issue(row, col, text, parsed.warning, "check that the figure is in the catalog unit", "warning")
        lo_hi = ind.valid_range
        if lo_hi and not lo_hi[0] <= parsed.value <= lo_hi[1]:
            unit = {"": "", "%": "%"}.get(ind.unit, f" {ind.unit}")
            self.issue(row, col, text, f"{_fmt(parsed.value)} is outside the valid range {_fmt(lo_hi[0])}-{_fmt(lo_hi[1])}{unit} "
                                       f"of {ind.name_zh}", "check the figure and its unit" + (
                                           " (rates are percentages from 0 to 100)" if ind.unit == "%" else ""))
            return False if blank_ok else None
        return parsed.value

    def _target(self, row: int, col: str, text: str, ind: Indicator, adcode: str | None) -> float | None | bool:
        """A region's allocated target: None when blank, False (with an issue) when it cannot be used."""
        if not text.strip():
            return None
        if ind.rule == "qualitative":
            self.issue(row, col, text, f"{ind.name_zh} is a qualitative aim, tracked and not scored: it takes no target",
                       "leave the target cell empty")
            return False
        target = self._value(row, col, text, ind, blank_ok=True)
        if isinstance(target, float) and target < 0:
            self.issue(row, col, text, f"a target cannot be negative ({_fmt(target)})",
                       f"write the allocated target of {ind.name_zh} as a figure of 0 or more in {ind.unit or 'its unit'}")
            return False
        level = self.regions.levels.get(adcode) if adcode else None
        order = ind.levels
        if isinstance(target, float) and level in order and order.index(level) <= order.index(ind.binds):
            name = self.regions.name(adcode) if adcode else ""
            self.issue(row, col, text, f"{name} is a unit of {level} level, where no target is allocated: the plan sets "
                                       f"{ind.name_zh} at {ind.binds} level",
                       "leave the target empty here (the plan's own target applies), or allocate targets to "
                       "units below that level (cities, counties)")
            return False
        return target

    def _provenance(self, row: int, roles: dict[str, str], word: str, source: str) -> tuple[str, str | None]:
        if not word:
            # A user value never travels without a source: at least the file it came from.
            return "user", source or f"{self.raw.name} (your table; no source given)"
        prov = PROVENANCE_WORDS.get(word.lower())
        col = roles.get("provenance")
        if prov is None:
            self.issue(row, col, word, f"'{word}' is not a provenance; the value is kept as user",
                       "write official (with a source) or user", "warning")
            return "user", source or f"{self.raw.name} (your table; no source given)"
        if prov == "official" and not source:
            self.issue(row, col, word, "official values need a source; the value is kept as user",
                       "fill in the source (来源) column with the publication", "warning")
            return "user", f"{self.raw.name} (your table; no source given)"
        return prov, source or None

    # ------------------------------------------------------------------ across rows
    def _duplicates(self) -> None:
        first: dict[tuple[str, str, int], _Record] = {}
        dropped: set[int] = set()
        for i, rec in enumerate(self.records):
            key = (rec.adcode, rec.indicator, rec.year)
            if key not in first:
                first[key] = rec
                continue
            seen = first[key]
            what = f"{self.regions.name(rec.adcode)} ({rec.adcode}), {rec.indicator}, {rec.year}"
            shown = _fmt(rec.value if rec.value is not None else rec.target)
            if seen.value == rec.value and seen.target == rec.target:
                self.issue(rec.row, rec.column, shown, f"repeats {what} of row {seen.row} with the same value; kept once",
                           f"delete row {rec.row}", "warning")
                dropped.add(i)
                continue
            first_shown = _fmt(seen.value if seen.value is not None else seen.target)
            self.issue(rec.row, rec.column, shown,
                       f"rows {seen.row} and {rec.row} both give {what}: {first_shown} and {shown}",
                       f"keep one of rows {seen.row} and {rec.row}")
            self.reasons.setdefault(seen.row, []).append(f"{rec.column}: duplicate of row {rec.row}")
            dropped.add(i)
            dropped.add(next(j for j, r in enumerate(self.records) if r is seen))
        self.records = [r for i, r in enumerate(self.records) if i not in dropped]

    def _result(self, long: bool) -> ImportResult:
        table = pd.DataFrame([{"adcode": r.adcode, "indicator": r.indicator, "year": r.year, "value": r.value,
                               "target": r.target, "source": r.source, "provenance": r.provenance, "note": r.note}
                              for r in self.records])
        values = normalise(table).sort_values(KEY, kind="stable", na_position="first").reset_index(drop=True)
        frame = self.raw.frame
        own = {"row", "reason"}
        rejected_rows = []
        for row in sorted(self.reasons):
            cells = frame.loc[row]
            entry = {"row": row, "reason": "; ".join(self.reasons[row])}
            entry.update({(f"{c} (original)" if c in own else c): str(v) for c, v in cells.items()})
            rejected_rows.append(entry)
        columns = ["row", "reason"] + [f"{c} (original)" if c in own else c for c in frame.columns]
        rejected = pd.DataFrame(rejected_rows, columns=columns)
        rows_read = sum(1 for pos in range(len(frame)) if any(str(v).strip() for v in frame.iloc[pos]))
        notes = (self.raw.describe(),) + self.raw.notes
        issues = sorted(self.issues, key=lambda i: (i.row is not None, i.row or 0))  # stable: file-level first
        return ImportResult(self.raw.name, values, rejected, issues, rows_read, "long" if long else "wide", notes)
