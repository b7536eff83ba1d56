"""How far each goal has come, and whether it is ahead of, on or behind a steady pace.

:func:`progress` counts what a goal's :class:`~relnet.model.Target` measures inside its
window and compares the count with what a steady pace from start to deadline would
have reached by today; :func:`goals_progress` does it for every active goal. These are
for reports, plots and the command line: the engine's goal factor reads only goal
weights.

**The window.** Things count when their local date (in the owner's
``Settings.timezone``) lies from ``target.start`` to ``goal.deadline``, both
inclusive (either open when unset), and they happened at or before ``now``:
planned interactions and future contacts never count.

**What counts** (:class:`~relnet.model.TargetMeasure`):

* ``interactions``: interactions of ``target.channels`` (any channel when empty)
  that touch one of the goal's linked contacts or a contact tagged ``target.tag``
  (anyone when the goal links nobody and has no tag), plus those logged against the
  goal (``goal.id`` in ``interaction.goals``). Notes and auto-replies touch nobody
  and never count.
* ``new_contacts``: contacts whose ``created_at`` falls in the window, tagged
  ``target.tag`` when set; ``contributing`` holds contact ids.
* ``value_given``: such interactions in which you gave something to one of those
  people (an outbound intro counts as giving an intro).

**The pace.** ``start`` is ``target.start``; without one, the date of the first
thing counted, or today when nothing is counted yet (never later than the
deadline). ``expected = target × elapsed / span`` with ``elapsed`` the days from
``start`` to today and ``span`` the days from ``start`` to the deadline, both
counting the end day (so ``expected`` reaches ``target`` on the deadline, and is 0
before the start). The pace is ``on_track`` when ``|count − expected|`` is at most
``max(1, 10% of expected)`` (:data:`PACE_SLACK`, :data:`PACE_TOLERANCE`), else
``ahead`` or ``behind``. Without a deadline there is no schedule to fall behind:
``expected`` is ``None`` and the pace ``on_track``; read ``fraction`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import (
    ContactId,
    Goal,
    GoalId,
    GoalStatus,
    Interaction,
    InteractionId,
    Target,
    TargetMeasure,
)
from relnet.model._check import to_instant
from relnet.model.instants import in_zone, zone
from relnet.storage import Store

__all__ = ["PACE_SLACK", "PACE_TOLERANCE", "GoalProgress", "Pace", "goals_progress", "progress"]

#: A count within this share of the expected count is on track…
PACE_TOLERANCE = 0.10
#: …or within this many items of it, whichever is wider.
PACE_SLACK = 1


class Pace(StrEnum):
    """A goal's count against a steady pace (see :func:`progress`)."""

    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"


@attrs.frozen
class GoalProgress:
    """Where a goal stands as of the owner's local date ``as_of``.

    ``count`` things counted so far out of ``target``; ``expected`` is what a steady
    pace from ``start`` to ``deadline`` would have reached by the end of ``as_of``
    (``None`` without a deadline); ``contributing`` holds the ids of the interactions
    (or, for new contacts, the contacts) counted, oldest first.
    """

    goal: GoalId
    title: str
    measure: TargetMeasure
    count: int
    target: int
    expected: float | None
    pace: Pace
    start: pendulum.Date
    deadline: pendulum.Date | None
    as_of: pendulum.Date
    contributing: tuple[InteractionId | ContactId, ...] = ()

    @property
    def fraction(self) -> float:
        """``count / target``: 1.0 when the target is met, above it when exceeded."""
        return self.count / self.target

    @property
    def remaining(self) -> int:
        """How many more are needed to meet the target (never below 0)."""
        return max(0, self.target - self.count)

    def to_record(self) -> dict[str, Any]:
        """A flat dict of plain values, for ``pandas.DataFrame([... .to_record()])``."""
        return {
            "goal": self.goal,
            "title": self.title,
            "measure": self.measure.value,
            "count": self.count,
            "target": self.target,
            "fraction": self.fraction,
            "expected": self.expected,
            "pace": self.pace.value,
            "start": self.start.isoformat(),
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "as_of": self.as_of.isoformat(),
        }


def _pace(count: int, expected: float | None) -> Pace:
    if expected is None:
        return Pace.ON_TRACK
    tolerance = max(float(PACE_SLACK), PACE_TOLERANCE * expected)
    if count > expected + tolerance:
        return Pace.AHEAD
    if count < expected - tolerance:
        return Pace.BEHIND
    return Pace.ON_TRACK


def _expected(
    target: int, start: pendulum.Date, deadline: pendulum.Date | None, today: pendulum.Date
) -> float | None:
    """The share of ``target`` a steady pace reaches by the end of ``today``."""
    if deadline is None:
        return None
    span = (deadline - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), span)
    return target * elapsed / span


def _people(goal: Goal, target: Target, store: Store) -> Collection[ContactId] | None:
    """Whose interactions count: linked and tagged contacts; everyone when neither is set."""
    if not goal.contacts and target.tag is None:
        return None
    people = set(goal.contacts)
    if target.tag is not None:
        people.update(c.id for c in store.contacts(tag=target.tag))
    return people


