"""Domain errors: each names the bad value and says how to fix it; the app and CLI show them at their edge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class AtlasError(Exception):
    """Base of every error a user can act on: `message` says what is wrong, `fix` what to do."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message}; {fix}" if fix else message)


class SettingsError(AtlasError):
    """A setting (environment variable or argument) has a value that cannot be used."""


class CatalogError(AtlasError):
    """A catalog file (indicators, boundaries, presets) is malformed."""


class UnknownRule(AtlasError):
    """An attainment rule name is not in the registry."""


class UnknownIndicator(AtlasError):
    """An indicator id or name is not in the catalog."""


class UnknownRegion(AtlasError):
    """A region code or name does not match any unit of the boundaries; `key` and `params`, when given, name its
    message in catalogs/messages.yaml so an import's report can say it in the page's language."""

    def __init__(self, message: str, fix: str | None = None, key: str | None = None, **params: object) -> None:
        super().__init__(message, fix)
        self.key = key
        self.params = params


class MergedRegion(UnknownRegion):
    """A region existed once but was merged into or renamed as another unit."""


class InputFileError(AtlasError):
    """A file given by a user cannot be read (format, encoding, structure); `key` and `params`, when given, name its
    message in catalogs/messages.yaml so the page can say it in its own language."""

    def __init__(self, message: str, fix: str | None = None, key: str | None = None, **params: object) -> None:
        super().__init__(message, fix)
        self.key = key
        self.params = params


class LayoutError(InputFileError):
    """A table that cannot be read as indicator values (no region column, no values, no year)."""

    def __init__(self, message: str, fix: str, key: str, **params: object) -> None:
        super().__init__(message, fix, key, **params)


class LimitExceeded(InputFileError):
    """A file declares or contains more than the configured limits allow."""


class RasterError(InputFileError):
    """A raster cannot be used for zonal statistics."""


class BoundaryFileMissing(AtlasError):
    """A committed boundary file (data/boundaries/) is missing or unreadable."""


class UnknownLevel(AtlasError):
    """An administrative level name is not one of province, city, county."""


class DatumError(AtlasError):
    """A datum name is unknown, or a frame is not in the CRS/datum an operation needs."""


class CoverageError(AtlasError):
    """Polygons that should tile an area (no gaps, no overlaps) do not, or would not after an operation."""


@dataclass(frozen=True)
class Issue:
    """One problem with one cell or row of an input table; rows are numbered as a spreadsheet shows them.

    `message` and `fix` are English; `key` and `params` name the same message in catalogs/messages.yaml so the report
    can be shown in Chinese too (`text(lang)`); `cell` is the cell as a spreadsheet names it (Sheet1!C7)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    severity: str = "error"  # "error" rejects the row; "warning" keeps it
    key: str | None = None
    params: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)
    cell: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}: {self.message}"
        return f"{text}; {self.fix}" if self.fix else text

    def text(self, lang: str = "en") -> str:
        """The issue as a person reads it in a language: the file, row, column and cell, the message and its fix."""
        from geo.messages import render  # the catalog is read when a report is shown, never at import

        zh = lang == "zh"
        parts = []
        if self.row is not None:
            parts.append(render("where_row", {"row": self.row}, lang)[0])
        if self.column:
            parts.append(render("where_column", {"column": self.column}, lang)[0])
        if self.cell:
            parts.append(render("where_cell", {"cell": self.cell}, lang)[0])
        if zh:
            head = f"{self.file} {'，'.join(parts)}" if parts else self.file
        else:  # as str(): 'f.csv row 4, column 数值, cell C4' and 'f.csv, column 数值'
            head = self.file + (f" {parts.pop(0)}" if self.row is not None else "") + "".join(f", {p}" for p in parts)
        if self.key is not None and lang != "en":
            message, fix = render(self.key, {"value": self.value or "", **self.params}, lang)
        else:  # English is kept as written, with the detail of messages built elsewhere (region lookups)
            message, fix = self.message, self.fix
        text = f"{head}{'：' if zh else ': '}{message}"
        return f"{text}{'；' if zh else '; '}{fix}" if fix else text


class IssueReport:
    """Mixin for a result carrying `issues`: its errors, its warnings, and whether it is usable (no error)."""

    issues: tuple[Issue, ...] | list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings allowed)."""
        return not self.errors
