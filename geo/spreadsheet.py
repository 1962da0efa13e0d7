"""Spreadsheet safety: neutralise text cells that a spreadsheet would run as a formula."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is read as a formula by Excel/LibreOffice/WPS (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """The value, with a leading apostrophe added when it is text a spreadsheet would run; numbers untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and header) cannot run as formulas; numeric columns stay numeric."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out
