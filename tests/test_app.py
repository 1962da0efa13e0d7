"""The Streamlit page driven by streamlit.testing.v1.AppTest: default view, sidebar changes, language, link state, upload."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from tests.links import download_links

APP = str(ROOT / "app.py")
BAD_TABLE = (
    "地区,指标,年份,数值,来源\n"
    "南昌县,forest_coverage,2025,63.1%,我的来源\n"
    "火星县,forest_coverage,2025,60,x\n"
    "新建区,forest_coverage,2025,abc,y\n"
).encode()


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def link(at: AppTest) -> str:
    """The 'link to this view' caption under the downloads."""
    found = [c.value for c in at.caption if "?indicator=" in c.value]
    assert len(found) == 1
    return found[0].split("`")[1]


def choose_indicator(at: AppTest, indicator: str, action: int) -> None:
    """What a person does: the indicator's action first (its first indicator comes with it), then the indicator."""
    if at.sidebar.button_group(key="action").value != action:
        at.sidebar.button_group(key="action").set_value(action).run()
    if at.sidebar.button_group(key="indicator").value != indicator:
        at.sidebar.button_group(key="indicator").set_value(indicator).run()
    assert not at.exception, [e.value for e in at.exception]


def state(at: AppTest) -> dict:
    return {
        "indicator": at.sidebar.button_group(key="indicator").value,
        "year": at.sidebar.button_group(key="year").value,
        "level": at.sidebar.button_group(key="level").value,
        "mode": at.sidebar.button_group(key="mode").value,
        "lang": at.sidebar.button_group(key="lang").value,
    }


def test_default_view_is_forest_coverage_latest_year_by_county() -> None:
    at = run_app()
    years = at.sidebar.button_group(key="year").options
    assert [int(y) for y in years] == sorted((int(y) for y in years), reverse=True)
    assert state(at) == {
        "indicator": "forest_coverage",
        "year": int(years[0]),
        "level": "county",
        "mode": "status",
        "lang": "zh",
    }
    assert at.title[0].value == "赣鄱生态指标地图"
    assert [t.label for t in at.tabs][:1] == ["地图"]
    assert link(at) == f"?indicator=forest_coverage&year={years[0]}&level=county&lang=zh&mode=status&scheme=quantiles"
    # The address bar carries the same ids, so copying it reproduces the view.
    assert at.query_params == {
        "indicator": "forest_coverage",
        "year": years[0],
        "level": "county",
        "lang": "zh",
        "mode": "status",
    }
    assert any("演示数据" in w.value for w in at.warning)  # demo values are never shown unlabelled
    assert set(download_links(at)) >= {"geojson", "gpkg", "csv", "xlsx", "png"}
    assert any("目标" in m.value and "≥ 63.1 %" in m.value for m in at.markdown)


def the_map(at: AppTest) -> dict:
    """What the page's map component was sent (layers.script.MapScript as data)."""
    (shown,) = [json.loads(m.proto.json) for m in at.get("bidi_component") if m.proto.component_name == "ganpo_map"]
    return shown


def test_the_indicators_are_offered_by_the_plans_actions() -> None:
    from geo.catalog import load_catalog

    catalog = load_catalog()
    by_action = {a.number: [i.id for i in inds] for a, inds in catalog.by_action().items()}
    at = run_app(indicator="good_air_days_ratio")  # a link: the action shown follows its indicator
    assert at.sidebar.button_group(key="action").value == 3
    assert list(at.sidebar.button_group(key="action").options) == ["一", "二", "三", "四", "五", "六", "七"]
    indicators = at.sidebar.button_group(key="indicator")
    assert indicators.value == "good_air_days_ratio"
    assert list(indicators.options) == [catalog.get(i).name("zh") for i in by_action[3]]  # only action 3's
    assert any(c.value.startswith("行动三：实施生态环境质量提升行动") for c in at.sidebar.caption)
    at.sidebar.button_group(key="action").set_value(5).run()  # another action: its first indicator
    assert not at.exception
    assert state(at)["indicator"] == by_action[5][0] and at.query_params["indicator"] == by_action[5][0]
    at.sidebar.button_group(key="indicator").set_value(by_action[5][1]).run()  # within the action
    assert state(at)["indicator"] == by_action[5][1] and at.sidebar.button_group(key="action").value == 5


def test_an_indicator_switch_sends_a_new_overlay_for_the_same_base_map() -> None:
    at = run_app()
    before = the_map(at)
    assert before["clicks"] is True and before["assets"] == [
        ["js", "/app/static/leaflet/leaflet.js"],
        ["css", "/app/static/leaflet/leaflet.css"],
    ]
    assert "森林覆盖率" in before["overlay"] and any("/app/static/geo/county." in u for u in before["prefetch"])
    choose_indicator(at, "pm25", 3)
    after = the_map(at)
    # The page keeps its map (same base: no redraw of the outlines, zoom kept) and swaps only the overlay.
    assert after["base_key"] == before["base_key"] and after["base"] == before["base"]
    assert after["overlay_key"] != before["overlay_key"] and "PM2.5" in after["overlay"]
    at.sidebar.button_group(key="level").set_value("city").run()
    assert the_map(at)["base_key"] != before["base_key"]  # other outlines under the cities: a new base


