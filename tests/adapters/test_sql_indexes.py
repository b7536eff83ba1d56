"""The partial indexes of schema version 8: the summaries with a reply owed or a first
meeting, the open commitments, and the touches of meetings by instant."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pendulum

from relnet import Contact, Interaction
from relnet.adapters.postgres import PostgresStore
from relnet.adapters.sql import SQLStore
from relnet.adapters.sql.schema import MIGRATIONS
from relnet.adapters.sql.summaries import STORED_QUERY, sieve_tests
from relnet.adapters.sqlite import SQLiteStore
from relnet.model import Channel, Commitment, ContactId, Direction, epoch_us
from tests.adapters.sql_stores import Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine

INDEXES = (
    "summaries_by_pending_reply",
    "summaries_by_first_meeting",
    "commitments_open_by_due",
    "touches_meetings_by_time",
)
NOW = pendulum.datetime(2026, 3, 1, 12, tz="Europe/London")
SIEVE = {
    "pending_reply": epoch_us(NOW.subtract(days=30)),
    "first_meeting": epoch_us(NOW.subtract(days=10)),
}


def _fill(store: SQLStore) -> None:
    people = [Contact(f"Person {n}", id=f"p{n}") for n in range(6)]
    store.add_records(contacts=people)
    store.add_interaction(
        Interaction(
            ["p0"],
            NOW.subtract(days=3),
            Channel.EMAIL,
            direction=Direction.INBOUND,
            expects_reply=True,
            id="ask",
        )
    )
    store.add_interaction(
        Interaction(["p1", "p2"], NOW.subtract(days=2), Channel.MEETING, id="met")
    )
    store.add_interaction(
        Interaction(
            ["p3"],
            NOW.subtract(days=90),
            Channel.EMAIL,
            direction=Direction.INBOUND,
            expects_reply=True,
            id="old",
        )
    )
    store.add_interaction(Interaction(["p4"], NOW.add(days=3), Channel.CALL, id="planned"))
    store.add_commitment(Commitment("p0", "Send the notes", NOW.date(), id="c0"))
    store.add_commitment(Commitment("p1", "Call back", NOW.date().subtract(days=1), id="c1"))
    store.add_commitment(Commitment("p2", "Lend the book", NOW.date(), done_on=NOW.date(), id="c2"))


def _indexes(store: SQLiteStore) -> list[str]:
    rows = store._run("SELECT name FROM sqlite_master WHERE type = 'index'")
    return [name for name in rows.column("name") if name in INDEXES]


def _plan(store: SQLiteStore, sql: str, **params: object) -> str:
    return " ".join(map(str, store._run(f"EXPLAIN QUERY PLAN {sql}", params).column("detail")))


def test_a_version_7_file_gains_the_indexes_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    with SQLiteStore(path) as store:
        _fill(store)
        sieved = dict(store.touch_summaries_since(now=NOW, since=SIEVE))
        open_ones = list(store.commitments(open_only=True))
        # What version 7 held: everything but the indexes.
        for name in INDEXES:
            store._run(f"DROP INDEX {name}")
        store._run("UPDATE schema_version SET version = 7")
        assert store.touch_summaries_since(now=NOW, since=SIEVE) == sieved
    with SQLiteStore(path) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        assert sorted(_indexes(store)) == sorted(INDEXES)
        assert dict(store.touch_summaries_since(now=NOW, since=SIEVE)) == sieved
        assert sorted(sieved) == ["p0", "p1", "p2"]
        assert list(store.commitments(open_only=True)) == open_ones
        assert [c.id for c in open_ones] == ["c1", "c0"]
        soon = store.first_meetings(since=NOW.subtract(days=5), until=NOW.add(days=14))
        assert soon == {
            "p1": epoch_us(NOW.subtract(days=2)),
            "p2": epoch_us(NOW.subtract(days=2)),
            "p4": epoch_us(NOW.add(days=3)),
        }


def test_the_sieve_and_the_open_commitments_read_the_indexes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "network.db") as store:
        _fill(store)
        tests, params = sieve_tests(SIEVE.items())
        plan = _plan(
            store, f"{STORED_QUERY} WHERE +latest_us <= :now AND ({tests})", now=0, **params
        )
        assert "summaries_by_pending_reply" in plan
        assert "summaries_by_first_meeting" in plan
        plan = _plan(store, "SELECT doc FROM commitments WHERE is_open = 1 ORDER BY due, id")
        assert "commitments_open_by_due" in plan
        since, until = NOW.subtract(days=1), NOW.add(days=14)
        assert store.first_meetings(since=since, until=until) == {"p4": epoch_us(NOW.add(days=3))}
        assert store.first_meetings(since=since, until=until, contact=ContactId("p1")) == {}
        plan = _plan(
            store,
            "SELECT t.contact_id, MIN(t.at_us) AS first_at FROM touches t "
            "WHERE t.meeting <> 0 AND t.at_us >= :low AND t.at_us < :high "
            "GROUP BY t.contact_id",
            low=epoch_us(since),
            high=epoch_us(until),
        )
        assert "touches_meetings_by_time" in plan


def _index_names(store: SQLStore) -> set[str]:
    if isinstance(store, SQLiteStore):
        found = store._run("SELECT name FROM sqlite_master WHERE type = 'index'")
    else:
        found = store._run(
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
        )
    return set(found.column("name"))


def test_a_version_7_schema_gains_the_indexes_on_every_engine(make_store: Factory) -> None:
    """On SQLite and PostgreSQL alike: a schema of version 7 (without the indexes) is
    brought to the current version by ``migrate``, gains them, and reads the same."""
    with closing(make_store()) as store:
        assert isinstance(store, (SQLiteStore, PostgresStore))
        _fill(store)
        sieved = dict(store.touch_summaries_since(now=NOW, since=SIEVE))
        open_ones = list(store.commitments(open_only=True))
        soon = store.first_meetings(since=NOW, until=NOW.add(days=14))
        assert set(INDEXES) <= _index_names(store)
        for name in INDEXES:
            store._run(f"DROP INDEX {name}")
        store._run("UPDATE schema_version SET version = 7")
        assert not set(INDEXES) & _index_names(store)
        assert store.migrate() == len(MIGRATIONS)
        assert set(INDEXES) <= _index_names(store)
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        assert dict(store.touch_summaries_since(now=NOW, since=SIEVE)) == sieved
        assert list(store.commitments(open_only=True)) == open_ones
        assert store.first_meetings(since=NOW, until=NOW.add(days=14)) == soon
