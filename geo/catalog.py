"""Typed loader for the indicator catalog (data/indicators/catalog.yaml): indicators, targets, clauses, rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geo.cells import VALUE_PARSERS
from geo.errors import CatalogError, UnknownIndicator
from geo.pack import Pack, load_pack
from geo.paths import DATA, INDICATORS
from geo.rules import RULES

SECTION = "section"  # below every administrative level: a monitoring section or a named reach
# The levels of indicators built by hand (tests); the loader gives each indicator its pack's levels + SECTION.
DEFAULT_LEVELS = ("province", "city", "county", SECTION)
AGGREGATIONS = ("area_weighted", "sum", "count", "none")
# How units below the level where the plan sets a target relate to it: each must reach the same figure (a rate),
# each holds a share of the total (no target of its own unless one is allocated), or no relation at all.
LOWER = ("each", "share", "none")


@dataclass(frozen=True)
class Clause:
    """Where the plan states a target: action section (一..七), item (（十一）) and the quoted words."""

    section: str
    item: str | None
    quote: str


@dataclass(frozen=True)
class Action:
    """One of the plan's seven actions."""

    number: int
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    """One quantified (or qualitative) target of the plan with the rule that decides attainment."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    action: int
    clause: Clause
    rule: str
    target: float | None
    target_year: int
    level: str
    aggregation: str
    baseline: float | None = None
    baseline_year: int | None = None
    near_margin: float = 0.0
    valid_range: tuple[float, float] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    note_zh: str = ""
    note_en: str = ""
    target_text: str = ""  # the plan's words for the target when not a plain number, e.g. Ⅱ类, 翻两番
    binds: str = "province"  # the level at which the plan sets the target
    lower: str = "none"  # how lower levels relate to it (LOWER)
    levels: tuple[str, ...] = DEFAULT_LEVELS  # the pack's levels from the root down, then SECTION
    value_type: str = "number"  # how an imported cell is read: a name in geo.cells.VALUE_PARSERS
    decimals: int = 2  # decimals shown and exported for values, targets and gaps in the unit

    def name(self, lang: str) -> str:
        """Name in the interface language."""
        return self.name_zh if lang == "zh" else self.name_en

    def unit_for(self, lang: str) -> str:
        """Unit in the interface language."""
        return self.unit if lang == "zh" else self.unit_en

    def plan_target_at(self, level: str) -> float | None:
        """The plan's target for a unit of `level`: where it is set, and below it only when each unit must reach it.

        A provincial total (lower 'share') binds no county or city: 2760.7 万亩 is no county's target."""
        if level not in self.levels:
            raise CatalogError(f"level {level!r} is unknown", f"use one of {', '.join(self.levels)}")
        if level == self.binds:
            return self.target
        below = self.levels.index(level) > self.levels.index(self.binds)
        return self.target if below and self.lower == "each" else None

    def scored_at(self, level: str) -> bool:
        """Whether units of `level` are judged against the plan's own target (qualitative aims never are)."""
        if self.rule == "qualitative":
            return False
        if level == self.binds:
            return True
        return self.levels.index(level) > self.levels.index(self.binds) and self.lower == "each"


@dataclass(frozen=True)
class Plan:
    """The plan the targets come from: its title and publisher, and the file its quotes are checked against."""

    title: str = ""
    publisher: str = ""
    date: str = ""
    file: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Catalog:
    """All indicators and actions, looked up by id or Chinese name."""

    actions: tuple[Action, ...]
    indicators: tuple[Indicator, ...]
    source: str
    plan: Plan = Plan()

    def get(self, key: str) -> Indicator:
        """The indicator with this id or Chinese/English name; UnknownIndicator lists close ones."""
        text = str(key).strip()
        for ind in self.indicators:
            if text in (ind.id, ind.name_zh) or text.lower() == ind.name_en.lower():
                return ind
        import difflib

        names = [i.id for i in self.indicators] + [i.name_zh for i in self.indicators]
        close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else "use an id or Chinese name from the catalog"
        raise UnknownIndicator(f"'{text}' is not an indicator of the catalog", hint)

    def find(self, key: str) -> Indicator | None:
        """Like get(), but None when absent."""
        try:
            return self.get(key)
        except UnknownIndicator:
            return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def by_action(self) -> dict[Action, list[Indicator]]:
        """Indicators grouped under the plan's seven actions, in plan order."""
        return {a: [i for i in self.indicators if i.action == a.number] for a in self.actions}


