"""Reciprocity: what you gave and received, where you owe, and what you could offer.

Value changes hands in touches (the policy's touch table): an interaction's ``gave`` and
``received`` count for each participant it touches, an intro someone made for you
counts as an intro received from the introducer, and an intro you made as an intro
given to both people. Only touches at or before ``now`` count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs
import pendulum

from relnet.model import Contact, ContactId, InteractionId, Value, epoch_us
from relnet.network._common import (
    YEAR_DAYS,
    PastTouch,
    day_start_us,
    instant,
    local_date,
    local_instant,
    name_key,
    past_touches,
    touches_of,
)
from relnet.network.frames import FrameMixin
from relnet.storage import Store

__all__ = [
    "GIVEN_MARGIN",
    "OWE_MARGIN",
    "Balance",
    "BalanceState",
    "Flow",
    "Ledger",
    "LedgerEntry",
    "givers_and_takers",
    "ledger",
    "offers",
]

#: You owe someone when, in the last year, touches in which you received value
#: outnumber those in which you gave by at least this much (as the engine's
#: reciprocity factor: one is enough).
OWE_MARGIN = 1
#: You have given much when touches in which you gave outnumber those in which you
#: received by at least this much.
GIVEN_MARGIN = 2


class Flow(StrEnum):
    """Which way value went in a ledger entry."""

    GAVE = "gave"
    RECEIVED = "received"


@attrs.frozen
class LedgerEntry:
    """Value that changed hands with a contact in one interaction."""

    at: pendulum.DateTime
    date: pendulum.Date
    flow: Flow
    values: tuple[Value, ...]
    interaction: InteractionId
    summary: str = ""

    def to_record(self) -> dict[str, Any]:
        """The entry as a plain dict (``values`` as a list of strings)."""
        return {
            "at": self.at,
            "date": self.date,
            "flow": self.flow.value,
            "values": [v.value for v in self.values],
            "interaction": self.interaction,
            "summary": self.summary,
        }


def _totals(value: Any) -> Mapping[Value, int]:
    return MappingProxyType({Value(k): int(v) for k, v in dict(value).items()})


@attrs.frozen
class Ledger(FrameMixin):
    """Every exchange of value with one contact, oldest first, with totals per value.

    ``gave[v]`` and ``received[v]`` count the entries that carried ``v`` (values that
    never changed hands are absent).
    """

    contact: ContactId
    name: str
    entries: tuple[LedgerEntry, ...]
    gave: Mapping[Value, int] = attrs.field(factory=dict, converter=_totals)
    received: Mapping[Value, int] = attrs.field(factory=dict, converter=_totals)

    @property
    def given_count(self) -> int:
        """How many entries record value you gave."""
        return sum(1 for e in self.entries if e.flow is Flow.GAVE)

    @property
    def received_count(self) -> int:
        """How many entries record value you received."""
        return sum(1 for e in self.entries if e.flow is Flow.RECEIVED)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per entry, with the contact's id and name."""
        return [{"contact": self.contact, "name": self.name} | e.to_record() for e in self.entries]


def _entries(touches: list[PastTouch], zone: str) -> list[LedgerEntry]:
    out = []
    for past in touches:
        for flow, values in ((Flow.GAVE, past.touch.gave), (Flow.RECEIVED, past.touch.received)):
            if values:
                at = past.interaction.at
                out.append(
                    LedgerEntry(
                        at=local_instant(at, zone),
                        date=local_date(at, zone),
                        flow=flow,
                        values=tuple(dict.fromkeys(values)),
                        interaction=past.interaction.id,
                        summary=past.interaction.summary,
                    )
                )
    return out


def ledger(store: Store, contact_id: ContactId, *, now: dt.datetime) -> Ledger:
    """What you gave ``contact_id`` and received from them, entry by entry, as of ``now``.

    An interaction in which value went both ways gives two entries (gave first). Raises
    NotFoundError for an unknown contact.
    """
    moment = instant(now)
    contact = store.get_contact(contact_id)
    zone = store.get_settings().timezone
    touches = touches_of(store, epoch_us(moment), contact.id)
    entries = _entries(touches, zone)
    gave: dict[Value, int] = {}
    received: dict[Value, int] = {}
    for entry in entries:
        bucket = gave if entry.flow is Flow.GAVE else received
        for value in entry.values:
            bucket[value] = bucket.get(value, 0) + 1
    order = list(Value)
    return Ledger(
        contact=contact.id,
        name=contact.name,
        entries=tuple(entries),
        gave={v: gave[v] for v in order if v in gave},
        received={v: received[v] for v in order if v in received},
    )


class BalanceState(StrEnum):
    """Where a relationship's give and take stands."""

    OWE = "owe"
    GIVEN = "given"


