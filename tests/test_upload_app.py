"""The data tab's upload as a user drives it (AppTest): a preview before import, a column corrected by hand, a year
given for a table without one, a yearbook workbook, the report in the page's language and the map moved."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.test_app import run_app
from tests.yearbook import yearbook_bytes


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def test_preview_then_correct_a_column_then_import_moves_the_map():
    at = run_app(tab="data")
    table = "地区,林木覆盖,年份\n章贡区,61.5,2024\n南康区,62.0,2024\n".encode()
    at.file_uploader(key="upload").upload("林业.csv", table, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "B列：林木覆盖 → 未读取" in texts(at)  # previewed, nothing imported yet
    assert "user_import" not in at.session_state
    at.selectbox(key="fix_column").set_value("\u0000林木覆盖")
    at.selectbox(key="fix_indicator").set_value("forest_coverage")
    at.button(key="fix_apply").click().run()
    assert "B列：林木覆盖 → 森林覆盖率" in texts(at)  # the indicator by its name, not its catalog code
    at.button(key="upload_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == ["已导入 1 个指标 × 1 个时期 × 2 个地区：森林覆盖率"]
    assert any(s.value.startswith("林业.csv：读取 2 行（宽表），导入 2 个数值") for s in at.success)
    assert "“林木覆盖”列按您的更正读取：forest_coverage" in texts(at)
    assert at.session_state["indicator"] == "forest_coverage" and at.session_state["year"] == 2024
    assert "地图已切换到 森林覆盖率（2024年）。" in [c.value for c in at.caption]
    names = {b.key: b for b in at.get("download_button")}
    assert "report_download" in names and "rejected_download" not in names


def test_a_wide_table_without_a_year_asks_for_it_in_the_page():
    at = run_app(tab="data")
    at.file_uploader(key="upload").upload("w.csv", "地区,森林覆盖率(%)\n章贡区,63.1\n".encode(), "text/csv").run()
    assert "表中没有年份：请填写这些数值所属的年份" in texts(at)
    assert "--year" not in texts(at) + "".join(e.value for e in at.error)
    at.number_input(key="upload_year").set_value(2023).run()
    at.button(key="upload_import").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("导入 1 个数值" in s.value for s in at.success)


def test_a_yearbook_workbook_is_previewed_by_sheet_and_reported_in_english():
    at = run_app(tab="data", lang="en")
    at.file_uploader(key="upload").upload("yearbook.xlsx", yearbook_bytes(second=True), "application/octet-stream")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    preview = texts(at)
    assert "sheet '表3-2' (yearbook.xlsx)" in preview and "header: row(s) 3, 4" in preview
    assert "column C: 森林覆盖率 · 2023年 → Forest coverage 2023" in preview
    at.multiselect(key="upload_sheets").set_value(["表3-2", "表3-3"]).run()
    assert "column B: 2023年 → Area of high-standard farmland 2023 (公顷 × 0.0015)" in texts(at)
    at.button(key="upload_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    report = texts(at)
    assert "row 13 is a footnote, skipped: 注：森林覆盖率含灌木林。" in report
    assert "4 cells marked missing (… ×1, — ×2, / ×1) were not imported" in report
    assert "3 total or subtotal rows (江西省, 赣州市, 吉安市) were not imported as values" in report
    assert "第" not in report.replace("第一", "")  # no Chinese interface words in the English report


def test_a_period_without_a_year_is_refused_in_the_pages_language():
    at = run_app(tab="data")
    at.file_uploader(key="upload").upload("x.csv", "地区,林木覆盖\n章贡区,61.5\n".encode(), "text/csv").run()
    at.selectbox(key="fix_column").set_value("\u0000林木覆盖")
    at.selectbox(key="fix_indicator").set_value("forest_coverage")
    at.text_input(key="fix_period").input("3月")
    at.button(key="fix_apply").click().run()
    assert [e.value for e in at.error] == [
        "无法应用更正：“3月”没有年份：请放在年份标题（如 2024年）之下，或写明年份（如 2024年3月）"
    ]


def test_a_steward_keeps_the_upload_as_the_preview_reads_it():
    from geo.accounts import add_account
    from geo.settings import Settings
    from geo.store import open_store
    from tests.test_data_app import PASSWORD, sign_in

    store = open_store(Settings.from_env())  # the test's own state folder (conftest.own_store)
    add_account(store, "lin", "steward", PASSWORD)
    at = run_app(tab="data")
    sign_in(at, "lin")
    table = "地区,林木覆盖,年份\n章贡区,61.5,2024\n".encode()
    at.file_uploader(key="upload").upload("林业.csv", table, "text/csv").run()
    at.selectbox(key="fix_column").set_value("\u0000林木覆盖")
    at.selectbox(key="fix_indicator").set_value("forest_coverage")
    at.button(key="fix_apply").click().run()
    at.button(key="FormSubmitter:keep-保存").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (kept,) = store.datasets()
    assert kept.values_count == 1  # the corrected column: without the correction the file has no values


def test_a_kept_datasets_issues_are_shown_in_the_pages_language():
    from dataclasses import asdict

    from geo.importer import import_values
    from tests.importer_fixtures import CATALOG, small_index
    from ui.upload import issue_rows

    r = import_values("地区,指标,年份,数值\n章贡区,森林覆盖率,2023,abc\n".encode(), "t.csv", CATALOG, small_index())
    stored = [asdict(i) for i in r.issues]  # as geo.datasets keeps them
    (row,) = issue_rows(stored, "zh")
    assert (row["message"], row["fix"]) == ("“abc”不是数字", "填写数字，如 63.1（比率可带 % 号）")
    assert issue_rows(stored, "en")[0]["message"] == "'abc' is not a number"
