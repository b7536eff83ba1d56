"""Listings come in instant or id order, whatever the zones, and filter exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Community,
    Contact,
    ContactStatus,
    Event,
    Goal,
    Interaction,
    Party,
)
from relnet.serialization import format_instant
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    TRAP,
    TRAP_ORDER,
    ContractBase,
    StoreFactory,
    add_trap,
    ids_of,
    instant,
    introduction,
    people,
    reference_of,
)
from relnet.testing.snapshots import snapshot


class QueryContract(ContractBase):
    """Ordering of every listing and its filters (``contact``, ``since``, ``until``, ``tag``...)."""

    # -- ordering and queries -------------------------------------------------------

    def test_interactions_in_instant_order_across_zones(self, store: Any) -> None:
        """Interactions come by instant, whatever zone and precision they were written in."""
        add_trap(store)
        assert ids_of(store.interactions()) == list(TRAP_ORDER)
        assert ids_of(store.interactions(contact="ada")) == list(TRAP_ORDER)
        for stored in store.interactions():
            text = dict(TRAP)[stored.id]
            assert format_instant(stored.at) == text

    def test_same_instant_interactions_ordered_by_id(self, store: Any) -> None:
        """Interactions at one instant, written in different zones, come by id."""
        people(store, "ada")
        one_instant = ["2026-03-01T10:00:00+01:00[Europe/Paris]", "2026-03-01T04:00:00-05:00"]
        ids = ["b", "a", "B", "é", "😀", "ab"]
        for interaction_id, text in zip(ids, one_instant * 3, strict=True):
            store.add_interaction(
                Interaction(["ada"], instant(text), Channel.CALL, id=interaction_id)
            )
        assert ids_of(store.interactions()) == sorted(ids)

    def test_since_and_until(self, store: Any) -> None:
        """``since`` is inclusive, ``until`` exclusive, both compared as instants."""
        add_trap(store)
        since = instant("2026-03-01T10:15:00+01:00[Europe/Paris]")  # 09:15:00Z exactly
        until = instant("2026-03-01T05:00:00-05:00[America/New_York]")  # 10:00:00Z exactly
        assert ids_of(store.interactions(since=since)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
            "u-pago",
        ]
        assert ids_of(store.interactions(until=until)) == list(TRAP_ORDER[:-1])
        assert ids_of(store.interactions(since=since, until=until)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert ids_of(store.interactions(contact="ada", since=since, until=until)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert list(store.interactions(since=until, until=since)) == []
        one_micro = dt.timedelta(microseconds=1)
        assert ids_of(store.interactions(since=since + one_micro, until=until - one_micro)) == [
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert ids_of(store.interactions(since=dt.datetime(2026, 3, 1, 9, 15, tzinfo=dt.UTC))) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
            "u-pago",
        ]

    def test_naive_bounds_are_refused(self, store: Any) -> None:
        """A naive ``since`` or ``until`` raises ValidationError naming it."""
        naive = dt.datetime(2026, 3, 1, 9, 0)
        with pytest.raises(ValidationError) as caught:
            store.interactions(since=naive)
        assert caught.value.field == "since"
        with pytest.raises(ValidationError) as caught:
            store.interactions(until=naive)
        assert caught.value.field == "until"

    def test_contact_filter_covers_participants_and_introducers(self, store: Any) -> None:
        """``interactions(contact=)`` keeps those naming the contact either way."""
        people(store, "ada", "bob", "cy", "dee")
        day = "2026-03-0{}T09:00:00+00:00[UTC]"
        store.add_interaction(
            Interaction(["ada", "bob"], instant(day.format(1)), "meeting", id="m")
        )
        store.add_interaction(introduction("ada", instant(day.format(2)), by="cy", key="intro"))
        store.add_interaction(
            Interaction(["bob"], instant(day.format(3)), "email", direction="inbound", id="mail")
        )
        assert ids_of(store.interactions(contact="ada")) == ["m", "intro"]
        assert ids_of(store.interactions(contact="bob")) == ["m", "mail"]
        assert ids_of(store.interactions(contact="cy")) == ["intro"]
        assert ids_of(store.interactions(contact="dee")) == []
        assert ids_of(store.interactions(contact="nobody")) == []

    def test_contacts_by_id_in_code_point_order(self, store: Any) -> None:
        """Contacts come by id as Python sorts strings (code points, not bytes of UTF-16)."""
        names = ["b", "B", "a", "é", "e\u0301", "😀", "\uffef", "a b", "'quoted'", "10", "9"]
        for contact_id in names:
            store.add_contact(Contact("Someone", id=contact_id))
        assert ids_of(store.contacts()) == sorted(names)

    def test_contacts_by_tag_and_archived(self, store: Any) -> None:
        """``tag`` matches whole tags exactly; ``include_archived=False`` leaves out archived
        and do-not-contact people."""
        store.add_contact(Contact("A", id="a", tags={"vip", "python"}))
        store.add_contact(Contact("B", id="b", tags={"python"}))
        store.add_contact(Contact("C", id="c", tags={"VIP", "py%"}))
        store.add_contact(Contact("D", id="d", tags={"python"}, status=ContactStatus.ARCHIVED))
        store.add_contact(
            Contact("E", id="e", tags={"python"}, status=ContactStatus.DO_NOT_CONTACT)
        )
        store.add_contact(Contact("F", id="f"))
        assert ids_of(store.contacts(tag="python")) == ["a", "b", "d", "e"]
        assert ids_of(store.contacts(tag="python", include_archived=False)) == ["a", "b"]
        assert ids_of(store.contacts(include_archived=False)) == ["a", "b", "c", "f"]
        assert ids_of(store.contacts(tag="vip")) == ["a"]
        assert ids_of(store.contacts(tag="py%")) == ["c"]
        assert ids_of(store.contacts(tag="p_thon")) == []
        assert ids_of(store.contacts(tag="py")) == []
        assert ids_of(store.contacts(tag="nothing")) == []

    def test_commitments_order_and_filters(self, store: Any) -> None:
        """Commitments come by due date then id; ``contact`` and ``open_only`` filter."""
        people(store, "ada", "bob")
        day = pendulum.date
        store.add_commitment(Commitment("ada", "deck", day(2026, 5, 1), id="k3"))
        store.add_commitment(Commitment("bob", "intro", day(2026, 4, 1), id="k2"))
        store.add_commitment(
            Commitment("ada", "book", day(2026, 4, 1), owed_by=Party.THEM, id="k1")
        )
        store.add_commitment(
            Commitment("bob", "call", day(1999, 12, 31), done_on=day(2000, 1, 2), id="k0")
        )
        assert ids_of(store.commitments()) == ["k0", "k1", "k2", "k3"]
        assert ids_of(store.commitments(open_only=True)) == ["k1", "k2", "k3"]
        assert ids_of(store.commitments(contact="ada")) == ["k1", "k3"]
        assert ids_of(store.commitments(contact="bob", open_only=True)) == ["k2"]
        assert ids_of(store.commitments(contact="nobody")) == []

    def test_goals_order_and_filter(self, store: Any) -> None:
        """Goals come by id; ``contact`` keeps those linked to the contact."""
        people(store, "ada", "bob")
        store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g2"))
        store.add_goal(Goal("Mentor", contacts={"ada"}, id="G1"))
        store.add_goal(Goal("Learn", id="g1"))
        assert ids_of(store.goals()) == ["G1", "g1", "g2"]
        assert ids_of(store.goals(contact="ada")) == ["G1", "g2"]
        assert ids_of(store.goals(contact="bob")) == ["g2"]
        assert ids_of(store.goals(contact="nobody")) == []

    def test_events_and_communities_order(self, store: Any) -> None:
        """Events come by instant then id, communities by id."""
        store.add_community(Community("Zed", id="z"))
        store.add_community(Community("Alpha", id="a"))
        for event_id, text in TRAP:
            store.add_event(Event("Meetup", instant(text), community="a", id=event_id))
        store.add_event(Event("Tie", instant(TRAP[0][1]), id="a-tie"))
        assert ids_of(store.communities()) == ["a", "z"]
        expected = list(TRAP_ORDER)
        expected.insert(expected.index("z-paris"), "a-tie")
        assert ids_of(store.events()) == expected

    def test_filtered_listings_match_reference(self, store_factory: StoreFactory) -> None:
        """For random networks, every listing and filter agrees with the reference store."""

        @self.hypothesis_settings()
        @given(network=rs.networks(), bounds=st.lists(rs.instants(), min_size=2, max_size=2))
        def check(network: rs.Network, bounds: list[pendulum.DateTime]) -> None:
            reference = reference_of(network)
            with self.fresh(store_factory) as store:
                network.add_to(store)
                assert snapshot(store) == snapshot(reference)
                since, until = bounds
                for contact in [None, *(c.id for c in network.contacts)]:
                    for window in [(since, None), (None, until), (since, until)]:
                        got = store.interactions(contact=contact, since=window[0], until=window[1])
                        want = reference.interactions(
                            contact=contact, since=window[0], until=window[1]
                        )
                        assert ids_of(got) == ids_of(want)

        check()
