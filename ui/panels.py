"""Text panels: the indicator's target, clause and sources; one region's indicators after a click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.attainment import assess_indicator
from geo.catalog import Indicator
from geo.i18n import Translator
from geo.numerals import clause_number
from geo.scorecard import Card
from geo.sources import render_source
from geo.view import level_values
from layers.palette import STATUS_STYLES
from layers.tooltip import fmt_number, target_text


def indicator_info(ind: Indicator, view: pd.DataFrame, tr: Translator) -> None:
    """The indicator's name, unit, target, plan clause (quoted) and the sources of the values shown."""
    unit = ind.unit_for(tr.lang)
    target = target_text(ind, ind.target, tr) if ind.target is not None else (ind.target_text or "—")
    # One line, not three columns: every element is re-rendered on each switch, and each costs the browser. The
    # indicator's whole name leads it (a long name is cut short on its button in the sidebar).
    st.markdown(
        f"**{ind.name(tr.lang)}** &emsp; "
        f"**{tr.t('info_unit')}**: {unit or '—'} &emsp; **{tr.t('info_target')}**: {target} "
        f"({ind.target_year}) &emsp; **{tr.t('info_clause')}**: "
        f"{clause_number(ind.clause.section, ind.clause.item, tr.lang)}"
    )
    st.caption(f"“{ind.clause.quote}”")
    sources = sorted({render_source(s, tr.t) for s in view["source"].dropna().astype(str)})
    if sources:
        st.caption(f"{tr.t('info_sources')}: " + " | ".join(sources[:5]) + (" …" if len(sources) > 5 else ""))
    if (view["provenance"] == "demo").any():
        st.warning(tr.t("demo_banner"), icon="⚠️")


def province_line(c: Card, tr: Translator) -> None:
    """One line above the map: the province's figure of the view's year against the plan's target, with its
    provenance and source (the official figure whenever one is published)."""
    ind = c.indicator
    target = (
        ind.target_text
        if ind.target_text and (c.target is None or ind.rule == "class_at_most")
        else target_text(ind, c.target, tr)
    )
    if c.value is None:
        st.caption(tr.t("info_official_none", year=c.year or ind.target_year, target=target))
        return
    # A roll-up of the counties says how many counties it stands on ("98 of 100 counties reported").
    source = (
        tr.t("info_aggregated", k=c.reported[0], n=c.reported[1])
        if c.aggregated and c.reported
        else render_source(c.source, tr.t)
    )
    text = tr.t(
        "info_official",
        prov=tr.t(f"prov_{c.provenance}") if c.provenance else "—",
        year=c.year,
        value=f"{fmt_number(c.value, 3)} {ind.unit_for(tr.lang)}".strip(),
        target=target,
        status=tr.t(f"status_{c.status}"),
        source=source,
    )
    st.markdown(("**" + STATUS_STYLES[c.status].symbol + "** ") + _plain(text))


def map_alt(view: pd.DataFrame, ind: Indicator, year: int, level: str, tr: Translator) -> str:
    """The map in words, for screen readers: indicator, year, level and how many regions are in each status."""
    counts = view["status"].fillna("no_data").astype(str).value_counts()
    parts = [f"{tr.t(f'status_{s}')} {int(counts[s])}" for s in STATUS_STYLES if s in counts.index]
    sep = "、" if tr.lang == "zh" else ", "
    return tr.t("map_alt", indicator=ind.name(tr.lang), year=year, level=tr.t(f"level_{level}"), counts=sep.join(parts))


def _plain(text: str) -> str:
    """Text shown as written in markdown: a source's * _ [ ] < > are not formatting."""
    for ch in "\\`*_[]<>#|$~":
        text = text.replace(ch, "\\" + ch)
    return text


def region_panel(atlas: Atlas, values: pd.DataFrame, adcode: str, year: int, level: str, tr: Translator) -> None:
    """Every indicator of one region in one year, with status, gap and provenance."""
    boundaries = atlas.boundaries[level]
    if adcode not in boundaries.index:
        return
    name = boundaries.at[adcode, "name_zh" if tr.lang == "zh" else "name_en"]
    st.subheader(tr.t("panel_title", name=name, year=year))
    at_level = level_values(values, atlas.regions, atlas.catalog, level)
    rows = []
    for ind in atlas.catalog.indicators:
        if ind.level not in ("county", "city"):
            continue
        r = assess_indicator(at_level, atlas.catalog, ind.id, year, [adcode], level).iloc[0]
        rows.append(
            {
                tr.t("col_indicator"): ind.name(tr.lang),
                tr.t("col_value"): fmt_number(r["value"])
                + (f" {ind.unit_for(tr.lang)}" if pd.notna(r["value"]) else ""),
                tr.t("col_target"): target_text(ind, r["target_used"], tr),
                tr.t("col_status"): tr.t(f"status_{r['status']}"),
                tr.t("col_gap"): fmt_number(r["gap"]),
                tr.t("col_provenance"): tr.t(f"prov_{r['provenance']}") if pd.notna(r["provenance"]) else "—",
                tr.t("col_source"): render_source(r["source"], tr.t),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
