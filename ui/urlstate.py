"""The page's state in the URL: parse and check query parameters (pure; no streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from geo.classify import SCHEMES
from layers.mapview import MODES

LANGS = ("zh", "en")
TAB_NAMES = ("map", "scorecard", "compare", "sections", "landcover", "data")  # ids of the page's tabs, as in ?tab=
TAB_STATE = "open_tab"  # session-state key of the open tab's id


def tab_key(lang: str) -> str:
    """Session-state key of the tab widget: labels differ by language, so each language has its own state."""
    return f"tab_{lang}"


@dataclass(frozen=True)
class QueryProblem:
    """A query parameter that could not be used, with its fix as a string key and parameters (the page's language
    renders it: `tr.t(p.fix, **p.args)`)."""

    key: str
    value: str
    fix: str
    args: Mapping[str, str] = field(default_factory=dict)


def check_query(
    params: Mapping[str, str],
    indicator_ids: Sequence[str],
    years_of: Mapping[str, Sequence[int]],
    default_indicator: str | None = None,
    *,
    levels: Sequence[str],
) -> list[QueryProblem]:
    """Problems with the link's parameters (unknown indicator, year without data, bad level...), for a message;
    `levels` are the ones the region pack can map."""
    problems: list[QueryProblem] = []
    choices = {"level": tuple(levels), "lang": LANGS, "mode": MODES, "scheme": tuple(SCHEMES), "tab": TAB_NAMES}
    for key, allowed in choices.items():
        if key in params and params[key] not in allowed:
            problems.append(QueryProblem(key, params[key], "fix_one_of", {"choices": ", ".join(allowed)}))
    indicator = params.get("indicator")
    if indicator is not None and indicator not in indicator_ids:
        example = default_indicator or indicator_ids[0]
        problems.append(QueryProblem("indicator", indicator, "fix_indicator_id", {"example": example}))
        indicator = None
    if "year" in params:
        # Without a usable indicator the page shows the default one: its years are the ones that apply.
        years = years_of.get(indicator or default_indicator or indicator_ids[0], ())
        if not params["year"].isdigit() or int(params["year"]) not in years:
            fix = "fix_years" if years else "fix_years_none"
            problems.append(QueryProblem("year", params["year"], fix, {"years": ", ".join(str(y) for y in years)}))
    return problems


def share_query(indicator: str, year: int, level: str, lang: str, mode: str, scheme: str, data: int = 0) -> str:
    """The query string that reproduces a view (every parameter spelled out, defaults included; the data version
    when datasets are published, so that the link keeps its numbers)."""
    version = f"&data={data}" if data else ""
    return f"?indicator={indicator}&year={year}&level={level}&lang={lang}&mode={mode}&scheme={scheme}{version}"
