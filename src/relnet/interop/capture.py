"""Interactions read from what you can export: one result type, and one way into a store.

The readers — :func:`relnet.interop.mail.read_mail`,
:func:`relnet.interop.calendar.read_calendar` and
:func:`relnet.interop.linkedin.read_archive` — return a :class:`CaptureResult`: the
people they saw (as candidate contacts, each with a provisional id derived from its
email address or profile URL), the interactions between you and them, the problems
met and what was skipped. :func:`capture_into` brings a result into a store: people
already there are matched by email address and profile URL, unknown people are added
or left out as the result's ``create`` says, and an interaction already stored (same
id, derived from its source key) is not added again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

from relnet.errors import NotFoundError, ValidationError
from relnet.identity import match, normalize_email, profile_key
from relnet.interop.identity import identity_keys
from relnet.model import Circle, Contact, ContactId, Direction, Interaction, InteractionId
from relnet.storage import Store
from relnet.storage.copy import copy_records

__all__ = [
    "CREATE_MODES",
    "CaptureIssue",
    "CaptureReport",
    "CaptureResult",
    "CreateMode",
    "Owner",
    "capture_into",
    "stored",
]

#: Which unknown people :func:`capture_into` adds: nobody, the people you wrote to, met
#: or called, or everyone seen.
CreateMode: TypeAlias = Literal["none", "contacted", "all"]
CREATE_MODES: tuple[CreateMode, ...] = ("none", "contacted", "all")
_STEP = 1000


def _create(value: Any) -> CreateMode:
    if value not in CREATE_MODES:
        raise ValidationError("create", value, "one of 'none', 'contacted', 'all'")
    result: CreateMode = value
    return result


@attrs.frozen
class CaptureIssue:
    """A problem with one item of a source: a message, an event, a CSV row.

    ``where`` names the item (its position and source key, such as ``message 12
    <abc@example.org>``); ``field`` the header, property or column at fault (empty when
    the whole item is); the item was left out and the rest read.
    """

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        field = f", {self.field}" if self.field else ""
        return f"[{self.where}{field}] {self.message}"


def _contacts(value: Iterable[Contact]) -> tuple[Contact, ...]:
    return tuple(value)


def _interactions(value: Iterable[Interaction]) -> tuple[Interaction, ...]:
    return tuple(value)


def _issues(value: Iterable[CaptureIssue]) -> tuple[CaptureIssue, ...]:
    return tuple(value)


def _counts(value: Mapping[str, int]) -> dict[str, int]:
    return dict(value)


@attrs.frozen
class CaptureResult:
    """What a capture read: candidate people, interactions, problems and skipped items.

    ``contacts`` are the people seen, each with a provisional id that the
    ``interactions``' participants refer to; ``errors`` the items that could not be
    read; ``skipped`` counts what was left out on purpose, by reason (``"bulk"``,
    ``"duplicate"``, …); ``create`` says which unknown people :func:`capture_into`
    adds.
    """

    contacts: tuple[Contact, ...] = attrs.field(default=(), converter=_contacts)
    interactions: tuple[Interaction, ...] = attrs.field(default=(), converter=_interactions)
    errors: tuple[CaptureIssue, ...] = attrs.field(default=(), converter=_issues)
    skipped: Mapping[str, int] = attrs.field(factory=dict, converter=_counts)
    create: CreateMode = attrs.field(default="contacted", converter=_create)

    @property
    def ok(self) -> bool:
        """Whether every item could be read."""
        return not self.errors


@attrs.frozen
class CaptureReport:
    """What :func:`capture_into` did.

    ``people_added`` and ``people_matched`` are stored contact ids;
    ``interactions_added`` the interactions written and ``interactions_present`` those
    already stored from an earlier capture; ``interactions_left_out`` counts the
    interactions whose people are all unknown and not created.
    """

    people_added: tuple[ContactId, ...] = ()
    people_matched: tuple[ContactId, ...] = ()
    interactions_added: tuple[InteractionId, ...] = ()
    interactions_present: tuple[InteractionId, ...] = ()
    interactions_left_out: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """The five counts, by name."""
        return {
            "people added": len(self.people_added),
            "people matched": len(self.people_matched),
            "interactions added": len(self.interactions_added),
            "interactions already there": len(self.interactions_present),
            "interactions left out": self.interactions_left_out,
        }

    def __str__(self) -> str:
        return ", ".join(f"{count} {what}" for what, count in self.counts.items())


def _people(
    store: Store, result: CaptureResult
) -> tuple[dict[ContactId, ContactId], dict[ContactId, ContactId], list[Contact]]:
    """Who the captured people are, by :func:`relnet.identity.match`: the candidates
    matched to stored contacts, every candidate's contact id, and the people to add
    (one per new person, the first of its candidates that may be created)."""
    candidates = list(result.contacts)
    creatable = {candidate.id for candidate in _creatable(result)}
    found: dict[ContactId, ContactId] = {}
    chosen: dict[ContactId, ContactId] = {}
    new_people: list[Contact] = []
    for group in match(candidates, store.contacts()):
        members = [candidates[position] for position in group.candidates]
        if group.existing:
            found.update(dict.fromkeys((m.id for m in members), group.existing[0]))
            continue
        keep = next((m for m in members if m.id in creatable), None)
        if keep is not None:
            new_people.append(attrs.evolve(keep, circle=Circle.ACQUAINTANCE))
            chosen.update(dict.fromkeys((m.id for m in members), keep.id))
    chosen.update(found)
    return found, chosen, new_people


def _contacted(interactions: Iterable[Interaction]) -> set[ContactId]:
    people: set[ContactId] = set()
    for interaction in interactions:
        if not interaction.auto_reply and interaction.direction in (
            Direction.OUTBOUND,
            Direction.MUTUAL,
        ):
            people.update(interaction.participants)
    return people


def _creatable(result: CaptureResult) -> list[Contact]:
    if result.create == "all":
        return list(result.contacts)
    if result.create == "none":
        return []
    contacted = _contacted(result.interactions)
    return [candidate for candidate in result.contacts if candidate.id in contacted]


def stored(store: Store, interaction_id: InteractionId) -> bool:
    """Whether ``store`` holds an interaction with this id (a reader's ``known`` test)."""
    try:
        store.get_interaction(interaction_id)
    except NotFoundError:
        return False
    return True


def _sort_out(
    store: Store,
    interactions: Sequence[Interaction],
    chosen: Mapping[ContactId, ContactId],
    advance: Callable[[int], None] | None,
) -> tuple[list[Interaction], list[InteractionId], list[Interaction], int]:
    added: list[Interaction] = []
    present: list[InteractionId] = []
    widened: list[Interaction] = []
    left_out = 0
    seen: set[InteractionId] = set()
    for position, interaction in enumerate(interactions, 1):
        if advance is not None and position % _STEP == 0:
            advance(_STEP)
        if interaction.id in seen:
            continue
        seen.add(interaction.id)
        people = [chosen[p] for p in interaction.participants if p in chosen]
        if not people:
            left_out += 1
            continue
        before = _stored_interaction(store, interaction.id)
        if before is None:
            added.append(attrs.evolve(interaction, participants=people))
            continue
        present.append(interaction.id)
        # Someone left out of an earlier capture may be a contact now: add them to it.
        if not set(people) <= set(before.participants):
            everyone = tuple(dict.fromkeys([*people, *before.participants]))
            widened.append(attrs.evolve(before, participants=everyone))
    if advance is not None:
        advance(len(interactions) % _STEP)
    return added, present, widened, left_out


def _stored_interaction(store: Store, interaction_id: InteractionId) -> Interaction | None:
    try:
        return store.get_interaction(interaction_id)
    except NotFoundError:
        return None


def capture_into(
    store: Store,
    result: CaptureResult,
    *,
    dry_run: bool = False,
    advance: Callable[[int], None] | None = None,
) -> CaptureReport:
    """Bring ``result`` into ``store`` in one transaction, adding only what is new.

    People are matched with stored contacts by email address and profile URL; unknown
    people are added (in the ``acquaintance`` circle) when ``result.create`` allows it,
    else left out of the interactions (an interaction left with nobody is not written).
    An interaction whose id is already stored is counted as present and not written
    again, except that people it names who are contacts now (added since, or left out
    of an earlier capture) join its participants: capturing the same or a newer export
    again adds only what is new, and ends as capturing the newest once.
    With ``dry_run`` the report is the same and nothing is written. ``advance(n)`` is
    called as interactions are handled. Raises what the store raises; then nothing has
    been written.
    """
    with store.transaction():
        found, chosen, new_people = _people(store, result)
        added, present, widened, left_out = _sort_out(store, result.interactions, chosen, advance)
        if not dry_run:
            copy_records(store, contacts=new_people, interactions=added)
            for interaction in widened:
                store.remove_interaction(interaction.id)
                store.add_interaction(interaction)
    return CaptureReport(
        people_added=tuple(c.id for c in new_people),
        people_matched=tuple(dict.fromkeys(v for v in found.values())),
        interactions_added=tuple(i.id for i in added),
        interactions_present=tuple(present),
        interactions_left_out=left_out,
    )


class Owner:
    """The owner's addresses as identity keys: ``email …`` and ``url …``.

    Raises :class:`~relnet.errors.ValidationError` (field ``me``) when there is none,
    or when an address is neither an email address nor a profile URL.
    """

    def __init__(self, me: Iterable[str] | None) -> None:
        addresses = [me] if isinstance(me, str) else list(me or ())
        self.keys: set[str] = set()
        self.emails: set[str] = set()
        self.profiles: set[str] = set()
        for address in addresses:
            if not isinstance(address, str) or not address.strip():
                raise ValidationError("me", address, "an email address or a profile URL")
            url = profile_key(address)
            if url is not None:
                self.profiles.add(url)
                self.keys.add(f"url {url}")
            elif "@" in address and "/" not in address:
                email = normalize_email(address.removeprefix("mailto:"))
                self.emails.add(email)
                self.keys.add(f"email {email}")
            else:
                raise ValidationError("me", address, "an email address or a profile URL")
        if not self.keys:
            raise ValidationError(
                "me",
                me,
                "your email addresses or profile URLs "
                "(pass me=, or set them with relnet init --email … --linkedin …)",
            )

    def is_email(self, address: str) -> bool:
        """Whether ``address`` is one of the owner's email addresses."""
        return normalize_email(address) in self.emails

    def is_profile(self, url: str) -> bool:
        """Whether ``url`` is one of the owner's profile URLs."""
        key = profile_key(url)
        return key is not None and key in self.profiles


def stable_id(kind: str, *parts: str) -> str:
    """An id for a captured record: ``kind``, then a digest of ``parts``."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=10)
    return f"{kind}-{digest.hexdigest()}"


class Collected:
    """What a reader gathers as it goes: the people seen, the interactions, the errors
    reported, what it skipped and why, and the source keys already read."""

    def __init__(self, owner: Owner) -> None:
        self.owner = owner
        self.people = People()
        self.interactions: list[Interaction] = []
        self.errors: list[CaptureIssue] = []
        self.skipped: Counter[str] = Counter()
        self.seen: set[str] = set()

    def result(self, create: CreateMode) -> CaptureResult:
        """All of it as a :class:`CaptureResult`, for ``create`` to act on."""
        return CaptureResult(
            contacts=self.people.contacts(),
            interactions=self.interactions,
            errors=self.errors,
            skipped=dict(self.skipped),
            create=create,
        )


class People:
    """The people one capture sees, each a candidate contact found by any of its keys."""

    def __init__(self) -> None:
        self._people: list[Contact] = []
        self._index: dict[str, int] = {}

    def email(self, address: str, name: str = "") -> ContactId:
        """The candidate for an email address (its display name kept if it has one)."""
        email = normalize_email(address)
        return self._person(f"email {email}", name.strip() or address.strip(), emails=(address,))

    def profile(self, url: str, name: str = "") -> ContactId:
        """The candidate for a profile URL (a normal-form one)."""
        return self._person(f"url {url}", name.strip() or url, urls=(url,))

    def known(self, contact: Contact) -> ContactId:
        """A candidate with what a contacts file says of them, found by any of its keys."""
        keys = list(identity_keys(contact)) or [_name_key(contact.name)]
        for key in keys:
            if key in self._index:
                return self._people[self._index[key]].id
        position = len(self._people)
        self._people.append(attrs.evolve(contact, id=ContactId(stable_id("p", keys[0]))))
        for key in keys:
            self._index[key] = position
        return self._people[position].id

    def named(self, name: str) -> ContactId:
        """A candidate known only by name (matched by no identity rule)."""
        return self._person(_name_key(name), name.strip())

    def _person(self, key: str, name: str, **fields: Any) -> ContactId:
        position = self._index.get(key)
        if position is not None:
            known = self._people[position]
            if known.name in known.emails + known.urls and name not in known.emails + known.urls:
                self._people[position] = attrs.evolve(known, name=name)
            return known.id
        self._index[key] = len(self._people)
        self._people.append(Contact(name=name, id=ContactId(stable_id("p", key)), **fields))
        return self._people[-1].id

    def contacts(self) -> tuple[Contact, ...]:
        """Every candidate seen, in the order first seen."""
        return tuple(self._people)


def _name_key(name: str) -> str:
    return f"name {' '.join(name.casefold().split())}"


def within(at: dt.datetime, since: dt.datetime | None, until: dt.datetime | None) -> bool:
    """Whether ``since <= at < until`` (an unset bound does not limit)."""
    return (since is None or at >= since) and (until is None or at < until)


def check_bound(value: Any, field: str) -> dt.datetime | None:
    """``since``/``until`` as an aware datetime (a date is its midnight UTC), or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(field, value, "an aware datetime (with a zone) or a date")
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise ValidationError(field, value, "an aware datetime or a date")
