"""Touch summaries a store computes itself agree with the reference fold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    ContactId,
    Direction,
    Interaction,
    TouchSummary,
    Value,
    epoch_us,
    summarize,
)
from relnet.storage import Store, SummarySieve, SummarySource
from relnet.storage.sieve import INSTANT_FIELDS, passes
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    ADA,
    BOB,
    CY,
    TRAP,
    ContractBase,
    StoreFactory,
    abort,
    add_forget_scene,
    instant,
    people,
)


def _loaded_and_folded(
    store: Store, network: rs.Network, nows: list[pendulum.DateTime]
) -> Iterator[tuple[pendulum.DateTime, Mapping[ContactId, TouchSummary]]]:
    """Write ``network`` into ``store``; then each of ``nows`` with the reference fold."""
    network.add_to(store)
    everyone = [c.id for c in network.contacts]
    for now in nows:
        yield now, summarize(network.interactions, now=now, contacts=everyone)


class SummaryContract(ContractBase):
    """Native touch summaries and sieves (skipped for stores that have neither)."""

    # -- touch summaries ------------------------------------------------------------

    def test_touch_summaries_match_summarize(self, store_factory: StoreFactory) -> None:
        """Native summaries equal the reference fold, for random histories and ``now``."""
        with self.fresh(store_factory) as probe:
            self._summaries_or_skip(probe)

        @self.hypothesis_settings()
        @given(network=rs.networks(max_interactions=16, extras=False), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            instants = [i.at for i in network.interactions]
            nows = [data.draw(rs.instants())]
            if instants:
                picked = data.draw(st.sampled_from(instants))
                nows += [picked, picked - dt.timedelta(microseconds=1), max(instants)]
            everyone = [c.id for c in network.contacts]
            with self.fresh(store_factory) as store:
                assert isinstance(store, SummarySource)
                for now, expected in _loaded_and_folded(store, network, nows):
                    assert dict(store.touch_summaries(now=now)) == dict(expected)
                    some = data.draw(st.lists(st.sampled_from(everyone), unique=True))
                    chosen = store.touch_summaries(now=now, contacts=some)
                    assert dict(chosen) == {c: expected[c] for c in some}

        check()

    def test_touch_summaries_break_ties_by_interaction_id(self, store: Any) -> None:
        """An ask and a reply at the same instant fold in interaction id order."""
        source = self._summaries_or_skip(store)
        people(store, "ada", "bob")
        at = instant("2026-03-01T09:00:00+00:00[UTC]")
        same_instant = instant("2026-03-01T10:00:00+01:00[Europe/Paris]")
        ask = {"direction": Direction.OUTBOUND, "expects_reply": True}
        # Ada's ask ("a") folds before the meeting ("b") that answers it; Bob's after.
        store.add_interaction(Interaction(["ada"], at, Channel.MEETING, id="b"))
        store.add_interaction(Interaction(["ada"], same_instant, Channel.EMAIL, id="a", **ask))
        store.add_interaction(Interaction(["bob"], at, Channel.MEETING, id="a0"))
        store.add_interaction(Interaction(["bob"], same_instant, Channel.EMAIL, id="b0", **ask))
        now = instant("2026-03-02T00:00:00+00:00[UTC]")
        expected = summarize(store.interactions(), now=now, contacts=[ADA, BOB])
        assert dict(source.touch_summaries(now=now)) == dict(expected)
        assert expected[ADA].last_ask is not None
        assert expected[BOB].last_ask is None

    def test_touch_summaries_for_chosen_contacts(self, store: Any) -> None:
        """``contacts=`` limits the result; a contact never touched gets an empty summary."""
        source = self._summaries_or_skip(store)
        people(store, "ada", "bob", "cy")
        store.add_interaction(
            Interaction(
                ["ada"], instant(TRAP[0][1]), "email", direction="inbound", gave=[Value.ADVICE]
            )
        )
        now = instant("2030-01-01T00:00:00+00:00[UTC]")
        summaries = source.touch_summaries(now=now, contacts=[ADA, CY])
        assert set(summaries) == {ADA, CY}
        assert summaries[ADA].touches == 1
        assert summaries[CY] == summarize([], now=now, contacts=[CY])[CY]
        assert set(source.touch_summaries(now=now)) == {"ada", "bob", "cy"}

    def test_touch_summaries_follow_writes(self, store: Any) -> None:
        """Summaries reflect removals, forgetting and rolled-back transactions."""
        source = self._summaries_or_skip(store)
        add_forget_scene(store)
        now = instant("2026-03-03T09:00:00+00:00[UTC]")

        def expected() -> dict[ContactId, Any]:
            everyone = [c.id for c in store.contacts()]
            return dict(summarize(store.interactions(), now=now, contacts=everyone))

        assert dict(source.touch_summaries(now=now)) == expected()
        store.remove_interaction("solo")
        assert dict(source.touch_summaries(now=now)) == expected()
        abort(store, lambda: store.remove_interaction("group"))
        assert dict(source.touch_summaries(now=now)) == expected()
        store.forget("ada")
        assert dict(source.touch_summaries(now=now)) == expected()

    def test_touch_summaries_since_match_passes(self, store_factory: StoreFactory) -> None:
        """The summaries a sieve lets through are exactly the reference fold's summaries
        that :func:`~relnet.storage.sieve.passes` it, for random histories, ``now`` and
        bounds near the touches."""
        with self.fresh(store_factory) as probe:
            self._sieve_or_skip(probe)

        @self.hypothesis_settings()
        @given(network=rs.networks(max_interactions=16, extras=False), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            instants = [epoch_us(i.at) for i in network.interactions]
            bound = st.integers(-(2**63), 2**63 - 1)
            nows = [data.draw(rs.instants())]
            if instants:
                bound |= st.sampled_from(instants).flatmap(
                    lambda at: st.sampled_from([at - 1, at, at + 1])
                )
                picked = data.draw(st.sampled_from(network.interactions)).at
                nows += [picked, picked - dt.timedelta(microseconds=1)]
            sieves = st.dictionaries(st.sampled_from(INSTANT_FIELDS), bound, max_size=4)
            with self.fresh(store_factory) as store:
                assert isinstance(store, SummarySieve)
                for now, expected in _loaded_and_folded(store, network, nows):
                    for _ in range(2):
                        sieve = data.draw(sieves)
                        found = store.touch_summaries_since(now=now, since=sieve)
                        assert dict(found) == {
                            c: s for c, s in expected.items() if passes(s, sieve)
                        }

        check()

    def test_touch_summaries_since_refuse_a_bad_sieve(self, store: Any) -> None:
        """An unknown field or a bound that is not a 64-bit whole number raises
        ValidationError naming ``since``."""
        sieve = self._sieve_or_skip(store)
        now = instant("2026-03-03T09:00:00+00:00[UTC]")
        bad: Any
        for bad in (
            {"name": 1},
            {"pending_reply": 1.5},
            {"pending_reply": "1"},
            {"pending_reply": True},
            {"first_meeting": 2**63},
            ["pending_reply"],
        ):
            with pytest.raises(ValidationError) as refused:
                sieve.touch_summaries_since(now=now, since=bad)
            assert refused.value.field.startswith("since"), bad
