"""ui/resources.py: what is computed once per choice, and where it is kept (shared, or in one session only)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    # Runs as an AppTest script: asks twice per run for the same built-in entry and for a user's entry.
    import pandas as pd
    import streamlit as st

    from ui.resources import per_choice

    builds = st.session_state.setdefault("builds", [])
    user = pd.DataFrame({"value": [1.0]}, index=["360121"])
    tag = st.query_params.get("tag", "a")
    for _ in range(2):
        per_choice(("test", tag), lambda: builds.append(("shared", tag)) or "shared", None)
        per_choice(("test", tag), lambda: builds.append(("user", tag)) or "user", user)
    st.write(repr(builds))


def _session(tag: str) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=120)  # the first run imports geopandas
    at.query_params["tag"] = tag
    return at


def test_a_built_in_entry_is_built_once_and_shared_by_sessions_a_users_entry_stays_in_its_session() -> None:
    first = _session("resources-test")
    first.run()
    first.run()  # a rerun of the same session
    assert not first.exception, [e.value for e in first.exception]
    # Built once in all: not on each call, not on each rerun.
    assert first.session_state["builds"] == [("shared", "resources-test"), ("user", "resources-test")]

    second = _session("resources-test")  # another visitor, same server process
    second.run()
    assert not second.exception, [e.value for e in second.exception]
    # The built-in entry comes from the shared cache; the first visitor's own entry is not visible here.
    assert second.session_state["builds"] == [("user", "resources-test")]


def _hashing_page() -> None:
    # Runs as an AppTest script: one table asked for three times, then an equal but new table once.
    import pandas as pd

    from ui.resources import per_choice

    user = pd.DataFrame({"value": [1.0]}, index=["360121"])
    for key in ("layer", "script", "layer"):
        per_choice(("hash-test", key), lambda key=key: key, user)
    per_choice(("hash-test", "layer"), lambda: "again", user.copy())


def test_a_users_table_is_hashed_once_per_table_not_once_per_cached_element(monkeypatch) -> None:
    import ui.resources as resources

    hashed: list[int] = []
    real = resources.values_hash
    monkeypatch.setattr(resources, "values_hash", lambda values: hashed.append(len(values)) or real(values))
    at = AppTest.from_function(_hashing_page, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert hashed == [1, 1]  # the first table once (not three times), the new object once
    # Same content, same key: the copy found the entries the first table built, and built nothing.
    assert sorted(at.session_state["_map_layers"].values()) == ["layer", "script"]


def test_the_garbage_collector_is_frozen_once_per_process(monkeypatch) -> None:
    # gc.freeze pins everything alive at that moment for the life of the process, and gc.collect before it is a
    # full collection: once, when the first atlas is built, never again for a later one.
    import ui.resources as resources

    calls: list[str] = []
    monkeypatch.setattr(resources.gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(resources.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(resources, "_frozen", False)  # as in a new process
    kept = object()
    assert resources._for_good(kept) is kept
    assert resources._for_good("a second atlas") == "a second atlas"
    assert calls == ["collect", "freeze"]
