"""Plots of a network for notebooks, drawn with matplotlib. Needs ``relnet[plot]``.

Each function draws on ``ax`` when given, otherwise on a new figure, and returns the
Axes. The ``*_from_*`` variants draw precomputed numbers and need no store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from relnet.errors import ValidationError
from relnet.interop._extras import missing_extra
from relnet.model import (
    Cadence,
    Circle,
    Contact,
    ContactId,
    Direction,
    Goal,
    InteractionId,
    Settings,
    TargetMeasure,
    _check,
)
from relnet.policy import strength
from relnet.policy.circles import cadence_for
from relnet.policy.progress import GoalProgress, progress
from relnet.storage import Store

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "HEALTH_COLORS",
    "HEALTH_STATES",
    "goal",
    "goal_from_points",
    "health",
    "health_from_counts",
    "timeline",
]

#: The health states, in the order they are stacked.
HEALTH_STATES: tuple[str, ...] = ("on track", "due", "overdue", "dormant", "never contacted")

#: The colour of each health state.
HEALTH_COLORS: Mapping[str, str] = {
    "on track": "#4c9f70",
    "due": "#f2c14e",
    "overdue": "#e4572e",
    "dormant": "#8d99ae",
    "never contacted": "#d9d9d9",
}

_MARKERS = {Direction.OUTBOUND: "^", Direction.MUTUAL: "o", Direction.INBOUND: "v"}
_LANES = {Direction.OUTBOUND: 1, Direction.MUTUAL: 0, Direction.INBOUND: -1}


def _axes(ax: Axes | None) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise missing_extra("matplotlib", "plot") from error
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=(8, 4))
    return new


def _state_name(state: Any) -> str:
    return str(getattr(state, "value", state)).replace("_", " ").strip().lower()


def health_from_counts(counts: Mapping[Any, Mapping[Any, int]], ax: Axes | None = None) -> Axes:
    """Contacts per circle as stacked bars by health state.

    ``counts`` maps a circle (a :class:`~relnet.model.Circle` or its name) to a mapping
    of state (``"on track"``, ``"due"``, ``"overdue"``, ``"dormant"``, ``"never
    contacted"``; ``on_track`` spellings and enum members are accepted too) to a count.
    Circles are drawn closest first; states in :data:`HEALTH_STATES` order, then any
    others. Raises ValidationError for a negative or non-integer count.
    """
    axes = _axes(ax)
    order = {circle.value: position for position, circle in enumerate(Circle)}
    table: dict[str, dict[str, int]] = {}
    for circle, states in counts.items():
        row = table.setdefault(_state_name(circle), {})
        for state, count in states.items():
            number = _check.integer(count, f"counts[{circle!s}][{state!s}]", minimum=0)
            name = _state_name(state)
            row[name] = row.get(name, 0) + number
    circles = sorted(table, key=lambda c: (order.get(c, len(order)), c))
    extra = sorted({s for row in table.values() for s in row} - set(HEALTH_STATES))
    left = [0] * len(circles)
    positions = list(range(len(circles)))
    for state in (*HEALTH_STATES, *extra):
        widths = [table[c].get(state, 0) for c in circles]
        if not any(widths):
            continue
        axes.barh(
            positions,
            widths,
            left=left,
            label=state,
            color=HEALTH_COLORS.get(state),
            edgecolor="white",
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(positions, labels=circles)
    axes.invert_yaxis()
    axes.set_xlabel("contacts")
    axes.set_title("Relationship health by circle")
    if circles and any(left):
        axes.legend(loc="lower right", fontsize="small")
    else:
        axes.text(0.5, 0.5, "no contacts", ha="center", va="center", transform=axes.transAxes)
    return axes


def health(store: Store, *, now: dt.datetime, ax: Axes | None = None) -> Axes:
    """Contacts per circle by health state at ``now``: what
    :func:`relnet.policy.strength.health` counts, drawn with :func:`health_from_counts`.

    Snoozed contacts are drawn in the state they would have without the snooze, and
    the title says how many there are.
    """
    found = strength.health(store, now=now)
    axes = health_from_counts(found.counts, ax)
    count = len(found.snoozed)
    if count:
        axes.set_title(f"Relationship health by circle ({count} snoozed, counted as if not)")
    return axes


def _touch_points(store: Store, person: Contact, zone: str) -> list[tuple[dt.date, Direction]]:
    """The owner's local date and the direction of each of ``person``'s touches."""
    points: list[tuple[dt.date, Direction]] = []
    for interaction in store.interactions(contact=person.id):
        for touch in interaction.touches():
            if touch.contact == person.id:
                local = interaction.at.in_timezone(zone).date()
                points.append((_plain(local), touch.direction))
    return points


def _shade_cadence(
    axes: Axes,
    cadence: Cadence,
    anchors: Sequence[dt.date],
    end: dt.date | None,
    settings: Settings,
) -> None:
    """Green from each touch to its next due date (or the next touch), red while late."""
    shown: set[str] = set()

    def band(start: dt.date, stop: dt.date, color: str, label: str) -> None:
        axes.axvspan(
            _x(start), _x(stop), color=color, alpha=0.15, label=None if label in shown else label
        )
        shown.add(label)

    for position, anchor in enumerate(anchors):
        due = _plain(
            cadence.next_due(
                _check.to_date(anchor, "anchor"),
                workdays=settings.workdays,
                holidays=settings.holidays,
            )
        )
        following = anchors[position + 1] if position + 1 < len(anchors) else end
        band(anchor, due if following is None else min(due, following), "#4c9f70", "within cadence")
        if following is not None and following > due:
            band(due, following, "#e4572e", "overdue")


def timeline(
    store: Store,
    contact: Contact | ContactId | str,
    ax: Axes | None = None,
    *,
    now: dt.datetime | None = None,
) -> Axes:
    """A contact's touches over time, with the cadence band.

    Touches are markers by direction (outbound ▲, mutual ●, inbound ▼) on the owner's
    local dates. With a cadence (the contact's own or its circle's), the stretch from
    each touch to the next due date is shaded green, and the time a touch came late (or,
    given ``now``, is still missing) red.
    """
    person = contact if isinstance(contact, Contact) else store.get_contact(ContactId(contact))
    axes = _axes(ax)
    settings = store.get_settings()
    end = None if now is None else settings.today(now)
    points = _touch_points(store, person, settings.timezone)
    cadence = cadence_for(person)
    days = sorted({day for day, _ in points})
    anchors = days or (
        [_plain(person.created_at.in_timezone(settings.timezone).date())]
        if person.created_at is not None
        else []
    )
    if cadence is not None:
        _shade_cadence(axes, cadence, anchors, end, settings)
    for direction, marker in _MARKERS.items():
        chosen = [day for day, d in points if d is direction]
        if chosen:
            axes.plot(
                [_x(day) for day in chosen],
                [_LANES[direction]] * len(chosen),
                linestyle="none",
                marker=marker,
                markersize=9,
                label=direction.value,
            )
    if end is not None:
        axes.axvline(_x(end), color="black", linewidth=1, linestyle=":", label="today")
    axes.set_yticks(list(_LANES.values()), labels=[d.value for d in _LANES])
    axes.set_ylim(-1.8, 1.8)
    axes.set_title(f"{person.name}: touches" + (f" ({cadence})" if cadence else ""))
    if not points:
        axes.text(0.5, 0.5, "no touches yet", ha="center", va="center", transform=axes.transAxes)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="upper left", fontsize="small")
    axes.xaxis_date()
    axes.figure.autofmt_xdate()
    return axes


def _plain(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


def _x(day: dt.date) -> float:
    """A date as matplotlib's date number."""
    from matplotlib import dates

    date2num = cast(Callable[[dt.datetime], float], dates.date2num)
    return float(date2num(dt.datetime(day.year, day.month, day.day)))


def goal_from_points(
    dates: Sequence[dt.date],
    counts: Sequence[int],
    target: int,
    start: dt.date,
    deadline: dt.date,
    ax: Axes | None = None,
) -> Axes:
    """Progress towards a target against the pace needed to meet it.

    ``counts[i]`` is the cumulative count on ``dates[i]``; the dashed pace line runs
    from nothing at ``start`` to ``target`` at ``deadline``. Raises ValidationError if
    the sequences differ in length or ``deadline`` comes before ``start``.
    """
    if len(dates) != len(counts):
        raise ValidationError("counts", list(counts), f"{len(dates)} counts, one per date")
    begin = _plain(_check.to_date(_as_date(start), "start"))
    finish = _plain(_check.to_date(_as_date(deadline), "deadline"))
    if finish < begin:
        raise ValidationError("deadline", deadline, f"a date on or after the start {begin}")
    total = _check.integer(target, "target", minimum=0)
    axes = _axes(ax)
    xs = [_plain(_as_date(d)) for d in dates]
    ys = [_check.integer(c, "counts", minimum=0) for c in counts]
    axes.plot([_x(begin), _x(finish)], [0, total], linestyle="--", color="gray", label="pace")
    axes.axhline(total, color="#4c9f70", linestyle=":", label=f"target {total}")
    if xs:
        axes.step(
            [_x(x) for x in xs], ys, where="post", color="#1f77b4", linewidth=2, label="progress"
        )
        axes.plot([_x(xs[-1])], ys[-1:], marker="o", color="#1f77b4")
    axes.set_ylim(bottom=0, top=max([total, *ys]) * 1.1 + 1)
    axes.set_ylabel("count")
    axes.legend(loc="upper left", fontsize="small")
    axes.xaxis_date()
    axes.figure.autofmt_xdate()
    return axes


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValidationError("date", value, "a date")


def goal(goal: Goal, store: Store, *, now: dt.datetime, ax: Axes | None = None) -> Axes:
    """A goal's progress over time against its pace, from :func:`relnet.policy.progress.progress`.

    Asks for the goal's progress once at ``now`` and draws the cumulative count on the
    local dates of what it counted (its ``contributing`` interactions or contacts) with
    :func:`goal_from_points`. Raises ValidationError for a goal without a target or
    deadline.
    """
    if goal.target is None or goal.deadline is None:
        raise ValidationError("goal", goal.id, "a goal with a target and a deadline")
    instant = _check.to_instant(now, "now")
    zone = store.get_settings().timezone
    today = _plain(store.get_settings().today(instant))
    current = progress(goal, store, now=instant)
    start = _plain(goal.target.start or current.start)
    steps = [
        (day, count) for day, count in _counted_steps(current, store, zone) if start <= day <= today
    ]
    dates = [start, *(day for day, _ in steps), today]
    counts = [0, *(count for _, count in steps), current.count]
    axes = goal_from_points(dates, counts, current.target, start, goal.deadline, ax)
    axes.set_title(f"{goal.title}: {current.count} of {current.target} ({current.pace})")
    return axes


def _counted_steps(current: GoalProgress, store: Store, zone: str) -> list[tuple[dt.date, int]]:
    """(local date, count so far) for each thing ``current`` counted."""
    days = []
    for item in current.contributing:
        if current.measure is TargetMeasure.NEW_CONTACTS:
            at = store.get_contact(ContactId(item)).created_at
            assert at is not None  # progress counts contacts by when they were created
        else:
            at = store.get_interaction(InteractionId(item)).at
        days.append(_plain(at.in_timezone(zone).date()))
    return [(day, position) for position, day in enumerate(sorted(days), start=1)]
