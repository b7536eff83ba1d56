"""Dismissals: one dismissed item per key, listed in order, removed, forgotten, kept."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import NotFoundError, ValidationError
from relnet.model import ContactId, Dismissal
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    ContractBase,
    StoreFactory,
    abort,
    add_forget_scene,
    close_store,
    instant,
    people,
    raises_conflict,
    same,
)
from relnet.testing.reference import ReferenceStore
from relnet.testing.snapshots import snapshot

_AT = "2026-03-02T09:30:00.250000+01:00[Europe/Paris]"


def _dismissal(contact: str, reason: str, anchor: str, at: str = _AT) -> Dismissal:
    return Dismissal(contact, reason, anchor, instant(at))


def _keys(found: Any) -> list[tuple[str, str, str]]:
    return [d.key for d in found]


class DismissalContract(ContractBase):
    """``add_dismissal``, ``remove_dismissal`` and ``dismissals``, and what ``forget``,
    transactions and reopening do to them."""

    # -- dismissals -----------------------------------------------------------------

    def test_a_dismissal_reads_back_exactly(self, store: Any) -> None:
        """A stored dismissal lists back equal, its instant in its own zone."""
        people(store, "ada")
        given_value = _dismissal("ada", "reply_owed", "2026-03-01T08:00:00.000000Z")
        same(store.add_dismissal(given_value), given_value)
        (stored,) = store.dismissals()
        same(stored, given_value)
        same(store.dismissals(contact="ada")[0], given_value)
        assert store.dismissals(contact="nobody") == []

    def test_dismissals_are_ordered_by_contact_reason_and_anchor(self, store: Any) -> None:
        """Listed by contact id, reason and anchor, compared by code point."""
        people(store, "a", "B")
        for key in [
            ("a", "nudge", "b"),
            ("B", "nudge", "a"),
            ("a", "birthday", "\uffff"),
            ("a", "birthday", "😀"),
            ("a", "birthday", "B"),
            ("a", "birthday", "a"),
            ("a", "keep_in_touch", "never"),
        ]:
            store.add_dismissal(_dismissal(*key))
        assert _keys(store.dismissals()) == [
            ("B", "nudge", "a"),
            ("a", "birthday", "B"),
            ("a", "birthday", "a"),
            ("a", "birthday", "\uffff"),
            ("a", "birthday", "😀"),
            ("a", "keep_in_touch", "never"),
            ("a", "nudge", "b"),
        ]
        assert _keys(store.dismissals(contact="B")) == [("B", "nudge", "a")]

    def test_one_dismissal_per_key(self, store: Any) -> None:
        """The same key again is a conflict, whatever its instant; the first stays."""
        people(store, "ada")
        first = store.add_dismissal(_dismissal("ada", "birthday", "2026"))
        raises_conflict(
            lambda: store.add_dismissal(
                _dismissal("ada", "birthday", "2026", "2026-04-01T00:00:00Z")
            ),
            "dismissal",
            "ada/birthday/2026",
            "duplicate",
        )
        store.add_dismissal(_dismissal("ada", "birthday", "2027"))
        store.add_dismissal(_dismissal("ada", "keep_in_touch", "2026"))
        assert store.dismissals()[0] == first
        assert len(store.dismissals()) == 3

    def test_a_dismissal_of_an_unknown_contact_or_a_wrong_value_is_refused(
        self, store: Any
    ) -> None:
        """NotFoundError names the contact; anything but a Dismissal is a ValidationError."""
        with pytest.raises(NotFoundError) as found:
            store.add_dismissal(_dismissal("nobody", "nudge", "x"))
        assert (found.value.kind, found.value.id) == ("contact", "nobody")
        assert found.value.role == "reference"
        with pytest.raises(ValidationError):
            store.add_dismissal(("nobody", "nudge", "x"))
        assert list(store.dismissals()) == []

    def test_removing_a_dismissal_goes_by_its_key(self, store: Any) -> None:
        """``remove_dismissal`` removes the stored one with the same key (its instant
        aside) and no other; removing one that is not stored is NotFoundError."""
        people(store, "ada", "bob")
        store.add_dismissal(_dismissal("ada", "nudge", "1"))
        store.add_dismissal(_dismissal("ada", "nudge", "2"))
        store.add_dismissal(_dismissal("bob", "nudge", "1"))
        store.remove_dismissal(_dismissal("ada", "nudge", "1", "2030-01-01T00:00:00Z"))
        assert _keys(store.dismissals()) == [("ada", "nudge", "2"), ("bob", "nudge", "1")]
        with pytest.raises(NotFoundError) as missing:
            store.remove_dismissal(_dismissal("ada", "nudge", "1"))
        assert (missing.value.kind, missing.value.role) == ("dismissal", "target")
        with pytest.raises(ValidationError):
            store.remove_dismissal("ada")
        assert len(store.dismissals()) == 2

    def test_forget_removes_the_person_s_dismissals_only(self, store: Any) -> None:
        """``forget`` clears a person's dismissals and leaves everyone else's."""
        add_forget_scene(store)
        store.add_dismissal(_dismissal("ada", "promise", "k-ada"))
        store.add_dismissal(_dismissal("ada", "keep_in_touch", "never"))
        store.add_dismissal(_dismissal("bob", "promise", "k-bob"))
        store.forget("ada")
        assert _keys(store.dismissals()) == [("bob", "promise", "k-bob")]
        assert list(store.dismissals(contact="ada")) == []
        reference = ReferenceStore()
        add_forget_scene(reference)
        reference.add_dismissal(_dismissal("bob", "promise", "k-bob"))
        reference.forget(ContactId("ada"))
        assert snapshot(store) == snapshot(reference)

    def test_dismissals_roll_back_with_their_transaction(self, store: Any) -> None:
        """A failed transaction undoes the dismissals it added and removed."""
        people(store, "ada")
        kept = store.add_dismissal(_dismissal("ada", "nudge", "1"))

        def body() -> None:
            store.add_dismissal(_dismissal("ada", "nudge", "2"))
            store.remove_dismissal(kept)

        abort(store, body)
        assert store.dismissals() == [kept]

    def test_dismissals_match_the_reference(self, store_factory: StoreFactory) -> None:
        """Random dismissals (hostile anchors, any zone) list as the reference lists them,
        and removing some leaves what the reference leaves."""

        @self.hypothesis_settings()
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            names = ["ada", "bob", "😀"]
            drawn = data.draw(st.lists(rs.dismissals(names), max_size=8))
            unique = list({d.key: d for d in drawn}.values())
            gone = data.draw(
                st.lists(st.sampled_from(unique), max_size=3) if unique else st.just([])
            )
            reference = ReferenceStore()
            with self.fresh(store_factory) as store:
                for target in (store, reference):
                    people(target, *names)
                    for dismissal in unique:
                        target.add_dismissal(dismissal)
                    for dismissal in {d.key: d for d in gone}.values():
                        target.remove_dismissal(dismissal)
                assert snapshot(store) == snapshot(reference)
                for listed, expected in zip(
                    store.dismissals(), reference.dismissals(), strict=True
                ):
                    same(listed, expected)

        check()

    def test_dismissals_survive_reopen(self, store: Any, request: pytest.FixtureRequest) -> None:
        """Dismissals added and removed are kept across closing and reopening."""
        reopen = self._reopen_or_skip(request)
        people(store, "ada", "bob")
        kept = store.add_dismissal(_dismissal("ada", "reply_owed", "2026-03-01T08:00:00.000000Z"))
        gone = store.add_dismissal(_dismissal("bob", "birthday", "2026"))
        store.remove_dismissal(gone)
        again = reopen(store)
        try:
            (stored,) = again.dismissals()
            same(stored, kept)
        finally:
            close_store(again)
