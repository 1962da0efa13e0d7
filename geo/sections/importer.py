"""A sections table read and checked row by row: headings, classes, years, months, provenance, position.

A sections table has one row per (section, year, month); month is empty for an annual figure. Classes are
ordinals 1..6 (geo.waterclass). The county of a section is always decided by its position, never by the input
(geo.sections.placement).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.cells import ValueProblem, header_key, parse_month, parse_water_class, parse_year, provenance_of
from geo.errors import InputFileError, Issue, IssueReport
from geo.import_report import issue_lines
from geo.issues import IssueLog, counted
from geo.messages import render
from geo.pack import Pack, load_pack
from geo.readers.shapefile import shapefile_zip
from geo.readers.vector import ALLOWED_DRIVERS
from geo.sections.placement import in_wgs84, place, same_county
from geo.settings import Settings
from geo.table import RawTable, read_table, table_from_frame

CONTROL_LEVELS: dict[str, str] = {
    "national": "national",
    "国控": "national",
    "国家": "national",
    "国家级": "national",
    "国考": "national",
    "provincial": "provincial",
    "省控": "provincial",
    "省": "provincial",
    "省级": "provincial",
    "省考": "provincial",
}
# Accepted column headings -> canonical column; compared by geo.cells.header_key (NFKC, lower case, no spaces/_/-).
_HEADINGS: dict[str, str] = {
    **{k: "name" for k in ("name", "section", "section_name", "断面", "断面名称", "名称")},
    **{k: "river" for k in ("river", "河流", "水体", "河流/湖库", "所在水体")},
    **{k: "basin" for k in ("basin", "流域")},
    **{k: "control_level" for k in ("control_level", "control level", "level", "控制级别", "断面级别", "级别")},
    **{k: "lon" for k in ("lon", "lng", "longitude", "经度")},
    **{k: "lat" for k in ("lat", "latitude", "纬度")},
    **{k: "target_class" for k in ("target_class", "target", "目标", "水质目标", "目标类别", "目标水质")},
    **{k: "measured_class" for k in ("measured_class", "measured", "class", "水质类别", "实测类别", "类别", "水质")},
    **{k: "year" for k in ("year", "年", "年份")},
    **{k: "month" for k in ("month", "月", "月份")},
    **{k: "provenance" for k in ("provenance", "数据性质")},
    **{k: "source" for k in ("source", "来源", "数据来源")},
    **{k: "note" for k in ("note", "备注", "说明")},
    **{k: "county" for k in ("county", "county_adcode", "adcode", "区县", "县", "所在区县", "县区")},
}
ALIASES: dict[str, str] = {header_key(k): v for k, v in _HEADINGS.items()}
REQUIRED: tuple[str, ...] = ("name", "river", "target_class", "year")
SECTION_COLUMNS: tuple[str, ...] = (
    "name",
    "river",
    "basin",
    "control_level",
    "lon",
    "lat",
    "adcode",
    "county_zh",
    "year",
    "month",
    "target_class",
    "measured_class",
    "provenance",
    "source",
    "note",
    "row",
)


@dataclass(frozen=True)
class SectionsImport(IssueReport):
    """Accepted section rows (points, EPSG:4326), the source rows rejected, and every issue found."""

    sections: gpd.GeoDataFrame
    rejected: pd.DataFrame
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    name: str = ""

    def summary(self, lang: str = "en") -> str:
        """One line in a language: sections and rows kept, rows rejected, errors and warnings."""
        sections, rows = int(self.sections["name"].nunique()), len(self.sections)
        if lang == "en":
            return (
                f"{self.name}: {counted(sections, 'section')} in {counted(rows, 'row')} imported, "
                f"{counted(len(self.rejected), 'row')} rejected; {counted(len(self.errors), 'error')}, "
                f"{counted(len(self.warnings), 'warning')}"
            )
        params = {"name": self.name, "sections": sections, "rows": rows, "rejected": len(self.rejected)}
        return render("sections_summary", {**params, "errors": len(self.errors), "warnings": len(self.warnings)}, lang)[
            0
        ]

    def lines(self, lang: str = "en") -> list[str]:
        """One line per issue in a language, its severity first (as the indicator import's report)."""
        return issue_lines(self.issues, lang)

    def report(self, lang: str = "en") -> str:
        """One line per issue, then the summary, in a language."""
        return "\n".join([*self.lines(lang), self.summary(lang)])


def import_sections(
    source: Any,
    name: str,
    counties: gpd.GeoDataFrame,
    settings: Settings,
    provenance: str = "user",
    pack: Pack | None = None,
) -> SectionsImport:
    """Check a sections table (path, DataFrame or GeoDataFrame) row by row and place each section in a county of
    the region pack (default: the one in settings.data_dir), whose basins and years it uses."""
    pack = pack or load_pack(settings.data_dir)
    read = _read(source, name, settings)
    table, given = _canonical_columns(read.frame, name)
    counties = in_wgs84(counties)
    log = _HeadingLog(name, cell_of=read.cell, headings=given)
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, int | None], int] = {}
    placed: dict[str, tuple[float, float, int]] = {}
    for row, raw in zip(map(int, table.index), table.to_dict("records"), strict=True):
        rec = _check_row(raw, row, log, counties, provenance, pack)
        if rec is None:
            continue
        key = (rec["name"], rec["year"], rec["month"])
        if key in seen:
            when = f"{rec['year']}" + (f"-{rec['month']:02d}" if rec["month"] is not None else "")
            log.say(row, "name", rec["name"], "section_repeated", name=rec["name"], when=when, first=seen[key])
            continue
        if rec["name"] in placed and _moved(placed[rec["name"]], rec):
            lon0, lat0, row0 = placed[rec["name"]]
            at = f"{rec['lon']}, {rec['lat']}"
            params = {"name": rec["name"], "lon": rec["lon"], "lat": rec["lat"], "lon0": lon0, "lat0": lat0}
            log.say(row, "lon", at, "section_moved", first=row0, **params)
            continue
        seen[key] = row
        placed.setdefault(rec["name"], (rec["lon"], rec["lat"], row))
        records.append(rec)
    return SectionsImport(_frame(records), log.rejected_rows(table), tuple(log.issues), name)


