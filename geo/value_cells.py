"""The cells of an imported row other than its region: year, period, indicator, value, target and provenance.

Each is read with the catalog's rules (geo.cells) and each problem becomes an Issue with a message key; the texts a
column repeats (years, months, indicator names) are read once per import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from geo import periods
from geo.catalog import Catalog, Indicator
from geo.cells import ValueProblem, parse_value, parse_year, provenance_of
from geo.errors import AtlasError
from geo.import_record import fmt
from geo.issues import IssueLog
from geo.layout import split_unit
from geo.messages import level_word
from geo.region_cells import DID_YOU_MEAN
from geo.regions import RegionIndex


@dataclass
class ValueCells:
    """Reads one sheet's year, period, indicator, value, target and provenance cells, reporting problems in `log`."""

    catalog: Catalog
    regions: RegionIndex
    log: IssueLog
    years: tuple[int, int]  # the region pack's range
    year: int | None  # the sheet's own year (given, or from its title), for rows without one
    file: str  # the file's name, the source of a value given without one
    _found: dict[str, Indicator | None] = field(default_factory=dict)  # indicator cell text -> indicator
    _periods: dict[tuple[str, int | None], periods.Period | None] = field(default_factory=dict)
    _years: dict[str, int] = field(default_factory=dict)

    def year_of(self, row: int, col: str | None, text: str) -> int | None:
        """The year of a year cell (the sheet's year when blank), or None with an issue."""
        if not text:
            if self.year is not None:
                return int(self.year)
            self.log.say(row, col or "year", text, "year_blank")
            return None
        if text in self._years:  # a year column repeats a handful of texts
            return self._years[text]
        first, last = self.years
        year = self.log.parse(
            row,
            col or "year",
            text,
            lambda t: parse_year(t, self.years, outside=f"check the year; the atlas covers {first}-{last}"),
        )
        if year is not None:
            self._years[text] = year  # only good years: a bad one is reported on each of its rows
        return year

    def period(self, row: int, col: str, text: str, year: int | None) -> tuple[int | None, str | None]:
        """(year, period code) of a period cell ('3', '3月', '2024年3月', 'Q2', '上半年') under the row's year."""
        shown = text.strip()
        if re.fullmatch(r"\d{1,2}(\.0+)?", unicodedata.normalize("NFKC", shown)):
            shown = f"{int(float(unicodedata.normalize('NFKC', shown)))}月"  # a month column holds 1..12
        key = (shown, year)
        if key not in self._periods:  # a month column repeats twelve texts
            try:
                self._periods[key] = periods.parse(shown, year)
            except periods.PeriodError:
                self._periods[key] = None
        found = self._periods[key]
        if found is None or (year is not None and found.year != year):
            self.log.say(row, col, text, "period_unreadable")
            return None, None
        return found.year, found.code

    def indicator(self, row: int, col: str, text: str) -> Indicator | None:
        """The catalog indicator an indicator cell names, or None with an issue."""
        if not text:
            self.log.say(row, col, text, "indicator_blank")
            return None
        base = split_unit(text)[0]
        if text not in self._found:
            self._found[text] = self.catalog.find(text) or self.catalog.find(base)
        ind = self._found[text]
        if ind is None:
            try:
                self.catalog.get(base)
            except AtlasError as exc:
                # The English text is the catalog's own; the params serve the other languages.
                close = DID_YOU_MEAN.search(exc.fix or "")
                params = {"close": f"（是否为 {close.group(1)}？）" if close else ""}
                self.log.add(row, col, text, exc.message, exc.fix or "", "error", "indicator_unknown", params)
        return ind

    def value(
        self, row: int, col: str, text: str, ind: Indicator, blank_ok: bool = False, factor: float | None = 1.0
    ) -> float | None | bool:
        """The number in a value (or target) cell, in the catalog unit; None when missing or bad (False for a bad
        optional target)."""
        try:
            parsed = parse_value(ind.value_type, text, ind.unit)  # the catalog declares how its cells are read
        except ValueProblem as exc:
            self.log.add(row, col, text, exc.message, exc.fix, "error", exc.key, exc.params)
            return False if blank_ok else None
        if parsed.value is None:
            if not blank_ok:
                self.log.say(row, col, text, "value_blank", "warning", name=ind.name_zh)
                self.log.reject(row, f"{col}: value is blank")
            return None
        if parsed.warning:
            self.log.add(
                row,
                col,
                text,
                parsed.warning,
                "check that the figure is in the catalog unit",
                "warning",
                "value_percent",
                parsed.warning_params,
            )
        number = parsed.value * (factor or 1.0)
        lo_hi = ind.valid_range
        if lo_hi and not lo_hi[0] <= number <= lo_hi[1]:
            rates = ind.unit == "%"
            self.log.say(
                row,
                col,
                text,
                "value_range",
                number=fmt(number),
                lo=fmt(lo_hi[0]),
                hi=fmt(lo_hi[1]),
                unit={"": "", "%": "%"}.get(ind.unit, f" {ind.unit}"),
                name=ind.name_zh,
                rates_en=" (rates are percentages from 0 to 100)" if rates else "",
                rates_zh="（比率为 0 至 100 的百分数）" if rates else "",
            )
            return False if blank_ok else None
        return number

    def target(self, row: int, col: str, text: str, ind: Indicator, adcode: str | None) -> float | None | bool:
        """A region's allocated target: None when blank, False (with an issue) when it cannot be used."""
        if not text.strip():
            return None
        if ind.rule == "qualitative":
            self.log.say(row, col, text, "target_qualitative", name=ind.name_zh)
            return False
        target = self.value(row, col, text, ind, blank_ok=True)
        if isinstance(target, float) and target < 0:
            self.log.say(
                row, col, text, "target_negative", number=fmt(target), name=ind.name_zh, unit=ind.unit or "its unit"
            )
            return False
        level = self.regions.levels.get(adcode) if adcode else None
        order = ind.levels
        if isinstance(target, float) and level in order and order.index(level) <= order.index(ind.binds):
            name = self.regions.name(adcode) if adcode else ""
            words = {"level_zh": level_word(level), "binds_zh": level_word(ind.binds)}
            self.log.say(
                row, col, text, "target_level", region=name, level=level, name=ind.name_zh, binds=ind.binds, **words
            )
            return False
        return target

    def provenance(self, row: int, roles: dict[str, str], word: str, source: str) -> tuple[str, str | None]:
        """(provenance, source) of a row: user with the file as source unless an official row names its source."""
        if not word:
            # A user value never travels without a source: at least the file it came from.
            return "user", source or f"{self.file} (your table; no source given)"
        prov = provenance_of(word)
        col = roles.get("provenance")
        if prov is None:
            self.log.say(row, col, word, "provenance_unknown", "warning")
            return "user", source or f"{self.file} (your table; no source given)"
        if prov == "official" and not source:
            self.log.say(row, col, word, "provenance_no_source", "warning")
            return "user", f"{self.file} (your table; no source given)"
        return prov, source or None
