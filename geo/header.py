"""Where a table's header is, as statistical yearbooks print it: title and unit rows above, one to four header rows
(an indicator merged over its year columns, a units row), footnote rows (注：…) below the figures.

Pure functions over (row number, cells) pairs; the readers (geo.readers.grid) call `find_header` and keep what it
found on the RawTable so the preview can show it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from geo.cells import header_key, is_missing
from geo.units import known, unit_in_title

# Column role -> header spellings (compared after NFKC, lower case, without spaces, _ and -).
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("adcode", "code", "行政区划代码", "区划代码", "代码", "行政代码", "地区代码"),
    "region": (
        "region",
        "name",
        "county",
        "district",
        "地区",
        "县名",
        "区县",
        "县区",
        "县市区",
        "县(市、区)",
        "行政区",
        "地区名称",
        "名称",
        "行政区划",
        "行政区名称",
        "namezh",
        "地区/指标",
        "指标/地区",
        "县(市、区)名称",
        "设区市/县(市、区)",
    ),
    "indicator": ("indicator", "indicatorid", "指标", "指标名称", "指标代码"),
    "year": ("year", "年份", "年度", "年"),
    "period": ("period", "时期", "月份", "月", "季度", "统计期"),
    "value": ("value", "数值", "值", "指标值"),
    "target": ("target", "目标值", "目标"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "notes", "remark", "备注", "说明"),
    "provenance": ("provenance", "数据性质"),
    "unit": ("unit", "单位", "计量单位"),
    # Read by people, not by the atlas: no warning when they are present.
    # The unit a region belongs to: resolves a name that several units bear (鼓楼区 in several cities).
    "parent": ("城市", "设区市", "所属市", "地市", "所属地市", "cityzh", "city", "parent"),
    "info": ("序号", "no", "编号", "nameen", "pinyin", "拼音", "level", "级别", "parentadcode", "areakm2"),
}
ROLE_OF: dict[str, str] = {header_key(h): role for role, hs in ROLE_HEADERS.items() for h in hs}
# The first words of a footnote row below the figures.
FOOTNOTE_WORDS: tuple[str, ...] = ("注", "附注", "资料来源", "数据来源", "说明", "备注", "来源", "note", "source")
_FOOTNOTE = re.compile(rf"^(?:{'|'.join(map(re.escape, FOOTNOTE_WORDS))})\s*[:：]", re.IGNORECASE)
_NUMERIC = re.compile(r"[\d\s.,%+\-eE]+")
_YEAR_LIKE = re.compile(r"(19|20)\d{2}(\.0+)?")
MAX_HEADER_ROWS = 4  # a header deeper than this is data, not header
HEADER_SEARCH = 60  # rows searched for the header: a title block longer than this is refused


@dataclass(frozen=True)
class HeaderFound:
    """Where the header is: its rows, each column's header texts top to bottom, and the rows above it."""

    rows: tuple[int, ...]  # spreadsheet numbers of the header rows
    columns: tuple[tuple[str, ...], ...]  # per column (0-based position): its header texts, top to bottom
    above: tuple[tuple[int, str], ...]  # (row number, text) of the title and unit rows above the header
    unit: str | None  # the unit a title or units row gives for the whole table ("单位：万亩")
    start: int  # index into the filled rows of the first data row


def role_of(text: str) -> str | None:
    """The column role a header names (region, code, year, …), or None."""
    key = header_key(text)
    if key in ROLE_OF:
        return ROLE_OF[key]
    base = re.sub(r"[(（].*?[)）]\s*$", "", unicodedata.normalize("NFKC", text)).strip()
    return ROLE_OF.get(header_key(base))


def is_footnote(cells: Sequence[str]) -> bool:
    """A row that is a footnote: its first filled cell starts with 注：, 资料来源：, 说明：… and at most one other cell."""
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and len(filled) <= 2 and bool(_FOOTNOTE.match(unicodedata.normalize("NFKC", filled[0])))


def filled_count(cells: Sequence[str]) -> int:
    """How many cells of a row hold something."""
    return sum(bool(c.strip()) for c in cells)


