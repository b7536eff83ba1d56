"""After ``forget``, no byte of the person is left in the files a store keeps.

A store that keeps the network in files declares them (:class:`relnet.storage.FileBacked`,
``files()``). :class:`ErasureContract` writes a person with a distinctive name, two
emails, notes (rewritten several times, so that old copies land in logs and free pages),
interactions about them alone, a promise and a dismissal; checks that the name is in the
store's files; forgets the person, closes the store, and then reads every file
``files()`` named, before and after: none may hold the name, an email, the notes or the
text of an interaction, in any of the ways text is written to disk
(:func:`encodings`: UTF-8, and JSON's escaped forms). Stores without ``files()`` report
the test as skipped, as do those whose ``files()`` is empty (an SQLite database in
memory).

:func:`check_erasure` runs the same check on one store, and :func:`find_traces` looks for
texts in files, for tests of your own::

    from relnet.testing.contract.erasure import check_erasure

    def test_forget_scrubs_my_files(tmp_path):
        check_erasure(MyStore(tmp_path / "network"))
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import attrs
import pendulum
import pytest

from relnet.model import Commitment, Contact, ContactId, Dismissal, Interaction
from relnet.storage import FileBacked, Store
from relnet.testing.contract._base import ContractBase, StoreFactory, close_store

__all__ = [
    "ErasureContract",
    "Trace",
    "add_erasure_scene",
    "check_erasure",
    "encodings",
    "find_traces",
]

#: The person the check forgets, and the texts that must leave no trace.
NAME = "Zebulon Quärtermain"
EMAILS = ("zebulon.q@example.org", 'zq+"private"@example.net')
NOTES = 'Met at the "Ölberg" café; owes me a\\n reply about the Zanzibar lease'
INTERACTION_TEXT = "Zebulon's plan for the Quärtermain-Ölberg merger, step 3"

_AT = pendulum.datetime(2026, 3, 2, 9, 30, tz="Europe/Paris")


@attrs.frozen
class Trace:
    """Where a text was found: the file, the text, how it was written there
    (``"UTF-8"``, ``"JSON-escaped"``, ...) and the byte offset of the first copy."""

    file: Path
    text: str
    encoding: str
    offset: int

    def __str__(self) -> str:
        return f"{self.file} holds {self.text!r} ({self.encoding}) at byte {self.offset}"


def encodings(text: str) -> dict[str, bytes]:
    """The bytes ``text`` may be stored as, by how: UTF-8, and the string's body as
    JSON writes it, with non-ASCII kept (``"JSON-escaped"``) or escaped as ``\\uXXXX``
    (``"JSON-escaped ASCII"``). Forms equal to one listed before are left out."""
    forms = {
        "UTF-8": text.encode("utf-8"),
        "JSON-escaped": json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8"),
        "JSON-escaped ASCII": json.dumps(text)[1:-1].encode("ascii"),
    }
    unique: dict[str, bytes] = {}
    for how, data in forms.items():
        if data not in unique.values():
            unique[how] = data
    return unique


def find_traces(files: Iterable[Path], texts: Iterable[str]) -> list[Trace]:
    """Every (file, text, encoding) for which a file among ``files`` that exists holds
    ``text`` encoded that way (see :func:`encodings`), in the order given."""
    wanted = [(text, how, data) for text in texts for how, data in encodings(text).items()]
    found: list[Trace] = []
    for file in dict.fromkeys(Path(name) for name in files):
        if not file.is_file():
            continue
        content = file.read_bytes()
        for text, how, data in wanted:
            offset = content.find(data)
            if offset >= 0:
                found.append(Trace(file, text, how, offset))
    return found


def add_erasure_scene(store: Store) -> tuple[ContactId, tuple[str, ...]]:
    """Write the person the check forgets, with records that must go with them and some
    that stay (Bob, and a meeting with both). Returns their id and the texts that must
    leave no trace."""
    person = ContactId("zq")
    store.add_contact(Contact("Bob Stays", id="bob"))
    store.add_contact(Contact(NAME, id=person, emails=list(EMAILS), notes=NOTES, tags={NAME}))
    for number in range(5):
        contact = store.get_contact(person)
        store.update_contact(attrs.evolve(contact, notes=f"{NOTES} ({number})"))
    contact = store.get_contact(person)
    store.update_contact(attrs.evolve(contact, notes=NOTES))
    store.add_interaction(
        Interaction([person], _AT, "email", direction="inbound", summary=INTERACTION_TEXT)
    )
    store.add_interaction(
        Interaction([person], _AT.add(days=1), "call", summary=f"called {EMAILS[0]}")
    )
    store.add_interaction(Interaction(["bob", person], _AT.add(days=2), "meeting", id="lunch"))
    store.add_commitment(Commitment(person, f"send {NAME} the deck", _AT.date(), id="k-zq"))
    store.add_dismissal(Dismissal(person, "promise", "k-zq", _AT))
    store.add_dismissal(Dismissal("bob", "birthday", "2026", _AT))
    return person, (NAME, *EMAILS, NOTES, INTERACTION_TEXT)


def _listed(store: FileBacked) -> list[Path]:
    return [Path(name) for name in store.files()]


def check_erasure(store: Store) -> None:
    """Write :func:`add_erasure_scene` into ``store`` (new and empty, with ``files()``),
    forget the person and close the store; raise AssertionError naming each file that
    still holds one of the person's texts, the text and how it was encoded.

    Also fails when the files held no copy of the name before ``forget``: ``files()``
    then names the wrong files, and the check would prove nothing.
    """
    if not isinstance(store, FileBacked):
        raise TypeError(f"{type(store).__name__} has no files() (relnet.storage.FileBacked)")
    try:
        person, texts = add_erasure_scene(store)
        files = _listed(store)
        before = find_traces(files, [NAME])
        assert before, (
            f"before forget, none of the files {type(store).__name__}.files() names "
            f"({', '.join(map(str, files)) or 'none'}) holds the person's name: files() "
            "must name the files the network is kept in"
        )
        store.forget(person)
        files += _listed(store)
    finally:
        close_store(store)
    files += _listed(store)
    left = find_traces(files, texts)
    assert not left, "forget left the person's data on disk: " + "; ".join(map(str, left))


class ErasureContract(ContractBase):
    """What ``forget`` leaves on disk, for stores that name their files."""

    def test_forget_leaves_no_trace_in_the_files(self, store_factory: StoreFactory) -> None:
        """After ``forget`` and ``close``, no file the store names holds the person's name,
        emails, notes or interaction text, in UTF-8 or JSON's escaped forms."""
        store = store_factory()
        if not isinstance(store, FileBacked) or not store.files():
            close_store(store)
            pytest.skip(f"{type(store).__name__} keeps no files it names (files())")
        check_erasure(store)
