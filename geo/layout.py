"""How a user's table is read, column by column: the Reading the preview shows and the user may correct.

Long: 地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]. Wide: one row per region, one column per indicator and period, as
yearbooks print them: 森林覆盖率(%) with a 年份 column, or 森林覆盖率 merged over 2022年 / 2023年, or a title naming
the indicator over columns 1月…12月. Allocation: a long table with targets and no values.

`read_layout(raw, catalog)` is pure and returns a Reading (one ColumnReading per column, the rows above the header,
the footnote rows set aside, the table's unit); `Reading.corrected(...)` gives the reading with one column read
otherwise (an unrecognised header mapped to an indicator by hand, a period set), and geo.importer applies it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from geo import periods
from geo.catalog import Catalog, Indicator
from geo.cells import header_key
from geo.errors import LayoutError
from geo.header import ROLE_HEADERS, role_of, unit_part
from geo.messages import render
from geo.readers.grid import RawTable
from geo.units import factor, unit_key

__all__ = ["ROLE_HEADERS", "ColumnReading", "Reading", "read_layout", "split_unit", "unit_key"]

_UNIT_IN_HEADER = re.compile(r"^(.*?)\s*[(（]\s*(.*?)\s*[)）]\s*$")
FIGURES = "figures"  # the role of a wide table's column of one indicator's figures


@dataclass(frozen=True)
class ColumnReading:
    """How one column is read: its role, and for a column of figures the indicator, period and unit."""

    column: str  # the column's name in RawTable.frame
    letter: str  # its spreadsheet letter
    header: tuple[str, ...]  # its header texts, top to bottom
    role: str | None  # region, code, indicator, year, value, target, …, FIGURES, or None (not read)
    indicator: str | None = None  # catalog id (FIGURES)
    year: int | None = None  # the period's year when the header gives one
    period: str | None = None  # period code (geo.periods): None for a whole year
    unit: str | None = None  # the unit the header, a units row or the title gives
    factor: float | None = 1.0  # multiplier to the catalog unit; None: no safe conversion, column refused
    corrected: bool = False  # set by the user in the preview

    @property
    def read(self) -> bool:
        """Whether the column's cells enter the import."""
        return self.role is not None and (self.role != FIGURES or self.factor is not None)

    def reads_as(self) -> str:
        """What the column is read as, in codes: 'forest_coverage 2023', 'forest_coverage 2024-05', 'region'."""
        if self.role != FIGURES:
            return self.role or "—"
        when = self.period or (str(self.year) if self.year is not None else "")
        return f"{self.indicator} {when}".strip()

    def describe(self) -> str:
        """The preview's line: '森林覆盖率 · 2023 · % → forest_coverage 2023'."""
        return f"{' · '.join(self.header) or self.column} → {self.reads_as()}"


