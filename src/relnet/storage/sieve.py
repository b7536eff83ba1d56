"""Bounds on touch-summary instants: how the engine asks a store for only the contacts
that may have something today.

A *sieve* maps the name of an instant field of :class:`~relnet.model.TouchSummary` to
the earliest instant (epoch microseconds) that counts. A summary passes when at least
one of its bounded fields is set and at or after its bound. A store with the
:class:`~relnet.storage.SummarySieve` ability answers that question itself (in SQL, or
from indexes); :func:`passes` is the reference every answer must match.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relnet.errors import ValidationError
from relnet.model import TouchSummary

__all__ = ["INSTANT_FIELDS", "checked_sieve", "passes"]

#: The :class:`~relnet.model.TouchSummary` fields that hold an instant or None.
INSTANT_FIELDS: tuple[str, ...] = (
    "first_touch",
    "last_touch",
    "last_inbound",
    "last_reach",
    "last_heard",
    "pending_reply",
    "last_ask",
    "first_meeting",
    "first_event",
    "open_intro",
    "last_advice",
    "next_planned",
)

_LOWEST = -(2**63)
_HIGHEST = 2**63 - 1


def checked_sieve(since: Any) -> dict[str, int]:
    """``since`` as a plain dict, or :class:`~relnet.errors.ValidationError` naming what
    is wrong with it.

    >>> checked_sieve({"pending_reply": 5})
    {'pending_reply': 5}
    >>> checked_sieve({"name": 5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relnet.errors.ValidationError: since: expected an instant field of TouchSummary: ..., got 'name'
    """
    if not isinstance(since, Mapping):
        raise ValidationError("since", since, "a mapping of summary field names to instants")
    out: dict[str, int] = {}
    for name, bound in since.items():
        if name not in INSTANT_FIELDS:
            raise ValidationError(
                "since", name, f"an instant field of TouchSummary: {', '.join(INSTANT_FIELDS)}"
            )
        if (
            isinstance(bound, bool)
            or not isinstance(bound, int)
            or not (_LOWEST <= bound <= _HIGHEST)
        ):
            raise ValidationError(
                f"since[{name!r}]", bound, "epoch microseconds as a 64-bit whole number"
            )
        out[name] = bound
    return out


def passes(summary: TouchSummary, since: Mapping[str, int]) -> bool:
    """Whether some field bounded by ``since`` is set in ``summary`` and at or after its
    bound.

    >>> passes(TouchSummary(contact="ada", pending_reply=10), {"pending_reply": 5})
    True
    >>> passes(TouchSummary(contact="ada"), {"pending_reply": 5})
    False
    """
    for name, bound in since.items():
        value = getattr(summary, name)
        if value is not None and value >= bound:
            return True
    return False
