"""The SQL stores' ``summaries`` table: exact after every write, read by
``touch_summaries`` and ``touch_summaries_since``, built when a version-2 or version-3
database is opened; and contact facts for chosen ids."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import secrets
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import Contact, Interaction, ValidationError
from relnet.adapters.sql import MIGRATIONS, SQLStore
from relnet.adapters.sql import schema as sql_schema
from relnet.adapters.sql.summaries import STORED_QUERY, stored_summaries
from relnet.adapters.sqlite import SQLiteStore
from relnet.model import ContactId, TouchSummary, epoch_us, summarize
from relnet.storage import ContactFacts, SummarySieve
from relnet.storage.sieve import INSTANT_FIELDS, passes
from relnet.synth import network
from relnet.testing import strategies as rs
from tests.adapters.sql_stores import (
    DSN_VARIABLE,
    UNMARK_EVENTS,
    Factory,
    make_store,
    old_rows,
    postgres_stores,
    write_old_sqlite,
)

__all__ = ["make_store"]  # the fixture, run on each SQL engine

SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
PEOPLE = ("ada", "bob", "cy", "dee")
#: Later than any instant the strategies draw: every touch is past.
END = pendulum.datetime(2500, 1, 1, tz="UTC")


class AbortError(Exception):
    """Raised inside a transaction to roll it back."""


@pytest.fixture(params=["file", "memory", "postgres"])
def summary_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """Fresh SQL stores: a SQLite file, SQLite in memory, or a PostgreSQL schema."""
    if request.param == "postgres":
        with postgres_stores() as schema_stores:
            yield schema_stores
        return
    made: list[SQLiteStore] = []
    counter = itertools.count()

    def factory() -> SQLStore:
        where = ":memory:" if request.param == "memory" else tmp_path / f"s{next(counter)}.db"
        store = SQLiteStore(where)
        made.append(store)
        return store

    yield factory
    for store in made:
        store.close()


# -- what the table must hold --------------------------------------------------------


def table(store: SQLStore) -> dict[ContactId, TouchSummary]:
    """The ``summaries`` table, as summaries (checking ``latest_us`` on the way)."""
    out = {}
    for summary, latest in stored_summaries(store._run(STORED_QUERY)):
        assert latest == summary.last_touch
        out[summary.contact] = summary
    return out


def check_table(store: SQLStore) -> None:
    """The table holds the fold of all touches of exactly the contacts touched."""
    everyone = [c.id for c in store.contacts()]
    folded = summarize(store.interactions(), now=END, contacts=everyone)
    assert table(store) == {c: s for c, s in folded.items() if s.touches}


def nows_around(store: SQLStore) -> list[dt.datetime]:
    """Instants before, at, between and after the stored touches."""
    instants = sorted({epoch_us(i.at) for i in store.interactions()})
    if not instants:
        return [pendulum.datetime(2026, 1, 1, tz="UTC")]
    out = {instants[0] - 10**9, instants[-1] + 10**9}
    for at in instants:
        out.update((at - 1, at, at + 1))
    return [rs.instant_at(at, "UTC") for at in sorted(out)]


def check_reads(store: SQLStore, sieves: list[dict[str, int]]) -> None:
    """touch_summaries and touch_summaries_since equal the reference fold at every
    instant around the touches."""
    everyone = [c.id for c in store.contacts()]
    interactions = store.interactions()
    for now in nows_around(store):
        expected = summarize(interactions, now=now, contacts=everyone)
        assert dict(store.touch_summaries(now=now)) == dict(expected)
        some = [*everyone[::2], ContactId("nobody")]
        chosen = dict(store.touch_summaries(now=now, contacts=some))
        assert chosen == {c: expected.get(c, TouchSummary(contact=c)) for c in some}
        for sieve in sieves:
            found = dict(store.touch_summaries_since(now=now, since=sieve))
            assert found == {c: s for c, s in expected.items() if passes(s, sieve)}


# -- random histories ----------------------------------------------------------------


@st.composite
def sieves(draw: st.DrawFn, instants: list[int]) -> dict[str, int]:
    """Bounds on some instant fields, near the instants drawn (or anywhere)."""
    near = st.sampled_from(instants).flatmap(
        lambda at: st.sampled_from([at - 1, at, at + 1])
    ) | st.integers(-(2**63), 2**63 - 1)
    picked: dict[str, int] = draw(
        st.dictionaries(st.sampled_from(INSTANT_FIELDS), near, max_size=4)
    )
    return picked


@st.composite
def operations(draw: st.DrawFn) -> tuple[list[pendulum.DateTime], list[tuple[Any, ...]]]:
    """A few instants (ties are common) and a sequence of writes using them."""
    instants = draw(st.lists(rs.instants(), min_size=1, max_size=4))
    at = st.sampled_from(instants)
    serial = itertools.count()

    def interaction(people: list[str]) -> Interaction:
        # Ids in random order relative to instants, so ties break both ways.
        key = f"{draw(st.sampled_from('xyz'))}{next(serial):03d}"
        made: Interaction = draw(rs.interactions(people, at=at, ids=st.just(key)))
        return made

    ops: list[tuple[Any, ...]] = []
    people = list(PEOPLE)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["add", "add", "add", "remove", "forget", "bulk", "abort"]))
        if kind == "add":
            ops.append(("add", interaction(people)))
        elif kind == "remove":
            ops.append(("remove", draw(st.integers(0, 50))))
        elif kind == "forget":
            ops.append(("forget", draw(st.sampled_from(people))))
        elif kind == "bulk":
            fresh = [f"new{next(serial)}" for _ in range(draw(st.integers(0, 2)))]
            pool = people + fresh
            count = draw(st.integers(0, 4))
            ops.append(("bulk", fresh, [interaction(pool) for _ in range(count)]))
            people = pool
        else:
            inner = draw(st.sampled_from(["add", "remove", "forget", "bulk"]))
            if inner == "add":
                ops.append(("abort", ("add", interaction(people))))
            elif inner == "remove":
                ops.append(("abort", ("remove", draw(st.integers(0, 50)))))
            elif inner == "forget":
                ops.append(("abort", ("forget", draw(st.sampled_from(people)))))
            else:
                ops.append(("abort", ("bulk", [], [interaction(people)])))
    return instants, ops


def apply(store: SQLStore, op: tuple[Any, ...]) -> None:
    """Run one write (skipping what no longer applies: a forgotten contact, say)."""
    known = {c.id for c in store.contacts()}
    kind = op[0]
    if kind == "add":
        interaction: Interaction = op[1]
        if set(interaction.contacts) <= known:
            store.add_interaction(interaction)
    elif kind == "remove":
        stored = store.interactions()
        if stored:
            store.remove_interaction(stored[op[1] % len(stored)].id)
    elif kind == "forget":
        if op[1] in known:
            store.forget(op[1])
    elif kind == "bulk":
        fresh = [Contact(name.title(), id=name) for name in op[1]]
        usable = known | set(op[1])
        store.add_records(
            contacts=fresh, interactions=[i for i in op[2] if set(i.contacts) <= usable]
        )
    else:
        before = store._run("SELECT * FROM summaries ORDER BY contact_id")
        with pytest.raises(AbortError), store.transaction():
            apply(store, op[1])
            raise AbortError
        assert store._run("SELECT * FROM summaries ORDER BY contact_id") == before


@SLOW
@given(plan=operations(), data=st.data())
def test_summaries_stay_exact_under_random_writes(
    summary_store: Factory, plan: tuple[list[pendulum.DateTime], list[Any]], data: st.DataObject
) -> None:
    """After adds in and out of time order, removals, forgetting, bulk adds and
    rolled-back transactions, the table holds the fold of every contact's touches and
    both reads equal the reference fold, before, at, between and after the touches."""
    instants, ops = plan
    bounds = [epoch_us(at) for at in instants]
    with closing(summary_store()) as store:
        for name in PEOPLE:
            store.add_contact(Contact(name.title(), id=name))
        for op in ops:
            apply(store, op)
            check_table(store)
        check_reads(store, [data.draw(sieves(bounds)) for _ in range(3)])


@SLOW
@given(net=rs.networks(max_interactions=16, extras=False), data=st.data())
def test_bulk_then_one_by_one_agree_with_the_reference(
    summary_store: Factory, net: rs.Network, data: st.DataObject
) -> None:
    """A network added in bulk, then more of it one by one, in random order."""
    split = data.draw(st.integers(0, len(net.interactions)))
    rest = data.draw(st.permutations(net.interactions[split:]))
    with closing(summary_store()) as store:
        store.add_records(
            contacts=net.contacts, interactions=data.draw(st.permutations(net.interactions[:split]))
        )
        check_table(store)
        for interaction in rest:
            store.add_interaction(interaction)
        check_table(store)
        bounds = [epoch_us(i.at) for i in net.interactions] or [0]
        check_reads(store, [data.draw(sieves(bounds)) for _ in range(2)])


def test_a_fold_forward_keeps_the_order_of_ties(summary_store: Factory) -> None:
    """An ask and a reply at one instant: added later or earlier, in either id order."""
    at = pendulum.datetime(2026, 3, 1, 9, tz="UTC")
    with closing(summary_store()) as store:
        store.add_contact(Contact("Ada", id="ada"))
        ask = {"direction": "outbound", "expects_reply": True}
        store.add_interaction(Interaction(["ada"], at, "email", id="m", **ask))
        store.add_interaction(Interaction(["ada"], at, "call", id="b"))  # sorts first
        store.add_interaction(Interaction(["ada"], at, "email", id="z", **ask))
        store.add_interaction(Interaction(["ada"], at.add(days=1), "email", id="a", **ask))
        store.add_interaction(Interaction(["ada"], at.subtract(days=1), "note", id="n"))
        check_table(store)
        check_reads(store, [{"last_ask": epoch_us(at)}, {"pending_reply": 0}])


# -- the sieve -------------------------------------------------------------------------


def test_the_sieve_reads_only_what_passes(summary_store: Factory) -> None:
    """Contacts with a reply owed or a first meeting since the bounds, and those with a
    planned touch whose summary as of now passes."""
    base = pendulum.datetime(2026, 3, 1, 9, tz="UTC")
    with closing(summary_store()) as store:
        for name in PEOPLE:
            store.add_contact(Contact(name.title(), id=name))
        store.add_interaction(
            Interaction(["ada"], base, "email", direction="inbound", expects_reply=True, id="i1")
        )
        store.add_interaction(Interaction(["bob"], base.subtract(days=30), "meeting", id="i2"))
        store.add_interaction(Interaction(["cy"], base, "call", id="i3"))
        store.add_interaction(Interaction(["cy"], base.add(days=5), "call", id="i4"))
        now = base.add(days=1)
        since = {
            "pending_reply": epoch_us(base.subtract(days=7)),
            "first_meeting": epoch_us(base.subtract(days=7)),
        }
        assert isinstance(store, SummarySieve)
        found = store.touch_summaries_since(now=now, since=since)
        assert set(found) == {"ada", "cy"}
        assert found[ContactId("cy")].next_planned == epoch_us(base.add(days=5))
        assert store.touch_summaries_since(now=now, since={}) == {}
        planned = store.touch_summaries_since(now=now, since={"next_planned": 0})
        assert set(planned) == {"cy"}


@pytest.mark.parametrize(
    ("since", "field"),
    [
        ({"name": 1}, "since"),
        ({"next_due": 1}, "since"),
        ({"pending_reply": 1.5}, "since['pending_reply']"),
        ({"pending_reply": "1"}, "since['pending_reply']"),
        ({"pending_reply": True}, "since['pending_reply']"),
        ({"first_meeting": 2**63}, "since['first_meeting']"),
        ([("pending_reply", 1)], "since"),
    ],
)
def test_a_bad_sieve_is_refused(make_store: Factory, since: Any, field: str) -> None:
    with closing(make_store()) as store:
        now = pendulum.datetime(2026, 1, 1, tz="UTC")
        with pytest.raises(ValidationError) as refused:
            store.touch_summaries_since(now=now, since=since)
        assert refused.value.field == field
        assert refused.value.field.startswith("since")


def test_the_sieve_needs_an_aware_now(make_store: Factory) -> None:
    with closing(make_store()) as store, pytest.raises(ValidationError) as refused:
        store.touch_summaries_since(now=dt.datetime(2026, 1, 1), since={"last_touch": 0})
    assert refused.value.field == "now"


# -- migration ------------------------------------------------------------------------


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=rs.networks(max_interactions=12, extras=False))
def test_a_version_2_sqlite_file_gains_its_summaries(
    tmp_path_factory: pytest.TempPathFactory, net: rs.Network
) -> None:
    """A version-2 file with interactions opens at the latest version with every
    summary."""
    path = tmp_path_factory.mktemp("v2") / "v2.db"
    write_old_sqlite(path, 2, contacts=net.contacts, interactions=net.interactions)
    with SQLiteStore(path) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        check_table(store)
        check_reads(store, [{"pending_reply": 0, "first_meeting": -(2**63)}])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=rs.networks(max_interactions=12, extras=False))
def test_a_version_3_sqlite_file_learns_who_was_met_at_an_event(
    tmp_path_factory: pytest.TempPathFactory, net: rs.Network
) -> None:
    """A file written by version 3 (events unmarked, summaries without ``first_event``)
    opens at the latest version with every summary folded again, ``first_event`` included."""
    path = tmp_path_factory.mktemp("v3") / "v3.db"
    write_old_sqlite(path, 3, contacts=net.contacts, interactions=net.interactions)
    with SQLiteStore(path) as store:
        assert store._run("SELECT version FROM schema_version").first("version") == len(MIGRATIONS)
        check_table(store)
        check_reads(store, [{"pending_reply": 0, "first_meeting": -(2**63)}])


def test_a_version_3_file_marks_the_first_touch_at_an_event(tmp_path: Path) -> None:
    """The event that was a contact's first touch is its ``first_event`` after the
    migration; a contact first met otherwise has none."""
    ada = Contact(id=ContactId("ada"), name="Ada")
    bob = Contact(id=ContactId("bob"), name="Bob")
    meetup = pendulum.datetime(2026, 3, 5, 18, tz="Europe/Paris")
    history = [
        Interaction(participants=(ada.id, bob.id), at=meetup, channel="event"),
        Interaction(
            participants=(bob.id,),
            at=meetup.subtract(days=30),
            channel="email",
            direction="outbound",
        ),
    ]
    path = tmp_path / "v3.db"
    write_old_sqlite(path, 3, contacts=[ada, bob], interactions=history)
    with SQLiteStore(path) as store:
        found = dict(store.touch_summaries(now=meetup.add(days=1)))
    assert found[ada.id].first_event == epoch_us(meetup)
    assert found[bob.id].first_event is None


def test_a_version_2_postgres_schema_gains_its_summaries() -> None:
    """A version-2 schema with interactions opens at the latest version with every
    summary."""
    dsn = os.environ.get(DSN_VARIABLE)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {DSN_VARIABLE}")
    import psycopg

    from relnet.adapters.postgres import POSTGRES, PostgresStore

    net = network(
        30,
        200,
        seed=5,
        start=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
        end=pendulum.datetime(2025, 12, 1, tz="Europe/London"),
    )
    schema = f"relnet_v2_{secrets.token_hex(6)}"
    name = psycopg.sql.Identifier(schema)
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            with conn.transaction():
                conn.execute(psycopg.sql.SQL("CREATE SCHEMA {}").format(name))
                conn.execute(psycopg.sql.SQL("SET search_path TO {}").format(name))
                conn.execute(sql_schema.migration_script(POSTGRES, sql_schema.VERSION_TABLE))
                conn.execute("INSERT INTO schema_version (version) VALUES (2)")
                for script in MIGRATIONS[:2]:
                    for statement in sql_schema.migration_statements(POSTGRES, script):
                        conn.execute(statement)
                with conn.cursor() as cursor:
                    for table_name, rows in old_rows(
                        communities=net.communities,
                        events=net.events,
                        contacts=net.contacts,
                        goals=net.goals,
                        interactions=net.interactions,
                    ):
                        cursor.executemany(sql_schema.insert_sql(POSTGRES, table_name), rows)
                    cursor.execute(UNMARK_EVENTS)
            with PostgresStore(dsn, schema=schema) as store:
                version = store._run("SELECT version FROM schema_version").first("version")
                assert version == len(MIGRATIONS)
                check_table(store)
                check_reads(store, [{"pending_reply": 0, "open_intro": 0}])
        finally:
            conn.execute(psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(name))


# -- contact facts for chosen ids -------------------------------------------------------


@SLOW
@given(net=rs.networks(max_contacts=8, max_interactions=0), data=st.data())
def test_facts_of_chosen_contacts(
    make_store: Factory, net: rs.Network, data: st.DataObject
) -> None:
    """The facts of the reachable contacts among the ids, in id order; unknown ids and
    repeats are harmless."""
    ids = [c.id for c in net.contacts]
    unknown = [ContactId("nobody"), ContactId("zz")]
    chosen = data.draw(st.lists(st.sampled_from([*ids, *unknown]), max_size=12))
    with closing(make_store()) as store:
        net.add_to(store)
        expected = [
            ContactFacts.of(c) for c in store.contacts() if c.reachable and c.id in set(chosen)
        ]
        assert list(store.contact_facts(contacts=chosen)) == expected
        assert list(store.contact_facts(contacts=iter(chosen))) == expected
        assert list(store.contact_facts(contacts=None)) == list(store.contact_facts())


def test_facts_of_more_ids_than_one_query_takes(make_store: Factory) -> None:
    people = [Contact(f"P {n}", id=f"p{n:05d}") for n in range(0, 25_000, 7)]
    with closing(make_store()) as store:
        store.add_records(contacts=people)
        wanted = [ContactId(f"p{n:05d}") for n in range(25_000)][::-1]
        facts = store.contact_facts(contacts=wanted)
        assert [f.id for f in facts] == sorted(c.id for c in people)
