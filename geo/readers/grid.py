"""What every reader gives: a RawTable of text cells, its header found and its columns named, rows numbered.

Every cell comes back as text ('' when blank) so codes keep their leading zeros and nothing is guessed;
the importers decide what each cell means. Rows are numbered as a spreadsheet shows them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.errors import InputFileError

# Exports put an apostrophe before text a spreadsheet would run as a formula (geo.spreadsheet); reading such a
# cell back removes it, so an export read again gives the same table.
_EXPORT_MARK = re.compile(r"'(?=[=+\-@\t\r])")
_NUMERIC = re.compile(r"[\d\s.,%+\-eE]+")


@dataclass(frozen=True)
class RawTable:
    """A user's table as text: `frame` (one column per header cell, every cell a str), and how it was read."""

    frame: pd.DataFrame  # index = spreadsheet row numbers
    name: str
    format: str  # "CSV", "XLSX", "GeoJSON", "GeoPackage", "Shapefile", "table"
    encoding: str | None = None  # for text files: "UTF-8", "UTF-8 with BOM", "GBK", "GB18030", "UTF-16"
    header_row: int = 1  # spreadsheet row number of the header
    notes: tuple[str, ...] = ()

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


def grid(rows: list[tuple[int, list[str]]], name: str, fmt: str, encoding: str | None, notes: list[str]) -> RawTable:
    """RawTable from (row number, cells) pairs: finds the header, names columns, pads ragged rows."""
    marked = sum(bool(_EXPORT_MARK.match(c)) for _, cells in rows for c in cells)
    if marked:
        rows = [(n, [c[1:] if _EXPORT_MARK.match(c) else c for c in cells]) for n, cells in rows]
        notes.append(
            f"{marked} cell{'s' * (marked != 1)} began with the apostrophe exports put before = + - @; it was removed"
        )
    filled = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not filled:
        raise InputFileError(f"{name} is empty", "choose a file with a header row and at least one data row")
    start = 0
    # Yearbook sheets often start with a one-cell title line above the real header.
    while (
        start + 1 < len(filled)
        and sum(bool(c.strip()) for c in filled[start][1]) == 1
        and any(sum(bool(c.strip()) for c in cells) > 1 for _, cells in filled[start + 1 : start + 6])
    ):
        start += 1
    header_row, header = filled[start]
    if start:
        notes.append(
            f"rows {filled[0][0]}-{filled[start - 1][0]} taken as a title, header in row {header_row}"
            if start > 1
            else f"row {filled[0][0]} taken as a title, header in row {header_row}"
        )
    shown = [c.strip() for c in header if c.strip()]
    if all(_NUMERIC.fullmatch(c) for c in shown):
        sample = ", ".join(f"'{c}'" for c in shown[:3])
        raise InputFileError(
            f"{name} has no header row: row {header_row} holds {sample}",
            "add a first row naming the columns, e.g. 地区,指标,年份,数值",
        )
    data = [(n, cells) for n, cells in rows if n > header_row]
    width = max([len(header)] + [len(c) for _, c in data])
    columns: list[str] = []
    for i in range(width):
        text = header[i].strip().lstrip("\ufeff").strip() if i < len(header) else ""
        text = text or f"(column {_letter(i)})"
        if text in columns:
            notes.append(f"header '{text}' appears twice; the second is read as '{text} ({_letter(i)})'")
            text = f"{text} ({_letter(i)})"
        columns.append(text)
    body = [cells + [""] * (width - len(cells)) for _, cells in data]
    frame = pd.DataFrame(body, columns=columns, index=[n for n, _ in data], dtype=object)
    # Columns with neither a header nor any content (a blank column A, trailing formatted cells) are noise.
    unnamed_blank = [
        c for i, c in enumerate(columns) if c == f"(column {_letter(i)})" and not any(str(v).strip() for v in frame[c])
    ]
    frame = frame.drop(columns=unnamed_blank)
    if frame.empty:
        raise InputFileError(f"{name} has a header row but no data rows", "add one row per value below the header")
    return RawTable(frame, name, fmt, encoding, header_row, tuple(notes))


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