def test_changing_indicator_year_level_and_mode() -> None:
    at = run_app()
    choose_indicator(at, "pm25", 3)
    pm_years = at.sidebar.button_group(key="year").options
    assert state(at)["indicator"] == "pm25" and state(at)["year"] == int(pm_years[0])
    assert any("≤" in m.value for m in at.markdown if "目标" in m.value)
    older = int(pm_years[-1])
    at.sidebar.button_group(key="year").set_value(older)
    at.sidebar.button_group(key="level").set_value("city")
    at.sidebar.button_group(key="mode").set_value("value")
    at.run()  # three changes, one rerun
    assert not at.exception
    assert at.sidebar.button_group(key="scheme").value == "quantiles"
    assert link(at) == f"?indicator=pm25&year={older}&level=city&lang=zh&mode=value&scheme=quantiles"
    assert at.query_params["indicator"] == "pm25" and at.query_params["level"] == "city"
    assert at.query_params["scheme"] == "quantiles"


def test_language_switch_translates_labels_and_keeps_the_view() -> None:
    at = run_app()
    choose_indicator(at, "pm25", 3)
    at.sidebar.button_group(key="lang").set_value("en").run()  # after the choice: it must survive the switch
    assert not at.exception
    assert at.title[0].value == "Ganpo Eco Atlas"
    assert [t.label for t in at.tabs][0] == "Map" and all(
        not any("\u4e00" <= ch <= "\u9fff" for ch in t.label) for t in at.tabs
    )
    assert at.sidebar.button_group(key="action").label == "Action"
    assert at.sidebar.button_group(key="indicator").label == "Indicator"
    assert at.sidebar.button_group(key="year").label == "Year"
    assert at.sidebar.button_group(key="level").label == "Level"
    assert at.sidebar.button_group(key="mode").label == "Colour by"
    assert state(at)["indicator"] == "pm25"  # the labels changed, the choice did not
    # The indicator's whole name leads the line above the map (its button in the sidebar may cut it short).
    assert any(m.value.startswith("**Mean PM2.5 concentration**") for m in at.markdown)
    assert any(w.value.startswith("Note: values marked 'Demo'") for w in at.warning)
    assert link(at).startswith("?indicator=pm25&") and "&lang=en&" in link(at)


def test_a_link_opens_its_view() -> None:
    at = run_app(indicator="pm25", year="2024", level="city", lang="en", mode="value", scheme="equal_interval")
    assert state(at) == {"indicator": "pm25", "year": 2024, "level": "city", "mode": "value", "lang": "en"}
    assert at.sidebar.button_group(key="scheme").value == "equal_interval"
    assert at.title[0].value == "Ganpo Eco Atlas"
    assert not at.toast
    assert link(at) == "?indicator=pm25&year=2024&level=city&lang=en&mode=value&scheme=equal_interval"


@pytest.mark.parametrize(
    "query, lang, expected",
    [
        ({"indicator": "nope", "year": "1999"}, "zh", ["链接参数 indicator=nope 无效", "链接参数 year=1999 无效"]),
        ({"lang": "en", "level": "town", "indicator": "pm25"}, "en", ["Link parameter level=town is not valid"]),
    ],
)
def test_a_bad_link_parameter_is_named_in_a_warning(query, lang, expected) -> None:
    at = run_app(**query)
    toasts = [t.value for t in at.toast]
    assert len(toasts) == len(expected)
    for text, start in zip(toasts, expected):
        assert text.startswith(start), toasts
    # The page still opens, on the defaults for what was bad and the link's values for what was good.
    assert state(at)["indicator"] == ("pm25" if query.get("indicator") == "pm25" else "forest_coverage")
    assert state(at)["level"] == "county" and state(at)["lang"] == lang
    if "year" in query:
        # The year offered instead belongs to the indicator shown, not to whatever comes first in the catalog.
        assert "years with data: none" not in toasts[1]
        assert f"{state(at)['year']}" in toasts[1]
        at.sidebar.button_group(key="level").set_value("city").run()
        assert len(at.toast) == 0  # said once, not on every rerun


def _assert_report(at: AppTest) -> None:
    warnings = [w.value for w in at.warning]
    assert any("导入 1 个数值，拒绝 2 行" in w for w in warnings), warnings
    report = "\n".join(t.value for t in at.text)  # in the page's language, each cell named as a spreadsheet does
    assert "第3行，“地区”列，单元格 A3：“火星县”不是地区列表中的地区" in report
    assert "第4行，“数值”列，单元格 D4：“abc”不是数字" in report
    assert "第2行" not in report  # 63.1% is a good value
    buttons = [b for b in at.get("download_button") if b.key == "rejected_download"]
    assert len(buttons) == 1 and buttons[0].label == "下载被拒绝的行（CSV）"


