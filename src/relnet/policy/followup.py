"""What the engine proposes: a :class:`FollowUp` per contact, with its :class:`Reason`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

import attrs
import pendulum

from relnet.model import CommitmentId, ContactId, InteractionId
from relnet.model.records import instant_fields

__all__ = ["MUST_DO", "Breakdown", "FollowUp", "Reason"]


class Reason(StrEnum):
    """Why a contact is on the agenda; each value is a stable machine code."""

    REPLY_OWED = "reply_owed"
    THANK_YOU = "thank_you"
    PROMISE = "promise"
    EVENT_FOLLOW_UP = "event_follow_up"
    INTRO_LOOP = "intro_loop"
    MENTOR_LOOP = "mentor_loop"
    NUDGE = "nudge"
    CHECK_IN = "check_in"
    KEEP_IN_TOUCH = "keep_in_touch"
    RECONNECT = "reconnect"
    BIRTHDAY = "birthday"


#: The reasons that must be acted on: never trimmed by the daily capacity.
MUST_DO: frozenset[Reason] = frozenset({Reason.REPLY_OWED, Reason.THANK_YOU, Reason.PROMISE})


@attrs.frozen
class Breakdown:
    """The factors whose product is a follow-up's priority."""

    base: float
    circle: float = 1.0
    goal: float = 1.0
    reciprocity: float = 1.0
    urgency: float = 1.0

    @property
    def priority(self) -> float:
        """``base × circle × goal × reciprocity × urgency``."""
        return self.base * self.circle * self.goal * self.reciprocity * self.urgency


@attrs.frozen
class FollowUp:
    """One proposed follow-up with one contact, and everything that explains it.

    ``due`` and ``available_from`` are local dates in the owner's zone; ``due_at`` is
    the due date at the owner's reminder time (the exact instant for a thank-you).
    ``also`` lists the reasons of the contact's other candidates, in agenda order.
    ``interaction`` and ``commitment`` point at the record the follow-up is about, when
    there is one (the meeting to thank for, the promise to keep). ``text`` is the whole
    explanation; ``headline`` (what to do, to whom, by when) and ``details`` (why, and
    the notes) are its two parts, for a view that shows them apart.
    """

    contact: ContactId
    name: str
    reason: Reason
    must_do: bool
    available_from: pendulum.Date
    due: pendulum.Date
    due_at: pendulum.DateTime
    state: Literal["due", "overdue"]
    overdue_days: int
    priority: float
    breakdown: Breakdown
    factors: tuple[str, ...]
    text: str
    also: tuple[Reason, ...] = ()
    interaction: InteractionId | None = None
    commitment: CommitmentId | None = None
    headline: str = ""
    details: str = ""

    def to_records(self) -> dict[str, Any]:
        """The same as :meth:`to_record`: the follow-up as a plain dict for JSON (every
        result an app returns answers ``to_records()``)."""
        return self.to_record()

    def to_record(self) -> dict[str, Any]:
        """The follow-up as a plain dict for JSON (one item of
        :meth:`Agenda.to_records <relnet.policy.Agenda.to_records>`): dates as
        ``YYYY-MM-DD``, ``due_at`` as a standard ISO 8601 instant with ``due_at_zone``
        beside it, enums as their values."""
        breakdown = self.breakdown
        return {
            "contact": self.contact,
            "name": self.name,
            "reason": self.reason.value,
            "must_do": self.must_do,
            "available_from": self.available_from.isoformat(),
            "due": self.due.isoformat(),
            **instant_fields("due_at", self.due_at),
            "state": self.state,
            "overdue_days": self.overdue_days,
            "priority": self.priority,
            "breakdown": {
                "base": breakdown.base,
                "circle": breakdown.circle,
                "goal": breakdown.goal,
                "reciprocity": breakdown.reciprocity,
                "urgency": breakdown.urgency,
            },
            "factors": list(self.factors),
            "text": self.text,
            "headline": self.headline,
            "details": self.details,
            "also": [reason.value for reason in self.also],
            "interaction": self.interaction,
            "commitment": self.commitment,
        }
