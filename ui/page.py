"""The page: sidebar choices -> view -> map, panels and downloads. Errors of the domain become messages here."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from geo.errors import AtlasError
from geo.i18n import Translator, with_overrides
from geo.settings import Settings
from layers.mapview import Basemap, MapOptions, OverlayData, base_map, layer_control, overlay_groups
from layers.script import MapScript, map_script
from ui import compare, landcover, scorecard, sections, upload
from ui.context import PageContext
from ui.downloads import downloads
from ui.leafletmap import leaflet_map
from geo.view import judged_at
from ui.panels import indicator_info, province_line, region_panel
from ui.scorecard import province_card
from ui.resources import atlas as load_full, display_atlas, map_geometry, map_layer, map_outlines, per_choice
from ui.sidebar import DEFAULT_INDICATOR, choose, language, language_switch, sidebar
from ui.urlstate import TAB_NAMES, TAB_STATE, check_query, tab_key

MAP_KEY = "map"  # one stable key: the map component is never remounted by a key change
DRAWN = "_page_drawn"  # set by a session's first run: later runs are reruns, not page loads
WAITS = "_page_waits_for_map"  # set by a browser's page load: the map is asked to report its first draw
REPORTED = "_page_map_reported"  # per run: None if the run drew no map, else whether the map has reported its draw


def main(settings: Settings) -> None:
    """Draw the whole page once (Streamlit reruns it on each interaction)."""
    try:
        full, display = load_full(settings), display_atlas(settings)
    except AtlasError as exc:
        st.set_page_config(page_title="Eco Atlas", page_icon="🌿", layout="wide")
        st.error(str(exc))
        st.stop()
    title = full.pack.strings.get("app_title") or with_overrides({})["app_title"]
    st.set_page_config(page_title=f"{title['zh']} · {title['en']}", page_icon="🌿", layout="wide")
    page_load = DRAWN not in st.session_state
    if page_load:
        st.session_state[DRAWN] = True
        st.session_state[WAITS] = _reports_drawn()
    st.session_state[REPORTED] = None
    _warn_bad_link(full)
    lang = language()
    tr = Translator(lang, with_overrides(full.pack.strings))
    user = upload.user_values(full, settings, tr)
    choice = choose(full, user, lang)
    ctx = PageContext(full, display, user, choice, tr, settings)
    st.title(tr.t("app_title"))
    st.caption(tr.t("app_subtitle"))
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
            language_switch()
            sidebar(full, choice)


def _reports_drawn() -> bool:
    """Whether this session's client runs the map's script, and so will report the map drawn: Streamlit's page
    in a browser, which sends its URL with every run. A client that runs no script (AppTest, the agent API)
    never reports, and must not wait for the report: it gets the whole page at once (or, should it tell a URL,
    on its next run)."""
    return st.context.url is not None


def _tabs(tr: Translator):
    """The tab containers, the one named by session state (or the link) open."""
    names = [name for name, _ in TABS]
    if TAB_STATE not in st.session_state:
        st.session_state[TAB_STATE] = st.query_params.get("tab") if st.query_params.get("tab") in names else "map"
    labels = [tr.t(f"tab_{name}") for name in names]
    key = tab_key(tr.lang)

    def remember() -> None:
        st.session_state[TAB_STATE] = names[labels.index(st.session_state[key])]

    containers = st.tabs(labels, key=key, default=labels[names.index(st.session_state[TAB_STATE])],
                         on_change=remember)
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
    basemap = (Basemap(settings.basemap_url, settings.basemap_attribution, settings.basemap_datum)
               if settings.basemap_url else None)
    # Where no target binds the regions on screen (a county's share of a provincial total, a qualitative aim), the
    # map colours by value: attainment colours would only say "no target" a hundred times.
    judged = judged_at(ind, choice.level, full.values(user))
    mode = choice.mode if judged else "value"
    options = MapOptions(mode=mode, scheme=choice.scheme, lang=choice.lang, basemap=basemap, view=full.pack.map)
    # Cached per choice (a user's values: per session); read-only.
    view, layer = map_layer(settings, choice.indicator, choice.year, choice.level, options, user)
    # The page shows info, map, region panel, downloads; the map goes out first (the browser draws what has
    # arrived, and each element sent with the map holds back its first draw).
    info, map_box, panel, below = st.container(), st.container(), st.container(), st.container()
    with map_box:
        # Only a click on a region comes back to Python (panning and zooming do not rerun the script), and, on a
        # page load, the map's report that it is drawn.
        waits = st.session_state.get(WAITS, False)
        shown = leaflet_map(_map_script(ctx, options, layer), key=MAP_KEY, height=620, clicks=True,
                            failed=tr.t("map_failed"), report_drawn=waits)
        clicked = shown.clicked
        # Why wait: the browser draws each batch of elements that has arrived before it reveals the map, and the
        # sidebar's six button groups and the four download buttons are the page's heaviest draws. Sent with the
        # map, they held its first draw back by ~0.1-0.25 s; sent after it, they cost it nothing (bench/README.md,
        # 2026-11-25 and 2026-12-01). The map's text and region panel are cheap: they go out with it.
        st.session_state[REPORTED] = shown.drawn
    with info:
        upload.notice(tr)
        indicator_info(ind, view, tr)
        province_line(province_card(ctx), tr)
        if ind.level not in ("county", "city"):
            st.info(tr.t("info_province_only"))
        elif view["value"].isna().all():
            st.info(tr.t("no_values", year=choice.year))
        elif not judged and ind.rule != "qualitative":
            st.info(tr.t("info_by_value") if ind.lower == "share" else
                    tr.t("info_not_scored", level=tr.t(f"level_{ind.binds}")))
    with panel:
        if clicked:
            region_panel(full, full.values(user), str(clicked), choice.year, choice.level, tr)
            compare.add_button(str(clicked), ctx)
        else:
            st.caption(tr.t("panel_hint"))

    def draw_downloads() -> None:
        with below:
            downloads(full, display, user, choice, tr)

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
        fmap = base_map(options, map_outlines(settings, choice.level, options), extra=[compare.highlight(ctx)])
        overlay = [*overlay_groups(layer, map_geometry(settings, options)[choice.level]), layer_control()]
        return map_script(fmap, overlay)

    key = ("map", repr(settings), choice.indicator, choice.year, choice.level, repr(options), codes)
    return per_choice(key, build, ctx.user)


TABS = tuple(zip(TAB_NAMES, (map_tab, scorecard.render, compare.render, sections.render, landcover.render,
                             upload.render)))


def _warn_bad_link(full) -> None:
    if st.session_state.get("_link_checked"):
        return
    st.session_state["_link_checked"] = True
    params = {k: st.query_params[k] for k in st.query_params}
    years_of = {i: full.years(i) for i in full.catalog.ids}
    for p in check_query(params, list(full.catalog.ids), years_of, DEFAULT_INDICATOR,
                         levels=full.pack.map_levels):
        st.toast(Translator(params.get("lang", "zh") if params.get("lang") in ("zh", "en") else "zh").t(
            "bad_query", key=p.key, value=p.value, fix=p.fix), icon="⚠️")
