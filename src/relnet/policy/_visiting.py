"""What the engine gathers about a contact before asking the rules: its context, its
dismissals, the meetings soon, and what rules that evaluate many contexts at once
(:class:`~relnet.policy.EvaluatesMany`) answer for a chunk of contacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    Commitment,
    ContactId,
    ContactView,
    Dismissal,
    Goal,
    TouchSummary,
    epoch_us,
)
from relnet.model.instants import EPOCH
from relnet.policy import dates
from relnet.policy._later import Later
from relnet.policy.context import SOON_DAYS, Context, is_active
from relnet.policy.dismissals import Dismissed
from relnet.policy.planning import Day, Visit
from relnet.policy.rule import EvaluatesMany, ManyEvaluator, Proposal, Rule, Suppression
from relnet.storage import Store

__all__ = [
    "MANY",
    "after_soon",
    "chunks",
    "dismissed_of",
    "evaluated_many",
    "gather",
    "make_context",
    "meetings_soon",
]

_T = TypeVar("_T")

#: The interactions in which you meet someone.
_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})
#: The planned interactions in which you will see someone ("seeing them soon").
_SEEING = _MEETINGS | {Channel.EVENT}


def gather(
    store: Store,
    day: Day,
    visit: Visit,
    meetings: Mapping[ContactId, int],
    dismissals: Mapping[ContactId, Sequence[Dismissal]],
    shared: Later,
) -> tuple[Context, Dismissed | None]:
    """The context of a contact the planner hands over, and its dismissals."""
    context = make_context(
        day,
        visit.contact,
        visit.summary,
        tuple(visit.commitments),
        tuple(visit.goals),
        next_meeting=meetings.get(visit.contact.id),
    )
    mine = dismissals.get(visit.contact.id)
    dismissed = None if mine is None else dismissed_of(store, day, visit.contact.id, mine, shared)
    return context, dismissed


#: How many contacts ``follow_ups`` evaluates together with rules that evaluate many.
MANY = 256


def chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list[_T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def evaluated_many(
    day: Day, visits: Sequence[Visit], gathered: Sequence[tuple[Context, Dismissed | None]]
) -> list[dict[int, Iterable[Proposal | Suppression]] | None]:
    """For each visit, what the rules that evaluate many (:class:`~relnet.policy.EvaluatesMany`)
    yielded for its contact, by ``id(rule)``, each rule called once for all the visits
    that ask it; None for a visit none of them was asked for. A contact with dismissals,
    or snoozed past today (its item is worked out without the snooze), is left to
    :meth:`~relnet.policy.Rule.evaluate`."""
    given: list[dict[int, Iterable[Proposal | Suppression]] | None] = [None] * len(visits)
    groups = _by_rules(day, visits, gathered)
    for rule, plan in zip(day.rules, day.plans, strict=True):
        many = plan.evaluate_many
        if many is None:
            continue
        key = id(rule)
        asking = [indexes for rules, indexes in groups if _among(rule, rules)]
        if not asking:
            continue
        chosen = asking[0] if len(asking) == 1 else sorted(i for found in asking for i in found)
        call = day.evaluators.get(key)
        if call is None:
            call = day.evaluators[key] = _evaluator(rule, many, plan.many_evaluator)
        found: object = call([gathered[index][0] for index in chosen])
        if not isinstance(found, Sequence) or len(found) != len(chosen):
            raise ValidationError(
                f"rule {rule.name!r} evaluate_many",
                found,
                f"a sequence of {len(chosen)} answers, one per context",
            )
        for index, candidates in zip(chosen, found, strict=True):
            mine = given[index]
            if mine is None:
                given[index] = {key: candidates}
            else:
                mine[key] = candidates
    return given


def _by_rules(
    day: Day, visits: Sequence[Visit], gathered: Sequence[tuple[Context, Dismissed | None]]
) -> list[tuple[Sequence[Rule], list[int]]]:
    """The indexes of the visits that rules evaluating many may answer (no dismissals,
    not snoozed past today), by their list of rules (most visits share one)."""
    today = day.today
    groups: dict[int, tuple[Sequence[Rule], list[int]]] = {}
    for index, (context, dismissed) in enumerate(gathered):
        if dismissed is not None:
            continue
        floor = context.contact.snoozed_until
        if floor is not None and today < floor:
            continue
        rules = visits[index].rules
        group = groups.get(id(rules))
        if group is None:
            group = groups[id(rules)] = (rules, [])
        group[1].append(index)
    return list(groups.values())


def _among(rule: Rule, rules: Sequence[Rule]) -> bool:
    """Whether ``rule`` itself (not an equal one) is one of ``rules``."""
    return any(other is rule for other in rules)


def _evaluator(
    rule: Rule, many: EvaluatesMany, per_call: Callable[[], ManyEvaluator] | None
) -> ManyEvaluator:
    """What evaluates the chunks of one call for ``rule``: the function its
    ``many_evaluator()`` makes for the call, else its ``evaluate_many``."""
    if per_call is None:
        return many.evaluate_many
    made: object = per_call()
    if not callable(made):
        raise ValidationError(
            f"rule {rule.name!r} many_evaluator", made, "a function of a sequence of contexts"
        )
    return made


def make_context(
    day: Day,
    contact: ContactView,
    summary: TouchSummary | None,
    commitments: tuple[Commitment, ...],
    goals: tuple[Goal, ...],
    explaining: bool = False,
    next_meeting: int | None = None,
) -> Context:
    today = day.today
    active = tuple(g for g in goals if is_active(g, today)) if goals else ()
    return Context(
        contact,
        summary if summary is not None else TouchSummary(contact=contact.id),
        day.settings,
        day.now,
        today,
        day.clock,
        commitments,
        goals,
        active,
        explaining,
        next_meeting,
    )


def meetings_soon(store: Store, day: Day, contact: ContactId | None = None) -> dict[ContactId, int]:
    """The earliest planned meeting, call, video or event (epoch microseconds) with each
    contact (or with ``contact`` alone), among those on or before today plus
    :data:`~relnet.policy.context.SOON_DAYS` days.

    The touch summary's ``next_planned`` is the next planned touch of any channel, so
    the planned interactions of the next days are read here: one query per call (a
    store with :class:`~relnet.storage.FirstMeetings` answers it from its touches).
    """
    since = EPOCH + dt.timedelta(microseconds=epoch_us(day.now) + 1)
    until = EPOCH + dt.timedelta(microseconds=after_soon(day))
    first_meetings = getattr(store, "first_meetings", None)
    if first_meetings is not None:
        return dict(first_meetings(since=since, until=until, contact=contact))
    planned = store.interactions(contact=contact, since=since, until=until)
    found: dict[ContactId, int] = {}
    for interaction in planned:
        # Every participant of a meeting, call, video or event is touched (not by an
        # auto-reply); interactions come in time order, so the first one counts.
        if interaction.channel in _SEEING and not interaction.auto_reply:
            at = epoch_us(interaction.at)
            for person in interaction.participants:
                found.setdefault(person, at)
    return found


def after_soon(day: Day) -> int:
    """The first instant (epoch microseconds) after the seeing-soon horizon."""
    return day.clock.start_of(dates.add_days(day.today, SOON_DAYS + 1))


def dismissed_of(
    store: Store,
    day: Day,
    person: ContactId,
    mine: Sequence[Dismissal] | None = None,
    shared: Later | None = None,
) -> Dismissed | None:
    """The contact's dismissals for this run (read from ``store`` unless given), or None
    without any. The touches after a dismissed message or intro are read through
    ``shared``, the run's reader (one read for every contact), else for this contact."""
    found = store.dismissals(contact=person) if mine is None else mine
    if not found:
        return None
    reader = Later(store, day.now, found, person) if shared is None else shared

    def later(at_us: int) -> TouchSummary:
        return reader.summary(person, at_us)

    return Dismissed(found, later)
