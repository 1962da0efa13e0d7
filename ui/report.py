"""The map tab's words and tables about the view: the summary sentences above the map, the ranking table below it,
and a clicked region's values over the years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.catalog import Indicator
from geo.i18n import Translator
from geo.ranking import headers
from geo.summary import Summary
from geo.view import level_values
from layers.charts import ChartText, trend

SUMMARY_KEY = "map_summary"  # the summary's element, found by tests and the browser test
RANKING_KEY = "map_ranking"
TREND_KEY = "region_trend"


def summary_line(summary: Summary) -> None:
    """The view in a sentence or two, from its own numbers (geo.summary.summarize: the legend's counts), demo values
    said so."""
    if summary.sentences:
        with st.container(key=SUMMARY_KEY):
            st.markdown(_plain(summary.text))


def ranking_table(table: pd.DataFrame, ind: Indicator, tr: Translator) -> None:
    """Every region of the view by rank (geo.ranking.ranking), with value, target, gap, status and provenance;
    sortable by any column."""
    names = headers(tr)
    unit = ind.unit_for(tr.lang)
    box = st.container(key=RANKING_KEY)
    box.markdown(f"**{tr.t('ranking_title')}**")
    box.caption(tr.t("ranking_caption"))
    box.dataframe(
        table.drop(columns=["unit"]),
        hide_index=True,
        width="stretch",
        height=320,
        # The status in words only: its code (met, not_met) is for the files, not for a reader of the page.
        column_order=[c for c in table.columns if c not in ("unit", "status")],
        column_config={
            "rank": st.column_config.NumberColumn(names["rank"], format="%d"),
            "region": names["region"],
            "city": names["city"],
            "value": st.column_config.NumberColumn(f"{names['value']} ({unit})" if unit else names["value"]),
            "target": st.column_config.NumberColumn(names["target"]),
            "gap": st.column_config.NumberColumn(names["gap"], format=f"%+.{ind.decimals}f"),
            "status_text": names["status_text"],
            "provenance": names["provenance"],
            "source": names["source"],
        },
    )


def _plain(text: str) -> str:
    """Text shown as written in markdown: a name's * _ [ ] < > are not formatting."""
    for ch in "\\`*_[]<>#|$~":
        text = text.replace(ch, "\\" + ch)
    return text


def region_trend(atlas: Atlas, values: pd.DataFrame, adcode: str, indicator: str, level: str, tr: Translator) -> None:
    """One region's values of the map's indicator over the years known, with its target and the target year."""
    boundaries = atlas.boundaries[level]
    if adcode not in boundaries.index:
        return
    ind = atlas.catalog.get(indicator)
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    at_level = level_values(mine, atlas.regions, atlas.catalog, level)
    mine = at_level.loc[(at_level["adcode"].astype(str) == adcode) & at_level["value"].notna()]
    series = mine.groupby("year")["value"].last().sort_index()  # a later row wins for a repeated year
    if not len(series):
        return
    if len(series) == 1:
        st.caption(tr.t("panel_trend_one", indicator=ind.name(tr.lang), year=int(series.index[0])))
        return
    name = str(boundaries.at[adcode, "name_en" if tr.lang == "en" else "name_zh"])
    data = pd.DataFrame({"name": name, "year": series.index.astype(int), "value": series.to_numpy(dtype=float)})
    own = mine["target"].dropna() if "target" in mine.columns else pd.Series(dtype=float)
    target = float(own.iloc[-1]) if len(own) else ind.plan_target_at(level)
    unit = ind.unit_for(tr.lang)
    text = ChartText(
        value=ind.name(tr.lang) + (f" ({unit})" if unit else ""),
        region=tr.t("col_region"),
        year=tr.t("chart_year"),
        target=tr.t("col_target"),
        target_year=tr.t("chart_target_year"),
    )
    with st.container(key=TREND_KEY):
        st.markdown(f"**{tr.t('panel_trend', indicator=ind.name(tr.lang))}**")
        st.altair_chart(trend(data, target, ind.target_year, text=text), width="stretch")
