"""geo/store.py: sub-year values stored and read back on SQLite and PostgreSQL; migration 0002 on an 0001 store."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from geo.store import MIGRATIONS, Store, now
from geo.values import normalise


def _months() -> pd.DataFrame:
    rows = [
        ("360000", "pm25", 2024, "2024-05", 26.0),
        ("360000", "pm25", 2024, "2024-Q2", 24.0),
        ("360000", "pm25", 2023, "2023-01~06", 30.5),
        ("360000", "pm25", 2024, None, 28.0),
    ]
    return normalise(pd.DataFrame(rows, columns=["adcode", "indicator", "year", "period", "value"]))


def _add(store: Store, values: pd.DataFrame) -> int:
    return store.add_dataset(
        name="月报",
        file_name="months.csv",
        content=b"x",
        sha256="0" * 64,
        added_by="steward",
        report={},
        rejected="",
        values=values,
    )


def test_a_monthly_dataset_round_trips(store) -> None:
    dataset_id = _add(store, _months())
    back = normalise(store.values([dataset_id]).drop(columns=["dataset_id"]))
    got = sorted(zip(back["period"].fillna("year"), back["value"], strict=True))
    assert got == [("2023-01~06", 30.5), ("2024-05", 26.0), ("2024-Q2", 24.0), ("year", 28.0)]
    assert str(back["period"].dtype) == "string" and back["period"].isna().sum() == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """The URL of an empty database (no schema yet): an SQLite file, or a fresh database on the test cluster."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    server = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE {name}"))
    admin.dispose()


def test_migration_0002_upgrades_an_0001_store_keeping_its_values(empty_url) -> None:
    store = Store(empty_url)
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as conn:  # the schema as it was before periods existed
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        with store.engine.begin() as conn:
            assert "period" not in {c["name"] for c in sa.inspect(conn).get_columns("dataset_values")}
            conn.execute(
                sa.text(
                    "INSERT INTO datasets (name, version, file_name, size, sha256, content, added_by, added_at, state,"
                    " report, rejected, values_count) VALUES ('old', 1, 'old.csv', 1, :h, :c, 'steward', :at, 'draft',"
                    " '{}', '', 1)"
                ),
                {"h": "0" * 64, "c": b"x", "at": now()},
            )
            old_id = conn.execute(sa.text("SELECT id FROM datasets WHERE name = 'old'")).scalar_one()
            conn.execute(
                sa.text(
                    "INSERT INTO dataset_values (dataset_id, adcode, indicator, year, value)"
                    " VALUES (:d, '360702', 'forest_coverage', 2023, 55.0)"
                ),
                {"d": old_id},
            )
        store.migrate()
        old = normalise(store.values([old_id]).drop(columns=["dataset_id"]))
        assert old["value"].tolist() == [55.0] and old["period"].isna().all()  # a value from before is a yearly value
        dataset_id = _add(store, _months())
        assert set(store.values([dataset_id])["period"].dropna()) == {"2024-05", "2024-Q2", "2023-01~06"}
    finally:
        store.engine.dispose()
