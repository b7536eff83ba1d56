"""Two-way sync of contacts with a vdir: a folder of ``.vcf`` files, one card each.

A vdir is what vdirsyncer and khard use; vdirsyncer syncs it with any CardDAV server
(Nextcloud, iCloud, Radicale, Fastmail…) and so with phones. :func:`sync` brings the
folder and the store to the same people. Needs ``relnet[vcard]``.

What a sync does, card by card (each ``*.vcf`` file) and contact by contact:

* **a new card** (a file the store has not seen) is matched with the stored contacts
  (:func:`relnet.identity.match`: UID, email, profile URL…); a match is completed with
  the card (:func:`relnet.identity.combine`) and the card rewritten from the result,
  otherwise the card becomes a new contact (``acquaintance`` circle, created ``now``);
* **a contact without a card** (and not archived) is written to a new file named after
  its id, ``<id>.vcf``;
* **a card changed since the last sync** (its bytes differ) replaces what relnet models
  of the contact: name, emails, phones, URLs, organization, title, birthday, categories
  (tags) and note. Circle, cadence, roles and the rest stay;
* **a contact changed since the last sync** (what relnet writes of it differs) is
  written over its card;
* **both changed** — the conflict rule: the two are merged. Emails, phones, URLs and tags
  are united; for the name, organization, title, birthday and note, the card's value
  wins when the card has one (the card is usually the side edited by hand, on a
  phone). The merged contact is
  written back to the card and listed in :attr:`SyncReport.conflicts`;
* **a card deleted** from the folder archives its contact if the contact did not change
  since the last sync (nothing is erased), else the card is written again.

Writing keeps the card's file name and every property relnet does not model (``ADR``,
``PHOTO``, ``X-…``, Apple's ``item1.`` labels…), the lines of modeled properties whose
values did not change (with their parameters, such as ``TYPE=CELL``), and the card's
structured ``N`` while the name is the same; the card's ``UID`` never changes. Each
file is written to ``<name>.tmp`` and renamed over the old one, so a reader never sees
half a card.

The sync state lives in the store: each synced contact's :attr:`~relnet.model.Contact.
sources` holds one ``vdir-state:…`` key per card it is synced with (the folder, the file
name, a digest of the card's bytes and one of the contact as last synced). Everything
the store receives is written in one transaction; files are written after it commits.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.identity import combine, match, normalize_email, phone_key, profile_key
from relnet.interop._extras import missing_extra
from relnet.interop.result import ImportIssue
from relnet.interop.vcard import fold_line, name_parts, read_vcards, write_vcards
from relnet.model import Contact, ContactId, ContactStatus
from relnet.model._check import to_instant
from relnet.storage import Store

__all__ = ["SyncReport", "sync"]

_STATE = "vdir-state"
#: The properties relnet models: written from the contact, replaced on every write.
_MODELED = ("fn", "n", "email", "tel", "url", "org", "title", "bday", "categories", "note")


@attrs.frozen
class SyncReport:
    """What :func:`sync` did.

    ``added``: contacts made from new cards; ``updated``: contacts changed from their
    cards; ``written``: file names written (new or rewritten cards); ``conflicts``:
    contacts changed on both sides since the last sync (merged, see the module);
    ``archived``: contacts whose card was deleted; ``errors``: cards that could not be
    read (``line_or_record`` is 0 and ``field`` the file name), left untouched.
    """

    added: tuple[ContactId, ...] = ()
    updated: tuple[ContactId, ...] = ()
    written: tuple[str, ...] = ()
    conflicts: tuple[ContactId, ...] = ()
    archived: tuple[ContactId, ...] = ()
    errors: tuple[ImportIssue, ...] = ()

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated from cards, "
            f"{len(self.written)} cards written, {len(self.conflicts)} conflicts, "
            f"{len(self.archived)} archived, {len(self.errors)} unreadable"
        )


@attrs.frozen
class _State:
    folder: str
    file: str
    card: str
    contact: str

    @property
    def key(self) -> str:
        return f"{_STATE}:{self.folder}:{self.card}:{self.contact}:{self.file}"

    @classmethod
    def parse(cls, key: str) -> _State | None:
        parts = key.split(":", 4)
        if len(parts) != 5 or parts[0] != _STATE:
            return None
        return cls(folder=parts[1], card=parts[2], contact=parts[3], file=parts[4])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _folder_key(folder: Path) -> str:
    return _digest(str(folder.resolve()).encode("utf-8", "surrogatepass"))


def contact_digest(contact: Contact) -> str:
    """A digest of what a card holds of ``contact`` (it changes when they change)."""
    values = (
        contact.name,
        *sorted(normalize_email(e) for e in contact.emails),
        "|",
        *sorted(phone_key(p) or p for p in contact.phones),
        "|",
        *sorted(profile_key(u) or u for u in contact.urls),
        "|",
        contact.organization or "",
        contact.headline or "",
        "" if contact.birthday is None else contact.birthday.isoformat(),
        *sorted(contact.tags),
        "|",
        contact.notes,
    )
    return _digest("\x1f".join(values).encode("utf-8", "surrogatepass"))


def _states(contact: Contact, folder: str) -> list[_State]:
    found = (_State.parse(key) for key in contact.sources)
    return [state for state in found if state is not None and state.folder == folder]


def _with_state(contact: Contact, state: _State) -> Contact:
    kept = {
        key
        for key in contact.sources
        if not (
            (old := _State.parse(key)) is not None
            and old.folder == state.folder
            and old.file == state.file
        )
    }
    return attrs.evolve(contact, sources=kept | {state.key})


def _without_state(contact: Contact, folder: str, file: str) -> Contact:
    kept = {
        key
        for key in contact.sources
        if not ((old := _State.parse(key)) and old.folder == folder and old.file == file)
    }
    return attrs.evolve(contact, sources=kept)


def _from_card(contact: Contact, card: Contact) -> Contact:
    """``contact`` with what the card models taken from ``card``."""
    return attrs.evolve(
        contact,
        name=card.name,
        name_parts=card.name_parts,
        emails=card.emails,
        phones=card.phones,
        urls=card.urls,
        organization=card.organization,
        headline=card.headline,
        birthday=card.birthday,
        tags=card.tags,
        notes=card.notes,
    )


def _conflict(contact: Contact, card: Contact) -> Contact:
    """Both changed: lists united, the card's single values win (see the module)."""
    united = combine(contact, attrs.evolve(card, id=contact.id, sources=frozenset()))
    return attrs.evolve(
        united,
        name=card.name,
        name_parts=card.name_parts,
        organization=card.organization or contact.organization,
        headline=card.headline or contact.headline,
        birthday=card.birthday or contact.birthday,
        notes=card.notes or contact.notes,
        aliases=contact.aliases,
    )


