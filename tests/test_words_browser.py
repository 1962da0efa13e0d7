"""Every tab in the reader's language, in Debian's chromium: the Chinese page shows no Latin-script word outside a
short list (units, formats, codes), the English page no Chinese outside names of places and rivers, the plan's
quoted clauses and the titles of published sources. Read: visible text, placeholders, aria-labels and titles
(Vega's own descriptions of a chart's marks excepted: README, "Streamlit's words"), and a county's tooltip."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml
from browser import (
    ROOT,
    browser_context,
    county_points,
    hover_county,
    map_view,
    need_chromium,
    page_point,
    serve,
    wait_idle,
)

from geo.catalog import load_catalog

pytestmark = pytest.mark.browser

TABS = ("map", "scorecard", "compare", "sections", "landcover", "data")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.]*")
HAN = re.compile(r"[\u3400-\u9fff]+")
URL = re.compile(r"(?:https?://|\?indicator=)\S+")
DATA_NAMES = re.compile(
    r"Natural Earth|OpenStreetMap"
)  # names of data sets credited on the map, as their makers write them
# Latin script a Chinese reader meets anyway: units, file formats, codes, product and data names, the other language.
ALLOWED_LATIN = {
    *("PM2.5", "km", "MB", "dpi", "m3", "ug"),
    *("CSV", "XLSX", "Excel", "PNG", "SVG", "PDF", "Word", "TXT", "GeoJSON", "GEOJSON", "JSON", "GeoPackage", "GPKG"),
    *("Shapefile", "ZIP", "GeoTIFF", "TIF", "TIFF", "YAML", "YML", "MODIS", "MCD12C1", "IGBP", "English"),
    *("zh", "en", "class", "group"),  # codes a reader types
}
# Text the page reads as data, whose words are not the interface's (what the walk reads, in the page's order).
TEXT_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement;
    if (!el || !n.nodeValue.trim()) continue;
    if (el.closest('[data-testid="stIconMaterial"], [translate="no"], script, style, noscript')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || !el.getClientRects().length) continue;
    out.push(n.nodeValue);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (el.closest('.vega-embed svg')) continue;  // Vega's descriptions of each mark (README)
    for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  return out;
}
"""


def _names_in_chinese() -> set[str]:
    """Chinese an English reader meets as names: places, rivers, sections, the plan's clauses, sources' titles."""
    cat = load_catalog()
    texts = {"中文", cat.plan.title, *(i.clause.quote for i in cat.indicators)}
    regions = pd.read_csv(ROOT / "data" / "boundaries" / "regions.csv", dtype=str)
    texts |= set(regions["name_zh"].dropna())
    sections = pd.read_csv(ROOT / "data" / "sections" / "sections.csv", dtype=str)
    texts |= set(sections["name"]) | set(sections["river"]) | set(sections["county"].dropna())
    texts |= set(pd.read_csv(ROOT / "data" / "indicators" / "official_figures.csv", dtype=str)["source_title"])
    bulletins = ROOT / "data" / "bulletins" / "province_monthly.csv"  # published monthly figures: titles, quotes
    if bulletins.is_file():
        monthly = pd.read_csv(bulletins, dtype=str)
        texts |= set(monthly["source_title"].dropna()) | set(monthly["quote"].dropna())
    texts |= set(yaml.safe_load((ROOT / "catalogs" / "names.yaml").read_text(encoding="utf-8")))
    return texts


def _open(page, url: str, tab: str, lang: str) -> None:
    page.goto(f"{url}/?tab={tab}&lang={lang}", wait_until="domcontentloaded")
    if tab in ("map", "sections"):
        map_view(page, 100 if tab == "map" else 10)
    page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').first.wait_for(timeout=90_000)
    wait_idle(page)
    expected = "zh-CN" if lang == "zh" else "en"
    page.wait_for_function(f"() => document.documentElement.dataset.gpWords === '{expected}'", timeout=60_000)
    page.wait_for_timeout(300)  # the observer of ui/theme.js applies the words on the next frame


@pytest.fixture(scope="module")
def served():
    need_chromium()
    with serve() as server, browser_context((1280, 800)) as (context, _):
        yield server, context


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_reads_in_one_language(served, lang: str) -> None:
    server, context = served
    page = context.new_page()
    allowed_han = {run for text in _names_in_chinese() for run in HAN.findall(text)}  # whole runs, not characters
    stray: dict[str, set[str]] = {}
    try:
        for tab in TABS:
            _open(page, server.url, tab, lang)
            texts = page.evaluate(TEXT_JS)
            assert any(HAN.search(t) for t in texts) or lang == "en"
            if tab == "map":
                county = "南昌县" if lang == "zh" else "Nanchang County"
                point = county_points(["南昌县"])["南昌县"]
                view = map_view(page)
                texts.append(hover_county(page, view, *point, county))
                page.mouse.click(*page_point(page, view, *point))  # and its panel: every indicator of the county
                page.get_by_text("全部指标" if lang == "zh" else "all indicators").first.wait_for(timeout=60_000)
                wait_idle(page)
                texts += page.evaluate(TEXT_JS)
                assert page.evaluate("document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
            for text in texts:
                text = DATA_NAMES.sub(" ", URL.sub(" ", text))
                if lang == "zh":
                    found = {w for w in LATIN.findall(text) if w not in ALLOWED_LATIN}
                else:
                    found = {w for w in HAN.findall(text) if w not in allowed_han}
                if found:
                    stray.setdefault(tab, set()).update(f"{w} (in {text[:80]!r})" for w in found)
    finally:
        page.close()
    assert stray == {}, "\n".join(f"{tab}: {sorted(words)}" for tab, words in stray.items())
