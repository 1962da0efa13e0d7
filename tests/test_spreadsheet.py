"""Cells a spreadsheet would run as formulas are neutralised; numbers stay numbers."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from geo.spreadsheet import FORMULA_PREFIXES, neutralise, neutralise_cell


def test_formula_text_is_neutralised_and_numbers_kept() -> None:
    table = pd.DataFrame(
        {
            "name": ['=HYPERLINK("x")', "+1", "-cmd", "@SUM(A1)", "\tx", "\rx", "章贡区"],
            "value": [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    out = neutralise(table)
    assert out["name"].tolist() == ['\'=HYPERLINK("x")', "'+1", "'-cmd", "'@SUM(A1)", "'\tx", "'\rx", "章贡区"]
    assert out["value"].tolist() == [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert table["name"][0] == '=HYPERLINK("x")'  # input untouched


def test_header_is_neutralised_too() -> None:
    assert list(neutralise(pd.DataFrame({"=cmd": [1]})).columns) == ["'=cmd"]


@given(st.text())
def test_no_output_cell_starts_with_a_formula_prefix(text: str) -> None:
    out = neutralise_cell(text)
    assert not str(out).startswith(FORMULA_PREFIXES)
    assert str(out).endswith(text)
