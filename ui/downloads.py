"""Downloads of the layer on screen, one per export format (layers.formats); a download never reruns the page.

A view of everyone's data (built-in and published) downloads by a link to the server's export route
(ui/export_route.py), so the file is made on request and any replica can answer it. A view with this session's own
values (an upload, a steward's drafts) downloads by Streamlit's buttons, whose file is made in this session on a
click: those values live in the session only."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from urllib.parse import quote

import pandas as pd
import streamlit as st
from streamlit import config

from geo.atlas import Atlas
from geo.catalog import Indicator
from geo.export import public_link, to_csv, with_link
from geo.i18n import Translator
from geo.months import months_table
from geo.settings import Settings
from geo.summary import province_card
from geo.view import judged_at, view_metadata
from layers.formats import FORMATS, Export, export_bytes, formats_for
from layers.options import MapOptions
from ui.sidebar import Choice
from ui.signed_link import sign
from ui.urlstate import share_query


def file_stem(choice: Choice) -> str:
    """File names carry indicator, year and level."""
    return f"ganpo_{choice.indicator}_{choice.year}_{choice.level}"


def view_export(
    atlas: Atlas,
    display: Atlas,
    user: pd.DataFrame | None,
    choice: Choice,
    tr: Translator,
    version: int = 0,
    public_url: str = "",
) -> Export:
    """What the files of a view are made of: full-resolution geometry, its provenance and link, the display
    geometry and colouring for the figure and the briefing."""
    ind = atlas.catalog.get(choice.indicator)
    query = share_query(choice.indicator, choice.year, choice.level, choice.lang, choice.mode, choice.scheme, version)
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
        file_stem(choice),
        ind=ind,
        lang=choice.lang,
        shown=shown,
        context=display.boundaries.get("city"),
        options=options,
        province=province_card(values, atlas.regions, atlas.catalog, ind, choice.year),
        judged=judged,
    )


def view_months(atlas: Atlas, user: pd.DataFrame | None, ind: Indicator) -> pd.DataFrame:
    """The monthly (and quarterly) values of the view's indicator, as its monthly download writes them."""
    return months_table(atlas.sub_year_values(user), atlas.regions, ind.id, ind.unit_for("zh"))


def link_secret(settings: Settings) -> str | None:
    """The secret that signs download links when the service asks for sign-in (Streamlit's cookie secret, which
    every replica of a cluster shares); None when links need no signature."""
    return str(config.get_option("server.cookieSecret")) if settings.require_signin else None


def export_href(name: str, choice: Choice, version: int, secret: str | None = None) -> str:
    """The export route's address of a view's file, relative to the page (signed when the service asks for
    sign-in: `secret` is the replicas' shared cookie secret)."""
    query = share_query(choice.indicator, choice.year, choice.level, choice.lang, choice.mode, choice.scheme, version)
    query = query.lstrip("?")
    if secret is not None:
        query = sign(f"{name}?{query}", secret).split("?", 1)[1]
    return f"export/{quote(name)}?{query}"


def downloads(
    atlas: Atlas,
    display: Atlas,
    user: pd.DataFrame | None,
    choice: Choice,
    tr: Translator,
    months: pd.DataFrame,
    version: int = 0,
    public_url: str = "",
    secret: str | None = None,
) -> None:
    """A download per format for the current view (full-resolution geometry in the data files), and its `months`
    (view_months) when it has any; links in the files are absolute under `public_url` (GANPO_PUBLIC_URL) when set."""
    ind = atlas.catalog.get(choice.indicator)
    query = share_query(choice.indicator, choice.year, choice.level, choice.lang, choice.mode, choice.scheme, version)
    stem = file_stem(choice)
    st.markdown(f"**{tr.t('download_title')}**")
    if user is None:
        # Links styled as the buttons (ui/theme.py); `download` keeps the page where it is.
        anchors = "".join(
            f'<a class="gp-download" href="{html.escape(export_href(name, choice, version, secret))}" '
            f'download="{stem}.{FORMATS[name].ext}">{html.escape(tr.t(f"download_{name}"))}</a>'
            for name in formats_for("indicator")
        )
        st.html(f'<nav class="gp-downloads" aria-label="{html.escape(tr.t("download_title"))}">{anchors}</nav>')
    # One horizontal row, not one column per button: fewer elements for the browser to redraw on every rerun.
    row = st.container(horizontal=True)
    if user is not None:

        def made(name: str) -> Callable[[], bytes]:
            return lambda: export_bytes(name, view_export(atlas, display, user, choice, tr, version, public_url))

        for name in formats_for("indicator"):
            fmt = FORMATS[name]
            row.download_button(
                tr.t(f"download_{name}"),
                made(name),
                file_name=f"{stem}.{fmt.ext}",
                mime=fmt.mime,
                on_click="ignore",
                key=f"dl_{name}",
            )
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
