"""What an import gave (geo.importer): the canonical values, the rejected rows, the issues, and the notes, each
readable in Chinese and English (catalogs/messages.yaml); several sheets' results put together."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from geo.errors import Issue, IssueReport
from geo.issues import counted
from geo.layout import Reading
from geo.messages import render
from geo.values import KEY, normalise


@dataclass(frozen=True)
class Note:
    """A note of the report (not an issue): a message key of catalogs/messages.yaml and its params."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The note in a language."""
        return render(self.key, self.params, lang)[0]


@dataclass(frozen=True)
class ImportResult(IssueReport):
    """What an import gave: canonical `values`, `rejected` rows (row, reason, original cells) and `issues`."""

    name: str
    values: pd.DataFrame
    rejected: pd.DataFrame
    issues: list[Issue]
    rows_read: int = 0
    layout: str = "long"  # "long" or "wide"
    notes: tuple[str, ...] = ()
    readings: tuple[Reading, ...] = ()  # how each sheet was read
    remarks: tuple[Note, ...] = ()  # the notes in both languages (missing marks, footnotes, totals, units)
    missing: int = 0  # cells marked missing (—, …, blank) in columns of figures

    def summary(self, lang: str = "en") -> str:
        """One line: rows read, values kept, rows rejected, errors and warnings."""
        e, w = len(self.errors), len(self.warnings)
        if lang == "en":
            return (
                f"{self.name}: {counted(self.rows_read, 'row')} read ({self.layout} table), "
                f"{counted(len(self.values), 'value')} imported, {counted(len(self.rejected), 'row')} rejected; "
                f"{counted(e, 'error')}, {counted(w, 'warning')}"
            )
        return render(
            "summary",
            {
                "name": self.name,
                "rows": self.rows_read,
                "layout": render(f"layout_{self.layout}", {}, lang)[0],
                "values": len(self.values),
                "rejected": len(self.rejected),
                "errors": e,
                "warnings": w,
            },
            lang,
        )[0]

    def note_lines(self, lang: str = "en") -> list[str]:
        """The notes in a language: the keyed remarks, then the readers' own notes they do not already say (the
        separator, a repeated header, …), translated by READER_NOTES where a pattern knows them."""
        said = ("read ", "sheet '", "rows ", "row ", "header in rows ")
        own = [n for n in self.notes if not n.startswith(said)]
        return [r.text(lang) for r in self.remarks] + [reader_note(n, lang) for n in own]

    def report(self, lang: str = "en") -> str:
        """The notes, one line per issue, then the summary: the whole report, never cut."""
        colon = ": " if lang == "en" else "："
        lines = [f"{'note' if lang == 'en' else '说明'}{colon}{n}" for n in self.note_lines(lang)]
        lines += issue_lines(self.issues, lang)
        lines.append(self.summary(lang))
        return "\n".join(lines)

    def arrived(self) -> dict[str, object]:
        """What the import brought: counts of indicators, periods and regions, and the indicators' ids."""
        v = self.values
        if not len(v):
            return {"indicators": 0, "periods": 0, "regions": 0, "names": ""}
        when = (
            v["year"].astype("string").fillna("")
            + "|"
            + v.get("period", pd.Series("", index=v.index)).astype("string").fillna("")
        )
        ids = list(dict.fromkeys(v["indicator"].astype(str)))
        return {
            "indicators": len(ids),
            "periods": int(when.nunique()),
            "regions": int(v["adcode"].nunique()),
            "names": ", ".join(ids),
        }


def issue_lines(issues: Sequence[Issue], lang: str = "en") -> list[str]:
    """One line per issue in a language, its severity first: 'error: f.csv row 4, …' / '错误：f.csv 第4行，…'."""
    severity = {"error": render("severity_error", {}, lang)[0], "warning": render("severity_warning", {}, lang)[0]}
    colon = ": " if lang == "en" else "："
    return [f"{severity.get(i.severity, i.severity)}{colon}{i.text(lang)}" for i in issues]


def together(name: str, results: list[ImportResult]) -> ImportResult:
    """One result of several sheets: values stacked, rejected rows and issues kept with their sheet."""
    rejected = [r.rejected.assign(sheet=str(r.readings[0].sheet)) for r in results if len(r.rejected)]
    stacked = pd.concat([r.values for r in results], ignore_index=True)
    return ImportResult(
        name,
        normalise(stacked).sort_values(KEY, kind="stable", na_position="first").reset_index(drop=True),
        pd.concat(rejected, ignore_index=True) if rejected else results[0].rejected.iloc[0:0],
        [i for r in results for i in r.issues],
        sum(r.rows_read for r in results),
        "wide" if any(r.layout == "wide" for r in results) else "long",
        tuple(n for r in results for n in r.notes),
        tuple(x for r in results for x in r.readings),
        tuple(n for r in results for n in r.remarks),
        sum(r.missing for r in results),
    )


# The readers' notes (English, geo.readers) -> a message key of catalogs/messages.yaml: pattern groups are its params.
READER_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"columns separated by (?P<sep>.+)"), "note_separator"),
    (re.compile(r"(?P<n>\d+) cells? began with the apostrophe exports put before"), "note_apostrophe"),
    (re.compile(r"header '(?P<header>.+)' appears twice; the second is read as '(?P<read>.+)'"), "note_header_twice"),
    (re.compile(r"(?P<n>\d+) lines? starting with # above the header skipped"), "note_comments"),
    (re.compile(r"geometry ignored"), "note_geometry"),
    (re.compile(r"driver (?P<driver>[^,]+), layer '(?P<layer>.*)' \(first of (?P<n>\d+)\)$"), "note_driver_first"),
    (re.compile(r"driver (?P<driver>[^,]+), layer '(?P<layer>.*)'$"), "note_driver_layer"),
    (re.compile(r"driver (?P<driver>.+)"), "note_driver"),
    (re.compile(r"attributes read as (?P<encoding>.+) \(from the \.cpg\)$"), "note_cpg"),
    (re.compile(r"no \.cpg: attributes read as (?P<encoding>.+), the first encoding that fits$"), "note_no_cpg"),
)


def reader_note(note: str, lang: str) -> str:
    """A reader's note in a language (as written when no pattern knows it, or in English)."""
    if lang == "en":
        return note
    for pattern, key in READER_NOTES:
        m = pattern.match(note)
        if m:
            params = {k: ("制表符" if v == "tab" and lang == "zh" else v) for k, v in m.groupdict().items()}
            return render(key, params, lang)[0]
    return note
