"""The print figure of a view (matplotlib, offline): PNG at 300 dpi, SVG and PDF as vectors.

It shows what the map shows: the view's own colouring (attainment, or value classes with the very breaks of the
map's legend, `layers.styles.styles`) and legend with counts, status symbols drawn as marker shapes (not font
glyphs, which a font may lack), region labels, a scale bar in km, a north arrow, a title with indicator, year and
level, the target, the sources by provenance, the demo warning when it applies, the date and the view's link.

Safe in a threaded server: each figure is its own `matplotlib.figure.Figure` (no pyplot), fonts go with each text
(`FontProperties`), never through the process-wide `rcParams`. The CJK font (a file that `make run` installs from a
package) is registered with matplotlib's font manager by `cjk_font()` before any figure is drawn: matplotlib's font
cache may have been built before the font was installed, and then does not know it.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import matplotlib
import pandas as pd

matplotlib.use("Agg")  # no display on a server (geopandas imports pyplot; we never draw through it)
from matplotlib import font_manager  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.legend_handler import HandlerTuple  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.path import Path as MPath  # noqa: E402
from PIL import Image  # noqa: E402
from PIL.PngImagePlugin import PngInfo  # noqa: E402

from geo.catalog import Indicator  # noqa: E402
from geo.errors import AtlasError  # noqa: E402
from geo.i18n import Translator  # noqa: E402
from geo.sources import render_source  # noqa: E402
from layers.legend import LegendRow  # noqa: E402
from layers.options import MapOptions  # noqa: E402
from layers.palette import PROVENANCE_MARKS, STATUS_STYLES  # noqa: E402
from layers.styles import styles, target_line  # noqa: E402

# Families that draw Chinese, the packaged one first (what `make run` installs), then Debian's.
CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei")
DEBIAN_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
FALLBACK_FAMILY = "DejaVu Sans"  # matplotlib's own: ≥ ≤ µ ³ and Latin, glyph by glyph after the CJK family
DPI = 300
SIZE_IN = (7.5, 10.0)  # a portrait figure that fits an A4 page with margins


def font_files() -> tuple[Path, ...]:
    """Font files that can draw Chinese: the one shipped by the font package (requirements-data.txt), then Debian's."""
    out = []
    try:
        packaged = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        out.append(Path(str(packaged)))
    except ModuleNotFoundError:  # the package is missing: Debian's fonts may still be there
        pass
    return tuple(p for p in (*out, *DEBIAN_FONT_FILES) if p.is_file())


@cache
def cjk_font() -> str | None:
    """Register the CJK font files with matplotlib (once, before any figure) and name a family that draws Chinese."""
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_files():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FAMILIES if f in installed), None)


def font(size: float, weight: str = "normal") -> FontProperties:
    """Text properties: the CJK family with matplotlib's own as the fallback for symbols it lacks."""
    cjk = cjk_font()
    return FontProperties(family=[cjk, FALLBACK_FAMILY] if cjk else [FALLBACK_FAMILY], size=size, weight=weight)


# Status symbols as marker shapes (a tick, two waves, a cross, ...): the map's ✓ ≈ ✗ ? drawn without any font.
def _path(*strokes: list[tuple[float, float]]) -> MPath:
    verts, codes = [], []
    for stroke in strokes:
        verts += stroke
        codes += [MPath.MOVETO] + [MPath.LINETO] * (len(stroke) - 1)
    return MPath(verts, codes)


# A question mark: an arc over a short stem, and its dot (mathtext's "$?$" would share fonts between threads).
_HOOK = [(0.22 * math.cos(a), 0.22 + 0.22 * math.sin(a)) for a in (math.radians(d) for d in range(160, -91, -25))]
_HOOK += [(0.0, -0.02), (0.0, -0.2)]
_WAVE = [(x / 12 - 0.5, 0.1 * math.sin(x * math.pi / 3)) for x in range(13)]
MARKERS: Mapping[str, MPath | str] = MappingProxyType(
    {
        "met": _path([(-0.5, 0.0), (-0.15, -0.4), (0.5, 0.45)]),
        "near": _path([(x, y + 0.18) for x, y in _WAVE], [(x, y - 0.18) for x, y in _WAVE]),
        "not_met": _path([(-0.4, -0.4), (0.4, 0.4)], [(-0.4, 0.4), (0.4, -0.4)]),
        "no_data": _path(_HOOK, [(0.0, -0.36), (0.0, -0.46)]),
        "tracked": ".",
        "no_target": "_",
    }
)
# The legend rows carry the map's symbol characters; each is drawn as its status's marker shape.
_STATUS_OF_SYMBOL = {style.symbol: status for status, style in STATUS_STYLES.items()}
INK = "#222222"
DEMO_INK = "#8a3b00"


