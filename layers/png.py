"""A static PNG of a view for reports (matplotlib, offline), coloured like the map with a legend."""
from __future__ import annotations

import io

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from geo.catalog import Indicator  # noqa: E402
from geo.i18n import Translator  # noqa: E402
from geo.rules import STATUSES  # noqa: E402
from layers.palette import STATUS_STYLES  # noqa: E402

_CJK_FONTS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Source Han Sans SC", "SimHei")


def cjk_font() -> str | None:
    """An installed font that can draw Chinese, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _CJK_FONTS if f in installed), None)


def render_png(view: gpd.GeoDataFrame, ind: Indicator, lang: str, context: gpd.GeoDataFrame | None = None) -> bytes:
    """PNG bytes of the view by attainment status; Chinese labels fall back to English when no CJK font exists."""
    font = cjk_font()
    lang = lang if (lang == "en" or font) else "en"
    tr = Translator(lang)
    status = view["status"].fillna("no_data").astype(str)
    fig, ax = plt.subplots(figsize=(7, 8), dpi=120)
    try:
        if font:
            plt.rcParams["font.family"] = font
        for s in STATUSES:
            part = view[status == s]
            if len(part):
                style = STATUS_STYLES[s]
                part.plot(ax=ax, color=style.fill, edgecolor="#666666", linewidth=0.3,
                          hatch="///" if s == "not_met" else ("..." if s == "no_data" else None))
        if context is not None:
            context.boundary.plot(ax=ax, color="#333333", linewidth=0.8)
        ax.set_axis_off()
        year = int(view["year"].iloc[0])
        ax.set_title(f"{ind.name(lang)} · {year}", fontsize=12)
        handles = [Patch(facecolor=STATUS_STYLES[s].fill, edgecolor="#666666",
                         label=f"{STATUS_STYLES[s].symbol} {tr.t(f'status_{s}')} ({int((status == s).sum())})")
                   for s in STATUSES if (status == s).any()]
        ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=True)
        if (view["provenance"] == "demo").any():
            fig.text(0.01, 0.01, tr.t("legend_demo"), fontsize=8, color="#8a3b00")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()
    finally:
        plt.close(fig)
