"""Who is who: the one matcher every import shares, dedupe inside a store, and merging.

Two records are the same person when they share a *strong key*:

* an id, or a source key (:attr:`~relnet.model.Contact.sources`: the stable key a reader
  gives each row, see :func:`source_key`);
* an email address, compared stripped and case-folded;
* a profile URL in normal form (:func:`profile_key`: percent-escapes decoded, scheme,
  ``www.``, case and trailing slash ignored).

**A phone number alone never joins two people.** It joins them only when their names
are compatible (:func:`names_compatible`: one name's words are all in the other's, or
one side has no name but the number), and a number carried by more than two people of
one side (the records being matched, or those already stored; people told apart by
their names) is ignored: a household landline, a switchboard or a junk number appended
by a phone's sync.

Matching is closed: records are grouped with a union-find over every key, so the groups
do not depend on the order of the records, and whatever joins through a chain (A shares
an email with B, B a profile with C) is one person.

:func:`match` is the function every capture (files, mail, calendars, archives) calls;
:func:`find_duplicates` and :func:`merge_contacts` dedupe a store.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import attrs

from relnet.errors import ValidationError
from relnet.model import Contact, ContactId, MonthDay
from relnet.storage import Store

__all__ = [
    "DuplicateGroup",
    "MatchGroup",
    "combine",
    "find_duplicates",
    "match",
    "merge_contacts",
    "names_compatible",
    "normalize_email",
    "normalize_linkedin_url",
    "phone_digits",
    "phone_key",
    "profile_key",
    "source_key",
    "stable_id",
    "strong_keys",
]

T = TypeVar("T")

_SOCIAL_HOSTS = {
    "github.com": "github.com",
    "gitlab.com": "gitlab.com",
    "twitter.com": "x.com",
    "x.com": "x.com",
    "facebook.com": "facebook.com",
    "instagram.com": "instagram.com",
    "bsky.app": "bsky.app",
}
_MIN_PHONE_DIGITS = 7
#: Phones are compared by their last digits, so ``+44 20 7946 0000`` and ``020 7946 0000``
#: meet.
_PHONE_TAIL = 9
#: A phone number carried by more people than this on one side is not evidence.
SHARED_PHONE_LIMIT = 2
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "rev",
        "fr",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "esq",
    ]
)
_WORD = re.compile(r"\w+")
_NOT_DIGIT = re.compile(r"[^0-9]+")


# -- normal forms -----------------------------------------------------------------------


def normalize_email(email: str) -> str:
    """The email address as compared: stripped and case-folded."""
    return email.strip().casefold()


def phone_digits(phone: str) -> str | None:
    """The digits of a phone number (a leading ``00`` read as ``+``), or None if under 7."""
    digits = _NOT_DIGIT.sub("", phone)
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= _MIN_PHONE_DIGITS else None


def phone_key(phone: str) -> str | None:
    """What phone numbers are compared by: their last nine digits (all, if fewer).

    >>> phone_key("+44 20 7946 0000") == phone_key("020 7946 0000")
    True
    """
    digits = phone_digits(phone)
    return None if digits is None else digits[-_PHONE_TAIL:]


def _split(url: str) -> tuple[str, list[str]] | None:
    text = url.strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    path = unquote(parts.path, errors="strict") if "%" in parts.path else parts.path
    segments = [segment for segment in path.split("/") if segment]
    return host, segments


def _safe_split(url: str) -> tuple[str, list[str]] | None:
    try:
        return _split(url)
    except UnicodeDecodeError:
        return None


@functools.lru_cache(maxsize=4096)
def normalize_linkedin_url(url: str) -> str | None:
    """A LinkedIn profile URL in normal form, or None if ``url`` is not one.

    The normal form is ``https://linkedin.com/in/<slug>``: https, the host without
    ``www.`` or a country prefix, percent-escapes decoded, the slug lower-cased, no
    trailing slash, query or fragment. Old public URLs (``/pub/name/1/23/456``) keep
    their path.

    >>> normalize_linkedin_url("http://WWW.LinkedIn.com/in/Ada-Lovelace/?trk=x")
    'https://linkedin.com/in/ada-lovelace'
    >>> normalize_linkedin_url("linkedin.com/in/marko-kova%C4%8Devi%C4%87")
    'https://linkedin.com/in/marko-kovačević'
    """
    split = _safe_split(url)
    if split is None:
        return None
    host, segments = split
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    if len(segments) >= 2 and segments[0].lower() == "in":
        return f"https://linkedin.com/in/{segments[1].lower()}"
    if len(segments) >= 2 and segments[0].lower() == "pub":
        return "https://linkedin.com/" + "/".join(s.lower() for s in segments)
    return None


@functools.lru_cache(maxsize=4096)
def profile_key(url: str) -> str | None:
    """The normal form of a profile URL (LinkedIn or a known social site), else None.

    >>> profile_key("https://twitter.com/AdaLovelace/")
    'https://x.com/adalovelace'
    >>> profile_key("https://analytical-engines.example/") is None
    True
    """
    linkedin = normalize_linkedin_url(url)
    if linkedin is not None:
        return linkedin
    split = _safe_split(url)
    if split is None:
        return None
    host, segments = split
    host = host.removeprefix("www.").removeprefix("mobile.")
    site = _SOCIAL_HOSTS.get(host)
    if site is None or not segments:
        return None
    return f"https://{site}/{segments[0].lower()}"


def source_key(source: str, *fields: str) -> str:
    """A stable key for one row of ``source`` (``"linkedin"``, ``"vcard"``…).

    ``fields`` are the row's own identifying values (a UID, a profile URL, or a name,
    company and date); they are normalised (stripped, case-folded, spaces collapsed)
    and digested, so the same row read again gives the same key.

    >>> source_key("linkedin", "Ada Lovelace", "Analytical", "2024-03-15")
    'linkedin:2f7ab6164dfd3d0d6684d181'
    """
    text = "\x1f".join(" ".join(field.split()).casefold() for field in fields)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"{source}:{digest}"


def stable_id(key: str) -> ContactId:
    """The contact id a reader gives the row with source key ``key``: 16 hex digits."""
    return ContactId(hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16])


def _name_words(name: str) -> frozenset[str]:
    if name.isascii() and name.replace(" ", "").isalnum():
        # NFKC leaves ASCII as it is, and its words are what split() finds
        words = name.casefold().split()
    else:
        words = _WORD.findall(unicodedata.normalize("NFKC", name).casefold())
    return frozenset(w for w in words if w not in _TITLES and not w.isdigit())


def names_compatible(first: str, second: str) -> bool:
    """Whether two names may be one person's: one's words all appear in the other's.

    Titles and suffixes (Dr, Jr, …) and case are ignored; a name without letters (a
    contact named by its number) is compatible with any.

    >>> names_compatible("Dr. Ada Lovelace", "ada lovelace")
    True
    >>> names_compatible("Ada", "Ada King Lovelace")
    True
    >>> names_compatible("John Smith", "Jane Smith")
    False
    """
    one, two = _name_words(first), _name_words(second)
    if not one or not two:
        return True
    return one <= two or two <= one


def strong_keys(contact: Contact) -> Iterator[str]:
    """Every key that alone identifies ``contact``: emails, profile URLs, id, sources."""
    for email in contact.emails:
        yield f"email {normalize_email(email)}"
    for url in contact.urls:
        key = profile_key(url)
        if key is not None:
            yield f"url {key}"
    yield f"id {contact.id}"
    if contact.sources:
        for source in sorted(contact.sources):
            yield f"source {source}"


# -- union-find -------------------------------------------------------------------------


_BY_ID = operator.attrgetter("id")


class _Sets:
    """Union-find over the integers 0..n-1 (path halving, union by smaller root)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def roots(self) -> list[int]:
        """Every item's root, in one pass (a parent is never after its child)."""
        out = self.parent[:]
        for item, parent in enumerate(out):
            out[item] = out[parent]
        return out

    def union(self, first: int, second: int) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return False
        if b < a:
            a, b = b, a
        self.parent[b] = a
        return True


