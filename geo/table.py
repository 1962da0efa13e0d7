"""Reading a user's table (CSV, XLSX, GeoJSON, GeoPackage, zipped shapefile) safely into a DataFrame of text cells.

Every cell comes back as text ('' when blank) so codes keep their leading zeros and nothing is guessed;
the importer decides what each cell means. Limits (file size, rows, unzipped size) come from Settings.
Rows are numbered as a spreadsheet shows them: `RawTable.row_number(i)` of the i-th data row.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NoReturn

import pandas as pd

from geo.errors import InputFileError, LimitExceeded
from geo.settings import Settings

FORMATS_HINT = "use CSV, XLSX, GeoJSON or GeoPackage (.csv, .xlsx, .geojson, .gpkg)"
# Encodings tried for text files, in order, with the name reported to the user. GBK before GB18030: a file
# GBK decodes is reported as GBK (what Excel on Chinese Windows writes); GB18030 catches the rest.
TEXT_ENCODINGS: tuple[tuple[str, str], ...] = (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))
# The only OGR drivers a vector upload may be opened with, per format.
ALLOWED_DRIVERS: dict[str, str] = {"GeoJSON": "GeoJSON", "GeoPackage": "GPKG", "Shapefile": "ESRI Shapefile"}
# A zipped shapefile must hold these parts of one layer; .cpg (the attribute encoding) is optional.
SHAPEFILE_PARTS: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj")
# Encodings tried for a shapefile's attributes when no .cpg names one (GBK: what Chinese ArcGIS/QGIS write).
DBF_ENCODINGS: tuple[str, ...] = ("utf-8", "gbk", "gb18030")
# Exports put an apostrophe before text a spreadsheet would run as a formula (geo.spreadsheet); reading such a
# cell back removes it, so an export read again gives the same table.
_EXPORT_MARK = re.compile(r"'(?=[=+\-@\t\r])")
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")
_MB = 1024 * 1024
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


def read_table(source: Path | str | bytes, name: str | None = None, *, settings: Settings | None = None) -> RawTable:
    """Read an uploaded file (bytes + name) or a path into text cells; InputFileError/LimitExceeded say why not."""
    settings = settings or Settings()
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not name:
            raise InputFileError("an uploaded table came without a file name", "give the file name so its format is known")
        data = bytes(source)
        _check_size(name, len(data), settings)
    else:
        path = Path(source)
        name = name or path.name
        try:
            _check_size(name, path.stat().st_size, settings)
            data = path.read_bytes()
        except IsADirectoryError:
            raise InputFileError(f"{path} is a folder, not a file", "give the path of a table file") from None
        except OSError as exc:
            raise InputFileError(f"cannot read {path}: {exc.strerror or exc}", "check the path and its permissions") from None
    ext = Path(name).suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        if ext in REFUSED:
            raise InputFileError(f"{name}: {REFUSED[ext]}", "save it as .xlsx or CSV UTF-8 and upload that")
        shown = f"'{ext}'" if ext else "no extension"
        raise InputFileError(f"{name}: files with {shown} cannot be read", FORMATS_HINT)
    if not data.strip():
        raise InputFileError(f"{name} is empty", "choose a file with a header row and at least one data row")
    return reader(data, name, settings)


def table_from_frame(frame: pd.DataFrame, name: str = "table") -> RawTable:
    """A RawTable from a DataFrame already in memory (copied; cells turned to text, header = row 1)."""
    out = frame.copy()
    out.columns = [_cell(c) for c in out.columns]
    for col in range(out.shape[1]):
        out.isetitem(col, [_cell(v) for v in out.iloc[:, col]])
    out = out.astype(object).reset_index(drop=True)
    out.index = range(2, 2 + len(out))
    return RawTable(out, name, "table")


# ---------------------------------------------------------------------------------------------- limits
def _check_size(name: str, size: int, settings: Settings) -> None:
    if size > settings.max_upload_mb * _MB:
        raise LimitExceeded(f"{name} is {size / _MB:.1f} MB, more than the {settings.max_upload_mb} MB allowed",
                            "split the file, or raise the limit max_upload_mb (GANPO_MAX_UPLOAD_MB)")


def _too_many_rows(name: str, settings: Settings) -> LimitExceeded:
    return LimitExceeded(f"{name} has more than {settings.max_table_rows:,} rows",
                         "split the file, or raise the limit max_table_rows (GANPO_MAX_TABLE_ROWS)")


# ---------------------------------------------------------------------------------------------- cells and grid
def _cell(value: Any) -> str:
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
            return _cell(value.item())
        except (ValueError, TypeError):
            pass
    return str(value)


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _grid(rows: list[tuple[int, list[str]]], name: str, fmt: str, encoding: str | None, notes: list[str]) -> RawTable:
    """RawTable from (row number, cells) pairs: finds the header, names columns, pads ragged rows."""
    marked = sum(bool(_EXPORT_MARK.match(c)) for _, cells in rows for c in cells)
    if marked:
        rows = [(n, [c[1:] if _EXPORT_MARK.match(c) else c for c in cells]) for n, cells in rows]
        notes.append(f"{marked} cell{'s' * (marked != 1)} began with the apostrophe exports put before = + - @; "
                     "it was removed")
    filled = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not filled:
        raise InputFileError(f"{name} is empty", "choose a file with a header row and at least one data row")
    start = 0
    # Yearbook sheets often start with a one-cell title line above the real header.
    while (start + 1 < len(filled) and sum(bool(c.strip()) for c in filled[start][1]) == 1
           and any(sum(bool(c.strip()) for c in cells) > 1 for _, cells in filled[start + 1:start + 6])):
        start += 1
    header_row, header = filled[start]
    if start:
        notes.append(f"rows {filled[0][0]}-{filled[start - 1][0]} taken as a title, header in row {header_row}"
                     if start > 1 else f"row {filled[0][0]} taken as a title, header in row {header_row}")
    shown = [c.strip() for c in header if c.strip()]
    if all(_NUMERIC.fullmatch(c) for c in shown):
        sample = ", ".join(f"'{c}'" for c in shown[:3])
        raise InputFileError(f"{name} has no header row: row {header_row} holds {sample}",
                             "add a first row naming the columns, e.g. 地区,指标,年份,数值")
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
    unnamed_blank = [c for i, c in enumerate(columns)
                     if c == f"(column {_letter(i)})" and not any(str(v).strip() for v in frame[c])]
    frame = frame.drop(columns=unnamed_blank)
    if frame.empty:
        raise InputFileError(f"{name} has a header row but no data rows", "add one row per value below the header")
    return RawTable(frame, name, fmt, encoding, header_row, tuple(notes))


# ---------------------------------------------------------------------------------------------- text (CSV)
def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 with BOM"
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
    raise InputFileError(f"{name} is not text in UTF-8, GBK or GB18030",
                         "save it from Excel or WPS as 'CSV UTF-8', or upload the .xlsx")


def _read_text(data: bytes, name: str, settings: Settings) -> RawTable:
    if data.startswith(b"PK\x03\x04"):
        raise InputFileError(f"{name} is a zip archive (perhaps an Excel workbook), not a CSV text file",
                             "rename it to .xlsx if it is a workbook, or save it as CSV UTF-8")
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise InputFileError(f"{name} holds binary data (NUL bytes), not CSV text", "save the table as CSV UTF-8")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)  # ties keep the comma (first of the three)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            rows.append((number, cells))
            if len(rows) > settings.max_table_rows + 1:
                raise _too_many_rows(name, settings)
    except csv.Error as exc:
        raise InputFileError(f"{name} row {len(rows) + 1}: the CSV cannot be parsed ({exc})",
                             "check the quotes in that row, or save the table again as CSV UTF-8") from None
    notes = ([f"columns separated by {'tab' if delimiter == chr(9) else repr(delimiter)}"]
                                       if delimiter != "," else [])
    # Exports (geo.export.to_csv) start with '# key: value' lines saying where the figures come from.
    comments = 0
    while comments < len(rows) and rows[comments][1][:1] and rows[comments][1][0].startswith("#"):
        comments += 1
    if comments:
        notes.append(f"{_lines(comments)} starting with # above the header skipped (an export's description)")
        rows = rows[comments:]
    return _grid(rows, name, "CSV", encoding, notes)


def _lines(count: int) -> str:
    return f"{count} line{'s' * (count != 1)}"


# ---------------------------------------------------------------------------------------------- XLSX
def _read_xlsx(data: bytes, name: str, settings: Settings) -> RawTable:
    _check_zip(data, name, settings)
    import openpyxl
    import openpyxl.xml

    # openpyxl parses with defusedxml when it is installed; without it an XML bomb could exhaust memory.
    if not openpyxl.xml.DEFUSEDXML:
        raise InputFileError(f"{name}: XLSX files are not read because defusedxml is not installed",
                             "install defusedxml (it is in requirements.txt), or upload a CSV")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it skips
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # some writers record a wrong size; read what is there
                rows: list[tuple[int, list[str]]] = []
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                    rows.append((number, [_cell(v) for v in values]))
                    if len(rows) > settings.max_table_rows + 1:
                        raise _too_many_rows(name, settings)
                sheet_names = book.sheetnames
            finally:
                book.close()
    except Exception as exc:
        _refuse_xlsx(exc, name)
    notes = [f"sheet '{sheet_names[0]}'" + (f" (first of {len(sheet_names)}; the others are not read)"
                                            if len(sheet_names) > 1 else "")]
    return _grid(rows, name, "XLSX", None, notes)


def _refuse_xlsx(exc: Exception, name: str) -> NoReturn:
    """Raise the InputFileError for an exception met while reading a workbook (openpyxl wraps XML errors)."""
    from defusedxml import DefusedXmlException

    if isinstance(exc, LimitExceeded):
        raise exc
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            raise InputFileError(f"{name} contains XML that is refused ({type(cause).__name__}: entity or DTD declarations)",
                                 "save the workbook again from Excel or WPS; files with XML entities are not read") from None
        cause = cause.__cause__ or cause.__context__
    # openpyxl raises KeyError, ValueError, zip and XML errors for broken files; its first line is enough.
    first = str(exc).splitlines()[0] if str(exc) else ""
    raise InputFileError(f"{name} is not a readable .xlsx workbook ({type(exc).__name__}: {first})",
                         "open it in Excel or WPS and save it again as .xlsx") from None


def _check_zip(data: bytes, name: str, settings: Settings, what: str = "workbook") -> list[zipfile.ZipInfo]:
    """Refuse workbooks that are not zips, or that would unpack to more than the limits allow (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        if what != "workbook":
            raise InputFileError(f"{name} is not a zip archive", "zip the .shp, .shx, .dbf and .prj of one layer") from None
        raise InputFileError(f"{name} is not an .xlsx workbook (an .xlsx file is a zip archive)",
                             "open it in Excel or WPS and save it as .xlsx, or save it as CSV UTF-8") from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > settings.max_unzipped_mb * _MB:
        raise LimitExceeded(f"{name} would unpack to {unpacked / _MB:.0f} MB, more than the {settings.max_unzipped_mb} MB allowed",
                            f"split the {what}, or raise the limit max_unzipped_mb (GANPO_MAX_UNZIPPED_MB)")
    if unpacked / packed > settings.max_zip_ratio:
        raise LimitExceeded(f"{name} is compressed {unpacked / packed:.0f} times, more than the ratio {settings.max_zip_ratio} allowed",
                            "save it again without padding, or raise the limit max_zip_ratio (GANPO_MAX_ZIP_RATIO)")
    return infos


# ---------------------------------------------------------------------------------------------- GeoJSON / GeoPackage
def _sniff_vector(data: bytes) -> str | None:
    """The format the bytes really are: 'GeoJSON' (a JSON object), 'GeoPackage' (SQLite with a GPKG id), or None."""
    head = data[:100]
    if head.startswith(b"SQLite format 3\x00") and head[68:72] in _GPKG_APPLICATION_IDS:
        return "GeoPackage"
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"{":
        return "GeoJSON"
    return None


def _describe_bytes(data: bytes) -> str:
    start = data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:64]
    if start.startswith(b"<"):
        root = re.match(rb"<\??([A-Za-z_][\w.:-]*)", start)
        tag = root.group(1).decode("ascii", "replace") if root else "?"
        return "XML" + (" (an OGR VRT, which can read other files)" if tag == "OGRVRTDataSource" else f" (<{tag}>)")
    if start.startswith(b"SQLite format 3"):
        return "an SQLite database without the GeoPackage application id"
    if start.startswith(b"PK\x03\x04"):
        return "a zip archive"
    return "not GeoJSON or GeoPackage"


