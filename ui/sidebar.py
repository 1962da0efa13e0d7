"""The sidebar: language, indicator (grouped by the plan's seven actions), year, level, colouring; all bound to the URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from geo.atlas import Atlas
from geo.classify import SCHEMES
from geo.i18n import Translator
from layers.mapview import MODES

DEFAULT_INDICATOR = "forest_coverage"  # the plan's headline county-level target
ACTION_KEY = "action"  # the action whose indicators are offered (follows the indicator)
MOVE_KEY = "_move_view"  # (indicator, year) asked for by `move_view`, applied by the next `choose`
MOVED_KEY = "_view_moved"  # (indicator, year) the view was moved to, for the map tab's line saying so

# The page's view controls each tab acts on: a tab shows only these (the language switch is on every tab). One
# indicator, year and level for the whole page: every tab reads them from the same state and the link.
CONTROLS: dict[str, tuple[str, ...]] = {
    "map": ("indicator", "year", "level", "mode"),
    "scorecard": (),
    "compare": ("indicator", "year"),
    "sections": ("year",),
    "landcover": (),
    "data": (),
}


@dataclass(frozen=True)
class Choice:
    """What the user chose in the sidebar."""

    indicator: str
    year: int
    level: str
    mode: str
    scheme: str
    lang: str
    years: tuple[int, ...] = ()  # the years offered for the indicator (newest first), as `choose` found them


def _from_link(key: str, allowed: Sequence[Any], default: Any) -> None:
    """Seed a widget's state from the link's id (?indicator=pm25), once, or fall back when it is no longer offered.

    Not bind="query-params": Streamlit puts the widget's *formatted label* in the URL (中文, 一、森林覆盖率), so a
    link with ids would be ignored and links would change with the language. Ids go in and out here instead.
    """
    if key not in st.session_state:
        raw = st.query_params.get(key)
        st.session_state[key] = next((a for a in allowed if str(a) == raw), default)
    elif st.session_state[key] not in allowed:
        st.session_state[key] = default


def language() -> str:
    """The chosen language: the switch's state, seeded from the link (the switch itself is drawn by `sidebar`)."""
    _from_link("lang", ("zh", "en"), "zh")
    return st.session_state["lang"]


def move_view(indicator: str, year: int) -> None:
    """Move the page's view to `indicator` in `year` (e.g. what an upload imported), and say so on the map tab.

    Applied by the next `choose`: in the same run when called before it (as ui.upload.user_values runs), else on
    the next run (call st.rerun() to have it at once). An indicator the catalog lacks is ignored there."""
    st.session_state[MOVE_KEY] = (str(indicator), int(year))


def pending_move() -> bool:
    """Whether `move_view` was asked after this run's `choose` (the page then reruns at once to show it)."""
    return MOVE_KEY in st.session_state


def moved_to() -> tuple[str, int] | None:
    """The (indicator, year) the view was last moved to by `move_view`, if any."""
    return st.session_state.get(MOVED_KEY)


def choose(atlas: Atlas, user_values, lang: str, years: Sequence[int] | None = None) -> Choice:
    """The view the sidebar's controls hold, seeded from the link on a first visit, known before they are drawn;
    `years` replaces the indicator's years where a tab offers its own (the sections' years).

    Why before: the page sends the map first and the controls after it, so that on a switch the browser's first
    pass over the new run already has the new map (each pass redraws the whole page)."""
    cat = atlas.catalog
    pending = st.session_state.pop(MOVE_KEY, None)
    if pending is not None and pending[0] in cat.ids:
        st.session_state["indicator"], st.session_state["year"] = pending
        st.session_state[MOVED_KEY] = pending
    _from_link("indicator", list(cat.ids), DEFAULT_INDICATOR)
    indicator = st.session_state["indicator"]
    # The indicator is the view's state (it is in the link); the action shown follows it.
    st.session_state[ACTION_KEY] = cat.get(indicator).action
    if not years:
        years = atlas.years_offered(indicator, user_values)
    _from_link("year", list(years), years[0])
    _from_link("level", atlas.pack.map_levels, atlas.pack.leaf)
    _from_link("mode", MODES, "status")
    mode = st.session_state["mode"]
    scheme = "quantiles"
    if mode == "value":
        _from_link("scheme", list(SCHEMES), "quantiles")
        scheme = st.session_state["scheme"]
    choice = Choice(
        indicator, int(st.session_state["year"]), st.session_state["level"], mode, scheme, lang, tuple(years)
    )
    # The address bar always holds the ids of the view on screen: copying it reproduces the view.
    link = {
        "indicator": choice.indicator,
        "year": str(choice.year),
        "level": choice.level,
        "lang": choice.lang,
        "mode": choice.mode,
    }
    if choice.mode == "value":
        link["scheme"] = choice.scheme
    if any(st.query_params.get(k) != v for k, v in link.items()):
        st.query_params.update(link)
    return choice


