"""The map service in Debian's chromium: offline page, 100 counties, tooltips, click panel, downloads, English, hostile data."""

from __future__ import annotations

import csv
import json
import re

import pytest
from browser import (
    ARTIFACTS,
    UNIT_VALUE,
    browser_context,
    county_points,
    hover_county,
    leaflet,
    map_view,
    need_chromium,
    opened_map,
    page_point,
    serve,
    wait_idle,
)

pytestmark = pytest.mark.browser

COUNTY = "南昌县"  # large enough to hover at the province-wide zoom
OTHER = "信丰县"  # another large county, far from the first
HOSTILE_IMG = "<img src=x onerror=document.title='pwned'>"
HOSTILE_TPL = "${document.title='x'}"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    with browser_context() as (context, requests):
        yield context, requests
        assert requests.outside() == [], f"requests outside localhost: {requests.outside()}"


@pytest.fixture(scope="module")
def point():
    return county_points([COUNTY])[COUNTY]


@pytest.fixture(scope="module")
def map_page(served_app, browser):
    """The default page, loaded once, with its map drawn."""
    context, _ = browser
    with opened_map(context, served_app.url) as opened:
        yield opened


def test_page_loads_offline_and_draws_100_counties(map_page, browser) -> None:
    page, view = map_page
    _, requests = browser
    assert view.locator("path.leaflet-interactive").count() == 100
    assert requests.outside() == [], f"requests outside localhost: {requests.outside()}"
    assert any(u.endswith("/app/static/leaflet/leaflet.js") for u in requests.urls)
    assert page.title() == "赣鄱生态指标地图 · Ganpo Eco Atlas"
    legend = view.locator(".gp-legend").inner_text()
    assert "目标 ≥ 63.1 %，2026年" in legend and "达标 (" in legend and "无数据 (" in legend
    rows = view.locator(".gp-legend .gp-legend-row").all_inner_texts()
    counts = [int(n) for r in rows for n in re.findall(r"\((\d+)\)", r)]
    assert sum(counts) == 100  # every county in exactly one class of the legend
    # For review: the whole map with its legend, and the page as a visitor first sees it.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.scroll_into_view_if_needed()
    view.screenshot(path=str(ARTIFACTS / "map.png"))
    page.screenshot(path=str(ARTIFACTS / "page.png"))
    assert (ARTIFACTS / "map.png").stat().st_size > 20_000


def test_every_county_carries_the_symbol_of_its_status(map_page) -> None:
    # Status never rests on colour alone: each county has its class's symbol, as many of each as the legend counts.
    _, view = map_page
    view.locator(".gp-sym").nth(99).wait_for(state="attached")
    drawn = view.locator(".gp-sym").all_inner_texts()
    rows = view.locator(".gp-legend-row").all_inner_texts()  # e.g. "✓\n达标 (39)"
    counted = {row.split()[0]: int(re.search(r"\((\d+)\)", row).group(1)) for row in rows}
    assert len(drawn) == 100 and sum(counted.values()) == 100
    # The mark of a demo or user value follows the status symbol (✓*): the status is its first character.
    assert {s: [d[0] for d in drawn].count(s) for s in counted} == counted, (rows, drawn)


def test_the_counties_are_drawn_before_the_context_outlines(served_app, browser) -> None:
    # What a person waits for comes first: the city and province outlines (context, not interactive) are drawn
    # after the indicator layer, not in front of it.
    context, _ = browser
    order = """
      window.__gpPaths = [];
      new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => {
        if (n.nodeName === 'path') { window.__gpPaths.push(n.classList.contains('leaflet-interactive')); }
      }))).observe(document, {childList: true, subtree: true});
    """
    with opened_map(context, served_app.url, lambda page: page.add_init_script(order)) as (page, view):
        page.wait_for_function("() => window.__gpPaths.includes(false)", timeout=30_000)
        drawn = page.evaluate("window.__gpPaths")
        first_outline = drawn.index(False)
        assert drawn[:first_outline].count(True) == 100, drawn[: first_outline + 1]
        assert view.locator("path:not(.leaflet-interactive)").count() >= 2  # cities and the province, drawn