@dataclass(frozen=True)
class FigureSpec:
    """What one figure shows: a view (its geometry drawn), its indicator, the map's colouring, where it comes from."""

    view: gpd.GeoDataFrame
    ind: Indicator
    options: MapOptions = field(default_factory=MapOptions)
    context: gpd.GeoDataFrame | None = None  # outlines drawn over it (cities)
    link: str = ""
    made: date | None = None
    strings: Mapping[str, Mapping[str, str]] | None = None  # a region pack's overrides of the interface strings


def _projected(gdf: gpd.GeoDataFrame, lon0: float, outline: bool = False) -> gpd.GeoDataFrame:
    """In metres, on a transverse Mercator centred on the view (north is up, the scale bar is true); with `outline`,
    the outer outline of all the shapes (dissolved before simplifying: simplified neighbours leave slivers)."""
    crs = f"+proj=tmerc +lat_0=0 +lon_0={lon0:.3f} +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    out = gdf.to_crs(crs)
    if outline:
        out = out.dissolve()
    # ~100 m is far below a printed line's width at this scale; it keeps vectors small and drawing fast.
    out["geometry"] = out.geometry.simplify(100, preserve_topology=True)
    return out


def _status_marker(status: str) -> dict[str, Any]:
    marker = MARKERS.get(status, ".")
    filled = status in ("tracked",)
    return {
        "marker": marker,
        "markeredgecolor": INK,
        "markerfacecolor": INK if filled else "none",
        "markeredgewidth": 0.9 if isinstance(marker, MPath) else 0.5,
        "linestyle": "none",
    }


def _legend(ax: Axes, rows: tuple[LegendRow, ...], title: str, by_status: bool) -> None:
    handles, labels = [], []
    for r in rows:
        patch = Patch(
            facecolor=to_rgba(r.fill, STATUS_STYLES[_STATUS_OF_SYMBOL[r.symbol]].opacity if by_status else 0.8),
            edgecolor="#666666",
            linewidth=0.6,
            linestyle=(0, (3, 2)) if r.dash else "-",
        )
        parts: list[Artist] = [patch]
        status = _STATUS_OF_SYMBOL.get(r.symbol)
        if by_status and status:
            parts.append(Line2D([], [], markersize=6, **_status_marker(status)))
        elif r.symbol == "◎":  # the value class that holds the target: a ringed dot, as the map's ◎
            parts.append(
                Line2D([], [], marker="o", markersize=6, markerfacecolor="none", markeredgecolor=INK, linestyle="none")
            )
            parts.append(Line2D([], [], marker="o", markersize=1.5, color=INK, linestyle="none"))
        handles.append(tuple(parts))
        labels.append(f"{r.label} ({r.count})")
    legend = ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=1)},  # the symbol over its swatch, as in the map's legend
        loc="lower right",
        prop=font(7),
        title=title,
        title_fontproperties=font(7.5, "bold"),
        frameon=True,
        framealpha=0.9,
        edgecolor="#999999",
        handlelength=2.2,
        handleheight=1.2,
        borderpad=0.6,
    )
    legend.set_gid("legend")


Box = tuple[float, float, float, float]  # left, bottom, right, top in points


def _label_size(text: str, size: float) -> tuple[float, float]:
    """A label's width and height in points, estimated (Chinese characters a square, others ~0.6 of one)."""
    width = sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)
    return width, 1.25 * size


def _free(box: Box, taken: list[Box]) -> bool:
    return all(box[2] <= b[0] or b[2] <= box[0] or box[3] <= b[1] or b[3] <= box[1] for b in taken)


