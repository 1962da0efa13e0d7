"""The user's own indicator table: upload, a preview before import (each column's reading, which the user may
correct; the sheets; a year when the table has none), the import, its report in the page's language, the rejected
rows. Per session only (or --values at start, imported at once)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from geo.atlas import Atlas
from geo.errors import AtlasError
from geo.i18n import Translator
from geo.importer import ImportResult, import_values, preview
from geo.layout import Reading
from geo.messages import render as message
from geo.periods import PeriodError
from geo.settings import Settings
from geo.spreadsheet import neutralise
from geo.values import combine
from ui.context import PageContext
from ui.sidebar import move_view
from ui.urlstate import TAB_STATE

STATE_KEY = "user_import"  # session_state: one user's upload never reaches another session
ERROR_KEY = "user_import_error"  # why the last upload was refused; the values imported before it stay in use
UPLOAD_KEY = "upload"  # the uploader widget
DERIVED_KEY = "user_derived"  # values this session computed from its uploaded rasters (ui/landcover.py)
IMPORTED_KEY = "upload_id"  # the file id of the upload last imported: its preview is no longer shown
PREVIEW_KEY = "upload_preview"  # (file id, sheets) -> readings as read, so a rerun does not read the file again
FIXES_KEY = "upload_fixes"  # the user's corrections of the current upload: (sheet, column, indicator, period, ignore)
SHEETS_KEY = "upload_sheets"
YEAR_KEY = "upload_year"
TOTALS_KEY = "upload_totals"
ROUND_KEY = "upload_round"  # bumped by "remove": a new uploader key empties the uploader (its file chip too)
MOVED_KEY = "upload_moved"  # (indicator, year) the map was moved to by the last import
SHOWN_LINES = 200  # report lines drawn in the page; the download has them all
IGNORE = "__ignore__"


def user_values(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """This session's own values: the imported table plus values computed from uploaded rasters (None if neither).

    Draws nothing (see `render`)."""
    imported = _imported(atlas, settings, tr)
    computed = st.session_state.get(DERIVED_KEY)
    parts = [t for t in (computed, imported) if t is not None and len(t)]
    return combine(*parts) if parts else None


def _imported(atlas: Atlas, settings: Settings, tr: Translator) -> pd.DataFrame | None:
    """The current session's imported values (None when there are none); a table given at start is imported first.

    An upload is not imported here: the data tab previews it and imports it when the user says so."""
    if STATE_KEY not in st.session_state and settings.values is not None:
        data = settings.values.read_bytes() if settings.values.exists() else b""
        name = settings.values.name
        _store(lambda: import_values(data, name, atlas.catalog, atlas.region_index, settings=settings), name)
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if result is None or isinstance(result, str):  # a string: the file could not be read at all
        return None
    return result.values if len(result.values) else None


def render(ctx: PageContext) -> None:
    """The upload, the preview of a new file (with corrections and the import button), the last import's report.

    A tab of its own, not the sidebar: a file uploader on every page cost the map ~0.2 s of its first draw
    (nine more files for the browser to load; bench/README.md), and the report reads better at full width."""
    tr = ctx.tr
    st.markdown(tr.t("upload_intro"))
    st.file_uploader(
        tr.t("sidebar_upload"),
        type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
        help=tr.t("upload_help"),
        key=upload_key(),
    )
    if ERROR_KEY in st.session_state:
        st.error(st.session_state[ERROR_KEY])
    uploaded = st.session_state.get(upload_key())
    if uploaded is not None and st.session_state.get(IMPORTED_KEY) != uploaded.file_id:
        _preview(ctx, uploaded)
    result: ImportResult | str | None = st.session_state.get(STATE_KEY)
    if isinstance(result, str):
        st.error(result)
    elif result is not None:
        _report(result, ctx)
        st.button(tr.t("upload_clear"), key="upload_clear", on_click=_clear)


def notice(tr: Translator) -> None:
    """One line on the map tab when this session has imported data, or a refused file, with where to see it."""
    result = st.session_state.get(STATE_KEY)
    if ERROR_KEY in st.session_state or isinstance(result, str):
        st.error(tr.t("upload_notice_failed"))
    elif result is not None:
        st.caption(tr.t("upload_notice", name=result.name, n=len(result.values), rejected=len(result.rejected)))


def upload_key() -> str:
    """The uploader's key in this round (UPLOAD_KEY until the first "remove")."""
    n = st.session_state.get(ROUND_KEY, 0)
    return UPLOAD_KEY if n == 0 else f"{UPLOAD_KEY}_{n}"


