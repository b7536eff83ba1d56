"""The SQL stores' list of contacts (``listed_contacts``): what ``contacts()`` gives,
field for field, read without building a contact."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Contact, StorageError
from relnet.adapters.sql.facts import (
    EVERY_CONTACT,
    LISTED_COLUMNS,
    ListedContact,
    _listed,
    _name_from_json,
    listed_from_fields,
    listed_query,
)
from relnet.adapters.sqlite import SQLITE, SQLiteStore
from relnet.testing import strategies
from relnet.testing.strategies import Network
from tests.adapters.sql_stores import SLOW, Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine


def listed(contact: Contact) -> ListedContact:
    return ListedContact(
        contact.id,
        contact.name,
        contact.circle,
        contact.cadence,
        contact.organization,
        contact.tags,
    )


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0), st.booleans())
def test_the_list_is_that_of_the_contacts(
    make_store: Factory, net: Network, archived: bool
) -> None:
    """The oracle: for every tag, with and without archived people, in the same order."""
    with closing(make_store()) as store:
        net.add_to(store)
        tags = sorted({tag for contact in store.contacts() for tag in contact.tags})
        for tag in [None, *tags, "no such tag"]:
            expected = [listed(c) for c in store.contacts(tag=tag, include_archived=archived)]
            assert store.listed_contacts(tag=tag, include_archived=archived) == expected


def test_text_json_escapes_are_read_exactly(make_store: Factory) -> None:
    with closing(make_store()) as store:
        odd = 'Zoë "Q" \\ \t ✓ \U0001f600'
        store.add_contact(
            Contact(odd, id="odd", organization=odd, tags={odd, "plain"}, emails=["z@x.example"])
        )
        store.add_contact(Contact("Plain", id="plain"))
        assert store.listed_contacts() == [listed(c) for c in store.contacts()]


def test_a_damaged_document_is_a_storage_error(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "damaged.db") as store:
        store.add_contact(Contact("Ada", id="ada"))
        store._query("UPDATE contacts SET doc = :doc", doc='{"name": 3, "circle": "close"}')
        with pytest.raises(StorageError, match="stored contact is damaged"):
            store.listed_contacts()


@SLOW
@given(strategies.networks(max_contacts=8, max_interactions=0))
def test_the_list_made_in_one_loop_is_that_of_each_row(net: Network) -> None:
    """The oracle of ``listed_from_fields``'s loop: each row made one at a time by
    ``_listed`` (the checked path)."""
    with closing(SQLiteStore(":memory:")) as store:
        net.add_to(store)
        result = store._run(listed_query(SQLITE, f"WHERE c.{EVERY_CONTACT}"))
        one_by_one = [
            _listed(person, _name_from_json(name), circle, count, unit, _name_from_json(org), tags)
            for person, name, circle, count, unit, org, tags in result.values("id", *LISTED_COLUMNS)
        ]
        assert listed_from_fields(result) == one_by_one