def test_the_map_stays_in_place_when_the_controls_and_downloads_arrive(served_app, browser) -> None:
    # On a page load the sidebar's controls and the downloads follow the map: the map reports its first draw and
    # that run brings them (ui/page.py). The map must not move when they come (the sidebar's pane is there from the
    # first draw), and they must not come before the counties are drawn.
    context, _ = browser
    first = """
      new MutationObserver((records, observer) => {
        const path = document.querySelector('path.leaflet-interactive');
        const control = document.querySelector(
          '[data-testid="stSidebar"] [role="radio"], .gp-download');
        if (control && !window.__gpControls) { window.__gpControls = window.__gpFirst ? 'after the map' : 'before'; }
        if (!path || window.__gpFirst) { return; }
        const r = path.closest('.leaflet-container').getBoundingClientRect();
        window.__gpFirst = [r.x, r.y, r.width, r.height];
      }).observe(document, {childList: true, subtree: true});
    """
    with opened_map(context, served_app.url, lambda page: page.add_init_script(first)) as (page, view):
        page.locator('[data-testid="stSidebar"] [role="radio"]').first.wait_for()
        page.locator(".gp-download").nth(3).wait_for()
        box = view.locator(".leaflet-container").bounding_box()
        assert page.evaluate("window.__gpFirst") == [box["x"], box["y"], box["width"], box["height"]]
        assert page.evaluate("window.__gpControls") == "after the map"


def test_hovering_a_county_shows_its_name_and_value_with_unit(map_page, point) -> None:
    page, view = map_page
    text = hover_county(page, view, *point, COUNTY)
    lines = dict(line.split(": ", 1) for line in text.splitlines()[1:] if ": " in line)
    assert lines["所属设区市"] == "南昌市"
    assert UNIT_VALUE.fullmatch(lines["数值"]), lines
    assert lines["目标"] == "≥ 63.1 %"
    assert lines["状态"] in ("达标", "接近目标", "未达标")
    assert re.fullmatch(r"第 \d+ / 100 名", lines["排名"])
    page.mouse.move(5, 5)


def test_geojson_download_is_an_rfc7946_feature_collection_of_100_counties(map_page) -> None:
    page, _ = map_page
    link = page.locator(".gp-download", has_text="GeoJSON")  # a link to the export route (ui/export_route.py)
    before = page.url
    with page.expect_download(timeout=60_000) as info:
        link.click()
    download = info.value
    assert page.url == before  # the page stays where it was (the link downloads, it does not navigate)
    assert re.fullmatch(r"ganpo_forest_coverage_\d{4}_county\.geojson", download.suggested_filename)
    doc = json.loads(open(download.path(), encoding="utf-8").read())
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946 has no crs member
    feats = doc["features"]
    assert len(feats) == 100
    assert len({f["properties"]["adcode"] for f in feats}) == 100
    for f in feats:
        assert f["type"] == "Feature" and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        polys = (
            f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiPolygon" else [f["geometry"]["coordinates"]]
        )
        for rings in polys:
            ring = rings[0]
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(113 < x < 119 and 24 < y < 31 for x, y in ring)  # lon, lat order in WGS-84
            area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
            assert area2 > 0, "exterior rings are counter-clockwise (RFC 7946 section 3.1.6)"
        props = f["properties"]
        assert props["indicator"] == "forest_coverage" and props["level"] == "county"
        assert props["provenance"] in ("official", "derived", "user", "demo", None)
    nanchang = next(f["properties"] for f in feats if f["properties"]["name_zh"] == COUNTY)
    assert nanchang["adcode"] == "360121" and isinstance(nanchang["value"], (int, float))


