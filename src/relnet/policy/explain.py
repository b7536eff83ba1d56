"""Why a contact is (or is not) on the agenda: an :class:`Explanation`."""

from __future__ import annotations

from typing import Any, Literal

import attrs
import pendulum

from relnet.model import Contact
from relnet.model.records import instant_fields
from relnet.policy.followup import Breakdown, FollowUp, Reason

__all__ = ["Considered", "Explanation"]

#: What became of a candidate: the contact's item, listed in its ``also``, available
#: only after today, suppressed by its rule, or left out because the contact is.
Status = Literal["chosen", "also", "later", "suppressed", "excluded"]


@attrs.frozen
class Considered:
    """One candidate a rule produced for the contact, and what became of it.

    For a proposal, ``detail`` is the follow-up's text and ``breakdown`` its priority
    factors; for a suppression, ``detail`` is the cause. Dates are after the snooze
    floor; ``None`` when the rule did not say.
    """

    rule: str
    reason: Reason
    status: Status
    available_from: pendulum.Date | None
    due: pendulum.Date | None
    detail: str
    breakdown: Breakdown | None = None
    factors: tuple[str, ...] = ()

    @property
    def priority(self) -> float | None:
        """The candidate's priority (None for a suppression)."""
        return None if self.breakdown is None else self.breakdown.priority

    @property
    def line(self) -> str:
        """The candidate on one line."""
        when = []
        if self.available_from is not None:
            when.append(f"from {self.available_from.isoformat()}")
        if self.due is not None:
            when.append(f"due {self.due.isoformat()}")
        dated = f" ({', '.join(when)})" if when else ""
        named = (
            self.rule if self.rule == self.reason.value else f"{self.rule} → {self.reason.value}"
        )
        head = f"[{self.status}] {named}{dated}"
        if self.breakdown is None:
            return f"{head}: {self.detail}"
        b = self.breakdown
        score = (
            f"priority {b.priority:.2f} = base {b.base:g} × circle {b.circle:g} × goal "
            f"{b.goal:g} × reciprocity {b.reciprocity:g} × urgency {b.urgency:.3f}"
        )
        factors = f"; factors {', '.join(self.factors)}" if self.factors else ""
        return f"{head}: {score}{factors}. {self.detail}"

    def to_record(self) -> dict[str, Any]:
        """The candidate as a plain dict for JSON: ``rule``, ``reason``, ``status``,
        ``available_from``, ``due``, ``detail``, ``priority`` and ``breakdown`` (None
        for a suppression), ``factors`` and ``line``."""
        b = self.breakdown
        return {
            "rule": self.rule,
            "reason": self.reason.value,
            "status": self.status,
            "available_from": _day(self.available_from),
            "due": _day(self.due),
            "detail": self.detail,
            "priority": self.priority,
            "breakdown": None
            if b is None
            else {
                "base": b.base,
                "circle": b.circle,
                "goal": b.goal,
                "reciprocity": b.reciprocity,
                "urgency": b.urgency,
            },
            "factors": list(self.factors),
            "line": self.line,
        }


@attrs.frozen
class Explanation:
    """Everything the engine considered for one contact as of ``now``.

    ``excluded`` says why the contact gets nothing (archived, do-not-contact, snoozed),
    or is None. ``follow_up`` is the contact's next item (what
    :meth:`~relnet.policy.Engine.next_follow_up` returns). ``considered`` lists every
    candidate of every rule, in rule order. ``str(explanation)`` reads as a report.
    """

    contact: Contact
    now: pendulum.DateTime
    today: pendulum.Date
    excluded: str | None
    follow_up: FollowUp | None
    considered: tuple[Considered, ...]
    daily_capacity: int

    @property
    def on_agenda(self) -> bool | None:
        """True if on today's agenda for sure, False if not, None if capacity decides."""
        item = self.follow_up
        if item is None or item.available_from > self.today:
            return False
        return True if item.must_do else None

    @property
    def text(self) -> str:
        """A readable report: the verdict, then every candidate."""
        name = self.contact.name
        lines = [f"{name} on {self.today.isoformat()}:"]
        item = self.follow_up
        if self.excluded is not None:
            lines.append(f"Not on the agenda: {self.excluded}.")
        elif item is None:
            lines.append("Not on the agenda: no rule proposes anything.")
        elif item.available_from > self.today:
            lines.append(
                f"Not on the agenda yet: the next item shows from "
                f"{item.available_from.isoformat()}. {item.text}"
            )
        elif item.must_do:
            lines.append(f"On the agenda (must-do, never trimmed): {item.text}")
        else:
            lines.append(
                f"Proposed today, priority {item.priority:.2f}; it is on the agenda if it "
                f"ranks among the day's best optional items (daily capacity "
                f"{self.daily_capacity}, less the must-do items). {item.text}"
            )
        if self.considered:
            lines.append("Considered:")
            lines.extend(f"  {c.line}" for c in self.considered)
        else:
            lines.append("No rule had anything to say.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text

    def to_records(self) -> dict[str, Any]:
        """The same as :meth:`to_record`: the explanation, its ``text`` included, as a
        plain dict for JSON (every result an app returns answers ``to_records()``)."""
        return self.to_record()

    def to_record(self) -> dict[str, Any]:
        """The explanation as a plain dict for JSON: ``contact`` (its id), ``name``,
        ``now`` (an ISO 8601 instant) and ``now_zone``, ``today``, ``excluded``,
        ``on_agenda``, ``follow_up`` (:meth:`FollowUp.to_record
        <relnet.policy.FollowUp.to_record>` or None), ``considered`` (one
        :meth:`Considered.to_record` each), ``daily_capacity`` and ``text``, the
        readable report."""
        item = self.follow_up
        return {
            "contact": self.contact.id,
            "name": self.contact.name,
            **instant_fields("now", self.now),
            "today": self.today.isoformat(),
            "excluded": self.excluded,
            "on_agenda": self.on_agenda,
            "follow_up": None if item is None else item.to_record(),
            "considered": [c.to_record() for c in self.considered],
            "daily_capacity": self.daily_capacity,
            "text": self.text,
        }


def _day(day: pendulum.Date | None) -> str | None:
    return None if day is None else day.isoformat()
