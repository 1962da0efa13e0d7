"""The house rules that keep the layers apart: geo/ and layers/ never import streamlit; only layers/ imports folium."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("geo") + _modules("layers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_streamlit_outside_the_app(path: Path) -> None:
    assert "streamlit" not in _imports(path), f"{path.relative_to(ROOT)} imports streamlit; only app.py and ui/ may"


@pytest.mark.parametrize(
    "path", _modules("geo") + _modules("ui") + [ROOT / "app.py"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_layers_knows_folium(path: Path) -> None:
    assert not {"folium", "branca", "streamlit_folium"} & _imports(path), f"{path.relative_to(ROOT)} imports folium"


def test_the_rule_itself_catches_a_streamlit_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from streamlit import session_state\n", encoding="utf-8")
    assert "streamlit" in _imports(bad)


@pytest.mark.parametrize("path", _modules("geo") + _modules("layers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_settings_reads_the_environment(path: Path) -> None:
    if path.name in ("settings.py", "rasters.py"):
        return  # settings reads it; rasters sets GDAL_SKIP for GDAL (a write, documented there)
    text = path.read_text(encoding="utf-8")
    assert "os.environ" not in text and "os.getenv" not in text, f"{path.relative_to(ROOT)} reads the environment"
