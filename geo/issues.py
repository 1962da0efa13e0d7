"""The report of an import: every Issue found in one file, and the rows it rejects with their reasons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import pandas as pd

from geo.cells import ValueProblem
from geo.errors import Issue
from geo.messages import render

T = TypeVar("T")


@dataclass
class IssueLog:
    """The issues of one file in the order found, and why each rejected row (by spreadsheet number) was rejected."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    reasons: dict[int, list[str]] = field(default_factory=dict)
    cell_of: Callable[[int | None, str | None], str] | None = None  # names a cell as a spreadsheet does: Sheet1!C7

    def add(
        self,
        row: int | None,
        column: str | None,
        value: Any,
        message: str,
        fix: str = "",
        severity: str = "error",
        key: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        """Record an issue; an error on a row also rejects that row, with 'column: message' as the reason."""
        cell = self.cell_of(row, column) if self.cell_of else ""
        shown = None if value is None else str(value)
        self.issues.append(Issue(self.file, row, column, shown, message, fix, severity, key, dict(params or {}), cell))
        if row is not None and severity == "error":
            self.reject(row, f"{column}: {message}" if column else message)

    def say(
        self, row: int | None, column: str | None, value: Any, key: str, severity: str = "error", /, **params: object
    ) -> None:
        """Record the issue of a message key of catalogs/messages.yaml (its English text kept as `message`)."""
        message, fix = render(key, {"value": "" if value is None else str(value), **params}, "en")
        self.add(row, column, value, message, fix, severity, key, params)

    def reject(self, row: int, reason: str) -> None:
        """Reject a row for a reason that is not an error of its own (a blank value, the first of a duplicate)."""
        self.reasons.setdefault(row, []).append(reason)

    def on_row(self, row: int) -> Callable[..., None]:
        """`add` for one row: report(column, value, message, fix='', severity='error')."""
        return partial(self.add, row)

    def parse(self, row: int, column: str, text: str, parser: Callable[[str], T]) -> T | None:
        """parser(text), or None with its ValueProblem recorded as an error of the cell."""
        try:
            return parser(text)
        except ValueProblem as exc:
            self.add(row, column, text, exc.message, exc.fix, "error", exc.key, exc.params)
            return None

    def rejects(self, row: int) -> bool:
        """Whether the row has been rejected."""
        return row in self.reasons

    def rejected_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Row, reason, then the row's cells from `frame` (indexed by row number); a header 'row' or 'reason'
        of the file is shown as 'row (original)' / 'reason (original)'."""
        own = {"row", "reason"}
        columns = ["row", "reason"] + [f"{c} (original)" if c in own else c for c in frame.columns]
        rows = [[row, "; ".join(self.reasons[row]), *(str(v) for v in frame.loc[row])] for row in sorted(self.reasons)]
        return pd.DataFrame(rows, columns=columns)


def counted(count: int, word: str) -> str:
    """'1 row', '2 rows': a count with its noun."""
    return f"{count} {word}{'s' * (count != 1)}"
