"""What every reader gives: a RawTable of text cells, its header found and its columns named, rows numbered.

Every cell comes back as text ('' when blank) so codes keep their leading zeros and nothing is guessed;
the importers decide what each cell means. Rows are numbered as a spreadsheet shows them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.errors import InputFileError, LimitExceeded
from geo.header import HEADER_SEARCH, MAX_HEADER_ROWS, filled_count, find_header, is_footnote

# Exports put an apostrophe before text a spreadsheet would run as a formula (geo.spreadsheet); reading such a
# cell back removes it, so an export read again gives the same table.
_EXPORT_MARK = re.compile(r"'(?=[=+\-@\t\r])")
_NUMERIC = re.compile(r"[\d\s.,%+\-eE]+")
MAX_COLUMNS = 2000  # a sheet wider than this is not a table of regions


@dataclass(frozen=True)
class RawTable:
    """A user's table as text: `frame` (one column per header cell, every cell a str), and how it was read."""

    frame: pd.DataFrame  # index = spreadsheet row numbers
    name: str
    format: str  # "CSV", "XLSX", "GeoJSON", "GeoPackage", "Shapefile", "table"
    encoding: str | None = None  # for text files: "UTF-8", "UTF-8 with BOM", "GBK", "GB18030", "UTF-16"
    header_row: int = 1  # spreadsheet row number of the (first) header row
    notes: tuple[str, ...] = ()
    sheet: str | None = None  # the workbook sheet it came from
    header_rows: tuple[int, ...] = ()  # every header row (a yearbook's two-row header: indicator over year)
    headers: tuple[tuple[str, ...], ...] = ()  # per column of `frame`: its header texts, top to bottom
    letters: tuple[str, ...] = ()  # per column of `frame`: its spreadsheet letter (A, B, …)
    above: tuple[tuple[int, str], ...] = ()  # (row, text) of title and unit rows above the header
    unit: str | None = None  # the unit a title or units row gives for the whole table ("单位：万亩")
    skipped: tuple[tuple[int, str], ...] = ()  # (row, text) of footnote rows below the figures, not read
    sheets: tuple[str, ...] = ()  # every sheet of the workbook

    def letter(self, column: str) -> str:
        """The spreadsheet letter of a column of `frame` ('' when unknown)."""
        cols = list(self.frame.columns)
        if column in cols and len(self.letters) == len(cols):
            return self.letters[cols.index(column)]
        return _letter(cols.index(column)) if column in cols else ""

    def cell(self, row: int | None, column: str | None) -> str:
        """The cell as a spreadsheet user names it: 'Sheet1!C7' (or 'C7' outside a workbook; '' when unknown)."""
        if row is None or column is None:
            return ""
        letter = self.letter(column)
        if not letter:
            return ""
        return f"{self.sheet}!{letter}{row}" if self.sheet else f"{letter}{row}"

    def row_number(self, position: int) -> int:
        """Spreadsheet row number of the data row at `position` (0-based)."""
        return int(self.frame.index[position])

    def describe(self) -> str:
        """One line: what was read and how."""
        how = f"{self.format}, {self.encoding}" if self.encoding else self.format
        rows, cols = len(self.frame), len(self.frame.columns)
        return f"read {self.name} as {how}: {rows} row{'s' * (rows != 1)}, {cols} column{'s' * (cols != 1)}"


