"""The compare tab: summary cards, region selection (list, groups, search, map clicks), side-by-side table with
downloads, and charts. The selection lives in st.session_state["compare"] and in the link as ?compare=360702,360703."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import pandas as pd
import streamlit as st

from geo import compare as cmp
from geo.aggregation import root_code
from geo.catalog import Indicator
from geo.export import csv_bundle, readable, to_xlsx, with_link
from geo.i18n import Translator
from geo.rules import RULES
from layers.charts import ChartText, bars, ranking, small_multiples, trend
from layers.highlight import highlight_layer
from layers.palette import STATUS_STYLES
from layers.tooltip import fmt_number
from ui.context import PageContext
from ui.resources import per_choice

T = TypeVar("T")
KEY = "compare"  # session-state key of the selection and name of the URL parameter


# ---------------------------------------------------------------------------------------------- state


def known_codes(ctx: PageContext) -> list[str]:
    """City and county adcodes that can be compared, in regions order."""
    r = ctx.full.regions
    return [str(c) for c, lv in zip(r["adcode"], r["level"]) if lv in ("city", "county")]


def _link_codes(ctx: PageContext) -> tuple[list[str], list[str]]:
    return cmp.parse_codes(st.query_params.get(KEY, ""), known_codes(ctx))


def selected_adcodes(ctx: PageContext) -> list[str]:
    """The regions in the comparison: this session's selection, or the link's before the tab has been drawn."""
    if KEY in st.session_state:
        return [str(c) for c in st.session_state[KEY]]
    return _link_codes(ctx)[0]


def _add(codes: list[str]) -> None:
    current = [str(c) for c in st.session_state.get(KEY, [])]
    st.session_state[KEY] = current + [c for c in codes if c not in current]


def _clear() -> None:
    st.session_state[KEY] = []


def _sync_link(codes: list[str]) -> None:
    """Write the selection to the link (?compare=a,b) so a shared link reproduces it; drop the parameter when empty."""
    text = ",".join(codes)
    if text and st.query_params.get(KEY) != text:
        st.query_params[KEY] = text
    elif not text and KEY in st.query_params:
        del st.query_params[KEY]


# ---------------------------------------------------------------------------------------------- map hooks


def highlight(ctx: PageContext):
    """The outline of the compared regions for the map tab (a layer, or None when nothing is compared)."""
    codes = selected_adcodes(ctx)
    if not codes:
        return None
    b = ctx.display.boundaries
    both = pd.concat([b["county"][["geometry"]], b["city"][["geometry"]]])
    datum = ctx.settings.basemap_datum if ctx.settings.basemap_url else "wgs84"
    return highlight_layer(both, codes, ctx.tr.t("compare_layer"), datum)


def add_button(adcode: str, ctx: PageContext) -> None:
    """A button under the region panel that puts the clicked region into the comparison."""
    chosen = selected_adcodes(ctx)
    if adcode in chosen:
        st.caption(f"✓ {ctx.tr.t('compare_in')}")
    else:
        # From the selection as it stands, the link's included (the tab may not have been opened yet), and
        # into the link at once: the map outlines the compared regions, so the link must name them.
        st.button(ctx.tr.t("compare_add"), key="compare_add_clicked", on_click=_choose, args=(chosen + [adcode],))


def _choose(codes: list[str]) -> None:
    st.session_state[KEY] = codes
    _sync_link(codes)


# ---------------------------------------------------------------------------------------------- the tab


def _levels(ctx: PageContext) -> pd.DataFrame:
    """The values at all levels (read-only): once per atlas for the built-in data, shared by sessions; with a
    user's table, once per table in that session only (ui.resources.per_choice): an upload never enters a cache
    that other sessions read."""
    full = ctx.full
    return per_choice(
        ("compare_levels", repr(ctx.settings), ctx.version),
        lambda: cmp.all_levels(full.values(ctx.user), full.regions, full.catalog),
        ctx.user,
    )


def _kept(ctx: PageContext, name: str, build: Callable[[], T], *args: object) -> T:
    """`build()` once per data version and arguments (read-only): a comparison's tables and charts' data cost
    0.1-0.4 s a run; shared for everyone's data, in the session for a user's own (ui.resources.per_choice)."""
    return per_choice(("compare", name, repr(ctx.settings), ctx.version, *args), build, ctx.user)


def _assessed(ctx: PageContext, levels: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """Every region's assessment in `year` for each indicator, once per data version and year: a new selection's
    table then only selects its rows (0.2 s once, instead of each time)."""
    full = ctx.full
    return _kept(ctx, "assessed", lambda: cmp.assessments(levels, full.regions, full.catalog, year), year)


def _chip(status: object) -> str:
    s = str(status) if pd.notna(status) else "no_data"
    return STATUS_STYLES[s].symbol if s in STATUS_STYLES else "?"


def render(ctx: PageContext) -> None:
    """Draw the tab."""
    full, tr = ctx.full, ctx.tr
    regions = full.regions
    names = regions.assign(adcode=regions["adcode"].astype(str)).set_index("adcode")
    known = known_codes(ctx)
    name_col = "name_zh" if tr.lang == "zh" else "name_en"

    if KEY not in st.session_state:
        codes, bad = _link_codes(ctx)
        st.session_state[KEY] = codes
        if bad:
            st.warning(tr.t("compare_bad_link", codes=", ".join(bad)))
    levels = _levels(ctx)

    _summary(ctx, levels, name_col)
    st.divider()

    def label(code: str) -> str:
        city = names.at[code, "city_zh"] if names.at[code, "level"] == "county" else ""
        return f"{names.at[code, name_col]}" + (f" · {city}" if city and tr.lang == "zh" else "")

    selected = st.multiselect(
        tr.t("compare_pick"),
        known,
        key=KEY,
        format_func=label,
        help=tr.t("compare_pick_help"),
        placeholder=tr.t("widget_choose"),
        select_all=False,  # Streamlit's "Select all" cannot be translated; a group is added by the buttons below
    )
    _sync_link(selected)
    _group_controls(ctx, levels, names, name_col, known)
    if not selected:
        st.info(tr.t("compare_empty"))
    else:
        _table(ctx, levels, selected, name_col)
    _charts(ctx, levels, selected, name_col)


def _summary(ctx: PageContext, levels: pd.DataFrame, name_col: str) -> None:
    """Cards: counties meeting each target; best and worst five and biggest movers for the chosen indicator."""
    tr, full, year = ctx.tr, ctx.full, ctx.choice.year
    assessed = _assessed(ctx, levels, year)
    counts = _kept(ctx, "counts", lambda: cmp.target_counts(levels, full.regions, full.catalog, year, assessed), year)
    st.markdown(f"**{tr.t('compare_counts_title', year=year)}**")
    cols = st.columns(4)
    for i, row in enumerate(counts.itertuples(index=False)):
        # No county with a value is "no data", not "0 of 100 met" (which reads as all failing).
        shown = tr.t("compare_counts_none") if row.no_data == row.counties else f"{row.met} / {row.counties}"
        cols[i % 4].metric(
            row.indicator_zh if tr.lang == "zh" else row.indicator_en,
            shown,
            help=tr.t("compare_counts_help", near=row.near, not_met=row.not_met, no_data=row.no_data, n=row.counties),
            border=True,
        )
    ind = full.catalog.get(ctx.choice.indicator)
    if ind.level != "county" or RULES[ind.rule].better is None:
        return
    ranked = _kept(ctx, "ranking", lambda: cmp.ranking(levels, full.regions, full.catalog, ind.id, year), ind.id, year)
    best, worst = cmp.best_worst(ranked)
    moved = _kept(ctx, "movers", lambda: cmp.movers(levels, full.regions, full.catalog, ind.id, year), ind.id, year)
    unit = ind.unit_for(tr.lang)
    c1, c2, c3, c4 = st.columns(4)
    c1.markdown(f"**{tr.t('compare_best')}**\n\n" + _listing(best, name_col, "value", unit, digits=ind.decimals))
    c2.markdown(f"**{tr.t('compare_worst')}**\n\n" + _listing(worst, name_col, "value", unit, digits=ind.decimals))
    if len(moved):
        since = int(moved["base_year"].iloc[0])
        up = moved.head(5)
        down = moved.iloc[::-1].head(5)
        c3.markdown(
            f"**{tr.t('compare_movers_up', year=since)}**\n\n"
            + _listing(up, name_col, "change", unit, True, ind.decimals)
        )
        c4.markdown(
            f"**{tr.t('compare_movers_down', year=since)}**\n\n"
            + _listing(down, name_col, "change", unit, True, ind.decimals)
        )


def _listing(frame: pd.DataFrame, name_col: str, col: str, unit: str, signed: bool = False, digits: int = 2) -> str:
    """Numbered lines '1. 石城县 — 87.2 %', values to the indicator's decimals (as the map's ranking shows them)."""
    lines = []
    for i, row in enumerate(frame.itertuples(index=False), 1):
        v = getattr(row, col)
        shown = f"{v:+.{digits}f}" if signed else fmt_number(v, digits)
        lines.append(f"{i}. {getattr(row, name_col)} — {shown} {unit}")
    return "\n".join(lines) or "—"


def _group_controls(
    ctx: PageContext, levels: pd.DataFrame, names: pd.DataFrame, name_col: str, known: list[str]
) -> None:
    """Add a city's counties or the counties missing the chosen target; search by name, pinyin or code."""
    tr, full, choice = ctx.tr, ctx.full, ctx.choice
    root = root_code(full.regions)
    city_codes = [root, *cmp.cities(full.regions)]
    c1, c2, c3, c4 = st.columns([2, 2, 3, 1], vertical_alignment="bottom")
    city = c1.selectbox(
        tr.t("compare_city"), city_codes, key="compare_city", format_func=lambda c: names.at[c, name_col]
    )
    scope = None if city == root else city
    members = cmp.counties_of(full.regions, city) if scope else [c for c in known if names.at[c, "level"] == "county"]
    c2.button(tr.t("compare_add_city"), key="compare_add_city", on_click=_add, args=(members,))
    ind = full.catalog.get(choice.indicator)
    if ind.level == "county":
        missing = cmp.not_meeting(levels, full.regions, full.catalog, ind.id, choice.year, scope)
        c3.button(
            # The count first, where a narrow column still shows it; near counties are in it, unlike the legend's 未达标.
            tr.t("compare_add_missing", n=len(missing)),
            help=tr.t("compare_add_missing_help", indicator=ind.name(tr.lang), year=choice.year),
            key="compare_add_missing",
            on_click=_add,
            args=(missing,),
            disabled=not missing,
        )
    c4.button(tr.t("compare_clear"), key="compare_clear", on_click=_clear)
    text = st.text_input(tr.t("compare_search"), key="compare_search")
    if text.strip():
        hits = cmp.search(full.regions, text, full.region_index, limit=8)
        if not hits:
            st.caption(tr.t("compare_search_none", text=text.strip()))
        for col, code in zip(st.columns(max(len(hits), 1)), hits):
            col.button(f"＋ {names.at[code, name_col]}", key=f"compare_hit_{code}", on_click=_add, args=([code],))


