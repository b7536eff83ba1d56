"""Bringing imported contacts into a store without losing anything either side knows.

An imported contact is the same person as a stored one when they share an id, an email
address, a profile URL or a phone number (see :mod:`relnet.interop.identity`). The two
are merged field by field:

* emails, phones, URLs, tags, interests, roles and communities: the union (in the
  stored order, then the new ones), repeats recognised the way matching recognises them;
* optional values (organization, headline, time zone, birthday, creation time,
  cadence, …): the stored one when set, else the imported one; a year-less stored
  birthday takes the year of an imported one on the same day;
* notes: the imported text is appended on a new paragraph unless the stored notes
  already contain it, so merging the same file twice changes nothing;
* name, circle, status and stage: always the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from relnet.interop.identity import identity_keys, normalize_email, phone_digits, profile_key
from relnet.interop.result import ImportResult
from relnet.model import Contact, ContactId, MonthDay
from relnet.storage import Store

__all__ = ["MergeReport", "merge_contacts", "merge_into"]

T = TypeVar("T")

_OPTIONAL = (
    "cadence",
    "created_at",
    "snoozed_until",
    "organization",
    "headline",
    "timezone",
    "introduced_by",
)


@attrs.frozen
class MergeReport:
    """What :func:`merge_into` did: ids of the contacts added, merged and left unchanged.

    A stored contact matched by several imported ones is listed once: as merged if any
    of them changed it.
    """

    added: tuple[ContactId, ...] = ()
    merged: tuple[ContactId, ...] = ()
    unchanged: tuple[ContactId, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """``{"added": …, "merged": …, "unchanged": …}``."""
        return {
            "added": len(self.added),
            "merged": len(self.merged),
            "unchanged": len(self.unchanged),
        }

    def __str__(self) -> str:
        return ", ".join(f"{count} {what}" for what, count in self.counts.items())


def _union(first: Sequence[T], second: Iterable[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    seen = {key(item) for item in first}
    out = list(first)
    for item in second:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return tuple(out)


def _phone_key(phone: str) -> Hashable:
    return phone_digits(phone) or phone.strip()


def _url_key(url: str) -> Hashable:
    return profile_key(url) or url.strip().rstrip("/").casefold()


def merge_contacts(stored: Contact, imported: Contact) -> Contact:
    """``stored`` completed with what ``imported`` adds (see the module's rules).

    The result keeps ``stored``'s id and version, so it can go straight to
    :meth:`relnet.storage.Store.update_contact`.
    """
    changes: dict[str, Any] = {
        "emails": _union(stored.emails, imported.emails, normalize_email),
        "phones": _union(stored.phones, imported.phones, _phone_key),
        "urls": _union(stored.urls, imported.urls, _url_key),
        "tags": stored.tags | imported.tags,
        "interests": stored.interests | imported.interests,
        "roles": stored.roles | imported.roles,
        "communities": stored.communities | imported.communities,
    }
    for name in _OPTIONAL:
        if getattr(stored, name) is None and getattr(imported, name) is not None:
            changes[name] = getattr(imported, name)
    if changes.get("introduced_by") == stored.id:
        del changes["introduced_by"]
    changes["birthday"] = _birthday(stored.birthday, imported.birthday)
    if not stored.how_met:
        changes["how_met"] = imported.how_met
    changes["notes"] = _notes(stored.notes, imported.notes)
    return attrs.evolve(stored, **changes)


def _birthday(stored: Any, imported: Any) -> Any:
    if stored is None:
        return imported
    if (
        isinstance(stored, MonthDay)
        and imported is not None
        and not isinstance(imported, MonthDay)
        and (imported.month, imported.day) == (stored.month, stored.day)
    ):
        return imported
    return stored


def _notes(stored: str, imported: str) -> str:
    if not imported.strip() or imported in stored:
        return stored
    if not stored.strip():
        return imported
    return f"{stored}\n\n{imported}"


class _Index:
    """The stored contacts by identity key, kept current as the merge goes."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.current: dict[ContactId, Contact] = {}
        self.keys: dict[str, ContactId] = {}
        for contact in contacts:
            self.put(contact)

    def put(self, contact: Contact) -> None:
        self.current[contact.id] = contact
        for key in identity_keys(contact):
            self.keys.setdefault(key, contact.id)

    def find(self, contact: Contact) -> ContactId | None:
        if contact.id in self.current:
            return contact.id
        for key in identity_keys(contact):
            found = self.keys.get(key)
            if found is not None:
                return found
        return None


def merge_into(store: Store, result: ImportResult | Iterable[Contact]) -> MergeReport:
    """Add the imported contacts to ``store``, merging those it already holds.

    Each imported contact is matched, in this order, by id, email (ignoring case),
    profile URL and phone digits; the first stored contact found is merged with it
    (see the module's rules) through :meth:`~relnet.storage.Store.update_contact`, so a
    contact changed concurrently raises :class:`~relnet.errors.ConflictError`. Contacts
    that match nobody are added. Everything happens in one ``store.transaction()``: on
    any error nothing is written and the error propagates.
    """
    incoming = result.contacts if isinstance(result, ImportResult) else tuple(result)
    outcome: dict[ContactId, str] = {}
    with store.transaction():
        index = _Index(store.contacts())
        for contact in incoming:
            found = index.find(contact)
            if found is None:
                stored = store.add_contact(contact)
                outcome[stored.id] = "added"
                index.put(stored)
                continue
            before = index.current[found]
            after = merge_contacts(before, contact)
            if after == before:
                outcome.setdefault(found, "unchanged")
                continue
            stored = store.update_contact(after)
            index.put(stored)
            if outcome.get(found) != "added":
                outcome[found] = "merged"
    return MergeReport(
        added=tuple(k for k, v in outcome.items() if v == "added"),
        merged=tuple(k for k, v in outcome.items() if v == "merged"),
        unchanged=tuple(k for k, v in outcome.items() if v == "unchanged"),
    )
