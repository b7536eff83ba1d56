"""Records read back as written, and updates replace them."""

from __future__ import annotations

import functools
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from relnet.errors import NotFoundError
from relnet.model import (
    Channel,
    Commitment,
    Contact,
    Event,
    EventId,
    Goal,
    Interaction,
    InteractionId,
    Profile,
    Settings,
)
from relnet.serialization import format_instant
from relnet.storage import Store
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    ADA,
    TRAP,
    ContractBase,
    StoreFactory,
    add_trap,
    ids_of,
    people,
    raises_conflict,
    reference_of,
    same,
)
from relnet.testing.snapshots import snapshot

#: Record kinds in an order a store accepts them in (references first): the field of
#: :class:`~relnet.testing.strategies.Network`, and the kind in ``add_<kind>`` and
#: ``get_<kind>``.
RECORD_KINDS = (
    ("communities", "community"),
    ("events", "event"),
    ("contacts", "contact"),
    ("goals", "goal"),
    ("interactions", "interaction"),
    ("commitments", "commitment"),
)


class RecordContract(ContractBase):
    """Round trips of every record, the owner's settings and profile; updates and removals."""

    # -- the protocol and a new store -------------------------------------------------

    def test_is_a_store(self, store: Any) -> None:
        """The store has every method of the protocol."""
        assert isinstance(store, Store)

    def test_new_store_is_empty(self, store: Any) -> None:
        """A new store holds nothing, UTC settings and an empty profile."""
        assert store.get_settings() == Settings(timezone="UTC")
        assert store.get_profile() == Profile()
        assert list(store.contacts()) == []
        assert list(store.interactions()) == []
        assert list(store.commitments()) == []
        assert list(store.goals()) == []
        assert list(store.communities()) == []
        assert list(store.events()) == []

    # -- round trips ----------------------------------------------------------------

    def test_records_round_trip(self, store_factory: StoreFactory) -> None:
        """Every record of a random network reads back exactly as written."""

        @self.hypothesis_settings()
        @given(network=rs.networks())
        def check(network: rs.Network) -> None:
            records = [
                (kind, record) for field, kind in RECORD_KINDS for record in getattr(network, field)
            ]
            with self.fresh(store_factory) as store:
                if network.settings is not None:
                    store.set_settings(network.settings)
                if network.profile is not None:
                    store.set_profile(network.profile)
                for kind, record in records:
                    same(getattr(store, f"add_{kind}")(record), record)
                for kind, record in records:
                    same(getattr(store, f"get_{kind}")(record.id), record)
                assert snapshot(store, filters=False) == snapshot(
                    reference_of(network), filters=False
                )

        check()

    def test_instants_keep_zone_and_microseconds(self, store_factory: StoreFactory) -> None:
        """Instants read back as the same instant, in the same zone, to the microsecond."""

        @self.hypothesis_settings()
        @given(at=rs.instants(), created=rs.instants())
        def check(at: pendulum.DateTime, created: pendulum.DateTime) -> None:
            with self.fresh(store_factory) as store:
                store.add_contact(Contact("Ada", id="ada", created_at=created))
                store.add_interaction(Interaction(["ada"], at, Channel.CALL, id="i"))
                store.add_event(Event("Meetup", at, id="e"))
                stored_interaction = store.get_interaction(InteractionId("i"))
                for stored in (stored_interaction.at, store.get_event(EventId("e")).at):
                    assert format_instant(stored) == format_instant(at)
                    assert stored.utcoffset() == at.utcoffset()
                created_at = store.get_contact(ADA).created_at
                assert created_at is not None
                assert format_instant(created_at) == format_instant(created)

        check()

    def test_settings_and_profile_round_trip(self, store_factory: StoreFactory) -> None:
        """The owner's settings and profile read back as written, and replace each other."""

        @self.hypothesis_settings()
        @given(first=rs.settings(), second=rs.settings(), profile=rs.profiles())
        def check(first: Settings, second: Settings, profile: Profile) -> None:
            with self.fresh(store_factory) as store:
                store.set_settings(first)
                same(store.get_settings(), first)
                store.set_settings(second)
                same(store.get_settings(), second)
                store.set_profile(profile)
                same(store.get_profile(), profile)
                same(store.get_settings(), second)

        check()

    # -- updates and removals -------------------------------------------------------

    def test_update_contact_bumps_version(self, store: Any) -> None:
        """An update stores and returns the contact with the next version."""
        first = store.add_contact(Contact("Ada", id="ada", version=0))
        second = store.update_contact(attrs.evolve(first, name="Ada Lovelace", tags={"math"}))
        assert second.version == 1
        assert second.name == "Ada Lovelace"
        same(store.get_contact("ada"), second)
        third = store.update_contact(attrs.evolve(second, tags=frozenset()))
        assert third.version == 2
        same(store.get_contact("ada"), third)
        assert ids_of(store.contacts(tag="math")) == []

    def test_stale_update_conflicts(self, store: Any) -> None:
        """An update made from an outdated read raises ConflictError (``kind``, ``id``,
        ``reason="stale_version"``, not retryable) and changes nothing."""
        read_by_one = store.add_contact(Contact("Ada", id="ada"))
        read_by_two = store.get_contact("ada")
        winner = store.update_contact(attrs.evolve(read_by_one, notes="first"))
        for stale in (
            attrs.evolve(read_by_two, notes="second"),
            attrs.evolve(winner, version=winner.version + 5),
        ):
            raises_conflict(
                functools.partial(store.update_contact, stale), "contact", "ada", "stale_version"
            )
        same(store.get_contact("ada"), winner)

    def test_update_commitment_and_goal(self, store: Any) -> None:
        """Commitments and goals are replaced whole."""
        people(store, "ada", "bob")
        promise = store.add_commitment(Commitment("ada", "deck", pendulum.date(2026, 5, 1)))
        done = store.update_commitment(promise.done(pendulum.date(2026, 4, 30)))
        same(store.get_commitment(promise.id), done)
        assert list(store.commitments(open_only=True)) == []
        moved = store.update_commitment(attrs.evolve(done, contact="bob"))
        assert ids_of(store.commitments(contact="bob")) == [moved.id]
        assert ids_of(store.commitments(contact="ada")) == []
        goal = store.add_goal(Goal("Jobs", contacts={"ada"}))
        changed = store.update_goal(attrs.evolve(goal, contacts={"bob"}, weight=0.25))
        same(store.get_goal(goal.id), changed)
        assert ids_of(store.goals(contact="ada")) == []
        assert ids_of(store.goals(contact="bob")) == [goal.id]

    def test_remove_commitment(self, store: Any) -> None:
        """A removed commitment is gone from every listing; others stay; a second
        removal, or one of an unknown id, raises NotFoundError."""
        store.add_contact(Contact("Ada", id="ada"))
        store.add_commitment(Commitment("ada", "the paper", pendulum.date(2026, 3, 6), id="k1"))
        store.add_commitment(Commitment("ada", "the slides", pendulum.date(2026, 3, 9), id="k2"))
        store.remove_commitment("k1")
        with pytest.raises(NotFoundError):
            store.get_commitment("k1")
        assert ids_of(store.commitments()) == ["k2"]
        assert ids_of(store.commitments(contact="ada", open_only=True)) == ["k2"]
        with pytest.raises(NotFoundError):
            store.remove_commitment("k1")
        with pytest.raises(NotFoundError):
            store.remove_commitment("nothing")
        store.get_contact("ada")

    def test_remove_interaction(self, store: Any) -> None:
        """A removed interaction is gone from every listing; others stay."""
        add_trap(store)
        store.remove_interaction("w-z-whole")
        with pytest.raises(NotFoundError):
            store.get_interaction("w-z-whole")
        assert "w-z-whole" not in ids_of(store.interactions())
        assert "w-z-whole" not in ids_of(store.interactions(contact="ada"))
        assert len(store.interactions()) == len(TRAP) - 1
        with pytest.raises(NotFoundError):
            store.remove_interaction("w-z-whole")
