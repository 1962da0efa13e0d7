"""The ranking table of a view: every region by rank, with value, target, gap, status (code and word) and provenance."""

from __future__ import annotations

import pandas as pd

from geo.catalog import Indicator
from geo.i18n import Translator
from geo.sources import render_source

# The table's columns, in order; `headers` names them in a language.
RANKING_COLUMNS: tuple[str, ...] = (
    "rank",
    "region",
    "city",
    "value",
    "unit",
    "target",
    "gap",
    "status",
    "status_text",
    "provenance",
    "source",
)
_HEADER_KEYS = {
    "rank": "col_rank",
    "region": "col_region",
    "city": "ranking_col_city",
    "value": "col_value",
    "unit": "ranking_col_unit",
    "target": "col_target",
    "gap": "col_gap",
    "status": "ranking_col_code",
    "status_text": "col_status",
    "provenance": "col_provenance",
    "source": "col_source",
}


def ranking(view: pd.DataFrame, ind: Indicator, tr: Translator, digits: int | None = None) -> pd.DataFrame:
    """One row per region of the view, best first (regions without a value last, by name), index adcode.

    Values, targets and gaps stay numbers (rounded to `digits`, else the catalog's decimals) so that a table sorts
    them as numbers; the status is given both as its code and in words of the language, the provenance in words."""
    lang = tr.lang
    digits = ind.decimals if digits is None else digits
    status = view["status"].astype("object").where(view["status"].notna(), "no_data").astype(str)
    prov = view["provenance"].astype("object")
    table = pd.DataFrame(
        {
            "rank": view["rank"].astype("Int64"),
            "region": view["name_en" if lang == "en" else "name_zh"].astype(str),
            "city": view["city_en" if lang == "en" else "city"].astype("object").fillna("—").astype(str),
            "value": view["value"].astype("Float64").round(digits),
            "unit": ind.unit_for(lang),
            "target": view["target"].astype("Float64").round(digits),
            "gap": view["gap"].astype("Float64").round(digits),
            "status": status,
            "status_text": status.map(lambda s: tr.t(f"status_{s}")),
            "provenance": prov.map(lambda p: tr.t(f"prov_{p}") if pd.notna(p) else "—"),
            # Texts this project writes (demo, roll-ups) in the language; others' sources as written.
            "source": view["source"].astype("object").map(lambda s: render_source(s, tr.t) if pd.notna(s) else "—"),
        },
        index=pd.Index(view.index.astype(str), name="adcode"),
    )
    # Ranked regions first (1 = best), then the unranked by name: a stable, readable order.
    order = table.assign(_unranked=table["rank"].isna(), _rank=table["rank"].fillna(0))
    order = order.sort_values(["_unranked", "_rank", "region"], kind="stable")
    return table.loc[order.index, list(RANKING_COLUMNS)]


def shortfalls(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ranking whose status is not met, the largest gap first."""
    short = table.loc[table["status"] == "not_met"]
    return short.sort_values("gap", kind="stable", na_position="last")


def headers(tr: Translator) -> dict[str, str]:
    """Column name -> its header in the language (for a table shown or written)."""
    return {col: tr.t(key) for col, key in _HEADER_KEYS.items()}
