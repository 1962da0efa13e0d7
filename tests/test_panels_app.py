"""ui/panels.py region_panel driven by AppTest: the published rank lists and the monthly values of a clicked region."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _panel(adcode: str, level: str, lang: str) -> None:
    # Runs inside AppTest (its own module): imports here.
    import streamlit as st

    from geo.atlas import load_atlas
    from geo.i18n import Translator
    from geo.settings import Settings
    from ui.panels import region_panel

    atlas = load_atlas(Settings.from_env())
    region_panel(atlas, atlas.values(), st.session_state["adcode"], 2024, st.session_state["level"], Translator(lang))


def run_panel(adcode: str, level: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_function(_panel, args=(adcode, level, lang), default_timeout=180)
    at.session_state["adcode"], at.session_state["level"] = adcode, level
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_a_county_named_in_the_worst_ten_shows_the_months_it_was_listed() -> None:
    shown = texts(run_panel("360313", "county"))  # 湘东区
    assert "列入全省PM2.5月均浓度排名后十：2023年1月、2024年5月、2025年6月" in shown
    assert "前十" not in shown and "http" in shown  # each list with its sources


def test_a_county_in_the_best_ten_and_the_provinces_latest_month_in_english() -> None:
    shown = texts(run_panel("360734", "county", "en"))  # 寻乌县
    assert "lowest monthly PM2.5: October 2021, January 2023, May 2024, January 2025, June 2025" in shown
    assert "Province · Mean PM2.5 concentration: 12.6 µg/m³ in June 2025, the latest month (Official)" in shown
    assert "never on a single month" in shown


@pytest.mark.parametrize(
    ("adcode", "expected"),
    [
        ("360100", "2024年5月第7名（共11个）"),
        (
            "360400",
            "九江经开区（开发区，不是县级行政区，名称按通报原文）列入全省PM2.5月均浓度排名后十：2023年1月、2024年5月、2025年6月",
        ),
        ("360103", None),  # 西湖区: in no list
    ],
)
def test_a_city_shows_its_monthly_rank_and_an_unlisted_county_shows_none(adcode: str, expected: str | None) -> None:
    level = "city" if adcode.endswith("00") else "county"
    shown = texts(run_panel(adcode, level))
    if expected:
        assert expected in shown
    else:
        assert "PM2.5月均浓度排名" not in shown


def test_the_province_line_shows_the_latest_month_beside_the_yearly_judgement() -> None:
    from conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update({"indicator": "pm25", "year": "2025"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "月度进度（不参与评判）：最新月份 2025年6月 为 12.6 微克/立方米（官方数据）" in shown.replace("\\", "")
    assert "全省2025年" in shown  # the yearly judgement is still the line's subject