def test_clicking_a_county_opens_its_panel(map_page, point) -> None:
    page, view = map_page
    leaflet(view, "(map) => { map.__gpMark = 'before the click'; }")
    x, y = page_point(page, view, *point)
    page.mouse.move(x, y, steps=4)  # onto the county, then click, as a person does
    page.mouse.click(x, y)
    heading = page.get_by_text(re.compile(rf"^{COUNTY}：全部指标（\d{{4}}年）$"))
    heading.wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)  # the table of all its indicators
    # The rerun kept the map: the same Leaflet map object, with the same shapes (no blank remount).
    view = map_view(page, timeout=20)
    assert view.locator("path.leaflet-interactive").count() == 100
    assert leaflet(view, "(map) => map.__gpMark") == "before the click"
    # A second click, after that rerun, opens the other county's panel.
    x, y = page_point(page, view, *county_points([OTHER])[OTHER])
    page.mouse.move(x, y, steps=4)
    page.mouse.click(x, y)
    page.get_by_text(re.compile(rf"^{OTHER}：全部指标（\d{{4}}年）$")).wait_for(timeout=60_000)


def test_a_clicked_county_joins_the_linked_comparison_and_is_outlined(served_app, browser, point) -> None:
    context, _ = browser
    # A shared link already compares 章贡区; the map tab is open, the compare tab never drawn.
    with opened_map(context, f"{served_app.url}/?compare=360702") as (page, view):
        x, y = page_point(page, view, *point)
        page.mouse.move(x, y, steps=4)
        page.mouse.click(x, y)
        page.get_by_text(re.compile(rf"^{COUNTY}：全部指标")).wait_for(timeout=60_000)
        page.get_by_role("button", name="加入对比").click()
        page.get_by_text("已在对比中").wait_for(timeout=60_000)
        wait_idle(page)
        assert re.search(r"compare=360702(%2C|,)360121", page.url), page.url  # the link names both at once
        # The map outlines both compared counties (a new base: the highlight is drawn over the counties).
        view = map_view(page, timeout=30)
        assert (
            leaflet(
                view,
                "(map) => Object.values(map._layers).filter(l => l.feature && l.options "
                "&& l.options.weight === 3 && l.options.fillOpacity === 0).length",
            )
            == 2
        )
        page.get_by_role("tab", name="区域对比").click()
        chosen = page.get_by_test_id("stMultiSelect").first
        chosen.get_by_text(COUNTY).first.wait_for(timeout=60_000)
        assert "章贡区" in chosen.inner_text()


def test_switching_the_indicator_recolours_the_same_map_and_keeps_the_zoom(served_app, browser) -> None:
    context, _ = browser
    with opened_map(context, served_app.url) as (page, view):
        zoom = leaflet(
            view,
            "(map) => { map.setZoom(map.getZoom() + 1, {animate: false}); map.__gpMark = 'kept'; "
            "return map.getZoom(); }",
        )
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("radio", name="三", exact=True).click()  # action 3: its first indicator is PM2.5
        page.wait_for_function(
            "() => [...document.querySelectorAll('.gp-map .gp-legend')].some(l => l.innerText.includes('PM2.5'))",
            timeout=60_000,
        )
        wait_idle(page)
        sidebar.get_by_role("radio", name="空气质量优良天数比率", exact=True).click()  # another of action 3
        page.wait_for_function(
            "() => [...document.querySelectorAll('.gp-map .gp-legend')].some(l => l.innerText.includes('优良天数'))",
            timeout=60_000,
        )
        wait_idle(page)
        sidebar.get_by_role("radio", name="PM2.5平均浓度", exact=True).click()  # and back
        page.wait_for_function(
            "() => [...document.querySelectorAll('.gp-map .gp-legend')].some(l => l.innerText.includes('PM2.5'))",
            timeout=60_000,
        )
        wait_idle(page)
        view = map_view(page, n=1)
        # The same Leaflet map (not a new one) at the zoom the user chose; the previous overlay is gone.
        assert leaflet(view, "(map) => [map.__gpMark, map.getZoom()]") == ["kept", zoom]
        legends = view.locator(".gp-legend").all_inner_texts()
        assert len(legends) == 1 and "目标 ≤ 29 微克/立方米，2026年" in legends[0], legends
        assert view.locator(".leaflet-control-layers").count() == 1
        assert "indicator=pm25" in page.url