@attrs.frozen
class Balance:
    """Give and take with one contact over the last year (and over all time).

    ``gave`` and ``received`` count touches in the 365 days ending today (local dates,
    as the engine's reciprocity factor) that carried value you gave or received.
    """

    contact: ContactId
    name: str
    state: BalanceState
    gave: int
    received: int
    lifetime_gave: int
    lifetime_received: int

    @property
    def net(self) -> int:
        """Received minus gave in the last year: above 0 you owe."""
        return self.received - self.gave

    @property
    def explanation(self) -> str:
        """A sentence a person can read."""
        if self.state is BalanceState.OWE:
            return (
                f"{self.name} helped you {self.received}× in the last year and you gave "
                f"{self.gave}×: offer something back."
            )
        return (
            f"You gave {self.name} {self.gave}× in the last year and received "
            f"{self.received}×: you have been generous."
        )

    def to_record(self) -> dict[str, Any]:
        """The balance as a plain dict."""
        return {
            "contact": self.contact,
            "name": self.name,
            "state": self.state.value,
            "gave": self.gave,
            "received": self.received,
            "net": self.net,
            "lifetime_gave": self.lifetime_gave,
            "lifetime_received": self.lifetime_received,
            "explanation": self.explanation,
        }


def givers_and_takers(store: Store, *, now: dt.datetime) -> list[Balance]:
    """Where you owe, and where you have given much, over the last year.

    ``owe``: received − gave ≥ :data:`OWE_MARGIN`; ``given``: gave − received ≥
    :data:`GIVEN_MARGIN` (counting touches, as :class:`Balance` says). Reachable
    contacts only. Those you owe come first, most owed first; then those you gave to,
    most given first; ties by name (case-insensitive), then id.
    """
    moment = instant(now)
    settings = store.get_settings()
    zone = settings.timezone
    today = settings.today(moment)
    start_us = day_start_us(today.subtract(days=YEAR_DAYS - 1), zone)
    touches = past_touches(store, epoch_us(moment))
    rows: list[tuple[tuple[int, int, str, str], Balance]] = []
    for contact in store.contacts(include_archived=False):
        mine = touches.get(contact.id, [])
        if not contact.reachable or not mine:
            continue
        recent = [t for t in mine if t.at_us >= start_us]
        gave = sum(1 for t in recent if t.touch.gave)
        received = sum(1 for t in recent if t.touch.received)
        if received - gave >= OWE_MARGIN:
            state, rank = BalanceState.OWE, (0, gave - received)
        elif gave - received >= GIVEN_MARGIN:
            state, rank = BalanceState.GIVEN, (1, received - gave)
        else:
            continue
        balance = Balance(
            contact=contact.id,
            name=contact.name,
            state=state,
            gave=gave,
            received=received,
            lifetime_gave=sum(1 for t in mine if t.touch.gave),
            lifetime_received=sum(1 for t in mine if t.touch.received),
        )
        rows.append(((*rank, *name_key(contact)), balance))
    rows.sort(key=lambda row: row[0])
    return [balance for _, balance in rows]


_GENERIC: Mapping[Value, str] = MappingProxyType(
    {
        Value.ADVICE: "Offer advice or a second opinion on what {name} is working on.",
        Value.INTRO: "Introduce {name} to someone in your network they would like to meet.",
        Value.REFERRAL: "Refer {name} for a role, a client or a project that fits them.",
        Value.RESOURCE: "Share a resource useful to {name}: a paper, a tool, a data set.",
        Value.FEEDBACK: "Offer feedback on {name}'s recent work.",
        Value.ENDORSEMENT: "Endorse or recommend {name}'s work publicly.",
        Value.OPPORTUNITY: "Pass on an opportunity that suits {name}: a job, a talk, a call.",
        Value.SUPPORT: "Ask {name} how you can help with what they are working on now.",
    }
)


def offers(store: Store, contact_id: ContactId, *, now: dt.datetime) -> list[str]:
    """Suggestions of what to offer ``contact_id``, the most fitting first.

    1. Your expertise (``store.get_profile().expertise``) that matches one of their
       interests, compared case-insensitively, in alphabetical order;
    2. then their other interests (a resource or an event on the topic);
    3. then a generic offer for each :class:`~relnet.model.Value`: first in kind for
       what they gave you in the last year (most often first), then the others in the
       enum's order.

    Raises NotFoundError for an unknown contact.
    """
    moment = instant(now)
    contact = store.get_contact(contact_id)
    expertise = {e.strip().casefold(): e.strip() for e in store.get_profile().expertise}
    interests = sorted(contact.interests, key=lambda i: (i.casefold(), i))
    matched = [i for i in interests if i.strip().casefold() in expertise]
    out = [
        f"Share your expertise in {expertise[i.strip().casefold()]}: "
        f"{contact.name} is interested in it."
        for i in matched
    ]
    out += [
        f"Send {contact.name} an article, a talk or an event about {i}."
        for i in interests
        if i not in matched
    ]
    out += [_GENERIC[v].format(name=contact.name) for v in _in_kind(store, contact, moment)]
    return out


def _in_kind(store: Store, contact: Contact, moment: pendulum.DateTime) -> list[Value]:
    """Every Value: those they gave you in the last year first (most often first)."""
    settings = store.get_settings()
    start_us = day_start_us(settings.today(moment).subtract(days=YEAR_DAYS - 1), settings.timezone)
    touches = touches_of(store, epoch_us(moment), contact.id)
    counts: dict[Value, int] = {}
    for past in touches:
        if past.at_us >= start_us:
            for value in dict.fromkeys(past.touch.received):
                counts[value] = counts.get(value, 0) + 1
    order = list(Value)
    return sorted(order, key=lambda v: (-counts.get(v, 0), order.index(v)))
