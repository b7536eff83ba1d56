"""SQLiteStore's bulk load: a larger page cache while ``add_records`` runs, and the
interaction tables' indexes built again once a large load's rows are in. The rows are
those of a plain load, and a load that fails or is killed leaves the store as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Channel, ConflictError, Contact, Interaction, ValidationError
from relnet.adapters.sqlite import SQLiteStore
from relnet.synth import network
from relnet.testing import snapshot, strategies
from relnet.testing.strategies import Network
from tests.adapters.test_sql_bulk import bulk, one_by_one, rows

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")
NET = network(
    40,
    300,
    seed=3,
    start=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
    end=pendulum.datetime(2025, 12, 1, tz="Europe/London"),
)


def schema(store: SQLiteStore) -> list[tuple[Any, ...]]:
    """Every table and index, with its definition."""
    columns = ("type", "name", "tbl_name", "sql")
    found = store._run(f"SELECT {', '.join(columns)} FROM sqlite_master ORDER BY type, name")
    return found.values(*columns)


def intact(store: SQLiteStore) -> bool:
    """Whether SQLite finds the file and every index whole."""
    return store._run("PRAGMA integrity_check").column("integrity_check") == ["ok"]


def statements(store: SQLiteStore) -> list[str]:
    """Record every statement ``store`` runs from now on; returns the list it fills."""
    seen: list[str] = []
    run = store._run

    def recorded(sql: str, params: Any = None) -> Any:
        seen.append(sql)
        return run(sql, params)

    store._run = recorded  # type: ignore[method-assign]
    return seen


def dropped(seen: Sequence[str]) -> list[str]:
    return [sql for sql in seen if sql.startswith("DROP INDEX")]


def base(store: SQLiteStore) -> None:
    """A contact and one interaction with it."""
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    store.add_interaction(Interaction(["ada"], AT, Channel.CALL, id="call"))


def calls(count: int, *, last: str | None = None) -> list[Interaction]:
    """``count`` calls with Ada an hour apart, the last one with id ``last`` if given."""
    made = [
        Interaction(["ada"], AT.add(hours=n + 1), Channel.CALL, id=f"call-{n}")
        for n in range(count)
    ]
    if last is not None:
        made[-1] = Interaction(["ada"], AT.add(hours=count), Channel.CALL, id=last)
    return made


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Callable[..., SQLiteStore]]:
    made: list[SQLiteStore] = []

    def make(name: str, **options: Any) -> SQLiteStore:
        store = SQLiteStore(tmp_path / f"{name}.db", **options)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def test_a_load_with_indexes_built_again_stores_what_a_plain_load_does(
    stores: Callable[..., SQLiteStore],
) -> None:
    """Indexes dropped and built again hold the same rows, under the same definitions,
    as indexes filled row by row; so do the tables."""
    rebuilt, plain = stores("rebuilt"), stores("plain")
    rebuilt._rebuild_at = 1
    plain._rebuild_at = 10**9
    seen = statements(rebuilt)
    NET.load_into(rebuilt)
    NET.load_into(plain)
    assert 'DROP INDEX "touches_covering"' in dropped(seen)
    assert not any("sqlite_autoindex" in sql for sql in dropped(seen))
    assert schema(rebuilt) == schema(plain)
    assert rows(rebuilt) == rows(plain)
    assert snapshot(rebuilt) == snapshot(plain)
    assert intact(rebuilt)


def test_indexes_are_built_again_only_for_a_load_as_large_as_the_store(
    stores: Callable[..., SQLiteStore],
) -> None:
    """A load smaller than what the store holds fills the indexes row by row."""
    store = stores("small")
    store._rebuild_at = 1
    base(store)
    store.add_records(interactions=calls(5))
    seen = statements(store)
    store.add_records(interactions=[calls(1, last="fewer")[0]])
    assert dropped(seen) == []
    store.add_records(interactions=[attrs.evolve(c, id=f"more-{c.id}") for c in calls(7)])
    assert dropped(seen) != []
    assert intact(store)
    assert len(store.interactions()) == 1 + 5 + 1 + 7


def test_a_large_load_that_fails_leaves_rows_and_indexes_as_they_were(
    stores: Callable[..., SQLiteStore],
) -> None:
    """An interaction whose id is stored fails the load after the indexes were dropped:
    they are back, and nothing of the load was written."""
    store = stores("failed")
    store._rebuild_at = 1
    base(store)
    before_schema, before_rows = schema(store), rows(store)
    seen = statements(store)
    with pytest.raises(ConflictError):
        store.add_records(interactions=calls(50, last="call"))
    assert dropped(seen) != []
    assert schema(store) == before_schema
    assert rows(store) == before_rows
    assert intact(store)


KILLED = """
import os, signal, sys
import attrs
import pendulum
from relnet import Channel, Interaction
from relnet.adapters.sqlite import SQLiteStore

