"""Colours, symbols and line styles for attainment classes and value classes (colour-blind safe)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusStyle:
    """How one attainment status looks: fill, outline, dash pattern and a symbol, so colour is never alone."""

    fill: str
    opacity: float
    line: str
    dash: str | None
    symbol: str


# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); each status also has its
# own symbol and outline, and no-data is white with a dashed grey outline, never a data colour.
STATUS_STYLES: dict[str, StatusStyle] = {
    "met": StatusStyle("#0072B2", 0.75, "#ffffff", None, "✓"),
    "near": StatusStyle("#E69F00", 0.75, "#ffffff", None, "≈"),
    "not_met": StatusStyle("#D55E00", 0.75, "#ffffff", None, "✗"),
    "no_data": StatusStyle("#ffffff", 0.35, "#888888", "4 4", "?"),
    "tracked": StatusStyle("#999999", 0.5, "#ffffff", "2 3", "·"),
    # No target binds the region (its share of a provincial total): light, dotted, never a verdict colour.
    "no_target": StatusStyle("#dddddd", 0.5, "#777777", "1 3", "–"),
}

# Marks beside a region's symbol for values that are not official or derived: the map says so itself, not only the
# banner above it. The same characters in every language (the legend explains them).
PROVENANCE_MARKS: dict[str, str] = {"demo": "*", "user": "+"}

# Sequential classes, light to dark (ColorBrewer YlGnBu, 2-7 classes); reversed when lower is better so
# that darker always means better.
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    2: ("#edf8b1", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}


def class_colours(k: int, lower_is_better: bool = False) -> tuple[str, ...]:
    """k colours for value classes, darker = better."""
    if k <= 1:
        return (SEQUENTIAL[2][1],)
    colours = SEQUENTIAL[min(k, max(SEQUENTIAL))]
    return tuple(reversed(colours)) if lower_is_better else colours
