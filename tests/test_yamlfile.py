"""The shared YAML catalog reader: unreadable files and wrong shapes are named with their fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import CatalogError
from geo.yamlfile import read_catalog


def test_reads_the_top_level_key(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("files:\n  - a\n  - b\n", encoding="utf-8")
    assert read_catalog(path, "files catalog", "files", list, "fix it") == ["a", "b"]


def test_bad_yaml_and_wrong_shape_are_named(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("files: [a\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"(?s)c\.yaml: cannot read the files catalog \(.*\); fix it"):
        read_catalog(path, "files catalog", "files", list, "fix it")
    path.write_text("files: {a: 1}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"c\.yaml: expected a top-level list 'files'; fix it"):
        read_catalog(path, "files catalog", "files", list, "fix it")
    with pytest.raises(CatalogError, match="cannot read the files catalog"):
        read_catalog(tmp_path / "missing.yaml", "files catalog", "files", list, "fix it")
