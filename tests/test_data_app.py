"""The data tab (ui/data.py) and the store on the page: a steward keeps and publishes a table, another session sees
it, a link keeps the numbers it was made with, and the rights hold whatever the page shows."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from geo.accounts import add_account
from geo.settings import Settings
from geo.store import open_store

APP = str(ROOT / "app.py")
PASSWORD = "correct horse battery"
FOREST = "地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,99.5,林业局年报\n".encode()


@pytest.fixture
def store():
    s = open_store(Settings.from_env())  # the test's own state folder (conftest.own_store)
    add_account(s, "lin", "steward", PASSWORD)
    add_account(s, "wang", "viewer", PASSWORD)
    return s


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> None:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button(key="FormSubmitter:signin-登录").click().run()
    assert not at.exception, [e.value for e in at.exception]


def map_value(at: AppTest) -> str:
    return next(m.value for m in at.markdown if re.match(r"\*\*.\*\* 全省\d{4}年：", m.value))


def test_a_steward_keeps_and_publishes_a_table_and_another_session_sees_it(store) -> None:
    at = run_app(tab="data")
    sign_in(at, "lin")
    assert any("当前账号：lin（数据管理员）" in c.value for c in at.caption)
    at.file_uploader(key="upload").upload("forest.csv", FOREST, "text/csv").run()
    at.text_input(key="keep_name").input("林业局2025")
    at.checkbox(key="keep_publish").check()
    at.button(key="FormSubmitter:keep-保存").click().run()
    assert any("已发布：林业局2025" in s.value for s in at.success), [s.value for s in at.success]
    assert store.datasets()[0].state == "published" and store.data_version() == 4
    colleague = run_app(indicator="forest_coverage", year="2025", level="county")
    assert colleague.query_params["data"] == "4"  # the link names the data it was made with
    # The colleague's map draws the published value: its source, naming the dataset and version, is listed.
    sources = next(c.value for c in colleague.caption if "数据来源" in c.value)
    assert "林业局年报 · 林业局2025 v1 (#1)" in sources


def test_a_viewer_sees_no_steward_controls_and_a_visitor_can_only_sign_in(store) -> None:
    at = run_app(tab="data")
    assert [f.label for f in at.text_input] == ["账号", "密码"]
    sign_in(at, "wang")
    at.file_uploader(key="upload").upload("forest.csv", FOREST, "text/csv").run()
    assert not [b for b in at.button if b.key == "FormSubmitter:keep-保存"]  # nothing to keep with
    assert store.datasets() == []


def test_a_wrong_password_is_refused_in_the_pages_language(store) -> None:
    at = run_app(tab="data")
    sign_in(at, "lin", "guess")
    assert [e.value for e in at.error] == ["未执行：wrong account name or password; check both and try again"]


def test_a_link_with_an_old_data_version_keeps_its_numbers_and_offers_the_current_data(store) -> None:
    from geo.accounts import Account
    from geo.catalog import catalog_of
    from geo.datasets import add
    from geo.pack import load_pack
    from geo.regions import load_region_index

    settings = Settings.from_env()
    pack = load_pack(settings.data_dir)
    steward = Account("lin", "steward")
    for value in (99.5, 12.5):
        table = FOREST.replace(b"99.5", str(value).encode())
        add(
            store,
            table,
            "forest.csv",
            steward,
            catalog_of(pack),
            load_region_index(settings.data_dir),
            settings,
            name="forest",
            publish_now=True,
        )
    old = run_app(indicator="forest_coverage", year="2025", data="4")
    assert any("此链接显示的是第 4 号数据版本；现已有更新的数据。" in i.value for i in old.info)
    assert old.query_params["data"] == "4"
    old.button(key="data_current").click().run()
    assert old.query_params["data"] == str(store.data_version()) and not old.info.values


def test_the_store_down_is_a_message_not_a_stack_trace(monkeypatch) -> None:
    monkeypatch.setenv("GANPO_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = run_app()
    assert any("数据存储暂不可用，正在重试" in w.value for w in at.warning)
    assert len(at.get("iframe")) + len(at.markdown) > 0  # the page still draws, on the built-in data
