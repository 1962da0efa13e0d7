"""The scorecard tab (ui/scorecard.py) as a user drives it, and the province's figure above the map."""

from __future__ import annotations

import re

from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_scorecard_lists_the_plans_targets_by_action_and_says_no_data_plainly() -> None:
    at = run_app(tab="scorecard")
    assert [s.value for s in at.subheader][:2] == ["一、实施发展方式绿色转型行动", "二、实施重点领域碳达峰行动"]
    assert len(at.subheader) == 7
    tables = [d.value for d in at.dataframe]
    names = [n for t in tables for n in t["目标"]]
    assert len(names) == len(set(names)) and "自然保护地面积" in names and "新能源装机容量" in names
    rows = {n: t.set_index("目标").loc[n] for t in tables for n in t["目标"]}
    assert rows["新能源装机容量"]["状态"] == "? 无数据"  # no figure: said so, never "not met"
    assert rows["PM2.5平均浓度"]["数据性质"] == "官方数据" and rows["PM2.5平均浓度"]["最新值"] == "27.4 微克/立方米"
    assert rows["自然保护地面积"]["达标县数"] == "—"  # a provincial total: no county is judged against it
    assert rows["自然保护地面积"]["有数据县数"] == "100/100"  # ... and the counties it is summed from
    assert rows["森林覆盖率"]["达标县数"].endswith("/100个县达标")
    assert [b.label for b in at.get("download_button")] == ["下载目标总览（CSV）", "下载目标总览（Excel）"]


def test_the_english_scorecard_names_each_target_in_its_own_column() -> None:
    """'Target' headed both the names and the target values: one column replaced the other, the names were gone."""
    at = run_app(tab="scorecard", lang="en")
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Target", "Status"] and "Target value" in table.columns
    assert (
        table["Target"].iloc[0]
        == "Strategic emerging industries' share of industrial value added (above designated size)"
    )
    assert table["Target value"].iloc[0] == "≥ 29 % (2026)"


def test_a_county_level_row_opens_the_map_of_that_indicator() -> None:
    at = run_app(tab="scorecard", lang="zh")
    at.button(key="sc_map_pm25").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.button_group(key="indicator").value == "pm25"
    assert at.sidebar.button_group(key="level").value == "county"
    assert at.session_state["open_tab"] == "map"
    assert "tab" not in at.query_params and at.query_params["indicator"] == "pm25"
    line = next(m.value for m in at.markdown if re.match(r"\*\*.\*\* 全省\d{4}年：", m.value))
    assert "官方数据" in line and "27.4 微克/立方米" in line and "达标" in line


def test_a_provincial_total_colours_counties_by_value_and_says_why() -> None:
    at = run_app(indicator="nature_reserve_area", year="2025", level="county")
    assert any("全省合计，不分解到各县" in i.value for i in at.info)
    # The province's total, judged against the plan's target, is above the map.
    line = next(m.value for m in at.markdown if re.match(r"\*\*.\*\* 全省\d{4}年：", m.value))
    assert "2,750 万亩" in line and "2,760.7 万亩" in line and "未达标" in line
    assert "演示数据" in line and "由各县数值汇总（100/100个县有数据）" in line


def test_a_provincial_indicator_shows_the_province_figure_instead_of_an_empty_map() -> None:
    at = run_app(indicator="graded_waterway_length", year="2024")
    line = next(m.value for m in at.markdown if re.match(r"\*\*.\*\* 全省\d{4}年：", m.value))
    assert "960.6 公里" in line and "官方数据" in line
    assert any("只有全省数值" in i.value for i in at.info)
