"""The map tab's summary sentence, ranking table and trend, driven by AppTest (its files: test_export_route.py)."""

from __future__ import annotations

import re

import pyarrow as pa
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_summary_above_the_map_states_the_legends_counts_and_the_ranking_lists_every_county() -> None:
    at = run_app()
    (summary,) = [m.value for m in at.markdown if "个县（市、区）中" in m.value]
    met, near, not_met = map(int, re.search(r"中(\d+)个森林覆盖率.*?(\d+)个接近，(\d+)个未达", summary).groups())
    (ranking,) = [d for d in at.dataframe if len(d.value) == 100]
    statuses = ranking.value["status"].value_counts()
    assert (met, near, not_met) == (statuses.get("met", 0), statuses.get("near", 0), statuses.get("not_met", 0))
    assert {"rank", "region", "value", "target", "gap", "status", "status_text", "provenance"} <= set(ranking.value)
    # On screen the status is in words: its code stays in the table's data (the files) but is not a column shown.
    shown = list(ranking.proto.column_order)
    assert "status_text" in shown and "status" not in shown and "unit" not in shown
    assert "演示数据" in summary  # the built-in county values are demo, and the sentence says so
    assert any(m.value == "**排名**" for m in at.markdown)


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
