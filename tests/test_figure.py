"""layers/figure.py: the print figure. Golden checks: a 300 dpi PNG of the expected size, SVG and PDF that parse, the
map's legend (its very rows and counts) with symbols drawn as shapes, every region's label, scale bar, north arrow,
title, target, sources, the demo warning only with demo values, and no glyph drawn as a box (Chinese included)."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import docx
import matplotlib
import pytest
from defusedxml import ElementTree
from PIL import Image

from geo.i18n import Translator
from layers import figure
from layers.figure import FigureSpec, draw, render
from layers.options import MapOptions
from layers.styles import styles

pytestmark = pytest.mark.skipif(figure.cjk_font() is None, reason="no CJK font: make run installs one")


def _spec(tiny_view, catalog_for_maps, lang="zh", mode="status", demo=True) -> FigureSpec:
    view = tiny_view((70.0, 62.5, 50.0, None), provenances=["demo" if demo else "official"] * 4)
    ind = catalog_for_maps.get("forest_coverage")
    return FigureSpec(
        view, ind, MapOptions(mode=mode, lang=lang), link="?indicator=forest_coverage", made=date(2026, 12, 2)
    )


def _missing(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "Glyph" in str(w.message) and "missing" in str(w.message)]


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def test_the_png_is_300_dpi_at_print_size_with_no_glyph_missing(tiny_view, catalog_for_maps) -> None:
    before = dict(matplotlib.rcParams)
    import matplotlib.pyplot as plt  # geopandas imports it; the figure must not use its shared figures

    figures = plt.get_fignums()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = render(_spec(tiny_view, catalog_for_maps), "png")
    assert _missing(caught) == []
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (2250, 3000)
    assert [round(d) for d in image.info["dpi"]] == [300, 300]
    assert image.info["Title"] == "森林覆盖率 · 2024年 · 县（市、区）"
    assert dict(matplotlib.rcParams) == before and plt.get_fignums() == figures  # nothing process-wide touched


def test_the_legend_is_the_maps_with_counts_and_symbols_drawn_as_shapes(tiny_view, catalog_for_maps) -> None:
    spec = _spec(tiny_view, catalog_for_maps)
    _, rows = styles(spec.view, spec.ind, spec.options, Translator("zh"))
    legend = draw(spec).axes[0].get_legend()
    assert legend.get_title().get_text() == "达标情况"
    assert [t.get_text() for t in legend.get_texts()] == [f"{r.label} ({r.count})" for r in rows]
    assert [t.get_text() for t in legend.get_texts()] == ["达标 (1)", "接近目标 (1)", "未达标 (1)", "无数据 (1)"]
    # No ✓ ≈ ✗ characters anywhere: the symbols are marker paths (a font may lack them and draw a box).
    assert not any(ch in text for text in _texts(draw(spec)) for ch in "✓≈✗")
    assert isinstance(figure.MARKERS["met"], matplotlib.path.Path)


def test_a_value_view_has_the_maps_class_breaks(tiny_view, catalog_for_maps) -> None:
    spec = _spec(tiny_view, catalog_for_maps, mode="value")
    _, rows = styles(spec.view, spec.ind, spec.options, Translator("zh"))
    legend = draw(spec).axes[0].get_legend()
    assert legend.get_title().get_text() == "数值分级"
    assert [t.get_text() for t in legend.get_texts()] == [f"{r.label} ({r.count})" for r in rows]


def test_labels_title_target_scale_north_sources_date_link(tiny_view, catalog_for_maps) -> None:
    spec = _spec(tiny_view, catalog_for_maps)
    fig = draw(spec)
    texts = _texts(fig)
    labels = {t.get_gid(): t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label-")}
    marks = spec.view["value"].notna().map({True: "*", False: ""})  # * = a demo value; no value, no mark
    assert labels == {f"label-{c}": f"{n}{marks[c]}" for c, n in spec.view["name_zh"].items()}
    assert "森林覆盖率 · 2024年 · 县（市、区）" in texts
    assert "目标 ≥ 63.1 %，2026年" in texts
    assert "5 公里" in texts and "北" in texts  # scale bar in km and the north arrow
    assert any(t.startswith("数据来源：演示数据（非官方）（3）") for t in texts)
    assert "制图日期：2026-12-02" in texts
    assert any("?indicator=forest_coverage" in t and "GANPO_PUBLIC_URL" in t for t in texts)
    gids = {a.get_gid() for a in fig.findobj() if a.get_gid()}
    assert {"title", "target", "legend", "scale-bar", "north-arrow", "demo-warning"} <= gids


def test_the_demo_warning_only_with_demo_values(tiny_view, catalog_for_maps) -> None:
    fig = draw(_spec(tiny_view, catalog_for_maps, demo=False))
    assert "demo-warning" not in {a.get_gid() for a in fig.findobj()}
    assert not any("演示" in t for t in _texts(fig))


def test_svg_and_pdf_are_vectors_that_parse_with_no_glyph_missing(tiny_view, catalog_for_maps) -> None:
    spec = _spec(tiny_view, catalog_for_maps, lang="en")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg, pdf = render(spec, "svg"), render(spec, "pdf")
    assert _missing(caught) == []
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg") and root.find(".//{http://www.w3.org/2000/svg}path") is not None
    assert b"Forest coverage \xc2\xb7 2024 \xc2\xb7 Counties" in svg  # the title, kept as a comment beside its paths
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_an_unknown_format_names_the_formats(tiny_view, catalog_for_maps) -> None:
    with pytest.raises(Exception, match="figure format 'gif' is unknown; use one of png, svg, pdf"):
        render(_spec(tiny_view, catalog_for_maps), "gif")


def test_figures_drawn_at_once_in_threads_keep_their_own_fonts(tiny_view, catalog_for_maps) -> None:
    specs = [_spec(tiny_view, catalog_for_maps, lang=lang) for lang in ("zh", "en") * 2]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ThreadPoolExecutor(4) as pool:
            pngs = list(pool.map(lambda s: render(s, "png"), specs))
    assert all(p.startswith(b"\x89PNG") for p in pngs) and _missing(caught) == []


def test_the_check_would_see_boxes() -> None:
    # What the tests above look for is what matplotlib says when it draws a box instead of a character.
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fig = Figure()
    fig.text(0.1, 0.5, "森林覆盖率", fontproperties=FontProperties(family=["DejaVu Sans"]))
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        fig.savefig(io.BytesIO(), format="png")


def test_the_cjk_font_is_registered_before_the_first_figure_even_if_matplotlib_did_not_list_it() -> None:
    # matplotlib's font cache may predate the font package: then its font manager does not know the font, and the
    # first export after a start drew boxes. cjk_font() registers the font by its file before any figure. A fresh
    # process: the font manager is process-wide.
    script = """
