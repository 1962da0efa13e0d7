"""geo/header.py: the header found below any title rows, several header rows, footnotes told from figures."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.header import find_header, is_footnote, role_of

TITLE = st.text(alphabet="表一二三各县市区生态指标统计年鉴（）", min_size=1, max_size=12)
YEARS = st.lists(st.integers(2000, 2030), min_size=1, max_size=4, unique=True)


@given(st.lists(TITLE, max_size=8), st.booleans(), YEARS, st.sampled_from(["森林覆盖率", "湿地保护率"]))
def test_the_header_is_found_below_any_title_rows_and_reads_indicator_over_years(titles, unit_row, years, name):
    above = [[t] for t in titles] + ([["单位：%"]] if unit_row else [])
    top = ["地区", name] + [""] * (len(years) - 1)  # the heading written once over its year columns (a CSV)
    second = [""] + [f"{y}年" for y in years]
    rows = above + [top, second, ["章贡区"] + ["60"] * len(years)]
    found = find_header([(i + 1, r) for i, r in enumerate(rows)])
    assert found is not None
    n = len(above)
    assert found.rows == (n + 1, n + 2) and found.start == n + 2
    assert found.columns == (("地区",), *((name, f"{y}年") for y in years))
    assert found.unit == ("%" if unit_row else None)
    assert [t for _, t in found.above] == [r[0] for r in above]


@given(st.lists(st.floats(0, 1e6, allow_nan=False).map(lambda x: f"{x:.1f}"), min_size=2, max_size=5))
def test_figures_before_any_header_mean_the_table_has_none(cells):
    assert find_header([(1, cells), (2, ["地区", "森林覆盖率"])]) is None


@given(
    st.sampled_from(["注", "资料来源", "说明", "数据来源", "附注"]),
    st.sampled_from(["：", ":", " ："]),
    st.text(max_size=20),
)
def test_footnote_rows_are_recognised(word, colon, rest):
    assert is_footnote([f"{word}{colon}{rest}", "", ""])
    assert not is_footnote(["章贡区", "60", "61"])
    assert not is_footnote([f"{word}{colon}{rest}", "1", "2", "3"])  # a row with figures is no footnote


def test_roles_ignore_width_spaces_and_units():
    assert role_of(" 地 区 ") == "region" and role_of("ＡＤＣＯＤＥ") == "code" and role_of("年份(年)") == "year"
    assert role_of("森林覆盖率") is None
