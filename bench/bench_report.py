"""Benchmark (run by hand): the print figure (PNG 300 dpi, SVG, PDF) and the briefing DOCX of the county view.

Goal (issue 17): under 2 s each on this machine. Measures what a click on the map tab's buttons costs: the view with
the page's display geometry (the figure draws it), the briefing with the province's figure and its years. Wall time
and process CPU time are both printed: on a shared machine the wall time also counts other processes.

Run: .venv/bin/python bench/bench_report.py [--repeat 5] [--indicator forest_coverage] [--year 2025]
Prints medians; record the figures and the machine in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.atlas import load_atlas  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.simplify import simplify_coverage  # noqa: E402
from geo.summary import province_card  # noqa: E402
from layers.briefing import Briefing, briefing_docx  # noqa: E402
from layers.figure import FigureSpec, cjk_font, render  # noqa: E402
from layers.options import MapOptions  # noqa: E402
from ui.resources import DISPLAY_TOLERANCE_DEG  # noqa: E402


def timed(fn: Callable[[], bytes], repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds over `repeat` runs, and the size of the last result."""
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        size = len(fn())
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--indicator", default="forest_coverage")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    settings = Settings.from_env(os.environ)
    full = load_atlas(settings)
    ind = full.catalog.get(args.indicator)
    view = full.view(ind.id, args.year, "county")
    # The page draws the figure from its display geometry (simplified for the browser, as ui/resources.py does):
    # what the button uses.
    simplified = {lv: simplify_coverage(gdf, DISPLAY_TOLERANCE_DEG, None) for lv, gdf in full.boundaries.items()}
    display = replace(full, boundaries=simplified)
    shown = display.view(ind.id, args.year, "county")
    context = simplified.get("city")
    card = province_card(full.values(), full.regions, full.catalog, ind, args.year)
    t = time.perf_counter()
    font = cjk_font()
    print(f"CJK font registration (first call): {time.perf_counter() - t:.3f} s -> {font}")
    for mode in ("status", "value"):
        spec = FigureSpec(shown, ind, MapOptions(mode=mode), context, link="?indicator=x")
        render(spec, "png")  # warm: the font's first glyphs are cached by matplotlib
        for fmt in ("png", "svg", "pdf"):
            wall, cpu, size = timed(lambda spec=spec, fmt=fmt: render(spec, fmt), args.repeat)
            print(f"figure {mode:6} {fmt}: {wall:.2f} s wall, {cpu:.2f} s CPU, {size / 1e6:.2f} MB")
    brief = Briefing(view, ind, MapOptions(), shown=shown, context=context, province=card, link="?indicator=x")
    wall, cpu, size = timed(lambda: briefing_docx(brief), args.repeat)
    print(f"briefing docx: {wall:.2f} s wall, {cpu:.2f} s CPU, {size / 1e6:.2f} MB")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
