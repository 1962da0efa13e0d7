"""Domain errors: each names the bad value and says how to fix it; the app and CLI show them at their edge."""

from __future__ import annotations

from dataclasses import dataclass


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
    """A region code or name does not match any unit of the boundaries."""


class MergedRegion(UnknownRegion):
    """A region existed once but was merged into or renamed as another unit."""


class InputFileError(AtlasError):
    """A file given by a user cannot be read (format, encoding, structure)."""


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
    """One problem with one cell or row of an input table; rows are numbered as a spreadsheet shows them."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    severity: str = "error"  # "error" rejects the row; "warning" keeps it

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}: {self.message}"
        return f"{text}; {self.fix}" if self.fix else text


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
