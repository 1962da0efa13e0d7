"""The upload's preview in Debian's chromium, in Chinese: a yearbook workbook is previewed (header rows, each
column's reading), imported with the button, and the page says what arrived and reports the subtotal check."""

from __future__ import annotations

import re
import tempfile

import pytest
from browser import ARTIFACTS, browser_context, need_chromium, serve, wait_idle

from tests.yearbook import yearbook_bytes

pytestmark = pytest.mark.browser


def test_a_yearbook_workbook_is_previewed_then_imported(tmp_path) -> None:
    need_chromium()
    book = tmp_path / "年鉴.xlsx"
    book.write_bytes(yearbook_bytes())
    env = {"GANPO_STATE_DIR": tempfile.mkdtemp(prefix="ganpo-state-")}
    with serve(env) as server, browser_context() as (context, requests):
        page = context.new_page()
        page.goto(server.url + "/?tab=data", wait_until="domcontentloaded")
        page.locator('input[type="file"]').first.wait_for(state="attached", timeout=120_000)
        page.locator('input[type="file"]').set_input_files(str(book))
        page.get_by_text("导入前预览").wait_for(timeout=60_000)
        preview = page.get_by_text(re.compile("表头：第3, 4行"))
        preview.wait_for(timeout=30_000)
        body = page.locator("body").inner_text()
        assert "C列：森林覆盖率 · 2023年 → 森林覆盖率 2023" in body
        assert "第13行作为表注跳过：注：森林覆盖率含灌木林。" in body
        page.get_by_role("button", name="导入", exact=True).click()
        page.get_by_text(re.compile("已导入 2 个指标 × 2 个时期 × 4 个地区")).wait_for(timeout=60_000)
        wait_idle(page)
        body = page.locator("body").inner_text()
        assert "3 个合计/小计行（江西省, 赣州市, 吉安市）未作为数值导入" in body
        assert "地图已切换到 森林覆盖率（2023年）。" in body
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "upload_preview.png"), full_page=True)
        assert requests.outside() == []
