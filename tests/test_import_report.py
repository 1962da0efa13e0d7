"""geo/import_report.py: the readers' own notes said in Chinese, the English kept as the readers wrote it."""

from __future__ import annotations

import pytest

from geo.import_report import reader_note


@pytest.mark.parametrize(
    ("note", "zh"),
    [
        ("columns separated by tab", "列以 制表符 分隔"),
        ("driver GPKG, layer 'sections' (first of 3)", "读取方式：GPKG，图层“sections”（共 3 个图层，只读取第一个）"),
        ("driver GeoJSON, layer 'points'", "读取方式：GeoJSON，图层“points”"),
        ("driver ESRI Shapefile", "读取方式：ESRI Shapefile"),
        ("attributes read as GBK (from the .cpg)", "属性按 GBK 编码读取（见 .cpg 文件）"),
        (
            "no .cpg: attributes read as GB18030, the first encoding that fits",
            "没有 .cpg 文件：属性按第一个能解码的编码 GB18030 读取",
        ),
    ],
)
def test_reader_notes_in_chinese(note, zh):
    assert reader_note(note, "zh") == zh
    assert reader_note(note, "en") == note
