"""The plan's scorecard tab (目标总览): every target by action, its latest figure and pace; county targets open the map."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo.catalog import Indicator
from geo.export import csv_bundle, to_xlsx, with_link
from geo.i18n import Translator
from geo.months import latest_month
from geo.scorecard import Card, card, scorecard, scorecard_table, status_totals, top_values
from geo.sources import render_source
from layers.palette import STATUS_STYLES
from layers.tooltip import fmt_number, target_text
from ui.context import PageContext
from ui.panels import month_text
from ui.resources import per_choice
from ui.urlstate import TAB_STATE, tab_key

CN_LIST_SEP = "、"


def cards(ctx: PageContext) -> list[Card]:
    """The scorecard of the data on screen (built-in, plus this session's values), built once per data."""
    full = ctx.full
    return per_choice(
        ("scorecard", repr(ctx.settings), ctx.version),
        lambda: scorecard(full.values(ctx.user), full.regions, full.catalog),
        ctx.user,
    )


def province_card(ctx: PageContext) -> Card:
    """The province's figure for the map's indicator and year, judged against the plan's target (once per choice)."""
    full, choice = ctx.full, ctx.choice

    def build() -> Card:
        ind = full.catalog.get(choice.indicator)
        values = full.values(ctx.user)
        mine = values.loc[values["indicator"].astype(str) == ind.id]
        # The province's values of every year, kept per indicator: another year's card costs ~10 ms, not ~150.
        top = per_choice(
            ("province_top", repr(ctx.settings), ctx.version, ind.id),
            lambda: top_values(mine, full.regions, full.catalog),
            ctx.user,
        )
        return card(ind, top, mine, full.regions, full.catalog, choice.year)

    return per_choice(
        ("province_card", repr(ctx.settings), ctx.version, choice.indicator, choice.year), build, ctx.user
    )


def render(ctx: PageContext) -> None:
    """Draw the tab."""
    tr = ctx.tr
    shown = cards(ctx)
    st.caption(tr.t("sc_intro"))
    totals = status_totals(shown)
    st.markdown("**" + tr.t("sc_totals", n=len(shown), **{k: v for k, v in totals.items() if k != "no_target"}) + "**")
    if any(c.provenance == "demo" for c in shown):
        st.warning(tr.t("sc_demo_note"), icon="⚠️")
    months = ctx.full.sub_year_values(ctx.user)  # the latest month shown beside the yearly judgement, not judged
    by_action: dict[int, list[Card]] = {}
    for c in shown:
        by_action.setdefault(c.indicator.action, []).append(c)
    for action in ctx.full.catalog.actions:
        mine = by_action.get(action.number, [])
        if not mine:
            continue
        name = action.name_zh if tr.lang == "zh" else action.name_en
        st.subheader(f"{ctx.full.pack.numeral(action.number, tr.lang)}{CN_LIST_SEP if tr.lang == 'zh' else '. '}{name}")
        st.dataframe(
            _rows(mine, tr, months, ctx.full.pack.root),
            hide_index=True,
            width="stretch",
            column_config=_columns(tr),
            key=f"sc_table_{action.number}",
        )
        county = [c for c in mine if c.counties is not None]
        if county:
            row = st.container(horizontal=True)
            for c in county:
                year = c.year or c.indicator.target_year
                row.button(
                    tr.t("sc_open_map", name=c.indicator.name(tr.lang)),
                    key=f"sc_map_{c.indicator.id}",
                    help=tr.t("sc_open_map_help", year=year),
                    on_click=open_map,
                    args=(c.indicator.id, year, ctx.full.pack.leaf, tr.lang, tr.t("tab_map")),
                )
    _downloads(shown, tr, ctx.settings.public_url)


def open_map(indicator: str, year: int, level: str, lang: str, map_label: str) -> None:
    """Switch the page to the map of one indicator, county by county (a button's callback)."""
    st.session_state["indicator"] = indicator
    st.session_state["year"] = year
    st.session_state["level"] = level
    st.session_state[TAB_STATE] = "map"
    st.session_state[tab_key(lang)] = map_label


def _rows(shown: list[Card], tr: Translator, months: pd.DataFrame | None = None, root: str = "") -> pd.DataFrame:
    """One line per target, words in the page's language; where the province has monthly values, its latest month
    (progress only: the status is the yearly judgement)."""
    # In the order a reader asks: which target, how it stands, the figure behind it, then the pace and the sources.
    col = {
        k: tr.t(f"sc_col_{k}")
        for k in (
            "indicator",
            "status",
            "latest",
            "year",
            "latest_month",
            "target",
            "provenance",
            "counties",
            "reported",
            "on_track",
            "needed",
            "so_far",
            "progress",
            "trend",
            "source",
        )
    }
    rows = []
    for c in shown:
        ind = c.indicator
        unit = ind.unit_for(tr.lang)
        on_track = None if c.pace is None or c.pace.on_track is None else c.pace.on_track
        target = (
            "—"
            if ind.rule == "qualitative"
            else (
                f"{_target(ind, c, tr)}（{ind.target_year}）"
                if tr.lang == "zh"
                else f"{_target(ind, c, tr)} ({ind.target_year})"
            )
        )
        rows.append(
            {
                col["indicator"]: ind.name(tr.lang),
                col["status"]: f"{STATUS_STYLES[c.status].symbol} {tr.t(f'status_{c.status}')}",
                col["latest"]: "—" if c.value is None else f"{fmt_number(c.value, ind.decimals)} {unit}".strip(),
                col["year"]: "—" if c.year is None else str(c.year),
                col["latest_month"]: _month(c, tr, months, root),
                col["target"]: target,
                col["provenance"]: "—" if c.provenance is None else tr.t(f"prov_{c.provenance}"),
                col["counties"]: "—"
                if c.counties is None or c.reported is None
                else tr.t("sc_counties_met", met=c.counties["met"], n=c.reported[1]),
                col["reported"]: "—" if c.reported is None else f"{c.reported[0]}/{c.reported[1]}",
                col["on_track"]: "—" if on_track is None else tr.t("sc_on_track_yes" if on_track else "sc_on_track_no"),
                col["needed"]: _signed(None if c.pace is None else c.pace.needed_per_year, unit),
                col["so_far"]: _signed(None if c.pace is None else c.pace.observed_per_year, unit),
                col["progress"]: _signed(c.progress, unit),
                col["trend"]: [v for _, v in c.series],
                col["source"]: render_source(c.source, tr.t),
            }
        )
    return pd.DataFrame(rows)


def _month(c: Card, tr: Translator, months: pd.DataFrame | None, root: str) -> str:
    """The province's latest month of the card's indicator, in the province line's words, or '—'."""
    latest = None if months is None or not len(months) else latest_month(months, root, c.indicator.id)
    return "—" if latest is None else month_text(c.indicator, latest, tr)


def _columns(tr: Translator) -> dict:
    return {
        tr.t("sc_col_trend"): st.column_config.LineChartColumn(tr.t("sc_col_trend"), width="small"),
        tr.t("sc_col_indicator"): st.column_config.TextColumn(width="medium", pinned=True),
        tr.t("sc_col_source"): st.column_config.TextColumn(width="medium"),
    }


def _target(ind: Indicator, c: Card, tr: Translator) -> str:
    if ind.target_text and (c.target is None or ind.rule == "class_at_most"):
        return ind.target_text
    return target_text(ind, c.target, tr)


def _signed(x: float | None, unit: str) -> str:
    if x is None or pd.isna(x):
        return "—"
    return (("+" if x > 0 else "") + fmt_number(x, 3) + f" {unit}").strip()


def _downloads(shown: list[Card], tr: Translator, public_url: str = "") -> None:
    table = scorecard_table(shown)
    table.insert(table.columns.get_loc("status") + 1, "status_text", [tr.t(f"status_{s}") for s in table["status"]])
    meta = {
        "title": f"{tr.t('app_title')} · {tr.t('tab_scorecard')}",
        "downloaded": date.today().isoformat(),
        "provenance_counts": ", ".join(
            f"{k}={v}" for k, v in table["provenance"].dropna().value_counts().sort_index().items()
        ),
    }
    meta = with_link(meta, f"?tab=scorecard&lang={tr.lang}", public_url, tr)  # absolute under GANPO_PUBLIC_URL
    if (table["provenance"] == "demo").any():
        meta["warning"] = "Contains demo values: NOT official figures (provenance=demo) / 含演示数据，非官方数据"
    stem = f"ganpo_scorecard_{date.today().isoformat()}"
    row = st.container(horizontal=True)
    row.download_button(
        tr.t("sc_download_csv"),
        lambda: csv_bundle(table, meta, stem, tr),  # the table and its _metadata.txt (geo/export.py)
        file_name=f"{stem}.zip",
        mime="application/zip",
        on_click="ignore",
        key="sc_dl_csv",
    )
    row.download_button(
        tr.t("sc_download_xlsx"),
        lambda: to_xlsx(table, meta, sheet="scorecard", lang=tr.lang),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="sc_dl_xlsx",
    )
