"""Datasets: an imported file kept as a version (draft -> published -> superseded or withdrawn), and what everyone
sees: the built-in data with every published dataset laid over it, a newer publication over an older one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from geo.accounts import Account, require
from geo.catalog import Catalog
from geo.errors import AtlasError, LimitExceeded
from geo.importer import ImportResult, import_values
from geo.layout import Reading
from geo.regions import RegionIndex
from geo.settings import Settings
from geo.store import DatasetRow, Store
from geo.values import KEY, empty_values, normalise

STATES: tuple[str, ...] = ("draft", "published", "superseded", "withdrawn")
PRECEDENCE = (
    "For one region, indicator and year a published dataset's value outranks the built-in official, derived "
    "and demo values, and a newer publication outranks an older one."
)


@dataclass(frozen=True)
class Added:
    """The outcome of adding a file: its dataset id (None when the file had errors and nothing was stored)."""

    dataset_id: int | None
    result: ImportResult


@dataclass(frozen=True)
class Shared:
    """What everyone sees at a data version: the published values, where published datasets disagree, and which
    datasets they are."""

    version: int
    values: pd.DataFrame
    conflicts: pd.DataFrame
    datasets: tuple[DatasetRow, ...]


def add(
    store: Store,
    content: bytes,
    file_name: str,
    by: Account,
    catalog: Catalog,
    regions: RegionIndex,
    settings: Settings,
    *,
    name: str | None = None,
    year: int | None = None,
    publish_now: bool = False,
    reading: Sequence[Reading] | None = None,
    totals: str = "check",
) -> Added:
    """Import a file and keep it as a new draft version of the dataset `name` (default: the file's name without its
    extension); a file with errors changes nothing. `reading` and `totals` are the preview's (geo.importer)."""
    require(by, "add")
    limit = settings.max_upload_mb * 1024 * 1024
    if len(content) > limit:
        raise LimitExceeded(
            f"{file_name} has {len(content) / 1e6:.1f} MB, more than the {settings.max_upload_mb} MB a file may have",
            "split the file, or ask the operator to raise GANPO_MAX_UPLOAD_MB",
        )
    quota = settings.steward_quota_mb * 1024 * 1024
    used = store.bytes_added_by(by.name)
    if used + len(content) > quota:
        raise LimitExceeded(
            f"{by.name} keeps {used / 1e6:.1f} MB of files; {file_name} would pass the "
            f"{settings.steward_quota_mb} MB a steward may keep",
            "withdrawn versions still count: ask an admin, or the operator to raise GANPO_STEWARD_QUOTA_MB",
        )
    result = import_values(
        content, file_name, catalog, regions, year=year, settings=settings, reading=reading, totals=totals
    )
    if not result.ok:
        return Added(None, result)
    report = {
        "summary": result.summary(),
        "notes": list(result.notes),
        "layout": result.layout,
        "rows_read": result.rows_read,
        "issues": [asdict(i) for i in result.issues],
    }
    dataset_id = store.add_dataset(
        name=(name or Path(file_name).stem).strip() or file_name,
        file_name=file_name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        added_by=by.name,
        report=report,
        rejected=result.rejected.to_csv(index=False),
        values=result.values,
    )
    if publish_now:
        publish(store, dataset_id, by)
    return Added(dataset_id, result)


def publish(store: Store, dataset_id: int, by: Account) -> int:
    """Publish a draft for everyone; the published versions of the same dataset are superseded. Returns the new
    data version."""
    require(by, "publish")
    ds = _get(store, dataset_id)
    if ds.state != "draft":
        raise AtlasError(
            f"dataset {dataset_id} ({ds.name} v{ds.version}) is {ds.state}, not a draft",
            "add the file again to publish a new version",
        )
    older = [d.id for d in store.datasets(states=("published",)) if d.name == ds.name]
    return store.publish(dataset_id, by.name, older)


def withdraw(store: Store, dataset_id: int, by: Account) -> int:
    """Withdraw a draft or a published dataset: kept for the record, no longer used. Returns the new data version."""
    require(by, "withdraw")
    ds = _get(store, dataset_id)
    if ds.state not in ("draft", "published"):
        raise AtlasError(f"dataset {dataset_id} ({ds.name} v{ds.version}) is {ds.state} already", "nothing to do")
    return store.withdraw(dataset_id, by.name)


def shared(store: Store, version: int | None = None) -> Shared:
    """The published values at a data version (default: now), each naming its dataset and version."""
    version = store.data_version() if version is None else int(version)
    visible = store.visible_at(version)  # oldest publication first: later ones win
    stacked = _labelled(store.values([d.id for d in visible]), visible)  # one query, labelled at once
    values = stacked.drop_duplicates(KEY, keep="last").sort_values(KEY, kind="stable").reset_index(drop=True)
    return Shared(version, values, _conflicts(stacked), tuple(visible))


def draft_values(store: Store, dataset_id: int, by: Account) -> pd.DataFrame:
    """A draft's values, for its author's own view (a draft is seen by its author only)."""
    ds = _get(store, dataset_id)
    if ds.added_by != by.name:
        raise AtlasError(f"dataset {dataset_id} is {ds.added_by}'s draft", "only its author sees a draft")
    return _labelled(store.values([ds.id]), [ds])


def drafts_of(store: Store, by: Account) -> pd.DataFrame:
    """All of an author's drafts, oldest first (a later draft wins), for that author's own view."""
    mine = store.datasets(states=("draft",), added_by=by.name) if by.name else []
    stacked = _labelled(store.values([d.id for d in mine]), mine)
    return stacked.drop_duplicates(KEY, keep="last").sort_values(KEY, kind="stable").reset_index(drop=True)


def _labelled(rows: pd.DataFrame, datasets: Sequence[DatasetRow]) -> pd.DataFrame:
    """Canonical values of datasets, in the order given: provenance user, the source naming the dataset and its
    version (`林业局年报 · 林业局2025 v2 (#7)`)."""
    if not len(rows):
        return empty_values()
    order = {d.id: i for i, d in enumerate(datasets)}
    labels = {d.id: f"{d.name} v{d.version} (#{d.id})" for d in datasets}
    rows = rows.assign(_order=rows["dataset_id"].map(order)).sort_values("_order", kind="stable")
    label = rows["dataset_id"].map(labels).astype("string")
    out = normalise(rows.drop(columns=["dataset_id", "_order"]).assign(provenance="user"))
    given = out["source"].fillna("")
    out["source"] = (given + " · " + label.to_numpy()).where(given != "", label.to_numpy()).astype("string")
    return out.reset_index(drop=True)


def _conflicts(stacked: pd.DataFrame) -> pd.DataFrame:
    """Rows of the keys that two published datasets give different values for (each with its source)."""
    known = stacked.loc[stacked["value"].notna()]
    spread = known.groupby(KEY, dropna=False)["value"].transform("nunique")
    return known.loc[spread > 1].sort_values(KEY, kind="stable").reset_index(drop=True)


def _get(store: Store, dataset_id: int) -> DatasetRow:
    ds = store.dataset(int(dataset_id))
    if ds is None:
        raise AtlasError(f"dataset {dataset_id} does not exist", "list them with: python -m geo datasets list")
    return ds
