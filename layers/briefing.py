"""The briefing document of a view (DOCX, python-docx; opens in Word and WPS): title, summary sentences, the print
figure, the regions not meeting the target, the ranking, the trend over the years, sources and provenance.

Chinese by default, English on request; every value keeps its provenance, and a view with demo values says so
right under the summary and at the foot of the figure.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from matplotlib.figure import Figure

from geo.catalog import Indicator
from geo.i18n import Translator
from geo.numerals import clause_number
from geo.ranking import headers, ranking, shortfalls
from geo.scorecard import Card
from geo.sources import render_source
from geo.summary import number, summarize
from layers.figure import FigureSpec, font, render
from layers.options import MapOptions

EAST_ASIAN_FONT = "SimSun"  # 宋体: present wherever Word or WPS is installed in Chinese
DEMO_COLOUR = RGBColor(0x8A, 0x3B, 0x00)
SHORT_COLUMNS = ("region", "city", "value", "target", "gap")
RANK_COLUMNS = ("rank", "region", "city", "value", "target", "gap", "status_text", "provenance")


@dataclass(frozen=True)
class Briefing:
    """What one briefing is made of: the view (values and geometry), how the map colours it, where it comes from."""

    view: gpd.GeoDataFrame
    ind: Indicator
    options: MapOptions = field(default_factory=MapOptions)
    shown: gpd.GeoDataFrame | None = None  # lighter geometry for the figure (the page's display geometry)
    context: gpd.GeoDataFrame | None = None  # outlines drawn over the figure (cities)
    province: Card | None = None  # the province's figure of the year, with its years for the trend
    judged: bool = True  # the regions are judged against a target (else: by value)
    link: str = ""
    made: date | None = None
    plan: str = ""
    data_version: int = 0
    strings: Mapping[str, Mapping[str, str]] | None = None


def _document(lang: str) -> DocumentObject:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)  # 五号
    # Word and WPS pick the East Asian font from this attribute; without it Chinese falls back to whatever is set.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    return doc


def _table(
    doc: DocumentObject, frame: pd.DataFrame, columns: Sequence[str], names: Mapping[str, str], decimals: int
) -> None:
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, col in zip(table.rows[0].cells, columns):
        cell.text = names[col]
        cell.paragraphs[0].runs[0].bold = True
    for _, row in frame.iterrows():
        cells = table.add_row().cells
        for cell, col in zip(cells, columns):
            value = row[col]
            cell.text = (
                number(value, decimals)
                if col in ("value", "target", "gap")
                else ("—" if pd.isna(value) else str(value))
            )


def _trend_png(card: Card | None, ind: Indicator, tr: Translator) -> bytes | None:
    """A line of the province's figure over the years with the target, or None for fewer than two years."""
    if card is None or len(card.series) < 2:
        return None
    years = [y for y, _ in card.series]
    values = [v for _, v in card.series]
    fig = Figure(figsize=(6.0, 2.8), dpi=200)
    ax = fig.add_subplot()
    ax.plot(years, values, marker="o", color="#0072B2", linewidth=1.6, label=tr.t("level_province"))
    if card.target is not None:
        ax.axhline(card.target, color="#444444", linestyle=(0, (5, 3)), linewidth=1)
        ax.annotate(
            tr.t("col_target") + f" {number(card.target)}",
            (years[0], card.target),
            textcoords="offset points",
            xytext=(2, 3),
            fontproperties=font(7),
        )
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], fontproperties=font(7))
    for label in ax.get_yticklabels():
        label.set_fontproperties(font(7))
    unit = ind.unit_for(tr.lang)
    ax.set_ylabel(f"{ind.name(tr.lang)}" + (f"（{unit}）" if tr.lang == "zh" else f" ({unit})"), fontproperties=font(7))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _colon(tr: Translator) -> str:
    return "：" if tr.lang == "zh" else ": "


