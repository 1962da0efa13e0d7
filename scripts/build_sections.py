"""Build data/sections/sections.csv: demo monitoring sections on Jiangxi's real rivers, with seeded demo classes.

What is real: the rivers and the lake, the towns the sections are named after, and the Class Ⅱ target of the
Yangtze mainstream, the Gan River mainstream and the provincial outflow sections (stated in the plan, section 三).
What is demo: every position (placed by hand on the river near the town, to about a kilometre), the control
levels, the other targets and every measured class. Re-run: `.venv/bin/python scripts/build_sections.py`.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.waterclass import class_label  # noqa: E402

OUT = ROOT / "data" / "sections" / "sections.csv"
SEED = 20240501
YEARS = range(2022, 2026)
SOURCE = "Ganpo Eco Atlas demo sections (scripts/build_sections.py)"

# name, river, basin, control level, lon, lat, county the town belongs to, target (2 = from the plan), profile.
# Profiles set the typical demo class: clean ≈ Ⅱ, typical ≈ Ⅱ-Ⅲ, urban ≈ Ⅲ, lake ≈ Ⅳ (phosphorus) improving.
SITES: list[tuple[str, str, str, str, float, float, str, int, str]] = [
    ("长江·瑞昌码头", "长江", "长江干流", "national", 115.62, 29.78, "瑞昌市", 2, "clean"),
    ("长江·九江", "长江", "长江干流", "national", 115.99, 29.725, "浔阳区", 2, "typical"),
    ("长江·湖口", "长江", "长江干流", "national", 116.225, 29.745, "湖口县", 2, "typical"),
    ("长江·彭泽(出境)", "长江", "长江干流", "national", 116.56, 29.905, "彭泽县", 2, "clean"),
    ("赣江·赣州", "赣江", "赣江", "national", 114.94, 25.87, "章贡区", 2, "urban"),
    ("赣江·万安", "赣江", "赣江", "provincial", 114.79, 26.46, "万安县", 2, "clean"),
    ("赣江·泰和", "赣江", "赣江", "provincial", 114.90, 26.80, "泰和县", 2, "clean"),
    ("赣江·吉安", "赣江", "赣江", "national", 115.00, 27.11, "", 2, "typical"),
    ("赣江·吉水", "赣江", "赣江", "provincial", 115.13, 27.21, "吉水县", 2, "clean"),
    ("赣江·峡江", "赣江", "赣江", "provincial", 115.32, 27.58, "峡江县", 2, "clean"),
    ("赣江·新干", "赣江", "赣江", "provincial", 115.39, 27.75, "新干县", 2, "clean"),
    ("赣江·樟树", "赣江", "赣江", "national", 115.55, 28.06, "樟树市", 2, "typical"),
    ("赣江·丰城", "赣江", "赣江", "provincial", 115.78, 28.20, "丰城市", 2, "typical"),
    ("赣江·南昌", "赣江", "赣江", "national", 115.88, 28.68, "", 2, "urban"),
    ("赣江·吴城", "赣江", "赣江", "national", 115.99, 29.18, "永修县", 2, "typical"),
    ("章江·南康", "章江", "赣江", "provincial", 114.76, 25.66, "南康区", 3, "typical"),
    ("贡江·于都", "贡江", "赣江", "provincial", 115.41, 25.95, "于都县", 3, "clean"),
    ("袁河·宜春", "袁河", "赣江", "provincial", 114.39, 27.80, "袁州区", 3, "urban"),
    ("袁河·新余", "袁河", "赣江", "provincial", 114.93, 27.81, "渝水区", 3, "urban"),
    ("锦江·高安", "锦江", "赣江", "provincial", 115.37, 28.42, "高安市", 3, "typical"),
    ("抚河·广昌", "抚河", "抚河", "provincial", 116.33, 26.84, "广昌县", 3, "clean"),
    ("抚河·南城", "抚河", "抚河", "provincial", 116.64, 27.56, "南城县", 3, "clean"),
    ("抚河·抚州", "抚河", "抚河", "national", 116.35, 27.96, "临川区", 3, "typical"),
    ("信江·玉山", "信江", "信江", "provincial", 118.24, 28.68, "玉山县", 3, "clean"),
    ("信江·上饶", "信江", "信江", "national", 117.95, 28.45, "信州区", 3, "typical"),
    ("信江·河口", "信江", "信江", "provincial", 117.71, 28.31, "铅山县", 3, "typical"),
    ("信江·弋阳", "信江", "信江", "provincial", 117.44, 28.40, "弋阳县", 3, "typical"),
    ("信江·贵溪", "信江", "信江", "provincial", 117.22, 28.29, "贵溪市", 3, "typical"),
    ("信江·鹰潭", "信江", "信江", "national", 117.05, 28.24, "月湖区", 3, "urban"),
    ("信江·余干", "信江", "信江", "provincial", 116.69, 28.70, "余干县", 3, "typical"),
    ("乐安河·婺源", "乐安河", "饶河", "provincial", 117.86, 29.25, "婺源县", 3, "clean"),
    ("乐安河·乐平", "乐安河", "饶河", "provincial", 117.13, 28.97, "乐平市", 3, "urban"),
    ("昌江·景德镇", "昌江", "饶河", "national", 117.20, 29.29, "", 3, "typical"),
    ("饶河·鄱阳", "饶河", "饶河", "national", 116.68, 29.00, "鄱阳县", 3, "typical"),
    ("修河·修水", "修河", "修河", "provincial", 114.55, 29.03, "修水县", 3, "clean"),
    ("修河·武宁", "修河", "修河", "provincial", 115.10, 29.26, "武宁县", 3, "clean"),
    ("修河·永修", "修河", "修河", "national", 115.81, 29.03, "永修县", 3, "typical"),
    ("潦河·奉新", "潦河", "修河", "provincial", 115.39, 28.70, "奉新县", 3, "clean"),
    ("鄱阳湖·湖口", "鄱阳湖", "鄱阳湖", "national", 116.21, 29.70, "湖口县", 3, "lake"),
    ("鄱阳湖·星子", "鄱阳湖", "鄱阳湖", "national", 116.045, 29.445, "庐山市", 3, "lake"),
    ("鄱阳湖·都昌", "鄱阳湖", "鄱阳湖", "national", 116.19, 29.26, "都昌县", 3, "lake"),
    ("鄱阳湖·康山", "鄱阳湖", "鄱阳湖", "national", 116.42, 28.88, "余干县", 3, "lake"),
    ("东江·寻乌(出境)", "寻乌水", "东江", "national", 115.65, 24.95, "寻乌县", 2, "clean"),
]

# Profile -> (typical class, spread of yearly classes around it as choices, improvement per year).
PROFILES: dict[str, tuple[float, tuple[int, ...], float]] = {
    "clean": (2.0, (-1, 0, 0, 0, 0, 1), 0.0),
    "typical": (2.5, (-1, 0, 0, 0, 1), 0.1),
    "urban": (3.0, (-1, 0, 0, 0, 1), 0.15),
    "lake": (4.0, (-1, 0, 0, 0, 1), 0.1),
}
OUTFLOW = {"长江·彭泽(出境)", "东江·寻乌(出境)"}


def measured(rng: random.Random, profile: str, year: int) -> int:
    """A demo class for one year: the profile's typical class, improving slowly, with a random wobble."""
    typical, wobble, improvement = PROFILES[profile]
    value = round(typical - improvement * (year - YEARS[0]) + rng.choice(wobble))
    return max(1, min(6, value))


