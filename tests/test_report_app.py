"""The map tab's summary sentence, ranking table and briefing button, driven by AppTest."""

from __future__ import annotations

import io
import re

import docx
import pyarrow as pa
import pytest
from conftest import ROOT
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def clicks(monkeypatch) -> dict:
    """file name -> what a click on its download button gets (the button's callable runs on the click only)."""
    made: dict = {}
    add = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return made


def test_the_summary_above_the_map_states_the_legends_counts_and_the_ranking_lists_every_county() -> None:
    at = run_app()
    (summary,) = [m.value for m in at.markdown if "个县（市、区）中" in m.value]
    met, near, not_met = map(int, re.search(r"中(\d+)个森林覆盖率.*?(\d+)个接近，(\d+)个未达", summary).groups())
    (ranking,) = [d for d in at.dataframe if len(d.value) == 100]
    statuses = ranking.value["status"].value_counts()
    assert (met, near, not_met) == (statuses.get("met", 0), statuses.get("near", 0), statuses.get("not_met", 0))
    assert {"rank", "region", "value", "target", "gap", "status", "status_text", "provenance"} <= set(ranking.value)
    assert "演示数据" in summary  # the built-in county values are demo, and the sentence says so
    assert any(m.value == "**排名**" for m in at.markdown)


def test_the_briefing_button_gives_a_docx_and_the_figure_comes_in_three_formats(clicks) -> None:
    at = run_app()
    labels = {b.key: b.label for b in at.get("download_button")}
    assert labels["dl_docx"] == "生成简报（Word）"
    assert {"dl_png", "dl_svg", "dl_pdf"} <= set(labels)
    (name,) = [n for n in clicks if n.endswith(".docx")]
    assert name.startswith("ganpo_forest_coverage_")
    doc = docx.Document(io.BytesIO(clicks[name]()))
    assert doc.paragraphs[0].text.startswith("森林覆盖率（") and len(doc.inline_shapes) >= 1


def test_english_page_english_summary() -> None:
    at = run_app(lang="en")
    (summary,) = [m.value for m in at.markdown if " counties met the " in m.value]
    assert not re.search(r"[\u4e00-\u9fff]", summary.split(";")[0])


def _trend(lang: str) -> None:
    # Runs inside AppTest (its own module): imports here.
    import streamlit as st

    from geo.atlas import load_atlas
    from geo.i18n import Translator
    from geo.settings import Settings
    from ui.report import region_trend

    atlas = load_atlas(Settings.from_env())
    region_trend(
        atlas, atlas.values(), st.session_state["adcode"], st.session_state["indicator"], "county", Translator(lang)
    )


def test_a_clicked_countys_trend_over_the_years_known() -> None:
    at = AppTest.from_function(_trend, args=("zh",), default_timeout=180)
    at.session_state["adcode"], at.session_state["indicator"] = "360121", "forest_coverage"  # 南昌县
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.markdown] == ["**森林覆盖率：历年变化**"]
    (chart,) = at.get("vega_lite_chart")
    line, target, _ = [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]
    assert list(line["year"]) == sorted(line["year"]) and len(line) >= 2 and set(line["name"]) == {"南昌县"}
    assert list(target["target"]) == [63.1]  # the target line, and the target year's in the spec
    assert '2026], "nice": false' in chart.proto.spec  # the x axis runs to the target year
