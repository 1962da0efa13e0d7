"""A static PNG of a view for reports (matplotlib, offline), coloured like the map with a legend.

Safe in a threaded server: each PNG is its own `matplotlib.figure.Figure` (no pyplot, whose current figure is
shared by threads), and fonts go with each text (`FontProperties`), never through the process-wide
`matplotlib.rcParams`. The CJK font is registered with matplotlib's font manager when this module is imported,
before any figure, so that even the first export after a start draws Chinese (matplotlib's font cache may have
been built before the font was installed, and then does not know it).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no display on a server (geopandas imports pyplot; we never draw through it)
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from geo.catalog import Indicator  # noqa: E402
from geo.i18n import Translator  # noqa: E402
from geo.rules import STATUSES  # noqa: E402
from layers.palette import STATUS_STYLES  # noqa: E402

_CJK_FONTS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Source Han Sans SC", "SimHei")
# Where Debian puts them (fonts-wqy-zenhei, fonts-noto-cjk, fonts-wqy-microhei): registered by file, whatever the
# state of matplotlib's font cache.
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)
# Characters the CJK fonts may lack (the status symbols ✓ ≈ ✗): matplotlib falls back, glyph by glyph, along the
# family list.
FALLBACK_FAMILY = "DejaVu Sans"


def _register(files: tuple[Path, ...] = CJK_FONT_FILES) -> None:
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in files:
        if path.is_file() and str(path) not in known:
            font_manager.fontManager.addfont(str(path))


_register()  # at import: before the first figure


@cache
def cjk_font() -> str | None:
    """An installed font that can draw Chinese, or None (the font manager's list does not change after start)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _CJK_FONTS if f in installed), None)


def _font(size: float) -> FontProperties:
    cjk = cjk_font()
    return FontProperties(family=[cjk, FALLBACK_FAMILY] if cjk else [FALLBACK_FAMILY], size=size)


def render_png(view: gpd.GeoDataFrame, ind: Indicator, lang: str, context: gpd.GeoDataFrame | None = None) -> bytes:
    """PNG bytes of the view by attainment status; Chinese labels fall back to English when no CJK font exists."""
    lang = lang if (lang == "en" or cjk_font()) else "en"
    tr = Translator(lang)
    status = view["status"].fillna("no_data").astype(str)
    fig = Figure(figsize=(7, 8), dpi=120)  # not pyplot's: nothing shared with other threads, nothing to close
    ax = fig.add_subplot()
    for s in STATUSES:
        part = view[status == s]
        if len(part):
            style = STATUS_STYLES[s]
            part.plot(
                ax=ax,
                color=style.fill,
                edgecolor="#666666",
                linewidth=0.3,
                hatch="///" if s == "not_met" else ("..." if s == "no_data" else None),
            )
    if context is not None:
        context.boundary.plot(ax=ax, color="#333333", linewidth=0.8)
    ax.set_axis_off()
    year = int(view["year"].iloc[0])
    ax.set_title(f"{ind.name(lang)} · {year}", fontproperties=_font(12))
    handles = [
        Patch(
            facecolor=STATUS_STYLES[s].fill,
            edgecolor="#666666",
            label=f"{STATUS_STYLES[s].symbol} {tr.t(f'status_{s}')} ({int((status == s).sum())})",
        )
        for s in STATUSES
        if (status == s).any()
    ]
    ax.legend(handles=handles, loc="lower right", prop=_font(8), frameon=True)
    if (view["provenance"] == "demo").any():
        fig.text(0.01, 0.01, tr.t("legend_demo"), fontproperties=_font(8), color="#8a3b00")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()
