"""The store: the one repository module that reads and writes the database (SQLAlchemy Core; nothing else holds SQL).

SQLite embedded by default (a file in the state folder), PostgreSQL when GANPO_DATABASE_URL names one. The schema is
made and changed by the Alembic migrations in geo/migrations/ (run by `migrate`, at start-up and by `make run`).
Every write is one transaction: a refused or interrupted write leaves what was there.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping
from sqlalchemy.exc import OperationalError

from geo.errors import AtlasError
from geo.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
metadata = sa.MetaData()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
sign_ins = sa.Table(
    "sign_ins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
)
datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("added_by", sa.String(64), nullable=False, index=True),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("report", sa.Text, nullable=False),  # JSON: summary, notes and every issue
    sa.Column("rejected", sa.Text, nullable=False),  # CSV of the rejected rows
    sa.Column("values_count", sa.Integer, nullable=False),
    sa.Column("published_seq", sa.Integer, nullable=True),  # the event that published it
    sa.Column("ended_seq", sa.Integer, nullable=True),  # the event that withdrew or superseded it
)
dataset_values = sa.Table(
    "dataset_values",
    metadata,
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("adcode", sa.String(12), nullable=False),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("target", sa.Float, nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("period", sa.String(16), nullable=True),  # migration 0002: NULL for a yearly value, else 2024-05 ...
)
events = sa.Table(
    "events",
    metadata,  # the audit trail; its id orders everything that changes what people see
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("dataset_id", sa.Integer, nullable=True),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)
TABLES = (accounts, sign_ins, datasets, dataset_values, events)
VALUE_FIELDS = ("adcode", "indicator", "year", "period", "value", "target", "source", "note")


class StoreUnavailable(AtlasError):
    """The database cannot be reached."""


@dataclass(frozen=True)
class DatasetRow:
    """One stored dataset version, without its bytes and values."""

    id: int
    name: str
    version: int
    file_name: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime
    state: str
    report: dict[str, Any]
    rejected: str
    values_count: int
    published_seq: int | None
    ended_seq: int | None


def now() -> datetime:
    """The current time, in UTC (stored with its zone)."""
    return datetime.now(UTC)


class Store:
    """The database behind the atlas: accounts, datasets and their values, and the audit trail."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = _engine(url)

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        """Bring the schema to the newest migration (Alembic; safe to run at every start)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._tx() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # ------------------------------------------------------------------ accounts
    def add_account(self, name: str, role: str, password_hash: str) -> None:
        with self._tx() as conn:
            conn.execute(accounts.insert().values(name=name, role=role, password_hash=password_hash, created_at=now()))

    def account(self, name: str) -> Mapping[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(sa.select(accounts).where(accounts.c.name == name)).mappings().first()
        return dict(row) if row else None

    def accounts(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = (
                conn.execute(
                    sa.select(accounts.c.name, accounts.c.role, accounts.c.created_at).order_by(accounts.c.name)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def record_sign_in(self, name: str, ok: bool) -> None:
        with self._tx() as conn:
            conn.execute(sign_ins.insert().values(name=name, at=now(), ok=ok))

    def failed_sign_ins(self, name: str, since: datetime) -> int:
        with self._read() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(sign_ins)
                    .where(sign_ins.c.name == name, sign_ins.c.ok.is_(False), sign_ins.c.at >= since)
                ).scalar_one()
            )

    # ------------------------------------------------------------------ datasets
    def add_dataset(
        self,
        *,
        name: str,
        file_name: str,
        content: bytes,
        sha256: str,
        added_by: str,
        report: Mapping[str, Any],
        rejected: str,
        values: pd.DataFrame,
    ) -> int:
        """Store a new version of a dataset (a draft) with its values, in one transaction; returns its id."""
        with self._tx() as conn:
            version = (
                int(
                    conn.execute(
                        sa.select(sa.func.coalesce(sa.func.max(datasets.c.version), 0)).where(datasets.c.name == name)
                    ).scalar_one()
                )
                + 1
            )
            dataset_id = int(
                conn.execute(
                    datasets.insert()
                    .values(
                        name=name,
                        version=version,
                        file_name=file_name,
                        size=len(content),
                        sha256=sha256,
                        content=content,
                        added_by=added_by,
                        added_at=now(),
                        state="draft",
                        report=json.dumps(report, ensure_ascii=False),
                        rejected=rejected,
                        values_count=len(values),
                    )
                    .returning(datasets.c.id)
                ).scalar_one()
            )
            frame = values.reindex(columns=list(VALUE_FIELDS)).astype(object)
            frame = frame.where(frame.notna(), None).assign(dataset_id=dataset_id)  # NA -> NULL
            rows = frame.to_dict("records")
            for start in range(0, len(rows), 20_000):  # bounded statements: SQLite's and PostgreSQL's limits
                conn.execute(dataset_values.insert(), rows[start : start + 20_000])
            self._event(conn, added_by, "added", dataset_id, f"{name} v{version} ({file_name}, {len(values)} values)")
        return dataset_id

    def dataset(self, dataset_id: int) -> DatasetRow | None:
        with self._read() as conn:
            row = conn.execute(sa.select(*_meta()).where(datasets.c.id == dataset_id)).mappings().first()
        return _row(row) if row else None

    def datasets(self, states: Sequence[str] | None = None, added_by: str | None = None) -> list[DatasetRow]:
        query = sa.select(*_meta()).order_by(datasets.c.id)
        if states is not None:
            query = query.where(datasets.c.state.in_(list(states)))
        if added_by is not None:
            query = query.where(datasets.c.added_by == added_by)
        with self._read() as conn:
            return [_row(r) for r in conn.execute(query).mappings().all()]

    def content(self, dataset_id: int) -> bytes:
        with self._read() as conn:
            data = conn.execute(sa.select(datasets.c.content).where(datasets.c.id == dataset_id)).scalar_one_or_none()
        if data is None:
            raise AtlasError(f"dataset {dataset_id} does not exist", "list them with: python -m geo datasets list")
        return bytes(data)

    def values(self, dataset_ids: Sequence[int]) -> pd.DataFrame:
        """The values of the given datasets, with their dataset_id."""
        if not dataset_ids:
            return pd.DataFrame(columns=["dataset_id", *VALUE_FIELDS])
        query = sa.select(dataset_values).where(dataset_values.c.dataset_id.in_([int(i) for i in dataset_ids]))
        sql = str(query.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
        with self._read() as conn:
            # The driver's own cursor: SQLAlchemy's row objects took ~3.5 s for 180,000 values, the cursor ~0.3 s.
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql)
                return pd.DataFrame.from_records(cursor.fetchall(), columns=[c.name for c in dataset_values.columns])
            finally:
                cursor.close()

    def visible_at(self, seq: int) -> list[DatasetRow]:
        """The datasets everyone saw once event `seq` had happened: published by then, not yet ended."""
        query = (
            sa.select(*_meta())
            .where(
                datasets.c.published_seq.is_not(None),
                datasets.c.published_seq <= seq,
                sa.or_(datasets.c.ended_seq.is_(None), datasets.c.ended_seq > seq),
            )
            .order_by(datasets.c.published_seq)
        )
        with self._read() as conn:
            return [_row(r) for r in conn.execute(query).mappings().all()]

    def publish(self, dataset_id: int, by: str, supersedes: Sequence[int]) -> int:
        """Publish a draft and end the versions it supersedes, in one transaction; returns the event's number."""
        with self._tx() as conn:
            seq = self._event(conn, by, "published", dataset_id, "")
            conn.execute(
                datasets.update().where(datasets.c.id == dataset_id).values(state="published", published_seq=seq)
            )
            for old in supersedes:
                ended = self._event(conn, by, "superseded", old, f"by dataset {dataset_id}")
                conn.execute(datasets.update().where(datasets.c.id == old).values(state="superseded", ended_seq=ended))
        return seq

    def withdraw(self, dataset_id: int, by: str) -> int:
        with self._tx() as conn:
            seq = self._event(conn, by, "withdrawn", dataset_id, "")
            conn.execute(datasets.update().where(datasets.c.id == dataset_id).values(state="withdrawn", ended_seq=seq))
        return seq

    def note(self, actor: str, action: str, detail: str) -> None:
        """An event of the audit trail that concerns no dataset (an account added)."""
        with self._tx() as conn:
            self._event(conn, actor, action, None, detail)

    def data_version(self) -> int:
        """The number of the latest event that changed what everyone sees (0: nothing published yet)."""
        with self._read() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0)).where(
                        events.c.action.in_(("published", "withdrawn", "superseded"))
                    )
                ).scalar_one()
            )

    def history(self) -> pd.DataFrame:
        """The audit trail, oldest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(events).order_by(events.c.id)).mappings().all()
        return pd.DataFrame(rows, columns=["id", "at", "actor", "action", "dataset_id", "detail"])

    def bytes_added_by(self, name: str) -> int:
        with self._read() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.coalesce(sa.func.sum(datasets.c.size), 0)).where(datasets.c.added_by == name)
                ).scalar_one()
            )

    # ------------------------------------------------------------------ backup
    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, as JSON-ready values (bytes in base64, times in ISO 8601)."""
        with self._read() as conn:
            return {
                t.name: [{k: _json(v) for k, v in r.items()} for r in conn.execute(sa.select(t)).mappings()]
                for t in TABLES
            }

    def load(self, dump: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Replace the whole content by a dump (one transaction: on any error nothing changes)."""
        with self._tx() as conn:
            for table in reversed(TABLES):
                conn.execute(table.delete())
            for table in TABLES:
                rows = [{c.name: _unjson(c, r.get(c.name)) for c in table.columns} for r in dump.get(table.name, [])]
                if rows:
                    conn.execute(table.insert(), rows)
            if conn.dialect.name == "postgresql":  # identity counters continue after the restored ids
                for table in (sign_ins, datasets, events):
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )

    # ------------------------------------------------------------------ plumbing
    def _event(self, conn: Connection, actor: str, action: str, dataset_id: int | None, detail: str) -> int:
        return int(
            conn.execute(
                events.insert()
                .values(at=now(), actor=actor, action=action, dataset_id=dataset_id, detail=detail)
                .returning(events.c.id)
            ).scalar_one()
        )

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreUnavailable(
                f"the data store is unavailable ({type(exc.orig).__name__})",
                "retry in a moment; if it lasts, check the database server",
            ) from exc

    _read = _tx


def open_store(settings: Settings) -> Store:
    """The store of these settings, its schema migrated (the state folder made for an embedded database)."""
    if not settings.database_url:
        settings.state_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.database)
    store.migrate()
    return store


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        # Writers queue instead of failing: BEGIN IMMEDIATE takes the write lock at the start of each transaction
        # (pysqlite's own deferred BEGIN lets two writers collide), and WAL lets readers go on meanwhile.
        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _: Any) -> None:
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA foreign_keys=ON")

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # A restarted or unreachable server: pre-ping replaces the pooled connections it dropped, and connecting gives
    # up after 5 s (libpq waits forever by default), so that a page says "unavailable, retrying" instead of hanging.
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _meta() -> list[sa.Column[Any]]:
    return [c for c in datasets.columns if c.name != "content"]


def _row(r: RowMapping) -> DatasetRow:
    return DatasetRow(**{**r, "report": json.loads(r["report"]), "added_at": _utc(r["added_at"])})


def _json(v: Any) -> Any:
    if isinstance(v, (bytes, memoryview)):
        return {"base64": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, datetime):
        return {"time": _utc(v).isoformat()}
    return v


def _utc(v: datetime) -> datetime:
    """A stored time with its zone: SQLite gives back the UTC time it was given, without the zone."""
    return v if v.tzinfo is not None else v.replace(tzinfo=UTC)


def _unjson(column: sa.Column[Any], v: Any) -> Any:
    if isinstance(v, dict) and "base64" in v:
        return base64.b64decode(v["base64"])
    if isinstance(v, dict) and "time" in v:
        return datetime.fromisoformat(v["time"])
    return v