def _render(contact: Contact, old: bytes | None) -> bytes:
    """The card of ``contact``: ``old`` with its modeled properties replaced, if any."""
    import vobject
    from vobject.vcard import Name

    if old is None:
        return write_vcards([contact]).encode("utf-8")
    card = vobject.readOne(old.decode("utf-8"), allowQP=True)
    fresh = vobject.readOne(write_vcards([contact]))
    same_name = [str(line.value) for line in card.contents.get("fn", [])] == [contact.name]
    for name in _MODELED:
        if name == "n" and same_name and "n" in card.contents:
            continue  # the card's own structured name, while the name is the same
        lines = fresh.contents.get(name, [])
        if [str(line.value) for line in card.contents.get(name, [])] == [
            str(line.value) for line in lines
        ]:
            continue  # unchanged: keep the card's own lines, with their parameters
        card.contents.pop(name, None)
        for line in lines:
            card.add(line)
    if "uid" not in card.contents:
        card.add("uid").value = contact.id
    if "n" not in card.contents:
        card.add("n").value = Name(**name_parts(contact))
    text = str(card.serialize(lineLength=1_000_000_000))
    return "".join(fold_line(line) + "\r\n" for line in text.split("\r\n") if line).encode()


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class _Plan:
    """What one sync will write: contacts to the store, cards to the folder."""

    def __init__(self, folder: Path, key: str, now: pendulum.DateTime) -> None:
        self.folder = folder
        self.key = key
        self.now = now
        self.cards: dict[str, bytes] = {}
        self.added: list[ContactId] = []
        self.updated: list[ContactId] = []
        self.conflicts: list[ContactId] = []
        self.archived: list[ContactId] = []
        self.errors: list[ImportIssue] = []

    def card_for(self, contact: Contact, file: str, old: bytes | None) -> Contact:
        """Plan writing ``contact`` to ``file``; ``contact`` with its new state."""
        data = _render(contact, old)
        self.cards[file] = data
        return self.remember(contact, file, data)

    def remember(self, contact: Contact, file: str, data: bytes) -> Contact:
        state = _State(self.key, file, _digest(data), contact_digest(contact))
        return _with_state(contact, state)


def _read_card(path: Path, data: bytes, plan: _Plan) -> Contact | None:
    try:
        result = read_vcards(io.BytesIO(data))
    except ValidationError as error:  # not UTF-8 or UTF-16 text: this card alone is left
        plan.errors.append(ImportIssue(0, path.name, f"unreadable card ({error}); left as is", ""))
        return None
    if not result.contacts:
        why = result.errors[0].message if result.errors else "no card"
        plan.errors.append(ImportIssue(0, path.name, f"unreadable card ({why}); left as is", ""))
        return None
    return result.contacts[0]