def _numeric(text: str) -> bool:
    s = unicodedata.normalize("NFKC", text).strip()
    return bool(s) and bool(_NUMERIC.fullmatch(s))


def _header_like(cells: Sequence[str]) -> bool:
    """A row that could head columns: two or more cells, not all of them numbers."""
    shown = [c.strip() for c in cells if c.strip()]
    return len(shown) >= 2 and not all(_numeric(c) for c in shown)


def _continues(cells: Sequence[str], label: int, header: Sequence[str]) -> bool:
    """Whether a row below the header is more header: its label cell blank (or the merged label again) and no cell a
    figure (a four-digit year heads a column)."""
    first = cells[label].strip() if label < len(cells) else ""
    units_row = role_of(first) == "unit" if first else False  # 单位 | % | 万亩
    if first and not units_row and first != (header[label].strip() if label < len(header) else ""):
        return False
    rest = [c.strip() for i, c in enumerate(cells) if i != label and c.strip()]
    if not rest:
        return False
    headings = all(
        not _numeric(c) or _YEAR_LIKE.fullmatch(unicodedata.normalize("NFKC", c)) or unit_part(c) for c in rest
    )
    return headings and not all(is_missing(c) for c in rest)


def find_header(filled: Sequence[tuple[int, list[str]]]) -> HeaderFound | None:
    """The header of a table given its non-blank rows (row number, cells merged-filled); None when no row within
    HEADER_SEARCH rows can head columns."""
    candidates: list[int] = []
    for i, (_, cells) in enumerate(filled[:HEADER_SEARCH]):
        if _header_like(cells):
            candidates.append(i)
        elif not candidates and any(_numeric(c) for c in cells):
            return None  # figures before any row that could head them: the table has no header
    if not candidates:
        return None
    window = filled[:HEADER_SEARCH]
    # A row naming the region column is the header; otherwise the first row that could be one.
    named = [i for i in candidates if any(role_of(c) in ("region", "code") for c in window[i][1] if c.strip())]
    at = named[0] if named else candidates[0]
    header = filled[at][1]
    label = next((i for i, c in enumerate(header) if c.strip()), 0)
    rows = [at]
    # A long table's header (地区, 指标, 年份, 数值) is one row: a row below it is data, even one with blanks.
    long = {role_of(c) for c in header if c.strip()} >= {"indicator"}
    while not long and len(rows) < MAX_HEADER_ROWS and at + len(rows) < len(filled):
        if not _continues(filled[at + len(rows)][1], label, header):
            break
        rows.append(at + len(rows))
    width = max(len(filled[i][1]) for i in rows)
    grid = [list(filled[i][1]) + [""] * (width - len(filled[i][1])) for i in rows]
    # Without merge information (CSV), a heading over several columns is written once, in its first column.
    for k in range(len(grid) - 1):
        for j in range(1, width):
            left = grid[k][j - 1].strip()
            below = any(grid[m][j].strip() for m in range(k + 1, len(grid)))
            if not grid[k][j].strip() and left and below and role_of(left) is None and j - 1 != label:
                grid[k][j] = grid[k][j - 1]
    columns: list[tuple[str, ...]] = []
    for j in range(width):
        parts: list[str] = []
        for k in range(len(grid)):
            text = grid[k][j].strip().lstrip("\ufeff").strip()
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        columns.append(tuple(parts))
    # A title merged across the sheet is spread over its cells: said once.
    above = tuple((n, " ".join(dict.fromkeys(c.strip() for c in cells if c.strip()))) for n, cells in filled[:at])
    unit = next(
        (u for _, cells in filled[:at] for c in cells if (u := unit_in_title(c)) is not None),
        None,
    )
    return HeaderFound(tuple(filled[i][0] for i in rows), tuple(columns), above, unit, at + len(rows))


def unit_part(text: str) -> str | None:
    """The unit a header part is when it is only a unit ('%', '万亩', '单位：公顷'), else None."""
    inside = unit_in_title(text)
    if inside is not None:
        return inside
    s = unicodedata.normalize("NFKC", text).strip().strip("()（）")
    return s if known(s) else None
