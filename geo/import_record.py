"""One figure an import keeps: where it came from (row, column) and what it says (region, indicator, period, value)."""

from __future__ import annotations

from dataclasses import dataclass


def fmt(x: float) -> str:
    """A number as a message shows it: 63 not 63.0, 63.1 as written."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass
class Record:
    """A kept figure of one cell (geo.importer), before the checks across rows (geo.record_checks)."""

    row: int
    column: str
    adcode: str
    indicator: str
    year: int | None  # None: an allocated target for every year
    value: float | None  # None: an allocation row (a target without a value)
    target: float | None
    source: str | None
    provenance: str
    note: str | None
    period: str | None = None
    decimals: int = 0  # as printed, for the check of total rows

    @property
    def shown(self) -> str:
        """The record's figure as messages show it: the value, else the allocated target."""
        figure = self.value if self.value is not None else self.target
        return "" if figure is None else fmt(figure)
