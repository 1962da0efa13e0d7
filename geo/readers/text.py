"""The CSV reader: text in UTF-8 (with or without BOM), UTF-16, GBK or GB18030, comma, tab or semicolon separated."""

from __future__ import annotations

import codecs
import csv
import io

from geo.errors import InputFileError
from geo.readers.grid import RawTable, grid
from geo.readers.limits import too_many_rows
from geo.settings import Settings

# Encodings tried for text files, in order, with the name reported to the user. GBK before GB18030: a file
# GBK decodes is reported as GBK (what Excel on Chinese Windows writes); GB18030 catches the rest.
TEXT_ENCODINGS: tuple[tuple[str, str], ...] = (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))


def read_text(data: bytes, name: str, settings: Settings) -> RawTable:
    """A CSV (or TSV) file as text cells; a leading block of '# key: value' lines (an export's) is skipped."""
    if data.startswith(b"PK\x03\x04"):
        raise InputFileError(
            f"{name} is a zip archive (perhaps an Excel workbook), not a CSV text file",
            "rename it to .xlsx if it is a workbook, or save it as CSV UTF-8",
            "csv_is_zip",
            name=name,
        )
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise InputFileError(
            f"{name} holds binary data (NUL bytes), not CSV text",
            "save the table as CSV UTF-8",
            "csv_binary",
            name=name,
        )
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)  # ties keep the comma (first of the three)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            rows.append((number, cells))
            if len(rows) > settings.max_table_rows + 1:
                raise too_many_rows(name, settings)
    except csv.Error as exc:
        raise InputFileError(
            f"{name} row {len(rows) + 1}: the CSV cannot be parsed ({exc})",
            "check the quotes in that row, or save the table again as CSV UTF-8",
            "csv_unparsable",
            name=name,
            row=len(rows) + 1,
        ) from None
    notes = [f"columns separated by {'tab' if delimiter == chr(9) else repr(delimiter)}"] if delimiter != "," else []
    # Exports (geo.export.to_csv) start with '# key: value' lines saying where the figures come from.
    comments = 0
    while comments < len(rows) and rows[comments][1][:1] and rows[comments][1][0].startswith("#"):
        comments += 1
    if comments:
        notes.append(f"{_lines(comments)} starting with # above the header skipped (an export's description)")
        rows = rows[comments:]
    return grid(rows, name, "CSV", encoding, notes)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            pass
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    else:
        for codec, label in TEXT_ENCODINGS:
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                continue
    raise InputFileError(
        f"{name} is not text in UTF-8, GBK or GB18030",
        "save it from Excel or WPS as 'CSV UTF-8', or upload the .xlsx",
        "text_encoding",
        name=name,
    )


def _lines(count: int) -> str:
    return f"{count} line{'s' * (count != 1)}"
