"""The data tab in Debian's chromium, in Chinese: a steward signs in, publishes a table, and a colleague's map shows it
with the dataset named in its sources."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile

import pytest
from browser import ARTIFACTS, browser_context, map_view, need_chromium, serve, wait_idle
from conftest import ROOT

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_a_steward_publishes_and_a_colleague_sees_it_on_the_map(tmp_path) -> None:
    need_chromium()
    state = tempfile.mkdtemp(prefix="ganpo-state-")
    env = {"GANPO_STATE_DIR": state}
    subprocess.run(
        [sys.executable, "-m", "geo", "users", "add", "lin", "--role", "steward"],
        cwd=ROOT,
        check=True,
        input=PASSWORD + "\n",
        text=True,
        capture_output=True,
        env={**__import__("os").environ, **env},
    )
    table = tmp_path / "林业局.csv"
    table.write_text("地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,99.5,林业局年报\n", encoding="utf-8")
    with serve(env) as server, browser_context() as (context, requests):
        page = context.new_page()
        page.goto(server.url + "/?tab=data", wait_until="domcontentloaded")
        page.get_by_label("账号").fill("lin")
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("当前账号：lin（数据管理员）").wait_for(timeout=30_000)
        page.locator('input[type="file"]').set_input_files(str(table))
        page.get_by_text("数据集名称（同名即为新版本）").wait_for(timeout=30_000)
        page.get_by_text("立即发布").click()
        page.get_by_role("button", name="保存").click()
        page.get_by_text(re.compile("已发布：林业局（#1）")).wait_for(timeout=30_000)
        wait_idle(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "data_tab.png"))
        colleague = context.new_page()
        colleague.goto(server.url + "/?indicator=forest_coverage&year=2025", wait_until="domcontentloaded")
        map_view(colleague)
        wait_idle(colleague)
        assert "data=" in colleague.url  # the link names the data it shows
        assert colleague.get_by_text(re.compile("林业局年报 · 林业局 v1 \\(#1\\)")).count() == 1
        assert requests.outside() == []
