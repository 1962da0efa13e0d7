"""The GeoJSON and GeoPackage readers: attributes of the first layer, opened only by an allowed GDAL driver."""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Callable

from geo.errors import InputFileError
from geo.readers import FORMATS_HINT
from geo.readers.grid import RawTable, cell_text, grid
from geo.readers.limits import too_many_rows
from geo.settings import Settings

# The only OGR drivers a vector upload may be opened with, per format.
ALLOWED_DRIVERS: dict[str, str] = {"GeoJSON": "GeoJSON", "GeoPackage": "GPKG", "Shapefile": "ESRI Shapefile"}
ENCODING_LABELS = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}
_GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")


def vector_reader(expected: str) -> Callable[[bytes, str, Settings], RawTable]:
    """The reader of one vector format ('GeoJSON' or 'GeoPackage'): refuses bytes that are something else."""

    def read(data: bytes, name: str, settings: Settings) -> RawTable:
        found = _sniff(data)
        if found != expected:
            raise InputFileError(
                f"{name} is named as {expected} but its content is {_describe_bytes(data) if found is None else found}; "
                f"it was not opened",
                f"upload a real {expected} file, or a CSV or XLSX table",
                "vector_not_format",
                name=name,
                expected=expected,
                content_en=_describe_bytes(data) if found is None else found,
            )
        return read_layer(data, name, expected, settings)

    return read


def read_layer(
    data: bytes, name: str, expected: str, settings: Settings, encoding: str | None = None, notes: tuple[str, ...] = ()
) -> RawTable:
    """Attributes of the first layer, opened only after GDAL reports an allowed driver for it."""
    import pyogrio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL warns that /vsimem names lack a .gpkg extension
        try:
            layers = pyogrio.list_layers(data)
            if len(layers) == 0:
                raise InputFileError(
                    f"{name} has no layers", "upload a file with one layer of features", "vector_no_layers", name=name
                )
            layer = str(layers[0][0])
            info = pyogrio.read_info(data, layer=layer)
            driver = info.get("driver")
            if driver != ALLOWED_DRIVERS[expected]:
                raise InputFileError(
                    f"{name} was detected as {driver}, which is not an allowed format; it was not read",
                    FORMATS_HINT,
                    "vector_driver",
                    name=name,
                    driver=driver,
                )
            if info.get("features", 0) > settings.max_table_rows:
                raise too_many_rows(name, settings)
            frame = pyogrio.read_dataframe(
                data, layer=layer, read_geometry=False, encoding=encoding, max_features=settings.max_table_rows + 1
            )
        except InputFileError:
            raise
        except Exception as exc:  # pyogrio's DataSourceError/FieldTypeError and GDAL errors
            raise InputFileError(
                f"{name} cannot be read as {expected} ({first_line(exc)})",
                "check the file in QGIS, or export the attribute table as CSV",
                "vector_unreadable",
                name=name,
                expected=expected,
                detail=first_line(exc),
            ) from None
    if len(frame) > settings.max_table_rows:
        raise too_many_rows(name, settings)
    layer_note = (
        ""
        if expected == "Shapefile"
        else f", layer '{layer}'" + (f" (first of {len(layers)})" if len(layers) > 1 else "")
    )
    all_notes = [f"driver {driver}{layer_note}", *notes, "geometry ignored: regions are matched by code or name"]
    rows = [(1, [str(c) for c in frame.columns])]
    rows += [(i + 2, [cell_text(v) for v in values]) for i, values in enumerate(frame.itertuples(index=False))]
    return grid(rows, name, expected, encoding and ENCODING_LABELS.get(encoding, encoding), all_notes)


def first_line(exc: Exception) -> str:
    """The first line of an exception's text (GDAL's messages run on), else its type."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _sniff(data: bytes) -> str | None:
    """The format the bytes really are: 'GeoJSON' (a JSON object), 'GeoPackage' (SQLite with a GPKG id), or None."""
    head = data[:100]
    if head.startswith(b"SQLite format 3\x00") and head[68:72] in _GPKG_APPLICATION_IDS:
        return "GeoPackage"
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"{":
        return "GeoJSON"
    return None


def _describe_bytes(data: bytes) -> str:
    start = data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:64]
    if start.startswith(b"<"):
        root = re.match(rb"<\??([A-Za-z_][\w.:-]*)", start)
        tag = root.group(1).decode("ascii", "replace") if root else "?"
        return "XML" + (" (an OGR VRT, which can read other files)" if tag == "OGRVRTDataSource" else f" (<{tag}>)")
    if start.startswith(b"SQLite format 3"):
        return "an SQLite database without the GeoPackage application id"
    if start.startswith(b"PK\x03\x04"):
        return "a zip archive"
    return "not GeoJSON or GeoPackage"