@dataclass(frozen=True)
class Reading:
    """How a table (one sheet) is read: where its header is, each column's reading, the rows set aside."""

    name: str
    sheet: str | None
    header_rows: tuple[int, ...]
    above: tuple[tuple[int, str], ...]  # (row, text) of the title and unit rows above the header
    skipped: tuple[tuple[int, str], ...]  # (row, text) of footnote rows, not read
    columns: tuple[ColumnReading, ...]
    unit: str | None = None  # the whole table's unit from its title or units row
    year: int | None = None  # the year of a table that names none (given by the user)
    sheets: tuple[str, ...] = ()  # every sheet of its workbook, for a choice of others
    year_from_title: bool = False  # `year` was read from the title ('2023年…'); the user may change it

    @property
    def roles(self) -> dict[str, str]:
        """Role -> column, for the columns that are not figures (the first of each role)."""
        out: dict[str, str] = {}
        for c in self.columns:
            if c.role is not None and c.role != FIGURES and c.role not in out:
                out[c.role] = c.column
        return out

    @property
    def figures(self) -> tuple[ColumnReading, ...]:
        """The columns of figures of a wide table that are read."""
        return tuple(c for c in self.columns if c.role == FIGURES and c.read)

    @property
    def long(self) -> bool:
        """One row per region, indicator and year (an allocation is long too)."""
        return not any(c.role == FIGURES for c in self.columns)

    @property
    def allocation(self) -> bool:
        """A long table with a target column and no value column: per-region targets only."""
        return self.long and "value" not in self.roles

    @property
    def needs_year(self) -> bool:
        """A wide table with a column of figures whose year neither its header, a year column nor the user gives."""
        if self.year is not None or "year" in self.roles:
            return False
        return any(c.year is None for c in self.figures)

    def column(self, name: str) -> ColumnReading:
        """The reading of a column by its name (KeyError lists the columns)."""
        for c in self.columns:
            if c.column == name:
                return c
        raise KeyError(f"no column {name!r}; columns: {', '.join(c.column for c in self.columns)}")

    def corrected(
        self,
        column: str,
        catalog: Catalog,
        *,
        indicator: str | None = None,
        period: str | None = None,
        ignore: bool = False,
    ) -> Reading:
        """The reading with one column read as the user says: as figures of `indicator` for `period` (a year
        '2023', or a code '2024-05'), or not at all (`ignore`)."""
        col = self.column(column)
        if ignore:
            new = replace(col, role=None, indicator=None, corrected=True)
        else:
            ind = catalog.get(indicator) if indicator else catalog.get(col.indicator or "")
            year, code = col.year, col.period
            if period:
                found = periods.parse(period) if not re.fullmatch(r"\d{4}-.+", period) else None
                p = found or periods.from_code(None, period)
                year, code = p.year, p.code
            new = _figures(col, ind, year, code, col.unit, corrected=True)
        return replace(self, columns=tuple(new if c.column == column else c for c in self.columns))

    def with_year(self, year: int | None) -> Reading:
        """The reading with the year of a table that names none."""
        return replace(self, year=year, year_from_title=False)

    def lines(self, lang: str = "en", names: Mapping[str, str] | None = None) -> list[str]:
        """The preview in a language: the sheet, the header rows, the title rows and footnotes set aside, and each
        column's reading ('column B: 森林覆盖率 · 2023年 → forest_coverage 2023'; with `names`, indicator id -> name
        in the language, 'B列：森林覆盖率 · 2023年 → 森林覆盖率 2023')."""
        out = [
            render("preview_sheet", {"sheet": self.sheet, "name": self.name}, lang)[0]
            if self.sheet
            else render("preview_file", {"name": self.name}, lang)[0],
            render("preview_header", {"rows": ", ".join(map(str, self.header_rows))}, lang)[0],
        ]
        out += [render("preview_above", {"row": n, "text": t}, lang)[0] for n, t in self.above]
        for c in self.columns:
            out.append(
                render(
                    "preview_column",
                    {
                        "letter": c.letter,
                        "header": " · ".join(c.header) or c.column,
                        "reading": _shown(c, lang, names or {}),
                    },
                    lang,
                )[0]
            )
        out += [render("preview_skipped", {"row": n, "text": t}, lang)[0] for n, t in self.skipped]
        if self.needs_year:
            out.append(render("preview_needs_year", {}, lang)[0])
        elif self.year_from_title:
            out.append(render("preview_title_year", {"year": self.year}, lang)[0])
        return out

    def check(self) -> None:
        """LayoutError when the reading cannot import anything: no region column, or nothing to read as values."""
        roles = self.roles
        if "code" not in roles and "region" not in roles:
            raise LayoutError(
                f"{self.name} has no region column (columns: {', '.join(c.column for c in self.columns)})",
                "name the column of county names or codes 地区, 区县, 行政区划代码 or region",
                "layout_no_region",
                name=self.name,
                columns=", ".join(c.column for c in self.columns),
            )
        long = "indicator" in roles and ("value" in roles or "target" in roles)
        if not long and not any(c.role == FIGURES for c in self.columns):
            raise LayoutError(
                f"{self.name} has neither indicator and value columns nor columns named after indicators",
                "use columns 地区, 指标, 年份, 数值 (long), or one column per indicator such as 森林覆盖率(%) (wide)",
                "layout_no_values",
                name=self.name,
            )
        if self.needs_year:
            raise LayoutError(
                f"{self.name} is a wide table without a year column",
                "add a column 年份, or give the year (--year 2023)",
                "layout_no_year",
                name=self.name,
            )


def _shown(c: ColumnReading, lang: str, names: Mapping[str, str]) -> str:
    """What a column is read as, for the preview: a role's name, or indicator and period with any conversion (the
    indicator by its name when `names` has it: a Chinese page shows no catalog code)."""
    if c.role != FIGURES:
        return render(f"role_{c.role or 'none'}", {}, lang)[0]
    text = c.reads_as()
    if c.indicator is not None and c.indicator in names:
        text = f"{names[c.indicator]} {c.period or (c.year if c.year is not None else '')}".strip()
    if c.factor is None:
        return text + render("preview_refused", {"unit": c.unit}, lang)[0]
    if c.unit and c.factor != 1.0:
        return text + render("preview_converted", {"unit": c.unit, "factor": f"{c.factor:g}"}, lang)[0]
    return text


def split_unit(header: str) -> tuple[str, str | None]:
    """A header without its unit in brackets, and the unit: '森林覆盖率(%)' -> ('森林覆盖率', '%')."""
    m = _UNIT_IN_HEADER.match(unicodedata.normalize("NFKC", header).strip())
    return (m.group(1).strip(), m.group(2)) if m and m.group(1).strip() else (header.strip(), None)


