"""Events: log a conference with everyone you met there, then see which ties took.

:func:`log_event` records an event and the people met there in one call;
:func:`event_report` tells, per person met, whether you followed up and whether the
tie became an ongoing one.

**Definitions** (as of ``now``; planned interactions never count):

* *met*: everyone named (as participant or introducer) by an interaction linked to the
  event (``interaction.event``); ``met_at`` is the earliest such interaction with them.
* *after the event*: touches with that person strictly later than ``met_at`` that come
  from interactions *not* linked to the event.
* *followed up*: you reached them (an outbound or mutual touch) strictly later than
  ``met_at``, from any interaction: the test of the ``event_follow_up`` rule
  (:func:`relnet.policy.rules.events.followed_up_after`), so a person the agenda
  stops suggesting a follow-up for counts as followed up.
* *ongoing*: at least :data:`ONGOING_TOUCHES` (2) of those within :data:`ONGOING_DAYS`
  (90) days of ``met_at``, at least one of them inbound or mutual (they engaged too):
  the tie outlived the event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import (
    Channel,
    Contact,
    ContactId,
    Event,
    EventId,
    Interaction,
    Value,
    epoch_us,
)
from relnet.network._common import (
    DAY_US,
    FieldsRecord,
    PastTouch,
    instant,
    local_instant,
    past_interactions,
    touches_by_contact,
)
from relnet.network.frames import FrameMixin
from relnet.policy.rules.events import followed_up_after
from relnet.storage import Store

__all__ = [
    "ONGOING_DAYS",
    "ONGOING_TOUCHES",
    "EventContact",
    "EventReport",
    "event_report",
    "log_event",
]

#: How many touches after an event make a tie ongoing…
ONGOING_TOUCHES = 2
#: …within how many days of meeting.
ONGOING_DAYS = 90


def log_event(
    store: Store,
    event: Event | EventId,
    people: Contact | ContactId | Iterable[Contact | ContactId],
    *,
    at: dt.datetime | None = None,
    summary: str = "",
    topics: Iterable[str] = (),
    gave: Iterable[Value] = (),
    received: Iterable[Value] = (),
) -> Interaction:
    """Log an event and the people met there, in one transaction; return the interaction.

    ``event`` is an :class:`~relnet.model.Event` (stored first when the store does not
    hold its id) or the id of a stored event. ``people`` are contact ids or
    :class:`~relnet.model.Contact` values; a contact the store does not hold yet is
    added, one it holds is used as stored. One interaction of channel ``event`` with
    all of them as participants is added, at ``at`` (the event's time by default), with
    ``summary`` (the event's name by default), ``topics``, and the values you ``gave``
    and ``received``.

    Nothing is written when anything fails. Raises NotFoundError for an unknown event or
    contact id, ConflictError when ``event`` differs from the stored event with its id,
    and ValidationError for bad values (no people, a naive ``at``…).
    """
    if isinstance(people, str | Contact):
        people = [ContactId(people) if isinstance(people, str) else people]
    elif not isinstance(people, Iterable):
        raise ValidationError("people", people, "contact ids or Contact values")
    with store.transaction():
        stored = _stored_event(store, event)
        ids: list[ContactId] = []
        for person in people:
            if isinstance(person, Contact):
                try:
                    store.get_contact(person.id)
                except NotFoundError:
                    store.add_contact(person)
                ids.append(person.id)
            else:
                ids.append(person)
        interaction = Interaction(
            ids,
            stored.at if at is None else at,
            Channel.EVENT,
            summary=summary or stored.name,
            topics=topics,
            gave=gave,
            received=received,
            event=stored.id,
        )
        return store.add_interaction(interaction)


def _stored_event(store: Store, event: Event | EventId) -> Event:
    if not isinstance(event, Event):
        if not isinstance(event, str):
            raise ValidationError("event", event, "an Event or the id of a stored event")
        return store.get_event(event)
    try:
        stored = store.get_event(event.id)
    except NotFoundError:
        return store.add_event(event)
    if stored != event:
        raise ConflictError(
            f"another event with id {event.id!r} is stored: {stored.name!r}",
            kind="event",
            id=event.id,
            reason="duplicate",
        )
    return stored


@attrs.frozen
class EventContact(FieldsRecord):
    """Someone met at an event, and what became of the tie (see the module's definitions)."""

    contact: ContactId
    name: str
    met_at: pendulum.DateTime
    followed_up: bool
    first_follow_up: pendulum.DateTime | None
    touches_after: int
    ongoing: bool


@attrs.frozen
class EventReport(FrameMixin):
    """Whom you met at ``event``, who got a follow-up, which ties became ongoing."""

    event: Event
    met: tuple[EventContact, ...]

    @property
    def followed_up(self) -> tuple[ContactId, ...]:
        """Ids of the people you followed up with."""
        return tuple(m.contact for m in self.met if m.followed_up)

    @property
    def ongoing(self) -> tuple[ContactId, ...]:
        """Ids of the people with whom the tie became ongoing."""
        return tuple(m.contact for m in self.met if m.ongoing)

    @property
    def follow_up_rate(self) -> float:
        """The share of people met that you followed up with (0 when you met nobody)."""
        return len(self.followed_up) / len(self.met) if self.met else 0.0

    def to_records(self) -> list[dict[str, Any]]:
        """One row per person met, with the event's id and name."""
        return [
            {"event": self.event.id, "event_name": self.event.name} | m.to_record()
            for m in self.met
        ]


def event_report(store: Store, event_id: EventId, *, now: dt.datetime) -> EventReport:
    """Whom you met at the event, who got a follow-up and which ties became ongoing.

    People come in name order (case-insensitive), then id. Raises NotFoundError for an
    unknown event.
    """
    moment = instant(now)
    now_us = epoch_us(moment)
    event = store.get_event(event_id)
    zone = store.get_settings().timezone
    history = past_interactions(store, now_us)
    met_at: dict[ContactId, Interaction] = {}
    for interaction in history:
        if interaction.event == event.id:
            for person in interaction.contacts:
                met_at.setdefault(person, interaction)
    contacts = {c.id: c for c in store.contacts() if c.id in met_at}
    touches = touches_by_contact(history)
    rows = []
    for person, first in met_at.items():
        contact = contacts.get(person)
        if contact is None:
            continue
        first_us = epoch_us(first.at)
        later = [t for t in touches.get(person, []) if t.at_us > first_us]
        after = [t for t in later if t.interaction.event != event.id]
        rows.append(_row(contact, first, later, after, zone))
    rows.sort(key=lambda r: (r.name.casefold(), r.contact))
    return EventReport(event=event, met=tuple(rows))


def _row(
    contact: Contact,
    first: Interaction,
    later: list[PastTouch],
    after: list[PastTouch],
    zone: str,
) -> EventContact:
    """The row of someone first met at ``first``; ``later`` are all their touches after
    it, ``after`` those not linked to the event."""
    first_us = epoch_us(first.at)
    reached = [t for t in later if t.reached]
    last_reach = reached[-1].at_us if reached else None
    window = [t for t in after if t.at_us <= first_us + ONGOING_DAYS * DAY_US]
    ongoing = len(window) >= ONGOING_TOUCHES and any(t.heard for t in window)
    return EventContact(
        contact=contact.id,
        name=contact.name,
        met_at=local_instant(first.at, zone),
        followed_up=followed_up_after(last_reach, first_us),
        first_follow_up=(local_instant(reached[0].interaction.at, zone) if reached else None),
        touches_after=len(after),
        ongoing=ongoing,
    )
