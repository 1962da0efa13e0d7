"""The layout of a user's table of values: the role of each column, and whether it is long, wide or an allocation.

Long: 地区, 指标, 年份, 数值 [, 目标值, 来源, 备注]. Wide: one row per region, one column per indicator such as
森林覆盖率(%). Allocation: a long table with targets and no values (each region's share of a plan target).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from geo.catalog import Catalog, Indicator
from geo.cells import header_key
from geo.errors import InputFileError
from geo.issues import IssueLog
from geo.readers.grid import RawTable

# Column role -> header spellings (compared after NFKC, lower case, without spaces, _ and -).
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("adcode", "code", "行政区划代码", "区划代码", "代码", "行政代码", "地区代码"),
    "region": (
        "region",
        "name",
        "county",
        "district",
        "地区",
        "县名",
        "区县",
        "县区",
        "县市区",
        "县(市、区)",
        "行政区",
        "地区名称",
        "名称",
        "行政区划",
        "行政区名称",
        "namezh",
    ),
    "indicator": ("indicator", "indicatorid", "指标", "指标名称", "指标代码"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "指标值"),
    "target": ("target", "目标值", "目标"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "notes", "remark", "备注", "说明"),
    "provenance": ("provenance", "数据性质"),
    "unit": ("unit", "单位", "计量单位"),
    # Read by people, not by the atlas: no warning when they are present.
    # The unit a region belongs to: resolves a name that several units bear (鼓楼区 in several cities).
    "parent": ("城市", "设区市", "所属市", "地市", "所属地市", "cityzh", "city", "parent"),
    "info": ("序号", "no", "编号", "nameen", "pinyin", "拼音", "level", "级别", "parentadcode", "areakm2"),
}
_ROLE_OF: dict[str, str] = {h: role for role, hs in ROLE_HEADERS.items() for h in hs}
_UNIT_IN_HEADER = re.compile(r"^(.*?)\s*[(（]\s*(.*?)\s*[)）]\s*$")


@dataclass(frozen=True)
class Layout:
    """Which column plays which role, and (wide tables) which column holds which indicator in which unit."""

    roles: dict[str, str]  # role -> column
    indicator_columns: dict[str, tuple[Indicator, str | None]]  # wide: column -> (indicator, unit in its header)

    @property
    def long(self) -> bool:
        """One row per region, indicator and year (an allocation is long too)."""
        return not self.indicator_columns

    @property
    def allocation(self) -> bool:
        """A long table with a target column and no value column: per-region targets only."""
        return self.long and "value" not in self.roles


def split_unit(header: str) -> tuple[str, str | None]:
    """A header without its unit in brackets, and the unit: '森林覆盖率(%)' -> ('森林覆盖率', '%')."""
    m = _UNIT_IN_HEADER.match(unicodedata.normalize("NFKC", header).strip())
    return (m.group(1).strip(), m.group(2)) if m and m.group(1).strip() else (header.strip(), None)


def unit_key(unit: str) -> str:
    """A unit as compared: '%' and '％', '万 亩' and '万亩' are one."""
    return header_key(unit).replace("％", "%")


def detect_layout(raw: RawTable, catalog: Catalog, year: int | None, log: IssueLog) -> Layout:
    """The layout of a table; InputFileError when it has no region column or is neither long nor wide, and a
    warning in `log` for each column that is not read or whose unit is not the catalog's."""
    frame = raw.frame
    roles: dict[str, str] = {}
    indicator_columns: dict[str, tuple[Indicator, str | None]] = {}
    others: list[str] = []
    for col in frame.columns:
        role = _role(col)
        if role and role not in roles:
            roles[role] = col
        elif role is None:
            others.append(col)
    if "code" not in roles and "region" not in roles and "parent" in roles:
        roles["region"] = roles.pop("parent")  # a table of cities: its 城市 column names the regions themselves
    if "code" not in roles and "region" not in roles:
        raise InputFileError(
            f"{raw.name} has no region column (columns: {', '.join(map(str, frame.columns))})",
            "name the column of county names or codes 地区, 区县, 行政区划代码 or region",
        )
    long = "indicator" in roles and ("value" in roles or "target" in roles)
    if not long:
        for col in others:
            base, unit = split_unit(col)
            ind = catalog.find(base) or catalog.find(col)
            if ind is not None:
                indicator_columns[col] = (ind, unit)
        if not indicator_columns:
            raise InputFileError(
                f"{raw.name} has neither indicator and value columns nor columns named after indicators",
                "use columns 地区, 指标, 年份, 数值 (long), or one column per indicator such as 森林覆盖率(%) (wide)",
            )
        if "year" not in roles and year is None:
            raise InputFileError(
                f"{raw.name} is a wide table without a year column", "add a column 年份, or give the year (--year 2023)"
            )
    for col in others:
        if col in indicator_columns:
            continue
        log.add(
            None,
            col,
            None,
            f"column '{col}' is not read: it is not {'a known column' if long else 'an indicator of the catalog'}",
            _column_hint(col, long, catalog),
            "warning",
        )
    for col, (ind, unit) in indicator_columns.items():
        if unit is not None and unit_key(unit) != unit_key(ind.unit):
            log.add(
                None,
                col,
                None,
                f"the header gives the unit '{unit}' but {ind.name_zh} ({ind.id}) is measured in "
                f"'{ind.unit or 'no unit'}'",
                "convert the column to the catalog unit",
                "warning",
            )
    return Layout(roles, indicator_columns)


def _role(header: str) -> str | None:
    key = header_key(header)
    if key in _ROLE_OF:
        return _ROLE_OF[key]
    base, _ = split_unit(header)
    return _ROLE_OF.get(header_key(base))


def _column_hint(col: str, long: bool, catalog: Catalog) -> str:
    names = [i.name_zh for i in catalog.indicators] + list(catalog.ids)
    if not long:
        close = difflib.get_close_matches(split_unit(col)[0], names, n=2, cutoff=0.6)
        if close:
            return f"did you mean {', '.join(close)}?"
    return "rename it if it holds values, otherwise ignore this warning"
