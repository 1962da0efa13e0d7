"""The XLSX reader: the first sheet of a workbook (or the sheets asked for), merged headings spread over their
columns, opened only with defusedxml and within the zip limits."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from typing import NoReturn

from geo.errors import InputFileError, LimitExceeded
from geo.readers.grid import Merge, RawTable, cell_text, grid
from geo.readers.limits import check_zip, too_many_rows
from geo.settings import Settings

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")


def read_xlsx(data: bytes, name: str, settings: Settings) -> RawTable:
    """The first sheet of an .xlsx workbook as text cells (values, not formulas)."""
    return read_xlsx_sheets(data, name, settings, None)[0]


def read_xlsx_sheets(data: bytes, name: str, settings: Settings, sheets: Sequence[str] | None) -> list[RawTable]:
    """The named sheets of an .xlsx workbook (every sheet that holds cells when `sheets` is None, else the first),
    each as text cells with its merged headings spread over the columns they span."""
    check_zip(data, name, settings)
    import openpyxl
    import openpyxl.xml

    # openpyxl parses with defusedxml when it is installed; without it an XML bomb could exhaust memory.
    if not openpyxl.xml.DEFUSEDXML:
        raise InputFileError(
            f"{name}: XLSX files are not read because defusedxml is not installed",
            "install defusedxml (it is in requirements.txt), or upload a CSV",
        )
    read: list[tuple[str, list[tuple[int, list[str]]], list[Merge]]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it skips
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet_names = tuple(book.sheetnames)
                unknown = [s for s in (sheets or ()) if s not in sheet_names]
                if unknown:
                    raise InputFileError(
                        f"{name} has no sheet '{unknown[0]}' (sheets: {', '.join(sheet_names)})",
                        "give one of the sheet names as the workbook shows them",
                        "no_such_sheet",
                        name=name,
                        sheet=unknown[0],
                        sheets=", ".join(sheet_names),
                    )
                wanted = list(sheets) if sheets else list(sheet_names)
                total = 0
                for sheet_name in wanted:
                    sheet = book[sheet_name]
                    if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
                        continue
                    sheet.reset_dimensions()  # some writers record a wrong size; read what is there
                    rows: list[tuple[int, list[str]]] = []
                    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                        rows.append((number, [cell_text(v) for v in values]))
                        total += 1
                        if total > settings.max_table_rows + len(wanted):
                            raise too_many_rows(name, settings)
                    read.append((sheet_name, rows, _merges(sheet)))
            finally:
                book.close()
    except Exception as exc:
        _refuse(exc, name)
    if sheets is None:  # a plain read: the first sheet that holds anything
        holding = [r for r in read if any(any(c.strip() for c in cells) for _, cells in r[1])]
        read = (holding or read)[:1]
    out = []
    for sheet_name, rows, merges in read:
        note = f"sheet '{sheet_name}'"
        if len(sheet_names) > 1 and sheets is None:
            note += f" (first of {len(sheet_names)}; the others are not read)"
        out.append(grid(rows, name, "XLSX", None, [note], merges=merges, sheet=sheet_name, sheets=sheet_names))
    if not out:
        raise InputFileError(
            f"{name} has no sheet with cells", "put the table on a worksheet and save again", "xlsx_no_cells", name=name
        )
    return out


def _merges(sheet: object) -> list[Merge]:
    """The merged ranges of a read-only sheet, found in its XML by a byte scan (no second XML parse)."""
    get = getattr(sheet, "_get_source", None)
    if get is None:
        return []
    found: list[Merge] = []
    tail = b""
    with get() as src:
        while chunk := src.read(1 << 20):
            text = tail + chunk
            for m in _MERGE.finditer(text):
                c0, r0, c1, r1 = m.groups()
                found.append((int(r0), _column(c0), int(r1), _column(c1)))
            tail = text[-200:]  # a match cut by the chunk boundary is found whole next time; duplicates dropped
    return list(dict.fromkeys(found))


def _column(letters: bytes) -> int:
    """1-based column number of a spreadsheet letter: b'A' -> 1, b'AA' -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _refuse(exc: Exception, name: str) -> NoReturn:
    """Raise the InputFileError for an exception met while reading a workbook (openpyxl wraps XML errors)."""
    from defusedxml import DefusedXmlException

    if isinstance(exc, (LimitExceeded, InputFileError)):
        raise exc
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            raise InputFileError(
                f"{name} contains XML that is refused ({type(cause).__name__}: entity or DTD declarations)",
                "save the workbook again from Excel or WPS; files with XML entities are not read",
                "xlsx_entities",
                name=name,
            ) from None
        cause = cause.__cause__ or cause.__context__
    # openpyxl raises KeyError, ValueError, zip and XML errors for broken files; its first line is enough.
    first = str(exc).splitlines()[0] if str(exc) else ""
    raise InputFileError(
        f"{name} is not a readable .xlsx workbook ({type(exc).__name__}: {first})",
        "open it in Excel or WPS and save it again as .xlsx",
        "xlsx_unreadable",
        name=name,
    ) from None