def _clear() -> None:
    for key in (STATE_KEY, ERROR_KEY, MOVED_KEY):
        st.session_state.pop(key, None)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1


def _error_text(exc: AtlasError, lang: str) -> str:
    """A refusal in the page's language: its message from the catalog when it has a key, else its own words."""
    key = getattr(exc, "key", None)
    if isinstance(key, str):
        text, fix = message(key, getattr(exc, "params", {}), lang)
        return f"{text}{'；' if lang == 'zh' else '; '}{fix}"
    return str(exc)


def _store(run: Callable[[], ImportResult], name: str) -> bool:
    """Run an import and keep its result; a refused file changes nothing but the message shown."""
    lang = st.session_state.get("lang", "zh")
    try:
        result = run()
    except AtlasError as exc:
        # A refused file changes nothing: the values imported before it stay, with the reason shown above them.
        st.session_state[ERROR_KEY] = Translator(lang).t("upload_failed", name=name, error=_error_text(exc, lang))
        return False
    st.session_state[STATE_KEY] = result
    st.session_state.pop(ERROR_KEY, None)
    return True


# ------------------------------------------------------------------ preview and corrections


def _readings(atlas: Atlas, settings: Settings, uploaded: UploadedFile, sheets: list[str] | None) -> list[Reading]:
    """The readings of the upload as read (cached in the session per file and sheets), corrections applied."""
    cache = st.session_state.setdefault(PREVIEW_KEY, {})
    key = (uploaded.file_id, tuple(sheets) if sheets is not None else None)
    if key not in cache:
        cache.clear()  # one file's readings at a time
        cache[key] = preview(uploaded.getvalue(), uploaded.name, atlas.catalog, settings=settings, sheets=sheets)
    readings = list(cache[key])
    for sheet, column, indicator, period, ignore in st.session_state.get(FIXES_KEY, []):
        readings = [
            r.corrected(column, atlas.catalog, indicator=indicator, period=period, ignore=ignore)
            if r.sheet == sheet and column in {c.column for c in r.columns}
            else r
            for r in readings
        ]
    year = st.session_state.get(YEAR_KEY)
    return [r.with_year(int(year)) if year is not None else r for r in readings]


def _preview(ctx: PageContext, uploaded: UploadedFile) -> None:
    tr = ctx.tr
    if st.session_state.get("upload_fixes_of") != uploaded.file_id:  # a new file: its own corrections
        st.session_state["upload_fixes_of"] = uploaded.file_id
        for key in (FIXES_KEY, SHEETS_KEY, YEAR_KEY, TOTALS_KEY):
            st.session_state.pop(key, None)
    st.subheader(tr.t("upload_preview_title"))
    st.caption(tr.t("upload_preview_help"))
    try:
        first = _readings(ctx.full, ctx.settings, uploaded, None)
        sheets = first[0].sheets
        chosen = None
        if len(sheets) > 1:
            picked = st.multiselect(tr.t("upload_sheets"), sheets, default=[first[0].sheet], key=SHEETS_KEY)
            chosen = list(picked) or None
        readings = _readings(ctx.full, ctx.settings, uploaded, chosen) if chosen else first
    except AtlasError as exc:
        st.error(tr.t("upload_failed", name=uploaded.name, error=_error_text(exc, tr.lang)))
        return
    if any(r.needs_year or r.year_from_title for r in readings) or st.session_state.get(YEAR_KEY) is not None:
        first_year, last_year = ctx.full.pack.years
        st.number_input(
            tr.t("upload_year"), min_value=first_year, max_value=last_year, value=None, step=1, key=YEAR_KEY
        )
    for r in readings:
        st.text("\n".join(r.lines(tr.lang, {i.id: i.name(tr.lang) for i in ctx.full.catalog.indicators})))
    _correction_form(ctx, readings)
    st.checkbox(tr.t("upload_totals_use"), key=TOTALS_KEY)
    st.button(
        tr.t("upload_import"),
        type="primary",
        key="upload_import",
        on_click=_import_upload,
        args=(ctx.full, ctx.settings, chosen),
    )


