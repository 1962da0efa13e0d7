"""Units as tables print them, and the conversions that are safe: areas (公顷, 亩, 万亩) and concentrations (mg/L).

A unit found in a header, a units row or a title ("单位：万亩") is compared with the catalog's unit of the indicator;
`factor(found, wanted)` gives the multiplier from one to the other, or None when no safe conversion exists (a
percentage is not an area, a count is not a rate): the importer then refuses the column with a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Unit:
    """A unit: its dimension ('area', 'mass_conc', …) and its size in the dimension's base unit."""

    dimension: str
    size: float


# Spellings (compared by unit_key) -> Unit. Base units: hectare for areas, mg/L for water, μg/m³ for air.
UNITS: Mapping[str, Unit] = MappingProxyType(
    {
        "公顷": Unit("area", 1.0),
        "ha": Unit("area", 1.0),
        "hm2": Unit("area", 1.0),
        "万公顷": Unit("area", 10_000.0),
        "亩": Unit("area", 1 / 15),
        "mu": Unit("area", 1 / 15),
        "万亩": Unit("area", 10_000 / 15),
        "平方公里": Unit("area", 100.0),
        "km2": Unit("area", 100.0),
        "平方千米": Unit("area", 100.0),
        "mg/l": Unit("water_conc", 1.0),
        "毫克/升": Unit("water_conc", 1.0),
        "μg/l": Unit("water_conc", 0.001),
        "ug/l": Unit("water_conc", 0.001),
        "微克/升": Unit("water_conc", 0.001),
        "μg/m3": Unit("air_conc", 1.0),
        "ug/m3": Unit("air_conc", 1.0),
        "微克/立方米": Unit("air_conc", 1.0),
        "mg/m3": Unit("air_conc", 1000.0),
        "毫克/立方米": Unit("air_conc", 1000.0),
        "%": Unit("share", 1.0),
        "百分比": Unit("share", 1.0),
    }
)
_UNIT_PREFIX = re.compile(r"^(?:计量)?单位[:：]\s*(.+)$")


def unit_key(unit: str) -> str:
    """A unit as compared: NFKC, lower case, no spaces; '％' is '%', 'm³'/'m^3' is 'm3', 'µ' is 'μ'."""
    s = unicodedata.normalize("NFKC", str(unit)).lower()
    s = re.sub(r"\s+", "", s).replace("％", "%").replace("^", "").replace("µ", "μ")
    return s.replace("²", "2").replace("³", "3")


def unit_in_title(text: str) -> str | None:
    """The unit a title or units row names: '单位：万亩' -> '万亩'; None when it names none."""
    m = _UNIT_PREFIX.match(unicodedata.normalize("NFKC", str(text)).strip())
    return m.group(1).strip() if m else None


def known(unit: str) -> bool:
    """Whether the unit is one the atlas knows how to convert."""
    return unit_key(unit) in UNITS


def factor(found: str, wanted: str) -> float | None:
    """Multiplier from `found` to `wanted` (1.0 when they are one unit); None when no safe conversion exists."""
    a, b = unit_key(found), unit_key(wanted)
    if a == b:
        return 1.0
    ua, ub = UNITS.get(a), UNITS.get(b)
    if ua is None or ub is None or ua.dimension != ub.dimension:
        return None
    return ua.size / ub.size
