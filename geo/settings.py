"""One typed settings object with defaults and help; the only place that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from geo.errors import SettingsError
from geo.paths import DATA, ROOT

ENV_PREFIX = "GANPO_"
# GDAL drivers that can make GDAL read other files or URLs (VRT, OGR_VRT) or write files (MRF). GDAL reads
# GDAL_SKIP when it registers its drivers, once per process, so it must be set before rasterio or pyogrio load.
GDAL_SKIP_DRIVERS: tuple[str, ...] = ("VRT", "OGR_VRT", "MRF")


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every tunable of the atlas; build with `Settings.from_env(os.environ)` at an edge (app, CLI)."""

    data_dir: Path = _setting(
        DATA, "The region pack: pack.yaml, boundaries/, indicators/, sections/, derived/ (docs/PACK.md)."
    )
    values: Path | None = _setting(
        None, "A user's indicator table (CSV/XLSX/GeoJSON/GPKG) loaded at start, validated like an upload."
    )
    lang: str = _setting("zh", "Interface language: zh (Chinese) or en (English).")
    basemap_url: str = _setting(
        "", "Tile URL template for an opt-in base map, e.g. a local tile server; empty = no base map (offline)."
    )
    basemap_attribution: str = _setting(
        "", "Attribution shown for the opt-in base map (required when basemap_url is set)."
    )
    basemap_datum: str = _setting(
        "wgs84", "Datum of the opt-in tiles: wgs84 (OSM-style) or gcj02 (Amap-style); boundaries are shifted to match."
    )
    public_url: str = _setting(
        "", "Address people open the atlas at, e.g. https://atlas.example.gov.cn/; exported links start with it."
    )
    max_upload_mb: int = _setting(50, "Largest file a user may upload, in MB (also set in .streamlit/config.toml).")
    max_table_rows: int = _setting(200_000, "Largest number of rows read from an uploaded table.")
    max_unzipped_mb: int = _setting(500, "Largest total size an uploaded zip may unpack to, in MB.")
    max_zip_ratio: int = _setting(100, "Largest compression ratio accepted in an uploaded zip (zip-bomb guard).")
    max_raster_pixels: int = _setting(1_600_000_000, "Largest raster (width x height) accepted for zonal statistics.")
    max_raster_bands: int = _setting(16, "Largest number of bands accepted in an uploaded raster.")
    zonal_window_pixels: int = _setting(4_000_000, "Pixels read per window in zonal statistics (bounds memory).")
    state_dir: Path = _setting(ROOT / "var", "Folder of the service's own state: the embedded database and backups.")
    database_url: str = _setting(
        "",
        "Database of datasets, accounts and the audit trail; empty = SQLite in the state folder; "
        "e.g. postgresql+psycopg://atlas@db-host/atlas for several replicas.",
    )
    require_signin: bool = _setting(False, "1 = viewing needs an account too (adding and publishing data always do).")
    session_minutes: int = _setting(480, "Minutes after which a signed-in session must sign in again.")
    steward_quota_mb: int = _setting(500, "Largest total size of the files one steward may keep in the store, in MB.")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from GANPO_* variables (e.g. GANPO_LANG=en; default: this process's environment), then overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.name, raw, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).checked()

    def checked(self) -> Settings:
        """Return self after validating choices that have a fixed set of values."""
        if self.lang not in ("zh", "en"):
            raise SettingsError(f"lang={self.lang!r} is not a supported language", "use zh or en")
        if self.basemap_datum not in ("wgs84", "gcj02"):
            raise SettingsError(f"basemap_datum={self.basemap_datum!r} is unknown", "use wgs84 or gcj02")
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError(
                f"public_url={self.public_url!r} is not a web address",
                "set GANPO_PUBLIC_URL to the address people open, e.g. https://atlas.example.gov.cn/",
            )
        if self.basemap_url and not self.basemap_attribution:
            raise SettingsError(
                "basemap_url is set without basemap_attribution",
                "set GANPO_BASEMAP_ATTRIBUTION to the tile provider's required credit",
            )
        return self

    @property
    def database(self) -> str:
        """The database URL in use: database_url, else an SQLite file in the state folder."""
        return self.database_url or f"sqlite:///{self.state_dir / 'ganpo.sqlite'}"

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes).checked()


def harden_gdal(environ: MutableMapping[str, str] | None = None) -> None:
    """Add VRT, OGR_VRT and MRF to GDAL_SKIP in the environment; call first thing at an edge, before GDAL loads."""
    environ = os.environ if environ is None else environ
    skipped = [d for d in environ.get("GDAL_SKIP", "").replace(" ", ",").split(",") if d]
    environ["GDAL_SKIP"] = ",".join(skipped + [d for d in GDAL_SKIP_DRIVERS if d not in skipped])


def _parse(name: str, raw: str, default: Any) -> Any:
    var = ENV_PREFIX + name.upper()
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{var}={raw!r} is not a whole number", f"set {var} to e.g. {default}") from None
    if isinstance(default, Path) or default is None:
        return Path(raw)
    return raw


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for docs and --help."""
    return [(ENV_PREFIX + f.name.upper(), str(f.default), f.metadata["help"]) for f in fields(Settings)]