def _join_strong(records: Sequence[Contact], sets: _Sets, evidence: dict[int, list[str]]) -> None:
    """Join the records sharing a strong key (:func:`strong_keys`, in its order)."""
    owner: dict[str, int] = {}
    claim = owner.setdefault
    union = sets.union
    for position, record in enumerate(records):
        # strong_keys(record), written out: this loop runs once per contact of a store
        keys = ["email " + email.strip().casefold() for email in record.emails]
        if record.urls:
            keys += ["url " + key for key in map(profile_key, record.urls) if key is not None]
        keys.append("id " + record.id)
        if record.sources:
            keys += ["source " + source for source in sorted(record.sources)]
        for key in keys:
            other = claim(key, position)
            if other != position and union(other, position):
                evidence[position].append(key)


def _join_phones(
    records: Sequence[Contact],
    sets: _Sets,
    sides: Sequence[range],
    evidence: dict[int, list[str]],
) -> None:
    """Join people sharing a phone number and a compatible name (see the module).

    People are compared whole (every name and alias of the records already joined), and
    the shared numbers are counted again after each round of joins, until nothing more
    joins: joins only ever add names and remove people, so this reaches the one
    smallest stable grouping, whatever the order of the records.
    """
    on_sides = [_phone_holders(records, side) for side in sides]
    find = sets.find
    holders = on_sides[0]
    if len(on_sides) > 1:
        holders = dict(holders)
        for on_side in on_sides[1:]:
            for key, positions in on_side.items():
                mine = holders.get(key)
                holders[key] = positions if mine is None else mine + positions
    shared = {k: v for k, v in holders.items() if len(v) > 1 and len({find(p) for p in v}) > 1}
    if not shared:
        return
    names = _names_by_person(records, sets, {find(p) for v in shared.values() for p in v})
    while True:
        ignored = _ignored(on_sides, shared, names, find)
        joined = False
        for key, positions in shared.items():
            if key not in ignored:
                joined |= _join_holders(key, positions, sets, names, evidence)
        if not joined:
            return


