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

The package holds one concept per module: :mod:`relnet.identity.keys` (normal forms and
keys), :mod:`relnet.identity.matching` (the union-find and :func:`match`),
:mod:`relnet.identity.combining` (:func:`combine`) and
:mod:`relnet.identity.duplicates` (dedupe and merging inside a store). Import every
name from here.
"""

from __future__ import annotations

from relnet.identity.combining import combine

# The confidences and the shared-phone limit are imported "as" themselves (explicit
# re-exports): importable from here, not in __all__.
from relnet.identity.duplicates import PHONE_AND_NAME as PHONE_AND_NAME
from relnet.identity.duplicates import SAME_NAME as SAME_NAME
from relnet.identity.duplicates import STRONG as STRONG
from relnet.identity.duplicates import (
    DuplicateGroup,
    find_duplicates,
    merge_contacts,
)
from relnet.identity.keys import (
    names_compatible,
    normalize_email,
    normalize_linkedin_url,
    phone_digits,
    phone_key,
    profile_key,
    source_key,
    stable_id,
    strong_keys,
)
from relnet.identity.matching import SHARED_PHONE_LIMIT as SHARED_PHONE_LIMIT
from relnet.identity.matching import MatchGroup, match

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
