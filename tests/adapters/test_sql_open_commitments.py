"""The SQL stores' open commitments of chosen contacts
(:class:`~relnet.storage.OpenCommitments`), and the agendas built with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import closing

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Engine
from relnet.errors import ValidationError
from relnet.model import Commitment, ContactId, Party
from relnet.storage import OpenCommitments, Store
from tests.adapters.sql_stores import SLOW, Factory, loaded, make_store
from tests.policy.test_engine_properties import Network
from tests.policy.test_engine_properties import networks as engine_networks

__all__ = ["make_store"]  # the fixture, run on each SQL engine

#: Texts a commitment's ``what`` may hold: among them the very text of a document's
#: field saying it is owed by them, and a NUL.
_WHATS = ['"owed_by":"them"', "owed_by them", "plain", "a \x00 b", '{"owed_by": "me"}']


def _plain(
    listed: Iterable[Commitment], chosen: Iterable[ContactId], by: dt.date | None
) -> list[Commitment]:
    """The plain path: of ``commitments(open_only=True)``, in its order, those of the
    chosen contacts and of every contact owing a promise due by ``by``."""
    listed = list(listed)
    keep = set(chosen)
    if by is not None:
        keep |= {c.contact for c in listed if c.owed_by is Party.ME and c.due <= by}
    return [c for c in listed if c.contact in keep]


@st.composite
def _networks(draw: st.DrawFn) -> Network:
    """A network with every rule in play, and more commitments: open and done, owed
    both ways, whose texts may look like a document's fields."""
    net = draw(engine_networks())
    ids = [c.id for c in net.contacts]
    today = pendulum.instance(net.now).date()
    for n in range(draw(st.integers(0, 6))):
        done = draw(st.none() | st.just(today.add(days=draw(st.integers(-20, 0)))))
        net.commitments.append(
            Commitment(
                draw(st.sampled_from(ids)),
                draw(st.sampled_from(_WHATS)),
                today.add(days=draw(st.integers(-30, 30))),
                owed_by=draw(st.sampled_from(list(Party))),
                done_on=done,
                id=f"x{n}",
            )
        )
    return net


def _days(net: Network) -> Sequence[dt.date | None]:
    """None, and the days around each commitment's due date."""
    days: set[dt.date] = set()
    for commitment in net.commitments:
        days |= {commitment.due.add(days=shift) for shift in (-1, 0, 1)}
    return [None, *sorted(days)]


@SLOW
@given(_networks(), st.data())
def test_open_commitments_of_are_those_the_listing_gives(
    make_store: Factory, net: Network, data: st.DataObject
) -> None:
    """The oracle: for chosen contacts (none, some, every one, unknown ids) and days
    (none, each due date and the days beside it), ``open_commitments_of`` gives what
    ``commitments(open_only=True)`` lists for them, in its order."""
    with closing(loaded(make_store, net)) as store:
        assert isinstance(store, OpenCommitments)
        listed = store.commitments(open_only=True)
        people = [c.id for c in net.contacts]
        some = data.draw(st.lists(st.sampled_from(people), unique=True))
        for chosen in ([], some, people, [ContactId("nobody"), *some[:1]]):
            for by in _days(net):
                found = store.open_commitments_of(iter(chosen), promised_by=by)
                assert list(found) == _plain(listed, chosen, by)


@SLOW
@given(_networks())
def test_the_agendas_from_sql_are_those_in_memory(make_store: Factory, net: Network) -> None:
    """With the woken contacts' commitments read alone: the agenda (the day's, and with
    room for everyone, which fills) and the counted agenda from a SQL store equal the
    in-memory store's (which lists every open commitment)."""
    memory = net.store()
    assert not isinstance(memory, OpenCommitments)
    with closing(loaded(make_store, net)) as store:
        engine = Engine()
        now = net.now
        for capacity in (None, 0, 1, 100):
            assert (
                engine.agenda(store, now=now, capacity=capacity).items
                == engine.agenda(memory, now=now, capacity=capacity).items
            )
            counted, more = engine.counted_agenda(store, now=now, capacity=capacity)
            expected, expected_more = engine.counted_agenda(memory, now=now, capacity=capacity)
            assert (counted.items, more) == (expected.items, expected_more)


def test_open_commitments_of_refuse_a_day_that_is_not_a_date(make_store: Factory) -> None:
    store: Store = make_store()
    assert isinstance(store, OpenCommitments)
    assert list(store.open_commitments_of([])) == []
    assert list(store.open_commitments_of([], promised_by=dt.date(2026, 1, 1))) == []
    for wrong in ("2026-01-01", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        with pytest.raises(ValidationError, match="promised_by"):
            store.open_commitments_of([], promised_by=wrong)  # type: ignore[arg-type]