def _phone_holders(records: Sequence[Contact], side: range) -> dict[str, list[int]]:
    holders: dict[str, list[int]] = defaultdict(list)
    for position in side:
        phones = records[position].phones
        if not phones:
            continue
        if len(phones) == 1:
            key = _phone_tail(phones[0])
            if key is not None:
                holders[key].append(position)
            continue
        for key in {k for k in map(_phone_tail, phones) if k is not None}:
            holders[key].append(position)
    return holders


#: ASCII characters other than digits, to delete.
_NOT_ASCII_DIGIT = str.maketrans("", "", "".join(chr(c) for c in range(128) if not 48 <= c <= 57))


def _phone_tail(phone: str) -> str | None:
    """:func:`phone_key`, with a quick path for numbers written in ASCII."""
    digits = phone.translate(_NOT_ASCII_DIGIT)
    if not digits.isascii():  # other characters: the regular expression decides
        digits = _NOT_DIGIT.sub("", phone)
    if digits.startswith("00"):
        digits = digits[2:]
    return digits[-_PHONE_TAIL:] if len(digits) >= _MIN_PHONE_DIGITS else None


def _ignored(
    on_sides: list[dict[str, list[int]]],
    shared: dict[str, list[int]],
    names: dict[int, list[str]],
    find: Callable[[int], int],
) -> set[str]:
    """The shared numbers that more than two people of one side carry."""
    ignored = set()
    for on_side in on_sides:
        for key in shared:
            positions = on_side.get(key, ())
            if len(positions) <= SHARED_PHONE_LIMIT:
                continue
            people = {find(p) for p in positions}
            crowded = len(people) > SHARED_PHONE_LIMIT
            if crowded and _people(names, people) > SHARED_PHONE_LIMIT:
                ignored.add(key)
    return ignored


def _join_holders(
    key: str,
    positions: list[int],
    sets: _Sets,
    names: dict[int, list[str]],
    evidence: dict[int, list[str]],
) -> bool:
    """Join the holders of the number ``key`` whose names are compatible."""
    find = sets.find
    joined = False
    roots = list(dict.fromkeys(find(p) for p in positions))
    for index, first in enumerate(roots):
        for second in roots[index + 1 :]:
            one, two = find(first), find(second)
            if one == two or not _compatible(names[one], names[two]):
                continue
            sets.union(one, two)
            names[find(one)] = names[one] + names[two]
            evidence[max(first, second)].append(f"phone {key} and name")
            joined = True
    return joined


