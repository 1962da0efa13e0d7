"""The page on a phone, a tablet, a laptop and a desktop screen (Debian's chromium): the map and its legend in
view on a laptop, tooltips and panels inside the screen, touch (a tap shows the tooltip, a second tap opens the
panel), nothing overlapping; and accessibility: keyboard, visible focus, the map's status symbols at 200 % zoom,
the map's text alternative, and axe-core finding no serious violation."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager

import pytest
from browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    county_points,
    is_loopback,
    map_view,
    need_chromium,
    page_point,
    serve,
    wait_idle,
)

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "tablet": (768, 1024), "laptop": (1280, 720), "desktop": (1920, 1080)}
TOUCH = ("phone", "tablet")
EAST = "玉山县"  # on the map's eastern edge: its tooltip has the least room on the right
CENTRE = "南昌县"

RECT = "el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
VIEWPORT = "() => [innerWidth, innerHeight, document.documentElement.scrollWidth]"


@pytest.fixture(scope="module")
def server():
    need_chromium()
    with serve() as running:
        yield running


@contextmanager
def context(size: tuple[int, int], touch: bool = False, scale: float = 1):
    """A fresh chromium context of one screen (touch: a mobile device's); only loopback requests go out."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="ganpo-chromium-")
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": size[0], "height": size[1]},
                device_scale_factor=scale,
                has_touch=touch,
                is_mobile=touch,
                locale="zh-CN",
            )
            ctx.route("**/*", lambda r: r.continue_() if is_loopback(r.request.url) else r.abort("blockedbyclient"))
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _inside(inner, outer, slack: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _overlap(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _open(ctx, url: str):
    page = ctx.new_page()
    page.goto(f"{url}/?lang=zh", wait_until="domcontentloaded")
    view = map_view(page)
    wait_idle(page)
    page.locator(".gp-download").first.wait_for(state="attached", timeout=60_000)
    return page, view


@pytest.mark.parametrize("name", list(SIZES))
def test_the_map_page_fits_each_screen(server, name: str) -> None:
    width, height = SIZES[name]
    with context(SIZES[name], touch=name in TOUCH) as ctx:
        page, view = _open(ctx, server.url)
        inner_w, inner_h, scroll_w = page.evaluate(VIEWPORT)
        assert scroll_w <= inner_w + 1, f"the page scrolls sideways on the {name}: {scroll_w} > {inner_w}"
        box = view.evaluate(RECT)
        legend = view.locator(".gp-legend").evaluate(RECT)
        assert box[0] >= 0 and box[2] <= inner_w, f"map {box} outside the {name}'s width {inner_w}"
        assert _inside(legend, box), f"legend {legend} outside the map {box}"
        if name in ("laptop", "desktop"):  # seen without scrolling: the whole map and its legend
            assert box[3] <= inner_h and legend[3] <= inner_h, f"map {box} / legend {legend} below the fold {inner_h}"
        # Nothing on the map overlaps: zoom, layers, search, legend, scale and credits each in their own place.
        controls = [
            c.evaluate(RECT)
            for c in view.locator(".leaflet-control").all()
            if c.is_visible() and c.evaluate("e => e.getBoundingClientRect().width > 0")
        ]
        for i, a in enumerate(controls):
            for b in controls[i + 1 :]:
                assert _overlap(a, b) < 4, f"map controls overlap on the {name}: {a} {b}"
        # Nor does the page's text overlap the map.
        above = [
            e.evaluate(RECT)
            for e in page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').all()
            if e.is_visible() and not e.locator(".gp-map").count() and not e.evaluate("e => !!e.closest('.gp-map')")
        ]
        assert all(_overlap(r, box) < 4 for r in above), f"an element overlaps the map on the {name}"
        # A tooltip at the eastern edge stays on the screen.
        x, y = page_point(page, view, *county_points([EAST])[EAST])
        if name in TOUCH:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.move(x - 20, y - 20)
            page.mouse.move(x, y, steps=4)
        tip = view.locator(".leaflet-tooltip").last
        tip.wait_for(state="visible", timeout=10_000)
        assert tip.inner_text().splitlines()[0] == EAST
        inner_w, inner_h, _ = page.evaluate(VIEWPORT)
        assert _inside(tip.evaluate(RECT), [0, 0, inner_w, inner_h]), f"tooltip off the {name}'s screen"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"screen_{name}.png"))


