"""The plan scorecard in Debian's chromium: open it by link, follow a county-level target to its map, see the marks."""

from __future__ import annotations

import re

import pytest
from browser import ARTIFACTS, browser_context, map_view, need_chromium, wait_idle

pytestmark = pytest.mark.browser


def test_the_scorecard_opens_a_county_target_on_the_map_and_the_legend_explains_the_demo_mark(served_app) -> None:
    need_chromium()
    with browser_context() as (context, requests):
        page = context.new_page()
        page.goto(served_app.url + "/?tab=scorecard", wait_until="domcontentloaded")
        page.get_by_text("一、实施发展方式绿色转型行动").wait_for(timeout=60_000)
        wait_idle(page)
        assert page.get_by_text(re.compile(r"共\d+项：\d+项达标")).count() == 1
        tables = page.locator('[data-testid="stDataFrame"]')
        tables.nth(6).wait_for(timeout=30_000)  # one table per action of the plan
        assert tables.count() == 7
        tables.nth(0).locator("canvas").first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "scorecard.png"), full_page=True)
        page.get_by_role("button", name="在地图上查看：森林覆盖率").click()
        view = map_view(page)
        wait_idle(page)
        assert "tab=" not in page.url and "indicator=forest_coverage" in page.url
        legend = view.locator(".gp-legend").inner_text()
        assert "森林覆盖率" in legend
        assert re.search(r"\* 演示数据（非官方） \((\d+)\)", legend)  # the demo mark, explained with its count
        marks = view.locator(".gp-sym").all_inner_texts()
        assert len(marks) == 100 and all(m.endswith("*") for m in marks)  # every built-in county value is demo
        assert page.get_by_text(re.compile(r"全省\d{4}年：.+（.+）")).count() == 1  # the province's figure
        page.screenshot(path=str(ARTIFACTS / "scorecard_to_map.png"))
        assert requests.outside() == []
        page.close()
