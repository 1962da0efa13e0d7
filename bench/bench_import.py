"""Benchmark (run by hand): import time and peak memory of a 200,000-row long table and of a yearbook workbook of
100 counties x 12 months x 10 indicators (title and unit rows, indicator merged over its months, footnotes).

Run: .venv/bin/python bench/bench_import.py [--repeat 3]
Each case runs in a fresh process, so its peak resident memory (ru_maxrss) is its own; prints medians of the time.
Record the figures and the machine in bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONTHS = 12
INDICATORS = 10


def _setup():
    from geo.atlas import load_atlas
    from geo.settings import Settings

    settings = Settings.from_env({})
    atlas = load_atlas(settings)
    counties = atlas.regions.loc[atlas.regions["level"] == "county", ["adcode", "name_zh"]].to_numpy().tolist()
    numeric = [i for i in atlas.catalog.indicators if i.value_type == "number" and i.rule != "qualitative"]
    return settings, atlas, counties, numeric


def long_table(counties, numeric, rows: int) -> bytes:
    """地区,指标,年份,月份,数值: every county x indicator x month of 2020-2024, cut at `rows`."""
    out = io.StringIO()
    out.write("地区,指标,年份,月份,数值\n")
    n = 0
    for year in range(2020, 2025):
        for month in range(1, 13):
            for ind in numeric:
                lo, hi = ind.valid_range or (0.0, 100.0)
                for k, (_, name) in enumerate(counties):
                    out.write(
                        f"{name},{ind.name_zh},{year},{month},{lo + (hi - lo) * ((k * 7 + month) % 97) / 97:.1f}\n"
                    )
                    n += 1
                    if n == rows:
                        return out.getvalue().encode("utf-8")
    return out.getvalue().encode("utf-8")


def yearbook(counties, numeric) -> bytes:
    """One sheet: title, unit row, each indicator merged over 2024年1月..12月, 100 counties, two footnotes."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表5-1"
    chosen = numeric[:INDICATORS]
    sheet.append(["表5-1 各县（市、区）主要生态指标（月度）"])
    sheet.append(["单位：见各指标"])
    top: list[object] = ["地区"]
    second: list[object] = [None]
    for ind in chosen:
        top += [f"{ind.name_zh}({ind.unit})" if ind.unit else ind.name_zh] + [None] * (MONTHS - 1)
        second += [f"2024年{m}月" for m in range(1, MONTHS + 1)]
    sheet.append(top)
    sheet.append(second)
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for j in range(len(chosen)):
        sheet.merge_cells(start_row=3, start_column=2 + j * MONTHS, end_row=3, end_column=1 + (j + 1) * MONTHS)
    for k, (_, name) in enumerate(counties):
        row: list[object] = ["\u3000\u3000" + name]
        for ind in chosen:
            lo, hi = ind.valid_range or (0.0, 100.0)
            row += [round(lo + (hi - lo) * ((k * 7 + m) % 97) / 97, 1) for m in range(1, MONTHS + 1)]
        sheet.append(row)
    sheet.append([])
    sheet.append(["注：月度数据为初步统计。"])
    sheet.append(["资料来源：演示数据，非官方。"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def run_case(case: str, repeat: int) -> None:
    """One case in this process: build the file, import it `repeat` times, print time, values and peak memory."""
    from geo.importer import import_values

    settings, atlas, counties, numeric = _setup()
    if case == "long":
        data, name = long_table(counties, numeric, 200_000), "long.csv"
    else:
        data, name = yearbook(counties, numeric), "yearbook.xlsx"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs = []
    result = None
    for _ in range(repeat):
        result = None  # the previous run's tables are freed before the next: the peak is one import's
        t = time.perf_counter()
        result = import_values(data, name, atlas.catalog, atlas.region_index, settings=settings)
        runs.append(time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result is not None
    print(
        f"{case:9s} {len(data) / 1e6:6.1f} MB file  {result.rows_read:7,d} rows  {len(result.values):7,d} values  "
        f"{len(result.issues):5,d} issues  median {statistics.median(runs):6.2f} s  "
        f"peak RSS {peak / 1024:5.0f} MB (atlas loaded: {before / 1024:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", choices=("long", "yearbook"))
    args = parser.parse_args()
    if args.case:
        run_case(args.case, args.repeat)
        return
    for case in ("long", "yearbook"):
        subprocess.run([sys.executable, __file__, "--case", case, "--repeat", str(args.repeat)], check=True)


if __name__ == "__main__":
    main()
