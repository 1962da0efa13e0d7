"""The page: sidebar choices -> view -> map, panels and downloads. Errors of the domain become messages here."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.datasets import drafts_of
from geo.errors import AtlasError
from geo.i18n import Translator, with_overrides
from geo.months import latest_month
from geo.ranking import ranking
from geo.settings import Settings
from geo.store import Store, StoreUnavailable
from geo.summary import summarize
from geo.values import combine
from geo.view import judged_at
from layers.mapview import Basemap, MapOptions, OverlayData, base_map, layer_control, overlay_groups
from layers.script import MapScript, map_script
from ui import compare, data, landcover, scorecard, sections, upload
from ui.context import PageContext
from ui.downloads import downloads, link_secret, view_months
from ui.leafletmap import leaflet_map
from ui.mapcontext import map_places
from ui.panels import demo_warning, indicator_info, map_alt, province_line, region_panel
from ui.report import ranking_table, region_trend, summary_line
from ui.resources import (
    atlas as load_full,
)
from ui.resources import (
    data_store,
    display_atlas,
    map_geometry,
    map_layer,
    map_outlines,
    per_choice,
    published,
)
from ui.scorecard import province_card
from ui.sidebar import DEFAULT_INDICATOR, choose, language, language_switch, moved_to, pending_move, sidebar
from ui.theme import page_style, streamlit_words
from ui.urlstate import TAB_NAMES, TAB_STATE, check_query, tab_key

MAP_KEY = "map"  # one stable key: the map component is never remounted by a key change
PINNED = "_data_pinned"  # the data version a link pinned this session to (None: follow what is published now)
DRAWN = "_page_drawn"  # set by a session's first run: later runs are reruns, not page loads
WAITS = "_page_waits_for_map"  # set by a browser's page load: the map is asked to report its first draw
MAP_ALT = "_map_alt"  # the map's text alternative (what its legend counts), set by the map tab
REPORTED = "_page_map_reported"  # per run: None if the run drew no map, else whether the map has reported its draw


def main(settings: Settings) -> None:
    """Draw the whole page once (Streamlit reruns it on each interaction)."""
    try:
        base = load_full(settings)
    except AtlasError as exc:
        st.set_page_config(page_title="Eco Atlas", page_icon="🌿", layout="wide")
        st.error(str(exc))
        st.stop()
    title = base.pack.strings.get("app_title") or with_overrides({})["app_title"]
    st.set_page_config(page_title=f"{title['zh']} · {title['en']}", page_icon="🌿", layout="wide")
    page_style()
    page_load = DRAWN not in st.session_state
    if page_load:
        st.session_state[DRAWN] = True
        st.session_state[WAITS] = _reports_drawn()
    st.session_state[REPORTED] = None
    lang = language()
    tr = Translator(lang, with_overrides(base.pack.strings))
    store, version, current = _data_version(settings, tr)
    try:
        full, display = load_full(settings, version), display_atlas(settings, version)
    except StoreUnavailable:  # gone between two reads: this run shows the built-in data, the next one tries again
        st.warning(tr.t("data_store_down"), icon="⏳")
        store, version, current = None, 0, 0
        full, display = base, display_atlas(settings)
    who = data.account(settings.session_minutes, store)
    if settings.require_signin and not who.name:
        st.title(tr.t("app_title"))
        st.info(tr.t("data_signin_required"))
        if store is not None:
            data.sign_in_form(store, tr)
        st.stop()
    _warn_bad_link(full)
    user = _session_values(full, settings, tr, store, who)
    tab = _open_tab()
    moved = moved_to()
    # One year for the whole page: the sections tab offers the years its sections have, under the same state.
    choice = choose(full, user, lang, sections.offered_years(full) if tab == "sections" else None)
    if moved_to() != moved and moved_to() is not None:
        st.toast(_moved_text(full, choice, tr), icon="➡️")
    ctx = PageContext(
        full,
        display,
        user,
        choice,
        tr,
        settings,
        store,
        who,
        published(settings, version) if version else None,
        version,
    )
    st.title(tr.t("app_title"))
    st.caption(tr.t("app_subtitle"))
    if version < current:
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info(tr.t("data_newer", version=version))
        c2.button(tr.t("data_current"), key="data_current", on_click=_follow_current)
    # Text (drawn at once by the browser) opens the sidebar, so its pane is there from the first draw and nothing
    # moves when the controls arrive: the sidebar's placeholder while a page load waits for the map.
    st.sidebar.caption(tr.t("sidebar_intro"))
    later: Callable[[], None] | None = None
    try:
        # One tab per capability; only the open tab is drawn (hidden tabs would cost seconds of script and a
        # second map on every rerun). The open tab is in the link as ?tab=compare.
        for container, (_, draw) in zip(_tabs(tr), TABS):
            if container.open:
                with container:
                    try:
                        later = draw(ctx)
                    except AtlasError as exc:
                        st.error(str(exc))
        if pending_move():  # an import in the open tab moved the view after `choose`: show it at once
            st.rerun()
    finally:
        # What the open tab left for later (the map's downloads), then the sidebar: the view leads the run (see
        # ui.sidebar.choose). Drawn whatever the tab did, so that a failing view can always be changed. A browser's
        # page load that drew the map holds them back (the sidebar keeps its intro as a placeholder): the map's
        # report of its first draw reruns the page, and that run draws them (see `map_tab`). Held in that one run
        # only: any later run, whatever brought it, draws the whole page.
        held = page_load and st.session_state[WAITS] and st.session_state[REPORTED] is False
        if not held:
            st.session_state[WAITS] = False  # after this run: the map's message stays the same until then
            if later is not None:
                later()
            language_switch(lang)
            sidebar(full, choice, tab)
            streamlit_words(tr, settings.max_upload_mb, st.session_state.get(MAP_ALT, "") if tab == "map" else "")


def _data_version(settings: Settings, tr: Translator) -> tuple[Store | None, int, int]:
    """(store, the page's data version, the current one). A link's ?data= pins the session to the numbers it was made
    with; without it the session follows what is published now, and the address bar names that version."""
    try:
        store = data_store(settings)
        current = store.data_version()
    except StoreUnavailable:
        st.warning(tr.t("data_store_down"), icon="⏳")  # every run tries again: it recovers by itself
        return None, 0, 0
    if PINNED not in st.session_state:
        raw = st.query_params.get("data", "")
        good = raw.isdigit() and 0 < int(raw) <= current
        if raw and not good:
            st.toast(tr.t("bad_query", key="data", value=raw, fix=tr.t("data_versions", n=current)), icon="⚠️")
        st.session_state[PINNED] = int(raw) if good else None
    version = st.session_state[PINNED] or current
    if version and st.query_params.get("data") != str(version):
        st.query_params["data"] = str(version)
    elif not version and "data" in st.query_params:
        del st.query_params["data"]
    return store, version, current


def _follow_current() -> None:
    st.session_state[PINNED] = None


def _session_values(full, settings: Settings, tr: Translator, store: Store | None, who) -> pd.DataFrame | None:
    """This session's own values over what everyone sees: its author's drafts, then its upload (session only)."""
    parts = []
    if store is not None and who.name:
        try:
            parts.append(drafts_of(store, who))
        except StoreUnavailable:
            pass
    own = upload.user_values(full, settings, tr)
    parts = [p for p in (*parts, own) if p is not None and len(p)]
    return combine(*parts) if parts else None


def _reports_drawn() -> bool:
    """Whether this session's client runs the map's script, and so will report the map drawn: Streamlit's page
    in a browser, which sends its URL with every run. A client that runs no script (AppTest, the agent API)
    never reports, and must not wait for the report: it gets the whole page at once (or, should it tell a URL,
    on its next run)."""
    return st.context.url is not None


def _open_tab() -> str:
    """The id of the open tab: session state, seeded from the link (?tab=compare) on a first visit."""
    names = [name for name, _ in TABS]
    if st.session_state.get(TAB_STATE) not in names:
        st.session_state[TAB_STATE] = st.query_params.get("tab") if st.query_params.get("tab") in names else "map"
    return st.session_state[TAB_STATE]


def _moved_text(full, choice, tr: Translator) -> str:
    """What the view was moved to by an import, in words."""
    return tr.t("view_moved", indicator=full.catalog.get(choice.indicator).name(tr.lang), year=choice.year)


def _tabs(tr: Translator):
    """The tab containers, the one named by session state (or the link) open."""
    names = [name for name, _ in TABS]
    _open_tab()
    labels = [tr.t(f"tab_{name}") for name in names]
    key = tab_key(tr.lang)

    def remember() -> None:
        st.session_state[TAB_STATE] = names[labels.index(st.session_state[key])]

    containers = st.tabs(labels, key=key, default=labels[names.index(st.session_state[TAB_STATE])], on_change=remember)
    opened = st.session_state[TAB_STATE]
    if opened == "map" and "tab" in st.query_params:
        del st.query_params["tab"]
    elif opened != "map" and st.query_params.get("tab") != opened:
        st.query_params["tab"] = opened
    return containers


def map_tab(ctx: PageContext) -> Callable[[], None]:
    """The attainment map of the chosen indicator, year and level, with the region panel; returns the drawing of
    its downloads. On a page load the downloads and the sidebar's controls wait for the map's report that it is
    drawn (see `main`): this run sends the map and its text, the report's rerun the rest."""
    full, display, choice, tr, settings, user = ctx.full, ctx.display, ctx.choice, ctx.tr, ctx.settings, ctx.user
    ind = full.catalog.get(choice.indicator)
    basemap = (
        Basemap(settings.basemap_url, settings.basemap_attribution, settings.basemap_datum)
        if settings.basemap_url
        else None
    )
    # Where no target binds the regions on screen (a county's share of a provincial total, a qualitative aim), the
    # map colours by value: attainment colours would only say "no target" a hundred times.
    judged = judged_at(ind, choice.level, full.values(user))
    mode = choice.mode if judged else "value"
    options = MapOptions(mode=mode, scheme=choice.scheme, lang=choice.lang, basemap=basemap, view=full.pack.map)
    # Cached per choice (a user's values: per session); read-only.
    view, layer = map_layer(settings, ctx.version, choice.indicator, choice.year, choice.level, options, user)
    # The page shows info, map, region panel, downloads; the map goes out first (the browser draws what has
    # arrived, and each element sent with the map holds back its first draw).
    # Keyed, so that ui/theme.py can show the lines (province figure, summary) below the map on a short screen.
    head, lines, map_box, panel, below = (
        st.container(key=f"gp_{k}") for k in ("head", "lines", "map", "panel", "below")
    )
    with map_box:
        # Only a click on a region comes back to Python (panning and zooming do not rerun the script), and, on a
        # page load, the map's report that it is drawn.
        waits = st.session_state.get(WAITS, False)
        shown = leaflet_map(
            _map_script(ctx, options, layer),
            key=MAP_KEY,
            height=620,
            clicks=True,
            failed=tr.t("map_failed"),
            report_drawn=waits,
        )
        clicked = shown.clicked
        # Why wait: the browser draws each batch of elements that has arrived before it reveals the map, and the
        # sidebar's six button groups and the four download buttons are the page's heaviest draws. Sent with the
        # map, they held its first draw back by ~0.1-0.25 s; sent after it, they cost it nothing (bench/README.md,
        # 2026-11-25 and 2026-12-01). The map's text and region panel are cheap: they go out with it.
        st.session_state[REPORTED] = shown.drawn
    st.session_state[MAP_ALT] = map_alt(view, ind, choice.year, choice.level, tr)
    with head:
        upload.notice(tr)
        if moved_to() == (choice.indicator, choice.year):
            st.info(_moved_text(full, choice, tr), icon="➡️")
        indicator_info(ind, view, tr)
    # What each run shows about the view, made once per choice as the layer is (a run redraws it, it does not
    # recompute it: these took ~100 ms of every run).
    key = (repr(settings), ctx.version, choice.indicator, choice.year, choice.level, repr(options))
    latest = per_choice(
        ("latest_month", *key), lambda: latest_month(full.sub_year_values(user), full.pack.root, ind.id), user
    )
    with lines:
        demo_warning(view, tr)
        province_line(province_card(ctx), tr, latest)
        if ind.level in ("county", "city") and view["value"].notna().any():  # in a sentence, the legend's counts
            summary_line(
                per_choice(("summary", *key), lambda: summarize(view, ind, tr, province_card(ctx), judged), user)
            )
        if ind.level not in ("county", "city"):
            st.info(tr.t("info_province_only"))
        elif view["value"].isna().all():
            st.info(tr.t("no_values", year=choice.year))
        elif not judged and ind.rule != "qualitative":
            st.info(
                tr.t("info_by_value")
                if ind.lower == "share"
                else tr.t("info_not_scored", level=tr.t(f"level_{ind.binds}"))
            )
    with panel:
        if clicked:
            region_panel(
                full, full.values(user), str(clicked), choice.year, choice.level, tr, full.sub_year_values(user)
            )
            region_trend(full, full.values(user), str(clicked), choice.indicator, choice.level, tr)
            compare.add_button(str(clicked), ctx)
        else:
            st.caption(tr.t("panel_hint"))

    def draw_downloads() -> None:
        with below:
            if ind.level in ("county", "city") and view["value"].notna().any():
                ranking_table(per_choice(("ranking", *key), lambda: ranking(view, ind, tr), user), ind, tr)
            months = per_choice(("months", *key), lambda: view_months(full, user, ind), user)
            downloads(full, display, user, choice, tr, months, ctx.version, settings.public_url, link_secret(settings))

    return draw_downloads


def _map_script(ctx: PageContext, options: MapOptions, layer: OverlayData) -> MapScript:
    """The map's scripts, built once per choice and comparison: folium takes ~15 ms to render them, and a message
    that leaves late makes the browser draw the page twice (the map's reveal then waits for the second draw)."""
    settings, choice = ctx.settings, ctx.choice
    codes = tuple(compare.selected_adcodes(ctx))

    def build() -> MapScript:
        # The base map (outlines) is the same for every indicator, year and colouring, so the page keeps it; the
        # indicator layer (choropleth, legend, symbols, layer control) is the overlay that the page swaps in
        # place (zoom kept). Geometry is in neither: both name static files (fetched once per page), the
        # overlay carries only styles, tooltips and symbols by adcode. The compared regions are outlined.
        fmap = base_map(
            options,
            map_outlines(settings, choice.level, options),
            extra=[compare.highlight(ctx)],
            places=map_places(settings, choice.level, options),  # names, search box, lakes, the province's extent
        )
        overlay = [*overlay_groups(layer, map_geometry(settings, options)[choice.level]), layer_control()]
        return map_script(fmap, overlay)

    key = ("map", repr(settings), ctx.version, choice.indicator, choice.year, choice.level, repr(options), codes)
    return per_choice(key, build, ctx.user)


TABS = tuple(
    zip(TAB_NAMES, (map_tab, scorecard.render, compare.render, sections.render, landcover.render, data.render))
)


def _warn_bad_link(full) -> None:
    if st.session_state.get("_link_checked"):
        return
    st.session_state["_link_checked"] = True
    params = {k: st.query_params[k] for k in st.query_params}
    years_of = {i: full.years_offered(i) for i in full.catalog.ids}
    tr = Translator(params.get("lang", "zh") if params.get("lang") in ("zh", "en") else "zh")
    for p in check_query(params, list(full.catalog.ids), years_of, DEFAULT_INDICATOR, levels=full.pack.map_levels):
        st.toast(tr.t("bad_query", key=p.key, value=p.value, fix=tr.t(p.fix, **p.args)), icon="⚠️")
