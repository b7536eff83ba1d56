"""Mentorship: your mentors and mentees, advice not yet reported back, mentorship goals.

An *open loop* follows the policy's mentor-loop rule: a contact whose roles include
mentor gave you advice (the latest touch in which you received
:attr:`~relnet.model.Value.ADVICE`), and you have had no outbound or mutual touch with
them at least :data:`REPORT_AFTER_DAYS` (7) days after it. Reporting back is due
:data:`LOOP_DUE_DAYS` (21) days after the advice, on the owner's local calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum

from relnet.model import (
    Contact,
    ContactId,
    Goal,
    GoalKind,
    InteractionId,
    Role,
    Value,
    epoch_us,
)
from relnet.network._common import (
    DAY_US,
    FieldsRecord,
    PastTouch,
    instant,
    local_date,
    local_instant,
    name_key,
    past_interactions,
    touches_by_contact,
)
from relnet.network.frames import FrameMixin
from relnet.policy.progress import GoalProgress, progress
from relnet.storage import Store

__all__ = [
    "LOOP_DUE_DAYS",
    "REPORT_AFTER_DAYS",
    "MentorshipGoal",
    "MentorshipReport",
    "MentorshipTie",
    "OpenLoop",
    "mentorship",
]

#: A touch at least this many days after the advice closes the loop.
REPORT_AFTER_DAYS = 7
#: Reporting back is due this many days after the advice.
LOOP_DUE_DAYS = 21


@attrs.frozen
class OpenLoop(FieldsRecord):
    """Advice from a mentor that you have not reported back on yet."""

    contact: ContactId
    name: str
    advice_at: pendulum.DateTime
    interaction: InteractionId
    summary: str
    due: pendulum.Date
    overdue: bool

    @property
    def explanation(self) -> str:
        """A sentence a person can read."""
        return (
            f"{self.name} gave you advice on {self.advice_at.date().isoformat()}"
            f"{f' ({self.summary})' if self.summary else ''}: tell them how it went, "
            f"by {self.due.isoformat()}."
        )


@attrs.frozen
class MentorshipTie:
    """A mentor or mentee, with your last touch and any open loop (mentors only)."""

    contact: ContactId
    name: str
    role: Role
    last_touch: pendulum.DateTime | None
    days_since: int | None
    open_loop: OpenLoop | None = None

    def to_record(self) -> dict[str, Any]:
        """The tie as a plain dict."""
        loop = self.open_loop
        return {
            "kind": self.role.value,
            "id": self.contact,
            "name": self.name,
            "last_touch": self.last_touch,
            "days_since": self.days_since,
            "open_loop": loop is not None,
            "loop_due": None if loop is None else loop.due,
            "goal_count": None,
            "goal_target": None,
            "pace": None,
        }


@attrs.frozen
class MentorshipGoal:
    """A mentorship goal, its linked contacts, and how far it has come.

    ``interactions`` counts past interactions that touch a linked contact or are logged
    against the goal; ``progress`` is :func:`relnet.policy.progress.progress` for goals
    that have a target (``None`` otherwise).
    """

    goal: Goal
    contacts: tuple[ContactId, ...]
    names: tuple[str, ...]
    interactions: int
    progress: GoalProgress | None

    def to_record(self) -> dict[str, Any]:
        """The goal as a plain dict."""
        done = self.progress
        return {
            "kind": "goal",
            "id": self.goal.id,
            "name": self.goal.title,
            "last_touch": None,
            "days_since": None,
            "open_loop": False,
            "loop_due": None,
            "goal_count": self.interactions if done is None else done.count,
            "goal_target": None if done is None else done.target,
            "pace": None if done is None else done.pace.value,
        }


@attrs.frozen
class MentorshipReport(FrameMixin):
    """Mentors and mentees (name order), open loops (earliest due first) and goals."""

    mentors: tuple[MentorshipTie, ...]
    mentees: tuple[MentorshipTie, ...]
    open_loops: tuple[OpenLoop, ...]
    goals: tuple[MentorshipGoal, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One row per mentor, mentee and goal, with a ``kind`` column."""
        rows = [t.to_record() for t in (*self.mentors, *self.mentees)]
        return rows + [g.to_record() for g in self.goals]


def _open_loop(
    contact: Contact, touches: list[PastTouch], zone: str, today: pendulum.Date
) -> OpenLoop | None:
    advice = [t for t in touches if Value.ADVICE in t.touch.received]
    if not advice:
        return None
    last = advice[-1]
    closing = last.at_us + REPORT_AFTER_DAYS * DAY_US
    if any(t.reached and t.at_us >= closing for t in touches):
        return None
    due = local_date(last.interaction.at, zone).add(days=LOOP_DUE_DAYS)
    return OpenLoop(
        contact=contact.id,
        name=contact.name,
        advice_at=local_instant(last.interaction.at, zone),
        interaction=last.interaction.id,
        summary=last.interaction.summary,
        due=due,
        overdue=today > due,
    )


def mentorship(store: Store, *, now: dt.datetime) -> MentorshipReport:
    """Your mentors and mentees, the advice you owe a report on, and mentorship goals.

    Mentors and mentees are reachable contacts whose roles include
    :attr:`~relnet.model.Role.MENTOR` or :attr:`~relnet.model.Role.MENTEE` (someone may
    be both). ``days_since`` counts local days from the last touch to today. Goals are
    those of kind :attr:`~relnet.model.GoalKind.MENTORSHIP`, in id order.
    """
    moment = instant(now)
    now_us = epoch_us(moment)
    settings = store.get_settings()
    zone, today = settings.timezone, settings.today(moment)
    history = past_interactions(store, now_us)
    touches = touches_by_contact(history)
    people = sorted(
        (c for c in store.contacts(include_archived=False) if c.reachable), key=name_key
    )
    mentors, mentees, loops = [], [], []
    for contact in people:
        mine = touches.get(contact.id, [])
        last = mine[-1].interaction.at if mine else None
        shown = None if last is None else local_instant(last, zone)
        days = None if last is None else (today - local_date(last, zone)).days
        if Role.MENTOR in contact.roles:
            loop = _open_loop(contact, mine, zone, today)
            mentors.append(MentorshipTie(contact.id, contact.name, Role.MENTOR, shown, days, loop))
            if loop is not None:
                loops.append(loop)
        if Role.MENTEE in contact.roles:
            mentees.append(MentorshipTie(contact.id, contact.name, Role.MENTEE, shown, days))
    loops.sort(key=lambda loop: (loop.due, loop.name.casefold(), loop.contact))
    names = {c.id: c.name for c in store.contacts()}
    goals = []
    for goal in store.goals():
        if goal.kind is not GoalKind.MENTORSHIP:
            continue
        linked = tuple(sorted(goal.contacts))
        count = sum(
            1
            for i in history
            if goal.id in i.goals or any(t.contact in goal.contacts for t in i.touches())
        )
        goals.append(
            MentorshipGoal(
                goal=goal,
                contacts=linked,
                names=tuple(names.get(c, c) for c in linked),
                interactions=count,
                progress=None if goal.target is None else progress(goal, store, now=moment),
            )
        )
    return MentorshipReport(tuple(mentors), tuple(mentees), tuple(loops), tuple(goals))
