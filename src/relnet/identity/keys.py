"""Normal forms and keys: what two records of one person are compared by.

Emails (stripped, case-folded), phone numbers (their last nine digits), profile URLs
(:func:`profile_key`), a row's source key (:func:`source_key`) and the id made from it
(:func:`stable_id`), and whether two names may be one person's
(:func:`names_compatible`). :mod:`relnet.identity` explains how they are used.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from relnet.model import Contact, ContactId

__all__ = [
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
