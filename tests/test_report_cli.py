"""`python -m geo report` as a user runs it: the briefing of a county view (Chinese by default, English on request),
the figure alone by --format or the output's extension, and errors that name the fix."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from PIL import Image

from geo.cli import COMMANDS, main
from geo.paths import ROOT
from layers import figure

pytestmark = pytest.mark.skipif(figure.cjk_font() is None, reason="no CJK font: make run installs one")


def geo_cli(*args: str) -> tuple[int, str, str]:
    """The command in this process (each `python -m geo` loads the atlas again); exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_briefing_of_the_county_view_as_a_user_types_it(tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "report", "--indicator", "forest_coverage", "--year", "2025"]
        + ["--level", "county", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    first, wrote = done.stdout.strip().splitlines()
    assert first.startswith("2025年，100个县（市、区）中") and wrote.startswith(f"wrote {out} (")
    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "森林覆盖率（2025年，县（市、区））简报"
    short, ranked = doc.tables
    not_met = int(first.split("个接近，")[1].split("个未达")[0])
    assert len(short.rows) == 1 + not_met and len(ranked.rows) == 1 + 100
    assert len(doc.inline_shapes) == 2  # the figure and the province's years


def test_english_on_request_and_the_figure_alone(tmp_path: Path) -> None:
    code, out, _ = geo_cli(
        "report", "--indicator", "pm25", "--year", "2025", "--level", "city", "--lang", "en",
        "--out", str(tmp_path / "pm25.docx"),
    )  # fmt: skip
    assert code == 0 and out.startswith("In 2025, ") and "of 11 cities" in out
    headings = [p.text for p in docx.Document(str(tmp_path / "pm25.docx")).paragraphs if p.style.name == "Title"]
    assert headings == ["Briefing: Mean PM2.5 concentration, 2025, Cities"]
    code, _, _ = geo_cli(
        "report", "--indicator", "pm25", "--year", "2025", "--level", "city", "--out", str(tmp_path / "pm25.png")
    )
    assert code == 0 and Image.open(tmp_path / "pm25.png").size == (2250, 3000)
    code, _, _ = geo_cli(
        "report", "--indicator", "pm25", "--year", "2025", "--format", "svg", "--out", str(tmp_path / "figure")
    )
    assert code == 0 and (tmp_path / "figure").read_bytes().lstrip().startswith(b"<?xml")


def test_errors_name_the_fix(tmp_path: Path) -> None:
    code, _, err = geo_cli("report", "--indicator", "pm25", "--year", "1999", "--out", str(tmp_path / "x.docx"))
    assert code == 2 and "--year 1999 has no value of pm25; use one of 2025" in err
    code, _, err = geo_cli("report", "--indicator", "pm25", "--year", "2025", "--out", str(tmp_path / "x.txt"))
    assert code == 2 and "has no known format; use --format one of docx, png, svg, pdf" in err
    assert COMMANDS["report"] == "geo.commands.report"