def _counts(
    interaction: Interaction,
    goal: Goal,
    target: Target,
    people: Collection[ContactId] | None,
) -> bool:
    if target.channels and interaction.channel not in target.channels:
        return False
    touches = interaction.touches()
    if goal.id not in interaction.goals and people is not None:
        touches = tuple(t for t in touches if t.contact in people)
    if target.measure is TargetMeasure.VALUE_GIVEN:
        return any(t.gave for t in touches)
    return bool(touches)


def progress(goal: Goal, store: Store, *, now: dt.datetime) -> GoalProgress:
    """Count what ``goal.target`` measures and compare it with a steady pace: the
    the window, what counts and the pace are as :mod:`relnet.policy.progress` says.

    Raises :class:`~relnet.errors.ValidationError` for a goal without a target.

    >>> import pendulum
    >>> from relnet.model import Contact, Goal, Interaction, Settings, Target
    >>> from relnet.storage import InMemoryStore
    >>> store = InMemoryStore(Settings("Europe/Paris"))
    >>> _ = store.add_contact(Contact("Ada", id="ada", tags={"data"}))
    >>> for day in (3, 10):
    ...     _ = store.add_interaction(
    ...         Interaction(["ada"], pendulum.datetime(2026, 3, day, 12), "meeting")
    ...     )
    >>> chats = Goal(
    ...     "6 chats with data engineers",
    ...     target=Target(6, tag="data", start=pendulum.date(2026, 3, 1)),
    ...     deadline=pendulum.date(2026, 3, 30),
    ... )
    >>> p = progress(chats, store, now=pendulum.datetime(2026, 3, 15, 12))
    >>> p.count, p.expected, p.pace.value
    (2, 3.0, 'on_track')
    """
    if not isinstance(goal, Goal):
        raise ValidationError("goal", goal, "a Goal")
    target = goal.target
    if target is None:
        raise ValidationError("target", None, "a goal with a measurable target")
    instant = to_instant(now, "now")
    settings = store.get_settings()
    window = _Window(target.start, goal.deadline, instant, zone(settings.timezone))
    today = settings.today(window.until)
    contributing: Sequence[InteractionId | ContactId]
    if target.measure is TargetMeasure.NEW_CONTACTS:
        contributing, first_day = _new_contacts(target, store, window)
    else:
        contributing, first_day = _interactions(goal, target, store, window)
    first, last = window.first, window.last
    start = first if first is not None else (first_day if first_day is not None else today)
    if last is not None and start > last:
        start = last
    count = len(contributing)
    expected = _expected(target.count, start, last, today)
    return GoalProgress(
        goal=goal.id,
        title=goal.title,
        measure=target.measure,
        count=count,
        target=target.count,
        expected=expected,
        pace=_pace(count, expected),
        start=start,
        deadline=last,
        as_of=today,
        contributing=tuple(contributing),
    )


@attrs.frozen
class _Window:
    """The local dates ``first`` to ``last`` (either open when None), up to the instant
    ``until``, in zone ``tz``."""

    first: pendulum.Date | None
    last: pendulum.Date | None
    until: pendulum.DateTime
    tz: pendulum.Timezone | pendulum.FixedTimezone

    def day(self, at: pendulum.DateTime) -> pendulum.Date:
        """The local date of ``at``."""
        return in_zone(at, self.tz).date()

    def holds(self, at: pendulum.DateTime) -> bool:
        """Whether ``at`` is no later than ``until`` and its local date is in the window."""
        if at > self.until:
            return False
        day = self.day(at)
        first, last = self.first, self.last
        return (first is None or day >= first) and (last is None or day <= last)


def _new_contacts(
    target: Target, store: Store, window: _Window
) -> tuple[list[ContactId], pendulum.Date | None]:
    """The contacts added in the window, oldest first, and the date of the first."""
    created = sorted(
        (c.created_at, c.id)
        for c in store.contacts(tag=target.tag)
        if c.created_at is not None and window.holds(c.created_at)
    )
    first_day = window.day(created[0][0]) if created else None
    return [cid for _, cid in created], first_day


def _interactions(
    goal: Goal, target: Target, store: Store, window: _Window
) -> tuple[list[InteractionId], pendulum.Date | None]:
    """The interactions in the window that count for ``goal``, oldest first, and the
    date of the first."""
    people = _people(goal, target, store)
    first = window.first
    since = None if first is None else pendulum.datetime(first.year, first.month, first.day)
    found = [
        i
        for i in store.interactions(
            since=None if since is None else since.subtract(days=1),
            until=window.until.add(microseconds=1),
        )
        if window.holds(i.at) and _counts(i, goal, target, people)
    ]
    first_day = window.day(found[0].at) if found else None
    return [i.id for i in found], first_day


def goals_progress(store: Store, *, now: dt.datetime) -> list[GoalProgress]:
    """:func:`progress` of every active goal that has a target.

    Active means ``status`` active, whether or not the deadline has passed (a late goal
    shows as behind). Ordered by deadline (goals without one last), then title.
    """
    goals = [g for g in store.goals() if g.status is GoalStatus.ACTIVE and g.target is not None]
    goals.sort(
        key=lambda g: (
            g.deadline is None,
            g.deadline or pendulum.Date.min,
            g.title.casefold(),
            g.id,
        )
    )
    return [progress(g, store, now=now) for g in goals]
