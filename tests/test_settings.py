"""Settings: defaults, environment parsing with clear errors, and docs that list every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import SettingsError
from geo.settings import Settings, describe

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_offline_and_chinese() -> None:
    s = Settings.from_env({})
    assert s.lang == "zh" and s.basemap_url == "" and s.values is None


def test_environment_values_are_parsed() -> None:
    s = Settings.from_env({"GANPO_LANG": "en", "GANPO_MAX_UPLOAD_MB": "5", "GANPO_VALUES": "a.csv"})
    assert (s.lang, s.max_upload_mb, s.values) == ("en", 5, Path("a.csv"))


def test_bad_number_names_the_variable_and_an_example() -> None:
    with pytest.raises(
        SettingsError, match=r"GANPO_MAX_UPLOAD_MB='lots' is not a whole number; set GANPO_MAX_UPLOAD_MB to e.g. 50"
    ):
        Settings.from_env({"GANPO_MAX_UPLOAD_MB": "lots"})


def test_bad_language_and_tiles_without_attribution_are_refused() -> None:
    with pytest.raises(SettingsError, match="lang='fr' is not a supported language; use zh or en"):
        Settings.from_env({"GANPO_LANG": "fr"})
    with pytest.raises(SettingsError, match="basemap_url is set without basemap_attribution"):
        Settings.from_env({"GANPO_BASEMAP_URL": "http://127.0.0.1:8080/{z}/{x}/{y}.png"})


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [var for var, _, _ in describe() if var not in readme]
    assert not missing, f"README.md does not document {missing}"


def test_there_is_no_delay_to_tune() -> None:
    # The page no longer sleeps before its controls: the map reports its first draw (ui/page.py). A deployment that
    # still sets the old variable starts as before; the variable means nothing.
    assert "GANPO_CONTROLS_DELAY_MS" not in [var for var, _, _ in describe()]
    assert Settings.from_env({"GANPO_CONTROLS_DELAY_MS": "800"}) == Settings.from_env({})
