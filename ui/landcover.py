"""The land-cover tab: county forest/wetland/water shares from a GeoTIFF, and the built-in MODIS comparison."""

from __future__ import annotations

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from geo.errors import AtlasError
from geo.i18n import Translator
from geo.landcover import indicator_id, to_values
from geo.presets import get_preset, load_mapping, load_presets
from geo.values import combine
from geo.zonal import class_fractions
from ui.context import PageContext
from ui.upload import DERIVED_KEY

RASTER_NAME = "upload.tif"  # the server picks the file name: nothing the user sends becomes a path


def render(ctx: PageContext) -> None:
    """Draw the tab."""
    tr = ctx.tr
    st.markdown(tr.t("lc_intro"))
    _builtin_comparison(ctx)
    st.divider()
    _compute(ctx)


def _builtin_comparison(ctx: PageContext) -> None:
    tr, full = ctx.tr, ctx.full
    st.subheader(tr.t("lc_builtin"))
    values = full.values(ctx.user)
    modis = values[(values["indicator"] == "landcover_forest_share") & (values["provenance"] == "derived")]
    if modis.empty:
        st.info(tr.t("lc_builtin_missing"))
        return
    forest = values[values["indicator"] == "forest_coverage"]
    latest = int(forest["year"].max())
    forest = forest[forest["year"] == latest]
    names = full.regions.set_index("adcode")["name_zh" if tr.lang == "zh" else "name_en"]
    both = (
        modis[["adcode", "value"]]
        .rename(columns={"value": "modis"})
        .merge(forest[["adcode", "value", "provenance"]].rename(columns={"value": "forest"}), on="adcode")
    )
    both["name"] = both["adcode"].map(names)
    both["provenance"] = both["provenance"].map(lambda p: tr.t(f"prov_{p}"))
    x_title = f"{full.catalog.get('forest_coverage').name(tr.lang)} {latest} (%)"
    y_title = f"{full.catalog.get('landcover_forest_share').name(tr.lang)} 2019 (%)"
    chart = (
        alt.Chart(both)
        .mark_circle(size=50, opacity=0.7)
        .encode(
            x=alt.X("forest:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("modis:Q", title=y_title, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("provenance:N", title=tr.t("tip_provenance")),
            tooltip=[
                alt.Tooltip("name:N", title=tr.t("lc_col_region")),
                alt.Tooltip("forest:Q", format=".1f", title=x_title),
                alt.Tooltip("modis:Q", format=".1f", title=y_title),
            ],
        )
        # Vega's own description of the chart is English: the chart's text alternative is the caption's words.
        .properties(description=f"{x_title} · {y_title}")
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [0, 100], "y": [0, 100]}))
        .mark_line(strokeDash=[4, 4], color="#888")
        .encode(x="x:Q", y="y:Q")
    )
    st.altair_chart(chart + diagonal, width="stretch")
    st.caption(tr.t("lc_caveat"))


def _compute(ctx: PageContext) -> None:
    tr, settings = ctx.tr, ctx.settings
    raster = st.file_uploader(tr.t("lc_upload"), type=["tif", "tiff"], key="lc_raster")
    presets = load_presets()
    preset = st.selectbox(tr.t("lc_preset"), list(presets), format_func=lambda k: presets[k].title, key="lc_preset")
    mapping = st.file_uploader(tr.t("lc_mapping"), type=["yaml", "yml", "csv"], key="lc_mapping")
    year = st.number_input(tr.t("lc_year"), min_value=1985, max_value=2035, value=2024, step=1, key="lc_year")
    if not st.button(tr.t("lc_run"), disabled=raster is None, key="lc_run"):
        return
    bar = st.progress(0.0)
    try:
        with tempfile.TemporaryDirectory(prefix="ganpo-raster-") as tmp:
            path = Path(tmp) / RASTER_NAME
            path.write_bytes(raster.getvalue())
            scheme = get_preset(preset)
            if mapping is not None:
                mapping_path = Path(tmp) / ("mapping" + Path(mapping.name).suffix.lower())
                mapping_path.write_bytes(mapping.getvalue())
                scheme = load_mapping(mapping_path)
            fractions = class_fractions(
                str(path),
                ctx.full.boundaries[ctx.full.pack.leaf],
                scheme.groups,
                settings,
                area_name=ctx.full.pack.name(ctx.tr.lang),
                nodata_classes=scheme.nodata,
                progress=lambda f, msg: bar.progress(min(max(f, 0.0), 1.0), text=msg[:80]),
            )
    except AtlasError as exc:
        bar.empty()
        st.error(f"{raster.name}: {exc}")
        return
    ids = {g: indicator_id(g) for g in scheme.groups}
    values = to_values(fractions, f"{raster.name} ({scheme.title})", int(year), ids)
    st.session_state[DERIVED_KEY] = combine(st.session_state.get(DERIVED_KEY), values)
    cat, sep = ctx.full.catalog, "、" if tr.lang == "zh" else ", "
    shown = sep.join(cat.get(i).name(tr.lang) if i in cat.ids else i for i in ids.values())
    st.success(tr.t("lc_done", n=values["adcode"].nunique(), k=len(ids), ids=shown))
    leaves = ctx.full.boundaries[ctx.full.pack.leaf]
    missing = sorted(set(leaves.index) - set(values["adcode"]))
    if missing:
        name = "name_zh" if tr.lang == "zh" else "name_en"
        named = [str(leaves.at[a, name]) if name in leaves.columns else str(a) for a in missing[:20]]
        st.warning(tr.t("lc_missing", n=len(missing), codes=sep.join(named)))
    st.dataframe(results_table(values, ctx.full, tr.lang), width="stretch", hide_index=True)
    st.download_button(
        tr.t("lc_download"),
        values.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"landcover_{int(year)}.csv",
        mime="text/csv",
        on_click="ignore",
        key="lc_dl",
    )


def results_table(values: pd.DataFrame, full, lang: str) -> pd.DataFrame:
    """The computed shares as people read them: one row per county named in `lang`, with its code, one column per
    indicator under its catalog name (an id the catalog lacks keeps its id)."""
    table = values.pivot(index="adcode", columns="indicator", values="value").round(2)
    tr = Translator(lang)
    names = full.regions.set_index(full.regions["adcode"].astype(str))["name_zh" if lang == "zh" else "name_en"]
    table.columns = [full.catalog.get(c).name(lang) if c in full.catalog.ids else str(c) for c in table.columns]
    table.insert(0, tr.t("lc_col_region"), [names.get(str(a), str(a)) for a in table.index])
    table.insert(1, tr.t("lc_col_code"), [str(a) for a in table.index])
    return table.reset_index(drop=True)