def test_a_tap_shows_the_tooltip_and_a_second_tap_opens_the_panel(server) -> None:
    with context(SIZES["phone"], touch=True) as ctx:
        page, view = _open(ctx, server.url)
        x, y = page_point(page, view, *county_points([CENTRE])[CENTRE])
        page.touchscreen.tap(x, y)
        tip = view.locator(".leaflet-tooltip").last
        tip.wait_for(state="visible", timeout=10_000)
        assert tip.inner_text().splitlines()[0] == CENTRE
        page.wait_for_timeout(1500)
        wait_idle(page)
        panel = page.get_by_text(f"{CENTRE}：全部指标")
        assert panel.count() == 0  # the first tap only shows the tooltip
        x, y = page_point(page, view, *county_points([CENTRE])[CENTRE])
        page.touchscreen.tap(x, y)
        panel.first.wait_for(state="visible", timeout=60_000)
        wait_idle(page)
        inner_w = page.evaluate("innerWidth")
        table = page.locator('[data-testid="stDataFrame"]').first
        left, _, right, _ = table.evaluate(RECT)
        assert left >= 0 and right <= inner_w + 1, "the panel's table runs off the phone's screen"


def test_keyboard_focus_zoom_and_axe(server) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with context(SIZES["laptop"]) as ctx:
        page, view = _open(ctx, server.url)
        # The map has a text alternative: what its legend counts.
        label = view.locator(".leaflet-container").get_attribute("aria-label") or ""
        assert label.startswith("地图：森林覆盖率") and "达标" in label, label
        wait_idle(page)
        page.wait_for_timeout(1000)  # no element still faded as stale by a run in progress
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(
            f"{v['id']}: {v['help']}: "
            + "; ".join(f"{n['target']} {n.get('failureSummary', '')[-120:]}" for n in v["nodes"])
            for v in serious
        )
        # Every control is reached by the keyboard, and focus is visible where it lands.
        reached, unseen = set(), []
        wanted = {"中文", "森林覆盖率", "县（市、区）", "地图", "+", "GeoJSON"}
        for _ in range(300):  # each of the 100 counties is a stop too (Enter opens its panel)
            if wanted <= reached:
                break
            page.keyboard.press("Tab")
            info = page.evaluate(
                """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                   const s = getComputedStyle(e); return [e.innerText || e.getAttribute('aria-label') || e.tagName,
                   s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'
                   || !!e.closest('[data-testid="stDataFrame"]')] }"""  # a table's grid draws its own focus
            )
            if info:
                reached.add(info[0].strip())
                if not info[1]:
                    unseen.append(info[0])
        # A group of buttons (language, action, level) or the tabs is one stop of Tab (the arrow keys move inside).
        assert wanted <= reached, f"not reached by Tab: {sorted(wanted - reached)}"
        assert unseen == [], f"focus not visible on {unseen[:5]}"
    # 200 % zoom: the laptop's screen at twice the size (a CSS viewport of half its width and height).
    with context((640, 360), scale=2) as ctx:
        page, view = _open(ctx, server.url)
        box = view.evaluate(RECT)
        legend = view.locator(".gp-legend")
        assert _inside(legend.evaluate(RECT), box), "the legend leaves the map at 200 %"
        rows = legend.locator(".gp-legend-row").all_inner_texts()
        assert any(r.startswith("✓") for r in rows) and any(r.startswith("✗") for r in rows), rows
        size = view.locator(".gp-sym").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 10, f"status symbols of {size} px"


def test_axe_finds_no_serious_violation_on_the_other_tabs(server) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with context(SIZES["laptop"]) as ctx:
        page = ctx.new_page()
        found = {}
        for tab in ("scorecard", "compare", "sections", "landcover", "data"):
            page.goto(f"{server.url}/?lang=en&tab={tab}", wait_until="domcontentloaded")
            if tab == "sections":
                map_view(page, 10)
            page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').first.wait_for(timeout=90_000)
            wait_idle(page)
            page.wait_for_timeout(1000)
            violations = Axe().run(page).response["violations"]
            serious = [f"{v['id']} ({len(v['nodes'])})" for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[tab] = serious
        assert found == {}
