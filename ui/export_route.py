"""GET /export/{format}?<a view's link>: the file of a view of everyone's data (the built-in data with the datasets
published at the link's data version), made by the server on request, outside any page session.

Why a route and not the page's download buttons: a button's file lives in Streamlit's media store, which forgets a
file that no session holds at the second end of any session's run after it was made; under load that came before the
browser fetched it (HTTP 404; bench/README.md, 2026-12-02). A link names its view, so any replica can answer it,
and a script or a GIS can fetch a layer by its address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from geo.atlas import Atlas
from geo.errors import AtlasError
from geo.i18n import Translator, with_overrides
from geo.settings import Settings
from geo.store import StoreUnavailable
from layers.formats import FORMATS, export_bytes, formats_for
from ui.downloads import file_stem, link_secret, view_export
from ui.resources import atlas, data_store, display_atlas
from ui.sidebar import DEFAULT_INDICATOR, Choice
from ui.signed_link import verify
from ui.urlstate import LANGS, check_query

# Files made at once by one process; the others wait their turn. A GeoJSON or a briefing holds the interpreter for
# a second or more, and the page runs of every session on the replica share it.
AT_ONCE = 2


@dataclass
class Refused(Exception):
    """A link that names no file: the HTTP status and the text, in the link's language."""

    status: int
    text: str


def export_route(settings: Settings) -> Route:
    """The route. When the service asks for sign-in, only links signed by a page are answered (ui/signed_link.py),
    with the replicas' shared secret."""
    limiter = anyio.CapacityLimiter(AT_ONCE)

    async def endpoint(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        params = dict(request.query_params)
        lang = _lang(params)
        try:
            # The secret is read when a link comes, as the page reads it: Streamlit's configuration is loaded by then.
            secret = link_secret(settings)
            if secret is not None and not verify(f"{fmt}?{request.url.query}", secret):
                raise Refused(403, Translator(lang).t("export_unsigned"))
            body, name = await anyio.to_thread.run_sync(partial(view_file, settings, fmt, params), limiter=limiter)
        except Refused as exc:
            return PlainTextResponse(exc.text, status_code=exc.status)
        headers = {
            "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store",
        }
        return Response(body, media_type=FORMATS[fmt].mime, headers=headers)

    # The file is made on a worker thread, never on the event loop that carries every page's WebSocket.
    return Route("/export/{fmt}", endpoint, methods=["GET"])


def view_file(settings: Settings, fmt: str, params: Mapping[str, str]) -> tuple[bytes, str]:
    """(the file's bytes, its name) for a link's parameters; Refused says what is wrong with the link."""
    lang = _lang(params)
    tr = Translator(lang)
    if fmt not in formats_for("indicator"):
        fix = tr.t("fix_one_of", choices=", ".join(formats_for("indicator")))
        raise Refused(404, tr.t("export_bad_link", key="format", value=fmt, fix=fix))
    try:
        base = atlas(settings)
        tr = Translator(lang, with_overrides(base.pack.strings))
        version = _version(settings, params.get("data", ""), tr)
        full, display = atlas(settings, version), display_atlas(settings, version)
    except StoreUnavailable as exc:
        raise Refused(503, tr.t("data_store_down")) from exc
    choice = _choice(full, params, lang, tr)
    try:
        return export_bytes(fmt, view_export(full, display, None, choice, tr, version, settings.public_url)), (
            f"{file_stem(choice)}.{FORMATS[fmt].ext}"
        )
    except AtlasError as exc:
        raise Refused(422, str(exc)) from exc


def _version(settings: Settings, raw: str, tr: Translator) -> int:
    """The link's data version (1…current); without one, what is published now, as the page does."""
    current = data_store(settings).data_version()
    if not raw:
        return current
    if not raw.isdigit() or not 0 < int(raw) <= current:
        fix = tr.t("data_versions", n=current) if current else tr.t("export_no_versions")
        raise Refused(404, tr.t("export_bad_link", key="data", value=raw, fix=fix))
    return int(raw)


def _choice(full: Atlas, params: Mapping[str, str], lang: str, tr: Translator) -> Choice:
    """The view a link names: indicator and year are required, level, colouring and scheme have the page's
    defaults."""
    ids = list(full.catalog.ids)
    for key in ("indicator", "year"):
        if not params.get(key):
            raise Refused(400, tr.t("export_missing", key=key))
    years_of = {params["indicator"]: full.years_offered(params["indicator"])} if params["indicator"] in ids else {}
    problems = check_query(params, ids, years_of, DEFAULT_INDICATOR, levels=full.pack.map_levels)
    if problems:
        p = problems[0]
        raise Refused(400, tr.t("export_bad_link", key=p.key, value=p.value, fix=tr.t(p.fix, **p.args)))
    return Choice(
        params["indicator"],
        int(params["year"]),
        params.get("level", full.pack.leaf),  # the finest level of the region pack, as the page opens
        params.get("mode", "status"),
        params.get("scheme", "quantiles"),
        lang,
    )


def _lang(params: Mapping[str, str]) -> str:
    lang = params.get("lang", "zh")
    return lang if lang in LANGS else "zh"
