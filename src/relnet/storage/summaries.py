"""Touch summaries of any store: from the store itself when it computes them
(:class:`~relnet.storage.SummarySource`), else folded from its history with
:func:`relnet.model.summarize`. Both give equal summaries; the tests check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TypeGuard

from relnet.model import ContactId, TouchSummary, summarize
from relnet.model._check import to_instant
from relnet.storage.protocol import Store, SummarySource

__all__ = ["touch_summaries_of"]

#: Up to this many contacts, the fold reads each one's own history (one query each);
#: beyond it, the whole history once.
_ONE_BY_ONE = 4


def touch_summaries_of(
    store: Store, contacts: Iterable[ContactId] | None = None, *, now: dt.datetime
) -> Mapping[ContactId, TouchSummary]:
    """One :class:`~relnet.model.TouchSummary` as of ``now`` per contact in ``contacts``
    (every stored contact when None); a contact never touched gets an empty one.

    Raises :class:`~relnet.errors.ValidationError` when ``now`` is not an aware datetime.
    """
    if _computes_summaries(store):
        if contacts is None:
            return store.touch_summaries(now=now)
        return store.touch_summaries(now=now, contacts=contacts)
    now = to_instant(now, "now")
    ids = [c.id for c in store.contacts()] if contacts is None else list(contacts)
    if len(ids) <= _ONE_BY_ONE:
        # Only a contact's own interactions touch them: a few short histories are
        # cheaper than the whole one.
        return {
            person: summarize(store.interactions(contact=person), now=now, contacts=[person])[
                person
            ]
            for person in ids
        }
    folded = summarize(store.interactions(), now=now, contacts=ids)
    return {person: folded[person] for person in ids}


def _computes_summaries(store: Store) -> TypeGuard[SummarySource]:
    """``isinstance(store, SummarySource)`` as the attribute test it amounts to, without
    the protocol check's cost (microseconds, on every engine call)."""
    return getattr(store, "touch_summaries", None) is not None
