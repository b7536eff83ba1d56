"""How imports recognise a person they have seen before: email, profile URL, phone digits.

Two records are the same person when they share an email address (compared without
regard to case), a profile URL (compared in the normal form below) or a phone number
(compared by its digits, at least seven of them). Plain web sites do not identify
anyone (a company site is shared by its staff), so only *profile* URLs count: LinkedIn
``/in/…`` and ``/pub/…`` pages and accounts on a few social sites.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from relnet.model import Contact

__all__ = [
    "identity_keys",
    "normalize_email",
    "normalize_linkedin_url",
    "phone_digits",
    "profile_key",
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


def normalize_email(email: str) -> str:
    """The email address as compared: stripped and case-folded."""
    return email.strip().casefold()


def phone_digits(phone: str) -> str | None:
    """The digits of a phone number (a leading ``00`` read as ``+``), or None if under 7."""
    digits = "".join(ch for ch in phone if "0" <= ch <= "9")
    if digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= _MIN_PHONE_DIGITS else None


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
    segments = [segment for segment in parts.path.split("/") if segment]
    return host, segments


def normalize_linkedin_url(url: str) -> str | None:
    """A LinkedIn profile URL in normal form, or None if ``url`` is not one.

    The normal form is ``https://linkedin.com/in/<slug>``: https, the host without
    ``www.`` or a country prefix, the slug lower-cased, no trailing slash, query or
    fragment. Old public URLs (``/pub/name/1/23/456``) keep their path.

    >>> normalize_linkedin_url("http://WWW.LinkedIn.com/in/Ada-Lovelace/?trk=x")
    'https://linkedin.com/in/ada-lovelace'
    """
    split = _split(url)
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
    split = _split(url)
    if split is None:
        return None
    host, segments = split
    host = host.removeprefix("www.").removeprefix("mobile.")
    site = _SOCIAL_HOSTS.get(host)
    if site is None or not segments:
        return None
    return f"https://{site}/{segments[0].lower()}"


def identity_keys(contact: Contact) -> Iterator[str]:
    """Every key that identifies ``contact``: ``email …``, ``url …`` and ``phone …``."""
    for email in contact.emails:
        yield f"email {normalize_email(email)}"
    for url in contact.urls:
        key = profile_key(url)
        if key is not None:
            yield f"url {key}"
    for phone in contact.phones:
        digits = phone_digits(phone)
        if digits is not None:
            yield f"phone {digits}"
