"""Concurrent writers on one PostgreSQL schema lose no summary update.

Each writer has a store (a connection) of its own, as documented for threads. The
summaries a store keeps must always equal a fold over the interactions it holds, however
the writers interleave.
"""

from __future__ import annotations

import os
import random
import secrets
import threading
from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("psycopg")

import pendulum
import psycopg

from relnet import (
    Channel,
    Circle,
    ConflictError,
    Contact,
    ContactId,
    Direction,
    Engine,
    InMemoryStore,
    Interaction,
    InteractionId,
    Settings,
)
from relnet.adapters.postgres import PostgresStore
from relnet.model import summarize

DSN_VARIABLE = "RELNET_TEST_POSTGRES_DSN"
NOW = pendulum.datetime(2026, 11, 25, 9, 30, tz="UTC")

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def open_store() -> Iterator[Callable[[], PostgresStore]]:
    """Stores on one fresh schema, each with a connection of its own."""
    dsn = os.environ.get(DSN_VARIABLE)
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {DSN_VARIABLE} is not")
        pytest.skip(f"PostgreSQL tests need {DSN_VARIABLE}")
    schema = f"relnet_writers_{secrets.token_hex(6)}"
    made: list[PostgresStore] = []

    def factory() -> PostgresStore:
        store = PostgresStore(dsn, schema=schema)
        made.append(store)
        return store

    yield factory
    for store in made:
        store.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                psycopg.sql.Identifier(schema)
            )
        )


LATER = NOW.add(years=1)


def in_memory(store: PostgresStore) -> InMemoryStore:
    """The same records in the reference engine's favourite store."""
    copy = InMemoryStore(settings=store.get_settings())
    for contact in store.contacts():
        copy.add_contact(contact)
    for interaction in store.interactions():
        copy.add_interaction(interaction)
    return copy


def agenda_of(
    store: PostgresStore | InMemoryStore, *, now: pendulum.DateTime = NOW
) -> list[tuple[str, str, str]]:
    """The day's agenda, as what a person would compare: who, why, and the text."""
    return [(i.contact, i.reason.value, i.text) for i in Engine().agenda(store, now=now)]


def stored_and_folded(store: PostgresStore, ids: list[ContactId]) -> tuple[object, object]:
    """The store's summaries, and what they must be: a fold over its interactions."""
    stored = dict(store.touch_summaries(now=LATER, contacts=ids))
    return stored, dict(summarize(store.interactions(), now=LATER, contacts=ids))


def test_a_held_transaction_does_not_hide_an_inbound_mail(
    open_store: Callable[[], PostgresStore],
) -> None:
    ada = open_store().add_contact(Contact("Ada Lovelace"))
    inbound = Interaction(
        [ada.id], NOW.subtract(days=2), Channel.EMAIL, direction=Direction.INBOUND
    )
    older = Interaction([ada.id], NOW.subtract(days=5), Channel.EMAIL, direction=Direction.OUTBOUND)
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        first = open_store()  # a store per thread, as documented
        with first.transaction():
            first.add_interaction(inbound)
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(10)
    writer = threading.Thread(target=lambda: open_store().add_interaction(older))
    writer.start()
    writer.join(0.5)  # the second writer waits for the first, or races it
    release.set()
    holder.join(10)
    writer.join(10)
    assert not holder.is_alive()
    assert not writer.is_alive()

    memory = InMemoryStore(settings=Settings(timezone="UTC"))
    memory.add_contact(ada)
    memory.add_interaction(inbound)
    memory.add_interaction(older)
    reference = [(item.contact, item.reason) for item in Engine().agenda(memory, now=NOW)]
    third = open_store()
    stored = [(item.contact, item.reason) for item in Engine().agenda(third, now=NOW)]
    assert reference
    assert reference[0][1].value == "reply_owed"
    assert stored == reference
    stored_summaries, reference_summaries = stored_and_folded(third, [ada.id])
    assert stored_summaries == reference_summaries


