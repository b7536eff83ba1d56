"""The normal forms imports compare people by; the matcher itself is :mod:`relnet.identity`.

Kept for the readers and for code written against earlier releases: every name here is
the one in :mod:`relnet.identity`.
"""

from __future__ import annotations

from collections.abc import Iterator

from relnet.identity import (
    normalize_email,
    normalize_linkedin_url,
    phone_digits,
    phone_key,
    profile_key,
    strong_keys,
)
from relnet.model import Contact

__all__ = [
    "identity_keys",
    "normalize_email",
    "normalize_linkedin_url",
    "phone_digits",
    "profile_key",
]


def identity_keys(contact: Contact) -> Iterator[str]:
    """Every key that identifies ``contact``: its strong keys, then ``phone …`` keys.

    A phone key is evidence only together with a compatible name (see
    :mod:`relnet.identity`).
    """
    for key in strong_keys(contact):
        if not key.startswith("id "):
            yield key
    for phone in contact.phones:
        digits = phone_key(phone)
        if digits is not None:
            yield f"phone {digits}"