def note(name: str, river: str, target: int) -> str:
    if name in OUTFLOW:
        why = "target Ⅱ from the plan: 跨省出境断面水质力争达到Ⅱ类水质"
    elif target == 2:
        why = f"target Ⅱ from the plan: {'长江干流江西段' if river == '长江' else '赣江干流'}保持Ⅱ类水质"
    else:
        why = "target demo"
    return f"demo: position placed by hand on the {river} near the town, control level and class generated; {why}"


def rows() -> list[dict[str, str]]:
    """Every (section, year) row, classes drawn with a fixed seed so the file is reproducible."""
    rng = random.Random(SEED)
    out = []
    for name, river, basin, level, lon, lat, county, target, profile in SITES:
        for year in YEARS:
            out.append(
                {
                    "name": name,
                    "river": river,
                    "basin": basin,
                    "control_level": level,
                    "lon": f"{lon:.3f}",
                    "lat": f"{lat:.3f}",
                    "county": county,
                    "target_class": class_label(target, "zh"),
                    "year": str(year),
                    "month": "",
                    "measured_class": class_label(measured(rng, profile, year), "zh"),
                    "provenance": "demo",
                    "source": SOURCE,
                    "note": note(name, river, target),
                }
            )
    return out


def main() -> int:
    table = rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(SITES)} sections x {len(YEARS)} years")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
