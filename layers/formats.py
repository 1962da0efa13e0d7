"""Export formats: one registry, shared by the downloads on the page and `python -m geo export`, and one entry point.

Each format turns an export (the view with full-resolution geometry, its provenance, and for the PNG map the
display geometry) into the bytes of a file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd

from geo.catalog import Indicator
from geo.errors import AtlasError
from geo.export import to_csv, to_geojson, to_gpkg, to_xlsx
from layers.png import render_png


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


@dataclass(frozen=True)
class Format:
    """A file format: its extension, MIME type, the kinds of layer it writes, and how."""

    name: str
    ext: str
    mime: str
    kinds: tuple[str, ...]  # "indicator" (a view), "sections" (monitoring points)
    write: Callable[[Export], bytes]


def _gpkg(e: Export) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{e.name}.gpkg"
        to_gpkg(e.layer, path, e.name, e.metadata)
        return path.read_bytes()


def _png(e: Export) -> bytes:
    if e.ind is None:
        raise AtlasError("a map image needs an indicator", "export a view of an indicator as PNG")
    return render_png(e.shown if e.shown is not None else e.layer, e.ind, e.lang, e.context)


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format(
                "geojson",
                "geojson",
                "application/geo+json",
                ("indicator", "sections"),
                lambda e: to_geojson(e.layer, e.metadata).encode("utf-8"),
            ),
            Format("gpkg", "gpkg", "application/geopackage+sqlite3", ("indicator", "sections"), _gpkg),
            Format(
                "csv",
                "csv",
                "text/csv",
                ("indicator", "sections"),
                lambda e: to_csv(e.layer, e.metadata).encode("utf-8-sig"),
            ),
            Format(
                "xlsx",
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ("indicator", "sections"),
                lambda e: to_xlsx(e.layer.drop(columns=e.layer.geometry.name), e.metadata),
            ),
            Format("png", "png", "image/png", ("indicator",), _png),
        )
    }
)


def formats_for(kind: str) -> tuple[str, ...]:
    """The names of the formats that write a kind of layer, in registry order."""
    return tuple(name for name, f in FORMATS.items() if kind in f.kinds)


def export_bytes(fmt: str, export: Export, kind: str = "indicator") -> bytes:
    """The file of `export` in format `fmt`; AtlasError names the formats that exist for this kind of layer."""
    entry = FORMATS.get(fmt)
    if entry is None or kind not in entry.kinds:
        raise AtlasError(f"format {fmt!r} cannot write {kind} layers", f"use one of {', '.join(formats_for(kind))}")
    return entry.write(export)
