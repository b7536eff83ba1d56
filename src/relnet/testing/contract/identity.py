"""Merging contacts (:func:`relnet.identity.merge_contacts`) on any store."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from relnet.errors import NotFoundError
from relnet.identity import find_duplicates, merge_contacts
from relnet.model import Contact, ContactId, summarize
from relnet.testing.contract._base import ContractBase, add_forget_scene, ids_of


class IdentityContract(ContractBase):
    """Merging moves every reference in one transaction; dedupe reads any store."""

    def test_merging_moves_every_reference_to_the_contact_kept(self, store: Any) -> None:
        """Interactions, introductions, commitments, goals and ``introduced_by`` follow."""
        add_forget_scene(store)
        store.update_contact(
            Contact(
                "Ada",
                id="ada",
                emails=("ada@example.org",),
                snoozed_until=pendulum.date(2026, 4, 1),
            )
        )
        merged = merge_contacts(store, ContactId("bob"), ContactId("ada"))
        assert merged.id == "bob"
        assert merged.aliases == ("Ada",)
        assert merged.emails == ("ada@example.org",)
        assert merged.snoozed_until == pendulum.date(2026, 4, 1)
        with pytest.raises(NotFoundError):
            store.get_contact("ada")
        assert ids_of(store.contacts()) == ["bob", "cy", "dee"]
        assert store.get_interaction("solo").participants == ("bob",)
        assert store.get_interaction("group").participants == ("bob", "cy")
        intro = store.get_interaction("ada-introduced-bob")
        assert (intro.participants, intro.introduced_by) == (("bob",), None)
        other_intro = store.get_interaction("cy-introduced-ada")
        assert (other_intro.participants, other_intro.introduced_by) == (("bob",), "cy")
        assert {c.contact for c in store.commitments()} == {"bob"}
        assert store.get_goal("g-both").contacts == frozenset({"bob"})
        assert store.get_goal("g-ada").contacts == frozenset({"bob"})
        assert store.get_contact("dee").introduced_by == "bob"
        assert list(store.interactions(contact="ada")) == []
        now = pendulum.datetime(2026, 6, 1, tz="UTC")
        expected = summarize(
            store.interactions(), now=now, contacts=[ContactId("bob"), ContactId("cy")]
        )
        assert (
            dict(store.touch_summaries(now=now, contacts=[ContactId("bob"), ContactId("cy")]))
            == expected
        )

    def test_a_failed_merge_writes_nothing(self, store: Any) -> None:
        """An unknown id, or the kept contact among the others, changes nothing."""
        add_forget_scene(store)
        before = (store.contacts(), store.interactions(), store.commitments(), store.goals())
        with pytest.raises(NotFoundError):
            merge_contacts(store, ContactId("bob"), ContactId("ada"), ContactId("nobody"))
        with pytest.raises(ValueError, match="others"):
            merge_contacts(store, ContactId("bob"), ContactId("bob"))
        after = (store.contacts(), store.interactions(), store.commitments(), store.goals())
        assert after == before

    def test_duplicates_are_found_by_email_and_merged_into_one(self, store: Any) -> None:
        """Two records with one email are one group of confidence 1; merging ends it."""
        store.add_contact(Contact("Ada Lovelace", id="a1", emails=("ada@example.org",)))
        store.add_contact(Contact("Ada King", id="a2", emails=("ADA@example.org",)))
        store.add_contact(Contact("Alan Turing", id="t1"))
        (group,) = find_duplicates(store)
        assert ids_of(group.contacts) == ["a1", "a2"]
        assert group.confidence == 1.0
        merge_contacts(store, ContactId("a1"), ContactId("a2"))
        assert find_duplicates(store) == []
        assert store.get_contact("a1").aliases == ("Ada King",)
