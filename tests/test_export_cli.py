"""`python -m geo export` as a user runs it: real boundaries, built-in data, every format."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main
from geo.paths import ROOT

REQUIRED = {
    "adcode",
    "name_zh",
    "name_en",
    "city",
    "indicator",
    "year",
    "value",
    "unit",
    "target",
    "status",
    "gap",
    "source",
    "provenance",
}


@dataclass
class Done:
    returncode: int
    stderr: str


def geo_cli(*args: str) -> Done:
    """The command run in this process (each `python -m geo` would load the atlas again for 3-5 s)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return Done(code, err.getvalue())


def test_python_m_geo_runs_as_a_user_types_it(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "export",
            "--indicator",
            "pm25",
            "--year",
            "2025",
            "--format",
            "csv",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (100 features")


@pytest.mark.parametrize("level,count", [("county", 100), ("city", 11)])
def test_geojson_export_has_every_region_and_property(tmp_path: Path, level: str, count: int) -> None:
    out = tmp_path / "x.geojson"
    done = geo_cli(
        "export",
        "--indicator",
        "forest_coverage",
        "--year",
        "2024",
        "--level",
        level,
        "--format",
        "geojson",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "crs" not in doc and len(doc["features"]) == count
    props = doc["features"][0]["properties"]
    assert REQUIRED <= set(props)
    assert all(f["properties"]["provenance"] == "demo" for f in doc["features"])
    assert "NOT official" in doc["metadata"]["warning"]


def test_gpkg_and_csv_exports(tmp_path: Path) -> None:
    assert (
        geo_cli(
            "export", "--indicator", "pm25", "--year", "2025", "--format", "gpkg", "--out", str(tmp_path / "p.gpkg")
        ).returncode
        == 0
    )
    assert len(gpd.read_file(tmp_path / "p.gpkg", layer="pm25_2025_county")) == 100
    assert (
        geo_cli(
            "export",
            "--indicator",
            "PM2.5平均浓度",
            "--year",
            "2025",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "p.csv"),
        ).returncode
        == 0
    )
    text = (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("adcode,name_zh,") and text.count("\n36") == 100
    table = pd.read_csv(tmp_path / "p.csv", encoding="utf-8-sig", dtype={"adcode": str})
    assert len(table) == 100 and "status_text" in table.columns
    about = (tmp_path / "p_metadata.txt").read_text(encoding="utf-8-sig")
    assert "(title): PM2.5" in about and "(link): ?indicator=pm25" in about and "GANPO_PUBLIC_URL" in about


def test_a_link_is_absolute_under_the_public_url_and_csv_zips_into_a_zip(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GANPO_PUBLIC_URL", "https://atlas.example.gov.cn/")
    out = tmp_path / "p.zip"
    done = geo_cli("export", "--indicator", "pm25", "--year", "2025", "--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["pm25_2025_county.csv", "pm25_2025_county_metadata.txt"]
        about = zf.read("pm25_2025_county_metadata.txt").decode("utf-8-sig")
    assert "(link): https://atlas.example.gov.cn/?indicator=pm25&year=2025&level=county&lang=zh" in about


def test_user_values_replace_builtin_ones(tmp_path: Path) -> None:
    table = tmp_path / "mine.csv"
    table.write_text("地区,指标,年份,数值\n章贡区,森林覆盖率,2024,70.5\n火星县,森林覆盖率,2024,50\n", encoding="utf-8")
    out = tmp_path / "x.geojson"
    done = geo_cli(
        "export", "--indicator", "forest_coverage", "--year", "2024", "--values", str(table), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "火星县" in done.stderr  # the bad row is reported, not silently dropped
    feats = {f["properties"]["adcode"]: f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]}
    assert feats["360702"]["value"] == 70.5 and feats["360702"]["provenance"] == "user"


def test_sections_export(tmp_path: Path) -> None:
    out = tmp_path / "s.geojson"
    done = geo_cli("export", "--layer", "sections", "--year", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["features"] and all(f["geometry"]["type"] == "Point" for f in doc["features"])


def test_unknown_indicator_is_one_clear_line(tmp_path: Path) -> None:
    done = geo_cli("export", "--indicator", "forst", "--year", "2024", "--out", str(tmp_path / "x.geojson"))
    assert done.returncode == 2
    assert done.stderr.strip() == "error: 'forst' is not an indicator of the catalog; did you mean forest_coverage?"


def test_the_command_line_writes_every_format_of_the_registry(tmp_path: Path) -> None:
    for fmt in ("xlsx", "png"):
        out = tmp_path / f"f.{fmt}"
        done = geo_cli("export", "--indicator", "forest_coverage", "--year", "2024", "--format", fmt, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000
    done = geo_cli(
        "export", "--layer", "sections", "--year", "2025", "--format", "png", "--out", str(tmp_path / "s.png")
    )
    assert done.returncode == 2 and "format 'png' cannot write sections layers" in done.stderr