@dataclass
class _HeadingLog(IssueLog):
    """An IssueLog naming each column by the file's own heading (经度), not the canonical name the checks use (lon):
    the report then speaks of the columns the user sees, in either language."""

    headings: dict[str, str] = field(default_factory=dict)  # canonical name -> the file's heading

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
        """IssueLog.add with the column named as the file names it."""
        heading = self.headings.get(column, column) if column else column
        super().add(row, heading, value, message, fix, severity, key, params)


def load_builtin_sections(counties: gpd.GeoDataFrame, pack: Pack, settings: Settings) -> SectionsImport:
    """The pack's own sections (sections/sections.csv, demo), checked like an upload; none when it has no file."""
    path = pack.folder / "sections" / "sections.csv"
    if not path.exists():
        return SectionsImport(_frame([]), pd.DataFrame(), (), path.name)
    return import_sections(path, path.name, counties, settings, provenance="demo", pack=pack)


def _read(source: Any, name: str, settings: Settings) -> RawTable:
    """Text cells (lon/lat from point geometry when there are no lon/lat columns), indexed by spreadsheet row."""
    if isinstance(source, gpd.GeoDataFrame):
        raw = table_from_frame(
            _with_lonlat(pd.DataFrame(source.drop(columns=source.geometry.name)), source.geometry, source.crs, name),
            name,
        )
    elif isinstance(source, pd.DataFrame):
        raw = table_from_frame(source, name)
    else:
        raw = read_table(source, name, settings=settings)  # the one safe reader: size, encoding, driver allowlist
        if raw.format in ALLOWED_DRIVERS and not _has_lonlat(raw.frame):
            points = _points_of(source, raw.format, name, settings)
            frame = _with_lonlat(raw.frame, points.geometry, points.crs, name)
            raw = RawTable(frame, raw.name, raw.format, raw.encoding, raw.header_row, raw.notes)
    return raw


def _has_lonlat(frame: pd.DataFrame) -> bool:
    return {"lon", "lat"} <= {ALIASES.get(header_key(c)) for c in frame.columns}


def _points_of(source: Any, fmt: str, name: str, settings: Settings) -> gpd.GeoDataFrame:
    """Only the geometry of a vector file geo.table has already opened and checked (format, driver, limits)."""
    import warnings

    import pyogrio

    data = bytes(source) if isinstance(source, (bytes, bytearray, memoryview)) else Path(source).read_bytes()
    if fmt == "Shapefile":
        data = shapefile_zip(data, name, settings)[0]  # the same vetted parts geo.table read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL warns that in-memory names lack a .gpkg extension
        layer = str(pyogrio.list_layers(data)[0][0])  # the layer geo.table read: the first
        if pyogrio.read_info(data, layer=layer).get("driver") != ALLOWED_DRIVERS[fmt]:
            raise InputFileError(
                f"the file is not a {fmt} file; it was not read",
                "upload a GeoJSON or GeoPackage",
                "sections_wrong_driver",
                format=fmt,
            )
        return pyogrio.read_dataframe(data, layer=layer, columns=[])


def _with_lonlat(frame: pd.DataFrame, geoms: gpd.GeoSeries, crs: Any, name: str) -> pd.DataFrame:
    out = frame.copy()
    if _has_lonlat(out):
        return out
    if crs is not None and not crs.is_geographic:
        raise InputFileError(
            f"{name}: the points are in a projected CRS ({crs.to_string()})",
            "give WGS-84 lon/lat (EPSG:4326)",
            "sections_projected",
            name=name,
            crs=crs.to_string(),
        )
    if not all(g is None or g.geom_type == "Point" for g in geoms):
        raise InputFileError(
            f"{name}: sections must be points", "give one Point per section row", "sections_not_points", name=name
        )
    out["lon"] = [None if g is None else repr(g.x) for g in geoms]
    out["lat"] = [None if g is None else repr(g.y) for g in geoms]
    return out


