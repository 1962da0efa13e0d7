"""Writers for a layer: RFC 7946 GeoJSON, GeoPackage, CSV (a zip of the table and its _metadata.txt) and XLSX (the
table and a metadata sheet), each carrying its provenance; the table a person reads (rounded, status words)."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping

from geo.catalog import Indicator
from geo.errors import AtlasError
from geo.i18n import Translator
from geo.sources import render_source
from geo.spreadsheet import neutralise

COORD_DECIMALS = 7  # ~1 cm; the boundaries are stored at this precision


def to_geojson(layer: gpd.GeoDataFrame, metadata: Mapping[str, Any] | None = None) -> str:
    """RFC 7946 text: WGS-84 lon/lat, no crs member, exterior rings counter-clockwise, UTF-8 names kept."""
    wgs = _wgs84(layer)
    geoms = shapely.orient_polygons(np.asarray(wgs.geometry.values), exterior_cw=False)
    # Rounded in one vectorised pass (a recursion over 127,000 coordinate pairs took 0.7 s of a 0.9 s county file).
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, COORD_DECIMALS))
    props = wgs.drop(columns=wgs.geometry.name)
    features = []
    for geom, (_, row) in zip(geoms, props.iterrows()):
        features.append(
            {
                "type": "Feature",
                "properties": {k: _json_value(v) for k, v in row.items()},
                "geometry": None if geom is None else mapping(geom),
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


def to_csv(layer: pd.DataFrame) -> str:
    """CSV text without geometry, the header on line 1, formula-like text neutralised, cells with commas, quotes or
    line breaks quoted (the csv module's rules); the provenance goes to a second file (`metadata_text`)."""
    table = layer.drop(columns=[c for c in layer.columns if c == getattr(layer, "_geometry_column_name", None)])
    buf = io.StringIO()
    neutralise(pd.DataFrame(table)).to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def metadata_text(metadata: Mapping[str, Any], tr: Translator) -> str:
    """The provenance as a text file: one `label (key): value` line per entry, labels in the page's language."""
    lines = [tr.t("meta_heading"), ""]
    for key, value in metadata.items():
        label = _word(tr, f"meta_{key}", key)
        text = " ".join(meta_value(key, value, tr).splitlines())  # one line per entry, whatever a source holds
        lines.append(f"{label} ({key}): {text}")
    return "\n".join(lines) + "\n"


def meta_value(key: str, value: Any, tr: Translator) -> str:
    """A metadata entry's value as a person reads it in the page's language: the sources this project wrote (demo,
    roll-ups) and the demo warning from the string catalog, everything else as it is."""
    if key == "sources" and isinstance(value, str) and value:
        return " | ".join(render_source(s, tr.t) for s in value.split(" | "))
    if key == "warning" and value:
        return tr.t("demo_banner")
    return str(value)


def csv_files(table: pd.DataFrame, metadata: Mapping[str, Any], stem: str, tr: Translator) -> dict[str, bytes]:
    """The two files of every CSV export: `<stem>.csv` (UTF-8 with BOM, which Excel opens as UTF-8) and
    `<stem>_metadata.txt` with its provenance."""
    return {
        f"{stem}.csv": to_csv(table).encode("utf-8-sig"),
        f"{stem}_metadata.txt": metadata_text(metadata, tr).encode("utf-8-sig"),
    }


def zipped(files: Mapping[str, bytes]) -> bytes:
    """A zip of {name: bytes}, as one download (a browser saves one file per click)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def csv_bundle(table: pd.DataFrame, metadata: Mapping[str, Any], stem: str, tr: Translator) -> bytes:
    """The CSV download: a zip of `<stem>.csv` and `<stem>_metadata.txt`."""
    return zipped(csv_files(table, metadata, stem, tr))


def public_link(query: str, public_url: str) -> str:
    """The view's link: absolute under `public_url` (GANPO_PUBLIC_URL), else the query as it is (relative)."""
    if not public_url:
        return query
    return public_url.rstrip("/") + "/" + query.lstrip("/")


def with_link(metadata: Mapping[str, Any], query: str, public_url: str, tr: Translator) -> dict[str, Any]:
    """`metadata` with its `link` (absolute when a public URL is set) and, when it is relative, a note saying so."""
    out = dict(metadata)
    out["link"] = public_link(query, public_url)
    if not public_url:
        out["link_note"] = tr.t("meta_relative_link")
    return out


# Columns in the indicator's unit, rounded to its decimals; progress is a percentage of the way to the target.
_IN_UNIT = ("value", "target", "gap")


def readable(view: pd.DataFrame, ind: Indicator | Mapping[str, Indicator] | None, tr: Translator) -> pd.DataFrame:
    """A copy of a view for people: values, targets and gaps rounded as the catalog says (`decimals`; with
    {id: Indicator}, each row by its `indicator`), progress to one decimal, and the status and the provenance in the
    page's language in columns beside their codes (status_text, provenance_text)."""
    out = view.copy()
    if ind is not None:  # None: a layer of no one indicator (water sections), status words only
        _round_in_unit(out, ind)
    if "progress" in out.columns:
        out["progress"] = pd.to_numeric(out["progress"], errors="coerce").round(1)
    for code, prefix in (("status", "status_"), ("provenance", "prov_")):
        if code in out.columns and f"{code}_text" not in out.columns:
            words = [_word(tr, f"{prefix}{v}", "") if isinstance(v, str) else "" for v in out[code]]
            out.insert(out.columns.get_loc(code) + 1, f"{code}_text", words)
    if "source" in out.columns and "source_text" not in out.columns:  # the project's own source texts translated
        texts = [render_source(v, tr.t) if isinstance(v, str) else "" for v in out["source"]]
        out.insert(out.columns.get_loc("source") + 1, "source_text", texts)
    return out


def _round_in_unit(out: pd.DataFrame, ind: Indicator | Mapping[str, Indicator]) -> None:
    """Round the columns in the unit of `out` (a copy) in place, to the decimals of its indicator(s)."""
    if isinstance(ind, Indicator):
        decimals = pd.Series(ind.decimals, index=out.index)
    else:
        decimals = out["indicator"].astype(str).map(lambda i: ind[i].decimals if i in ind else 6)
    whole = bool(len(decimals)) and bool((decimals == 0).all())
    for col in _IN_UNIT:
        if col in out.columns:
            numbers = pd.to_numeric(out[col], errors="coerce").astype(float)
            out[col] = [_half_up(v, int(d)) if math.isfinite(v) else v for v, d in zip(numbers, decimals)]
            # Whole numbers (water classes: 0 decimals) are written 3, not 3.0.
            out[col] = out[col].astype("Int64" if whole else float)


def _half_up(value: float, decimals: int) -> float:
    """Rounded half up, as statistics are (四舍五入: 63.15 -> 63.2), from the decimal text of the float, not its
    binary value (63.15 is stored as 63.149999...)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def headers_in(table: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A copy with the column names a person reads in the page's language (`col_<name>` strings; others kept)."""
    return table.rename(columns={c: _word(tr, f"col_{c}", str(c)) for c in table.columns})


def _word(tr: Translator, key: str, default: str) -> str:
    """The interface string `key`, or `default` where there is none (a column or key of someone else's table)."""
    try:
        return tr.t(key)
    except KeyError:
        return default


def _wgs84(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if layer.crs is None:
        raise AtlasError("the layer has no CRS", "set its CRS before export")
    return layer.to_crs(4326) if not layer.crs.equals("EPSG:4326") else layer


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


def to_xlsx(
    table: pd.DataFrame, metadata: Mapping[str, Any] | None = None, sheet: str = "data", lang: str = "zh"
) -> bytes:
    """An XLSX workbook of a table (text cells neutralised, as in CSV) and, when given, a metadata sheet (说明 in
    Chinese, metadata in English) of label, key and value rows."""
    tr = Translator(lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise(pd.DataFrame(table)).to_excel(writer, sheet_name=sheet, index=False)
        if metadata:
            keys = list(metadata)
            meta = pd.DataFrame(
                {
                    tr.t("meta_col_label"): [_word(tr, f"meta_{k}", k) for k in keys],
                    tr.t("meta_col_key"): keys,
                    tr.t("meta_col_value"): [meta_value(k, v, tr) for k, v in metadata.items()],
                }
            )
            neutralise(meta).to_excel(writer, sheet_name=tr.t("meta_sheet"), index=False)
    return buf.getvalue()
