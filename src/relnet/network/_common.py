"""What the network views share: the past touches of each contact, local dates, sort keys.

Every view reads the store's history once, keeps only what happened at or before
``now`` (planned interactions never count), and turns instants into the owner's local
dates with the store's :class:`~relnet.model.Settings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import pendulum

from relnet.model import (
    Channel,
    Contact,
    ContactId,
    Direction,
    Interaction,
    Stage,
    Touch,
    TouchSummary,
    epoch_us,
)
from relnet.model._check import to_instant
from relnet.model.instants import EPOCH, from_epoch_us, in_zone, zone
from relnet.storage import Store

DAY_US = 86_400_000_000
#: The window of "the last year", in days (as the policy's reciprocity window).
YEAR_DAYS = 365


def instant(now: Any) -> pendulum.DateTime:
    """``now`` as an aware instant, or a ValidationError naming ``now``."""
    return to_instant(now, "now")


def local_date(moment: dt.datetime, timezone: str) -> pendulum.Date:
    """The owner's local date of an aware instant."""
    return in_zone(to_instant(moment, "at"), zone(timezone)).date()


def day_start_us(day: pendulum.Date, timezone: str) -> int:
    """The first instant of ``day`` in ``timezone``, in microseconds since the epoch.

    An instant's local date is on or after ``day`` exactly when the instant is at or
    after this one, which saves converting every instant to a local date.
    """
    start = pendulum.datetime(day.year, day.month, day.day, tz=timezone)
    return epoch_us(start)


def date_of_us(us: int, timezone: str) -> pendulum.Date:
    """The owner's local date of an instant given in microseconds since the epoch."""
    return from_epoch_us(us, zone(timezone)).date()


def local_instant(moment: dt.datetime, timezone: str) -> pendulum.DateTime:
    """An aware instant shown in the owner's zone (for records and frames)."""
    return in_zone(to_instant(moment, "at"), zone(timezone))


class FieldsRecord:
    """Gives a frozen attrs row ``to_record()``: its fields, by name, in their order.

    For rows whose record is exactly their fields; a row that renames, flattens or adds
    columns writes its own ``to_record``.
    """

    __slots__ = ()
    if TYPE_CHECKING:  # what makes the row an attrs instance to the type checker
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def to_record(self) -> dict[str, Any]:
        """The row as a plain dict of its fields."""
        return attrs.asdict(self, recurse=False)


def name_key(contact: Contact) -> tuple[str, str]:
    """Sort people by name (case-insensitive), then id: the order every list uses."""
    return (contact.name.casefold(), contact.id)


@attrs.frozen
class PastTouch:
    """One past touch of one contact: when, through which interaction, and how it counts."""

    at_us: int
    interaction: Interaction
    touch: Touch

    @property
    def direction(self) -> Direction:
        """The touch's direction for the contact."""
        return self.touch.direction

    @property
    def reached(self) -> bool:
        """You reached them: an outbound or mutual touch."""
        return self.touch.direction is not Direction.INBOUND

    @property
    def heard(self) -> bool:
        """You heard from them: an inbound or mutual touch."""
        return self.touch.direction is not Direction.OUTBOUND


def past_interactions(
    store: Store, now_us: int, contact: ContactId | None = None
) -> Sequence[Interaction]:
    """The store's interactions at or before ``now`` (naming ``contact`` when given), in
    the store's time order (instant, then id)."""
    until = EPOCH + dt.timedelta(microseconds=now_us + 1)
    return store.interactions(contact=contact, until=until)


def touches_by_contact(interactions: Iterable[Interaction]) -> dict[ContactId, list[PastTouch]]:
    """Each contact's touches from ``interactions`` (already past and in time order)."""
    out: dict[ContactId, list[PastTouch]] = {}
    for interaction in interactions:
        at_us = epoch_us(interaction.at)
        for touch in interaction.touches():
            out.setdefault(touch.contact, []).append(PastTouch(at_us, interaction, touch))
    return out


def past_touches(store: Store, now_us: int) -> dict[ContactId, list[PastTouch]]:
    """Every contact's touches at or before ``now``, in time order."""
    return touches_by_contact(past_interactions(store, now_us))


def touches_of(store: Store, now_us: int, contact: ContactId) -> list[PastTouch]:
    """``contact``'s touches at or before ``now``, in time order."""
    return touches_by_contact(past_interactions(store, now_us, contact)).get(contact, [])


def is_known(contact: Contact, summary: TouchSummary | None) -> bool:
    """Whether you know ``contact`` yourself: a past touch, or a stage past ``target``."""
    touched = summary is not None and summary.touches > 0
    return touched or contact.stage is not Stage.TARGET


def channel_words(channels: Iterable[Channel]) -> str:
    """``"interaction"`` in general, or the channel's own word when they all share one."""
    kinds = set(channels)
    if len(kinds) == 1:
        only = next(iter(kinds))
        return {
            Channel.MEETING: "meeting",
            Channel.CALL: "call",
            Channel.VIDEO: "video call",
            Channel.EVENT: "event",
            Channel.EMAIL: "email",
            Channel.MESSAGE: "message",
            Channel.SOCIAL: "social post",
            Channel.INTRO: "intro",
        }.get(only, "interaction")
    return "interaction"


def plural(count: int, word: str) -> str:
    """``"1 meeting"``, ``"3 meetings"``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