def _read_vector(expected: str) -> Callable[[bytes, str, Settings], RawTable]:
    def read(data: bytes, name: str, settings: Settings) -> RawTable:
        found = _sniff_vector(data)
        if found != expected:
            raise InputFileError(f"{name} is named as {expected} but its content is {_describe_bytes(data) if found is None else found}; "
                                 f"it was not opened", f"upload a real {expected} file, or a CSV or XLSX table")
        return _read_layer(data, name, expected, settings)

    return read


def _read_layer(data: bytes, name: str, expected: str, settings: Settings, encoding: str | None = None,
                notes: tuple[str, ...] = ()) -> RawTable:
    """Attributes of the first layer, opened only after GDAL reports an allowed driver for it."""
    import pyogrio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL warns that /vsimem names lack a .gpkg extension
        try:
            layers = pyogrio.list_layers(data)
            if len(layers) == 0:
                raise InputFileError(f"{name} has no layers", "upload a file with one layer of features")
            layer = str(layers[0][0])
            info = pyogrio.read_info(data, layer=layer)
            driver = info.get("driver")
            if driver != ALLOWED_DRIVERS[expected]:
                raise InputFileError(f"{name} was detected as {driver}, which is not an allowed format; it was not read",
                                     FORMATS_HINT)
            if info.get("features", 0) > settings.max_table_rows:
                raise _too_many_rows(name, settings)
            frame = pyogrio.read_dataframe(data, layer=layer, read_geometry=False, encoding=encoding,
                                           max_features=settings.max_table_rows + 1)
        except InputFileError:
            raise
        except Exception as exc:  # pyogrio's DataSourceError/FieldTypeError and GDAL errors
            raise InputFileError(f"{name} cannot be read as {expected} ({_first(exc)})",
                                 f"check the file in QGIS, or export the attribute table as CSV") from None
    if len(frame) > settings.max_table_rows:
        raise _too_many_rows(name, settings)
    layer_note = "" if expected == "Shapefile" else f", layer '{layer}'" + (f" (first of {len(layers)})" if len(layers) > 1 else "")
    all_notes = [f"driver {driver}{layer_note}", *notes, "geometry ignored: regions are matched by code or name"]
    rows = [(1, [str(c) for c in frame.columns])]
    rows += [(i + 2, [_cell(v) for v in values]) for i, values in enumerate(frame.itertuples(index=False))]
    return _grid(rows, name, expected, encoding and _ENCODING_LABELS.get(encoding, encoding), all_notes)