import io, warnings
from datetime import date
from matplotlib import font_manager
fm = font_manager.fontManager
fm.ttflist = [f for f in fm.ttflist if "WenQuanYi" not in f.name and "CJK" not in f.name]
from layers import figure
assert figure.cjk_font() is not None, "no CJK font registered"
from matplotlib.figure import Figure
fig = Figure()
fig.text(0.1, 0.5, "森林覆盖率 · 达标 ≥ 63.1 %", fontproperties=figure.font(12))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig.savefig(io.BytesIO(), format="png")
missing = [str(w.message) for w in caught if "missing" in str(w.message)]
assert not missing, missing
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(Path(figure.__file__).resolve().parents[1]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_packaged_font_is_found_first() -> None:
    # make run installs it (requirements-data.txt): no Debian font needed for the figure.
    files = figure.font_files()
    assert files and files[0].name == "wqy-microhei.ttc" and "paperang_p2_fonts_cjk" in str(files[0])


def test_the_export_registry_writes_the_figure_and_the_briefing(tiny_view, catalog_for_maps) -> None:
    from layers.formats import Export, export_bytes, formats_for

    view = tiny_view((70.0, 50.0))
    meta = {"link": "?indicator=forest_coverage", "downloaded": "2026-12-02", "data_version": 2}
    export = Export(view, meta, "t", ind=catalog_for_maps.get("forest_coverage"), options=MapOptions(mode="value"))
    assert formats_for("indicator")[-4:] == ("png", "svg", "pdf", "docx")
    assert Image.open(io.BytesIO(export_bytes("png", export))).info["dpi"][0] == pytest.approx(300, abs=0.01)
    assert export_bytes("pdf", export).startswith(b"%PDF-")
    doc = docx.Document(io.BytesIO(export_bytes("docx", export)))
    assert "数据版本：2；生成日期：2026-12-02" in "\n".join(p.text for p in doc.paragraphs)


def test_an_export_without_options_colours_a_view_of_shares_by_value(tiny_view, catalog_for_maps) -> None:
    from layers.formats import Export, _options

    shares = tiny_view((10.0, 20.0, 30.0), indicator="nature_reserve_area")
    assert set(shares["status"]) == {"no_target"}  # a county holds a share of the province's total: no target
    assert _options(Export(shares, {}, "t", ind=catalog_for_maps.get("nature_reserve_area"))).mode == "value"
    assert _options(Export(tiny_view(), {}, "t", ind=catalog_for_maps.get("forest_coverage"))).mode == "status"
