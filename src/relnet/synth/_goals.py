"""Phase 3, goals: the owner's goals and the people each links (no random draws)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from relnet.model import Cadence, Channel, Goal, GoalId, GoalKind, GoalStatus, Target, TargetMeasure
from relnet.synth._ids import make_id
from relnet.synth._people import People
from relnet.synth._window import Window

__all__ = ["Goals", "plan_goals"]


@attrs.frozen
class Goals:
    """Six goals in every state, and the goal each linked person's interactions may name
    (``goal_of`` is read-only: person number to a one-goal set)."""

    goals: tuple[Goal, ...]
    goal_of: Mapping[int, frozenset[GoalId]]


def _specs(window: Window) -> list[dict[str, Any]]:
    start, end = window.start_date, window.end_date
    return [
        {
            "title": "Find a mentor in data engineering",
            "kind": GoalKind.MENTORSHIP,
            "cadence": Cadence.months(1),
            "deadline": end.add(days=120),
            "target": Target(4, channels=(Channel.MEETING, Channel.VIDEO), start=start),
        },
        {
            "title": "Land a staff engineering role",
            "kind": GoalKind.JOB_SEARCH,
            "weight": 0.8,
            "cadence": Cadence.weeks(2),
            "deadline": end.add(days=60),
            "target": Target(10, TargetMeasure.NEW_CONTACTS, tag="hiring", start=start),
        },
        {
            "title": "Six coffee chats with data engineers",
            "kind": GoalKind.KNOWLEDGE,
            "weight": 0.6,
            "deadline": end.add(days=30),
            "target": Target(6, channels=(Channel.MEETING,), tag="data", start=start),
        },
        {"title": "Speak at a conference", "kind": GoalKind.VISIBILITY, "weight": 0.5,
         "status": GoalStatus.PAUSED},
        {
            "title": "Give back to the community",
            "kind": GoalKind.COMMUNITY,
            "status": GoalStatus.ACHIEVED,
            "deadline": max(start, end.subtract(days=10)),
            "target": Target(12, TargetMeasure.VALUE_GIVEN, start=start),
        },
        {"title": "Start an open-source collaboration", "kind": GoalKind.COLLABORATION,
         "status": GoalStatus.ABANDONED, "weight": 0.3},
    ]  # fmt: skip


def plan_goals(people: People, window: Window, cid: tuple[str, ...], salt: int) -> Goals:
    """The goals, each linking the people it is about (mentors, recruiters, data people…)."""
    data_people = [i for i in range(people.n) if "data" in people.tags[i]][:8]
    linked = (
        people.mentors[:5],
        people.recruiters[:10],
        data_people,
        (),
        (),
        people.collaborators[:6],
    )
    goals = []
    goal_of: dict[int, frozenset[GoalId]] = {}
    for index, spec in enumerate(_specs(window)):
        goal_id = GoalId(make_id(index, salt))
        goals.append(Goal(contacts=[cid[i] for i in linked[index]], id=goal_id, **spec))
        for person in linked[index]:
            goal_of.setdefault(person, frozenset((goal_id,)))
    return Goals(goals=tuple(goals), goal_of=goal_of)
