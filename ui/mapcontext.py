"""The readable map's context for the page: names, search entries, water and extent per level, language and datum,
computed once per process (layers.places.place_data) from the display geometry and the built lakes layer."""

from __future__ import annotations

import streamlit as st

from geo.lakes import load_lakes
from geo.settings import Settings
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
    return place_data(display.boundaries[level], options, load_lakes(settings.data_dir), root)
