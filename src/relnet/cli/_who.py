"""Finding the person a command means: WHO is an id, an email address or a name.

The exact id wins, then an email address (any case), then a case-insensitive exact
name, then a unique case-insensitive part of a name. An ambiguous or unknown WHO is an
error that lists the candidates, so the command writes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from relnet.cli._session import CliError
from relnet.errors import NotFoundError, ValidationError
from relnet.model import Commitment, Community, Contact, ContactId, Event, Goal
from relnet.storage import Store

__all__ = [
    "resolve_commitment",
    "resolve_community",
    "resolve_contact",
    "resolve_contacts",
    "resolve_event",
    "resolve_goal",
    "resolve_option",
]

_SHOWN = 8


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


class _Named(_Identified, Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=_Identified)
_N = TypeVar("_N", bound=_Named)


def _describe(contacts: Sequence[Contact]) -> str:
    shown = ", ".join(f"{c.name} ({c.id})" for c in contacts[:_SHOWN])
    more = len(contacts) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _pick(contacts: Sequence[Contact], who: str) -> Contact:
    needle = who.strip().casefold()
    if not needle:
        raise CliError("WHO is empty: give a contact's id or name")
    exact = [c for c in contacts if c.name.casefold() == needle]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise CliError(f"{who!r} names {len(exact)} contacts: {_describe(exact)}; use the id")
    partial = [c for c in contacts if needle in c.name.casefold()]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise CliError(
            f"{who!r} matches {len(partial)} contacts: {_describe(partial)}; "
            "use the full name or the id"
        )
    import difflib  # only when nothing matches

    names = {c.name: c for c in contacts}
    close = difflib.get_close_matches(who, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {_describe([names[n] for n in close])}?" if close else ""
    raise CliError(f"no contact matches {who!r}{hint}")


def resolve_contact(store: Store, who: str) -> Contact:
    """The one contact ``who`` names (id, email address, exact name, or unique part of a
    name)."""
    with contextlib.suppress(NotFoundError, ValidationError):
        return store.get_contact(ContactId(who))
    contacts = store.contacts()
    if "@" in who:
        address = who.strip().casefold()
        mailed = [c for c in contacts if any(e.casefold() == address for e in c.emails)]
        if len(mailed) == 1:
            return mailed[0]
        if len(mailed) > 1:
            raise CliError(
                f"{who!r} is the email of {len(mailed)} contacts: {_describe(mailed)}; use the id"
            )
    return _pick(contacts, who)


def resolve_contacts(
    store: Store, people: Sequence[str], *, option: str | None = None
) -> list[Contact]:
    """Resolve several WHOs, in order, without repeats (a refusal names ``option``, the
    one they were given with, when there is one)."""
    found: dict[ContactId, Contact] = {}
    for who in people:
        contact = (
            resolve_contact(store, who) if option is None else resolve_option(store, who, option)
        )
        found.setdefault(contact.id, contact)
    return list(found.values())


def resolve_option(store: Store, who: str, option: str) -> Contact:
    """:func:`resolve_contact` for a person given with ``option`` (``--introduced-by``):
    an unknown or ambiguous name is refused with the option in front."""
    try:
        return resolve_contact(store, who)
    except CliError as error:
        raise CliError(f"{option}: {error.message}") from None


def _lookup(
    items: Sequence[T],
    given: str,
    pools: Callable[[str], Iterable[Sequence[T]]],
    *,
    kind: str,
    describe: Callable[[T], str],
    listing: str,
) -> T:
    """The item with id ``given``, else the only one in the first non-empty pool of
    candidates for the case-folded ``given``; several there, or none anywhere, is an error."""
    for item in items:
        if item.id == given:
            return item
    for pool in pools(given.strip().casefold()):
        if len(pool) == 1:
            return pool[0]
        if pool:
            listed = ", ".join(describe(i) for i in pool[:_SHOWN])
            raise CliError(f"{given!r} matches {len(pool)} {kind}s: {listed}; use the id")
    raise CliError(f"no {kind} matches {given!r} (see '{listing}')")


def resolve_commitment(store: Store, given: str) -> Commitment:
    """The commitment with id ``given``, else the only one whose id starts with it, else
    the only one whose text contains it (case-insensitive; open ones first)."""
    commitments = store.commitments()

    def pools(needle: str) -> list[list[Commitment]]:
        if not needle:
            raise CliError("COMMITMENT is empty: give its id or part of its text")
        worded = [c for c in commitments if needle in c.what.casefold()]
        if len(worded) > 1 and any(c.is_open for c in worded):
            worded = [c for c in worded if c.is_open]
        return [[c for c in commitments if c.id.startswith(given)], worded]

    return _lookup(
        commitments,
        given,
        pools,
        kind="promise",
        describe=lambda c: f"{c.what!r} ({c.id})",
        listing="relnet promises",
    )


def resolve_goal(store: Store, given: str) -> Goal:
    """The goal with id ``given``, or the only one whose id starts with it or whose title
    contains it (case-insensitive)."""
    goals = store.goals()
    return _lookup(
        goals,
        given,
        lambda needle: [
            [g for g in goals if g.id.startswith(given) or needle in g.title.casefold()]
        ],
        kind="goal",
        describe=lambda g: f"{g.title} ({g.id})",
        listing="relnet goals",
    )


def _resolve_named(items: Sequence[_N], given: str, *, kind: str, listing: str) -> _N:
    """The item with id ``given``, else the one named so (any case), else a unique part."""
    return _lookup(
        items,
        given,
        lambda needle: (
            [i for i in items if i.name.casefold() == needle],
            [i for i in items if needle and needle in i.name.casefold()],
        ),
        kind=kind,
        describe=lambda i: f"{i.name} ({i.id})",
        listing=listing,
    )


def resolve_event(store: Store, given: str) -> Event:
    """The event with id ``given``, else the one named so (any case), else a unique part."""
    return _resolve_named(store.events(), given, kind="event", listing="relnet event list")


def resolve_community(store: Store, given: str) -> Community:
    """The community with id ``given``, else the one named so (any case), else a unique
    part of a name."""
    return _resolve_named(
        store.communities(), given, kind="community", listing="relnet communities"
    )