def _canonical_columns(table: pd.DataFrame, name: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with canonical column names, and canonical name -> the file's own heading."""
    renames: dict[Any, str] = {}
    for col in table.columns:
        canon = ALIASES.get(header_key(col))
        if canon and canon not in renames.values():
            renames[col] = canon
    out = table.rename(columns=renames)
    missing = [c for c in REQUIRED + ("lon", "lat") if c not in out.columns]
    if missing:
        accepted = {c: sorted(k for k, v in _HEADINGS.items() if v == c) for c in missing}
        hint = "; ".join(f"{c}: {', '.join(names)}" for c, names in accepted.items())
        raise InputFileError(
            f"{name}: missing column(s) {', '.join(missing)}",
            f"add them (accepted headings: {hint})",
            "sections_missing_columns",
            name=name,
            columns=", ".join(missing),
            hint=hint,
        )
    return out, {canon: str(col) for col, canon in renames.items()}


def _text(raw: dict[str, Any], col: str) -> str:
    v = raw.get(col)
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def _check_row(
    raw: dict[str, Any], row: int, log: IssueLog, counties: gpd.GeoDataFrame, default_provenance: str, pack: Pack
) -> dict[str, Any] | None:
    """The section record of one row, or None when the row has an error (each one reported in `log`)."""
    rec: dict[str, Any] = {c: _text(raw, c) for c in ("name", "river", "basin", "source", "note")}
    rec["row"] = row
    if not rec["name"]:
        log.say(row, "name", "", "section_name_blank")
    if not rec["river"]:
        log.say(row, "river", "", "section_river_blank")
    if rec["river"] and not rec["basin"]:
        rec["basin"] = pack.basins.get(rec["river"], rec["river"])
    level = _text(raw, "control_level")
    rec["control_level"] = CONTROL_LEVELS.get(level.lower()) if level else None
    if level and rec["control_level"] is None:
        log.say(row, "control_level", level, "section_level_unknown")
    for col in ("target_class", "measured_class"):
        parsed = log.parse(row, col, _text(raw, col), parse_water_class)
        rec[col] = None if parsed is None or parsed.value is None else int(parsed.value)
        if parsed is not None and parsed.value is None and col == "target_class":
            log.say(row, col, "", "section_target_blank")
    rec["year"] = log.parse(row, "year", _text(raw, "year"), lambda text: parse_year(text, pack.years))
    rec["month"] = log.parse(row, "month", _text(raw, "month"), _month)
    given_prov = _text(raw, "provenance")
    # "derived" is kept for figures computed here, as in geo.importer.
    prov = provenance_of(given_prov) if given_prov else default_provenance
    rec["provenance"] = prov
    if prov is None:
        log.say(row, "provenance", given_prov, "section_provenance_unknown")
    elif prov == "official" and not rec["source"]:
        log.say(row, "source", "", "section_no_source")
    rec["source"] = rec["source"] or log.file
    rec.update(place(_text(raw, "lon"), _text(raw, "lat"), counties, log, row, (pack.name_zh, pack.name_en)))
    given = _text(raw, "county")
    if given and rec.get("adcode") and not same_county(given, rec["adcode"], rec["county_zh"]):
        at = {"lon": rec["lon"], "lat": rec["lat"], "county": rec["county_zh"], "code": rec["adcode"]}
        log.say(row, "county", given, "section_county_differs", "warning", **at)
    return None if log.rejects(row) else rec


def _month(text: str) -> int | None:
    """parse_month, its problem keyed for the report's languages (geo.cells gives it in English only)."""
    try:
        return parse_month(text)
    except ValueProblem as exc:
        raise ValueProblem(exc.message, exc.fix, exc.key or "month_not_month", **exc.params) from None


def _moved(first: tuple[float, float, int], rec: dict[str, Any]) -> bool:
    lon: float = rec["lon"]
    lat: float = rec["lat"]
    return abs(first[0] - lon) > 1e-5 or abs(first[1] - lat) > 1e-5


def _frame(records: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    table = (
        pd.DataFrame(records, columns=list(SECTION_COLUMNS))
        if records
        else pd.DataFrame({c: [] for c in SECTION_COLUMNS})
    )
    for col in ("year", "month", "target_class", "measured_class", "row"):
        table[col] = pd.to_numeric(table[col]).astype("Int64")
    for col in ("lon", "lat"):
        table[col] = pd.to_numeric(table[col]).astype("float64")
    for col in ("name", "river", "basin", "control_level", "adcode", "county_zh", "provenance", "source", "note"):
        table[col] = table[col].astype("string")
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")
