"""Attainment rules: every rule on target, at the margin, without a value, at extreme magnitudes, and by name."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from geo.errors import UnknownRule
from geo.rules import RULES, STATUSES, Assessment, Observation, assess, rule_names

# Finite floats from tiny to huge; margins non-negative. Kept below 1e300 so value ± target stays finite.
num = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)
pos = st.floats(min_value=1e-300, max_value=1e300, allow_nan=False, allow_infinity=False)
margin = st.floats(min_value=0, max_value=1e6, allow_nan=False)
year = st.integers(min_value=2020, max_value=2030)
RANK = {"met": 3, "near": 2, "not_met": 1}

HIGHER = ("at_least", "hold_at_least", "deadline_at_least")
LOWER = ("at_most", "hold_at_most", "deadline_at_most")


def obs(value, target, **kw) -> Observation:
    kw.setdefault("year", 2026)
    kw.setdefault("target_year", 2026)
    return Observation(value=value, target=target, **kw)


def test_registry_names_are_exactly_the_documented_rules():
    assert rule_names() == (
        "at_least",
        "at_most",
        "hold_at_most",
        "hold_at_least",
        "class_at_most",
        "cumulative_at_least",
        "multiple_of_base",
        "deadline_at_least",
        "deadline_at_most",
        "decreasing",
        "qualitative",
    )
    assert all(RULES[n].name == n and RULES[n].meaning and RULES[n].example for n in rule_names())


def test_unknown_rule_names_the_bad_rule_and_lists_all_valid_ones():
    with pytest.raises(UnknownRule) as err:
        assess("at_leest", obs(1.0, 1.0))
    text = str(err.value)
    assert text.startswith("'at_leest' is not an attainment rule; use one of at_least, at_most, ")
    for name in rule_names():
        assert name in text


@given(name=st.text(min_size=1, max_size=20).filter(lambda s: s not in RULES))
def test_any_unregistered_name_raises_unknown_rule(name):
    with pytest.raises(UnknownRule, match="is not an attainment rule"):
        assess(name, obs(1.0, 1.0))


# ------------------------------------------------------------------------------- no value, always defined


@pytest.mark.parametrize("rule", [r for r in rule_names() if r != "qualitative"])
@pytest.mark.parametrize("missing", [None, float("nan"), float("inf")])
def test_missing_value_is_no_data_for_every_scored_rule(rule, missing):
    o = obs(
        missing,
        2.0,
        baseline=3.0,
        baseline_year=2023,
        margin=1.0,
        history={2024: 3.0, 2025: 2.5},
        params={"start_year": 2024, "factor": 2.0, "base_year": 2024},
    )
    a = assess(rule, o)
    assert a.status == "no_data" and a.gap is None and a.progress is None


@given(
    rule=st.sampled_from([r for r in rule_names() if r != "class_at_most"]),
    value=st.none() | num,
    target=st.none() | num,
    m=margin,
    y=year,
)
def test_every_rule_returns_a_known_status_and_a_finite_or_absent_gap(rule, value, target, m, y):
    o = obs(
        value, target, year=y, margin=m, baseline=1.0, history={y - 1: 5.0}, params={"factor": 4, "start_year": 2024}
    )
    a = assess(rule, o)
    assert isinstance(a, Assessment) and a.status in STATUSES
    assert a.gap is None or not math.isnan(a.gap)
    if a.status == "met":
        assert a.gap is not None and a.gap >= 0


@given(value=st.none() | num, target=st.none() | num)
def test_qualitative_is_always_tracked_without_a_gap(value, target):
    assert assess("qualitative", obs(value, target)) == Assessment("tracked", None, None, target)


# ----------------------------------------------------------------------- at_least / at_most and friends


@given(rule=st.sampled_from(HIGHER + LOWER), target=num, m=margin)
def test_exactly_on_target_is_met_with_zero_gap(rule, target, m):
    a = assess(rule, obs(target, target, margin=m))
    assert (a.status, a.gap, a.target) == ("met", 0.0, target)


@given(rule=st.sampled_from(HIGHER + LOWER), target=st.floats(-1e6, 1e6), m=st.floats(1e-3, 1e3))
def test_exactly_at_the_margin_short_is_near(rule, target, m):
    value = target - m if rule in HIGHER else target + m
    a = assess(rule, obs(value, target, margin=m))
    assert a.status == "near"
    assert a.gap == pytest.approx(-m, rel=1e-6, abs=1e-6)


@given(
    rule=st.sampled_from(HIGHER + LOWER), target=st.floats(-1e6, 1e6), m=st.floats(0, 1e3), beyond=st.floats(1e-2, 1e6)
)
def test_further_than_the_margin_short_is_not_met(rule, target, m, beyond):
    short = m + beyond
    value = target - short if rule in HIGHER else target + short
    assert assess(rule, obs(value, target, margin=m)).status == "not_met"


@given(rule=st.sampled_from(HIGHER + LOWER), target=num, delta=pos)
def test_zero_margin_has_no_near(rule, target, delta):
    value = target - delta if rule in HIGHER else target + delta
    assume(value != target)  # at 1e300 a tiny delta is lost in rounding
    assert assess(rule, obs(value, target, margin=0.0)).status == "not_met"


@given(rule=st.sampled_from(HIGHER + LOWER), value=st.floats(-1e6, 1e6), target=st.floats(-1e6, 1e6))
def test_gap_is_positive_when_better_and_in_the_unit(rule, value, target):
    a = assess(rule, obs(value, target))
    expected = value - target if rule in HIGHER else target - value
    assert a.gap == pytest.approx(expected)


@given(rule=st.sampled_from(HIGHER + LOWER), a=num, b=num, target=num, m=margin)
def test_a_better_value_never_has_a_worse_status(rule, a, b, target, m):
    worse, better = (min(a, b), max(a, b)) if rule in HIGHER else (max(a, b), min(a, b))
    s_worse = assess(rule, obs(worse, target, margin=m)).status
    s_better = assess(rule, obs(better, target, margin=m)).status
    assert RANK[s_better] >= RANK[s_worse]


def test_at_least_plan_example_green_tech_share_15_percent():
    assert assess("at_least", obs(15.2, 15.0, margin=0.5)).status == "met"
    assert assess("at_least", obs(14.5, 15.0, margin=0.5)).status == "near"
    assert assess("at_least", obs(14.4, 15.0, margin=0.5)).status == "not_met"


def test_at_least_without_any_target_is_no_data():
    assert assess("at_least", obs(15.0, None)).status == "no_data"


@given(value=st.floats(0, 200), base=st.floats(0, 200))
def test_progress_is_improvement_since_baseline_in_either_direction(value, base):
    up = assess("at_least", obs(value, 100.0, baseline=base, baseline_year=2023))
    down = assess("at_most", obs(value, 100.0, baseline=base, baseline_year=2023))
    assert up.progress == pytest.approx(value - base)
    assert down.progress == pytest.approx(base - value)
    assert assess("at_least", obs(value, 100.0)).progress is None


def test_no_progress_for_a_year_before_the_baseline_year():
    assert assess("at_most", obs(35.0, 29.0, year=2019, baseline=29.0, baseline_year=2023)).progress is None


def test_region_own_base_year_value_beats_the_provincial_baseline():
    o = obs(30.0, 35.0, baseline=29.0, baseline_year=2023, history={2023: 33.0})
    assert assess("at_most", o).progress == pytest.approx(3.0)


# ------------------------------------------------------------------------------------------------ holds


@given(base=st.floats(1, 100), value=st.floats(1, 100))
def test_hold_at_most_without_target_holds_the_baseline(base, value):
    a = assess("hold_at_most", obs(value, None, baseline=base, baseline_year=2023))
    assert a.target == base
    assert (a.status == "met") == (value <= base)


@given(base=st.floats(1, 100), value=st.floats(1, 100))
def test_hold_at_least_without_target_holds_the_baseline(base, value):
    a = assess("hold_at_least", obs(value, None, baseline=base, baseline_year=2023))
    assert a.target == base
    assert (a.status == "met") == (value >= base)


def test_hold_prefers_an_explicit_target_and_is_no_data_with_neither():
    assert assess("hold_at_least", obs(63.0, 63.1, baseline=60.0, baseline_year=2023)).status == "not_met"
    assert assess("hold_at_most", obs(28.0, None)).status == "no_data"


# ------------------------------------------------------------------------------------ water-quality class


@given(value=st.integers(1, 6), target=st.integers(1, 6), m=st.sampled_from([0.0, 1.0, 2.0]))
def test_class_at_most_met_near_one_class_worse_only(value, target, m):
    a = assess("class_at_most", obs(float(value), float(target), margin=m))
    if value <= target:
        assert a.status == "met"
    elif value == target + 1 and m >= 1:
        assert a.status == "near"
    else:
        assert a.status == "not_met"
    assert a.gap == target - value


@pytest.mark.parametrize("bad", [0.0, 7.0, 2.5])
def test_class_at_most_rejects_values_that_are_not_classes(bad):
    with pytest.raises(ValueError, match=r"is not a water-quality class; use 1..6 for I..劣V"):
        assess("class_at_most", obs(bad, 2.0))


# -------------------------------------------------------------------------------------------- cumulative

AFFOREST = {"start_year": 2024}  # 新增人工造林面积150万亩 over 2024-2026


def test_cumulative_sums_history_from_start_year_plus_this_year():
    o = obs(60.0, 150.0, year=2026, history={2023: 999.0, 2024: 50.0, 2025: 45.0}, params=AFFOREST)
    a = assess("cumulative_at_least", o)
    assert a.status == "met" and a.gap == pytest.approx(5.0) and a.progress == pytest.approx(155.0)


def test_cumulative_before_target_year_on_pace_is_near_behind_pace_is_not_met():
    # pro-rata pace after 2 of 3 years: 150 × 2/3 = 100
    on_pace = obs(50.0, 150.0, year=2025, history={2024: 50.0}, params=AFFOREST)
    behind = obs(49.0, 150.0, year=2025, history={2024: 50.0}, params=AFFOREST)
    assert assess("cumulative_at_least", on_pace).status == "near"
    assert assess("cumulative_at_least", behind).status == "not_met"


def test_cumulative_short_at_target_year_is_not_met_and_early_completion_is_met():
    assert (
        assess("cumulative_at_least", obs(10.0, 150.0, history={2024: 50.0, 2025: 50.0}, params=AFFOREST)).status
        == "not_met"
    )
    assert assess("cumulative_at_least", obs(150.0, 150.0, year=2024, params=AFFOREST)).status == "met"


@given(amounts=st.lists(st.floats(0, 1e6), min_size=3, max_size=3), target=st.floats(1, 3e6))
def test_cumulative_met_exactly_when_the_sum_reaches_the_target(amounts, target):
    a = assess(
        "cumulative_at_least", obs(amounts[2], target, history={2024: amounts[0], 2025: amounts[1]}, params=AFFOREST)
    )
    assert (a.status == "met") == (a.gap >= 0)
    assert a.gap == pytest.approx(sum(amounts) - target, abs=1e-6)


@given(first=st.floats(0, 1e6), extra=st.floats(0, 1e6), target=st.floats(1, 3e6))
def test_cumulative_more_this_year_never_worsens(first, extra, target):
    lo = assess("cumulative_at_least", obs(first, target, year=2025, history={2024: 10.0}, params=AFFOREST))
    hi = assess("cumulative_at_least", obs(first + extra, target, year=2025, history={2024: 10.0}, params=AFFOREST))
    assert RANK[hi.status] >= RANK[lo.status]


# -------------------------------------------------------------------------------------- multiple of base


@given(base=st.floats(0.01, 1e6), factor=st.sampled_from([2.0, 4.0]), ratio=st.floats(0, 10))
def test_multiple_of_base_uses_factor_times_base_year_value(base, factor, ratio):
    value = base * ratio
    o = obs(value, None, history={2022: base}, params={"factor": factor, "base_year": 2022})
    a = assess("multiple_of_base", o)
    assert a.target == pytest.approx(factor * base)
    assert (a.status == "met") == (value >= factor * base)
    assert a.progress == pytest.approx(value - base)


def test_multiple_of_base_plan_example_camellia_oil_quadrupled():
    # 山茶油线上销售额比2022年翻两番: 2022 = 12.5 (hundred-million yuan) -> target 50
    o = obs(48.0, None, history={2022: 12.5}, margin=5.0, params={"factor": 4, "base_year": 2022})
    assert assess("multiple_of_base", o) == Assessment("near", -2.0, 35.5, 50.0)


def test_multiple_of_base_falls_back_to_baseline_and_is_no_data_without_one():
    with_base = obs(50.0, None, baseline=12.5, baseline_year=2022, params={"factor": 4, "base_year": 2022})
    assert assess("multiple_of_base", with_base).status == "met"
    assert assess("multiple_of_base", obs(50.0, None, params={"factor": 4, "base_year": 2022})).status == "no_data"


def test_multiple_of_base_without_factor_says_which_param_is_missing():
    with pytest.raises(ValueError, match=r"rule 'multiple_of_base' needs params.factor"):
        assess("multiple_of_base", obs(1.0, None, baseline=1.0))


# -------------------------------------------------------------------------------------------- deadlines


@given(rule=st.sampled_from(["deadline_at_least", "deadline_at_most"]), y=year, m=st.floats(0.1, 10))
def test_deadline_small_miss_is_near_until_the_deadline_and_not_met_after(rule, y, m):
    value = 93.0 - m if rule == "deadline_at_least" else 93.0 + m
    status = assess(rule, obs(value, 93.0, year=y, target_year=2026, margin=m)).status
    assert status == ("near" if y <= 2026 else "not_met")


@given(rule=st.sampled_from(["deadline_at_least", "deadline_at_most"]), y=year)
def test_deadline_reached_is_met_in_any_year(rule, y):
    assert assess(rule, obs(93.0, 93.0, year=y, margin=1.0)).status == "met"


# -------------------------------------------------------------------------------------------- decreasing


@given(prev=st.floats(-1e6, 1e6), value=st.floats(-1e6, 1e6))
def test_decreasing_is_met_only_below_the_previous_year(prev, value):
    a = assess("decreasing", obs(value, None, year=2025, history={2024: prev}))
    assert (a.status == "met") == (value < prev)
    assert a.gap == pytest.approx(prev - value)
    assert a.target == prev


def test_decreasing_uses_latest_reported_year_flat_is_not_met_and_needs_a_previous_year():
    assert assess("decreasing", obs(9.0, None, year=2026, history={2023: 5.0, 2024: 10.0})).status == "met"
    assert assess("decreasing", obs(10.0, None, year=2025, history={2024: 10.0})).status == "not_met"
    assert assess("decreasing", obs(10.0, None, year=2025, history={2024: 10.0}, margin=0.5)).status == "near"
    assert assess("decreasing", obs(10.0, None, year=2025, history={2025: 12.0, 2026: 11.0})).status == "no_data"
