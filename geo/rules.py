"""Attainment rules: one registry, one function `assess(rule, observation)` deciding met / near / not_met.

Each rule answers "does this value reach the plan's target?" in its own way. Plan wording for each:

- ``at_least``: met when value >= target. "绿色低碳技术合同交易额占比达到15%".
- ``at_most``: met when value <= target. Illustrative: "不高于29微克/立方米" (no plan target uses it yet).
- ``hold_at_most``: keep at or below the target, or the base value when no target. "PM2.5在29的基础上巩固改善".
- ``hold_at_least``: keep at or above the target, or the base value when no target. "森林覆盖率稳定在63.1%以上".
- ``class_at_most``: water-quality class (ordinal 1..6 = I..劣V) no worse than the target class. "保持Ⅱ类水质".
- ``cumulative_at_least``: yearly amounts summed from params.start_year reach the target. "2024-2026年,新增人工造林面积150万亩".
- ``multiple_of_base``: value reaches params.factor × the base-year value. "山茶油线上销售额比2022年翻两番" (factor 4).
- ``deadline_at_least`` / ``deadline_at_most``: like at_least / at_most with their own target year as deadline;
  up to and including that year a miss within the margin is 'near', after it any miss is 'not_met'.
  "2025年底建成运行7个尾矿消纳场" / "2024年底实现...农村黑臭水体动态清零" (at most 0).
- ``decreasing``: met when the value is below the latest earlier reported year's; flat is not a decrease.
  "鄱阳湖总磷浓度持续下降".
- ``qualitative``: a target without a number; always 'tracked'. "生态产品调查监测体系常态化运行".

Semantics shared by all scored rules:

- value None (or NaN / infinite) -> 'no_data'; a target that cannot be determined -> 'no_data'.
- exactly on target is 'met'; short of it by at most ``margin`` (exactly at the margin included) is 'near';
  with margin 0 nothing is 'near'.
- ``gap`` is in the indicator's unit: positive = better than the target by that much, negative = short of it.
- ``progress`` is the improvement since the base value, positive = better; None without a base or before its year.
- The base value is the region's own value in the base year (params.base_year, else baseline_year) taken from
  ``history`` when present, else ``obs.baseline`` (the catalog's, usually provincial, figure).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from geo.errors import UnknownRule

# no_target: a region that no target binds (a county's share of a provincial total): judged by no rule at all.
STATUSES: tuple[str, ...] = ("met", "near", "not_met", "no_data", "tracked", "no_target")

# Float rounding in `target - margin` and similar must not turn "exactly at the margin" into not_met.
_ROUNDING = 8 * sys.float_info.epsilon


def _empty() -> Mapping[Any, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Observation:
    """One region's value of one indicator in one year, with what a rule needs to judge it."""

    value: float | None
    target: float | None
    year: int
    target_year: int
    baseline: float | None = None
    baseline_year: int | None = None
    margin: float = 0.0
    history: Mapping[int, float] = field(default_factory=_empty)  # earlier years, same region and indicator
    params: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class Assessment:
    """The verdict: status, signed gap to the target (+ = better), progress since base, target actually used."""

    status: str
    gap: float | None
    progress: float | None
    target: float | None


@dataclass(frozen=True)
class Rule:
    """A named attainment rule: what it means, the plan wording it serves, and the judging function."""

    name: str
    meaning: str
    example: str
    better: str | None  # "higher", "lower" or None: which direction of the value is an improvement
    judge: Callable[[Observation], Assessment]


# ---------------------------------------------------------------------------------------------- helpers


def _finite(x: float | None) -> float | None:
    """x as a usable number; None for None, NaN, pd.NA or infinite (no measurement is infinite)."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _known(x: float | None) -> bool:
    """A usable number: not None, NaN, pd.NA or infinite."""
    return _finite(x) is not None


def _base(obs: Observation) -> float | None:
    """The region's own base-year value from history, else the catalog baseline."""
    year = obs.params.get("base_year", obs.baseline_year)
    if year is not None:
        own = _finite(obs.history.get(int(year)))
        if own is not None:
            return own
    return _finite(obs.baseline)


