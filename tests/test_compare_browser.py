"""A shared comparison link opens the same comparison in a real browser (Debian's chromium)."""

from __future__ import annotations

import pytest
from browser import browser_context, need_chromium

pytestmark = pytest.mark.browser


def test_a_shared_link_opens_the_same_comparison(served_app) -> None:
    need_chromium()
    with browser_context() as (context, requests):
        page = context.new_page()
        page.goto(f"{served_app.url}/?tab=compare&compare=360702,360703&lang=zh", wait_until="domcontentloaded")
        tab = page.get_by_role("tab", name="区域对比")
        tab.wait_for(timeout=90_000)
        assert tab.get_attribute("aria-selected") == "true"
        chosen = page.get_by_test_id("stMultiSelect").first
        chosen.get_by_text("章贡区").first.wait_for(timeout=90_000)
        names = chosen.inner_text()
        assert "章贡区" in names and "南康区" in names, names
        assert "compare=360702%2C360703" in page.url or "compare=360702,360703" in page.url, page.url
        assert requests.outside() == [], requests.outside()
