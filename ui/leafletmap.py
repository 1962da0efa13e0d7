"""The map on the page: a folium map drawn by our own Streamlit v2 component, in the page itself (no iframe).

Why not streamlit-folium: its map lives in an iframe that loads a second React app (index.html, a 225 KB
bundle, 55 KB gzipped) before Leaflet, which made the map the slowest thing on the page (bench/README.md).
Here the page loads Leaflet from the app's static folder and runs the scripts of `layers.script.map_script`:
the base map stays across reruns and only the overlay is swapped (zoom and pan kept). Only a click on a
region, and once per page load the news that the map is drawn, come back to Python; panning and zooming never
rerun the script.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st

from layers.script import MapScript

HTML = '<div class="gp-map"></div>'
CSS = (
    ".gp-map { width: 100%; } .gp-map-canvas { width: 100%; height: 100%; } "
    ".gp-map .leaflet-container { font-size: 1rem; }"
)


@cache
def _component() -> Callable:
    # Registered at first use (not at import): reads the script file once per process.
    js = (Path(__file__).with_name("leafletmap.js")).read_text(encoding="utf-8")
    return st.components.v2.component("ganpo_map", html=HTML, css=CSS, js=js, isolate_styles=False)


@dataclass(frozen=True)
class MapEvents:
    """What the map has told Python: the region last clicked (with `clicks`), and whether it has drawn (with
    `report_drawn`)."""

    clicked: str | None = None
    drawn: bool = False


def leaflet_map(
    script: MapScript, key: str, height: int, clicks: bool = False, failed: str = "", report_drawn: bool = False
) -> MapEvents:
    """Draw the map; with `clicks`, report the adcode of the region last clicked (None before any click); with
    `report_drawn`, report once that its indicator layer is on screen (or that it failed): the report reruns the
    page, and `drawn` is True from that run on (while the component stays on the page)."""
    data = {
        "map_name": script.map_name,
        "assets": [list(a) for a in script.assets],
        "base": script.base,
        "base_key": script.base_key,
        "overlay": script.overlay,
        "overlay_key": script.overlay_key,
        "overlay_names": list(script.overlay_names),
        "prefetch": list(script.prefetch),
        "clicks": clicks,
        "report_drawn": report_drawn,
        "height": height,
        "failed": failed,
    }
    # The same state keys on every run, whatever is asked: the component keeps its identity (and its map).
    result = _component()(
        key=key, data=data, default={"clicked": None, "drawn": None}, on_clicked_change=_ignore, on_drawn_change=_ignore
    )
    clicked = getattr(result, "clicked", None) if clicks else None
    return MapEvents(str(clicked) if clicked else None, bool(getattr(result, "drawn", None)))


def _ignore() -> None:
    """A report reruns the page by itself; nothing else to do (Streamlit wants a callback for each state key)."""
