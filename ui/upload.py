"""The user's own indicator table: upload (or --values at start), validation report, rejected rows; per session only."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.errors import AtlasError
from geo.i18n import Translator
from geo.importer import ImportResult, import_values
from geo.settings import Settings
from geo.spreadsheet import neutralise
from geo.values import combine

STATE_KEY = "user_import"  # session_state: one user's upload never reaches another session
ERROR_KEY = "user_import_error"  # why the last upload was refused; the values imported before it stay in use
DERIVED_KEY = "user_derived"  # values this session computed from its uploaded rasters (ui/landcover.py)


def user_values(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """This session's own values: the imported table plus values computed from uploaded rasters (None if neither)."""
    imported = _imported(atlas, settings, tr)
    computed = st.session_state.get(DERIVED_KEY)
    parts = [t for t in (computed, imported) if t is not None and len(t)]
    return combine(*parts) if parts else None


def _imported(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """The current session's imported values (None when there are none), after drawing the upload controls."""
    if STATE_KEY not in st.session_state and settings.values is not None:
        _import(settings.values.read_bytes() if settings.values.exists() else b"", settings.values.name,
                atlas, settings, tr)
    box = st.sidebar.expander(tr.t("sidebar_upload"), expanded=STATE_KEY in st.session_state or ERROR_KEY in st.session_state)
    uploaded = box.file_uploader(tr.t("sidebar_upload"), type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
                                 help=tr.t("upload_help"), key="upload", label_visibility="collapsed")
    if uploaded is not None and st.session_state.get("upload_id") != uploaded.file_id:
        st.session_state["upload_id"] = uploaded.file_id
        _import(uploaded.getvalue(), uploaded.name, atlas, settings, tr)
    if ERROR_KEY in st.session_state:
        box.error(st.session_state[ERROR_KEY])
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if result is None:
        return None
    if isinstance(result, str):  # the file could not be read at all
        box.error(result)
        return None
    _report(box, result, tr)
    if box.button(tr.t("upload_clear"), key="upload_clear"):
        st.session_state.pop(STATE_KEY, None)
        st.session_state.pop(ERROR_KEY, None)
        st.rerun()
    return result.values if len(result.values) else None


def _import(data: bytes, name: str, atlas: Atlas, settings: Settings, tr: Translator) -> None:
    try:
        result = import_values(data, name, atlas.catalog, atlas.region_index, settings=settings)
    except AtlasError as exc:
        # A refused file changes nothing: the values imported before it stay, with the reason shown above them.
        st.session_state[ERROR_KEY] = tr.t("upload_failed", name=name, error=str(exc))
        return
    st.session_state[STATE_KEY] = result
    st.session_state.pop(ERROR_KEY, None)


def _report(box, result: ImportResult, tr: Translator) -> None:
    (box.success if result.ok else box.warning)(result.summary())
    if result.issues:
        with box.container():
            st.markdown(f"**{tr.t('upload_report')}**")
            st.text("\n".join(f"{i.severity}: {i}" for i in result.issues[:200]))
    if len(result.rejected):
        box.download_button(tr.t("upload_rejected"), neutralise(result.rejected).to_csv(index=False).encode("utf-8-sig"),
                            file_name=f"rejected_{result.name}.csv", mime="text/csv", on_click="ignore",
                            key="rejected_download")
