"""The zipped-shapefile reader: one layer's parts taken from the zip in memory, checked, re-packed under fixed names."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from geo.errors import InputFileError
from geo.readers.grid import RawTable
from geo.readers.limits import check_zip
from geo.readers.vector import ENCODING_LABELS, first_line, read_layer
from geo.settings import Settings

# A zipped shapefile must hold these parts of one layer; .cpg (the attribute encoding) is optional.
SHAPEFILE_PARTS: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj")
# Encodings tried for a shapefile's attributes when no .cpg names one (GBK: what Chinese ArcGIS/QGIS write).
DBF_ENCODINGS: tuple[str, ...] = ("utf-8", "gbk", "gb18030")


def read_shapefile(data: bytes, name: str, settings: Settings) -> RawTable:
    """The attributes of the one shapefile in an uploaded zip."""
    clean, encoding, notes = shapefile_zip(data, name, settings)
    return read_layer(clean, name, "Shapefile", settings, encoding, tuple(notes))


def shapefile_zip(data: bytes, name: str, settings: Settings) -> tuple[bytes, str, list[str]]:
    """The one shapefile in an uploaded zip, re-packed under fixed names (nothing unpacked to disk), its
    attribute encoding (from .cpg, else guessed from the .dbf) and notes; InputFileError names a missing part."""
    infos = check_zip(data, name, settings, what="zip")
    files = [
        i
        for i in infos
        if not i.is_dir() and not i.filename.startswith("__MACOSX/") and not Path(i.filename).name.startswith("._")
    ]
    shps = [i for i in files if i.filename.lower().endswith(".shp")]
    if not shps:
        held = ", ".join(Path(i.filename).name for i in files[:8]) or "nothing"
        raise InputFileError(
            f"{name} holds no shapefile (.shp); it holds {held}",
            "zip the .shp, .shx, .dbf and .prj of one layer, or upload a CSV or XLSX table",
            "shp_none",
            name=name,
            held=held,
            held_zh=held if files else "无",
        )
    if len(shps) > 1:
        raise InputFileError(
            f"{name} holds {len(shps)} shapefiles ({', '.join(Path(i.filename).name for i in shps[:5])})",
            "upload one layer per zip",
            "shp_several",
            name=name,
            n=len(shps),
            names=", ".join(Path(i.filename).name for i in shps[:5]),
        )
    stem = shps[0].filename[:-4]
    parts = {
        i.filename[len(stem) :].lower(): i
        for i in files
        if i.filename[: len(stem)].lower() == stem.lower()
        and i.filename[len(stem) :].lower() in SHAPEFILE_PARTS + (".cpg",)
    }
    shown = Path(stem).name
    missing = [f"{shown}{ext}" for ext in SHAPEFILE_PARTS if ext not in parts]
    if missing:
        raise InputFileError(
            f"{name}: the shapefile {shown}.shp comes without {' and '.join(missing)}",
            f"zip all its parts together: {shown}.shp, .shx, .dbf and .prj (.cpg if you have it)",
            "shp_parts_missing",
            name=name,
            stem=shown,
            missing_en=" and ".join(missing),
            missing_zh="、".join(missing),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = {ext: archive.read(info) for ext, info in parts.items()}
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise InputFileError(
            f"{name}: its parts cannot be unpacked ({first_line(exc)})",
            "zip the files again without a password, with ordinary (deflate) compression",
            "shp_unpack",
            name=name,
            detail=first_line(exc),
        ) from None
    for ext in (".shp", ".shx"):  # the shapefile magic number: nothing else (an OGR VRT, say) reaches GDAL as a part
        if not content[ext].startswith(b"\x00\x00\x27\x0a"):
            raise InputFileError(
                f"{name}: {shown}{ext} is not a shapefile part (its header is wrong); it was not opened",
                "export the layer again as a shapefile from QGIS or ArcGIS and zip its parts",
                "shp_bad_part",
                name=name,
                part=f"{shown}{ext}",
            )
    encoding, note = _dbf_encoding(content.pop(".cpg", None), content[".dbf"], name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        for ext, blob in content.items():
            clean.writestr("upload" + ext, blob)  # the server names the parts: no path from the archive is used
    return out.getvalue(), encoding, [note]


def _dbf_encoding(cpg: bytes | None, dbf: bytes, name: str) -> tuple[str, str]:
    """Python codec of the attributes and a note: the .cpg's, else the first of DBF_ENCODINGS that decodes the text."""
    if cpg is not None:
        label = cpg.decode("ascii", "replace").strip()
        codec = f"cp{label}" if label.isdigit() else label.lower().replace("ansi ", "cp")
        try:
            codecs.lookup(codec)
        except LookupError:
            raise InputFileError(
                f"{name}: its .cpg names the encoding '{label[:40]}', which is not known",
                "write UTF-8 or GBK in the .cpg file, or leave the .cpg out",
                "shp_cpg_unknown",
                name=name,
                label=label[:40],
            ) from None
        return codec, f"attributes read as {label} (from the .cpg)"
    header = int.from_bytes(dbf[8:10], "little") if len(dbf) >= 32 else len(dbf)
    names = b"".join(dbf[i : i + 11].split(b"\x00")[0] for i in range(32, max(32, header - 1), 32))
    text = names + dbf[header:].rstrip(b"\x1a")
    for codec in DBF_ENCODINGS:
        try:
            text.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec, f"no .cpg: attributes read as {ENCODING_LABELS[codec]}, the first encoding that fits"
    raise InputFileError(
        f"{name}: the attributes are not text in UTF-8, GBK or GB18030 and no .cpg names their encoding",
        "add a .cpg file naming the encoding (e.g. a line 'GBK'), or export the table as CSV UTF-8",
        "shp_encoding",
        name=name,
    )
