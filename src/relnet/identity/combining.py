"""Combining two records of one person into one: :func:`combine`."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from relnet.identity.keys import normalize_email, phone_digits, profile_key
from relnet.model import Contact, MonthDay

__all__ = ["combine"]

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


def _union(first: Sequence[T], second: Iterable[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    seen = {key(item) for item in first}
    out = list(first)
    for item in second:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return tuple(out)


def _phone_marker(phone: str) -> Hashable:
    return phone_digits(phone) or phone.strip()


def _url_marker(url: str) -> Hashable:
    return profile_key(url) or url.strip().rstrip("/").casefold()


def combine(kept: Contact, absorbed: Contact) -> Contact:
    """``kept`` completed with what ``absorbed`` adds; nothing either knows is lost.

    * emails, phones, URLs, tags, interests, roles, communities and sources: the union
      (``kept``'s order first), repeats recognised the way matching recognises them;
    * optional values (organization, headline, time zone, birthday, cadence, …):
      ``kept``'s when set, else ``absorbed``'s; a year-less birthday takes the year of
      one on the same day;
    * notes: ``absorbed``'s appended on a new paragraph unless already there;
    * name, circle, status and stage: ``kept``'s; ``absorbed``'s name and aliases
      become aliases when they differ from the name kept (a name without letters,
      such as a phone number standing in for one, is not kept); ``absorbed``'s
      structured name (``name_parts``) when ``kept`` has none and the names are one;

    The result keeps ``kept``'s id and version. Combining again changes nothing.
    """
    if _covers(kept, absorbed):
        return kept
    return _united(kept, absorbed)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _covers(kept: Contact, absorbed: Contact) -> bool:
    """Whether ``absorbed`` adds nothing to ``kept`` (so :func:`combine` returns it).

    The quick test that makes re-importing a file cheap; it answers exactly what
    :func:`_united` would find.
    """
    if not (
        absorbed.sources <= kept.sources
        and absorbed.tags <= kept.tags
        and absorbed.interests <= kept.interests
        and absorbed.roles <= kept.roles
        and absorbed.communities <= kept.communities
        and (kept.how_met or not absorbed.how_met)
        and _notes(kept.notes, absorbed.notes) == kept.notes
        and _birthday(kept.birthday, absorbed.birthday) == kept.birthday
    ):
        return False
    if _gains_parts(kept, absorbed):
        return False
    for name in _OPTIONAL:
        gained = getattr(kept, name) is None and getattr(absorbed, name) is not None
        if gained and (name != "introduced_by" or absorbed.introduced_by != kept.id):
            return False
    if absorbed.emails and not {normalize_email(e) for e in absorbed.emails} <= {
        normalize_email(e) for e in kept.emails
    }:
        return False
    if absorbed.phones and not {_phone_marker(p) for p in absorbed.phones} <= {
        _phone_marker(p) for p in kept.phones
    }:
        return False
    if absorbed.urls and not {_url_marker(u) for u in absorbed.urls} <= {
        _url_marker(u) for u in kept.urls
    }:
        return False
    known = {_folded(kept.name), *map(_folded, kept.aliases)}
    return all(
        _folded(name) in known or not any(ch.isalpha() for ch in name)
        for name in (absorbed.name, *absorbed.aliases)
    )


def _united(kept: Contact, absorbed: Contact) -> Contact:
    """:func:`combine` without its quick test."""
    changes: dict[str, Any] = {
        "emails": _union(kept.emails, absorbed.emails, normalize_email),
        "phones": _union(kept.phones, absorbed.phones, _phone_marker),
        "urls": _union(kept.urls, absorbed.urls, _url_marker),
        "tags": kept.tags | absorbed.tags,
        "interests": kept.interests | absorbed.interests,
        "roles": kept.roles | absorbed.roles,
        "communities": kept.communities | absorbed.communities,
        "sources": kept.sources | absorbed.sources,
    }
    for name in _OPTIONAL:
        if getattr(kept, name) is None and getattr(absorbed, name) is not None:
            changes[name] = getattr(absorbed, name)
    if changes.get("introduced_by") == kept.id:
        del changes["introduced_by"]
    changes["birthday"] = _birthday(kept.birthday, absorbed.birthday)
    if not kept.how_met:
        changes["how_met"] = absorbed.how_met
    changes["notes"] = _notes(kept.notes, absorbed.notes)
    folded = " ".join(kept.name.split()).casefold()
    aliases = [
        name
        for name in (absorbed.name, *absorbed.aliases)
        if " ".join(name.split()).casefold() != folded and any(ch.isalpha() for ch in name)
    ]
    changes["aliases"] = _union(kept.aliases, aliases, lambda n: " ".join(n.split()).casefold())
    if _gains_parts(kept, absorbed):
        changes["name_parts"] = absorbed.name_parts
    return attrs.evolve(kept, **changes)


def _gains_parts(kept: Contact, absorbed: Contact) -> bool:
    """Whether ``kept`` takes ``absorbed``'s structured name: it has none, and the
    structured name is of the same name."""
    return (
        not kept.name_parts
        and bool(absorbed.name_parts)
        and _folded(absorbed.name) == _folded(kept.name)
    )


def _birthday(kept: Any, absorbed: Any) -> Any:
    if kept is None:
        return absorbed
    if (
        isinstance(kept, MonthDay)
        and absorbed is not None
        and not isinstance(absorbed, MonthDay)
        and (absorbed.month, absorbed.day) == (kept.month, kept.day)
    ):
        return absorbed
    return kept


def _notes(kept: str, absorbed: str) -> str:
    if not absorbed.strip() or absorbed in kept:
        return kept
    if not kept.strip():
        return absorbed
    return f"{kept}\n\n{absorbed}"
