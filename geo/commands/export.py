"""`python -m geo export`: write a layer (an indicator view or the monitoring sections) as GeoJSON, GPKG, CSV (the
table and its _metadata.txt side by side, or both zipped when --out ends in .zip), XLSX or PNG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.atlas import Atlas, load_atlas
from geo.datasets import shared
from geo.errors import AtlasError
from geo.export import with_link
from geo.i18n import Translator
from geo.importer import import_values
from geo.sections import import_sections, sections_layer
from geo.settings import Settings
from geo.store import open_store
from geo.values import combine
from geo.view import view_metadata
from layers.formats import FORMATS, Export, export_bytes, export_files

HELP = "Export a layer: an indicator's attainment by county or city, or the water monitoring sections."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--layer", choices=("indicator", "sections"), default="indicator", help="what to export")
    p.add_argument("--indicator", help="indicator id or Chinese name (for --layer indicator)")
    p.add_argument("--year", type=int, required=True, help="data year, e.g. 2024")
    p.add_argument("--level", help="a level of the region pack, e.g. county (the default: the finest) or city")
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="geojson",
        help="output format (png: a map image of an indicator's view)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output file (csv: also <name>_metadata.txt beside it; a .zip holds both)",
    )
    p.add_argument("--values", type=Path, help="your own table (indicator values, or sections for --layer sections)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels (sections layer, PNG map)")
    p.add_argument(
        "--data", type=int, help="the data version to export (a view link's ?data=); default: the published state now"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    atlas = load_atlas(settings)
    layer, meta, name = (_sections if args.layer == "sections" else _indicator)(args, atlas, settings)
    ind = atlas.catalog.get(args.indicator) if args.layer == "indicator" else None
    export = Export(layer, meta, name, ind=ind, lang=args.lang, context=atlas.boundaries.get("city"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "csv" and args.out.suffix.lower() != ".zip":
        # The table under the name asked for, its provenance beside it as <name>_metadata.txt.
        table, about = export_files(args.format, export, args.layer).values()
        meta = args.out.with_name(f"{args.out.stem}_metadata.txt")
        args.out.write_bytes(table)
        meta.write_bytes(about)
        print(f"wrote {args.out} ({len(layer)} features, {len(table):,} bytes) and {meta}")
        return 0
    data = export_bytes(args.format, export, args.layer)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(layer)} features, {len(data):,} bytes)")
    return 0


def _indicator(
    args: argparse.Namespace, atlas: Atlas, settings: Settings
) -> tuple[gpd.GeoDataFrame, dict[str, Any], str]:
    if not args.indicator:
        raise AtlasError("--indicator is missing", f"give an id such as {atlas.catalog.ids[0]}")
    ind = atlas.catalog.get(args.indicator)
    # What everyone sees: the built-in data with the store's published datasets laid over it.
    published = shared(open_store(settings), args.data)
    user = published.values if len(published.values) else None
    if args.values:
        result = import_values(args.values, args.values.name, atlas.catalog, atlas.region_index, settings=settings)
        for issue in result.issues:
            print(f"{issue.severity}: {issue}", file=sys.stderr)
        print(result.summary(), file=sys.stderr)
        user = combine(user, result.values) if user is not None else result.values
    level = args.level or atlas.pack.leaf
    view = atlas.view(ind.id, args.year, level, user)
    meta = view_metadata(view, ind, args.year, level, plan=atlas.catalog.plan.title)
    query = f"?indicator={ind.id}&year={args.year}&level={level}&lang={args.lang}" + (
        f"&data={published.version}" if published.version else ""
    )
    meta = with_link(meta, query, settings.public_url, Translator(args.lang))
    meta["data_version"] = published.version
    return view, meta, f"{ind.id}_{args.year}_{level}"


def _sections(
    args: argparse.Namespace, atlas: Atlas, settings: Settings
) -> tuple[gpd.GeoDataFrame, dict[str, Any], str]:
    sections = atlas.sections
    if args.values:
        result = import_sections(
            args.values, args.values.name, atlas.boundaries[atlas.pack.leaf], settings, pack=atlas.pack
        )
        for issue in result.issues:
            print(f"{getattr(issue, 'severity', 'error')}: {issue}", file=sys.stderr)
        sections = result.sections
    layer = sections_layer(sections, args.year, lang=args.lang)
    if layer.empty:
        years = sorted({int(y) for y in sections["year"].dropna()})
        raise AtlasError(f"no section has a measurement in {args.year}", f"use one of the years {years}")
    prov = layer["provenance"].dropna().astype(str).value_counts().to_dict()
    meta = {
        "title": f"Water monitoring sections {args.year}",
        "data_year": args.year,
        "provenance_counts": ", ".join(f"{k}={v}" for k, v in sorted(prov.items())),
    }
    if prov.get("demo"):
        meta["warning"] = "Contains demo positions/classes, NOT official (provenance=demo) / 含演示数据，非官方数据"
    return layer, meta, f"sections_{args.year}"
