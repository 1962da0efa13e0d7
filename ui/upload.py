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
from ui.context import PageContext

STATE_KEY = "user_import"  # session_state: one user's upload never reaches another session
ERROR_KEY = "user_import_error"  # why the last upload was refused; the values imported before it stay in use
UPLOAD_KEY = "upload"  # the uploader widget
DERIVED_KEY = "user_derived"  # values this session computed from its uploaded rasters (ui/landcover.py)


def user_values(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """This session's own values: the imported table plus values computed from uploaded rasters (None if neither).

    Draws nothing (see `render`)."""
    imported = _imported(atlas, settings, tr)
    computed = st.session_state.get(DERIVED_KEY)
    parts = [t for t in (computed, imported) if t is not None and len(t)]
    return combine(*parts) if parts else None


def _imported(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """The current session's imported values (None when there are none), a newly uploaded file imported first.

    Read from the uploader's state: the uploader is drawn in its own tab (`render`), after this, or not at all."""
    if STATE_KEY not in st.session_state and settings.values is not None:
        _import(
            settings.values.read_bytes() if settings.values.exists() else b"", settings.values.name, atlas, settings, tr
        )
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is not None and st.session_state.get("upload_id") != uploaded.file_id:
        st.session_state["upload_id"] = uploaded.file_id
        _import(uploaded.getvalue(), uploaded.name, atlas, settings, tr)
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if result is None or isinstance(result, str):  # a string: the file could not be read at all
        return None
    return result.values if len(result.values) else None


def render(ctx: PageContext) -> None:
    """The 'your data' tab: the upload, the last import's report and its rejected rows, a way to remove it.

    A tab of its own, not the sidebar: a file uploader on every page cost the map ~0.2 s of its first draw
    (nine more files for the browser to load; bench/README.md), and the report reads better at full width."""
    tr = ctx.tr
    st.markdown(tr.t("upload_intro"))
    st.file_uploader(
        tr.t("sidebar_upload"),
        type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
        help=tr.t("upload_help"),
        key=UPLOAD_KEY,
    )
    if ERROR_KEY in st.session_state:
        st.error(st.session_state[ERROR_KEY])
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if isinstance(result, str):
        st.error(result)
    elif result is not None:
        _report(result, tr)
        st.button(tr.t("upload_clear"), key="upload_clear", on_click=_clear)


def notice(tr: Translator) -> None:
    """One line on the map tab when this session has imported data, or a refused file, with where to see it."""
    result = st.session_state.get(STATE_KEY)
    if ERROR_KEY in st.session_state or isinstance(result, str):
        st.error(tr.t("upload_notice_failed"))
    elif result is not None:
        st.caption(tr.t("upload_notice", name=result.name, n=len(result.values), rejected=len(result.rejected)))


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


def _report(result: ImportResult, tr: Translator) -> None:
    (st.success if result.ok else st.warning)(result.summary())
    if result.issues:
        st.markdown(f"**{tr.t('upload_report')}**")
        st.text("\n".join(f"{i.severity}: {i}" for i in result.issues[:200]))
    if len(result.rejected):
        st.download_button(
            tr.t("upload_rejected"),
            neutralise(result.rejected).to_csv(index=False).encode("utf-8-sig"),
            file_name=f"rejected_{result.name}.csv",
            mime="text/csv",
            on_click="ignore",
            key="rejected_download",
        )