def language_switch(lang: str) -> None:
    """The language switch (the first control in the sidebar, so every label below it is in the chosen language);
    its label in the page's language, each language named in itself (中文, English) so either reader finds it."""
    st.sidebar.segmented_control(
        Translator(lang).t("lang_label"),
        ("zh", "en"),
        key="lang",
        format_func={"zh": "中文", "en": "English"}.get,
        required=True,
    )


def sidebar(atlas: Atlas, choice: Choice, tab: str = "map") -> None:
    """Draw the view's controls that act on `tab` (their state already holds `choice`, see `choose`).

    Buttons, not drop-down lists: the plan's seven actions, then the indicators of the chosen one. Every control
    here is one kind of element, so the page loads one widget bundle for them (a drop-down list needed 17 more
    files and a heavier first draw; bench/README.md)."""
    tr = Translator(choice.lang)
    shown = CONTROLS.get(tab, CONTROLS["map"])
    if not shown:
        st.sidebar.caption(tr.t("sidebar_none"))
        return
    if "indicator" in shown:
        _indicator(atlas, choice, tr)
    if "year" in shown:
        st.sidebar.segmented_control(tr.t("sidebar_year"), choice.years, key="year", required=True)
    if "level" in shown:
        st.sidebar.segmented_control(
            tr.t("sidebar_level"),
            atlas.pack.map_levels,
            key="level",
            format_func=lambda v: tr.t(f"level_{v}"),
            required=True,
        )
    if "mode" in shown:
        _colouring(choice, tr)


def _indicator(atlas: Atlas, choice: Choice, tr: Translator) -> None:
    """The plan's seven actions, then the indicators of the chosen one."""
    cat = atlas.catalog
    groups = {action.number: inds for action, inds in cat.by_action().items()}

    def label(n: int) -> str:
        return atlas.pack.numeral(n, choice.lang)

    st.sidebar.segmented_control(
        tr.t("sidebar_action"),
        list(groups),
        key=ACTION_KEY,
        format_func=label,
        required=True,
        on_change=_action_chosen,
        args=({n: inds[0].id for n, inds in groups.items()},),
    )
    action = next(a for a in cat.actions if a.number == cat.get(choice.indicator).action)
    st.sidebar.caption(
        tr.t("action_n", n=label(action.number), name=action.name_zh if choice.lang == "zh" else action.name_en)
    )
    names = {ind.id: ind.name(choice.lang) for ind in groups[action.number]}
    st.sidebar.pills(tr.t("sidebar_indicator"), list(names), key="indicator", format_func=names.get, required=True)


def _colouring(choice: Choice, tr: Translator) -> None:
    """Colour by attainment or by value classes (and then the classification)."""
    st.sidebar.segmented_control(
        tr.t("sidebar_mode"), MODES, key="mode", format_func=lambda v: tr.t(f"mode_{v}"), required=True
    )
    if choice.mode == "value":
        st.sidebar.segmented_control(
            tr.t("sidebar_scheme"),
            list(SCHEMES),
            key="scheme",
            format_func=lambda v: tr.t(f"scheme_{v}"),
            required=True,
        )


def _action_chosen(first: dict[int, str]) -> None:
    """Another action: its first indicator is shown (by the catalog's order)."""
    st.session_state["indicator"] = first[st.session_state[ACTION_KEY]]
