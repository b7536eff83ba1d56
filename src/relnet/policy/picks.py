"""What the engine makes of proposals: a :class:`Scored` item per proposal (after the
snooze floor, with its priority) and a :class:`Pick` per contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from relnet.policy import dates
from relnet.policy.context import Context
from relnet.policy.followup import MUST_DO, Breakdown, Reason
from relnet.policy.planning import Day
from relnet.policy.rule import Proposal
from relnet.policy.scoring import ContactFactors

__all__ = ["Pick", "Scored", "pick"]

_REASON_ORDER = {reason: index for index, reason in enumerate(Reason)}


class Scored:
    """A proposal after the snooze floor, with its priority."""

    __slots__ = (
        "_key",
        "available",
        "context",
        "due",
        "due_moved",
        "factors",
        "must_do",
        "overdue",
        "priority",
        "proposal",
        "rule",
        "snoozed",
        "urgency",
    )

    def __init__(
        self,
        day: Day,
        context: Context,
        rule: str,
        proposal: Proposal,
        factors: ContactFactors,
    ) -> None:
        due = proposal.due
        if type(due) is not dt.date:
            due = dates.plain(due)
        available = proposal.available
        if available is None:
            available = due
        elif type(available) is not dt.date:
            available = dates.plain(available)
        snoozed = due_moved = False
        floor = context.contact.snoozed_until
        if floor is not None:
            if due < floor:
                due, due_moved, snoozed = dates.plain(floor), True, True
            if available < floor:
                available, snoozed = dates.plain(floor), True
        overdue = day.today_ord - due.toordinal()
        if overdue < 0:
            overdue = 0
        urgency = day.urgency(overdue, proposal.cycle)
        # Breakdown.priority's product, in its order, without building the Breakdown.
        priority = proposal.base * factors.circle * factors.goal * factors.reciprocity * urgency
        self.context = context
        self.rule = rule
        self.proposal = proposal
        self.factors = factors
        self.due = due
        self.available = available
        self.due_moved = due_moved
        self.snoozed = snoozed
        self.overdue = overdue
        self.urgency = urgency
        self.priority = priority
        self.must_do = proposal.reason in MUST_DO
        self._key: tuple[Any, ...] | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        """The policy's sort key within one contact (must-do first, higher priority,
        earlier due), then stable tie-breaks; made when first asked for (a contact's
        lone candidate is never sorted)."""
        found = self._key
        if found is None:
            proposal = self.proposal
            commitment = proposal.commitment
            found = self._key = (
                not self.must_do,
                -self.priority,
                self.due.toordinal(),
                _REASON_ORDER[proposal.reason],
                "" if commitment is None else commitment.id,
                -1 if proposal.about is None else proposal.about,
                self.rule,
            )
        return found

    @property
    def breakdown(self) -> Breakdown:
        """The factors of the priority."""
        factors = self.factors
        return Breakdown(
            self.proposal.base, factors.circle, factors.goal, factors.reciprocity, self.urgency
        )


class Pick:
    """A contact's item and the rest of its pool, in order."""

    __slots__ = ("others", "winner")

    def __init__(self, winner: Scored, others: list[Scored]) -> None:
        self.winner = winner
        self.others = others

    def order(self) -> tuple[Any, ...]:
        """The agenda's order: must-do first, higher priority, earlier due, name, id."""
        winner = self.winner
        contact = winner.context.contact
        return (
            not winner.must_do,
            -winner.priority,
            winner.due.toordinal(),
            contact.name.casefold(),
            contact.id,
        )


def pick(day: Day, scored: list[Scored], *, any_day: bool) -> Pick | None:
    """The contact's item: the best available today; with ``any_day``, else the soonest."""
    if not scored:
        return None
    today = day.today
    if len(scored) == 1:
        # Most contacts have one candidate: it is their item, or they have none today.
        only = scored[0]
        return Pick(only, []) if any_day or only.available <= today else None
    pool = [s for s in scored if s.available <= today]
    if pool:
        pool.sort(key=_key)
    elif any_day:
        pool = sorted(scored, key=_soonest)
    else:
        return None
    return Pick(pool[0], pool[1:])


def _key(item: Scored) -> tuple[Any, ...]:
    return item.key


def _soonest(item: Scored) -> tuple[Any, ...]:
    return (item.available, item.key)
