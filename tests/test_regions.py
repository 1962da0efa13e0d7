"""RegionIndex: codes in every form, names, short names, pinyin, old names/codes, merged and unknown units."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.errors import CatalogError, MergedRegion, UnknownRegion
from geo.paths import DATA
from geo.regions import RegionIndex, load_changes, load_region_index, normalise_code
from tests.importer_fixtures import CHANGES, REGIONS, small_index


@pytest.mark.parametrize("text", ["360702", 360702, 360702.0, "360702.0", " 360702 ", "３６０７０２", "360702000000"])
def test_code_in_every_form(text):
    assert small_index().resolve(text) == "360702"


@pytest.mark.parametrize(
    "text, code",
    [
        ("章贡区", "360702"),
        ("章贡", "360702"),
        ("信丰", "360722"),
        ("赣县", "360704"),
        ("Zhanggong District", "360702"),
        ("zhanggongqu", "360702"),
        ("Xinfeng", "360722"),
        ("Gan Xian", "360704"),
        ("全省", "360000"),
        ("吉安县", "360821"),
    ],
)
def test_names_short_names_and_pinyin(text, code):
    assert small_index().resolve(text) == code


def test_old_name_and_code_give_new_adcode_with_warning():
    idx = small_index()
    m = idx.match("上饶县")
    assert (m.adcode, m.via) == ("361104", "old name")
    assert m.warning == "'上饶县' is the old name of 广信区 (361104), upgraded in 2019; filed under 361104"
    assert (
        idx.match("361121").warning
        == "'361121' is the old code of 广信区 (361104), upgraded in 2019; filed under 361104"
    )
    assert idx.match("广信区").warning is None


@pytest.mark.parametrize("text", ["湾里区", "360105"])
def test_merged_unit_is_refused_with_the_unit_to_use(text):
    with pytest.raises(MergedRegion) as e:
        small_index().resolve(text)
    assert e.value.message == "湾里区 was merged into 新建区 (360112) in 2019"
    assert e.value.fix == "use 新建区 or its code 360112"


def test_unknown_region_suggests_close_names():
    with pytest.raises(UnknownRegion) as e:
        small_index().resolve("信风县")
    assert str(e.value) == "'信风县' is not a county of Jiangxi; did you mean 信丰县?"


def test_unknown_region_without_close_name_says_what_to_write():
    with pytest.raises(UnknownRegion) as e:
        small_index().resolve("火星县")
    assert e.value.message == "'火星县' is not a county of Jiangxi"
    assert e.value.fix == "write a six-digit code or a Chinese name (e.g. 360112 or 新建区) from the region list"


def test_unknown_code_suggests_codes_with_names():
    with pytest.raises(UnknownRegion) as e:
        small_index().resolve("360723")
    assert e.value.message == "'360723' is not a county of Jiangxi"
    assert e.value.fix.startswith("did you mean 360722 (信丰县)")


def test_ambiguous_short_name_lists_both_and_level_filter_decides():
    idx = small_index()
    with pytest.raises(UnknownRegion) as e:
        idx.resolve("吉安")
    assert str(e.value) == (
        "'吉安' matches more than one region: 吉安市 (360800), 吉安县 (360821); "
        "write the full Chinese name or the six-digit code, or give the city in a column 所属市 (city)"
    )
    assert idx.resolve("吉安", level="county") == "360821"
    assert idx.resolve("吉安", level="city") == "360800"


def test_level_filter_refuses_a_city_where_a_county_is_wanted():
    with pytest.raises(UnknownRegion) as e:
        small_index().resolve("南昌市", level="county")
    assert str(e.value) == "'南昌市' is 南昌市 (360100), a city, not a county of Jiangxi; use a county here"
    assert small_index().resolve("南昌市", level="city") == "360100"


def test_blank_region():
    with pytest.raises(UnknownRegion) as e:
        small_index().resolve("  ")
    assert str(e.value) == "the region is blank; write a six-digit code or a Chinese name such as 章贡区"


def test_from_table_does_not_mutate_and_checks_codes():
    table = REGIONS.copy()
    before = table.copy()
    RegionIndex.from_table(table, CHANGES)
    pd.testing.assert_frame_equal(table, before)
    with pytest.raises(CatalogError) as e:
        RegionIndex.from_table(pd.DataFrame({"adcode": ["3607"], "name_zh": ["x"], "level": ["county"]}))
    assert str(e.value) == "regions table: adcode '3607' is not a six-digit code; write adcodes as six digits, as text"


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(allow_nan=True)))
def test_resolve_only_ever_raises_unknown_region(text):
    idx = small_index()
    try:
        assert idx.resolve(text) in idx
    except UnknownRegion:
        pass


@pytest.mark.parametrize("text", ["3607021", "36070", "360702.5", "abc", True])
def test_normalise_code_refuses_non_codes(text):
    assert normalise_code(text) is None


# ------------------------------------------------------------------ the committed data
def test_changes_file_new_codes_are_current_and_old_codes_are_not():
    index = load_region_index()
    for ch in load_changes():
        assert ch.new_code in index, ch
        assert ch.old_code not in index or ch.old_code == ch.new_code, ch


@pytest.mark.skipif(not (DATA / "boundaries" / "regions.csv").exists(), reason="regions.csv not built")
@pytest.mark.parametrize(
    "text, code",
    [
        ("上饶县", "361104"),
        ("南康市", "360703"),
        ("星子县", "360483"),
        ("庐山区", "360402"),
        ("九江县", "360404"),
        ("360782", "360703"),
        ("龙南县", "360783"),
        ("都昌", "360428"),
        ("Duchang", "360428"),
        ("360702.0", "360702"),
    ],
)
def test_real_regions(text, code):
    assert load_region_index().resolve(text) == code


def test_real_regions_count_and_merged():
    index = load_region_index()
    assert len(index) == 112
    with pytest.raises(MergedRegion) as e:
        index.resolve("湾里区")
    assert str(e.value) == "湾里区 was merged into 新建区 (360112) in 2019; use 新建区 or its code 360112"


def test_a_name_several_units_bear_is_resolved_within_its_parent() -> None:
    # 鼓楼区 is a district of several cities of China: a city column decides which one is meant.
    regions = pd.DataFrame(
        {
            "adcode": ["350000", "350100", "350102", "350200", "350203"],
            "name_zh": ["福建省", "福州市", "鼓楼区", "厦门市", "鼓楼区"],
            "level": ["province", "city", "county", "city", "county"],
            "parent_adcode": ["", "350000", "350100", "350000", "350200"],
        }
    )
    index = RegionIndex.from_table(regions, area="Fujian")
    assert index.resolve("鼓楼区", parent="福州市") == "350102"
    assert index.resolve("鼓楼区", parent="350200") == "350203"
    with pytest.raises(
        UnknownRegion,
        match=r"matches more than one region: 鼓楼区 \(350102, 福州市\), 鼓楼区 \(350203, 厦门市\)"
        r"; write the full Chinese name or the six-digit code, or give the city in a column 所属市",
    ):
        index.resolve("鼓楼区")


def test_a_name_in_another_city_than_the_one_given_is_refused() -> None:
    regions = pd.DataFrame(
        {
            "adcode": ["350000", "350100", "350102", "350200"],
            "name_zh": ["福建省", "福州市", "鼓楼区", "厦门市"],
            "level": ["province", "city", "county", "city"],
            "parent_adcode": ["", "350000", "350100", "350000"],
        }
    )
    with pytest.raises(
        UnknownRegion, match=r"'鼓楼区' is not in 厦门市: it is 鼓楼区 \(350102, 福州市\); correct the city"
    ):
        RegionIndex.from_table(regions).resolve("鼓楼区", parent="厦门市")
