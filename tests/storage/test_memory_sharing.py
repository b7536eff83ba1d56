"""InMemoryStore keeps equal small collections of its records once, per store."""

from __future__ import annotations

import pendulum

from relnet import Contact, Interaction
from relnet.model import ContactId, Role, Value
from relnet.storage import InMemoryStore

AT = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
ADA, BO = ContactId("ada"), ContactId("bo")


def _store() -> InMemoryStore:
    store = InMemoryStore()
    for person in ("ada", "bo"):
        store.add_contact(Contact(person.title(), id=person, tags={"friend"}))
    return store


def test_equal_small_collections_are_kept_once_but_never_across_types() -> None:
    store = _store()
    first = store.add_interaction(
        Interaction(["ada"], AT, "call", topics=["mentor"], gave=["advice"])
    )
    second = store.add_interaction(
        Interaction(["ada"], AT, "video", topics={"mentor"}, gave=("advice",))
    )
    third = store.add_interaction(Interaction(["bo"], AT, "call", topics={"mentor"}))
    assert first.topics is second.topics is third.topics
    assert first.gave is second.gave
    assert first.participants is second.participants
    assert store.get_contact(ADA).tags is store.get_contact(BO).tags
    # A set of strings never stands in for an equal set of string-enum members.
    roles = store.add_contact(Contact("Cy", id="cy", roles={Role.MENTOR}, tags={"mentor"}))
    assert roles.roles == roles.tags == {"mentor"}
    assert [type(role) for role in roles.roles] == [Role]
    assert [type(tag) for tag in roles.tags] == [str]
    assert [type(value) for value in first.gave] == [Value]
    # Sharing keeps every value equal to what was given.
    assert store.get_interaction(second.id) == Interaction(
        ["ada"], AT, "video", topics={"mentor"}, gave=("advice",), id=second.id
    )


def test_stores_share_nothing_with_each_other() -> None:
    one, two = _store(), _store()
    a = one.add_interaction(Interaction(["ada"], AT, "call", topics={"mentor"}))
    b = two.add_interaction(Interaction(["ada"], AT, "call", topics={"mentor"}))
    assert a.topics == b.topics
    assert a.topics is not b.topics


def test_records_loaded_whole_are_shared_too() -> None:
    people = [Contact(name, id=name, tags={"team"}) for name in ("ada", "bo")]
    calls = [Interaction([p.id], AT, "call", topics={"plan"}) for p in people]
    store = InMemoryStore.from_records(contacts=people, interactions=calls)
    stored = store.interactions()
    assert stored[0].topics is stored[1].topics
    assert store.get_contact(ADA).tags is store.get_contact(BO).tags
