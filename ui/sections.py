"""The sections tab: water-quality monitoring sections on a map, filtered, summed up by county and basin, exported.

A user's own sections table is validated with geo.sections.import_sections and kept in st.session_state only:
it replaces the built-in (demo) sections for this session, never for anyone else.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.errors import AtlasError
from geo.export import to_geojson
from geo.i18n import Translator
from geo.messages import error_text
from geo.names import place_name
from geo.sections import SectionsImport, basin_summary, import_sections, sections_layer
from geo.sources import BUILTIN_SECTIONS, uploaded_source
from geo.spreadsheet import neutralise
from layers.mapview import MapOptions
from layers.script import map_script
from layers.sections import sections_map
from ui.context import PageContext
from ui.leafletmap import leaflet_map
from ui.mapcontext import map_places

STATE_KEY = "sections_import"  # SectionsImport, or the message of a file that could not be read
ROUND_KEY = "sections_upload_round"  # bumped by "remove": a new uploader key empties the uploader
MAP_KEY = "sections_map"  # its own component key; no clicks come back, so nothing on it reruns the page
UNKNOWN_LEVEL = "unknown"
LEVELS = ("national", "provincial", UNKNOWN_LEVEL)


def render(ctx: PageContext) -> None:
    """Draw the tab: upload, period and filters, figures, map, tables by county and basin, download."""
    tr = ctx.tr
    st.caption(tr.t("sec_intro"))
    sections, source = _sections(ctx)
    if not len(sections):
        st.info(tr.t("sec_no_sections"))
        return
    year, month, rivers, levels = _choices(sections, source, ctx.choice.year, tr)
    chosen = filter_sections(sections, rivers, levels)
    layer = sections_layer(chosen, year, month, lang=tr.lang)
    if layer.empty:
        st.info(tr.t("sec_none"))
        return
    if (layer["provenance"] == "demo").any():
        st.warning(tr.t("sec_demo"))
    period = _period(chosen, year, month)
    basins = basin_summary(period, year, total=tr.t("sec_total"))
    _metrics(basins.iloc[-1], tr)
    when = f"{year}" if month is None else f"{year}-{month:02d}"
    water = map_places(ctx.settings, "county", MapOptions(lang=tr.lang)).lakes  # the sections are drawn over them
    fmap = sections_map(layer, tr, tr.t("sec_title", when=when), ctx.display.boundaries["county"], water=water)
    leaflet_map(map_script(fmap, prefix="gps"), key=MAP_KEY, height=640, failed=tr.t("map_failed"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr.t('sec_table_county')}**")
        st.dataframe(
            _shown(county_summary(period, year, ctx.full.regions, tr.lang), "county", tr),
            hide_index=True,
            key="sec_table_county",
        )
    with right:
        st.markdown(f"**{tr.t('sec_table_basin')}**")
        st.dataframe(_shown(basins, "basin", tr), hide_index=True, key="sec_table_basin")
    meta = layer_metadata(layer, year, month, rivers, levels, source)
    st.download_button(
        tr.t("sec_download"),
        to_geojson(layer, meta).encode("utf-8"),
        file_name=f"ganpo_sections_{when}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="sec_download",
    )


# ------------------------------------------------------------------------------------------- pure parts


def filter_sections(sections: gpd.GeoDataFrame, rivers: list[str], levels: list[str]) -> gpd.GeoDataFrame:
    """Rows on the chosen rivers and control levels; an empty choice means all."""
    keep = pd.Series(True, index=sections.index)
    if rivers:
        keep &= sections["river"].isin(rivers).fillna(False).astype(bool)
    if levels:
        level = sections["control_level"].astype(object).where(sections["control_level"].notna(), UNKNOWN_LEVEL)
        keep &= level.isin(levels)
    return sections[keep]


def county_summary(period: gpd.GeoDataFrame, year: int, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per county: sections, measured, meeting (n, %), at Class I-III (n, %), provenance; county named in `lang`."""
    # basin_summary groups by the `basin` column; grouping by county is the same computation on the adcode.
    table = basin_summary(period.assign(basin=period["adcode"]), year, total=None).rename(columns={"basin": "adcode"})
    names = regions.set_index(regions["adcode"].astype(str))["name_zh" if lang == "zh" else "name_en"]
    table.insert(1, "county", [names.get(str(a), str(a)) for a in table["adcode"]])
    return table.sort_values("adcode").reset_index(drop=True)


