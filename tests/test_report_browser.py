"""What a person sees in Debian's chromium: the summary sentence above the map says the counts the map's legend shows,
and the ranking table is below the map."""

from __future__ import annotations

import re

import pytest
from browser import ARTIFACTS, browser_context, need_chromium, opened_map

pytestmark = pytest.mark.browser


def test_the_summary_sentence_matches_the_legends_counts(served_app) -> None:
    need_chromium()
    with browser_context() as (context, requests), opened_map(context, served_app.url) as (page, view):
        summary = page.locator(".st-key-map_summary").inner_text(timeout=30_000)
        legend = dict(
            re.fullmatch(r"\s*\S?\s*(.+?) \((\d+)\)\s*", row).groups()
            for row in view.locator(".gp-legend-row").all_inner_texts()
        )
        met, near, not_met = re.search(r"中(\d+)个.*?达到.*?(\d+)个接近，(\d+)个未达", summary).groups()
        assert (met, near, not_met) == (legend["达标"], legend["接近目标"], legend["未达标"]), (summary, legend)
        n = re.search(r"(\d+)个县（市、区）中", summary).group(1)
        assert int(n) == sum(int(v) for v in legend.values())
        ranking = page.locator(".st-key-map_ranking")  # under the map, with the downloads once the map is drawn
        ranking.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
        assert "排名" in ranking.inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_summary.png"))
        assert requests.outside() == []
