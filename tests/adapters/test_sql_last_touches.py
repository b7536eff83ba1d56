"""The SQL stores' last touches (``last_touches``, what ``relnet contacts`` shows): the
``last_touch`` of every summary, read alone."""

from __future__ import annotations

import datetime as dt
from contextlib import closing

from hypothesis import given

from relnet.adapters.sql import SQLStore
from relnet.testing import strategies
from relnet.testing.strategies import Network
from tests.adapters.sql_stores import SLOW, Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine


@SLOW
@given(strategies.networks(max_contacts=6, max_interactions=12))
def test_last_touches_are_those_of_the_summaries(make_store: Factory, net: Network) -> None:
    """The oracle: at every instant around every interaction (before, at, after), for
    every contact and for a few of them, the last touch of each summary."""
    with closing(make_store()) as store:
        assert isinstance(store, SQLStore)
        net.add_to(store)
        ids = [c.id for c in store.contacts()]
        chosen = ids[::2]
        instants: set[dt.datetime] = {i.at for i in store.interactions()} or {net_now()}
        for at in sorted(instants):
            for now in (at - dt.timedelta(microseconds=1), at, at + dt.timedelta(seconds=1)):
                summaries = store.touch_summaries(now=now)
                expected = {
                    c: s.last_touch for c, s in summaries.items() if s.last_touch is not None
                }
                assert store.last_touches(now=now) == expected
                assert store.last_touches(now=now, contacts=chosen) == {
                    c: last for c, last in expected.items() if c in chosen
                }
                assert store.last_touches(now=now, contacts=[]) == {}


def net_now() -> dt.datetime:
    return dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
