"""The XLSX reader: the first sheet of a workbook, opened only with defusedxml and within the zip limits."""

from __future__ import annotations

import io
import warnings
from typing import NoReturn

from geo.errors import InputFileError, LimitExceeded
from geo.readers.grid import RawTable, cell_text, grid
from geo.readers.limits import check_zip, too_many_rows
from geo.settings import Settings


def read_xlsx(data: bytes, name: str, settings: Settings) -> RawTable:
    """The first sheet of an .xlsx workbook as text cells (values, not formulas)."""
    check_zip(data, name, settings)
    import openpyxl
    import openpyxl.xml

    # openpyxl parses with defusedxml when it is installed; without it an XML bomb could exhaust memory.
    if not openpyxl.xml.DEFUSEDXML:
        raise InputFileError(
            f"{name}: XLSX files are not read because defusedxml is not installed",
            "install defusedxml (it is in requirements.txt), or upload a CSV",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it skips
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # some writers record a wrong size; read what is there
                rows: list[tuple[int, list[str]]] = []
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                    rows.append((number, [cell_text(v) for v in values]))
                    if len(rows) > settings.max_table_rows + 1:
                        raise too_many_rows(name, settings)
                sheet_names = book.sheetnames
            finally:
                book.close()
    except Exception as exc:
        _refuse(exc, name)
    notes = [
        f"sheet '{sheet_names[0]}'"
        + (f" (first of {len(sheet_names)}; the others are not read)" if len(sheet_names) > 1 else "")
    ]
    return grid(rows, name, "XLSX", None, notes)


def _refuse(exc: Exception, name: str) -> NoReturn:
    """Raise the InputFileError for an exception met while reading a workbook (openpyxl wraps XML errors)."""
    from defusedxml import DefusedXmlException

    if isinstance(exc, LimitExceeded):
        raise exc
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            raise InputFileError(
                f"{name} contains XML that is refused ({type(cause).__name__}: entity or DTD declarations)",
                "save the workbook again from Excel or WPS; files with XML entities are not read",
            ) from None
        cause = cause.__cause__ or cause.__context__
    # openpyxl raises KeyError, ValueError, zip and XML errors for broken files; its first line is enough.
    first = str(exc).splitlines()[0] if str(exc) else ""
    raise InputFileError(
        f"{name} is not a readable .xlsx workbook ({type(exc).__name__}: {first})",
        "open it in Excel or WPS and save it again as .xlsx",
    ) from None
