"""The compare tab in Streamlit's AppTest: link state, group selection, search, clearing, reference rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["tab"] = "compare"  # only the open tab is drawn
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _selection(at: AppTest) -> list[str]:
    return list(at.multiselect(key="compare").value)


def _ganzhou_counties() -> list[str]:
    with open(ROOT / "data" / "boundaries" / "regions.csv", encoding="utf-8") as f:
        return [r["adcode"] for r in csv.DictReader(f) if r["parent_adcode"] == "360700"]


def test_a_link_reproduces_the_selection_and_reports_bad_codes():
    at = _app(compare="360703,360702,bogus")
    assert not at.exception
    assert _selection(at) == ["360703", "360702"]
    assert at.query_params["compare"] in ("360703,360702", ["360703,360702"])
    assert any("bogus" in w.value for w in at.warning)
    shown = " ".join(str(df.value.to_string()) for df in at.dataframe)
    assert "章贡区" in shown and "赣州市" in shown and "江西省" in shown  # reference rows: city and province


def test_group_all_counties_of_a_city_then_clear():
    at = _app()
    assert _selection(at) == [] and "compare" not in at.query_params
    at.selectbox(key="compare_city").set_value("360700").run()
    at.button(key="compare_add_city").click().run()
    assert _selection(at) == _ganzhou_counties()
    assert str(at.query_params["compare"]).strip("[]'") == ",".join(_ganzhou_counties())
    at.button(key="compare_clear").click().run()
    assert _selection(at) == [] and "compare" not in at.query_params


def test_group_counties_not_meeting_forest_target():
    at = _app(indicator="forest_coverage", year="2025")
    with open(ROOT / "data" / "indicators" / "demo_values.csv", encoding="utf-8") as f:
        short = {
            r["adcode"]
            for r in csv.DictReader(f)
            if r["indicator"] == "forest_coverage" and r["year"] == "2025" and float(r["value"]) < 63.1
        }
    at.selectbox(key="compare_city").set_value("360700").run()
    # The count leads the label (a narrow column cut it off at the end) and says near ones are in it: the legend's
    # 未达标 (56) counts not-met only, the group not meeting the target counts near too.
    button = at.button(key="compare_add_missing")
    assert button.label == f"加入未达到目标的{len(short & set(_ganzhou_counties()))}个区县（含接近目标）"
    assert button.help == "森林覆盖率，2025年：状态为“未达标”或“接近目标”的区县"
    button.click().run()
    assert set(_selection(at)) == short & set(_ganzhou_counties())
    assert not at.exception


@pytest.mark.parametrize("text", ["zhanggong", "章贡"])
def test_search_adds_a_region(text):
    at = _app()
    at.text_input(key="compare_search").input(text).run()
    at.button(key="compare_hit_360702").click().run()
    assert _selection(at) == ["360702"]
    assert str(at.query_params["compare"]).strip("[]'") == "360702"


def test_a_users_values_are_compared_in_their_session_only(tmp_path, monkeypatch):
    # The comparison's values at all levels are built once per table: shared by sessions for the built-in data, and
    # kept in the session for a user's table (ui.resources.per_choice), never in a cache that other sessions read.
    import inspect

    import ui.compare
    import ui.resources

    assert "cache_data" not in inspect.getsource(ui.compare)
    table = tmp_path / "mine.csv"
    table.write_text("地区,指标,年份,数值,来源\n南昌县,forest_coverage,2025,99.9,我的来源\n", encoding="utf-8")

    def shown(at: AppTest) -> str:
        return " ".join(str(df.value.to_string()) for df in at.dataframe)

    monkeypatch.setenv("GANPO_VALUES", str(table))
    mine = _app(compare="360121", indicator="forest_coverage", year="2025")
    assert not mine.exception, [e.value for e in mine.exception]
    assert "99.9" in shown(mine)
    kept = mine.session_state[ui.resources._SESSION_KEY]
    assert any(key[1] == "compare_levels" for key in kept)  # (table hash, "compare_levels", settings)
    monkeypatch.delenv("GANPO_VALUES")
    other = _app(compare="360121", indicator="forest_coverage", year="2025")  # another visitor, same process
    assert not other.exception, [e.value for e in other.exception]
    assert "南昌县" in shown(other) and "99.9" not in shown(other)
