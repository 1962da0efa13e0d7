"""The region of an imported row, from its code and name cells (and its city for a name two cities share).

Each lookup is remembered per import: a long table names each county thousands of times. Problems become Issues
with message keys (catalogs/messages.yaml): a blank, unknown, merged or ambiguous region, an old name, a code
stored as a number, a name and a code that disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo import totals as total_rows
from geo.cells import header_key
from geo.errors import MergedRegion, UnknownRegion
from geo.issues import IssueLog
from geo.messages import level_word, load_messages
from geo.regions import RegionIndex, RegionMatch

FLOAT_CODE = re.compile(r"\d{6}\.0+")  # a code a spreadsheet or pandas wrote as a float: 360702.0
DID_YOU_MEAN = re.compile(r"did you mean (.+)\?$")


@dataclass
class RegionCells:
    """Reads the region cells of one sheet's rows into adcodes, reporting each problem in `log`."""

    regions: RegionIndex
    log: IssueLog
    _matches: dict[tuple[str, str | None], RegionMatch | UnknownRegion] = field(default_factory=dict)

    def adcode(self, row: int, cells: dict[str, object], roles: dict[str, str]) -> str | None:
        """The row's adcode (TABLE_TOTAL for a 合计 row), or None with an issue when it has none."""
        found: dict[str, str] = {}
        for role in ("code", "region"):
            if role not in roles:
                continue
            col, text = roles[role], str(cells[roles[role]]).strip()
            if not text and (role == "region" and found or role == "code" and "region" in roles):
                continue  # the other column gives the region
            if role == "region" and header_key(text) in total_rows.TOTAL_WORDS:
                return total_rows.TABLE_TOTAL  # 合计: placed once the table's regions are known (record_checks)
            parent = str(cells[roles["parent"]]).strip() if "parent" in roles and role == "region" else None
            try:
                match = self.match(text, parent)
            except UnknownRegion as exc:
                key, params = region_message(exc, text)
                self.log.add(row, col, text, exc.message, exc.fix or "", "error", key, params)
                return None
            if match.warning:
                self.log.add(
                    row,
                    col,
                    text,
                    match.warning,
                    f"write {match.name_zh} or {match.adcode}",
                    "warning",
                    "region_renamed",
                    {"detail": match.warning, "name": match.name_zh, "code": match.adcode},
                )
            elif role == "code" and FLOAT_CODE.fullmatch(text):
                self.log.say(row, col, text, "code_as_number", "warning", code=match.adcode)
            found[role] = match.adcode
        codes = set(found.values())
        if len(codes) > 1:
            a, b = found["code"], found["region"]
            self.log.say(
                row,
                roles["region"],
                str(cells[roles["region"]]).strip(),
                "name_code_disagree",
                name_b=self.regions.name(b),
                b=b,
                a=a,
                name_a=self.regions.name(a),
            )
            return None
        return codes.pop() if codes else None

    def match(self, text: str, parent: str | None) -> RegionMatch:
        """regions.match, remembered: a long table names each county thousands of times."""
        key = (text, parent)
        if key not in self._matches:
            try:
                self._matches[key] = self.regions.match(text, parent=parent)
            except UnknownRegion as exc:
                self._matches[key] = exc
        found = self._matches[key]
        if isinstance(found, UnknownRegion):
            raise found
        return found


def region_message(exc: UnknownRegion, text: str) -> tuple[str, dict[str, object]]:
    """The message key and params of a region the index cannot match (its own English message is kept too)."""
    key, params = getattr(exc, "key", None), dict(getattr(exc, "params", {}))
    if key == "region_unknown":
        close = params.get("close")
        return key, {"close": f"（是否为 {close}？）" if close else ""}
    if key == "region_wrong_level":
        return key, {**params, "level_zh": level_word(str(params.get("level")))}
    if key and key in load_messages():
        return key, params
    # An index whose errors carry no key: told apart by their English words.
    if not text:
        return "region_blank", {}
    if isinstance(exc, MergedRegion):
        return "region_merged", {}
    if "matches more than one region" in exc.message:
        return "region_ambiguous", {}
    if exc.message.startswith(f"'{text}' is not a") or exc.message.startswith(f"'{text}' is not "):
        close = DID_YOU_MEAN.search(exc.fix or "")
        return "region_unknown", {"close": f"（是否为 {close.group(1)}？）" if close else ""}
    return "region_other", {"detail": exc.message, "fix": exc.fix or ""}
