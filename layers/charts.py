"""Altair charts of a comparison (table in, chart out; no Streamlit): bars with the target line, a ranking of all
counties, lines over the years with the target, target year and needed pace, small multiples for one region."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from geo.rules import STATUSES
from layers.palette import STATUS_STYLES

TARGET_COLOUR = "#444444"
HIGHLIGHT = "#000000"


@dataclass(frozen=True)
class ChartText:
    """Words the charts show (axis titles, legend names), in the interface language."""

    value: str = "Value"
    region: str = "Region"
    year: str = "Year"
    status: str = "Status"
    target: str = "Target"
    target_year: str = "Target year"
    pace: str = "Pace needed"
    rank: str = "Rank"
    indicator: str = "Indicator"
    statuses: Mapping[str, str] = field(default_factory=lambda: {s: s for s in STATUSES})


def _status_colour(text: ChartText) -> alt.Color:
    """Status colours as on the map, legend in the interface language (labels keep colours bound to statuses)."""
    domain = [text.statuses.get(s, s) for s in STATUSES]
    return alt.Color(
        "status_label:N",
        title=text.status,
        scale=alt.Scale(domain=domain, range=[STATUS_STYLES[s].fill for s in STATUSES]),
        legend=alt.Legend(orient="bottom"),
    )


def _labelled(data: pd.DataFrame, text: ChartText) -> pd.DataFrame:
    out = data.copy()
    out["status_label"] = out["status"].astype(str).map(lambda s: text.statuses.get(s, s))
    return out


def _target_rule(target: float | None, text: ChartText, horizontal: bool = True) -> alt.Chart | None:
    if target is None or pd.isna(target):
        return None
    frame = pd.DataFrame({"target": [float(target)], "label": [f"{text.target} {float(target):g}"]})
    enc = {"y": "target:Q"} if horizontal else {"x": "target:Q"}
    rule = (
        alt.Chart(frame)
        .mark_rule(color=TARGET_COLOUR, strokeDash=[6, 4], size=2)
        .encode(**enc, tooltip=[alt.Tooltip("label:N", title=text.target)])
    )
    return rule


def bars(data: pd.DataFrame, target: float | None, text: ChartText = ChartText()) -> alt.LayerChart | alt.Chart:
    """One bar per region (columns name, value, status, role), coloured by status; reference rows paler."""
    frame = _labelled(data, text)
    frame["reference"] = frame["role"].astype(str) != "selected"
    bar = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("name:N", sort=list(frame["name"]), title=text.region, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("value:Q", title=text.value),
            color=_status_colour(text),
            opacity=alt.condition("datum.reference", alt.value(0.45), alt.value(0.95)),
            tooltip=[
                alt.Tooltip("name:N", title=text.region),
                alt.Tooltip("value:Q", title=text.value, format=",.2f"),
                alt.Tooltip("status_label:N", title=text.status),
            ],
        )
    )
    rule = _target_rule(target, text)
    return bar if rule is None else alt.layer(bar, rule)


def ranking(
    data: pd.DataFrame, target: float | None, highlight: Sequence[str] = (), text: ChartText = ChartText()
) -> alt.LayerChart | alt.Chart:
    """All counties as horizontal bars, best at the top (columns adcode, name, value, status, rank); selected outlined."""
    frame = _labelled(data.loc[data["value"].notna()], text)
    frame["chosen"] = frame["adcode"].astype(str).isin([str(c) for c in highlight])
    order = list(frame.sort_values("rank", kind="stable")["name"])
    bar = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelFontSize=9)),
            x=alt.X("value:Q", title=text.value),
            color=_status_colour(text),
            stroke=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(None)),
            strokeWidth=alt.condition("datum.chosen", alt.value(2), alt.value(0)),
            tooltip=[
                alt.Tooltip("rank:Q", title=text.rank),
                alt.Tooltip("name:N", title=text.region),
                alt.Tooltip("value:Q", title=text.value, format=",.2f"),
                alt.Tooltip("status_label:N", title=text.status),
            ],
        )
        .properties(height=max(120, 11 * len(frame)))
    )
    rule = _target_rule(target, text, horizontal=False)
    return bar if rule is None else alt.layer(bar, rule)


def trend(
    data: pd.DataFrame,
    target: float | None,
    target_year: int,
    pace: pd.DataFrame | None = None,
    text: ChartText = ChartText(),
) -> alt.LayerChart:
    """Lines over the years per region (columns name, year, value), target line, target year and needed pace dashed."""
    years = list(data["year"].astype(int)) + [int(target_year)]
    x_scale = alt.Scale(domain=[min(years), max(years)], nice=False)
    x = alt.X("year:Q", title=text.year, scale=x_scale, axis=alt.Axis(format="d", tickMinStep=1))
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=text.value, scale=alt.Scale(zero=False)),
            color=alt.Color("name:N", title=text.region, sort=list(dict.fromkeys(data["name"]))),
            tooltip=[
                alt.Tooltip("name:N", title=text.region),
                alt.Tooltip("year:Q", title=text.year, format="d"),
                alt.Tooltip("value:Q", title=text.value, format=",.2f"),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    rule = _target_rule(target, text)
    if rule is not None:
        layers.append(rule)
    deadline = pd.DataFrame({"year": [int(target_year)], "label": [f"{text.target_year} {int(target_year)}"]})
    layers.append(
        alt.Chart(deadline)
        .mark_rule(color=TARGET_COLOUR, strokeDash=[2, 3])
        .encode(x=alt.X("year:Q", scale=x_scale), tooltip=[alt.Tooltip("label:N", title=text.target_year)])
    )
    if pace is not None and len(pace):
        layers.append(
            alt.Chart(pace)
            .mark_line(strokeDash=[4, 4], opacity=0.8)
            .encode(
                x=alt.X("year:Q", scale=x_scale),
                y="value:Q",
                detail="name:N",
                color=alt.Color("name:N", sort=list(dict.fromkeys(data["name"]))),
                tooltip=[
                    alt.Tooltip("name:N", title=text.pace),
                    alt.Tooltip("per_year:Q", title=text.pace, format="+.2f"),
                ],
            )
        )
    return alt.layer(*layers)


def small_multiples(data: pd.DataFrame, text: ChartText = ChartText(), columns: int = 3) -> alt.FacetChart:
    """One small line chart per indicator for one region (columns indicator, year, value, target), own y scales."""
    base = alt.Chart(data)
    line = base.mark_line(point=True).encode(
        x=alt.X("year:O", title=text.year),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("year:O", title=text.year), alt.Tooltip("value:Q", title=text.value, format=",.2f")],
    )
    rule = base.mark_rule(color=TARGET_COLOUR, strokeDash=[6, 4]).encode(
        y=alt.Y("mean(target):Q"), tooltip=[alt.Tooltip("mean(target):Q", title=text.target)]
    )
    return (
        alt.layer(line, rule)
        .properties(width=180, height=110)
        .facet(facet=alt.Facet("indicator:N", title=None), columns=columns)
        .resolve_scale(y="independent")
    )