def layer_metadata(
    layer: gpd.GeoDataFrame, year: int, month: int | None, rivers: list[str], levels: list[str], source: str
) -> dict[str, Any]:
    """Provenance of a downloaded sections layer: period, filters, source table, counts by provenance, demo warning."""
    prov = layer["provenance"].dropna().astype(str).value_counts().to_dict()
    meta: dict[str, Any] = {
        "title": f"Water monitoring sections {year}" + (f"-{month:02d}" if month else ""),
        "data_year": year,
        "month": month,
        "sections_table": source,
        "filter_rivers": ", ".join(rivers) or "all",
        "filter_control_levels": ", ".join(levels) or "all",
        "provenance_counts": ", ".join(f"{k}={v}" for k, v in sorted(prov.items())),
        "exported": date.today().isoformat(),
        "generator": "Ganpo Eco Atlas (赣鄱生态指标地图)",
    }
    if prov.get("demo"):
        meta["warning"] = "Contains demo positions/classes, NOT official (provenance=demo) / 含演示数据，非官方数据"
    return meta


def _period(sections: gpd.GeoDataFrame, year: int, month: int | None) -> gpd.GeoDataFrame:
    # For one month keep only that month's rows: section_attainment then reads each section's class from it.
    if month is None:
        return sections
    return sections[(sections["year"] == year) & (sections["month"] == month)]


# ------------------------------------------------------------------------------------------- widgets


def offered_years(full: Atlas) -> list[int]:
    """The years the sections on screen have (this session's upload, else the built-in ones), newest first: the
    page's year control offers these on the sections tab."""
    result = st.session_state.get(STATE_KEY)
    sections = result.sections if isinstance(result, SectionsImport) and len(result.sections) else full.sections
    if sections is None or not len(sections):
        return []
    return sorted({int(y) for y in sections["year"].dropna()}, reverse=True)


def _choices(
    sections: gpd.GeoDataFrame, source: str, page_year: int, tr: Translator
) -> tuple[int, int | None, list[str], list[str]]:
    years = sorted({int(y) for y in sections["year"].dropna()}, reverse=True)
    # Widget keys carry the data source, so a new upload starts with fresh options instead of stale ones.
    tag = zlib.crc32(f"{source}|{st.session_state.get('sections_upload_id', '')}".encode())
    # The page's year (the sidebar's, shared by every tab and the link); a table uploaded in this run may lack it.
    year = page_year if page_year in years else years[0]
    if year != page_year:
        st.info(tr.t("sec_year_none", year=page_year, shown=year, years=", ".join(map(str, years))))
    cols = st.columns([1, 3, 2])
    months = sorted({int(m) for m in sections.loc[sections["year"] == year, "month"].dropna()})
    month = None
    if months:
        month = cols[0].selectbox(
            tr.t("sec_month"),
            [None, *months],
            key=f"sec_month_{tag}_{year}",
            format_func=lambda m: tr.t("sec_month_all") if m is None else tr.t("sec_month_n", m=m),
        )
    rivers = sorted(str(r) for r in sections["river"].dropna().unique())
    chosen_rivers = cols[1].multiselect(
        tr.t("sec_filter_river"),
        rivers,
        key=f"sec_rivers_{tag}",
        format_func=lambda r: place_name(r, tr.lang),
        placeholder=tr.t("widget_choose"),
        select_all=False,  # Streamlit's "Select all" is English only; none chosen already means all
    )
    present = set(sections["control_level"].dropna().astype(str))
    if sections["control_level"].isna().any():
        present.add(UNKNOWN_LEVEL)
    chosen_levels = cols[2].multiselect(
        tr.t("sec_filter_level"),
        [lv for lv in LEVELS if lv in present],
        key=f"sec_levels_{tag}",
        format_func=lambda lv: tr.t(f"sec_level_{lv}"),
        placeholder=tr.t("widget_choose"),
        select_all=False,  # Streamlit's "Select all" is English only; none chosen already means all
    )
    return year, month, list(chosen_rivers), list(chosen_levels)


