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
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "values.csv",
        "header: row(s) 1",
        "column A: 地区 → region",
        "column B: 指标 → indicator",
        "column C: 年份 → year",
        "column D: 数值 → value",
    ]
    assert out[6] == "note: read values.csv as CSV, GBK: 3 rows, 4 columns"
    out = out[6:]
    assert out[1].startswith("error: values.csv row 3, column 地区, cell A3: '火星县' is not a county of Jiangxi; ")
    assert out[2] == (
        "error: values.csv row 4, column 地区, cell A4: 湾里区 was merged into 新建区 (360112) in 2019; "
        "use 新建区 or its code 360112"
    )
    assert out[-1] == "values.csv: 3 rows read (long table), 1 value imported, 2 rows rejected; 2 errors, 0 warnings"


def test_clean_wide_table_with_year_exits_0(tmp_path, capsys):
    path = tmp_path / "yearbook.csv"
    path.write_text("县(市、区),森林覆盖率(%),PM2.5平均浓度\n章贡区,63.1,28\n上饶县,70.2,31\n", encoding="utf-8-sig")
    assert main(["validate", str(path), "--year", "2023", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (
        "warning: yearbook.csv row 3, column 县(市、区), cell A3: '上饶县' is the old name of 广信区 (361104), "
        "upgraded in 2019; filed under 361104; write 广信区 or 361104"
    )
    assert out[-1] == "yearbook.csv: 2 rows read (wide table), 4 values imported, 0 rows rejected; 0 errors, 1 warning"


def test_unusable_file_is_reported_and_exit_1(tmp_path, capsys):
    path = tmp_path / "w.csv"
    path.write_text("地区,森林覆盖率\n章贡区,63.1\n", encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "error: w.csv is a wide table without a year column; add a column 年份, or give the year (--year 2023)",
        "w.csv: not read; 1 error",
    ]


def test_runs_as_a_module(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("region,indicator,year,value\n360702,good_air_days_ratio,2023,96.5\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path), "--lang", "en"], cwd=ROOT, capture_output=True, text=True
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


def test_a_yearbook_workbook_is_previewed_and_reported_in_chinese(tmp_path, capsys):
    from tests.yearbook import yearbook_bytes

    path = tmp_path / "年鉴.xlsx"
    path.write_bytes(yearbook_bytes(second=True))
    assert main(["validate", str(path), "--sheet", "*"]) == 0  # the report is in the setting's language: zh
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == [
        "工作表“表3-2”（年鉴.xlsx）",
        "表头：第3, 4行",
        "第1行作为标题跳过：表3-2 各县（市、区）生态指标",
        "第2行作为标题跳过：单位：%",
        "A列：地区 → 地区",
    ]
    assert "B列：森林覆盖率 · 2022年 → forest_coverage 2022" in out
    assert "B列：2023年 → high_standard_farmland_area 2023（公顷 × 0.0015）" in out
    assert "第13行作为表注跳过：注：森林覆盖率含灌木林。" in out
    # The real regions: 赣州市's other counties are not in this table, so its row is not checked but reported.
    assert any(
        line.startswith("说明：赣州市（森林覆盖率 2022）：表中只有其 18 个所属县中的 3 个，未核对") for line in out
    )
    assert out[-1].startswith("年鉴.xlsx：读取 9 行（宽表），导入 12 个数值，拒绝 0 行；0 个错误")
    assert main(["validate", str(path), "--sheet", "表3-3", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0] == "sheet '表3-3' (年鉴.xlsx)"
        and "column B: 2023年 → high_standard_farmland_area 2023 (公顷 × 0.0015)" in out
    )


def test_a_wide_table_without_a_year_says_so_in_chinese(tmp_path, capsys):
    path = tmp_path / "w.csv"
    path.write_text("地区,森林覆盖率\n章贡区,63.1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "表中没有年份：请填写这些数值所属的年份",
        "错误：w.csv 是没有年份列的宽表；增加“年份”列，或在预览中填写年份",
        "w.csv：未读取；1 个错误",
    ]
