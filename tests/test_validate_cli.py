"""`python -m geo validate`: report lines, summary and exit codes on the real catalog and regions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geo.catalog import load_catalog
from geo.cli import main
from geo.importer import import_values
from geo.paths import DATA, ROOT
from geo.regions import load_region_index

pytestmark = pytest.mark.skipif(
    not (DATA / "boundaries" / "regions.csv").exists() or not (DATA / "indicators" / "catalog.yaml").exists(),
    reason="real data not present",
)


def test_errors_are_listed_and_exit_1(tmp_path, capsys):
    path = tmp_path / "values.csv"
    path.write_text(
        "地区,指标,年份,数值\n章贡区,森林覆盖率,2023,63.1%\n火星县,森林覆盖率,2023,1\n湾里区,pm25,2023,30\n",
        encoding="gbk",
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "note: read values.csv as CSV, GBK: 3 rows, 4 columns"
    assert out[1].startswith("error: values.csv row 3, column 地区: '火星县' is not a county of Jiangxi; ")
    assert out[2] == (
        "error: values.csv row 4, column 地区: 湾里区 was merged into 新建区 (360112) in 2019; "
        "use 新建区 or its code 360112"
    )
    assert out[-1] == "values.csv: 3 rows read (long table), 1 value imported, 2 rows rejected; 2 errors, 0 warnings"


def test_clean_wide_table_with_year_exits_0(tmp_path, capsys):
    path = tmp_path / "yearbook.csv"
    path.write_text("县(市、区),森林覆盖率(%),PM2.5平均浓度\n章贡区,63.1,28\n上饶县,70.2,31\n", encoding="utf-8-sig")
    assert main(["validate", str(path), "--year", "2023"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (
        "warning: yearbook.csv row 3, column 县(市、区): '上饶县' is the old name of 广信区 (361104), "
        "upgraded in 2019; filed under 361104; write 广信区 or 361104"
    )
    assert out[-1] == "yearbook.csv: 2 rows read (wide table), 4 values imported, 0 rows rejected; 0 errors, 1 warning"


def test_unusable_file_is_reported_and_exit_1(tmp_path, capsys):
    path = tmp_path / "w.csv"
    path.write_text("地区,森林覆盖率\n章贡区,63.1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "error: w.csv is a wide table without a year column; add a column 年份, or give the year (--year 2023)",
        "w.csv: not read; 1 error",
    ]


def test_runs_as_a_module(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("region,indicator,year,value\n360702,good_air_days_ratio,2023,96.5\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[-1]
        == "v.csv: 1 row read (long table), 1 value imported, 0 rows rejected; 0 errors, 0 warnings"
    )


def test_real_catalog_rates_have_their_range():
    r = import_values(
        "地区,指标,年份,数值\n章贡区,wetland_protection_rate,2023,101\n".encode(),
        "r.csv",
        load_catalog(),
        load_region_index(),
    )
    assert r.issues[0].message == "101 is outside the valid range 0-100% of 湿地保护率"


def test_water_class_cells_are_read_as_classes():
    r = import_values(
        "地区,指标,年份,数值\n全省,赣江干流水质类别,2023,Ⅱ类\n全省,长江干流江西段水质类别,2023,Ⅶ类\n".encode(),
        "w.csv",
        load_catalog(),
        load_region_index(),
    )
    assert r.values[["adcode", "indicator", "value"]].values.tolist() == [
        ["360000", "gan_river_mainstream_water_class", 2.0]
    ]
    assert r.issues[0].message == "'Ⅶ类' is not a water-quality class"