def _table(ctx: PageContext, levels: pd.DataFrame, selected: list[str], name_col: str) -> None:
    """Side-by-side table for the chosen indicator (chips, gap) and for all indicators; CSV and XLSX downloads."""
    tr, full, choice = ctx.tr, ctx.full, ctx.choice
    table = _kept(
        ctx,
        "table",
        lambda: cmp.comparison(
            levels, full.regions, full.catalog, selected, choice.year, assessed=_assessed(ctx, levels, choice.year)
        ),
        tuple(selected),
        choice.year,
    )
    ind = full.catalog.get(choice.indicator)
    st.markdown(f"**{tr.t('compare_table_title', year=choice.year)} · {ind.name(tr.lang)}**")
    mine = table.loc[table["indicator"] == ind.id]
    if len(mine):
        unit = ind.unit_for(tr.lang)
        st.dataframe(
            pd.DataFrame(
                {
                    tr.t("col_region"): mine[name_col].to_numpy(),
                    tr.t("col_role"): [tr.t(f"compare_role_{r}") for r in mine["role"]],
                    tr.t("col_value"): [
                        fmt_number(v, ind.decimals) + (f" {unit}" if pd.notna(v) else "") for v in mine["value"]
                    ],
                    tr.t("col_target"): [fmt_number(v, ind.decimals) for v in mine["target"]],
                    tr.t("col_status"): [f"{_chip(s)} {tr.t(f'status_{s}')}" for s in mine["status"]],
                    tr.t("col_gap"): [fmt_number(v, ind.decimals) for v in mine["gap"]],
                    tr.t("col_provenance"): [tr.t(f"prov_{p}") if pd.notna(p) else "—" for p in mine["provenance"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    st.markdown(f"**{tr.t('compare_all_title', year=choice.year)}**")
    grid = _grid(table, tr, name_col)
    st.dataframe(grid, width="stretch")
    _downloads(ctx, table, grid, selected)


def _grid(table: pd.DataFrame, tr: Translator, name_col: str) -> pd.DataFrame:
    """The side-by-side grid as on screen: a row per region (named), a column per indicator, value and symbol."""
    ind_col = "indicator_zh" if tr.lang == "zh" else "indicator_en"
    cells = table.assign(
        cell=[("—" if pd.isna(v) else f"{fmt_number(v)} {_chip(s)}") for v, s in zip(table["value"], table["status"])]
    )
    grid = cells.pivot_table(index="adcode", columns=ind_col, values="cell", aggfunc="first", sort=False)
    order = list(dict.fromkeys(table["adcode"]))
    first = table.drop_duplicates("adcode").set_index("adcode")
    grid = grid.reindex(index=order, columns=list(dict.fromkeys(table[ind_col]))).fillna("—")
    grid.insert(0, tr.t("col_role"), [tr.t(f"compare_role_{r}") for r in first.loc[order, "role"]])
    grid.index = first.loc[order, name_col].to_numpy()
    grid.index.name = tr.t("col_region")
    grid.columns.name = None
    return grid


def _downloads(ctx: PageContext, table: pd.DataFrame, grid: pd.DataFrame, selected: list[str]) -> None:
    """CSV: the long table (one row per region and indicator, status words beside the codes) zipped with its
    _metadata.txt; XLSX: the grid as on screen, headers in the page's language, and the metadata sheet."""
    choice, tr = ctx.choice, ctx.tr
    meta: dict[str, object] = {
        "title": f"{tr.t('app_title')} · {tr.t('tab_compare')}",
        "year": choice.year,
        "regions": ",".join(selected),
        "downloaded": date.today().isoformat(),
    }
    meta = with_link(meta, f"?tab=compare&compare={','.join(selected)}", ctx.settings.public_url, tr)
    if (table["provenance"].astype(str) == "demo").any():
        meta["warning"] = "Contains demo values: NOT official figures (provenance=demo) / 含演示数据，非官方数据"
    stem = f"ganpo_compare_{choice.year}"
    catalog = {i.id: i for i in ctx.full.catalog.indicators}
    c1, c2 = st.columns(2)
    c1.download_button(
        tr.t("compare_download_csv"),
        lambda: csv_bundle(readable(table, catalog, tr), meta, stem, tr),
        file_name=f"{stem}.zip",
        mime="application/zip",
        on_click="ignore",
        key="compare_dl_csv",
    )
    c2.download_button(
        tr.t("compare_download_xlsx"),
        lambda: to_xlsx(grid.reset_index(), meta, sheet=tr.t("tab_compare"), lang=tr.lang),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="compare_dl_xlsx",
    )


def _chart_text(tr: Translator, ind: Indicator) -> ChartText:
    unit = ind.unit_for(tr.lang)
    return ChartText(
        value=f"{ind.name(tr.lang)}" + (f" ({unit})" if unit else ""),
        region=tr.t("col_region"),
        year=tr.t("chart_year"),
        status=tr.t("col_status"),
        target=tr.t("col_target"),
        target_year=tr.t("chart_target_year"),
        pace=tr.t("chart_pace"),
        rank=tr.t("col_rank"),
        indicator=tr.t("col_indicator"),
        statuses={s: tr.t(f"status_{s}") for s in STATUS_STYLES},
    )


def _charts(ctx: PageContext, levels: pd.DataFrame, selected: list[str], name_col: str) -> None:
    """Bars against the target, the ranking of all counties, lines over the years with pace, small multiples."""
    tr, full, choice = ctx.tr, ctx.full, ctx.choice
    ind = full.catalog.get(choice.indicator)
    if ind.level != "county":
        return
    text = _chart_text(tr, ind)
    better = RULES[ind.rule].better
    target = ind.target if better is not None else None
    if selected:
        table = _kept(
            ctx,
            "table",
            lambda: cmp.comparison(
                levels, full.regions, full.catalog, selected, choice.year, [ind.id], _assessed(ctx, levels, choice.year)
            ),
            tuple(selected),
            choice.year,
            ind.id,
        )
        st.markdown(f"**{tr.t('compare_chart_bars')}**")
        st.altair_chart(bars(table.rename(columns={name_col: "name"}), target, text), width="stretch")
        refs = [c for _, c in cmp.reference_codes(full.regions, selected)]
        data = _kept(ctx, "series", lambda: cmp.series(levels, full.regions, ind.id, refs), ind.id, tuple(refs))
        data = data.rename(columns={name_col: "name"})
        lines = cmp.pace_lines(data, target, ind.target_year, better, name="name")
        st.markdown(f"**{tr.t('compare_chart_trend')}**")
        if len(data):
            st.altair_chart(trend(data, target, ind.target_year, lines, text), width="stretch")
        _pace_notes(ctx, data, ind, target, better, selected)
    st.markdown(f"**{tr.t('compare_chart_ranking', year=choice.year)}**")
    if target is None:
        st.caption(tr.t("compare_no_target"))
    ranked = _kept(
        ctx,
        "ranking",
        lambda: cmp.ranking(levels, full.regions, full.catalog, ind.id, choice.year),
        ind.id,
        choice.year,
    ).rename(columns={name_col: "name"})
    st.altair_chart(ranking(ranked, target, selected, text), width="stretch")
    if selected:
        _multiples(ctx, levels, selected, name_col)


def _pace_notes(
    ctx: PageContext, data: pd.DataFrame, ind: Indicator, target: float | None, better: str | None, selected: list[str]
) -> None:
    if target is None or better is None:
        return
    unit = ind.unit_for(ctx.tr.lang)
    for code in selected:
        part = data.loc[data["adcode"] == code]
        p = cmp.pace(dict(zip(part["year"], part["value"])), target, ind.target_year, better) if len(part) else None
        if p is None or p.met:
            continue
        name = str(part["name"].iloc[0])
        if p.needed_per_year is None:
            st.caption(ctx.tr.t("compare_pace_missed", name=name))
        else:
            observed = "—" if p.observed_per_year is None else f"{p.observed_per_year:+.2f}"
            st.caption(
                ("⚠️ " if p.on_track is False else "")
                + ctx.tr.t(
                    "compare_pace_needed",
                    name=name,
                    needed=f"{p.needed_per_year:+.2f}",
                    unit=unit,
                    target_year=p.target_year,
                    observed=observed,
                )
            )


def _multiples(ctx: PageContext, levels: pd.DataFrame, selected: list[str], name_col: str) -> None:
    tr, full = ctx.tr, ctx.full
    names = full.regions.assign(adcode=full.regions["adcode"].astype(str)).set_index("adcode")
    st.markdown(f"**{tr.t('compare_chart_multiples')}**")
    focus = st.selectbox(
        tr.t("compare_focus"), selected, key="compare_focus", format_func=lambda c: names.at[c, name_col]
    )
    parts = []
    for ind in cmp.scored(full.catalog):
        s = cmp.series(levels, full.regions, ind.id, [focus])
        if len(s):
            parts.append(s.assign(indicator=ind.name(tr.lang), target=ind.target))
    if parts:
        st.altair_chart(
            small_multiples(
                pd.concat(parts, ignore_index=True), _chart_text(tr, full.catalog.get(ctx.choice.indicator))
            ),
            width="content",
        )