def _metrics(total: pd.Series, tr: Translator) -> None:
    cols = st.columns(3)
    cols[0].metric(tr.t("sec_metric_sections"), int(total["sections"]))
    cols[1].metric(
        tr.t("sec_metric_meeting"),
        _pct(total["meeting_pct"]),
        help=f"{int(total['meeting'])} / {int(total['measured'])}",
    )
    cols[2].metric(
        tr.t("sec_metric_good"),
        _pct(total["class_i_iii_pct"]),
        help=f"{int(total['class_i_iii'])} / {int(total['measured'])}",
    )


def _pct(v: Any) -> str:
    return "—" if v is None or pd.isna(v) else f"{float(v):.1f} %"


def _shown(table: pd.DataFrame, kind: str, tr: Translator) -> pd.DataFrame:
    """A summary table with translated headings and provenance words."""
    out = table.drop(columns=["adcode"], errors="ignore").copy()
    if "basin" in out.columns:
        out["basin"] = [place_name(b, tr.lang) for b in out["basin"]]
    out["provenance"] = [
        tr.t(f"prov_{p}") if p in ("official", "derived", "user", "demo") else p for p in out["provenance"]
    ]
    for col in ("meeting_pct", "class_i_iii_pct"):
        out[col] = out[col].astype("Float64").round(1)
    return out.rename(
        columns={
            "county": tr.t("sec_col_county"),
            "basin": tr.t("sec_col_basin"),
            "sections": tr.t("sec_col_sections"),
            "measured": tr.t("sec_col_measured"),
            "meeting": tr.t("sec_col_meeting"),
            "meeting_pct": tr.t("sec_col_meeting_pct"),
            "class_i_iii": tr.t("sec_col_good"),
            "class_i_iii_pct": tr.t("sec_col_good_pct"),
            "provenance": tr.t("tip_provenance"),
        }
    )


def _sections(ctx: PageContext) -> tuple[gpd.GeoDataFrame, str]:
    """The sections to show (this session's upload, else the built-in ones) and a name for where they came from."""
    tr = ctx.tr
    builtin = (ctx.full.sections, BUILTIN_SECTIONS)
    box = st.expander(tr.t("sec_upload"), expanded=STATE_KEY in st.session_state)
    upload_key = f"sections_upload_{st.session_state.get(ROUND_KEY, 0)}"
    uploaded = box.file_uploader(
        tr.t("sec_upload"),
        type=["csv", "xlsx", "geojson", "json", "gpkg", "zip"],
        help=tr.t("sec_upload_help"),
        key=upload_key,
        label_visibility="collapsed",
    )
    if uploaded is not None and st.session_state.get("sections_upload_id") != uploaded.file_id:
        st.session_state["sections_upload_id"] = uploaded.file_id
        try:
            st.session_state[STATE_KEY] = import_sections(
                uploaded.getvalue(), uploaded.name, ctx.full.boundaries["county"], ctx.settings
            )
        except AtlasError as exc:
            error = error_text(exc, tr.lang)  # in the page's language, as the indicator upload says it
            st.session_state[STATE_KEY] = tr.t("sec_upload_failed", name=uploaded.name, error=error)
    result: SectionsImport | str | None = st.session_state.get(STATE_KEY)
    if result is None:
        return builtin
    if isinstance(result, str):
        box.error(result)
    else:
        _report(box, result, tr)
    if box.button(tr.t("sec_upload_clear"), key="sections_upload_clear"):
        st.session_state.pop(STATE_KEY, None)
        st.session_state.pop("sections_upload_id", None)
        st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
        st.rerun()
    if isinstance(result, str):
        return builtin
    if not len(result.sections):
        st.warning(tr.t("sec_upload_empty", name=result.name))
        return builtin
    st.info(tr.t("sec_upload_using", name=result.name))
    return result.sections, uploaded_source(result.name)


def _report(box: Any, result: SectionsImport, tr: Translator) -> None:
    (box.success if result.ok else box.warning)(result.summary(tr.lang))
    if result.issues:
        box.markdown(f"**{tr.t('sec_upload_report')}**")
        box.text("\n".join(result.lines(tr.lang)[:200]))  # the page's language, as the indicator upload's report
    if len(result.rejected):
        box.download_button(
            tr.t("sec_upload_rejected"),
            neutralise(result.rejected).to_csv(index=False).encode("utf-8-sig"),
            file_name=f"rejected_{result.name}.csv",
            mime="text/csv",
            on_click="ignore",
            key="sections_rejected_download",
        )
