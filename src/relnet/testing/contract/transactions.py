"""Transactions commit together or not at all; durable stores keep what was committed."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from relnet.errors import ConflictError, NotFoundError
from relnet.model import Commitment, Community, Contact, Event, Goal, Interaction, Profile, Settings
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    BOB,
    TRAP,
    ContractBase,
    StoreFactory,
    abort,
    add_forget_scene,
    add_trap,
    close_store,
    ids_of,
    instant,
    people,
)
from relnet.testing.snapshots import snapshot


class TransactionContract(ContractBase):
    """Commit, rollback, savepoints and reads inside a transaction."""

    # -- transactions ---------------------------------------------------------------

    def test_transaction_commits_together(self, store: Any) -> None:
        """Writes in a transaction that ends normally are all kept."""
        with store.transaction():
            people(store, "ada", "bob")
            store.add_interaction(Interaction(["ada", "bob"], instant(TRAP[0][1]), "call"))
            store.set_profile(Profile(name="Me"))
        assert ids_of(store.contacts()) == ["ada", "bob"]
        assert len(store.interactions()) == 1
        assert store.get_profile().name == "Me"

    def test_transaction_rolls_back_on_exception(self, store: Any) -> None:
        """When the block raises, no write of it is kept and the exception propagates."""
        add_trap(store)
        people(store, "bob")
        store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g"))
        store.add_commitment(Commitment("bob", "deck", pendulum.date(2026, 5, 1), id="k"))
        before = snapshot(store)

        def writes() -> None:
            store.add_contact(Contact("Cy", id="cy"))
            store.update_contact(attrs.evolve(store.get_contact("bob"), name="Robert"))
            store.add_interaction(Interaction(["cy", "bob"], instant(TRAP[1][1]), "meeting"))
            store.remove_interaction("z-paris")
            store.update_commitment(store.get_commitment("k").done(pendulum.date(2026, 4, 1)))
            store.update_goal(attrs.evolve(store.get_goal("g"), title="Other"))
            store.remove_commitment("k")
            store.add_community(Community("PyData", id="c"))
            store.add_event(Event("PyCon", instant(TRAP[2][1]), id="e"))
            store.set_settings(Settings(timezone="Asia/Tokyo"))
            store.set_profile(Profile(name="Me"))
            store.forget("ada")
            assert ids_of(store.contacts()) == ["bob", "cy"]

        abort(store, writes)
        assert snapshot(store) == before

    def test_nested_transaction_is_a_savepoint(self, store: Any) -> None:
        """An inner block that raises undoes only its own writes."""
        with store.transaction():
            people(store, "ada")

            def inner() -> None:
                people(store, "bob")
                store.forget("ada")

            abort(store, inner)
            assert ids_of(store.contacts()) == ["ada"]
            people(store, "cy")
            with store.transaction():
                people(store, "dee")
        assert ids_of(store.contacts()) == ["ada", "cy", "dee"]

    def test_outer_failure_undoes_committed_inner_blocks(self, store: Any) -> None:
        """Only the outermost transaction commits: its failure undoes inner blocks too."""
        people(store, "ada")

        def blocks() -> None:
            with store.transaction():
                people(store, "bob")
            with store.transaction(), store.transaction():
                store.forget("ada")
            assert ids_of(store.contacts()) == ["bob"]

        abort(store, blocks)
        assert ids_of(store.contacts()) == ["ada"]

    def test_reads_in_a_transaction_see_its_writes(self, store: Any) -> None:
        """Inside a transaction, reads see the writes made so far."""
        with store.transaction():
            people(store, "ada")
            assert store.get_contact("ada").name == "Ada"
            store.add_interaction(Interaction(["ada"], instant(TRAP[0][1]), "call", id="i"))
            assert ids_of(store.interactions(contact="ada")) == ["i"]
            store.remove_interaction("i")
            assert list(store.interactions()) == []

    def test_refused_write_leaves_transaction_usable(self, store: Any) -> None:
        """A write refused inside a transaction (caught) does not spoil the others."""
        with store.transaction():
            people(store, "ada")
            with pytest.raises(ConflictError):
                store.add_contact(Contact("Ada again", id="ada"))
            with pytest.raises(NotFoundError):
                store.add_interaction(Interaction(["nobody"], instant(TRAP[0][1]), "call"))
            with pytest.raises(ConflictError):
                store.update_contact(Contact("Ada", id="ada", version=7))
            people(store, "bob")
        assert ids_of(store.contacts()) == ["ada", "bob"]


class DurabilityContract(ContractBase):
    """What was committed survives closing and reopening (for ``durable`` stores)."""

    # -- durability -----------------------------------------------------------------

    def test_records_survive_reopen(
        self, store_factory: StoreFactory, request: pytest.FixtureRequest
    ) -> None:
        """Everything written reads back the same after closing and reopening."""
        reopen = self._reopen_or_skip(request)

        @self.hypothesis_settings(examples=min(self.max_examples or 10, 10))
        @given(network=rs.networks())
        def check(network: rs.Network) -> None:
            store = store_factory()
            network.add_to(store)
            before = snapshot(store)
            again = reopen(store)
            try:
                assert snapshot(again) == before
            finally:
                close_store(again)

        check()

    def test_committed_changes_survive_and_failed_ones_do_not(
        self, store: Any, request: pytest.FixtureRequest
    ) -> None:
        """Updates, removals and forgetting persist; a rolled-back transaction leaves no
        trace after reopening."""
        reopen = self._reopen_or_skip(request)
        add_forget_scene(store)
        store.update_contact(attrs.evolve(store.get_contact("bob"), name="Robert"))
        store.remove_interaction("other")
        store.forget("ada")
        store.set_settings(Settings(timezone="Asia/Kathmandu", daily_capacity=2))

        def rolled_back() -> None:
            people(store, "eve")
            store.forget("bob")

        abort(store, rolled_back)
        before = snapshot(store)
        again = reopen(store)
        assert snapshot(again) == before
        assert again.get_contact(BOB).version == 1
        again.add_contact(Contact("Eve", id="eve"))
        once_more = reopen(again)
        try:
            assert ids_of(once_more.contacts()) == ["bob", "cy", "dee", "eve"]
        finally:
            close_store(once_more)
