"""Writers for a layer: RFC 7946 GeoJSON, GeoPackage and CSV, each carrying its provenance."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping

from geo.errors import AtlasError
from geo.spreadsheet import neutralise

COORD_DECIMALS = 7  # ~1 cm; the boundaries are stored at this precision


def to_geojson(layer: gpd.GeoDataFrame, metadata: Mapping[str, Any] | None = None) -> str:
    """RFC 7946 text: WGS-84 lon/lat, no crs member, exterior rings counter-clockwise, UTF-8 names kept."""
    wgs = _wgs84(layer)
    geoms = shapely.orient_polygons(np.asarray(wgs.geometry.values), exterior_cw=False)
    props = wgs.drop(columns=wgs.geometry.name)
    features = []
    for geom, (_, row) in zip(geoms, props.iterrows()):
        features.append(
            {
                "type": "Feature",
                "properties": {k: _json_value(v) for k, v in row.items()},
                "geometry": None if geom is None else _rounded(mapping(geom)),
            }
        )
    doc: dict[str, Any] = {"type": "FeatureCollection"}
    if metadata:
        # A foreign member (RFC 7946 section 6.1): readers that do not know it ignore it.
        doc["metadata"] = {k: _json_value(v) for k, v in metadata.items()}
    doc["features"] = features
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_gpkg(layer: gpd.GeoDataFrame, path: Path, layer_name: str, metadata: Mapping[str, Any] | None = None) -> Path:
    """Write a GeoPackage with the layer and, when given, a `metadata` table of key/value rows."""
    wgs = _wgs84(layer).reset_index(drop=True)
    wgs.to_file(path, driver="GPKG", layer=layer_name, engine="pyogrio")
    if metadata:
        meta = pd.DataFrame({"key": list(metadata), "value": [str(v) for v in metadata.values()]})
        pyogrio.write_dataframe(meta, path, layer="metadata", driver="GPKG")  # an attribute-only table
    return path


def to_csv(layer: pd.DataFrame, metadata: Mapping[str, Any] | None = None) -> str:
    """CSV text without geometry, formula-like text neutralised; provenance lines first as `# key: value`."""
    table = layer.drop(columns=[c for c in layer.columns if c == getattr(layer, "_geometry_column_name", None)])
    table = pd.DataFrame(table)
    head = "".join(_comment_line(f"# {k}: {v}") for k, v in (metadata or {}).items())
    body: str = neutralise(table).to_csv(index=False, lineterminator="\n")
    return head + body


# A separator then a formula character, or a quote or line break: the text would leave its comment line.
_ESCAPES_LINE = re.compile(r'[,;\t]\s*[=+\-@]|[\r\n"]')


def _comment_line(text: str) -> str:
    """'# key: value' as one CSV line, quoted as one cell when a user's text in it (a source) could otherwise start
    a cell a spreadsheet runs as a formula, or a line of its own."""
    if not _ESCAPES_LINE.search(text):
        return text + "\n"
    return '"' + text.replace('"', '""') + '"\n'


def _wgs84(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if layer.crs is None:
        raise AtlasError("the layer has no CRS", "set its CRS before export")
    return layer.to_crs(4326) if not layer.crs.equals("EPSG:4326") else layer


def _rounded(geo: Any) -> Any:
    if isinstance(geo, dict):
        return {k: _rounded(v) for k, v in geo.items()}
    if isinstance(geo, (list, tuple)):
        if geo and isinstance(geo[0], (int, float)):
            return [round(float(c), COORD_DECIMALS) for c in geo]
        return [_rounded(g) for g in geo]
    return geo


def _json_value(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v


def to_xlsx(table: pd.DataFrame, metadata: Mapping[str, Any] | None = None, sheet: str = "data") -> bytes:
    """An XLSX workbook of a table (text cells neutralised, as in CSV) and, when given, a `metadata` sheet."""
    import io

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise(pd.DataFrame(table)).to_excel(writer, sheet_name=sheet, index=False)
        if metadata:
            meta = pd.DataFrame({"key": list(metadata), "value": [str(v) for v in metadata.values()]})
            neutralise(meta).to_excel(writer, sheet_name="metadata", index=False)
    return buf.getvalue()
