"""Downloads of the layer on screen, one button per export format (layers.formats); a download never reruns the
page."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo.atlas import Atlas
from geo.export import public_link, to_csv, with_link
from geo.i18n import Translator
from geo.months import months_table
from geo.summary import province_card
from geo.view import judged_at, view_metadata
from layers.formats import FORMATS, Export, export_bytes, formats_for
from layers.options import MapOptions
from ui.sidebar import Choice
from ui.urlstate import share_query


def file_stem(choice: Choice) -> str:
    """File names carry indicator, year and level."""
    return f"ganpo_{choice.indicator}_{choice.year}_{choice.level}"


def downloads(
    atlas: Atlas,
    display: Atlas,
    user: pd.DataFrame | None,
    choice: Choice,
    tr: Translator,
    version: int = 0,
    public_url: str = "",
) -> None:
    """A download button per format for the current view (full-resolution geometry in the data files); links in
    the files are absolute under `public_url` (GANPO_PUBLIC_URL) when it is set."""
    ind = atlas.catalog.get(choice.indicator)
    query = share_query(choice.indicator, choice.year, choice.level, choice.lang, choice.mode, choice.scheme, version)
    stem = file_stem(choice)

    # Each file is made only when its button is clicked (a callable runs on click, off the script thread).
    def export() -> Export:
        view = atlas.view(choice.indicator, choice.year, choice.level, user)
        meta = view_metadata(view, ind, choice.year, choice.level, today=date.today(), plan=atlas.catalog.plan.title)
        meta = with_link(meta, query, public_url, tr)
        shown = display.view(choice.indicator, choice.year, choice.level, user)
        # The figure and the briefing colour as the map does (by value where no target binds the regions).
        values = atlas.values(user)
        judged = judged_at(ind, choice.level, values)
        options = MapOptions(mode=choice.mode if judged else "value", scheme=choice.scheme, lang=choice.lang)
        return Export(
            view,
            {**meta, "data_version": version},
            stem,
            ind=ind,
            lang=choice.lang,
            shown=shown,
            context=display.boundaries.get("city"),
            options=options,
            province=province_card(values, atlas.regions, atlas.catalog, ind, choice.year),
            judged=judged,
        )

    st.markdown(f"**{tr.t('download_title')}**")
    # One horizontal row, not one column per button: fewer elements for the browser to redraw on every rerun.
    row = st.container(horizontal=True)
    for name in formats_for("indicator"):
        fmt = FORMATS[name]
        row.download_button(
            tr.t(f"download_{name}"),
            lambda name=name: export_bytes(name, export()),
            file_name=f"{stem}.{fmt.ext}",
            mime=fmt.mime,
            on_click="ignore",
            key=f"dl_{name}",
        )
    months = months_table(atlas.sub_year_values(user), atlas.regions, ind.id, ind.unit_for("zh"))
    if len(months):  # monthly values go out as such, with their period, never folded into the yearly layer
        row.download_button(
            tr.t("download_months"),
            to_csv(months).encode("utf-8-sig"),
            file_name=f"ganpo_{ind.id}_months.csv",
            mime="text/csv",
            on_click="ignore",
            key="dl_months",
        )
    st.caption(f"{tr.t('link_title')}: `{public_link(query, public_url)}`")
