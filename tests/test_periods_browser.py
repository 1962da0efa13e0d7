"""In Debian's chromium: a click on a county listed in the province's monthly PM2.5 lists shows the list and the
province's monthly values (latest month, a chart) under its indicators."""

from __future__ import annotations

import re

import pytest
from browser import ARTIFACTS, county_points, opened_map, page_point, wait_idle

pytestmark = pytest.mark.browser

COUNTY = "寻乌县"  # in the best-ten list five times


def test_a_clicked_county_shows_the_rank_lists_naming_it_and_the_provinces_months(served_app, browser_ctx) -> None:
    with opened_map(browser_ctx, served_app.url) as (page, view):
        x, y = page_point(page, view, *county_points([COUNTY])[COUNTY])
        page.mouse.move(x, y, steps=4)
        page.mouse.click(x, y)
        page.get_by_text(re.compile(rf"^{COUNTY}：全部指标")).wait_for(timeout=60_000)
        wait_idle(page)
        listed = page.get_by_text(
            "列入全省PM2.5月均浓度排名前十：2021年10月、2023年1月、2024年5月、2025年1月、2025年6月"
        )
        listed.wait_for(timeout=30_000)
        assert listed.is_visible()
        page.get_by_text(re.compile(r"^全省 · PM2\.5平均浓度：最新月份 2025年6月")).wait_for(timeout=30_000)
        assert page.get_by_text("月度数值仅作进度参考").first.is_visible()
        charts = page.locator("[data-testid='stVegaLiteChart']")  # the small monthly charts, drawn after the text
        charts.first.wait_for(timeout=30_000)
        assert charts.count() >= 1
        listed.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "periods_panel.png"), full_page=True)


@pytest.fixture(scope="module")
def browser_ctx():
    from browser import browser_context, need_chromium

    need_chromium()
    with browser_context() as (context, requests):
        yield context
        assert requests.outside() == [], f"requests outside localhost: {requests.outside()}"
