"""Benchmark (run by hand): load boundaries and data, assess every indicator and year, export sizes.

Run: .venv/bin/python bench/bench_foundation.py [--repeat 3]
Prints medians; record the figures and the machine in bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.atlas import load_atlas  # noqa: E402
from geo.attainment import assess_values, levels_of  # noqa: E402
from geo.boundaries import load_boundaries  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.view import view_metadata  # noqa: E402
from layers.formats import Export, export_bytes  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings.from_env({})
    t_bound, _ = timed(lambda: load_boundaries("county"), args.repeat)
    t_atlas, atlas = timed(lambda: load_atlas(settings), args.repeat)
    values = atlas.values()
    t_assess, assessed = timed(lambda: assess_values(values, atlas.catalog, levels_of(atlas.regions)), args.repeat)
    combos = [(i.id, y) for i in atlas.catalog.indicators if i.level in ("county", "city") for y in atlas.years(i.id)]
    t_views, _ = timed(lambda: [atlas.view(i, y, lvl) for i, y in combos for lvl in ("county", "city")], 1)
    print(f"county boundaries load            {t_bound * 1000:8.0f} ms")
    print(f"everything load (load_atlas)       {t_atlas * 1000:8.0f} ms")
    print(f"assess all values ({len(values):,} rows)   {t_assess * 1000:8.0f} ms  ({len(assessed):,} assessed)")
    print(f"views for {len(combos)} indicator-years x 2 levels {t_views * 1000:8.0f} ms")
    ind = atlas.catalog.get("forest_coverage")
    with tempfile.TemporaryDirectory() as tmp:
        for level in ("county", "city"):
            view = atlas.view(ind.id, 2024, level)
            meta = view_metadata(view, ind, 2024, level)
            for fmt in ("geojson", "gpkg", "csv"):
                t, path = timed(
                    lambda fmt=fmt, level=level, view=view, meta=meta: _write(
                        Path(tmp) / f"x_{level}.{fmt}", export_bytes(fmt, Export(view, meta, "x", ind=ind))
                    ),
                    args.repeat,
                )
                print(f"export {level:6} {fmt:7} {path.stat().st_size / 1024:9.1f} KiB  {t * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
