"""The safety limits every reader applies: file size, rows, and what a zip archive would unpack to."""

from __future__ import annotations

import io
import zipfile

from geo.errors import InputFileError, LimitExceeded
from geo.settings import Settings

MB = 1024 * 1024


def check_size(name: str, size: int, settings: Settings) -> None:
    """LimitExceeded when a file is larger than settings.max_upload_mb."""
    if size > settings.max_upload_mb * MB:
        raise LimitExceeded(
            f"{name} is {size / MB:.1f} MB, more than the {settings.max_upload_mb} MB allowed",
            "split the file, or raise the limit max_upload_mb (GANPO_MAX_UPLOAD_MB)",
            "too_large",
            name=name,
            size=f"{size / MB:.1f}",
            limit=settings.max_upload_mb,
        )


def too_many_rows(name: str, settings: Settings) -> LimitExceeded:
    """The error for a table longer than settings.max_table_rows."""
    return LimitExceeded(
        f"{name} has more than {settings.max_table_rows:,} rows",
        "split the file, or raise the limit max_table_rows (GANPO_MAX_TABLE_ROWS)",
        "too_many_rows",
        name=name,
        limit=f"{settings.max_table_rows:,}",
    )


def check_zip(data: bytes, name: str, settings: Settings, what: str = "workbook") -> list[zipfile.ZipInfo]:
    """The members of a zip; refuse archives that are not zips, or would unpack past the limits (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        if what != "workbook":
            raise InputFileError(
                f"{name} is not a zip archive", "zip the .shp, .shx, .dbf and .prj of one layer", "not_zip", name=name
            ) from None
        raise InputFileError(
            f"{name} is not an .xlsx workbook (an .xlsx file is a zip archive)",
            "open it in Excel or WPS and save it as .xlsx, or save it as CSV UTF-8",
            "xlsx_unreadable",
            name=name,
        ) from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > settings.max_unzipped_mb * MB:
        raise LimitExceeded(
            f"{name} would unpack to {unpacked / MB:.0f} MB, more than the {settings.max_unzipped_mb} MB allowed",
            f"split the {what}, or raise the limit max_unzipped_mb (GANPO_MAX_UNZIPPED_MB)",
        )
    if unpacked / packed > settings.max_zip_ratio:
        raise LimitExceeded(
            f"{name} is compressed {unpacked / packed:.0f} times, more than the ratio {settings.max_zip_ratio} allowed",
            "save it again without padding, or raise the limit max_zip_ratio (GANPO_MAX_ZIP_RATIO)",
        )
    return infos
