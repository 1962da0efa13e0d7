"""The sections tab in Streamlit's AppTest: it renders, filters change the figures, uploads are checked and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.atlas import load_atlas
from geo.export import to_geojson
from geo.sections import sections_layer
from geo.settings import Settings
from ui.sections import filter_sections, layer_metadata

ROOT = Path(__file__).resolve().parents[1]
# The tab alone, drawn from the same context the page builds (other tabs are not this test's business).
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from geo.i18n import Translator
from geo.settings import Settings
from ui.context import PageContext
from ui.resources import atlas, display_atlas
from ui.sidebar import Choice
from ui import sections
s = Settings()
lang = {lang!r}
ctx = PageContext(atlas(s), display_atlas(s), None, Choice("forest_coverage", {year}, "county", "status", "quantiles", lang),
                  Translator(lang), s)
sections.render(ctx)
"""
HEADER = "断面名称,河流,控制级别,经度,纬度,目标类别,年份,月份,水质类别\n"


@pytest.fixture(scope="module")
def builtin():
    return load_atlas(Settings()).sections


def _app(tmp_path: Path, lang: str = "en", year: int = 2025) -> AppTest:
    """The tab with the page's year `year` (the sidebar's, shared by every tab)."""
    script = tmp_path / f"sections_{lang}_{year}.py"
    script.write_text(SCRIPT.format(root=str(ROOT), lang=lang, year=year), encoding="utf-8")
    return AppTest.from_file(str(script), default_timeout=90).run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _upload(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader[0].set_value((name, text.encode("utf-8"), "text/csv"))
    return at.run()


def test_the_tab_renders_the_built_in_sections(tmp_path, builtin) -> None:
    at = _app(tmp_path, year=2024)
    assert not at.exception
    # The page's year, not a year control of the tab's own: the tab has none.
    assert len(at.selectbox) == 0
    assert _metrics(at)["Sections"] == str(builtin.loc[builtin["year"] == 2024, "name"].nunique())
    assert any("demo data (not official)" in w.value for w in at.warning)
    assert len(at.dataframe) == 2  # by county, by basin
    basins = at.dataframe[1].value
    assert basins.iloc[-1]["Basin"] == "All sections shown" and "Poyang Lake" in set(basins["Basin"])
    assert [b.key for b in at.download_button] == ["sec_download"]
    (shown,) = [json.loads(m.proto.json) for m in at.get("bidi_component") if m.proto.component_name == "ganpo_map"]
    assert "sections_layer_gpsb" in shown["base"] and "gp-legend" in shown["base"]  # the sections and their legend
    assert shown["overlay"] == "" and shown["clicks"] is False  # nothing on it reruns the page


def test_filters_change_the_counts(tmp_path, builtin) -> None:
    year = int(builtin["year"].max())
    at = _app(tmp_path, year=year)
    rows = builtin[builtin["year"] == year]
    rivers, levels = at.multiselect
    assert "Gan River" in rivers.options and rivers.placeholder == "Choose"
    rivers.set_value(["赣江"]).run()
    gan = rows.loc[rows["river"] == "赣江", "name"].nunique()
    assert 0 < gan < rows["name"].nunique()
    assert _metrics(at)["Sections"] == str(gan)
    at.multiselect[1].set_value(["national"]).run()
    both = rows.loc[(rows["river"] == "赣江") & (rows["control_level"] == "national"), "name"].nunique()
    assert both < gan and _metrics(at)["Sections"] == str(both)
    # The basin table follows the filter: only the Gan basin and the total remain.
    assert list(at.dataframe[1].value["Basin"]) == ["Gan River", "All sections shown"]


def test_a_bad_upload_shows_every_problem_and_keeps_the_good_rows(tmp_path) -> None:
    at = _app(tmp_path)
    text = HEADER + (
        "赣江·测试,赣江,国控,115.89,28.68,Ⅱ,2025,,Ⅲ\n"  # good, fails its target
        "赣江·颠倒,赣江,国控,28.68,115.89,Ⅱ,2025,,Ⅱ\n"  # lon and lat swapped
        "赣江·坏类,赣江,省控,115.5,28.3,Ⅱ,2025,,七类\n"  # not a class
        "赣江·远方,赣江,省控,121.47,31.23,Ⅱ,2025,,Ⅱ\n"
    )  # Shanghai, outside Jiangxi
    at = _upload(at, "mine.csv", text)
    assert not at.exception
    summary = " ".join(w.value for w in at.warning)
    assert "mine.csv: 1 section in 1 row imported, 3 rows rejected; 3 errors" in summary
    report = "\n".join(t.value for t in at.text)
    assert "look swapped" in report and "exchange the lon and lat values" in report
    assert "'七类' is not a water-quality class" in report
    assert "lies outside Jiangxi" in report
    assert "sections_rejected_download" in [b.key for b in at.download_button]
    assert any("Showing your uploaded sections (mine.csv)" in i.value for i in at.info)
    figures = _metrics(at)
    assert (
        figures["Sections"] == "1" and figures["Meeting target"] == "0.0 %" and figures["At Class I–III"] == "100.0 %"
    )
    assert not any("demo data" in w.value for w in at.warning)  # the user's rows are not demo
    # Removing the upload brings the built-in sections back.
    at.button(key="sections_upload_clear").click().run()
    assert int(_metrics(at)["Sections"]) > 1 and any("demo data" in w.value for w in at.warning)


def test_an_unreadable_upload_is_an_error_and_the_built_in_sections_stay(tmp_path) -> None:
    at = _upload(_app(tmp_path), "wrong.csv", "地区,数值\n南昌县,3\n")
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Cannot read wrong.csv" in errors and "missing column(s)" in errors
    assert int(_metrics(at)["Sections"]) > 1


def test_monthly_rows_add_a_month_choice(tmp_path) -> None:
    text = HEADER + "".join(
        f"赣江·月,赣江,国控,115.89,28.68,Ⅱ,2025,{m},{c}\n" for m, c in ((1, "Ⅱ"), (2, "Ⅲ"), (3, "Ⅳ"))
    )
    at = _upload(_app(tmp_path), "months.csv", text)
    assert not at.exception
    month = at.selectbox[0]
    assert month.options == ["Whole year", "Month 1", "Month 2", "Month 3"]
    assert _metrics(at)["Meeting target"] == "0.0 %"  # median of Ⅱ, Ⅲ, Ⅳ is Ⅲ: below target Ⅱ
    month.set_value(1).run()
    assert _metrics(at)["Meeting target"] == "100.0 %"


def test_the_chinese_tab_renders(tmp_path) -> None:
    at = _app(tmp_path, "zh")
    assert not at.exception and "断面数" in _metrics(at)
    assert at.multiselect[0].placeholder == "请选择" and "赣江" in at.multiselect[0].options


def test_the_chinese_tab_reports_an_upload_in_chinese(tmp_path) -> None:
    text = HEADER + "赣江·测试,赣江,国控,115.89,28.68,Ⅱ,2025,,Ⅲ\n赣江·颠倒,赣江,国控,28.68,115.89,Ⅱ,2025,,Ⅱ\n"
    at = _upload(_app(tmp_path, "zh"), "mine.csv", text)
    assert not at.exception
    assert "mine.csv：导入 1 个断面（1 行），拒绝 1 行；1 个错误，0 个提示" in " ".join(w.value for w in at.warning)
    report = "\n".join(t.value for t in at.text)
    assert "错误：mine.csv 第3行，“经度”列，单元格 D3：经度 28.68、纬度 115.89 似乎填反了；交换经度和纬度" in report
    assert "swapped" not in report and "error" not in report
    wrong = _upload(_app(tmp_path, "zh"), "wrong.csv", "地区,数值\n南昌县,3\n")
    assert "wrong.csv 缺少列：" in " ".join(e.value for e in wrong.error)


def test_a_year_without_sections_says_which_year_is_shown(tmp_path, builtin) -> None:
    at = _app(tmp_path, year=2019)
    newest = int(builtin["year"].max())
    assert any(f"No sections in 2019; showing {newest}" in i.value for i in at.info)
    assert _metrics(at)["Sections"] == str(builtin.loc[builtin["year"] == newest, "name"].nunique())


def test_the_download_carries_provenance_and_filters(builtin) -> None:
    chosen = filter_sections(builtin, ["赣江"], ["national"])
    assert set(chosen["river"]) == {"赣江"} and set(chosen["control_level"]) == {"national"}
    layer = sections_layer(chosen, 2025, lang="en")
    doc = json.loads(to_geojson(layer, layer_metadata(layer, 2025, None, ["赣江"], ["national"], "built-in")))
    meta = doc["metadata"]
    assert meta["filter_rivers"] == "赣江" and meta["filter_control_levels"] == "national"
    assert meta["provenance_counts"] == f"demo={len(layer)}" and "NOT official" in meta["warning"]
    assert {f["properties"]["provenance"] for f in doc["features"]} == {"demo"}
    assert all(f["geometry"]["type"] == "Point" for f in doc["features"])
