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
UPLOAD_KEY = "upload"  # the uploader widget
DERIVED_KEY = "user_derived"  # values this session computed from its uploaded rasters (ui/landcover.py)


def user_values(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """This session's own values: the imported table plus values computed from uploaded rasters (None if neither).

    Draws nothing (see `upload_box`)."""
    imported = _imported(atlas, settings, tr)
    computed = st.session_state.get(DERIVED_KEY)
    parts = [t for t in (computed, imported) if t is not None and len(t)]
    return combine(*parts) if parts else None


def _imported(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """The current session's imported values (None when there are none), a newly uploaded file imported first.

    Read from the uploader's state, before `upload_box` draws it: the page sends its map before the sidebar."""
    if STATE_KEY not in st.session_state and settings.values is not None:
        _import(settings.values.read_bytes() if settings.values.exists() else b"", settings.values.name,
                atlas, settings, tr)
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is not None and st.session_state.get("upload_id") != uploaded.file_id:
        st.session_state["upload_id"] = uploaded.file_id
        _import(uploaded.getvalue(), uploaded.name, atlas, settings, tr)
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if result is None or isinstance(result, str):  # a string: the file could not be read at all
        return None
    return result.values if len(result.values) else None


def upload_box(tr: Translator) -> None:
    """The upload control in the sidebar, with the last import's report and its rejected rows."""
    box = st.sidebar.expander(tr.t("sidebar_upload"), expanded=STATE_KEY in st.session_state or ERROR_KEY in st.session_state)
    box.file_uploader(tr.t("sidebar_upload"), type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
                      help=tr.t("upload_help"), key=UPLOAD_KEY, label_visibility="collapsed")
    if ERROR_KEY in st.session_state:
        box.error(st.session_state[ERROR_KEY])
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if isinstance(result, str):
        box.error(result)
    elif result is not None:
        _report(box, result, tr)
        box.button(tr.t("upload_clear"), key="upload_clear", on_click=_clear)


def _clear() -> None:
    st.session_state.pop(STATE_KEY, None)
    st.session_state.pop(ERROR_KEY, None)


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