def _assert_on_the_map(at: AppTest) -> None:
    """Back on the map tab: the good row reached the view on screen, and the page says whose data it is."""
    at.session_state["open_tab"] = "map"
    at.run()
    assert not at.exception
    assert any("正在使用您上传的数据 mine.csv（1 个数值，2 行被拒绝）" in c.value for c in at.caption)
    sources = [c.value for c in at.caption if "数据来源" in c.value]
    assert sources and "我的来源" in sources[0]


def test_upload_reports_bad_rows_by_number_and_offers_them_back() -> None:
    at = run_app(tab="data")
    at.file_uploader(key="upload").upload("mine.csv", BAD_TABLE, "text/csv").run()
    assert not at.exception
    at.button(key="upload_import").click().run()  # the preview first, then the import
    _assert_report(at)
    # "Remove" empties the uploader too: a new uploader (a new key) without the file.
    at.button(key="upload_clear").click().run()
    assert not at.exception
    keys = [u.key for u in at.file_uploader]
    assert keys == ["upload_1"] and at.file_uploader(key="upload_1").value is None
    assert not at.get("download_button") or "rejected_download" not in [b.key for b in at.get("download_button")]


def test_the_view_moves_to_what_an_upload_imported() -> None:
    at = run_app(tab="data")
    table = "地区,指标,年份,数值\n南昌县,pm25,2024,30\n新建区,pm25,2024,31\n".encode()
    at.file_uploader(key="upload").upload("pm.csv", table, "text/csv").run()
    at.button(key="upload_import").click().run()
    assert not at.exception
    assert at.query_params["indicator"] == "pm25" and at.query_params["year"] == "2024"
    assert any("视图已切换到您导入的数据：PM2.5平均浓度，2024年" in t.value for t in at.toast)


def test_a_table_given_at_start_is_validated_like_an_upload(tmp_path, monkeypatch) -> None:
    table = tmp_path / "mine.csv"
    table.write_bytes(BAD_TABLE)
    monkeypatch.setenv("GANPO_VALUES", str(table))  # what `make run VALUES=...` / `--values` sets up
    at = run_app(tab="data")
    _assert_report(at)
    _assert_on_the_map(at)


def _sidebar_controls(at: AppTest) -> list[str]:
    return [b.key for b in at.sidebar.button_group]


def test_each_tab_shows_only_the_controls_that_act_on_it() -> None:
    at = run_app(indicator="pm25", year="2024", level="city")
    assert _sidebar_controls(at) == ["lang", "action", "indicator", "year", "level", "mode"]
    for tab, controls in {
        "scorecard": ["lang"],
        "compare": ["lang", "action", "indicator", "year"],
        "sections": ["lang", "year"],
        "landcover": ["lang"],
        "data": ["lang"],
    }.items():
        at.session_state["open_tab"] = tab
        at.run()
        assert not at.exception, tab
        assert _sidebar_controls(at) == controls, tab
        # The view the other tabs do not show stays the page's: in the link, and back on the map.
        assert at.query_params["indicator"] == "pm25" and at.query_params["level"] == "city", tab
    at.session_state["open_tab"] = "map"
    at.run()
    assert state(at) == {"indicator": "pm25", "year": 2024, "level": "city", "mode": "status", "lang": "zh"}


def test_the_sections_tab_uses_the_pages_year() -> None:
    at = run_app(tab="sections", year="2023")
    assert at.sidebar.button_group(key="year").value == 2023
    assert not at.selectbox  # no year of its own
    at.sidebar.button_group(key="year").set_value(2022).run()
    assert at.query_params["year"] == "2022"
    at.session_state["open_tab"] = "map"
    at.run()
    assert state(at)["year"] == 2022


def test_a_moved_view_shows_the_imported_indicator_and_year_and_says_so() -> None:
    at = run_app()
    at.session_state["_move_view"] = ("pm25", 2024)  # what ui.sidebar.move_view asks for after an import
    at.run()
    assert not at.exception
    assert state(at)["indicator"] == "pm25" and state(at)["year"] == 2024
    said = "视图已切换到您导入的数据：PM2.5平均浓度，2024年。"
    assert [t.value for t in at.toast] == [said] or any(said == i.value for i in at.info)
    assert any(i.value == said for i in at.info)


def test_a_bad_link_is_explained_in_chinese_on_the_chinese_page() -> None:
    at = run_app(lang="fr", level="town")
    toasts = " ".join(t.value for t in at.toast)
    assert "请使用其中之一：zh, en" in toasts and "请使用其中之一：county, city" in toasts
    assert "use one of" not in toasts


def test_the_english_page_names_what_arrived_by_its_indicators_names() -> None:
    """'Imported 1 indicators … : pm25' named the catalog's code on the English page; the Chinese page its name."""
    at = run_app(tab="data", lang="en")
    table = "地区,指标,年份,数值\n南昌县,pm25,2024,30\n新建区,pm25,2024,31\n".encode()
    at.file_uploader(key="upload").upload("pm.csv", table, "text/csv").run()
    at.button(key="upload_import").click().run()
    assert not at.exception
    arrived = [i.value for i in at.info if i.value.startswith("Imported")]
    assert arrived and arrived[0].endswith(": Mean PM2.5 concentration"), arrived
