"""Benchmark (run by hand): what issue 17 part A costs — the county view's CSV zip and XLSX downloads, the map's
places (names, search entries, lakes) per level, and the base script a page run sends with and without them.

Run: .venv/bin/python bench/bench_readable.py [--repeat 5]
Prints medians; record the figures and the machine in bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.atlas import load_atlas  # noqa: E402
from geo.lakes import load_lakes  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.simplify import simplify_coverage  # noqa: E402
from geo.view import view_metadata  # noqa: E402
from layers.formats import Export, export_bytes  # noqa: E402
from layers.mapview import MapOptions, base_map, place_data  # noqa: E402
from layers.script import map_script  # noqa: E402

DISPLAY_TOLERANCE_DEG = 0.003  # as ui/resources.py simplifies the display geometry


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.from_env()
    atlas = load_atlas(settings)
    ind = atlas.catalog.get("forest_coverage")
    view = atlas.view(ind.id, 2025, "county")
    export = Export(view, view_metadata(view, ind, 2025, "county"), "forest", ind=ind)
    for fmt in ("csv", "xlsx"):
        seconds, data = timed(lambda fmt=fmt: export_bytes(fmt, export), args.repeat)
        print(f"{fmt} download, 100 counties: {seconds:.3f} s, {len(data):,} bytes")  # type: ignore[arg-type]
    options = MapOptions(view=atlas.pack.map)
    lakes = load_lakes(settings.data_dir)
    places = None
    for level in ("city", "county"):
        shown = simplify_coverage(atlas.boundaries[level], DISPLAY_TOLERANCE_DEG, None)
        seconds, places = timed(
            lambda shown=shown: place_data(shown, options, lakes, atlas.boundaries["province"]), args.repeat
        )
        print(f"places {level}: {seconds:.3f} s, file {len(places.file_text().encode()):,} bytes")  # type: ignore[union-attr]
    bare = map_script(base_map(options, {})).base
    fetched = map_script(base_map(options, {}, places=replace(places, url="/app/static/geo/p.json"))).base  # type: ignore[arg-type]
    inline = map_script(base_map(options, {}, places=places)).base  # type: ignore[arg-type]
    print(
        f"base script: {len(bare.encode()):,} bytes bare, {len(fetched.encode()):,} with places by URL, "
        f"{len(inline.encode()):,} with places inline"
    )


if __name__ == "__main__":
    main()