def sync(store: Store, folder: str | os.PathLike[str], *, now: Any) -> SyncReport:
    """Bring the vdir ``folder`` and ``store`` to the same people (see the module).

    ``now`` (an aware datetime) is when new contacts from cards were created. Raises
    ValidationError for a naive ``now``, ImportError naming ``relnet[vcard]`` without
    vobject, NotADirectoryError when ``folder`` is not a folder, and what the store
    raises (nothing is written then).
    """
    try:
        import vobject  # noqa: F401  (checked here, used by the card writer)
    except ImportError as error:
        raise missing_extra("vobject", "vcard") from error
    place = Path(folder)
    if not place.is_dir():
        raise NotADirectoryError(f"not a folder: {place}")
    plan = _Plan(place, _folder_key(place), to_instant(now, "now"))
    files = {path.name: path.read_bytes() for path in sorted(place.glob("*.vcf"))}
    with store.transaction():
        _sync_store(store, files, plan)
    for name, data in plan.cards.items():
        _write(place / name, data)
    return SyncReport(
        added=tuple(plan.added),
        updated=tuple(dict.fromkeys(plan.updated)),
        written=tuple(plan.cards),
        conflicts=tuple(dict.fromkeys(plan.conflicts)),
        archived=tuple(plan.archived),
        errors=tuple(plan.errors),
    )


def _sync_store(store: Store, files: dict[str, bytes], plan: _Plan) -> None:
    contacts = {contact.id: contact for contact in store.contacts()}
    synced: dict[str, ContactId] = {}
    for contact in contacts.values():
        for state in _states(contact, plan.key):
            synced[state.file] = contact.id
    changed: dict[ContactId, Contact] = {}

    def current(contact_id: ContactId) -> Contact:
        return changed.get(contact_id, contacts[contact_id])

    for file, contact_id in sorted(synced.items()):
        contact = current(contact_id)
        state = next(s for s in _states(contact, plan.key) if s.file == file)
        changed[contact_id] = _known_card(contact, state, files.get(file), plan)
    new_files = [name for name in files if name not in synced]
    _new_cards(store, new_files, files, contacts, changed, plan)
    for contact in list(contacts.values()):
        contact = current(contact.id)
        if _states(contact, plan.key) or contact.status is not ContactStatus.ACTIVE:
            continue
        name = _free_name(f"{contact.id}.vcf", files, plan)
        changed[contact.id] = plan.card_for(contact, name, None)
    for contact_id, contact in changed.items():
        if contact_id in contacts and contact != contacts[contact_id]:
            store.update_contact(contact)


def _known_card(contact: Contact, state: _State, data: bytes | None, plan: _Plan) -> Contact:
    """One card synced before: compare both sides with the last sync and act."""
    contact_changed = contact_digest(contact) != state.contact
    if data is None:  # the card was deleted
        if contact_changed:
            return plan.card_for(contact, state.file, None)
        plan.archived.append(contact.id)
        archived = attrs.evolve(contact, status=ContactStatus.ARCHIVED)
        return _without_state(archived, state.folder, state.file)
    if _digest(data) == state.card:
        if contact_changed:
            return plan.card_for(contact, state.file, data)
        return contact
    card = _read_card(plan.folder / state.file, data, plan)
    if card is None:
        return contact
    if contact_changed:
        plan.conflicts.append(contact.id)
        return plan.card_for(_conflict(contact, card), state.file, data)
    plan.updated.append(contact.id)
    return plan.remember(_from_card(contact, card), state.file, data)


def _new_cards(
    store: Store,
    names: list[str],
    files: dict[str, bytes],
    contacts: dict[ContactId, Contact],
    changed: dict[ContactId, Contact],
    plan: _Plan,
) -> None:
    """Cards the store has not seen: matched with the contacts, or added."""
    read: list[tuple[str, Contact]] = []
    for name in names:
        card = _read_card(plan.folder / name, files[name], plan)
        if card is not None:
            read.append((name, card))
    existing = [changed.get(c.id, c) for c in contacts.values()]
    for group in match([card for _, card in read], existing):
        for position in group.candidates:
            name, card = read[position]
            if group.existing:
                target = group.existing[0]
                before = changed.get(target, contacts[target])
                merged = combine(before, card)
                changed[target] = plan.card_for(merged, name, files[name])
                if merged != before:
                    plan.updated.append(target)
            else:
                fresh = attrs.evolve(card, created_at=card.created_at or plan.now)
                stored = store.add_contact(plan.remember(fresh, name, files[name]))
                contacts[stored.id] = stored
                plan.added.append(stored.id)


def _free_name(name: str, files: Iterable[str], plan: _Plan) -> str:
    taken = set(files) | set(plan.cards)
    stem, suffix = name.removesuffix(".vcf"), 1
    while name in taken:
        suffix += 1
        name = f"{stem}-{suffix}.vcf"
    return name