def _first(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# ---------------------------------------------------------------------------------------------- zipped shapefile
_ENCODING_LABELS = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}


def shapefile_zip(data: bytes, name: str, settings: Settings) -> tuple[bytes, str, list[str]]:
    """The one shapefile in an uploaded zip, re-packed under fixed names (nothing unpacked to disk), its
    attribute encoding (from .cpg, else guessed from the .dbf) and notes; InputFileError names a missing part."""
    infos = _check_zip(data, name, settings, what="zip")
    files = [i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")
             and not Path(i.filename).name.startswith("._")]
    shps = [i for i in files if i.filename.lower().endswith(".shp")]
    if not shps:
        held = ", ".join(Path(i.filename).name for i in files[:8]) or "nothing"
        raise InputFileError(f"{name} holds no shapefile (.shp); it holds {held}",
                             "zip the .shp, .shx, .dbf and .prj of one layer, or upload a CSV or XLSX table")
    if len(shps) > 1:
        raise InputFileError(f"{name} holds {len(shps)} shapefiles ({', '.join(Path(i.filename).name for i in shps[:5])})",
                             "upload one layer per zip")
    stem = shps[0].filename[:-4]
    parts = {i.filename[len(stem):].lower(): i for i in files
             if i.filename[:len(stem)].lower() == stem.lower() and i.filename[len(stem):].lower() in SHAPEFILE_PARTS + (".cpg",)}
    shown = Path(stem).name
    missing = [f"{shown}{ext}" for ext in SHAPEFILE_PARTS if ext not in parts]
    if missing:
        raise InputFileError(f"{name}: the shapefile {shown}.shp comes without {' and '.join(missing)}",
                             f"zip all its parts together: {shown}.shp, .shx, .dbf and .prj (.cpg if you have it)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = {ext: archive.read(info) for ext, info in parts.items()}
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise InputFileError(f"{name}: its parts cannot be unpacked ({_first(exc)})",
                             "zip the files again without a password, with ordinary (deflate) compression") from None
    for ext in (".shp", ".shx"):  # the shapefile magic number: nothing else (an OGR VRT, say) reaches GDAL as a part
        if not content[ext].startswith(b"\x00\x00\x27\x0a"):
            raise InputFileError(f"{name}: {shown}{ext} is not a shapefile part (its header is wrong); it was not opened",
                                 "export the layer again as a shapefile from QGIS or ArcGIS and zip its parts")
    encoding, note = _dbf_encoding(content.pop(".cpg", None), content[".dbf"], name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        for ext, blob in content.items():
            clean.writestr("upload" + ext, blob)  # the server names the parts: no path from the archive is used
    return out.getvalue(), encoding, [note]


def _dbf_encoding(cpg: bytes | None, dbf: bytes, name: str) -> tuple[str, str]:
    """Python codec of the attributes and a note: the .cpg's, else the first of DBF_ENCODINGS that decodes the text."""
    if cpg is not None:
        label = cpg.decode("ascii", "replace").strip()
        codec = f"cp{label}" if label.isdigit() else label.lower().replace("ansi ", "cp")
        try:
            codecs.lookup(codec)
        except LookupError:
            raise InputFileError(f"{name}: its .cpg names the encoding '{label[:40]}', which is not known",
                                 "write UTF-8 or GBK in the .cpg file, or leave the .cpg out") from None
        return codec, f"attributes read as {label} (from the .cpg)"
    header = int.from_bytes(dbf[8:10], "little") if len(dbf) >= 32 else len(dbf)
    names = b"".join(dbf[i:i + 11].split(b"\x00")[0] for i in range(32, max(32, header - 1), 32))
    text = names + dbf[header:].rstrip(b"\x1a")
    for codec in DBF_ENCODINGS:
        try:
            text.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec, f"no .cpg: attributes read as {_ENCODING_LABELS[codec]}, the first encoding that fits"
    raise InputFileError(f"{name}: the attributes are not text in UTF-8, GBK or GB18030 and no .cpg names their encoding",
                         "add a .cpg file naming the encoding (e.g. a line 'GBK'), or export the table as CSV UTF-8")


def _read_shapefile(data: bytes, name: str, settings: Settings) -> RawTable:
    clean, encoding, notes = shapefile_zip(data, name, settings)
    return _read_layer(clean, name, "Shapefile", settings, encoding, tuple(notes))


READERS: dict[str, Callable[[bytes, str, Settings], RawTable]] = {
    ".csv": _read_text,
    ".tsv": _read_text,
    ".txt": _read_text,
    ".xlsx": _read_xlsx,
    ".geojson": _read_vector("GeoJSON"),
    ".json": _read_vector("GeoJSON"),
    ".gpkg": _read_vector("GeoPackage"),
    ".zip": _read_shapefile,
}
# Extensions people try that are refused with a reason of their own.
REFUSED: dict[str, str] = {
    ".xls": "old binary Excel (.xls) workbooks are not read",
    ".et": "WPS spreadsheets (.et) are not read",
    ".xlsm": "workbooks with macros (.xlsm) are not read",
}