def _names_by_person(
    records: Sequence[Contact], sets: _Sets, wanted: set[int]
) -> dict[int, list[str]]:
    """Every name and alias of the people whose roots are ``wanted``."""
    names: dict[int, list[str]] = defaultdict(list)
    for position, root in enumerate(sets.roots()):
        if root in wanted:
            record = records[position]
            names[root].extend((record.name, *record.aliases))
    return names


def _compatible(first: list[str], second: list[str]) -> bool:
    return any(names_compatible(one, two) for one in first for two in second)


def _people(names: dict[int, list[str]], people: Iterable[int]) -> int:
    """How many people ``people`` are at least: the groups that compatible names join."""
    holders = sorted(people)
    sets = _Sets(len(holders))
    for index, first in enumerate(holders):
        for other, second in enumerate(holders[index + 1 :], start=index + 1):
            if _compatible(names[first], names[second]):
                sets.union(index, other)
    return len({sets.find(index) for index in range(len(holders))})


# -- matching records with stored contacts ---------------------------------------------


@attrs.frozen
class MatchGroup:
    """One person among the records matched: which candidates, and which stored contacts.

    ``candidates`` are positions in the ``candidates`` given to :func:`match`, in
    order; ``existing`` the ids of the stored contacts that are the same person (none:
    a new person; several: the store already held duplicates, which
    :func:`find_duplicates` also reports); ``evidence`` the keys that joined them.
    """

    candidates: tuple[int, ...]
    existing: tuple[ContactId, ...]
    evidence: tuple[str, ...]


def match(candidates: Sequence[Contact], existing: Iterable[Contact]) -> list[MatchGroup]:
    """Group ``candidates`` (records from one source) into people, with the stored ones.

    Every candidate is in exactly one group; groups come in the order of their first
    candidate. The grouping is closed and independent of order (see the module); a
    phone number carried by more than two people among the candidates, or among the
    existing contacts, is not used. Pure: reads only its arguments.
    """
    stored = list(existing)
    records: list[Contact] = [*candidates, *stored]
    size = len(candidates)
    sets = _Sets(len(records))
    evidence: dict[int, list[str]] = defaultdict(list)
    _join_strong(records, sets, evidence)
    _join_phones(records, sets, (range(size), range(size, len(records))), evidence)
    groups: dict[int, list[int]] = {}
    for position, root in enumerate(sets.roots()):
        groups.setdefault(root, []).append(position)
    out = []
    for members in sorted(groups.values(), key=lambda m: m[0]):
        if members[0] >= size:
            continue  # stored contacts that no candidate concerns
        out.append(
            MatchGroup(
                candidates=tuple(p for p in members if p < size),
                existing=tuple(records[p].id for p in members if p >= size),
                evidence=tuple(dict.fromkeys(k for p in members for k in evidence.get(p, ()))),
            )
        )
    return out


# -- combining two records of one person -------------------------------------------------

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


# -- dedupe inside a store ---------------------------------------------------------------

#: The confidence of a group joined by ids, sources, emails or profile URLs alone.
STRONG = 1.0
#: The confidence of a group that needs a shared phone number with compatible names.
PHONE_AND_NAME = 0.8
#: The confidence of a group that needs the same full name (two words or more).
SAME_NAME = 0.5


@attrs.frozen
class DuplicateGroup:
    """Contacts of one store that look like one person.

    ``contacts`` are in id order; ``evidence`` the keys that joined them (``email …``,
    ``url …``, ``source …``, ``phone … and name``, ``name …``); ``confidence`` 1.0 when
    strong keys alone join them, 0.8 when a shared phone with compatible names is
    needed, 0.5 when only the same full name is.
    """

    contacts: tuple[Contact, ...]
    evidence: tuple[str, ...]
    confidence: float


