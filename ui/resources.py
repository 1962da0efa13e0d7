"""Shared, read-only resources, loaded once per server process and bounded: the atlas and display geometry."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from geo.atlas import Atlas, load_atlas
from geo.settings import Settings
from geo.simplify import simplify_coverage

# ~200 m: invisible at the province-wide zoom, and neighbours keep their shared edges (coverage simplification).
DISPLAY_TOLERANCE_DEG = 0.002
# Process-wide resources are keyed by Settings, which a server builds once: a bound that one deployment never
# reaches, but that keeps memory flat if settings vary (tests, several configurations in one process).
RESOURCE_ENTRIES = 2


@st.cache_resource(show_spinner=False, max_entries=RESOURCE_ENTRIES)
def atlas(settings: Settings) -> Atlas:
    """The built-in data, read once per process (shared by sessions; never holds a user's upload)."""
    return load_atlas(settings)


@st.cache_resource(show_spinner=False, max_entries=RESOURCE_ENTRIES)
def display_atlas(settings: Settings) -> Atlas:
    """The same atlas with boundaries simplified for drawing, computed once."""
    full = atlas(settings)
    simplified = {level: simplify_coverage(gdf, DISPLAY_TOLERANCE_DEG, None) for level, gdf in full.boundaries.items()}
    return replace(full, boundaries=simplified)


def cache_key(*parts: Any) -> str:
    """A stable text key for per-session caches."""
    return "|".join(str(p) for p in parts)
