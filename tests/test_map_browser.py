"""The readable map in Debian's chromium: names at the default zoom without overlaps, a scale in km only, the lakes
drawn, Jiangxi filling the map, a plain attribution, and the search box finding a county."""

from __future__ import annotations

import pytest
from browser import ARTIFACTS, browser_context, leaflet, map_names, need_chromium, opened_map

pytestmark = pytest.mark.browser


def test_the_map_is_readable_names_lakes_km_scale_search_and_jiangxi_filling_it(served_app) -> None:
    need_chromium()
    with browser_context() as (context, requests), opened_map(context, served_app.url) as (page, view):
        names = map_names(view)
        assert len(names) >= 25 and "修水县" in names, names  # the largest names fit at the default zoom
        boxes = view.locator(".gp-label").evaluate_all(
            "els => els.filter(e => e.style.visibility !== 'hidden').map(e => e.getBoundingClientRect())"
            ".map(r => [r.left, r.top, r.right, r.bottom])"
        )
        overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _overlap(a, b)]
        assert overlaps == []
        assert [t.strip() for t in view.locator(".leaflet-control-scale-line").all_inner_texts()][-1].endswith("km")
        assert view.locator(".leaflet-control-scale-line").count() == 1  # no miles
        assert leaflet(view, "map => map.getPane('gpWater').querySelectorAll('path').length") >= 1
        credits = view.locator(".leaflet-control-attribution").inner_text()
        assert "Leaflet" not in credits and "Natural Earth" in credits
        # Jiangxi's box against the map: the longer side fills at least 80 % of the map's width or height.
        fill = leaflet(
            view,
            """map => { const s = map.getSize();
                        const a = map.latLngToContainerPoint([30.08, 113.57]), b = map.latLngToContainerPoint([24.49, 118.48]);
                        return Math.max((b.x - a.x) / s.x, (b.y - a.y) / s.y); }""",
        )
        assert fill >= 0.8, fill
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        view.screenshot(path=str(ARTIFACTS / "map_readable.png"))
        zoom = leaflet(view, "map => map.getZoom()")
        box = view.get_by_role("combobox", name="查找地区")  # a text box with a list of names
        box.fill("南康")
        box.press("Enter")
        assert box.input_value() == "南康区（赣州市）"
        assert leaflet(view, "map => map.getZoom()") > zoom
        assert leaflet(view, "map => map.getBounds().contains([25.66, 114.77])")  # 南康区 in view
        assert requests.outside() == []


def _overlap(a: list[float], b: list[float]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