def test_panning_and_zooming_the_map_never_rerun_the_script(served_app, browser) -> None:
    context, _ = browser
    sent: list = []  # what the page sends over Streamlit's WebSocket (a rerun request is one such message)

    def watch(page) -> None:
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))

    with opened_map(context, served_app.url, watch) as (page, view):
        page.wait_for_timeout(500)
        before, zoom = len(sent), leaflet(view, "(map) => map.getZoom()")
        view.scroll_into_view_if_needed()
        box = view.bounding_box()
        x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3  # a corner: drag starts off any legend
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 150, y + 80, steps=8)
        page.mouse.up()
        page.mouse.wheel(0, 400)  # a wheel over the map scrolls the page, never the map out to a dot
        page.wait_for_timeout(500)
        assert leaflet(view, "(map) => map.getZoom()") == zoom
        view.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(1500)
        assert leaflet(view, "(map) => map.getZoom()") != zoom  # the gestures reached the map ...
        assert len(sent) == before  # ... and nothing went back to the server
        assert page.get_by_test_id("stStatusWidget").count() == 0


def test_the_first_click_on_a_county_at_the_fold_opens_its_panel(served_app, browser) -> None:
    context, _ = browser
    with opened_map(context, served_app.url) as (page, view):
        box, height = view.bounding_box(), page.viewport_size["height"]
        assert box["y"] + box["height"] > height  # the map runs below the fold in this window
        # A county under the last visible rows of the map.
        x, y = page.evaluate(
            """([left, width, bottom]) => {
            for (let y = bottom - 10; y > bottom - 200; y -= 10) {
              for (let x = left + 10; x < left + width; x += 10) {
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.matches('path.leaflet-interactive')) { return [x, y]; }
              }
            }
            return [null, null];
          }""",
            [box["x"], box["width"], height],
        )
        assert y is not None and y > height - 200, "no county near the fold"
        page.mouse.move(x, y, steps=3)
        page.mouse.click(x, y)  # no scrolling first: a person clicks what they see
        page.get_by_text(re.compile(r"：全部指标（\d{4}年）$")).wait_for(timeout=60_000)


def test_english_link_gives_an_english_legend_and_tooltip(served_app, browser, point) -> None:
    context, _ = browser
    with opened_map(context, f"{served_app.url}/?lang=en") as (page, view):
        legend = view.locator(".gp-legend").inner_text()
        assert "Target ≥ 63.1 %, 2026" in legend and "Met (" in legend and "No data (" in legend
        assert legend.splitlines()[0].startswith("Forest coverage · ")
        assert not CJK.search(legend), legend
        text = hover_county(page, view, *point, "Nanchang County")
        assert "Value: " in text and "Status: " in text and not CJK.search(text), text
        assert page.get_by_role("tab", name="Map").count() == 1


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """The app with a table whose source and note carry markup and a template literal (given at start)."""
    table = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["地区", "指标", "年份", "数值", "来源", "备注"])
        for y in (2022, 2023, 2024, 2025):
            w.writerow(
                [COUNTY, "forest_coverage", y, "70", f"{HOSTILE_IMG} {HOSTILE_TPL}", f"{HOSTILE_TPL} {HOSTILE_IMG}"]
            )
    with serve({"GANPO_VALUES": str(table)}) as server:
        yield server


def test_hostile_text_in_data_is_shown_as_text_never_run(hostile_app, browser, point) -> None:
    context, _ = browser
    with opened_map(context, hostile_app.url) as (page, view):
        title = page.title()
        text = hover_county(page, view, *point, COUNTY)
        lines = dict(line.split(": ", 1) for line in text.splitlines()[1:] if ": " in line)
        assert lines["来源"] == f"{HOSTILE_IMG} {HOSTILE_TPL}"  # the characters, as typed
        assert lines["数值"] == "70 %" and lines["数据性质"] == "用户上传"
        assert view.locator(".leaflet-tooltip img").count() == 0
        assert view.locator("img[src='x']").count() == 0 and page.locator("img[src='x']").count() == 0
        x, y = page_point(page, view, *point)
        page.mouse.move(x, y, steps=4)
        page.mouse.click(x, y)  # the panel lists the source too
        page.get_by_text(re.compile(rf"^{COUNTY}：全部指标")).wait_for(timeout=60_000)
        wait_idle(page)
        page.wait_for_timeout(500)
        assert page.title() == title == "赣鄱生态指标地图 · Ganpo Eco Atlas"
        assert page.locator("img[src='x']").count() == 0