def find_duplicates(store: Store) -> list[DuplicateGroup]:
    """The groups of ``store``'s contacts that look like one person, surest first.

    Read-only. Within one confidence, groups come in the order of their first id.
    """
    contacts = sorted(store.contacts(), key=_BY_ID)
    size = len(contacts)
    sets = _Sets(size)
    evidence: dict[int, list[str]] = defaultdict(list)
    _join_strong(contacts, sets, evidence)
    strong = sets.roots()
    _join_phones(contacts, sets, (range(size),), evidence)
    phone = sets.roots()
    by_name: dict[str, int] = {}
    keys: dict[str, str | None] = {}  # each name's key, worked out once
    for position, contact in enumerate(contacts):
        name = contact.name
        key = keys.get(name, "")
        if key == "":
            words = _name_words(name)
            key = keys[name] = " ".join(sorted(words)) if len(words) > 1 else None
        if key is None:
            continue
        other = by_name.setdefault(key, position)
        if other != position and sets.union(other, position):
            evidence[position].append(f"name {key}")
    roots = sets.roots()
    counts = Counter(roots)
    groups: dict[int, list[int]] = defaultdict(list)
    for position, root in enumerate(roots):
        if counts[root] > 1:
            groups[root].append(position)
    out = []
    for members in groups.values():
        if len({strong[p] for p in members}) == 1:
            confidence = STRONG
        elif len({phone[p] for p in members}) == 1:
            confidence = PHONE_AND_NAME
        else:
            confidence = SAME_NAME
        out.append(
            DuplicateGroup(
                contacts=tuple(contacts[p] for p in members),
                evidence=tuple(dict.fromkeys(k for p in members for k in evidence.get(p, ()))),
                confidence=confidence,
            )
        )
    out.sort(key=lambda g: (-g.confidence, g.contacts[0].id))
    return out


def merge_contacts(store: Store, keep: ContactId, *others: ContactId) -> Contact:
    """Merge the contacts ``others`` into ``keep``, in one transaction; returns the result.

    The fields are united (:func:`combine`, the absorbed names kept as aliases), and
    every reference to the others moves to ``keep``: interactions' participants and
    introducers, commitments, goals and other contacts' ``introduced_by``. Then the
    others are removed. Raises NotFoundError for an unknown id and ValidationError when
    ``keep`` is among ``others``; on any error nothing is written.
    """
    absorbed = tuple(dict.fromkeys(others))
    if keep in absorbed:
        raise ValidationError("others", keep, "contacts other than the one kept")
    gone = frozenset(absorbed)
    with store.transaction():
        kept = store.get_contact(keep)
        for other in absorbed:
            kept = combine(kept, store.get_contact(other))
        if kept.introduced_by in gone:
            kept = attrs.evolve(kept, introduced_by=None)
        kept = store.update_contact(kept)
        _move_references(store, keep, gone)
        for other in absorbed:
            store.forget(other)
        return store.get_contact(keep)


def _swap(ids: Iterable[ContactId], keep: ContactId, gone: frozenset[ContactId]) -> list[ContactId]:
    return list(dict.fromkeys(keep if i in gone else i for i in ids))


def _move_references(store: Store, keep: ContactId, gone: frozenset[ContactId]) -> None:
    seen: set[str] = set()
    for other in sorted(gone):
        for interaction in store.interactions(contact=other):
            if interaction.id in seen:
                continue
            seen.add(interaction.id)
            participants = _swap(interaction.participants, keep, gone)
            introducer = interaction.introduced_by
            if introducer in gone:
                introducer = keep
            if introducer in participants:
                introducer = None
            store.remove_interaction(interaction.id)
            store.add_interaction(
                attrs.evolve(interaction, participants=participants, introduced_by=introducer)
            )
        for commitment in store.commitments(contact=other):
            store.update_commitment(attrs.evolve(commitment, contact=keep))
        for goal in store.goals(contact=other):
            current = store.get_goal(goal.id)
            store.update_goal(attrs.evolve(current, contacts=_swap(current.contacts, keep, gone)))
    for contact in store.contacts():
        if contact.introduced_by in gone and contact.id not in gone:
            introducer = None if contact.id == keep else keep
            store.update_contact(attrs.evolve(contact, introduced_by=introducer))
