"""Tiny hand-made regions and catalog shared by the region, table, importer and validate tests."""

from __future__ import annotations

import pandas as pd

from geo.catalog import Catalog, Clause, Indicator
from geo.regions import Change, RegionIndex

REGIONS = pd.DataFrame(
    {
        "adcode": [
            "360000",
            "360100",
            "360112",
            "360700",
            "360702",
            "360704",
            "360722",
            "360800",
            "360821",
            "361100",
            "361104",
        ],
        "name_zh": [
            "江西省",
            "南昌市",
            "新建区",
            "赣州市",
            "章贡区",
            "赣县区",
            "信丰县",
            "吉安市",
            "吉安县",
            "上饶市",
            "广信区",
        ],
        "name_en": [
            "Jiangxi Province",
            "Nanchang City",
            "Xinjian District",
            "Ganzhou City",
            "Zhanggong District",
            "Ganxian District",
            "Xinfeng County",
            "Ji'an City",
            "Ji'an County",
            "Shangrao City",
            "Guangxin District",
        ],
        "level": [
            "province",
            "city",
            "county",
            "city",
            "county",
            "county",
            "county",
            "city",
            "county",
            "city",
            "county",
        ],
    }
)
CHANGES = [
    Change("361121", "上饶县", "361104", "广信区", 2019, "upgraded"),
    Change("360721", "赣县", "360704", "赣县区", 2016, "upgraded"),
    Change("360105", "湾里区", "360112", "新建区", 2019, "merged"),
]


def _indicator(id: str, name_zh: str, unit: str, valid_range: tuple[float, float] | None) -> Indicator:
    return Indicator(
        id=id,
        name_zh=name_zh,
        name_en=id.replace("_", " "),
        unit=unit,
        unit_en=unit,
        action=4,
        clause=Clause("四", None, "…"),
        rule="at_least",
        target=None,
        target_year=2026,
        level="county",
        aggregation="none",
        valid_range=valid_range,
    )


CATALOG = Catalog(
    actions=(),
    source="test",
    indicators=(
        _indicator("forest_coverage", "森林覆盖率", "%", (0, 100)),
        _indicator("wetland_protection_rate", "湿地保护率", "%", (0, 100)),
        _indicator("high_standard_farmland_area", "高标准农田面积", "万亩", (0, 30000)),
    ),
)


def small_index() -> RegionIndex:
    return RegionIndex.from_table(REGIONS, CHANGES, area="Jiangxi", aliases=("全省", "江西", "jiangxi"))