def _labels(fig: Figure, ax: Axes, shown: gpd.GeoDataFrame, view: gpd.GeoDataFrame, lang: str, by_status: bool) -> None:
    """Each region's name near a point inside it (with the mark of a demo or user value), under its status symbol.

    Larger regions are named first; a name that would cover one already placed (or a symbol) moves above, right,
    left or to a corner of its point, and stays where it was first meant to be only when every place is taken
    (Nanchang's small districts), so that every region is named."""
    points = shown.geometry.representative_point()
    names = _short_names(view, lang)
    status = view["status"].astype("object").where(view["status"].notna(), "no_data").astype(str)
    size = 4.2 if len(view) > 30 else 7
    # Points per data unit: the axes keep the aspect, so one scale for both directions.
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    box = ax.get_position()
    width_pt, height_pt = box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72
    scale = min(width_pt / (x1 - x0), height_pt / (y1 - y0))
    at = {code: (pt.x * scale, pt.y * scale) for code, pt in points.items()}
    marker = 3.6
    taken: list[Box] = (
        [(x - marker / 2, y - marker / 2, x + marker / 2, y + marker / 2) for x, y in at.values()] if by_status else []
    )
    order = shown.geometry.area.sort_values(ascending=False).index
    for code in order:
        prov = view.at[code, "provenance"]
        text = names[code] + (PROVENANCE_MARKS.get(str(prov), "") if pd.notna(prov) else "")
        w, h = _label_size(text, size)
        x, y = at[code]
        gap = marker / 2 + 0.6 if by_status else 0.0
        # Centres to try: under the symbol (or on the point), above it, right of it, left of it.
        tries = [(x, y - gap - h / 2), (x, y + gap + h / 2), (x + gap + w / 2, y), (x - gap - w / 2, y)]
        # then the corners, then a line further down or up
        tries += [(x + sx * (gap + w / 2), y + sy * (gap + h / 2)) for sy in (-1, 1) for sx in (1, -1)]
        tries += [(x, y - gap - 1.5 * h), (x, y + gap + 1.5 * h)]
        if not by_status:
            tries[0] = (x, y)
        cx, cy = next(
            (c for c in tries if _free((c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2), taken)), tries[0]
        )
        taken.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        label = ax.text(
            cx / scale,
            cy / scale,
            text,
            fontproperties=font(size),
            ha="center",
            va="center",
            color=INK,
            zorder=6,
        )
        label.set_gid(f"label-{code}")
        if by_status:
            ax.plot([x / scale], [y / scale], markersize=marker, zorder=5, **_status_marker(status[code]))


_EN_SUFFIXES = (" County", " District", " City", " Autonomous County")


def _short_names(view: pd.DataFrame, lang: str) -> pd.Series:
    """Labels: Chinese names as they are; English ones without County / District / City where they stay unique
    (a hundred 'Xinjian District' labels crowd the page)."""
    if lang != "en":
        return view["name_zh"].astype(str)
    full = view["name_en"].astype(str)
    short = full.map(lambda n: next((n[: -len(s)] for s in _EN_SUFFIXES if n.endswith(s)), n))
    return short.where(~short.duplicated(keep=False), full)  # Anyuan District and Anyuan County keep their word


def _nice_km(width_m: float) -> int:
    """A round scale-bar length near a fifth of the map's width."""
    goal = width_m / 5000
    return max([n for n in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if n <= goal] or [5])


def _scale_bar(ax: Axes, tr: Translator) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice_km(x1 - x0)
    left, bottom, height = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0), 0.008 * (y1 - y0)
    half = km * 500
    for i, colour in enumerate((INK, "white")):
        ax.add_patch(
            Rectangle((left + i * half, bottom), half, height, facecolor=colour, edgecolor=INK, lw=0.6, zorder=7)
        )
    for x, text in ((left, "0"), (left + half, f"{km / 2:g}"), (left + 2 * half, tr.t("fig_km", km=km))):
        ax.text(x, bottom + 1.8 * height, text, fontproperties=font(6), ha="center", va="bottom", zorder=7)
    ax.patches[-1].set_gid("scale-bar")


def _north_arrow(ax: Axes, tr: Translator) -> None:
    ax.annotate(
        "",
        xy=(0.94, 0.97),
        xytext=(0.94, 0.89),
        xycoords="axes fraction",
        arrowprops={"facecolor": INK, "edgecolor": INK, "width": 2.5, "headwidth": 9, "headlength": 10},
        zorder=7,
    ).set_gid("north-arrow")
    ax.text(0.94, 0.865, tr.t("fig_north"), transform=ax.transAxes, fontproperties=font(9, "bold"), ha="center")


def _sources(view: pd.DataFrame, tr: Translator) -> list[str]:
    """'Provenance: source | source' per provenance present, official first."""
    lines = []
    for prov in ("official", "derived", "user", "demo"):
        mine = view.loc[view["provenance"].astype("object") == prov, "source"].dropna().astype(str)
        if len(mine):
            texts = sorted({render_source(s, tr.t) for s in mine})  # the project's own texts in the language
            lines.append(f"{tr.t(f'prov_{prov}')}（{len(mine)}）：" + " | ".join(texts))
    return lines


def _footer(fig: Figure, spec: FigureSpec, tr: Translator) -> None:
    view, lang = spec.view, tr.lang
    width = 62 if lang == "zh" else 120  # characters per line at 6.5 pt across the page
    lines: list[tuple[str, str]] = []
    src = _sources(view, tr)
    first = f"{tr.t('fig_sources')}：" if lang == "zh" else f"{tr.t('fig_sources')}: "
    for i, line in enumerate(src or ["—"]):
        for part in textwrap.wrap((first if i == 0 else "") + line, width)[:3]:
            lines.append((part, INK))
    demo = int((view["provenance"].astype("object") == "demo").sum())
    user = int((view["provenance"].astype("object") == "user").sum())
    if demo:
        lines += [(p, DEMO_INK) for p in textwrap.wrap(tr.t("fig_demo", k=demo), width)]
    if user:
        lines += [(p, INK) for p in textwrap.wrap(tr.t("fig_user", k=user), width)]
    made = (spec.made or date.today()).isoformat()
    link = spec.link or "—"
    if spec.link and "://" not in spec.link:
        link += " " + tr.t("fig_link_relative")
    lines.append((tr.t("fig_made", date=made), INK))
    lines += [(p, INK) for p in textwrap.wrap(tr.t("fig_link", link=link), width + 10, break_on_hyphens=False)]
    y = 0.165
    for text, colour in lines[:14]:
        t = fig.text(0.05, y, text, fontproperties=font(6.5), color=colour, va="top")
        if colour == DEMO_INK:
            t.set_gid("demo-warning")
        y -= 0.0115


