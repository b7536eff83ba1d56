"""The SQL stores' first meetings of a window (:class:`~relnet.storage.FirstMeetings`),
and the agenda, follow-ups and next items built with them."""

from __future__ import annotations

import datetime as dt
from contextlib import closing

import pytest
from hypothesis import given

from relnet import Engine
from relnet.errors import ValidationError
from relnet.model import Channel, ContactId, Interaction, epoch_us
from relnet.storage import FirstMeetings, Store
from tests.adapters.sql_stores import SLOW, Factory, loaded, make_store
from tests.policy.test_engine_properties import Network
from tests.policy.test_engine_properties import networks as engine_networks

__all__ = ["make_store"]  # the fixture, run on each SQL engine

_SEEING = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT})


def _plain(
    interactions: list[Interaction], contact: ContactId | None = None
) -> dict[ContactId, int]:
    """The plain path: the window's interactions read whole, each participant of a
    meeting, call, video or event (not an auto-reply) keeping the first."""
    found: dict[ContactId, int] = {}
    for interaction in interactions:
        if interaction.channel in _SEEING and not interaction.auto_reply:
            for person in interaction.participants:
                found.setdefault(person, epoch_us(interaction.at))
    if contact is not None:
        return {contact: found[contact]} if contact in found else {}
    return found


@SLOW
@given(engine_networks())
def test_first_meetings_are_those_of_the_window_s_interactions(
    make_store: Factory, net: Network
) -> None:
    """The oracle: for windows from now (and from each interaction's instant, at it and
    just after it) to a few days on, every contact's first meeting equals what the
    window's interactions give, for the whole network and for each contact alone."""
    with closing(loaded(make_store, net)) as store:
        assert isinstance(store, FirstMeetings)
        starts = {net.now + dt.timedelta(microseconds=1)}
        for interaction in net.interactions:
            starts |= {interaction.at, interaction.at + dt.timedelta(microseconds=1)}
        people = [c.id for c in net.contacts]
        for since in sorted(starts):
            for days in (0, 1, 15, 60):
                until = since + dt.timedelta(days=days, microseconds=1)
                window = list(store.interactions(since=since, until=until))
                assert store.first_meetings(since=since, until=until) == _plain(window)
                for person in people:
                    alone = store.first_meetings(since=since, until=until, contact=person)
                    assert alone == _plain(window, person)


@SLOW
@given(engine_networks())
def test_the_agenda_and_follow_ups_from_sql_are_those_in_memory(
    make_store: Factory, net: Network
) -> None:
    """With the meetings soon read by ``first_meetings``: the agenda (the day's and the
    one with room for everyone), the follow-ups and each contact's next item from a SQL
    store equal the in-memory store's (which reads the interactions of the window)."""
    memory = net.store()
    assert not isinstance(memory, FirstMeetings)
    with closing(loaded(make_store, net)) as store:
        engine = Engine()
        assert engine.agenda(store, now=net.now).items == engine.agenda(memory, now=net.now).items
        assert (
            engine.agenda(store, now=net.now, capacity=100).items
            == engine.agenda(memory, now=net.now, capacity=100).items
        )
        assert engine.follow_ups(store, now=net.now).items == (
            engine.follow_ups(memory, now=net.now).items
        )
        for contact in net.contacts:
            assert engine.next_follow_up(store, contact.id, now=net.now) == (
                engine.next_follow_up(memory, contact.id, now=net.now)
            )


def test_first_meetings_refuse_a_naive_or_missing_bound(make_store: Factory) -> None:
    store: Store = make_store()
    assert isinstance(store, FirstMeetings)
    aware = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ValidationError, match="since"):
        store.first_meetings(since=dt.datetime(2026, 1, 1), until=aware)
    with pytest.raises(ValidationError, match="until"):
        store.first_meetings(since=aware, until=None)  # type: ignore[arg-type]
