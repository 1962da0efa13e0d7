"""layers/png.py: a report's PNG draws Chinese and the status symbols with real glyphs, and leaves matplotlib's
process-wide state (rcParams, pyplot's figures) as it found it: the server renders PNGs in several threads."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib
import pytest

from layers import png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(png.cjk_font() is None, reason="no CJK font: install fonts-wqy-zenhei")


def _view(tiny_view):
    # Chinese county names, demo values (the demo note at the foot), several statuses (their symbols ✓ ≈ ✗ ?).
    return tiny_view((70.0, 62.0, 50.0, None), provenances=["demo"] * 4)


def _glyphs_missing(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def test_a_chinese_png_has_every_glyph_and_changes_no_global_state(tiny_view, catalog_for_maps) -> None:
    view, ind = _view(tiny_view), catalog_for_maps.get("forest_coverage")
    before = dict(matplotlib.rcParams)
    import matplotlib.pyplot as plt  # geopandas imports it; the PNG must not use its shared figures

    figures = plt.get_fignums()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = png.render_png(view, ind, "zh")
    assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000
    assert _glyphs_missing(caught) == []
    assert dict(matplotlib.rcParams) == before  # no font or anything else set for the whole process
    assert plt.get_fignums() == figures  # no pyplot figure made (or left open)


def test_the_check_would_see_boxes() -> None:
    # The warning the test above looks for is what matplotlib says when it draws a box instead of a character.
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fig = Figure()
    fig.text(0.1, 0.5, "森林覆盖率 ✓", fontproperties=FontProperties(family=["DejaVu Sans"]))
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def test_pngs_drawn_at_once_in_threads_keep_their_own_fonts(tiny_view, catalog_for_maps) -> None:
    view, ind = _view(tiny_view), catalog_for_maps.get("forest_coverage")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ThreadPoolExecutor(4) as pool:
            pngs = list(pool.map(lambda lang: png.render_png(view, ind, lang), ["zh", "en"] * 4))
    assert all(p.startswith(PNG_SIGNATURE) for p in pngs)
    assert _glyphs_missing(caught) == []


def test_the_cjk_font_is_registered_before_the_first_figure_even_if_matplotlib_did_not_list_it(tmp_path) -> None:
    # matplotlib's font cache may predate the font package: then the font manager does not know the font, and the
    # first export after a start drew Chinese as boxes (or in English). Importing layers.png registers the font by
    # its file. Run in a fresh process: the font manager is process-wide.
    script = """
import warnings
from matplotlib import font_manager
fm = font_manager.fontManager
fm.ttflist = [f for f in fm.ttflist if f.name not in ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                                                       "Source Han Sans SC", "SimHei")]
from matplotlib.figure import Figure
from layers import png
assert png.cjk_font() is not None, "layers.png registered no CJK font"
fig = Figure()
fig.text(0.1, 0.5, "森林覆盖率 · 达标 ✓", fontproperties=png._font(12))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig.savefig(__import__("io").BytesIO(), format="png")
missing = [str(w.message) for w in caught if "missing" in str(w.message)]
assert not missing, missing
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(Path(png.__file__).resolve().parents[1]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
