"""The sidebar: language, indicator (grouped by the plan's seven actions), year, level, colouring; all bound to the URL."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.atlas import Atlas
from geo.classify import SCHEMES
from geo.i18n import Translator
from geo.view import VIEW_LEVELS
from layers.mapview import MODES

CN_NUMERALS = "一二三四五六七"
DEFAULT_INDICATOR = "forest_coverage"  # the plan's headline county-level target


@dataclass(frozen=True)
class Choice:
    """What the user chose in the sidebar."""

    indicator: str
    year: int
    level: str
    mode: str
    scheme: str
    lang: str


def language() -> str:
    """The language switch (first, so every label below is in the chosen language)."""
    lang = st.sidebar.segmented_control("语言 / Language", ("zh", "en"), default="zh", key="lang",
                                        format_func={"zh": "中文", "en": "English"}.get, bind="query-params",
                                        required=True)
    return lang or "zh"


def sidebar(atlas: Atlas, user_values, lang: str) -> Choice:
    """Draw the controls and return the choice."""
    tr = Translator(lang)
    cat = atlas.catalog
    labels = {}
    for action, inds in cat.by_action().items():
        for ind in inds:
            prefix = f"{CN_NUMERALS[action.number - 1]}、" if lang == "zh" else f"{action.number}. "
            labels[ind.id] = f"{prefix}{ind.name(lang)}"
    st.sidebar.caption(" · ".join(tr.t("action_n", n=a.number if lang == "en" else CN_NUMERALS[a.number - 1],
                                       name=a.name_zh if lang == "zh" else a.name_en) for a in cat.actions))
    ids = list(labels)
    indicator = st.sidebar.selectbox(tr.t("sidebar_indicator"), ids, format_func=labels.get,
                                     index=ids.index(DEFAULT_INDICATOR), key="indicator", bind="query-params")
    years = atlas.years(indicator, user_values) or [cat.get(indicator).target_year]
    year = st.sidebar.selectbox(tr.t("sidebar_year"), years, key="year", bind="query-params")
    level = st.sidebar.segmented_control(tr.t("sidebar_level"), VIEW_LEVELS, default="county", key="level",
                                         format_func=lambda v: tr.t(f"level_{v}"), bind="query-params",
                                         required=True)
    mode = st.sidebar.segmented_control(tr.t("sidebar_mode"), MODES, default="status", key="mode",
                                        format_func=lambda v: tr.t(f"mode_{v}"), bind="query-params", required=True)
    scheme = "quantiles"
    if mode == "value":
        scheme = st.sidebar.selectbox(tr.t("sidebar_scheme"), list(SCHEMES), key="scheme",
                                      format_func=lambda v: tr.t(f"scheme_{v}"), bind="query-params")
    return Choice(indicator, int(year), level or "county", mode or "status", scheme, lang)
