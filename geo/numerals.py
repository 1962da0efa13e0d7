"""Chinese numerals of the plan's clause numbers (二, （二十一）) read as numbers, so the English page shows 2 (21)."""

from __future__ import annotations

DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
BRACKETS = "（）()、. "


def chinese_number(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 二十一 -> 21, （十一） -> 11 (brackets ignored); None for anything else (up to 99)."""
    core = text.strip(BRACKETS)
    if not core or any(ch not in DIGITS and ch != "十" for ch in core):
        return None
    if "十" not in core:
        return DIGITS[core] if len(core) == 1 else None
    tens, _, ones = core.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def clause_number(section: str, item: str | None, lang: str) -> str:
    """The clause as the plan writes it in Chinese (二（三）); in English with digits (2 (3)), or as written when
    it is not a numeral."""
    if lang == "zh":
        return f"{section}{item or ''}"
    sec, it = chinese_number(section), chinese_number(item) if item else None
    sec_text = str(sec) if sec is not None else section
    if not item:
        return sec_text
    return f"{sec_text} ({it if it is not None else item})"