def load_catalog(path: Path | None = None, levels: tuple[str, ...] | None = None) -> Catalog:
    """Read and validate the catalog YAML; CatalogError names the entry and field at fault. `levels` are the pack's,
    from the root down (default: the repository's own pack)."""
    path = path or INDICATORS / "catalog.yaml"
    levels = (*(levels or load_pack(DATA).levels), SECTION)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc})", "fix the YAML syntax") from exc
    if not isinstance(raw, dict) or "indicators" not in raw or "actions" not in raw:
        raise CatalogError(
            f"{path}: expected top-level keys 'actions' and 'indicators'", "see data/indicators/README.md"
        )
    actions = tuple(Action(int(a["number"]), a["name_zh"], a["name_en"]) for a in raw["actions"])
    indicators = tuple(_indicator(path, e, levels) for e in raw["indicators"])
    ids = [i.id for i in indicators]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogError(f"{path}: indicator ids appear twice: {', '.join(dupes)}", "give each entry its own id")
    plan = raw.get("plan") or {}
    try:
        plan_ = Plan(**{k: str(v) for k, v in plan.items()})
    except TypeError as exc:
        raise CatalogError(
            f"{path}: plan has an unknown key ({exc})", f"use only {', '.join(Plan.__dataclass_fields__)}"
        ) from exc
    return Catalog(actions=actions, indicators=indicators, source=str(path), plan=plan_)


def catalog_of(pack: Pack) -> Catalog:
    """The indicator catalog of a region pack (its indicators/catalog.yaml), checked against the pack's levels."""
    return load_catalog(pack.folder / "indicators" / "catalog.yaml", pack.levels)


def _indicator(path: Path, e: dict[str, Any], levels: tuple[str, ...]) -> Indicator:
    where = f"{path}: indicator {e.get('id', '?')!r}"
    try:
        clause = Clause(str(e["clause"]["section"]), e["clause"].get("item"), e["clause"]["quote"])
        target = e.get("target") or {}
        baseline = e.get("baseline") or {}
        vr = e.get("valid_range")
        ind = Indicator(
            id=e["id"],
            name_zh=e["name_zh"],
            name_en=e["name_en"],
            unit=e.get("unit", ""),
            unit_en=e.get("unit_en", e.get("unit", "")),
            action=int(e["action"]),
            clause=clause,
            rule=e["rule"],
            target=_num(target.get("value")),
            target_year=int(target["year"]),
            level=e["level"],
            aggregation=e.get("aggregation", "none"),
            baseline=_num(baseline.get("value")),
            baseline_year=baseline.get("year"),
            near_margin=float(e.get("near_margin", 0.0)),
            valid_range=(float(vr[0]), float(vr[1])) if vr else None,
            params=dict(e.get("params") or {}),
            note_zh=e.get("note_zh", ""),
            note_en=e.get("note_en", ""),
            target_text=str(target.get("as_printed") or ""),
            binds=str(target.get("binds", levels[0])),
            lower=str(target.get("lower", "none")),
            levels=levels,
            value_type=str(e.get("value_type", "number")),
            decimals=int(e.get("decimals", 2)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: missing or malformed field {exc}", "see data/indicators/README.md") from exc
    if ind.level not in levels:
        raise CatalogError(f"{where}: level {ind.level!r} is unknown", f"use one of {', '.join(levels)}")
    if ind.aggregation not in AGGREGATIONS:
        raise CatalogError(
            f"{where}: aggregation {ind.aggregation!r} is unknown", f"use one of {', '.join(AGGREGATIONS)}"
        )
    if ind.rule not in RULES:
        raise CatalogError(f"{where}: rule {ind.rule!r} is unknown", f"use one of {', '.join(RULES)}")
    if ind.value_type not in VALUE_PARSERS:
        raise CatalogError(
            f"{where}: value_type {ind.value_type!r} is unknown", f"use one of {', '.join(VALUE_PARSERS)}"
        )
    if not 0 <= ind.decimals <= 6:
        raise CatalogError(f"{where}: decimals {ind.decimals} is out of range", "use a whole number from 0 to 6")
    if ind.binds not in levels:
        raise CatalogError(f"{where}: target.binds {ind.binds!r} is unknown", f"use one of {', '.join(levels)}")
    if ind.lower not in LOWER:
        raise CatalogError(f"{where}: target.lower {ind.lower!r} is unknown", f"use one of {', '.join(LOWER)}")
    if ind.lower == "share" and ind.aggregation != "sum":
        raise CatalogError(
            f"{where}: target.lower 'share' needs aggregation 'sum' (shares add up to the total)",
            "set aggregation: sum, or lower: each for a rate every unit must reach",
        )
    return ind


def _num(v: Any) -> float | None:
    return None if v is None else float(v)