@pytest.mark.parametrize("seed", [1, 2])
def test_many_writers_on_hot_contacts_keep_summaries_exact(
    open_store: Callable[[], PostgresStore], seed: int
) -> None:
    setup = open_store()
    ids = [setup.add_contact(Contact(f"Person {n}", circle=Circle.INNER)).id for n in range(3)]
    errors: list[BaseException] = []
    kept: list[InteractionId] = []
    writers, per_writer = 6, 25

    def write(index: int) -> None:
        rng = random.Random(seed * 100 + index)
        store = open_store()
        written: list[InteractionId] = []
        try:
            for _ in range(per_writer):
                people = rng.sample(ids, rng.choice([1, 1, 2]))
                channel = rng.choice([Channel.EMAIL, Channel.MEETING, Channel.CALL])
                direction = (
                    rng.choice([Direction.INBOUND, Direction.OUTBOUND])
                    if channel is Channel.EMAIL
                    else Direction.MUTUAL
                )
                interaction = Interaction(
                    people,
                    NOW.subtract(minutes=rng.randrange(60 * 24 * 90)),
                    channel,
                    direction=direction,
                )
                store.add_interaction(interaction)
                written.append(interaction.id)
                if rng.random() < 0.2:  # a mistaken log, taken back
                    store.remove_interaction(written.pop(rng.randrange(len(written))))
            kept.extend(written)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    check = open_store()
    assert sorted(i.id for i in check.interactions()) == sorted(kept)
    stored_summaries, reference_summaries = stored_and_folded(check, ids)
    assert stored_summaries == reference_summaries
    month_later = NOW.add(days=30)  # every weekly catch-up is due by then
    expected = agenda_of(in_memory(check), now=month_later)
    assert len(expected) == len(ids)
    assert agenda_of(check, now=month_later) == expected


def test_stores_opening_one_new_schema_at_once_all_open() -> None:
    dsn = os.environ.get(DSN_VARIABLE)
    if not dsn:
        pytest.skip(f"PostgreSQL tests need {DSN_VARIABLE}")
    errors: list[BaseException] = []
    schemas = [f"relnet_race_{secrets.token_hex(6)}" for _ in range(12)]

    def open_one(schema: str, start: threading.Barrier) -> None:
        start.wait(10)
        try:
            PostgresStore(dsn, schema=schema).close()
        except BaseException as error:
            errors.append(error)

    try:
        for schema in schemas:  # the race is narrow: many rounds of many openers
            start = threading.Barrier(8)
            threads = [threading.Thread(target=open_one, args=(schema, start)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        assert errors == []
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(
                    psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        psycopg.sql.Identifier(schema)
                    )
                )


def test_crossed_transactions_end_in_a_retryable_conflict_and_lose_nothing(
    open_store: Callable[[], PostgresStore],
) -> None:
    """Two callers' transactions that touch the same two contacts in opposite orders
    deadlock; the server breaks the tie, and the loser hears a retryable ConflictError
    (the store cannot replay the caller's block itself)."""
    setup = open_store()
    first_id = setup.add_contact(Contact("Ada Lovelace")).id
    second_id = setup.add_contact(Contact("Bo Chen")).id
    both_wrote_once = threading.Barrier(2)
    outcomes: dict[str, BaseException | None] = {}

    def write(name: str, order: list[str]) -> None:
        store = open_store()
        try:
            with store.transaction():
                for number, person in enumerate(order):
                    store.add_interaction(
                        Interaction([person], NOW.subtract(days=1 + number), Channel.CALL)
                    )
                    if number == 0:
                        both_wrote_once.wait(10)
            outcomes[name] = None
        except BaseException as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=write, args=("a", [first_id, second_id])),
        threading.Thread(target=write, args=("b", [second_id, first_id])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    errors = [error for error in outcomes.values() if error is not None]
    assert len(outcomes) == 2
    assert len(errors) == 1
    assert isinstance(errors[0], ConflictError)
    assert errors[0].retryable
    check = open_store()
    assert len(check.interactions()) == 2  # the winner's two; none of the loser's
    stored_summaries, reference_summaries = stored_and_folded(check, [first_id, second_id])
    assert stored_summaries == reference_summaries
