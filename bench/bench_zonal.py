"""Zonal class shares over Jiangxi's 100 counties on a synthetic 20,000 x 20,000 land-cover GeoTIFF.

Run by hand:  .venv/bin/python bench/bench_zonal.py [--size 20000] [--workdir /tmp/ganpo_bench]
class_fractions is geo.zonal (own windowed exact-coverage engine); exactextract and rasterstats are called directly.
Each method runs in its own subprocess so that peak memory (getrusage maxrss, which includes GDAL's own
allocations and block cache, unlike tracemalloc) belongs to that method alone. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOREST, WETLAND, WATER = 10, 90, 80
CLASSES = {"forest": [FOREST], "wetland": [WETLAND, 95], "water": [WATER]}
METHODS = ("class_fractions", "exactextract", "exactextract_raster_seq", "rasterstats")


def make_raster(path: Path, size: int) -> None:
    """A WorldCover-like uint8 raster over Jiangxi's bounds: patches of classes plus speckle, tiled deflate."""
    import numpy as np
    import rasterio
    from affine import Affine
    from rasterio.windows import Window

    from geo.boundaries import load_boundaries

    left, bottom, right, top = load_boundaries("county").total_bounds
    pad = 0.05
    left, bottom, right, top = left - pad, bottom - pad, right + pad, top + pad
    transform = Affine((right - left) / size, 0, left, 0, -(top - bottom) / size, top)
    rng = np.random.default_rng(2024)
    palette = np.array([FOREST] * 6 + [40, 40, 30, 50, WATER, WETLAND, 20, 60], np.uint8)
    patch = 97  # pixels per patch side
    coarse = rng.integers(0, len(palette), size=(size // patch + 2, size // patch + 2))
    tmp = path.with_suffix(".tif.tmp")
    with rasterio.open(
        tmp,
        "w",
        driver="GTiff",
        width=size,
        height=size,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=transform,
        nodata=0,
        tiled=True,
        blockxsize=512,
        blockysize=512,
        compress="deflate",
        BIGTIFF="IF_SAFER",
    ) as dst:
        for row in range(0, size, 512):
            h = min(512, size - row)
            rows = (np.arange(row, row + h) // patch)[:, None]
            cols = (np.arange(size) // patch)[None, :]
            block = palette[coarse[rows, cols]]
            speckle = rng.random((h, size)) < 0.03
            block[speckle] = palette[rng.integers(0, len(palette), int(speckle.sum()))]
            dst.write(block, 1, window=Window(0, row, size, h))
    tmp.replace(path)


def run_method(method: str, raster: Path) -> dict:
    """Run one method in this process; return seconds, peak RSS and the forest share per county."""
    import geopandas as gpd  # noqa: F401  (imports before the baseline, so they are not counted)
    import numpy as np
    import rasterio

    from geo.boundaries import load_boundaries
    from geo.settings import Settings

    counties = load_boundaries("county")[["geometry"]]
    if method.startswith("exactextract") or method == "class_fractions":
        import exactextract  # noqa: F401
    else:
        import rasterstats  # noqa: F401
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if method == "class_fractions":
        from geo.zonal import class_fractions

        out = class_fractions(raster, counties, CLASSES, Settings(), nodata_classes=[0])
        forest = out["forest"].to_numpy()
    elif method.startswith("exactextract"):
        from exactextract import exact_extract

        strategy = "raster-sequential" if method.endswith("raster_seq") else "feature-sequential"
        with rasterio.open(raster) as ds:
            local = counties.to_crs(ds.crs)
            res = exact_extract(ds, local, ["unique", "frac"], output="pandas", strategy=strategy)
        forest = np.array(
            [100 * sum(f for c, f in zip(u, fr) if c == FOREST) for u, fr in zip(res["unique"], res["frac"])]
        )
    elif method == "rasterstats":
        from rasterstats import zonal_stats

        stats = zonal_stats(counties, str(raster), categorical=True, nodata=0)
        forest = np.array([100 * s.get(FOREST, 0) / max(1, sum(s.values())) for s in stats])
    else:
        raise SystemExit(f"unknown method {method}; use one of {', '.join(METHODS)}")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"method": method, "seconds": seconds, "peak_mb": peak, "base_mb": base, "forest": list(map(float, forest))}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=20_000)
    p.add_argument("--workdir", type=Path, default=Path("/tmp/ganpo_bench"))
    p.add_argument("--methods", nargs="*", default=list(METHODS))
    p.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one method, print JSON
    p.add_argument("--raster", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        print(json.dumps(run_method(args.one, args.raster)))
        return
    import os

    import numpy as np

    args.workdir.mkdir(parents=True, exist_ok=True)
    raster = args.workdir / f"synthetic_{args.size}.tif"
    if not raster.exists():
        t = time.perf_counter()
        make_raster(raster, args.size)
        print(f"built {raster} ({raster.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s")
    results = []
    for method in args.methods:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", method, "--raster", str(raster)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    ref = np.array(results[0]["forest"])
    print(
        f"\n{args.size:,} x {args.size:,} uint8 tiled deflate GeoTIFF (EPSG:4326), 100 counties, "
        f"{os.cpu_count()} cores\n"
    )
    print(
        f"| method | seconds | peak RSS MB | RSS before run MB | forest share vs {results[0]['method']}: max |diff| pp |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in results:
        diff = np.nanmax(np.abs(np.array(r["forest"]) - ref))
        print(f"| {r['method']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['base_mb']:.0f} | {diff:.3f} |")


if __name__ == "__main__":
    main()
