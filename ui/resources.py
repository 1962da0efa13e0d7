"""Shared, read-only resources, loaded once per server process and bounded: the atlas, display geometry, map layers.

What is shared between sessions never holds a user's uploaded values: map layers built from a user's table
are kept in that session's state only, keyed by a hash of the values.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from geo.atlas import Atlas, load_atlas
from geo.datasets import Shared, shared
from geo.datum import to_datum
from geo.settings import Settings
from geo.simplify import simplify_coverage
from geo.store import Store, open_store
from geo.values import combine
from layers.assets import STATIC_DIR
from layers.geometry import GeometryRef, geometry_refs
from layers.mapview import MapOptions, OverlayData, overlay_data

# ~300 m: a quarter of a pixel at the province-wide zoom (7), ~2 px at zoom 10, and neighbours keep their shared
# edges (coverage simplification). 0.002 drew 38 % more vertices in the first draw (bench/README.md).
DISPLAY_TOLERANCE_DEG = 0.003
# 4 decimals of a degree is about 11 m, a third of a pixel at zoom 12; it keeps the geometry files short (the
# county file: 444 KB instead of 671 KB at 0.002 and 5 decimals). Shared vertices round alike: neighbours meet.
DISPLAY_DECIMALS = 4
# What is kept per choice: process-wide for everyone's data (indicator x year x level x mode x scheme x language,
# and for scripts the compared regions), and per session for a user's own values. A view keeps ~7 entries (layer,
# map script, province card and top values, summary, ranking, months; ~0.4 MB together): 1024 hold ~150 views.
SHARED_ENTRIES = 1024
SESSION_ENTRIES = 16
_SESSION_KEY = "_map_layers"
_HASH_KEY = "_values_hash"  # (the session's table, its values_hash): the last one hashed
# Process-wide resources are keyed by Settings, which a server builds once: a bound that one deployment never
# reaches, but that keeps memory flat if settings vary (tests, several configurations in one process).
RESOURCE_ENTRIES = 2
# Settings and MapOptions are frozen dataclasses whose repr holds every field: a cheap, exact cache key
# (Streamlit's own hashing of them took 3-20 ms per call, and these caches are read on every rerun).
KEYS = {Settings: repr, MapOptions: repr}
T = TypeVar("T")


# Data versions kept per process (what everyone sees at each): the current one and a few that links name.
VERSION_ENTRIES = 4


def atlas(settings: Settings, version: int = 0) -> Atlas:
    """The built-in data with the store's published datasets at `version` laid over it (0: the built-in data only).
    Shared by sessions: published data is everyone's; a session's own upload never enters it."""
    return _builtin(settings) if version == 0 else _published_atlas(settings, version)


def display_atlas(settings: Settings, version: int = 0) -> Atlas:
    """The same with boundaries simplified for drawing."""
    return _display(settings) if version == 0 else _published_display(settings, version)


@st.cache_resource(show_spinner=False, max_entries=RESOURCE_ENTRIES, hash_funcs=KEYS)
def _builtin(settings: Settings) -> Atlas:
    return load_atlas(settings)


@st.cache_resource(show_spinner=False, max_entries=RESOURCE_ENTRIES, hash_funcs=KEYS)
def _display(settings: Settings) -> Atlas:
    """Boundaries simplified once (then, once per process, the atlases are frozen: see `_for_good`)."""
    full = _builtin(settings)
    simplified = {
        level: _rounded(simplify_coverage(gdf, DISPLAY_TOLERANCE_DEG, None)) for level, gdf in full.boundaries.items()
    }
    return _for_good(replace(full, boundaries=simplified))


@st.cache_resource(show_spinner=False, max_entries=RESOURCE_ENTRIES, hash_funcs=KEYS)
def data_store(settings: Settings) -> Store:
    """The dataset store, its schema migrated once per process (StoreUnavailable when the database is down)."""
    return open_store(settings)


@st.cache_resource(show_spinner=False, max_entries=VERSION_ENTRIES, hash_funcs=KEYS)
def published(settings: Settings, version: int) -> Shared:
    """The published datasets at a data version (they never change once the version exists)."""
    return shared(data_store(settings), version)


@st.cache_resource(show_spinner=False, max_entries=VERSION_ENTRIES, hash_funcs=KEYS)
def _published_atlas(settings: Settings, version: int) -> Atlas:
    base = _builtin(settings)
    return replace(base, builtin_values=combine(base.builtin_values, published(settings, version).values))


@st.cache_resource(show_spinner=False, max_entries=VERSION_ENTRIES, hash_funcs=KEYS)
def _published_display(settings: Settings, version: int) -> Atlas:
    # Kept, not made per run: an atlas computes its yearly table and its levels' aggregates once, on first use.
    return replace(_display(settings), builtin_values=atlas(settings, version).builtin_values)


_frozen = False
_freeze_lock = threading.Lock()


def _for_good(kept: T) -> T:
    """`kept`; the first time in the process, every object alive now is moved out of the garbage collector's sight
    (gc.freeze): the atlas and its display copy live as long as the process, and a full collection walking their
    ~100,000 objects took 50-240 ms of the server (bench/README.md, 2026-11-24).

    Once per process, at the first page run (a server builds one atlas and keeps it): a later freeze would also
    pin whatever the sessions of the moment hold (their tables, uploads, widgets), for the life of the process,
    and its full collection would stop the server again. An atlas built later (other settings: tests, a second
    configuration) is simply not frozen."""
    global _frozen
    with _freeze_lock:
        if not _frozen:
            _frozen = True
            gc.collect()  # what is garbage now is collected first, not frozen with the rest
            gc.freeze()
    return kept


def _rounded(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = gdf.copy()
    out.geometry = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, DISPLAY_DECIMALS))
    return out


def map_layer(
    settings: Settings,
    version: int,
    indicator: str,
    year: int,
    level: str,
    options: MapOptions,
    user: pd.DataFrame | None,
) -> tuple[gpd.GeoDataFrame, OverlayData]:
    """The display view and its map overlay, computed once per data version and choice (read-only)."""

    def build() -> tuple[gpd.GeoDataFrame, OverlayData]:
        display = display_atlas(settings, version)
        view = display.view(indicator, year, level, user)
        return view, overlay_data(view, display.catalog.get(indicator), options)

    return per_choice(("layer", repr(settings), version, indicator, year, level, repr(options)), build, user)


def per_choice(key: tuple, build: Callable[[], T], user: pd.DataFrame | None) -> T:
    """`build()` once per key (read-only result): shared by sessions for the built-in data, kept in the session
    for a user's own values (never in a cache that other sessions read). `key` names every input but `user`."""
    if user is None:
        return _shared(key, build)
    kept: OrderedDict = st.session_state.setdefault(_SESSION_KEY, OrderedDict())
    key = (_table_hash(user), *key)
    if key not in kept:
        kept[key] = build()
        while len(kept) > SESSION_ENTRIES:
            kept.popitem(last=False)
    kept.move_to_end(key)
    return kept[key]


