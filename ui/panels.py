"""Text panels: the indicator's target, clause and sources; one region's indicators after a click."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.attainment import assess_indicator
from geo.catalog import Indicator
from geo.i18n import Translator
from geo.months import MonthFigure, indicators_with_months, latest_month, monthly_series
from geo.numerals import clause_number
from geo.periods import Period, label
from geo.ranklists import city_ranks, listed, sources_of, zones_of
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
    # The quote and the sources on one line: the map and its legend should fit a laptop's screen below them.
    sources = sorted({render_source(s, tr.t) for s in view["source"].dropna().astype(str)})
    shown = f" &emsp; {tr.t('info_sources')}: " + " | ".join(sources[:5]) + (" …" if len(sources) > 5 else "")
    st.caption(f"“{ind.clause.quote}”" + (shown if sources else ""))


def demo_warning(view: pd.DataFrame, tr: Translator) -> None:
    """The warning that the view holds demo values (not official), when it does."""
    if (view["provenance"] == "demo").any():
        st.warning(tr.t("demo_banner"), icon="⚠️")


def province_line(c: Card, tr: Translator, latest: MonthFigure | None = None) -> None:
    """One line above the map: the province's figure of the view's year against the plan's target, with its
    provenance and source (the official figure whenever one is published); the latest month beside it, as
    progress only (a yearly target is never judged on a month)."""
    _judgement(c, tr)
    if latest is not None:
        st.caption(_plain(tr.t("month_province", text=month_text(c.indicator, latest, tr))))


def _judgement(c: Card, tr: Translator) -> None:
    """The province's yearly figure against the target."""
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
        value=f"{fmt_number(c.value, ind.decimals)} {ind.unit_for(tr.lang)}".strip(),
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


def region_panel(
    atlas: Atlas,
    values: pd.DataFrame,
    adcode: str,
    year: int,
    level: str,
    tr: Translator,
    months: pd.DataFrame | None = None,
) -> None:
    """Every indicator of one region in one year, with status, gap and provenance; then its monthly values and the
    province's (latest month and a small chart; `months` defaults to the built-in ones) and the published rank
    lists that name it."""
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
                tr.t("col_value"): fmt_number(r["value"], ind.decimals)
                + (f" {ind.unit_for(tr.lang)}" if pd.notna(r["value"]) else ""),
                tr.t("col_target"): target_text(ind, r["target_used"], tr),
                tr.t("col_status"): tr.t(f"status_{r['status']}"),
                tr.t("col_gap"): fmt_number(r["gap"], ind.decimals),
                tr.t("col_provenance"): tr.t(f"prov_{r['provenance']}") if pd.notna(r["provenance"]) else "—",
                tr.t("col_source"): render_source(r["source"], tr.t),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    _rank_lists(atlas, adcode, tr)
    _months(atlas, atlas.sub_year_values() if months is None else months, adcode, str(name), tr)


def month_text(ind: Indicator, latest: MonthFigure, tr: Translator) -> str:
    """'2025年6月 21 微克/立方米（官方数据）': a latest month as a person reads it."""
    prov = tr.t(f"prov_{latest.provenance}") if latest.provenance else "—"
    value = f"{fmt_number(latest.value, 3)} {ind.unit_for(tr.lang)}".strip()
    return tr.t("month_latest", period=label(latest.period, tr), value=value, prov=prov)


def _months(atlas: Atlas, months: pd.DataFrame, adcode: str, name: str, tr: Translator) -> None:
    """The region's and the province's monthly series: the latest month and a small chart each; never judged."""
    root = atlas.pack.root
    shown = [(adcode, name)] + ([(root, tr.t("level_province"))] if root != adcode else [])
    blocks = [(code, who, ind) for code, who in shown for ind in indicators_with_months(months, code)]
    if not blocks:
        return
    st.markdown(f"**{tr.t('month_title')}**")
    st.caption(tr.t("month_not_judged"))
    for code, who, ind_id in blocks:
        if ind_id not in atlas.catalog.ids:
            continue
        ind = atlas.catalog.get(ind_id)
        latest = latest_month(months, code, ind_id)
        if latest is None:
            continue
        st.markdown(_plain(tr.t("month_line", who=who, indicator=ind.name(tr.lang), text=month_text(ind, latest, tr))))
        series = monthly_series(months, code, ind_id)
        if len(series) > 1:
            st.altair_chart(_month_chart(series, ind.unit_for(tr.lang) or tr.t("col_value"), tr), width="stretch")
        st.caption(tr.t("month_source", source=render_source(latest.source, tr.t)))


def _month_chart(series: pd.DataFrame, unit: str, tr: Translator) -> alt.LayerChart | alt.FacetChart:
    """The months as points on a time axis (dates as 2024-05), joined only where months follow each other: a line
    across a gap would draw months nobody published."""
    month = pd.to_datetime(series["period"] + "-01")
    index = month.dt.year * 12 + month.dt.month
    data = pd.DataFrame(
        {
            "month": month,
            "value": series["value"].astype(float),
            "label": [label(Period(int(p[:4]), p), tr) for p in series["period"]],
            "run": (index.diff() != 1).cumsum(),  # consecutive months share a run
        }
    )
    base = alt.Chart(data, height=150).encode(
        x=alt.X("month:T", title=tr.t("month_axis"), axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("value:Q", title=unit),
    )
    points = base.mark_point(filled=True).encode(
        tooltip=[alt.Tooltip("label:N", title=tr.t("month_axis")), alt.Tooltip("value:Q", title=unit)]
    )
    return alt.layer(base.mark_line().encode(detail="run:N"), points)


def _rank_lists(atlas: Atlas, adcode: str, tr: Translator) -> None:
    """The published monthly PM2.5 rank lists that name the region: facts as published, with their sources."""
    lists = atlas.rank_lists
    if lists is None:
        return
    sep = tr.t("month_list_sep")

    def months_text(codes: list[str]) -> str:
        return sep.join(label(Period(int(c[:4]), c), tr) for c in codes)

    lines = [tr.t(f"rank_{name}", months=months_text(codes)) for name, codes in listed(lists, adcode).items()]
    ranks = city_ranks(lists, adcode)
    if len(ranks):
        items = [
            tr.t("rank_city_item", period=label(Period(int(p[:4]), p), tr), rank=int(r), of=int(n))
            for p, r, n in zip(ranks["period"], ranks["rank"], ranks["of"], strict=True)
        ]
        lines.append(tr.t("rank_city", ranks=sep.join(items)))
    # Development zones are listed by the bulletins among the counties but are none: shown with their city, as printed.
    index = atlas.region_index
    zones = zones_of(lists, index.name(adcode)) if len(ranks) and index is not None and adcode in index else {}
    for zone, found in zones.items():
        for name, codes in found.items():
            lines.append(tr.t("rank_zone", name=zone, text=tr.t(f"rank_{name}", months=months_text(codes))))
    if not lines:
        return
    st.markdown(f"**{tr.t('rank_title')}**")
    for line in lines:
        st.markdown(_plain(line))
    st.caption(tr.t("rank_sources", sources=" ".join(sources_of(lists, adcode, zones))))
