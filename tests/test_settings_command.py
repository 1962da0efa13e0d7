"""`python -m geo settings` (geo/commands/settings.py): the table it prints is the README's, character for character."""

from __future__ import annotations

from geo.cli import main
from geo.paths import ROOT


def test_the_readme_holds_exactly_the_table_the_command_prints(capsys) -> None:
    assert main(["settings"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("| variable | default | meaning |\n") and "`GANPO_DATA_DIR`" in printed
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert printed in readme, "update the README's settings table from `.venv/bin/python -m geo settings`"
