"""The filter of :meth:`~relnet.storage.Store.interactions`, checked once for every store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs

from relnet import model
from relnet.model import epoch_us
from relnet.model._check import to_instant

__all__ = ["Bound", "Window", "instant_keys", "interaction_window"]

#: A ``since`` or ``until`` argument: an aware instant, or None for no bound.
Bound: TypeAlias = dt.datetime | None


@attrs.frozen
class Window:
    """Which interactions a listing keeps: ``low_us <= at < high_us`` (epoch
    microseconds; None leaves that side open), naming ``contact`` when it is set."""

    contact: model.ContactId | None
    low_us: int | None
    high_us: int | None


def interaction_window(contact: model.ContactId | None, since: Any, until: Any) -> Window:
    """The :class:`Window` of ``Store.interactions(contact=, since=, until=)``.

    Raises ValidationError for a ``since`` or ``until`` that is not an aware datetime.
    """
    return Window(contact, _us(since, "since"), _us(until, "until"))


def _us(value: Any, field: str) -> int | None:
    return None if value is None else _instant_us(value, field)


def _instant_us(value: Any, field: str) -> int:
    """``value`` (an aware datetime) as epoch microseconds, or ValidationError naming
    ``field``. A plain datetime in UTC (the engine asks at ``EPOCH + timedelta``) is
    read as it is: the instant making a pendulum value of it first would give, at a
    thirtieth of the cost."""
    if type(value) is dt.datetime and value.tzinfo is dt.UTC:
        return epoch_us(value)
    return epoch_us(to_instant(value, field))


def instant_keys(instants: Iterable[Any]) -> list[int]:
    """The distinct instants of :meth:`~relnet.storage.InteractionsAt.interactions_at`
    as epoch microseconds, in order.

    Raises ValidationError (field ``instants``) for one that is not an aware datetime.
    """
    return sorted({_instant_us(at, "instants") for at in instants})