def read_layout(raw: RawTable, catalog: Catalog, year: int | None = None) -> Reading:
    """How each column of a table is read (pure): roles, and for yearbook columns (indicator, period, unit)."""
    headers = raw.headers if len(raw.headers) == len(raw.frame.columns) else tuple((c,) for c in raw.frame.columns)
    title_indicator = _title_indicator(raw, catalog)
    columns: list[ColumnReading] = []
    seen_roles: set[str] = set()
    for col, parts in zip(raw.frame.columns, headers):
        reading = _column(str(col), raw.letter(str(col)), parts, catalog, raw.unit, title_indicator)
        if reading.role not in (None, FIGURES):
            if reading.role in seen_roles:
                reading = replace(reading, role=None)  # a second 地区 column: the first one is read
            else:
                seen_roles.add(str(reading.role))
        columns.append(reading)
    roles = {c.role for c in columns}
    if "code" not in roles and "region" not in roles and "parent" in roles:
        # A table of cities: its 城市 column names the regions themselves.
        columns = [replace(c, role="region") if c.role == "parent" else c for c in columns]
    if "indicator" in roles and ("value" in roles or "target" in roles):
        # A long table: a column named after an indicator is not a second way of giving values.
        columns = [replace(c, role=None, indicator=None) if c.role == FIGURES else c for c in columns]
    return Reading(
        raw.name,
        raw.sheet,
        raw.header_rows or (raw.header_row,),
        raw.above,
        raw.skipped,
        tuple(columns),
        raw.unit,
        year if year is not None else _title_year(raw, columns),
        raw.sheets,
        year is None and _title_year(raw, columns) is not None,
    )


def _title_year(raw: RawTable, columns: list[ColumnReading]) -> int | None:
    """The one year a title names ('2023年各县森林覆盖率'), for columns of figures whose header gives none."""
    if not any(c.role == FIGURES and c.year is None for c in columns) or any(c.role == "year" for c in columns):
        return None
    title = unicodedata.normalize("NFKC", " ".join(t for _, t in raw.above))
    every = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", title))  # 2022-2023年: two years, none taken
    named = set(re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", title))
    return int(named.pop()) if len(every) == 1 and len(named) == 1 else None


def _column(
    col: str,
    letter: str,
    parts: tuple[str, ...],
    catalog: Catalog,
    table_unit: str | None,
    title_indicator: Indicator | None,
) -> ColumnReading:
    """The reading of one column from its header texts (top to bottom)."""
    base = ColumnReading(col, letter, parts, None)
    if not parts:
        return base
    if len(parts) > 1 and role_of(parts[-1]) == "unit":  # the label column's cell of a units row (单位)
        parts = parts[:-1]
    if len(parts) == 1 or all(role_of(p) == role_of(parts[0]) for p in parts):
        role = role_of(parts[0]) or role_of(col)
        if role is not None:
            return replace(base, role=role)
    ind: Indicator | None = None
    unit: str | None = None
    year: int | None = None
    code: str | None = None
    for part in parts:
        only_unit = unit_part(part)
        if only_unit is not None:
            unit = only_unit
            continue
        name, inner = split_unit(part)
        found = catalog.find(name) or catalog.find(part)
        if found is not None:
            ind, unit = found, inner or unit
            continue
        try:
            p = periods.parse(name, year)
        except periods.PeriodError:
            p = None
        if p is not None:
            year, code = p.year, p.code
            unit = inner or unit
    if ind is None and year is not None:
        ind = title_indicator
    if ind is None:
        return replace(base, year=year, period=code, unit=unit)
    return _figures(base, ind, year, code, unit or table_unit)


def _figures(
    col: ColumnReading,
    ind: Indicator,
    year: int | None,
    code: str | None,
    unit: str | None,
    corrected: bool = False,
) -> ColumnReading:
    """A column read as figures of an indicator, with the multiplier from its unit to the catalog's."""
    if unit is None or not ind.unit:
        mult: float | None = 1.0
    else:
        mult = factor(unit, ind.unit)
    return replace(
        col,
        role=FIGURES,
        indicator=ind.id,
        year=year,
        period=code,
        unit=unit,
        factor=mult,
        corrected=corrected or col.corrected,
    )


def _title_indicator(raw: RawTable, catalog: Catalog) -> Indicator | None:
    """The one indicator a title above the header names ('各县（市、区）森林覆盖率'), else None."""
    text = header_key(" ".join(t for _, t in raw.above))
    if not text:
        return None
    named = [i for i in catalog.indicators if header_key(i.name_zh) in text]
    longest = max(named, key=lambda i: len(i.name_zh), default=None)
    return (
        longest
        if longest is not None and all(header_key(i.name_zh) in header_key(longest.name_zh) for i in named)
        else None
    )


def column_hint(reading: ColumnReading, long: bool, catalog: Catalog) -> Mapping[str, str]:
    """Params of the column_not_read message: what the column is not, and a close indicator name when there is one."""
    names = [i.name_zh for i in catalog.indicators] + list(catalog.ids)
    what_en = "a known column" if long else "an indicator of the catalog"
    what_zh = "已知的列" if long else "指标目录中的指标"
    if not long:
        close = difflib.get_close_matches(split_unit(reading.column)[0], names, n=2, cutoff=0.6)
        if close:
            shown = ", ".join(close)
            return {
                "what_en": what_en,
                "what_zh": what_zh,
                "hint_en": f"did you mean {shown}?",
                "hint_zh": f"是否为 {shown}？可在预览中把该列对应到指标",
            }
    return {
        "what_en": what_en,
        "what_zh": what_zh,
        "hint_en": "rename it if it holds values, otherwise ignore this warning",
        "hint_zh": "若该列是数值，请改名或在预览中把它对应到指标；否则可忽略此提示",
    }
