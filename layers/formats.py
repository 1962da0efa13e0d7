"""Export formats: one registry, shared by the downloads on the page and `python -m geo export`, and one entry point.

Each format turns an export (the view with full-resolution geometry, its provenance, and for the PNG map the
display geometry) into the bytes of a file. Tables are written as a person reads them (`geo.export.readable`: values
rounded as the catalog says, status words beside the codes); CSV is two files, the table and its `_metadata.txt`,
zipped for a download and side by side from the command line (`export_files`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.catalog import Indicator
from geo.errors import AtlasError
from geo.export import csv_files, headers_in, readable, to_geojson, to_gpkg, to_xlsx, zipped
from geo.i18n import Translator
from geo.scorecard import Card
from layers.briefing import Briefing, briefing_docx
from layers.figure import FigureSpec, render
from layers.options import MapOptions


@dataclass(frozen=True)
class Export:
    """What a file is made of: the layer, its provenance, a name; for a map image the indicator and display data."""

    layer: gpd.GeoDataFrame
    metadata: Mapping[str, Any]
    name: str
    ind: Indicator | None = None
    lang: str = "zh"
    shown: gpd.GeoDataFrame | None = None  # simplified geometry for drawing (the PNG)
    context: gpd.GeoDataFrame | None = None  # outlines drawn over it (cities)
    kinds: tuple[str, ...] = field(default=("indicator",))
    options: MapOptions | None = None  # the map's colouring (figure, briefing); None: by attainment
    province: Card | None = None  # the province's figure of the year (briefing)
    judged: bool = True  # regions judged against a target (briefing); else by value


@dataclass(frozen=True)
class Format:
    """A file format: its extension, MIME type, the kinds of layer it writes, and how."""

    name: str
    ext: str
    mime: str
    kinds: tuple[str, ...]  # "indicator" (a view), "sections" (monitoring points)
    write: Callable[[Export], bytes]


def _table(e: Export) -> gpd.GeoDataFrame:
    """The layer as people read it: rounded to the indicator's decimals, status words beside the codes."""
    return readable(e.layer, e.ind, Translator(e.lang))


def _gpkg(e: Export) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{e.name}.gpkg"
        to_gpkg(_table(e), path, e.name, e.metadata)
        return path.read_bytes()


def _csv_files(e: Export) -> dict[str, bytes]:
    return csv_files(_table(e), e.metadata, e.name, Translator(e.lang))


def _xlsx(e: Export) -> bytes:
    table = _table(e)
    tr = Translator(e.lang)
    # Headers in the page's language; the metadata sheet names each column's key, so a reader can map them back.
    grid = headers_in(pd.DataFrame(table.drop(columns=table.geometry.name)), tr)
    return to_xlsx(grid, e.metadata, sheet=tr.t("meta_data_sheet"), lang=e.lang)


def _scored(e: Export) -> bool:
    """Whether the export's regions are judged against a target: as its maker said, else as its statuses show (a
    view where no region is met, near or not met is one of values: shares of a provincial total, qualitative aims)."""
    if e.options is not None:
        return e.judged
    return bool(e.layer["status"].astype("object").isin(("met", "near", "not_met")).any())


def _options(e: Export) -> MapOptions:
    if e.options is not None:
        return e.options
    return MapOptions(mode="status" if _scored(e) else "value", lang=e.lang)


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _figure(fmt: str) -> Callable[[Export], bytes]:
    """The print figure (layers/figure.py) in one of its formats."""

    def write(e: Export) -> bytes:
        if e.ind is None:
            raise AtlasError("a map figure needs an indicator", f"export a view of an indicator as {fmt.upper()}")
        shown = e.shown if e.shown is not None else e.layer
        link, made = str(e.metadata.get("link", "")), _date(e.metadata.get("downloaded"))
        return render(FigureSpec(shown, e.ind, _options(e), e.context, link, made), fmt)

    return write


def _docx(e: Export) -> bytes:
    """The briefing document (layers/briefing.py)."""
    if e.ind is None:
        raise AtlasError("a briefing needs an indicator", "make a briefing of an indicator's view")
    m = e.metadata
    brief = Briefing(
        e.layer,
        e.ind,
        _options(e),
        shown=e.shown,
        context=e.context,
        province=e.province,
        judged=_scored(e),
        link=str(m.get("link", "")),
        made=_date(m.get("downloaded")),
        plan=str(m.get("plan", "")),
        data_version=int(m.get("data_version") or 0),
    )
    return briefing_docx(brief)


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format(
                "geojson",
                "geojson",
                "application/geo+json",
                ("indicator", "sections"),
                lambda e: to_geojson(_table(e), e.metadata).encode("utf-8"),
            ),
            Format("gpkg", "gpkg", "application/geopackage+sqlite3", ("indicator", "sections"), _gpkg),
            # A zip of <name>.csv and <name>_metadata.txt: the header on line 1, the provenance beside it.
            Format("csv", "zip", "application/zip", ("indicator", "sections"), lambda e: zipped(_csv_files(e))),
            Format(
                "xlsx",
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ("indicator", "sections"),
                _xlsx,
            ),
            # The print figure and the briefing of a view.
            Format("png", "png", "image/png", ("indicator",), _figure("png")),
            Format("svg", "svg", "image/svg+xml", ("indicator",), _figure("svg")),
            Format("pdf", "pdf", "application/pdf", ("indicator",), _figure("pdf")),
            Format(
                "docx",
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ("indicator",),
                _docx,
            ),
        )
    }
)


def formats_for(kind: str) -> tuple[str, ...]:
    """The names of the formats that write a kind of layer, in registry order."""
    return tuple(name for name, f in FORMATS.items() if kind in f.kinds)


def export_bytes(fmt: str, export: Export, kind: str = "indicator") -> bytes:
    """The file of `export` in format `fmt`; AtlasError names the formats that exist for this kind of layer."""
    return _entry(fmt, kind).write(export)


# Formats written as several files side by side when saved to a folder (the download zips them).
_SEVERAL: Mapping[str, Callable[[Export], dict[str, bytes]]] = MappingProxyType({"csv": _csv_files})


def export_files(fmt: str, export: Export, kind: str = "indicator") -> dict[str, bytes]:
    """The files of `export` in format `fmt` by name (CSV: `<name>.csv` and `<name>_metadata.txt`; others one)."""
    entry = _entry(fmt, kind)
    several = _SEVERAL.get(fmt)
    return several(export) if several else {f"{export.name}.{entry.ext}": entry.write(export)}


def _entry(fmt: str, kind: str) -> Format:
    entry = FORMATS.get(fmt)
    if entry is None or kind not in entry.kinds:
        raise AtlasError(f"format {fmt!r} cannot write {kind} layers", f"use one of {', '.join(formats_for(kind))}")
    return entry
