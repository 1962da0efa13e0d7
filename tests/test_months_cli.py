"""`python -m geo months` as a user runs it: the built-in monthly values of an indicator with their period."""

from __future__ import annotations

import contextlib
import io

import pandas as pd

from geo.cli import main


def test_the_provinces_monthly_pm25_is_written_with_its_period(tmp_path) -> None:
    out = tmp_path / "pm25_months.csv"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["months", "--indicator", "pm25", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert len(table) == 13 and (table["provenance"] == "official").all() and (table["adcode"] == "360000").all()
    assert table["period"].str.fullmatch(r"\d{4}-\d{2}").all() and table["source"].str.contains("http").all()
    assert (table["year"] == table["period"].str[:4]).all()


def test_an_indicator_without_months_is_an_error_naming_the_yearly_export(tmp_path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["months", "--indicator", "forest_coverage", "--out", str(tmp_path / "x.csv")])
    assert code == 2 and "no monthly or quarterly value" in err.getvalue() and "geo export" in err.getvalue()
