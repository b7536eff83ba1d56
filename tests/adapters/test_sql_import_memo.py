"""The SQL stores' import memo (ImportMemory): kept in the ``imports`` table, trusted
only while the contacts' stamp holds, dropped when someone is forgotten."""

from __future__ import annotations

import io
from typing import Any

import attrs

from relnet.interop import ImportResult
from relnet.interop.linkedin import read_connections
from relnet.services import import_source
from relnet.storage import ImportMemory
from tests.adapters.sql_stores import Factory, make_store

__all__ = ["make_store"]

TEXT = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,,15 Mar 2024\n"
    "Alan,Turing,,,,,3 Jan 2024\n"
)


def test_the_memo_is_kept_and_trusted_only_while_the_contacts_hold(make_store: Factory) -> None:
    store = make_store()
    assert isinstance(store, ImportMemory)
    calls: list[int] = []

    def read(source: Any, **options: Any) -> ImportResult:
        calls.append(1)
        return read_connections(source, **options)

    empty = store.contacts_stamp()
    first = import_source(store, read, io.StringIO(TEXT))
    stamp = store.contacts_stamp()
    assert stamp != empty
    assert store.import_memo() is not None
    again = import_source(store, read, io.StringIO(TEXT))
    assert (len(calls), again.unchanged) == (1, first.added)
    ada = store.contacts()[0]
    store.update_contact(attrs.evolve(ada, notes="met at a talk"))
    assert store.contacts_stamp() != stamp
    import_source(store, read, io.StringIO(TEXT))
    assert len(calls) == 2
    store.remember_import(None)
    assert store.import_memo() is None
    import_source(store, read, io.StringIO(TEXT))
    store.forget(ada.id)
    assert store.import_memo() is None
