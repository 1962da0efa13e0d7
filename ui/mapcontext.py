"""The readable map's context for the page: names, search entries, water and extent per level, language and datum,
computed once per process (layers.places.place_data) from the display geometry and the built lakes layer, and
written as one static file that the browser fetches once (the base script then names its URL instead of carrying
~30 KB on every rerun)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.lakes import load_lakes
from geo.settings import Settings
from layers.assets import STATIC_DIR
from layers.geometry import write_geometry
from layers.mapview import MapOptions, Places, place_data
from ui.resources import KEYS, display_atlas


def map_places(settings: Settings, level: str, options: MapOptions) -> Places:
    """Names, search entries, lakes and the province's extent for the map of `level` as `options` draw it."""
    # Only what the places depend on: a change of colouring (mode, scheme) reuses them.
    return _places(settings, level, MapOptions(lang=options.lang, basemap=options.basemap, view=options.view))


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=KEYS)
def _places(settings: Settings, level: str, options: MapOptions) -> Places:
    display = display_atlas(settings)
    root = display.boundaries.get(display.pack.levels[0])
    places = place_data(display.boundaries[level], options, load_lakes(settings.data_dir), root)
    datum = options.basemap.datum if options.basemap else "wgs84"
    # Content-hashed name in the git-ignored static/geo/ folder: a rebuilt lakes file gets a new URL.
    path = write_geometry(STATIC_DIR, f"places_{level}_{options.lang}_{datum}", places.file_text())
    return replace(places, url=f"{options.static_url.rstrip('/')}/{path}")