def cell_text(value: Any) -> str:
    """Text of one cell as a user would read it: 360702.0 -> '360702', 63.1 -> '63.1', None/NaN -> ''."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars -> Python, then as above
        try:
            return cell_text(value.item())
        except (ValueError, TypeError):
            pass
    return str(value)


Merge = tuple[int, int, int, int]  # a merged range: first row, first column, last row, last column (1-based)


def grid(
    rows: list[tuple[int, list[str]]],
    name: str,
    fmt: str,
    encoding: str | None,
    notes: list[str],
    *,
    merges: Sequence[Merge] = (),
    sheet: str | None = None,
    sheets: tuple[str, ...] = (),
) -> RawTable:
    """RawTable from (row number, cells) pairs: finds the header (title and unit rows above it, several header rows,
    merged headings), names columns, pads ragged rows, and sets footnote rows below the figures aside."""
    marked = sum(bool(_EXPORT_MARK.match(c)) for _, cells in rows for c in cells)
    if marked:
        rows = [(n, [c[1:] if _EXPORT_MARK.match(c) else c for c in cells]) for n, cells in rows]
        notes.append(
            f"{marked} cell{'s' * (marked != 1)} began with the apostrophe exports put before = + - @; it was removed"
        )
    rows = _fill_merges(rows, merges)
    filled = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    where = f"{name} (sheet {sheet})" if sheet else name
    if not filled:
        raise InputFileError(
            f"{where} is empty", "choose a file with a header row and at least one data row", "file_empty", name=where
        )
    found = find_header(filled)
    if found is None:
        if len(filled) > HEADER_SEARCH and not any(_NUMERIC.fullmatch(c.strip()) for c in filled[0][1] if c.strip()):
            raise InputFileError(
                f"{where}: no header row in the first {HEADER_SEARCH} rows",
                "delete the rows above the header so that it is within the first rows of the sheet",
                "no_header_near",
                name=where,
                n=HEADER_SEARCH,
            )
        shown = [c.strip() for c in filled[0][1] if c.strip()]
        sample = ", ".join(f"'{c}'" for c in shown[:3])
        raise InputFileError(
            f"{where} has no header row: row {filled[0][0]} holds {sample}",
            "add a first row naming the columns, e.g. 地区,指标,年份,数值",
            "no_header",
            name=where,
            row=filled[0][0],
            sample=sample,
        )
    header_row = found.rows[0]
    if found.above:
        first, last = found.above[0][0], found.above[-1][0]
        notes.append(
            f"rows {first}-{last} taken as a title, header in row {header_row}"
            if len(found.above) > 1
            else f"row {first} taken as a title, header in row {header_row}"
        )
    if len(found.rows) > 1:
        notes.append(f"header in rows {found.rows[0]}-{found.rows[-1]}")
    last_header = found.rows[-1]
    data = [(n, cells) for n, cells in rows if n > last_header]
    if len(found.columns) > MAX_COLUMNS or any(len(c) > MAX_COLUMNS for _, c in data[:1000]):
        raise LimitExceeded(
            f"{where} has more than {MAX_COLUMNS} columns",
            "keep one table per sheet, with its regions down the rows and at most a few hundred columns",
            "too_many_columns",
            name=where,
            n=MAX_COLUMNS,
        )
    # Footnotes (注：…, 资料来源：…) and the lines that follow them at the foot of the table are not figures.
    skipped: list[tuple[int, str]] = []
    kept: list[tuple[int, list[str]]] = []
    in_notes = False
    for n, cells in data:
        count = filled_count(cells)
        if 0 < count <= 2 and (is_footnote(cells) or (in_notes and count == 1)):  # a row of figures is no note
            in_notes = True
            skipped.append((n, next(c.strip() for c in cells if c.strip())))
            continue
        kept.append((n, cells))
    width = max([len(found.columns)] + [len(c) for _, c in kept])
    columns: list[str] = []
    heads: list[tuple[str, ...]] = []
    letters: list[str] = []
    for i in range(width):
        parts = found.columns[i] if i < len(found.columns) else ()
        text = " · ".join(parts) or f"(column {_letter(i)})"
        if text in columns:
            notes.append(f"header '{text}' appears twice; the second is read as '{text} ({_letter(i)})'")
            text = f"{text} ({_letter(i)})"
        columns.append(text)
        heads.append(parts)
        letters.append(_letter(i))
    body = [cells + [""] * (width - len(cells)) for _, cells in kept]
    frame = pd.DataFrame(body, columns=columns, index=[n for n, _ in kept], dtype=object)
    # Columns with neither a header nor any content (a blank column A, trailing formatted cells) are noise.
    blank = [
        i for i, c in enumerate(columns) if c == f"(column {_letter(i)})" and not any(str(v).strip() for v in frame[c])
    ]
    if blank:
        frame = frame.drop(columns=[columns[i] for i in blank])
        heads = [h for i, h in enumerate(heads) if i not in set(blank)]
        letters = [x for i, x in enumerate(letters) if i not in set(blank)]
    if not any(filled_count(c) for _, c in kept):
        raise InputFileError(
            f"{where} has a header row but no data rows",
            "add one row per value below the header",
            "no_data_rows",
            name=where,
        )
    return RawTable(
        frame,
        name,
        fmt,
        encoding,
        header_row,
        tuple(notes),
        sheet=sheet,
        header_rows=found.rows,
        headers=tuple(heads),
        letters=tuple(letters),
        above=found.above,
        unit=found.unit,
        skipped=tuple(skipped),
        sheets=sheets,
    )


def _fill_merges(rows: list[tuple[int, list[str]]], merges: Sequence[Merge]) -> list[tuple[int, list[str]]]:
    """Rows with each merged range's value copied into every cell it spans (a heading over its year columns)."""
    if not merges:
        return rows
    by_number = {n: i for i, (n, _) in enumerate(rows)}
    out = [(n, list(cells)) for n, cells in rows]
    for r0, c0, r1, c1 in merges:
        if r0 > HEADER_SEARCH + MAX_HEADER_ROWS or r0 not in by_number or (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
            continue  # merges in the body are layout, not headings; a huge merge is not worth spreading
        top = out[by_number[r0]][1]
        value = top[c0 - 1] if c0 - 1 < len(top) else ""
        for r in range(r0, r1 + 1):
            if r not in by_number:
                continue
            cells = out[by_number[r]][1]
            if len(cells) < c1:
                cells.extend([""] * (c1 - len(cells)))
            for c in range(c0 - 1, c1):
                cells[c] = value
    return out


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
