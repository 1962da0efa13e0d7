"""Benchmark (run by hand): what sub-year periods cost — normalise/combine of a long table with and without months,
the atlas's yearly view of a session table (first call and memo), the bulletins and rank lists loaded.

Run: .venv/bin/python bench/bench_periods.py [--repeat 3] [--rows 200000]
Prints medians; record the figures and the machine in bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.atlas import load_atlas  # noqa: E402
from geo.bulletins import province_months  # noqa: E402
from geo.ranklists import load_rank_lists  # noqa: E402
from geo.regions import load_region_index  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.values import combine, normalise  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def table(codes: list[str], rows: int, monthly: bool, seed: int = 1) -> pd.DataFrame:
    """`rows` distinct values over the counties: yearly (years 1900-) or monthly (12 months a year)."""
    rng = np.random.default_rng(seed)
    per = rows // len(codes) + 1
    n = np.arange(per * len(codes))[:rows]
    adcode = np.array(codes)[n % len(codes)]
    k = n // len(codes)
    year = 1900 + (k // 12 if monthly else k)
    out = pd.DataFrame({"adcode": adcode, "indicator": "pm25", "year": year, "value": rng.uniform(10, 60, rows)})
    if monthly:
        out["period"] = [f"{y}-{m + 1:02d}" for y, m in zip(year, k % 12, strict=True)]
    return out.assign(provenance="user", source="bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    settings = Settings.from_env()
    atlas = load_atlas(settings)
    codes = atlas.regions.loc[atlas.regions["level"] == "county", "adcode"].astype(str).tolist()
    yearly_raw, monthly_raw = table(codes, args.rows, False), table(codes, args.rows, True)
    print(f"rows {args.rows}")
    print(f"normalise, yearly table      {timed(lambda: normalise(yearly_raw), args.repeat):.3f} s")
    print(f"normalise, monthly table     {timed(lambda: normalise(monthly_raw), args.repeat):.3f} s")
    y, m = normalise(yearly_raw), normalise(monthly_raw)
    print(f"combine, yearly table        {timed(lambda: combine(atlas.builtin_values, y), args.repeat):.3f} s")
    print(f"combine, monthly table       {timed(lambda: combine(atlas.builtin_values, m), args.repeat):.3f} s")
    session = m.iloc[:20_000]

    def first() -> None:
        atlas._memo.clear()  # the first call of a page run with a new table
        atlas.values(session)

    print(f"Atlas.values, 20,000 monthly user rows, first call   {timed(first, args.repeat):.3f} s")
    atlas.values(session)
    print(f"Atlas.values, same table again (memo)                {timed(lambda: atlas.values(session), 9):.6f} s")
    data = settings.data_dir
    print(
        f"bulletins (83 rows)          {timed(lambda: province_months(data / 'bulletins', atlas.catalog, '360000'), args.repeat):.3f} s"
    )
    index = load_region_index(data)
    print(
        f"rank lists (77 + 87 rows)    {timed(lambda: load_rank_lists(data / 'bulletins', index), args.repeat):.3f} s"
    )


if __name__ == "__main__":
    main()
