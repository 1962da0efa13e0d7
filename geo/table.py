"""Reading a user's table safely into text cells: one reader per format in READERS, `read_table` picks one.

Every cell comes back as text ('' when blank) so codes keep their leading zeros and nothing is guessed;
the importer decides what each cell means. Limits (file size, rows, unzipped size) come from Settings.
Rows are numbered as a spreadsheet shows them: `RawTable.row_number(i)` of the i-th data row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from geo.errors import InputFileError
from geo.readers import FORMATS_HINT
from geo.readers.grid import RawTable, cell_text
from geo.readers.limits import check_size
from geo.readers.shapefile import read_shapefile
from geo.readers.text import read_text
from geo.readers.vector import vector_reader
from geo.readers.xlsx import read_xlsx, read_xlsx_sheets
from geo.settings import Settings

__all__ = [
    "FORMATS_HINT",
    "READERS",
    "REFUSED",
    "RawTable",
    "Reader",
    "read_table",
    "reader_for",
    "read_tables",
    "table_from_frame",
]


@dataclass(frozen=True)
class Reader:
    """A file format: its name (RawTable.format), the file name endings it is read from, and its reader."""

    format: str
    extensions: tuple[str, ...]
    read: Callable[[bytes, str, Settings], RawTable]


READERS: Mapping[str, Reader] = MappingProxyType(
    {
        r.format: r
        for r in (
            Reader("CSV", (".csv", ".tsv", ".txt"), read_text),
            Reader("XLSX", (".xlsx",), read_xlsx),
            Reader("GeoJSON", (".geojson", ".json"), vector_reader("GeoJSON")),
            Reader("GeoPackage", (".gpkg",), vector_reader("GeoPackage")),
            Reader("Shapefile", (".zip",), read_shapefile),
        )
    }
)
_BY_EXTENSION: Mapping[str, Reader] = MappingProxyType({ext: r for r in READERS.values() for ext in r.extensions})
# Extensions people try that are refused with a reason of their own.
REFUSED: Mapping[str, str] = MappingProxyType(
    {
        ".xls": "old binary Excel (.xls) workbooks are not read",
        ".et": "WPS spreadsheets (.et) are not read",
        ".xlsm": "workbooks with macros (.xlsm) are not read",
    }
)


def reader_for(name: str) -> Reader:
    """The reader of a file, by the ending of its name; InputFileError says which formats are read."""
    ext = Path(name).suffix.lower()
    reader = _BY_EXTENSION.get(ext)
    if reader is None:
        if ext in REFUSED:
            raise InputFileError(
                f"{name}: {REFUSED[ext]}",
                "save it as .xlsx or CSV UTF-8 and upload that",
                "format_refused",
                name=name,
                ext=ext,
                what_en=REFUSED[ext],
            )
        shown = f"'{ext}'" if ext else "no extension"
        raise InputFileError(
            f"{name}: files with {shown} cannot be read",
            FORMATS_HINT,
            "format_unknown",
            name=name,
            shown_en=shown,
            ext_zh=ext or "无扩展名",
        )
    return reader


def read_table(source: Path | str | bytes, name: str | None = None, *, settings: Settings | None = None) -> RawTable:
    """Read an uploaded file (bytes + name) or a path into text cells; InputFileError/LimitExceeded say why not."""
    settings = settings or Settings()
    data, name = _load(source, name, settings)
    return reader_for(name).read(data, name, settings)


def read_tables(
    source: Path | str | bytes,
    name: str | None = None,
    *,
    settings: Settings | None = None,
    sheets: Sequence[str] | None = None,
) -> list[RawTable]:
    """Like read_table, but a workbook gives the sheets named in `sheets` (every sheet holding cells when `sheets` is
    empty; the first when None); other formats give their one table."""
    settings = settings or Settings()
    data, name = _load(source, name, settings)
    reader = reader_for(name)
    if reader.format == "XLSX":
        return read_xlsx_sheets(data, name, settings, sheets)
    return [reader.read(data, name, settings)]


def _load(source: Path | str | bytes, name: str | None, settings: Settings) -> tuple[bytes, str]:
    """The bytes of an upload or a path, within the size limit, and the file's name."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not name:
            raise InputFileError(
                "an uploaded table came without a file name", "give the file name so its format is known"
            )
        data = bytes(source)
        check_size(name, len(data), settings)
    else:
        path = Path(source)
        name = name or path.name
        try:
            check_size(name, path.stat().st_size, settings)
            data = path.read_bytes()
        except IsADirectoryError:
            raise InputFileError(f"{path} is a folder, not a file", "give the path of a table file") from None
        except OSError as exc:
            raise InputFileError(
                f"cannot read {path}: {exc.strerror or exc}", "check the path and its permissions"
            ) from None
    reader_for(name)
    if not data.strip():
        raise InputFileError(
            f"{name} is empty", "choose a file with a header row and at least one data row", "file_empty", name=name
        )
    return data, name


def table_from_frame(frame: pd.DataFrame, name: str = "table") -> RawTable:
    """A RawTable from a DataFrame already in memory (copied; cells turned to text, header = row 1)."""
    out = frame.copy()
    out.columns = [cell_text(c) for c in out.columns]
    for col in range(out.shape[1]):
        out.isetitem(col, [cell_text(v) for v in out.iloc[:, col]])
    out = out.astype(object).reset_index(drop=True)
    out.index = range(2, 2 + len(out))
    return RawTable(out, name, "table")