def _correction_form(ctx: PageContext, readings: list[Reading]) -> None:
    tr, catalog = ctx.tr, ctx.full.catalog
    columns = [(r.sheet or "", c.column) for r in readings for c in r.columns if c.role not in ("region", "code")]
    if not columns:
        return
    with st.expander(tr.t("upload_correct")):
        labels = {f"{s}\u0000{c}": (f"{s} · {c}" if s else c) for s, c in columns}
        st.selectbox(tr.t("upload_correct_column"), list(labels), format_func=labels.__getitem__, key="fix_column")
        names = {"": tr.t("upload_correct_keep"), IGNORE: tr.t("upload_correct_ignore")}
        names |= {i.id: f"{i.name(tr.lang)} ({i.id})" for i in catalog.indicators}
        st.selectbox(tr.t("upload_correct_indicator"), list(names), format_func=names.__getitem__, key="fix_indicator")
        st.text_input(tr.t("upload_correct_period"), key="fix_period")
        st.button(tr.t("upload_correct_apply"), key="fix_apply", on_click=_add_fix, args=(ctx, readings))
        bad = st.session_state.pop("fix_error", None)
        if bad:
            st.error(tr.t("upload_correct_bad", error=bad))


def _add_fix(ctx: PageContext, readings: list[Reading]) -> None:
    """Keep one correction, after checking that it applies (a bad period or a column without an indicator is said)."""
    sheet, _, column = str(st.session_state.get("fix_column", "")).partition("\u0000")
    chosen = st.session_state.get("fix_indicator") or ""
    period = str(st.session_state.get("fix_period") or "").strip() or None
    fix = (sheet or None, column, chosen if chosen not in ("", IGNORE) else None, period, chosen == IGNORE)
    reading = next((r for r in readings if (r.sheet or "") == sheet), None)
    try:
        if reading is not None:
            reading.corrected(column, ctx.full.catalog, indicator=fix[2], period=period, ignore=fix[4])
    except PeriodError as exc:  # geo.periods names its message among the interface strings
        st.session_state["fix_error"] = Translator(st.session_state.get("lang", "zh")).t(exc.key, **exc.fmt)
        return
    except AtlasError as exc:
        st.session_state["fix_error"] = exc.message
        return
    st.session_state[FIXES_KEY] = [*st.session_state.get(FIXES_KEY, []), fix]


def previewed(atlas: Atlas, settings: Settings) -> tuple[list[Reading] | None, str]:
    """The current upload's readings as the preview shows them (sheets, corrections, year) and the totals mode, for
    keeping it as a dataset exactly as previewed; (None, 'check') when it cannot be read."""
    uploaded = st.session_state.get(upload_key())
    totals = "use" if st.session_state.get(TOTALS_KEY) else "check"
    if uploaded is None:
        return None, totals
    sheets = list(st.session_state.get(SHEETS_KEY) or []) or None
    try:
        return _readings(atlas, settings, uploaded, sheets), totals
    except AtlasError:
        return None, totals