def _since(obs: Observation) -> float | None:
    """The base value progress is counted from; None for a year before the base year (no 'since' yet)."""
    year = obs.params.get("base_year", obs.baseline_year)
    if year is not None and obs.year < int(year):
        return None
    return _base(obs)


def _grade(gap: float, margin: float, scale: float, allow_near: bool = True) -> str:
    """met when gap >= 0; near when short by at most margin (with rounding slack); else not_met."""
    if gap >= 0:
        return "met"
    if allow_near and margin > 0 and -gap <= margin + _ROUNDING * max(scale, margin):
        return "near"
    return "not_met"


def _directed(obs: Observation, target: float | None, higher: bool, allow_near: bool = True) -> Assessment:
    """Score value against target in the given direction; progress against the base value."""
    value, goal = _finite(obs.value), _finite(target)
    if value is None or goal is None:
        return Assessment("no_data", None, None, target)
    target = goal
    sign = 1.0 if higher else -1.0
    gap = sign * (value - target)
    base = _since(obs)
    progress = None if base is None else sign * (value - base)
    status = _grade(gap, obs.margin, max(abs(value), abs(target)), allow_near)
    return Assessment(status, gap, progress, target)


def _param(obs: Observation, name: str, rule: str) -> Any:
    if name not in obs.params:
        raise ValueError(f"rule {rule!r} needs params.{name}; add it to the indicator's params in the catalog")
    return obs.params[name]


# ------------------------------------------------------------------------------------------------ rules


def _at_least(obs: Observation) -> Assessment:
    return _directed(obs, obs.target, higher=True)


def _at_most(obs: Observation) -> Assessment:
    return _directed(obs, obs.target, higher=False)


def _hold_at_most(obs: Observation) -> Assessment:
    return _directed(obs, obs.target if _known(obs.target) else _base(obs), higher=False)


def _hold_at_least(obs: Observation) -> Assessment:
    return _directed(obs, obs.target if _known(obs.target) else _base(obs), higher=True)


def _class_at_most(obs: Observation) -> Assessment:
    # Classes are ordinals, so "near" is exactly one class worse, and only when the catalog allows a margin.
    value, target = _finite(obs.value), _finite(obs.target)
    if value is None or target is None:
        return Assessment("no_data", None, None, obs.target)
    for what, x, number in (("value", obs.value, value), ("target", obs.target, target)):
        if number != int(number) or not 1 <= int(number) <= 6:
            raise ValueError(f"class_at_most {what} {x!r} is not a water-quality class; use 1..6 for I..劣V")
    gap = target - value
    if gap >= 0:
        status = "met"
    elif gap == -1 and obs.margin >= 1:
        status = "near"
    else:
        status = "not_met"
    base = _since(obs)
    return Assessment(status, gap, None if base is None else base - value, target)


def _cumulative_at_least(obs: Observation) -> Assessment:
    # Years between start_year and this year missing from history count as zero: a sum never overstates.
    value, target = _finite(obs.value), _finite(obs.target)
    if value is None or target is None:
        return Assessment("no_data", None, None, obs.target)
    start = int(obs.params.get("start_year", min([obs.year, *obs.history.keys()])))
    earlier = sum(f for y, v in obs.history.items() if start <= y < obs.year and (f := _finite(v)) is not None)
    total = earlier + value
    gap = total - target
    if obs.year < obs.target_year and gap < 0:
        # Before the target year a shortfall is expected: judge against the pro-rata share reached by now.
        share = (obs.year - start + 1) / max(obs.target_year - start + 1, 1)
        status = "near" if total >= target * share else "not_met"
    else:
        status = _grade(gap, obs.margin, max(abs(total), abs(target)))
    return Assessment(status, gap, total, target)


