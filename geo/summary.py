"""The summary of a view in a few sentences, in the page's language, from the view's own numbers.

"2025年，100个县（市、区）中39个森林覆盖率达到2026年目标（≥ 63.1 %），5个接近，56个未达；差距最大的是……；
全省（官方数据）63.1 %。" The counts are the legend's: a region without a status counts as no data, as on the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.catalog import Catalog, Indicator
from geo.i18n import Translator
from geo.rules import RULES, STATUSES
from geo.scorecard import Card, card, top_values

# Statuses beyond met / near / not met that the first sentence names only when some region has them.
_EXTRA = ("no_data", "tracked", "no_target")


@dataclass(frozen=True)
class Summary:
    """The sentences of a view and the numbers they state (status counts as the legend's, demo values)."""

    sentences: tuple[str, ...]
    counts: dict[str, int]
    demo: int

    @property
    def text(self) -> str:
        """All sentences as one paragraph."""
        # Chinese sentences follow each other without a space; English ones with one.
        return "".join(s if s.endswith("。") else s + " " for s in self.sentences).strip()


def number(value: Any, digits: int = 2) -> str:
    """A value for people: trimmed decimals, '—' when missing."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(value):,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def with_unit(value: Any, ind: Indicator, lang: str) -> str:
    """'63.1 %' style: the value to the catalog's decimals and the indicator's unit in the language."""
    unit = ind.unit_for(lang)
    return f"{number(value, ind.decimals)} {unit}".strip() if value is not None and not pd.isna(value) else "—"


def status_tally(view: pd.DataFrame) -> dict[str, int]:
    """How many regions have each status (a missing status is no data, as the legend counts it), in STATUSES order."""
    counts = view["status"].astype("object").where(view["status"].notna(), "no_data").astype(str).value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def target_phrase(view: pd.DataFrame, ind: Indicator, lang: str, tr: Translator) -> str:
    """The target the regions are judged against: the one figure ('≥ 63.1 %'), or 'their own targets'."""
    targets = sorted({round(float(t), 6) for t in view["target"].dropna()})
    if len(targets) > 1:
        return tr.t("summary_own_targets")
    if not targets:
        return ind.target_text or "—"
    op = {"higher": "≥", "lower": "≤"}.get(RULES[ind.rule].better or "", "")
    return f"{op} {with_unit(targets[0], ind, lang)}".strip()


def province_card(values: pd.DataFrame, regions: pd.DataFrame, catalog: Catalog, ind: Indicator, year: int) -> Card:
    """The province's figure of one indicator and year against the plan (as the line above the map shows it)."""
    mine = values.loc[values["indicator"].astype(str) == ind.id]
    return card(ind, top_values(mine, regions, catalog), mine, regions, catalog, int(year))


def _level_word(level: str, tr: Translator) -> str:
    key = f"summary_level_{level}"
    try:
        return tr.t(key)
    except KeyError:  # a region pack's own level: its plain name
        return tr.t(f"level_{level}")


def _name(row: pd.Series, lang: str) -> str:
    return str(row["name_en"] if lang == "en" else row["name_zh"])


def _judged_sentence(view: pd.DataFrame, ind: Indicator, tr: Translator, counts: dict[str, int]) -> str:
    lang = tr.lang
    text = tr.t(
        "summary_attainment",
        year=int(view["year"].iloc[0]),
        n=len(view),
        level=_level_word(str(view["level"].iloc[0]), tr),
        indicator=ind.name(lang),
        target_year=ind.target_year,
        target=target_phrase(view, ind, lang, tr),
        met=counts["met"],
        near=counts["near"],
        not_met=counts["not_met"],
    )
    for s in _EXTRA:
        if counts[s]:
            text += tr.t(f"summary_count_{s}", k=counts[s])
    short = view.loc[(view["status"].astype("object") == "not_met") & view["gap"].notna()]
    if len(short):
        worst = short.loc[short["gap"].astype(float).idxmin()]
        text += tr.t(
            "summary_worst",
            name=_name(worst, lang),
            value=with_unit(worst["value"], ind, lang),
            gap=with_unit(abs(float(worst["gap"])), ind, lang),
        )
    return text


def _value_sentence(view: pd.DataFrame, ind: Indicator, tr: Translator) -> str:
    lang = tr.lang
    known = view.loc[view["value"].notna()]
    args = {
        "year": int(view["year"].iloc[0]),
        "n": len(view),
        "level": _level_word(str(view["level"].iloc[0]), tr),
        "indicator": ind.name(lang),
    }
    if not len(known):
        return tr.t("summary_none", **args)
    text = tr.t("summary_values", k=len(known), **args)
    if len(view) - len(known):
        text += tr.t("summary_count_no_data", k=len(view) - len(known))
    values = known["value"].astype(float)
    high, low = known.loc[values.idxmax()], known.loc[values.idxmin()]
    if len(known) > 1:
        text += tr.t(
            "summary_range",
            high=_name(high, lang),
            high_value=with_unit(high["value"], ind, lang),
            low=_name(low, lang),
            low_value=with_unit(low["value"], ind, lang),
        )
    return text


def summarize(
    view: pd.DataFrame, ind: Indicator, tr: Translator, province: Card | None = None, judged: bool = True
) -> Summary:
    """The view in sentences: how many regions meet the target (or have values, when no target binds them), the
    largest gap, the province's figure with its provenance, and how many values are demo."""
    counts = status_tally(view)
    demo = int((view["provenance"].astype("object") == "demo").sum())
    if not len(view):
        return Summary((), counts, demo)
    first = _judged_sentence(view, ind, tr, counts) if judged else _value_sentence(view, ind, tr)
    if province is not None and province.value is not None and province.year == int(view["year"].iloc[0]):
        first += tr.t(
            "summary_province",
            prov=tr.t(f"summary_prov_{province.provenance}") if province.provenance else "—",
            value=with_unit(province.value, ind, tr.lang),
        )
    sentences = [first + tr.t("summary_end")]
    if demo:
        sentences.append(tr.t("summary_demo_all" if demo == len(view) else "summary_demo", k=demo, n=len(view)))
    return Summary(tuple(sentences), counts, demo)