def _table_hash(user: pd.DataFrame) -> str:
    """`values_hash(user)`, once per table object: a run asks for each cached element (layer, map scripts), and a
    table of 200,000 rows takes ~20 ms to hash. Tables are never changed in place, so the object stands for its
    content."""
    last = st.session_state.get(_HASH_KEY)
    if last is None or last[0] is not user:
        last = st.session_state[_HASH_KEY] = (user, values_hash(user))
    return last[1]


@st.cache_resource(show_spinner=False, max_entries=SHARED_ENTRIES)
def _shared(key: tuple, _build: Callable[[], T]) -> T:
    # Keyed by `key` alone (Streamlit does not hash arguments named with a leading underscore).
    return _build()


def map_geometry(settings: Settings, options: MapOptions) -> dict[str, GeometryRef]:
    """{level: URL of its display geometry} in the map's datum, as static files the browser fetches and caches."""
    datum = options.basemap.datum if options.basemap else "wgs84"
    return _geometry(settings, datum, options.static_url)


def map_outlines(settings: Settings, level: str, options: MapOptions) -> dict[str, GeometryRef]:
    """The context outlines (cities, province) drawn over `level`, by URL."""
    return {
        lv: ref for lv, ref in map_geometry(settings, options).items() if lv in ("city", "province") and lv != level
    }


@st.cache_resource(show_spinner=False, max_entries=2 * RESOURCE_ENTRIES, hash_funcs=KEYS)
def _geometry(settings: Settings, datum: str, static_url: str) -> dict[str, GeometryRef]:
    # Written at first use (not at import, not per rerun): exactly the geometry of display_atlas, one file per
    # level, GCJ-02 copies only when a base map in that datum is configured.
    boundaries = display_atlas(settings).boundaries
    shown = {
        lv: (to_datum(gdf[["geometry"]], datum) if datum != "wgs84" else gdf[["geometry"]])
        for lv, gdf in boundaries.items()
    }
    return geometry_refs(STATIC_DIR, static_url, shown, "" if datum == "wgs84" else f".{datum}")


def values_hash(values: pd.DataFrame) -> str:
    """A digest of a table's content (index, columns and values), to key per-session caches."""
    digest = hashlib.sha256(",".join(map(str, values.columns)).encode())
    digest.update(pd.util.hash_pandas_object(values, index=True).to_numpy().tobytes())
    return digest.hexdigest()