def _multiple_of_base(obs: Observation) -> Assessment:
    factor = float(_param(obs, "factor", "multiple_of_base"))
    base = _base(obs)
    if base is None:
        return Assessment("no_data", None, None, None)
    return _directed(obs, factor * base, higher=True)


def _deadline(higher: bool) -> Callable[[Observation], Assessment]:
    def judge(obs: Observation) -> Assessment:
        # Up to and including the deadline year a small miss is 'near'; after it, a miss is simply not met.
        return _directed(obs, obs.target, higher=higher, allow_near=obs.year <= obs.target_year)

    return judge


def _decreasing(obs: Observation) -> Assessment:
    earlier = {y: f for y, v in obs.history.items() if y < obs.year and (f := _finite(v)) is not None}
    value = _finite(obs.value)
    if value is None or not earlier:
        return Assessment("no_data", None, None, None)
    previous = earlier[max(earlier)]  # the latest reported earlier year, even if one was skipped
    gap = previous - value
    if gap > 0:
        status = "met"
    else:  # flat is not a decrease: at best 'near', and only when the catalog allows a margin
        status = (
            "near" if obs.margin > 0 and -gap <= obs.margin + _ROUNDING * max(abs(value), abs(previous)) else "not_met"
        )
    base = _since(obs)
    return Assessment(status, gap, None if base is None else base - value, previous)


def _qualitative(obs: Observation) -> Assessment:
    return Assessment("tracked", None, None, obs.target)


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        r.name: r
        for r in (
            Rule("at_least", "met when value >= target", "绿色低碳技术合同交易额占比达到15%", "higher", _at_least),
            Rule(
                "at_most",
                "met when value <= target",
                "(illustrative, no plan target uses it yet) 不高于29微克/立方米",
                "lower",
                _at_most,
            ),
            Rule(
                "hold_at_most",
                "stay at or below the target (or base value)",
                "PM2.5在29的基础上巩固改善",
                "lower",
                _hold_at_most,
            ),
            Rule(
                "hold_at_least",
                "stay at or above the target (or base value)",
                "森林覆盖率稳定在63.1%以上",
                "higher",
                _hold_at_least,
            ),
            Rule(
                "class_at_most",
                "water class (1..6 = I..劣V) no worse than the target class",
                "长江干流江西段和赣江干流保持Ⅱ类水质",
                "lower",
                _class_at_most,
            ),
            Rule(
                "cumulative_at_least",
                "sum since params.start_year reaches the target; on pace counts as near",
                "2024-2026年,新增人工造林面积150万亩",
                "higher",
                _cumulative_at_least,
            ),
            Rule(
                "multiple_of_base",
                "value reaches params.factor × base-year value",
                "山茶油线上销售额比2022年翻两番",
                "higher",
                _multiple_of_base,
            ),
            Rule(
                "deadline_at_least",
                "at_least, with no 'near' after the deadline year",
                "2025年底建成运行7个尾矿消纳场",
                "higher",
                _deadline(True),
            ),
            Rule(
                "deadline_at_most",
                "at_most, with no 'near' after the deadline year",
                "2024年底实现农村黑臭水体动态清零",
                "lower",
                _deadline(False),
            ),
            Rule(
                "decreasing", "value below the previous reported year's", "鄱阳湖总磷浓度持续下降", "lower", _decreasing
            ),
            Rule(
                "qualitative", "no number to reach; tracked only", "生态产品调查监测体系常态化运行", None, _qualitative
            ),
        )
    }
)


def rule_names() -> tuple[str, ...]:
    """Names of all registered rules, in registry order."""
    return tuple(RULES)


def assess(rule: str, obs: Observation) -> Assessment:
    """Judge one observation by the named rule; UnknownRule lists the valid names."""
    try:
        entry = RULES[rule]
    except (KeyError, TypeError):
        raise UnknownRule(f"{rule!r} is not an attainment rule", f"use one of {', '.join(rule_names())}") from None
    return entry.judge(obs)
