"""geo/datasets.py and geo/store.py on SQLite and PostgreSQL: versions, publication, rights, precedence, conflicts,
links that keep their numbers, nothing half-stored, limits, backups."""

from __future__ import annotations

import pytest

from geo.accounts import ANONYMOUS, Account, PermissionDenied
from geo.datasets import add, draft_values, publish, shared, withdraw
from geo.errors import LimitExceeded
from geo.settings import Settings
from tests.importer_fixtures import CATALOG, small_index

STEWARD = Account("lin", "steward")
OTHER = Account("zhou", "steward")
VIEWER = Account("wang", "viewer")
SETTINGS = Settings()
FOREST = "地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,{v},林业局年报\n新建区,森林覆盖率,2025,55\n"
WETLAND = "地区,指标,年份,数值\n章贡区,湿地保护率,2025,61\n"


def put(
    store,
    text: str,
    by: Account = STEWARD,
    name: str | None = None,
    file_name: str = "forest.csv",
    publish_now: bool = True,
    settings: Settings = SETTINGS,
) -> int:
    added = add(
        store, text.encode("utf-8"), file_name, by, CATALOG, small_index(), settings, name=name, publish_now=publish_now
    )
    assert added.dataset_id is not None, added.result.report()
    return added.dataset_id


def values_of(store, version: int | None = None) -> dict[tuple[str, str], float]:
    v = shared(store, version).values
    return {(a, i): float(x) for a, i, x in zip(v["adcode"], v["indicator"], v["value"])}


def test_a_draft_is_seen_by_nobody_until_published(store) -> None:
    dataset_id = put(store, FOREST.format(v=70.5), publish_now=False)
    assert store.dataset(dataset_id).state == "draft" and values_of(store) == {}
    assert draft_values(store, dataset_id, STEWARD)["value"].tolist() == [55.0, 70.5]  # its author sees it
    with pytest.raises(Exception, match="is lin's draft; only its author sees a draft"):
        draft_values(store, dataset_id, OTHER)
    publish(store, dataset_id, STEWARD)
    assert values_of(store)[("360702", "forest_coverage")] == 70.5


def test_each_value_names_its_dataset_and_version(store) -> None:
    put(store, FOREST.format(v=70.5), name="林业局2025")
    sources = dict(zip(shared(store).values["adcode"], shared(store).values["source"]))
    assert sources["360702"] == "林业局年报 · 林业局2025 v1 (#1)"
    assert sources["360112"].endswith("· 林业局2025 v1 (#1)")  # a row without a source still names its dataset
    assert set(shared(store).values["provenance"]) == {"user"}


def test_a_viewer_or_a_visitor_is_refused_where_the_change_is_made(store) -> None:
    dataset_id = put(store, FOREST.format(v=70.5), publish_now=False)
    with pytest.raises(
        PermissionDenied,
        match=r"wang \(viewer\) may not publish; sign in with an account of role "
        r"steward or admin",
    ):
        publish(store, dataset_id, VIEWER)
    with pytest.raises(PermissionDenied, match="an anonymous visitor may not add"):
        add(store, b"x", "x.csv", ANONYMOUS, CATALOG, small_index(), SETTINGS)
    with pytest.raises(PermissionDenied, match="may not withdraw"):
        withdraw(store, dataset_id, VIEWER)
    assert store.dataset(dataset_id).state == "draft" and len(store.history()) == 1  # nothing happened


def test_several_datasets_combine_and_a_new_version_supersedes_the_old(store) -> None:
    first = put(store, FOREST.format(v=70.5), name="forest")
    put(store, WETLAND, name="wetland", file_name="wetland.csv")
    second = put(store, FOREST.format(v=71.0), name="forest")
    seen = values_of(store)
    assert seen[("360702", "forest_coverage")] == 71.0 and seen[("360702", "wetland_protection_rate")] == 61.0
    assert store.dataset(first).state == "superseded" and store.dataset(second).version == 2
    assert [e for e in store.history()["action"]] == [
        "added",
        "published",
        "added",
        "published",
        "added",
        "published",
        "superseded",
    ]


def test_a_link_keeps_the_numbers_of_its_data_version(store) -> None:
    put(store, FOREST.format(v=70.5), name="forest")
    then = store.data_version()
    put(store, FOREST.format(v=71.0), name="forest")
    later = put(store, WETLAND, name="wetland", file_name="wetland.csv")
    withdraw(store, later, STEWARD)
    assert values_of(store, then) == {("360702", "forest_coverage"): 70.5, ("360112", "forest_coverage"): 55.0}
    assert ("360702", "wetland_protection_rate") not in values_of(store)  # withdrawn: no longer used
    assert store.data_version() > then


def test_two_published_datasets_that_disagree_are_listed_with_both_sources(store) -> None:
    put(store, FOREST.format(v=70.5), name="forest bureau")
    put(store, "地区,指标,年份,数值\n章贡区,森林覆盖率,2025,68\n", name="ecology dept", file_name="eco.csv")
    conflicts = shared(store).conflicts
    assert conflicts["value"].tolist() == [70.5, 68.0]
    assert [s.split(" · ")[-1] for s in conflicts["source"]] == ["forest bureau v1 (#1)", "ecology dept v1 (#2)"]
    assert values_of(store)[("360702", "forest_coverage")] == 68.0  # the newer publication outranks the older


def test_a_refused_file_changes_nothing(store) -> None:
    before = store.dump()
    added = add(
        store,
        "地区,指标,年份,数值\n火星县,森林覆盖率,2025,60\n".encode(),
        "bad.csv",
        STEWARD,
        CATALOG,
        small_index(),
        SETTINGS,
    )
    assert added.dataset_id is None and not added.result.ok
    assert store.dump() == before


def test_an_import_that_fails_midway_leaves_no_half_dataset(store, monkeypatch) -> None:
    import geo.store as store_module

    original = store_module.Store._event

    def crash(self, conn, actor, action, dataset_id, detail):
        if action == "added":  # after the dataset row and its values are written, before the transaction ends
            raise RuntimeError("killed")
        return original(self, conn, actor, action, dataset_id, detail)

    monkeypatch.setattr(store_module.Store, "_event", crash)
    with pytest.raises(RuntimeError):
        put(store, FOREST.format(v=70.5))
    assert store.datasets() == [] and store.values([1]).empty


def test_storage_limits_give_a_clear_message(store) -> None:
    tight = Settings(steward_quota_mb=0)
    with pytest.raises(
        LimitExceeded,
        match=r"lin keeps 0.0 MB of files; forest.csv would pass the 0 MB a steward may "
        r"keep",
    ):
        put(store, FOREST.format(v=70.5), settings=tight)
    assert store.datasets() == []


def test_the_original_file_comes_back_byte_for_byte(store) -> None:
    text = FOREST.format(v=70.5)
    dataset_id = put(store, text)
    assert store.content(dataset_id) == text.encode("utf-8")
    ds = store.dataset(dataset_id)
    assert ds.size == len(text.encode()) and len(ds.sha256) == 64 and ds.report["issues"] == []


def test_a_backup_restores_everything_into_an_empty_store(store, tmp_path) -> None:
    from geo.store import Store

    put(store, FOREST.format(v=70.5))
    dump = store.dump()
    other = Store(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    other.migrate()
    other.load(dump)
    assert other.dump() == dump and values_of(other) == values_of(store)
    store.load(dump)  # and back into its own kind of database: ids continue after the restored ones
    assert put(store, WETLAND, name="wetland", file_name="w.csv") == 2