def _import_upload(atlas: Atlas, settings: Settings, sheets: list[str] | None) -> None:
    """The import button: the upload read as the preview shows it; the map moved to what arrived."""
    uploaded = st.session_state.get(upload_key())
    if uploaded is None:
        return
    totals = "use" if st.session_state.get(TOTALS_KEY) else "check"

    def run() -> ImportResult:
        readings = _readings(atlas, settings, uploaded, sheets)
        return import_values(
            uploaded.getvalue(),
            uploaded.name,
            atlas.catalog,
            atlas.region_index,
            settings=settings,
            reading=readings,
            totals=totals,
        )

    st.session_state[IMPORTED_KEY] = uploaded.file_id
    if not _store(run, uploaded.name):
        st.session_state.pop(IMPORTED_KEY, None)  # refused: the preview stays to be corrected
        return
    result: ImportResult = st.session_state[STATE_KEY]
    yearly = result.values.loc[result.values["value"].notna()]
    if len(yearly):
        first = str(yearly["indicator"].iloc[0])
        year = int(yearly.loc[yearly["indicator"] == first, "year"].max())
        move_view(first, year)
        st.session_state[MOVED_KEY] = (first, year)


# ------------------------------------------------------------------ the report


def _report(result: ImportResult, ctx: PageContext) -> None:
    tr, lang = ctx.tr, ctx.tr.lang
    (st.success if result.ok else st.warning)(result.summary(lang))
    arrived = result.arrived()
    if arrived["indicators"]:
        catalog = ctx.full.catalog
        ids = str(arrived["names"]).split(", ")
        named = ("、" if lang == "zh" else ", ").join(catalog.get(i).name(lang) for i in ids)
        st.info(message("arrived", {**arrived, "names": named}, lang)[0])
    moved = st.session_state.get(MOVED_KEY)
    if moved:
        st.caption(tr.t("upload_moved", indicator=ctx.full.catalog.get(moved[0]).name(lang), year=moved[1]))
        st.button(tr.t("upload_open_map"), key="upload_open_map", on_click=_open_map)
    lines = result.report(lang).splitlines()
    if result.issues or result.remarks:
        st.markdown(f"**{tr.t('upload_report')}**")
        st.text("\n".join(lines[:SHOWN_LINES]))
        if len(lines) > SHOWN_LINES:
            st.caption(tr.t("upload_report_more", n=SHOWN_LINES, total=len(lines)))
    stem = Path(result.name).stem or "upload"
    st.download_button(
        tr.t("upload_report_download"),
        "\n".join(lines).encode("utf-8-sig"),
        file_name=f"{stem}_report.txt",
        mime="text/plain",
        on_click="ignore",
        key="report_download",
    )
    if len(result.rejected):
        st.download_button(
            tr.t("upload_rejected"),
            neutralise(result.rejected).to_csv(index=False).encode("utf-8-sig"),
            file_name=f"{stem}_rejected.csv",
            mime="text/csv",
            on_click="ignore",
            key="rejected_download",
        )
    if any((i.key or "").startswith("region_") for i in result.issues):
        st.caption(tr.t("upload_region_hint"))
        regions = ctx.full.regions
        shown = [c for c in ("adcode", "name_zh", "name_en", "level", "parent_adcode") if c in regions.columns]
        st.download_button(
            tr.t("upload_region_list"),
            neutralise(regions[shown]).to_csv(index=False).encode("utf-8-sig"),
            file_name="regions.csv",
            mime="text/csv",
            on_click="ignore",
            key="regions_download",
        )


def issue_rows(issues: list[dict], lang: str) -> list[dict]:
    """A kept dataset's issues (as stored) with message and fix in the page's language where they have a key."""
    out = []
    for issue in issues:
        row = dict(issue)
        if issue.get("key") and lang != "en":
            params = {"value": issue.get("value") or "", **(issue.get("params") or {})}
            row["message"], row["fix"] = message(str(issue["key"]), params, lang)
        out.append(row)
    return out


def _open_map() -> None:
    st.session_state[TAB_STATE] = "map"
