"""geo/messages.py: every message of the import report in both languages, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.errors import CatalogError
from geo.messages import load_messages, render

ROOT = Path(__file__).resolve().parents[1]


def test_every_message_has_both_languages_and_both_fixes():
    for key, msg in load_messages().items():
        assert set(msg.text) == {"zh", "en"}, key
        assert set(msg.fix) in (set(), {"zh", "en"}), key


def test_every_key_the_code_names_is_in_the_catalog():
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "geo").rglob("*.py"))
    used = set(re.findall(r"\bsay\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*\"([a-z_]+)\"", code))
    used |= set(re.findall(r"Note\(\"([a-z_]+)\"", code))
    used |= set(re.findall(r"ValueProblem\([^)]*?\"([a-z_]+)\"\s*(?:,|\))", code, re.S))
    assert used and used <= set(load_messages()), sorted(used - set(load_messages()))


def test_a_message_lacking_a_language_is_refused(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text('x: {zh: "中", en: "en", fix_zh: "改"}\n', encoding="utf-8")
    load_messages.cache_clear()
    try:
        with pytest.raises(CatalogError, match="message 'x' has no fix_en text"):
            load_messages(bad)
    finally:
        load_messages.cache_clear()


def test_render_fills_params_and_leaves_optional_ones_blank():
    assert render("value_not_number", {"value": "abc"}, "zh") == (
        "“abc”不是数字",
        "填写数字，如 63.1（比率可带 % 号）",
    )
    assert render("region_unknown", {"value": "火星县"}, "zh")[1] == "请对照地区列表（本页可下载）填写名称或六位代码"


def test_every_column_role_has_its_name_for_the_preview():
    from geo.header import ROLE_HEADERS

    assert {f"role_{r}" for r in ROLE_HEADERS} | {"role_none"} <= set(load_messages())


def _refusal(data: bytes, name: str):
    from geo.errors import InputFileError
    from geo.table import read_table

    with pytest.raises(InputFileError) as err:
        read_table(data, name)
    return err.value


def _zip(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "zh"),
    [
        (b"x", "old.xls", "old.xls：不读取 .xls 格式的文件；另存为 .xlsx 或 CSV UTF-8 后上传"),
        (b"x", "notes.doc", "notes.doc：无法读取此类文件（.doc）；使用 CSV、XLSX、GeoJSON 或 GeoPackage 文件"),
        (b"PK\x03\x04rest", "t.csv", "t.csv 是一个 zip 压缩包（可能是 Excel 工作簿），不是 CSV 文本文件；"),
        (b"a,b\n1,\x00\n", "t.csv", "t.csv 含有二进制数据（NUL 字节），不是 CSV 文本；把表格另存为 CSV UTF-8"),
        (b"<html></html>", "s.geojson", "s.geojson 的扩展名表明是 GeoJSON，但内容不是 GeoJSON；未打开"),
        (_zip({"a.shp": b"\x00\x00\x27\x0a", "a.dbf": b""}), "a.zip", "a.zip：shapefile a.shp 缺少 a.shx、a.prj；"),
        (_zip({"readme.txt": b"hi"}), "b.zip", "b.zip 中没有 shapefile（.shp），只有：readme.txt；"),
    ],
)
def test_a_refused_file_is_said_in_chinese_and_in_its_own_english(data, name, zh):
    from geo.messages import error_text

    exc = _refusal(data, name)
    assert error_text(exc, "zh").startswith(zh)
    assert error_text(exc, "en") == str(exc)
    text, fix = render(str(exc.key), exc.params, "en")  # the catalog's English is the refusal's own words
    assert f"{text}; {fix}" == str(exc)


def test_an_issue_kept_before_its_chinese_param_existed_still_names_its_subject():
    old = {"what": "章贡区 (360702), forest_coverage, 2023", "first": 2, "row": 3}
    assert (
        render("duplicate_same", old, "zh")[0]
        == "与第2行的 章贡区 (360702), forest_coverage, 2023 重复且数值相同，只保留一次"
    )
    assert render("target_level", {"region": "赣州市", "level": "city", "binds": "county", "name": "x"}, "zh")[
        0
    ].startswith("赣州市是city级单位")
