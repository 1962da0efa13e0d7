"""Chinese clause numerals read as numbers for the English page."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.numerals import chinese_number, clause_number

WORDS = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]


def test_numerals_of_the_plan() -> None:
    assert [chinese_number(t) for t in ("一", "十", "十一", "二十", "二十一", "（十七）", "（三）")] == [
        1,
        10,
        11,
        20,
        21,
        17,
        3,
    ]
    assert chinese_number("Part 2") is None and chinese_number("十十") is None and chinese_number("") is None


@given(st.integers(min_value=1, max_value=99))
def test_every_number_to_99_reads_back(n: int) -> None:
    tens, ones = divmod(n, 10)
    text = (
        ("" if tens == 1 else WORDS[tens - 1] if tens else "")
        + ("十" if tens else "")
        + (WORDS[ones - 1] if ones else "")
    )
    assert chinese_number(text) == n


def test_clause_in_each_language() -> None:
    assert clause_number("二", "（三）", "zh") == "二（三）"
    assert clause_number("二", "（三）", "en") == "2 (3)"
    assert clause_number("四", None, "en") == "4"
    assert clause_number("附件", None, "en") == "附件"