class Killed(SQLiteStore):
    _rebuild_at = 1

    def _write_interactions(self, interactions, **options):
        super()._write_interactions(interactions, **options)
        names = self._run("SELECT name FROM sqlite_master").column("name")
        assert "touches_covering" not in names
        os.kill(os.getpid(), signal.SIGKILL)

at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris")
store = Killed(sys.argv[1])
store.add_records(
    interactions=[
        Interaction(["ada"], at.add(hours=n + 1), Channel.CALL, id=f"call-{n}")
        for n in range(200)
    ]
)
"""


def test_a_large_load_killed_after_dropping_the_indexes_leaves_the_store_as_it_was(
    tmp_path: Path,
) -> None:
    """A process killed in the middle of a load, its indexes dropped and its rows
    written but not committed: the file reopens with every index and none of the rows."""
    path = tmp_path / "killed.db"
    with closing(SQLiteStore(path)) as store:
        base(store)
        before_schema, before_rows = schema(store), rows(store)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED), str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == -9, done.stderr
    with closing(SQLiteStore(path)) as store:
        assert schema(store) == before_schema
        assert rows(store) == before_rows
        assert intact(store)
        store.add_records(interactions=calls(3))
        assert len(store.interactions()) == 4


def cache_during_load(store: SQLiteStore, **records: Any) -> list[int]:
    """The connection's ``cache_size`` seen while ``add_records`` writes interactions."""
    seen: list[int] = []
    write = store._write_interactions

    def spied(interactions: Sequence[Interaction], **options: Any) -> Any:
        seen.append(store._run("PRAGMA cache_size").first("cache_size"))
        return write(interactions, **options)

    store._write_interactions = spied  # type: ignore[method-assign]
    store.add_records(**records)
    return seen


def cache_size(store: SQLiteStore) -> int:
    return int(store._run("PRAGMA cache_size").first("cache_size"))


def test_the_page_cache_is_larger_only_while_a_load_runs(
    stores: Callable[..., SQLiteStore],
) -> None:
    store = stores("cache", bulk_cache_mib=64)
    base(store)
    before = cache_size(store)
    assert cache_during_load(store, interactions=calls(3)) == [-64 * 1024]
    assert cache_size(store) == before
    with pytest.raises(ConflictError):
        cache_during_load(store, interactions=calls(3, last="call"))
    assert cache_size(store) == before


def test_a_larger_cache_of_the_connections_own_is_kept(
    stores: Callable[..., SQLiteStore],
) -> None:
    store = stores("own", bulk_cache_mib=1)
    base(store)
    store._run("PRAGMA cache_size = -4096")
    assert cache_during_load(store, interactions=calls(2)) == [-4096]
    assert cache_size(store) == -4096
    unset = stores("unset", bulk_cache_mib=0)
    base(unset)
    before = cache_size(unset)
    assert cache_during_load(unset, interactions=calls(2)) == [before]


@pytest.mark.parametrize("value", [-1, 1.5, "256", True])
def test_a_bad_bulk_cache_size_is_refused_naming_it(tmp_path: Path, value: Any) -> None:
    with pytest.raises(ValidationError, match="bulk_cache_mib"):
        SQLiteStore(tmp_path / "bad.db", bulk_cache_mib=value)
    assert not (tmp_path / "bad.db").exists()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=strategies.networks(extras=True), reverse=st.booleans())
def test_a_load_in_the_order_of_ids_stores_the_rows_of_one_by_one(
    tmp_path: Path, net: Network, reverse: bool
) -> None:
    """Interactions written in the order of their ids, indexes built after, the touches
    folded apart: every table holds the rows ``add_*`` one at a time gives."""
    with (
        tempfile.TemporaryDirectory(dir=tmp_path) as folder,
        closing(SQLiteStore(Path(folder) / "one.db")) as one,
        closing(SQLiteStore(Path(folder) / "many.db")) as many,
    ):
        many._rebuild_at = 1
        one_by_one(one, net)
        bulk(many, net, reverse=reverse)
        assert rows(many) == rows(one)
        assert snapshot(many) == snapshot(one)
        assert schema(many) == schema(one)
