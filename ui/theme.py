"""The page's look and Streamlit's own words: a compact header (the map and its legend in view on a laptop),
tooltips that wrap inside a phone's screen, visible focus, and Streamlit's fixed English words replaced by the
string catalog's (ui/theme.js)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import streamlit as st

from geo.i18n import Translator

# Why each rule: the header took 470 px of a 1280 x 720 screen before the map; a tooltip never wider than half the
# screen (Leaflet puts it on the side of the pointer with more room, so it stays inside); focus always visible.
CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-bottom: 2rem; }
[data-testid="stMain"] [data-testid="stHeading"] h1 { font-size: 1.6rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stMain"] [data-testid="stAlert"] > div { padding: 0.4rem 0.75rem; }
.gp-map { height: clamp(340px, calc(100vh - 250px), 620px) !important; }
@media (min-width: 641px) and (max-height: 950px) {
  /* A short screen: the province's figure and the summary go below the map, which then fits above the fold. */
  [data-testid="stLayoutWrapper"]:has(> .st-key-gp_map) { order: 1; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-gp_lines) { order: 2; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-gp_panel) { order: 3; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-gp_below) { order: 4; }
}
.gp-map .leaflet-tooltip { white-space: normal; overflow-wrap: anywhere; width: max-content;
  max-width: min(320px, calc(50vw - 28px)); }
.gp-map .gp-legend { max-height: calc(100% - 24px); overflow-y: auto; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }  /* Streamlit fades captions to 0.6: below 4.5:1 */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #5c5b59 !important; }
:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important; }
/* The view's downloads are links to the export route (ui/downloads.py), drawn as Streamlit's secondary buttons. */
.gp-downloads { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.gp-download { display: inline-flex; align-items: center; min-height: 2.5rem; padding: 0.25rem 0.75rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff; color: #31333f !important;
  text-decoration: none !important; line-height: 1.6; }
.gp-download:hover { border-color: #a3162b; color: #a3162b !important; }
.gp-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stMain"] h1 { font-size: 1.3rem; }
  .gp-map { height: clamp(320px, calc(100vh - 220px), 520px) !important; }
}
</style>
"""


def page_style() -> None:
    """The page's CSS, sent first in every run (so that nothing moves once the map is drawn)."""
    st.html(CSS)


# Streamlit's and Leaflet's fixed English words (text, aria-label, title, placeholder) -> string key.
PHRASES = {
    "Skip to main content": "widget_skip",
    "Upload": "widget_upload",
    "file upload": "widget_file",
    "Open": "widget_open",
    "Choose options": "widget_choose",
    "Choose an option": "widget_choose",
    "Press Enter to apply": "widget_enter",
    "Sidebar": "st_sidebar",
    "Collapse sidebar": "st_collapse_sidebar",
    "Expand sidebar": "st_expand_sidebar",
    "Link to heading": "st_heading_link",
    "Download as CSV": "st_download_csv",
    "Download as PNG": "st_download_png",
    "Download as SVG": "st_download_svg",
    "Fullscreen": "st_fullscreen",
    "Close fullscreen": "st_close_fullscreen",
    "Search": "st_search",
    "Show/hide columns": "st_columns",
    "Show data": "st_show_data",
    "Copy Vega-Lite spec": "st_copy_spec",
    "Vega visualization": "st_chart",
    "Show password": "st_show_password",
    "Hide password": "st_hide_password",
    "Decrement": "st_decrement",
    "Increment": "st_increment",
    "Running...": "st_running",
    "Stop": "st_stop",
    "Clear all": "st_clear_all",
    "Zoom in": "st_zoom_in",
    "Zoom out": "st_zoom_out",
    "Layers": "st_layers",
}


def words(tr: Translator, max_upload_mb: int, map_alt: str = "") -> dict[str, object]:
    """Streamlit's fixed words in the page's language, for ui/theme.js."""
    return {
        "lang": "zh-CN" if tr.lang == "zh" else "en",
        "phrases": {english: tr.t(key) for english, key in PHRASES.items()},
        "limit": tr.t("widget_limit", mb=max_upload_mb),
        "help": tr.t("widget_help"),
        "map": tr.t("widget_map"),
        "map_alt": map_alt,
    }


@cache
def _component() -> Callable:
    # Registered at first use (not at import): reads the script once per process.
    js = Path(__file__).with_name("theme.js").read_text(encoding="utf-8")
    return st.components.v2.component("ganpo_words", html="<span></span>", js=js, isolate_styles=False)


def streamlit_words(tr: Translator, max_upload_mb: int, map_alt: str = "") -> None:
    """Replace Streamlit's fixed English words on the page by the catalog's (drawn once per run, anywhere)."""
    _component()(key="ganpo_words", data=words(tr, max_upload_mb, map_alt))
