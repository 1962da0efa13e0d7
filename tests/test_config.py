"""The deployment settings in .streamlit/config.toml may not be loosened: each rule fails with what changed."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from geo.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".streamlit" / "config.toml"


def problems(config: dict[str, Any]) -> list[str]:
    """What in a parsed config.toml is looser than the deployment allows (empty when all is well)."""
    server, client, browser = (config.get(k, {}) for k in ("server", "client", "browser"))
    found = []
    limit = Settings().max_upload_mb
    if server.get("maxUploadSize", 200) > limit:  # Streamlit's default is 200 MB
        found.append(
            f"server.maxUploadSize is {server.get('maxUploadSize', 200)} MB, more than max_upload_mb = {limit}"
        )
    if server.get("enableXsrfProtection") is not True:
        found.append("server.enableXsrfProtection must be true (uploads without it can be forged from another site)")
    if server.get("enableCORS") is not True:
        found.append("server.enableCORS must be true (cross-origin requests refused)")
    if client.get("showErrorDetails") != "none":
        found.append(f"client.showErrorDetails is {client.get('showErrorDetails')!r}; it must be 'none' in production")
    if browser.get("gatherUsageStats") is not False:
        found.append("browser.gatherUsageStats must be false (no request leaves the machine)")
    return found


def config() -> dict[str, Any]:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_committed_config_is_strict() -> None:
    assert problems(config()) == []


def test_upload_limit_matches_the_setting() -> None:
    assert config()["server"]["maxUploadSize"] == Settings().max_upload_mb


@pytest.mark.parametrize(
    "section, key, value, message",
    [
        ("server", "maxUploadSize", 51, "server.maxUploadSize is 51 MB, more than max_upload_mb = 50"),
        (
            "server",
            "enableXsrfProtection",
            False,
            "server.enableXsrfProtection must be true (uploads without it can be forged from another site)",
        ),
        ("server", "enableCORS", False, "server.enableCORS must be true (cross-origin requests refused)"),
        ("client", "showErrorDetails", "full", "client.showErrorDetails is 'full'; it must be 'none' in production"),
        ("client", "showErrorDetails", "type", "client.showErrorDetails is 'type'; it must be 'none' in production"),
        ("browser", "gatherUsageStats", True, "browser.gatherUsageStats must be false (no request leaves the machine)"),
    ],
)
def test_each_loosening_is_caught(section: str, key: str, value: Any, message: str) -> None:
    loose = copy.deepcopy(config())
    loose[section][key] = value
    assert problems(loose) == [message]


def test_a_removed_setting_falls_back_to_a_loose_default_and_is_caught() -> None:
    loose = copy.deepcopy(config())
    del loose["server"]["maxUploadSize"], loose["client"]["showErrorDetails"]
    assert problems(loose) == [
        "server.maxUploadSize is 200 MB, more than max_upload_mb = 50",
        "client.showErrorDetails is None; it must be 'none' in production",
    ]


def test_the_server_does_not_collect_garbage_after_every_run() -> None:
    # Streamlit's default: a full collection after each run, which held the server for up to ~240 ms per rerun
    # (the run's last messages waited for it). See the comment in config.toml.
    assert config()["runner"]["postScriptGC"] is False