def _sources(doc: DocumentObject, b: Briefing, tr: Translator) -> None:
    view = b.view
    for prov in ("official", "derived", "user", "demo"):
        mine = view.loc[view["provenance"].astype("object") == prov, "source"].dropna().astype(str)
        if len(mine):
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(tr.t("brief_count", prov=tr.t(f"prov_{prov}"), k=len(mine)) + _colon(tr)).bold = True
            p.add_run(" | ".join(sorted({render_source(s, tr.t) for s in mine})))
    card = b.province
    if card is not None and card.value is not None:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{tr.t('level_province')} {card.year}" + _colon(tr)).bold = True
        p.add_run(
            f"{number(card.value)} {b.ind.unit_for(tr.lang)} · "
            + (tr.t(f"prov_{card.provenance}") if card.provenance else "—")
            + (f" · {render_source(card.source, tr.t)}" if card.source else "")
        )
    version = str(b.data_version) if b.data_version else tr.t("brief_version_builtin")
    made = (b.made or date.today()).isoformat()
    year = int(view["year"].iloc[0]) if len(view) else "—"
    doc.add_paragraph(tr.t("brief_meta", year=year, version=version, date=made))
    link = b.link or "—"
    if b.link and "://" not in b.link:
        link += " " + tr.t("fig_link_relative")
    doc.add_paragraph(tr.t("fig_link", link=link))


def briefing_docx(b: Briefing) -> bytes:
    """The DOCX bytes of a briefing in the options' language."""
    lang = b.options.lang
    tr = Translator(lang, b.strings)
    view, ind = b.view, b.ind
    doc = _document(lang)
    level = str(view["level"].iloc[0]) if len(view) else ""
    year = int(view["year"].iloc[0]) if len(view) else 0
    title = tr.t("brief_title", indicator=ind.name(lang), year=year, level=tr.t(f"level_{level}") if level else "")
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    clause = clause_number(ind.clause.section, ind.clause.item, lang)
    doc.add_paragraph(tr.t("brief_basis", plan=b.plan or "—", clause=clause, quote=ind.clause.quote))

    doc.add_heading(tr.t("brief_summary"), level=1)
    summary = summarize(view, ind, tr, b.province, b.judged)
    for sentence in summary.sentences[:1]:
        doc.add_paragraph(sentence)
    if summary.demo:
        run = doc.add_paragraph().add_run(summary.sentences[-1] + " " + tr.t("demo_banner"))
        run.bold, run.font.color.rgb = True, DEMO_COLOUR

    doc.add_heading(tr.t("brief_map"), level=1)
    drawn = b.shown if b.shown is not None else view
    spec = FigureSpec(drawn, ind, b.options, b.context, b.link, b.made, b.strings)
    doc.add_picture(io.BytesIO(render(spec, "png")), width=Cm(16))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    table = ranking(view, ind, tr)
    names = headers(tr)
    unit = ind.unit_for(lang)
    if unit:
        names = {
            **names,
            **{c: f"{names[c]}（{unit}）" if lang == "zh" else f"{names[c]} ({unit})" for c in SHORT_COLUMNS[2:]},
        }
    if b.judged:
        doc.add_heading(tr.t("brief_short"), level=1)
        short = shortfalls(table)
        if len(short):
            _table(doc, short, SHORT_COLUMNS, names, ind.decimals)
        else:
            doc.add_paragraph(tr.t("brief_short_none"))

    doc.add_heading(tr.t("brief_ranking"), level=1)
    columns = RANK_COLUMNS if b.judged else tuple(c for c in RANK_COLUMNS if c != "status_text")
    _table(doc, table, columns, names, ind.decimals)

    doc.add_heading(tr.t("brief_trend"), level=1)
    chart = _trend_png(b.province, ind, tr) if b.province is not None else None
    if chart is None:
        doc.add_paragraph(tr.t("brief_trend_none"))
    else:
        doc.add_picture(io.BytesIO(chart), width=Cm(15))

    doc.add_heading(tr.t("brief_sources"), level=1)
    _sources(doc, b, tr)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
