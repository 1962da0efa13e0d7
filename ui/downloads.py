"""Downloads of the layer on screen (GeoJSON, GeoPackage, CSV, PNG); a download never reruns the page."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.export import to_csv, to_geojson, to_gpkg
from geo.i18n import Translator
from geo.view import view_metadata
from layers.png import render_png
from ui.sidebar import Choice
from ui.urlstate import share_query


def file_stem(choice: Choice) -> str:
    """File names carry indicator, year and level."""
    return f"ganpo_{choice.indicator}_{choice.year}_{choice.level}"


def downloads(
    atlas: Atlas, display: Atlas, user: pd.DataFrame | None, choice: Choice, tr: Translator, version: int = 0
) -> None:
    """Four download buttons for the current view (full-resolution geometry in the data files)."""
    ind = atlas.catalog.get(choice.indicator)
    link = share_query(choice.indicator, choice.year, choice.level, choice.lang, choice.mode, choice.scheme, version)
    stem = file_stem(choice)

    # Each file is made only when its button is clicked (a callable runs on click, off the script thread).
    def full_view():
        view = atlas.view(choice.indicator, choice.year, choice.level, user)
        meta = view_metadata(
            view, ind, choice.year, choice.level, link=link, today=date.today(), plan=atlas.catalog.plan.title
        )
        return view, {**meta, "data_version": version}

    def geojson() -> bytes:
        return to_geojson(*full_view()).encode("utf-8")

    def gpkg() -> bytes:
        return _gpkg(*full_view(), stem)

    def csv() -> bytes:
        return to_csv(*full_view()).encode("utf-8-sig")

    def png() -> bytes:
        shown = display.view(choice.indicator, choice.year, choice.level, user)
        return render_png(shown, ind, choice.lang, display.boundaries["city"])

    st.markdown(f"**{tr.t('download_title')}**")
    # One horizontal row, not four columns: fewer elements for the browser to redraw on every rerun.
    row = st.container(horizontal=True)
    buttons = (
        ("geojson", geojson, "application/geo+json"),
        ("gpkg", gpkg, "application/geopackage+sqlite3"),
        ("csv", csv, "text/csv"),
        ("png", png, "image/png"),
    )
    for ext, make, mime in buttons:
        row.download_button(
            tr.t(f"download_{ext}"), make, file_name=f"{stem}.{ext}", mime=mime, on_click="ignore", key=f"dl_{ext}"
        )
    st.caption(f"{tr.t('link_title')}: `{link}`")


def _gpkg(view, meta: dict, stem: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.gpkg"
        to_gpkg(view, path, stem, meta)
        return path.read_bytes()