def draw(spec: FigureSpec) -> Figure:
    """The figure of a view, ready to save in any format."""
    lang = spec.options.lang
    tr = Translator(lang, spec.strings)
    view, ind = spec.view, spec.ind
    looks, rows = styles(view, ind, spec.options, tr)
    by_status = spec.options.mode != "value"
    bounds = view.to_crs("EPSG:4326").total_bounds if len(view) else (0.0, 0.0, 0.0, 0.0)
    lon0 = float(bounds[0] + bounds[2]) / 2
    shown = _projected(view[["geometry"]], lon0)
    fig = Figure(figsize=SIZE_IN, dpi=DPI)  # not pyplot's: nothing shared with other threads, nothing to close
    ax = fig.add_axes((0.03, 0.19, 0.94, 0.72))
    fills = [to_rgba(looks[c]["fillColor"], looks[c]["fillOpacity"]) for c in shown.index]
    edges = ["#888888" if looks[c].get("dashArray") else "#ffffff" for c in shown.index]
    shown.plot(ax=ax, color=fills, edgecolor=edges, linewidth=0.35)
    if spec.context is not None and len(spec.context):
        _projected(spec.context[["geometry"]], lon0).boundary.plot(ax=ax, color="#444444", linewidth=0.7)
    # The province's outline: from the context's few shapes (cities) when there are some, a third of the time.
    whole = spec.context if spec.context is not None and len(spec.context) else view
    _projected(whole[["geometry"]], lon0, outline=True).boundary.plot(ax=ax, color=INK, linewidth=1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    pad = 0.03 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    _labels(fig, ax, shown, view, lang, by_status)
    _scale_bar(ax, tr)
    _north_arrow(ax, tr)
    level = str(view["level"].iloc[0]) if len(view) else ""
    year = int(view["year"].iloc[0]) if len(view) else 0
    title = tr.t("fig_title", indicator=ind.name(lang), year=year, level=tr.t(f"level_{level}") if level else "")
    fig.text(0.5, 0.975, title, fontproperties=font(14, "bold"), ha="center", va="top").set_gid("title")
    fig.text(0.5, 0.945, target_line(ind, tr), fontproperties=font(9), ha="center", va="top").set_gid("target")
    _legend(ax, rows, tr.t("legend_status_title" if by_status else "legend_value_title"), by_status)
    _footer(fig, spec, tr)
    return fig


def _save(fmt: str, dpi: int) -> Callable[[Figure, str], bytes]:
    def save(fig: Figure, title: str) -> bytes:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Title": title})
        return buf.getvalue()

    return save


def _png(fig: Figure, title: str) -> bytes:
    """PNG at 300 dpi: drawn by Agg, written by PIL as RGB (the page is opaque) at zlib level 1, which takes a third
    of the time of matplotlib's RGBA at level 6 for a file of the same size (bench/README.md)."""
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=DPI)
    width, height = (round(d * DPI) for d in fig.get_size_inches())
    image = Image.frombuffer("RGBA", (width, height), raw.getvalue()).convert("RGB")
    info = PngInfo()
    info.add_text("Title", title)
    info.add_text("Software", f"matplotlib {matplotlib.__version__}")
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI), pnginfo=info, compress_level=1)
    return out.getvalue()


# Figure format -> how a figure is written (the registry the export formats and `geo report --format` use).
FIGURE_FORMATS: Mapping[str, Callable[[Figure, str], bytes]] = MappingProxyType(
    {"png": _png, "svg": _save("svg", 72), "pdf": _save("pdf", 72)}
)


def render(spec: FigureSpec, fmt: str = "png") -> bytes:
    """The figure's file: PNG at 300 dpi, or SVG / PDF as vectors."""
    if fmt not in FIGURE_FORMATS:
        raise AtlasError(f"figure format {fmt!r} is unknown", f"use one of {', '.join(FIGURE_FORMATS)}")
    fig = draw(spec)
    title = str(fig.texts[0].get_text()) if fig.texts else ""
    return FIGURE_FORMATS[fmt](fig, title)
