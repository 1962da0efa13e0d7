"""`python -m geo report`: the briefing document (DOCX) of an indicator's view, or only its print figure."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from geo.atlas import load_atlas
from geo.datasets import shared
from geo.errors import AtlasError
from geo.export import with_link
from geo.i18n import Translator
from geo.settings import Settings
from geo.store import open_store
from geo.summary import province_card, summarize
from geo.view import judged_at, view_metadata
from layers.formats import FORMATS, Export, export_bytes
from layers.options import MODES, MapOptions

HELP = "Write the briefing of a view (DOCX: summary, figure, shortfalls, ranking, trend, sources) or only its figure."
# What `--format` may name: the briefing, or the print figure alone.
REPORT_FORMATS = ("docx", "png", "svg", "pdf")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--indicator", required=True, help="indicator id or Chinese name, e.g. forest_coverage")
    p.add_argument("--year", type=int, required=True, help="data year, e.g. 2025")
    p.add_argument("--level", help="a level of the region pack: county (the default: the finest) or city")
    p.add_argument("--data", type=int, help="the data version (a view link's ?data=); default: the published state now")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the document (default Chinese)")
    p.add_argument("--mode", choices=MODES, default="status", help="colouring: by attainment (default) or value")
    p.add_argument("--format", choices=REPORT_FORMATS, help="docx (the briefing), or png/svg/pdf for the figure only")
    p.add_argument("--out", type=Path, required=True, help="output file; its extension gives the format if not set")


def run(args: argparse.Namespace, settings: Settings) -> int:
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise AtlasError(
            f"--out {str(args.out)!r} has no known format", f"use --format one of {', '.join(REPORT_FORMATS)}"
        )
    atlas = load_atlas(settings)
    ind = atlas.catalog.get(args.indicator)  # an unknown id names the valid ones
    published = shared(open_store(settings), args.data)  # what everyone sees: the built-in data and the published
    user = published.values if len(published.values) else None
    level = args.level or atlas.pack.leaf
    years = atlas.years(ind.id, user)
    if args.year not in years:
        raise AtlasError(f"--year {args.year} has no value of {ind.id}", f"use one of {', '.join(map(str, years))}")
    view = atlas.view(ind.id, args.year, level, user)
    values = atlas.values(user)
    judged = judged_at(ind, level, values)
    options = MapOptions(mode=args.mode if judged else "value", lang=args.lang)
    tr = Translator(args.lang)
    query = f"?indicator={ind.id}&year={args.year}&level={level}&lang={args.lang}" + (
        f"&data={published.version}" if published.version else ""
    )
    meta = view_metadata(view, ind, args.year, level, today=date.today(), plan=atlas.catalog.plan.title)
    meta = {**with_link(meta, query, settings.public_url, tr), "data_version": published.version}
    province = province_card(values, atlas.regions, atlas.catalog, ind, args.year)
    export = Export(
        view,
        meta,
        f"{ind.id}_{args.year}_{level}",
        ind=ind,
        lang=args.lang,
        context=atlas.boundaries.get("city") if level != "city" else None,
        options=options,
        province=province,
        judged=judged,
    )
    data = export_bytes(fmt, export)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(summarize(view, ind, tr, province, judged).text)
    print(f"wrote {args.out} ({FORMATS[fmt].mime}, {len(data):,} bytes)")
    return 0
