"""The follow-up engine: runs the rules over every contact and ranks what they propose.

For each contact the engine builds a :class:`~relnet.policy.Context`, asks every rule
for candidates, raises their dates to any snooze, scores each proposal
(``base × circle × goal × reciprocity × urgency``), keeps one item per contact and, for
today's agenda, every must-do item plus the best others up to the daily capacity. It
works from :class:`~relnet.model.TouchSummary` values, so its cost grows with the
number of contacts, not with the length of their histories.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeGuard, cast

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Contact,
    ContactId,
    Direction,
    Goal,
    Interaction,
    InteractionId,
    Party,
    Settings,
    Touch,
    TouchSummary,
    Value,
    epoch_us,
    summarize,
)
from relnet.model import Status as ContactStatus
from relnet.model._check import to_instant
from relnet.policy import dates
from relnet.policy.agenda import Agenda
from relnet.policy.context import Context, is_active
from relnet.policy.dates import LocalTime
from relnet.policy.explain import Considered, Explanation, Status
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason
from relnet.policy.rule import Proposal, Quiet, QuietTest, Rule, Suppression, Wake, Wakeful
from relnet.policy.rules import (
    Birthday,
    CheckIn,
    IntroLoop,
    KeepInTouch,
    MentorLoop,
    Nudge,
    Promise,
    ReplyOwed,
    ThankYou,
    default_rules,
)
from relnet.policy.scoring import ContactFactors, Scoring
from relnet.storage import FactSource, Store, SummarySieve, SummarySource

__all__ = ["Engine"]

#: How each reason's text opens, before "(due …)".
ACTIONS: Mapping[Reason, str] = {
    Reason.REPLY_OWED: "Reply to {name}",
    Reason.THANK_YOU: "Thank {name}",
    Reason.PROMISE: "Keep your promise to {name}",
    Reason.INTRO_LOOP: "Close the loop with {name}",
    Reason.MENTOR_LOOP: "Report back to {name}",
    Reason.NUDGE: "Nudge {name}",
    Reason.CHECK_IN: "Check in with {name}",
    Reason.KEEP_IN_TOUCH: "Catch up with {name}",
    Reason.RECONNECT: "Reconnect with {name}",
    Reason.BIRTHDAY: "Wish {name} a happy birthday",
}
RECIPROCITY_NOTE = "They helped you recently; offer something back."

_REASON_ORDER = {reason: index for index, reason in enumerate(Reason)}
_FACTOR_ORDER = {"backoff": 0, "never_contacted": 1}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})


class _Day:
    """What one engine call fixes: settings, the owner's clock, now and today."""

    __slots__ = (
        "_reminders",
        "clock",
        "now",
        "rules",
        "scoring",
        "settings",
        "today",
        "today_ord",
    )

    def __init__(
        self, settings: Settings, now: pendulum.DateTime, rules: Sequence[Rule], scoring: Scoring
    ) -> None:
        self.settings = settings
        self.clock = LocalTime(settings.timezone)
        self.now = now
        self.today = self.clock.date_of(epoch_us(now))
        self.today_ord = self.today.toordinal()
        self.rules = rules
        self.scoring = scoring
        self._reminders: dict[dt.date, pendulum.DateTime] = {}

    def pdate(self, day: dt.date) -> pendulum.Date:
        return pendulum.Date(day.year, day.month, day.day)

    def reminder(self, day: dt.date) -> pendulum.DateTime:
        """``day`` at the owner's reminder time (items share a handful of due dates)."""
        found = self._reminders.get(day)
        if found is None:
            found = self._reminders[day] = self.clock.at(day, self.settings.reminder_time)
        return found


class _Scored:
    """A proposal after the snooze floor, with its priority."""

    __slots__ = (
        "available",
        "context",
        "due",
        "due_moved",
        "factors",
        "key",
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
        day: _Day,
        context: Context,
        rule: str,
        proposal: Proposal,
        factors: ContactFactors,
    ) -> None:
        due = dates.plain(proposal.due)
        available = due if proposal.available is None else dates.plain(proposal.available)
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
        urgency = day.scoring.urgency(overdue, proposal.cycle)
        # Breakdown.priority's product, in its order, without building the Breakdown.
        priority = proposal.base * factors.circle * factors.goal * factors.reciprocity * urgency
        must_do = proposal.reason in MUST_DO
        commitment = proposal.commitment
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
        self.must_do = must_do
        # The policy's sort key within one contact, then stable tie-breaks.
        self.key = (
            not must_do,
            -priority,
            due.toordinal(),
            _REASON_ORDER[proposal.reason],
            "" if commitment is None else commitment.id,
            -1 if proposal.about is None else proposal.about,
            rule,
        )

    @property
    def breakdown(self) -> Breakdown:
        """The factors of the priority."""
        factors = self.factors
        return Breakdown(
            self.proposal.base, factors.circle, factors.goal, factors.reciprocity, self.urgency
        )


class _Pick:
    """A contact's item and the rest of its pool, in order."""

    __slots__ = ("others", "winner")

    def __init__(self, winner: _Scored, others: list[_Scored]) -> None:
        self.winner = winner
        self.others = others

    def order(self) -> tuple[Any, ...]:
        winner = self.winner
        contact = winner.context.contact
        return (*winner.key[:3], contact.name.casefold(), contact.id)


class Engine:
    """Turns a store's contents and ``now`` into follow-ups, by the rules it holds.

    ``settings`` default to the store's (:meth:`~relnet.storage.Store.get_settings`),
    ``rules`` to :func:`~relnet.policy.default_rules`. ``scoring`` defaults to the
    rules' own when they are a :class:`~relnet.policy.RuleSet`, else to the policy's.
    Every method takes ``now`` (an aware datetime; a naive one raises
    :class:`~relnet.errors.ValidationError` for field ``now``) and reads nothing else
    from the world: the same store and ``now`` always give the same answer.

    >>> import pendulum
    >>> from relnet import Contact, InMemoryStore, Settings
    >>> store = InMemoryStore(Settings(timezone="Europe/London"))
    >>> _ = store.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
    >>> agenda = Engine().agenda(store, now=pendulum.datetime(2026, 11, 25, 9, tz="UTC"))
    >>> agenda[0].reason.value, agenda[0].due.isoformat()
    ('keep_in_touch', '2026-11-25')
    """

    __slots__ = ("rules", "scoring", "settings")

    def __init__(
        self,
        settings: Settings | None = None,
        rules: Iterable[Rule] | None = None,
        scoring: Scoring | None = None,
    ) -> None:
        if settings is not None and not isinstance(settings, Settings):
            raise ValidationError("settings", settings, "a Settings or None")
        if scoring is not None and not isinstance(scoring, Scoring):
            raise ValidationError("scoring", scoring, "a Scoring or None")
        chosen: Any = default_rules() if rules is None else rules
        if isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
            raise ValidationError("rules", chosen, "an iterable of rules")
        listed = tuple(chosen)
        for index, rule in enumerate(listed):
            if not isinstance(rule, Rule):
                raise ValidationError(
                    f"rules[{index}]", rule, "a rule: an object with name and evaluate(context)"
                )
        found = getattr(chosen, "scoring", None)
        self.settings = settings
        self.rules: tuple[Rule, ...] = listed
        self.scoring: Scoring = (
            scoring if scoring is not None else found if isinstance(found, Scoring) else Scoring()
        )

    def __repr__(self) -> str:
        names = ", ".join(rule.name for rule in self.rules)
        return f"<Engine rules=[{names}]>"

    # -- public API ---------------------------------------------------------------------

    def agenda(self, store: Store, *, now: dt.datetime, capacity: int | None = None) -> Agenda:
        """Today's agenda: every must-do item, then the best others up to ``capacity``.

        One item per contact, among the candidates available today, in agenda order
        (must-do first, then higher priority, earlier due date, name, contact id).
        ``capacity`` defaults to ``settings.daily_capacity``; the agenda holds every
        must-do item and the best ``max(0, capacity − must-do count)`` others.
        Raises ValidationError for a naive ``now`` or a bad ``capacity``.
        """
        day = self._day(store, now)
        if capacity is None:
            capacity = day.settings.daily_capacity
        elif isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
            raise ValidationError("capacity", capacity, "a whole number of at least 0, or None")
        with _gc_paused():
            picks = self._picks(store, day, any_day=False, capacity=capacity)
            picks.sort(key=_Pick.order)
            must = [p for p in picks if p.winner.must_do]
            optional = [p for p in picks if not p.winner.must_do]
            kept = must + optional[: max(0, capacity - len(must))]
            return self._agenda(store, day, kept)

    def follow_ups(self, store: Store, *, now: dt.datetime) -> Agenda:
        """Every contact's next item, whether or not it is available today; no capacity.

        A contact's item is chosen among its candidates available today when there
        are any (so it is the agenda's item), else it is the one available soonest.
        Items available today come first, in agenda order, then the others by the day
        they become available.
        """
        day = self._day(store, now)
        with _gc_paused():
            picks = self._picks(store, day, any_day=True)
            today = day.today
            current = sorted((p for p in picks if p.winner.available <= today), key=_Pick.order)
            later = sorted(
                (p for p in picks if p.winner.available > today),
                key=lambda p: (p.winner.available, *p.order()),
            )
            return self._agenda(store, day, current + later)

    def next_follow_up(
        self, store: Store, contact_id: ContactId, *, now: dt.datetime
    ) -> FollowUp | None:
        """The contact's next item (as in :meth:`follow_ups`), or None.

        Reads only that contact's records. Raises NotFoundError for an unknown id.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        if _excluded(day, contact) is not None:
            return None
        context = self._context(store, day, contact)
        pick = _pick(day, self._candidates(day, context, None), any_day=True)
        return None if pick is None else self._follow_up(store, day, pick)

    def explain(self, store: Store, contact_id: ContactId, *, now: dt.datetime) -> Explanation:
        """Every candidate each rule produced or suppressed for the contact, and the verdict.

        Raises NotFoundError for an unknown id.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        context = self._context(store, day, contact, explaining=True)
        trace: list[tuple[str, Proposal | Suppression, _Scored | None]] = []
        scored = self._candidates(day, context, trace)
        excluded = _excluded(day, contact)
        pick = None if excluded is not None else _pick(day, scored, any_day=True)
        follow_up = None if pick is None else self._follow_up(store, day, pick)
        considered = []
        for rule, candidate, item in trace:
            if item is None:
                assert isinstance(candidate, Suppression)
                considered.append(
                    Considered(
                        rule,
                        candidate.reason,
                        "suppressed",
                        None if candidate.available is None else day.pdate(candidate.available),
                        None if candidate.due is None else day.pdate(candidate.due),
                        candidate.cause,
                    )
                )
                continue
            status: Status
            if excluded is not None:
                status = "excluded"
            elif pick is not None and item is pick.winner:
                status = "chosen"
            elif pick is not None and any(item is other for other in pick.others):
                status = "also"
            else:
                status = "later"
            considered.append(
                Considered(
                    rule,
                    item.proposal.reason,
                    status,
                    day.pdate(item.available),
                    day.pdate(item.due),
                    _text(item),
                    item.breakdown,
                    _factor_names(item),
                )
            )
        return Explanation(
            contact,
            day.now,
            day.pdate(day.today),
            excluded,
            follow_up,
            tuple(considered),
            day.settings.daily_capacity,
        )

    def dismiss(self, store: Store, contact_id: ContactId, *, now: dt.datetime) -> Contact:
        """ "Dismiss this cycle": snooze the contact to its next anchored cycle after today.

        The cycle is the contact's keep-in-touch cadence anchored on the last touch
        (see :meth:`KeepInTouch.next_cycle`); without a cadence, the contact is snoozed
        to tomorrow. Returns the updated contact; raises NotFoundError for an unknown id
        and ConflictError if the contact changed meanwhile.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        context = self._context(store, day, contact)
        keeper = next((r for r in self.rules if isinstance(r, KeepInTouch)), KeepInTouch())
        until = keeper.next_cycle(context)
        if until is None:
            until = dates.add_days(day.today, 1)
        return store.update_contact(attrs.evolve(contact, snoozed_until=day.pdate(until)))

    # -- the run ----------------------------------------------------------------------

    def _day(self, store: Store, now: dt.datetime) -> _Day:
        instant = to_instant(now, "now")
        settings = self.settings if self.settings is not None else store.get_settings()
        return _Day(settings, instant, self.rules, self.scoring)

    def _context(
        self, store: Store, day: _Day, contact: Contact, *, explaining: bool = False
    ) -> Context:
        """One contact's context, reading only that contact's records."""
        person = contact.id
        summary: TouchSummary | None
        if _summary_source(store):
            summary = store.touch_summaries(now=day.now, contacts=[person]).get(person)
        else:
            folded = summarize(store.interactions(contact=person), now=day.now, contacts=[person])
            summary = folded.get(person)
        return _make_context(
            day,
            contact,
            summary,
            tuple(store.commitments(contact=person, open_only=True)),
            tuple(store.goals(contact=person)),
            explaining,
        )

    def _picks(
        self, store: Store, day: _Day, *, any_day: bool, capacity: int | None = None
    ) -> list[_Pick]:
        """Every contact's pick. For the agenda (a ``capacity``), contacts whose rules
        cannot have a must-do item today are left for last, and left out when the
        must-do items fill the agenda: none of theirs could be on it."""
        tests = None if any_day else _quiet_tests(day)
        first = tests
        rest: list[tuple[Rule, QuietTest]] = []
        if tests is not None and capacity is not None:
            # For the agenda, the rules that may propose a must-do item are asked first:
            # a contact none of them has anything for today waits, and is not asked
            # about at all if the must-do items fill the day.
            first = [(rule, test) for rule, test in tests if type(rule) not in _OPTIONAL_ONLY]
            rest = [(rule, test) for rule, test in tests if type(rule) in _OPTIONAL_ONLY]
            wake = _merged_wake(day, first)
            if wake is not None and _summary_sieve(store):
                return self._woken_picks(store, day, wake, first, rest, capacity)
        people = _people(store, day, facts=tests is not None)
        summaries = _summaries(store, day, people, most=True)
        commitments = _open_commitments(store)
        goals = _goals_by_contact(store)
        if first is None:
            picks = []
            for contact in people:
                person = contact.id
                pick = self._pick_for(
                    day,
                    contact,
                    summaries.get(person),
                    commitments.get(person, ()),
                    goals.get(person, ()),
                    day.rules,
                    any_day=any_day,
                )
                if pick is not None:
                    picks.append(pick)
            return picks
        picks, later = self._first_pass(day, people, summaries, commitments, goals, first, rest)
        self._fill(day, picks, later, rest, capacity)
        return picks

    def _woken_picks(
        self,
        store: Store,
        day: _Day,
        wake: Wake,
        first: list[tuple[Rule, QuietTest]],
        rest: list[tuple[Rule, QuietTest]],
        capacity: int,
    ) -> list[_Pick]:
        """The agenda's picks when every rule that may propose a must-do item says which
        contacts may wake it: the store hands over only those contacts' summaries, and
        the others are read only when the must-do items leave room on the agenda."""
        sieve = cast(SummarySieve, store)
        summaries = dict(sieve.touch_summaries_since(now=day.now, since=wake.since))
        commitments = _open_commitments(store)
        goals = _goals_by_contact(store)
        woken = set(summaries)
        if wake.commitments:
            woken.update(commitments)
        elif wake.promises_due_by is not None:
            by = wake.promises_due_by
            woken.update(
                c.contact
                for mine in commitments.values()
                for c in mine
                if c.owed_by is Party.ME and c.due <= by
            )
        if wake.goals:
            woken.update(goals)
        people = _people(store, day, facts=True, only=woken)
        missing = [c.id for c in people if c.id not in summaries]
        if missing:
            summaries.update(_summaries(store, day, missing, most=False))
        picks, later = self._first_pass(day, people, summaries, commitments, goals, first, rest)
        if rest and _room(picks, capacity) > 0:
            # Every other contact may have an optional item (keep in touch, a birthday);
            # none of theirs can be a must-do item, as none of them woke those rules.
            others = [c for c in _people(store, day, facts=True) if c.id not in woken]
            found = _summaries(store, day, others, most=True)
            for contact in others:
                person = contact.id
                summary = found.get(person)
                later.append(
                    (
                        contact,
                        summary if summary is not None else TouchSummary(contact=person),
                        commitments.get(person, ()),
                        goals.get(person, ()),
                    )
                )
        self._fill(day, picks, later, rest, capacity)
        return picks

    def _first_pass(
        self,
        day: _Day,
        people: Sequence[Contact],
        summaries: Mapping[ContactId, TouchSummary],
        commitments: Mapping[ContactId, Sequence[Commitment]],
        goals: Mapping[ContactId, Sequence[Goal]],
        first: list[tuple[Rule, QuietTest]],
        rest: list[tuple[Rule, QuietTest]],
    ) -> tuple[list[_Pick], list[_Waiting]]:
        """The picks of the contacts that some rule of ``first`` has something for today
        (with every rule of ``rest`` that has too), and the contacts that wait for room
        on the agenda (none when ``rest`` is empty)."""
        picks: list[_Pick] = []
        later: list[_Waiting] = []
        for contact in people:
            person = contact.id
            summary = summaries.get(person)
            if summary is None:
                summary = TouchSummary(contact=person)
            mine = commitments.get(person, ())
            linked = goals.get(person, ())
            has_commitments, has_goals = bool(mine), bool(linked)
            # Only the rules that may have something available today are asked.
            rules = [
                rule
                for rule, test in first
                if not test(contact, summary, has_commitments, has_goals)
            ]
            if not rules:
                if rest:
                    later.append((contact, summary, mine, linked))
                continue
            if rest:
                rules = _in_order(day, rules, contact, summary, mine, linked, rest)
            pick = self._pick_for(day, contact, summary, mine, linked, rules)
            if pick is not None:
                picks.append(pick)
        return picks, later

    def _fill(
        self,
        day: _Day,
        picks: list[_Pick],
        later: list[_Waiting],
        rest: list[tuple[Rule, QuietTest]],
        capacity: int | None,
    ) -> None:
        """Add the picks of the waiting contacts when the must-do items leave room."""
        if not later or capacity is None or _room(picks, capacity) <= 0:
            return
        for contact, summary, mine, linked in later:
            rules = _in_order(day, [], contact, summary, mine, linked, rest)
            if rules:
                pick = self._pick_for(day, contact, summary, mine, linked, rules)
                if pick is not None:
                    picks.append(pick)

    def _pick_for(
        self,
        day: _Day,
        contact: Contact,
        summary: TouchSummary | None,
        commitments: Iterable[Commitment],
        goals: Iterable[Goal],
        rules: Sequence[Rule],
        *,
        any_day: bool = False,
    ) -> _Pick | None:
        """One contact's pick among the proposals of ``rules``."""
        context = _make_context(day, contact, summary, tuple(commitments), tuple(goals))
        scored = self._candidates(day, context, None, today_only=not any_day, rules=rules)
        return _pick(day, scored, any_day=any_day)

    def _candidates(
        self,
        day: _Day,
        context: Context,
        trace: list[tuple[str, Proposal | Suppression, _Scored | None]] | None,
        *,
        today_only: bool = False,
        rules: Sequence[Rule] | None = None,
    ) -> list[_Scored]:
        """The contact's proposals from ``rules`` (all by default), scored; with
        ``today_only``, only those available today (the others cannot be its agenda
        item, nor be listed beside it)."""
        scored: list[_Scored] = []
        factors: ContactFactors | None = None
        today = day.today
        floor = context.contact.snoozed_until
        for rule in day.rules if rules is None else rules:
            name = rule.name
            for candidate in rule.evaluate(context):
                if isinstance(candidate, Proposal):
                    if today_only:
                        available = candidate.available
                        if available is None:
                            available = candidate.due
                        if floor is not None and available < floor:
                            available = floor
                        if available > today:
                            continue
                    if factors is None:
                        factors = day.scoring.factors(context)
                    item = _Scored(day, context, name, candidate, factors)
                    scored.append(item)
                    if trace is not None:
                        trace.append((name, candidate, item))
                elif isinstance(candidate, Suppression):
                    if trace is not None:
                        trace.append((name, candidate, None))
                else:
                    raise ValidationError(
                        f"rule {name!r}", candidate, "a Proposal or a Suppression"
                    )
        return scored

    def _agenda(self, store: Store, day: _Day, picks: list[_Pick]) -> Agenda:
        items = tuple(self._follow_up(store, day, pick) for pick in picks)
        return Agenda(items, day.now, day.pdate(day.today))

    def _follow_up(self, store: Store, day: _Day, pick: _Pick) -> FollowUp:
        item = pick.winner
        proposal = item.proposal
        contact = item.context.contact
        if proposal.due_at is not None and not item.due_moved:
            due_at = day.clock.instant(proposal.due_at)
        else:
            due_at = day.reminder(item.due)
        interaction = None
        if proposal.about is not None:
            interaction = _find_interaction(store, contact.id, proposal.reason, proposal.about)
        commitment = proposal.commitment
        return FollowUp(
            contact=contact.id,
            name=contact.name,
            reason=proposal.reason,
            must_do=item.must_do,
            available_from=day.pdate(item.available),
            due=day.pdate(item.due),
            due_at=due_at,
            state="overdue" if item.overdue > 0 else "due",
            overdue_days=item.overdue,
            priority=item.priority,
            breakdown=item.breakdown,
            factors=_factor_names(item),
            text=_text(item),
            also=tuple(other.proposal.reason for other in pick.others),
            interaction=interaction,
            commitment=None if commitment is None else commitment.id,
        )


def _make_context(
    day: _Day,
    contact: Contact,
    summary: TouchSummary | None,
    commitments: tuple[Commitment, ...],
    goals: tuple[Goal, ...],
    explaining: bool = False,
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
    )


def _quiet_tests(day: _Day) -> list[tuple[Rule, QuietTest]] | None:
    """Each rule with its test that it has nothing available today, or None if a rule
    has no test (every contact is then evaluated by every rule).

    A rule's own ``quiet`` counts only when the class that defines its ``evaluate``
    defines ``quiet`` too.
    """
    tests: list[tuple[Rule, QuietTest]] = []
    for rule in day.rules:
        owner = next((c for c in type(rule).__mro__ if "evaluate" in c.__dict__), None)
        if owner is None or "quiet" not in owner.__dict__ or not isinstance(rule, Quiet):
            return None
        tests.append((rule, rule.quiet(day.today, day.clock, day.settings)))
    return tests


#: A contact waiting for room on the agenda: it, its summary, commitments and goals.
_Waiting = tuple[Contact, TouchSummary, Sequence[Commitment], Sequence[Goal]]


def _room(picks: list[_Pick], capacity: int) -> int:
    """How many optional items the agenda can still take beside the must-do ones."""
    return capacity - sum(1 for pick in picks if pick.winner.must_do)


def _people(
    store: Store, day: _Day, *, facts: bool, only: Iterable[ContactId] | None = None
) -> list[Contact]:
    """The reachable contacts that are not snoozed today (those among ``only``), in
    the store's order (by id among ``only``).

    With ``facts`` (the agenda, whose rules may be skipped by quiet tests), a store
    that lists contact facts hands out those when every rule and the scoring are
    built-in ones, which read nothing else; the follow-ups carry only ids and names.
    """
    people: Iterable[Contact]
    if facts and _fact_source(store) and _reads_only_facts(day):
        listed = store.contact_facts() if only is None else store.contact_facts(sorted(only))
        people = cast(Sequence[Contact], listed)
    elif only is None:
        people = store.contacts(include_archived=False)
    else:
        people = (store.get_contact(person) for person in sorted(only))
    today = day.today
    return [
        c for c in people if c.reachable and (c.snoozed_until is None or today >= c.snoozed_until)
    ]


def _summaries(
    store: Store, day: _Day, people: Sequence[Contact] | Sequence[ContactId], *, most: bool
) -> Mapping[ContactId, TouchSummary]:
    """The touch summaries of ``people`` (contacts or ids; ``most``: nearly every
    contact) as of the day's ``now``."""
    if _summary_source(store):
        if most:
            # A store computes them all at once more cheaply than it looks up a list of
            # ids (the few left out are not read).
            return store.touch_summaries(now=day.now)
        return store.touch_summaries(now=day.now, contacts=_ids(people))
    ids = _ids(people)
    if most:
        return summarize(store.interactions(), now=day.now, contacts=ids)
    out: dict[ContactId, TouchSummary] = {}
    for person in ids:
        out.update(summarize(store.interactions(contact=person), now=day.now, contacts=[person]))
    return out


def _ids(people: Sequence[Contact] | Sequence[ContactId]) -> list[ContactId]:
    return [p if isinstance(p, str) else p.id for p in people]


def _open_commitments(store: Store) -> dict[ContactId, list[Commitment]]:
    """The open commitments, by contact."""
    out: dict[ContactId, list[Commitment]] = {}
    for commitment in store.commitments(open_only=True):
        out.setdefault(commitment.contact, []).append(commitment)
    return out


def _goals_by_contact(store: Store) -> dict[ContactId, list[Goal]]:
    """Every goal, under each contact it links to."""
    out: dict[ContactId, list[Goal]] = {}
    for goal in store.goals():
        for person in goal.contacts:
            out.setdefault(person, []).append(goal)
    return out


def _merged_wake(day: _Day, rules: list[tuple[Rule, QuietTest]]) -> Wake | None:
    """What wakes any of ``rules`` today, or None if one of them cannot say."""
    since: dict[str, int] = {}
    commitments = goals = False
    promises_due_by: dt.date | None = None
    for rule, _ in rules:
        owner = next((c for c in type(rule).__mro__ if "evaluate" in c.__dict__), None)
        if owner is None or "wakes" not in owner.__dict__ or not isinstance(rule, Wakeful):
            return None
        wake = rule.wakes(day.today, day.clock, day.settings)
        if not isinstance(wake, Wake):
            raise ValidationError(f"rule {rule.name!r} wakes", wake, "a Wake")
        for name, bound in wake.since.items():
            since[name] = min(bound, since.get(name, bound))
        commitments = commitments or wake.commitments
        goals = goals or wake.goals
        by = wake.promises_due_by
        if by is not None and (promises_due_by is None or by > promises_due_by):
            promises_due_by = by
    return Wake(since=since, commitments=commitments, promises_due_by=promises_due_by, goals=goals)


def _summary_sieve(store: Store) -> bool:
    """Whether ``store`` filters summaries itself (``isinstance(store, SummarySieve)``)."""
    return getattr(store, "touch_summaries_since", None) is not None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a pass over every contact runs.

    A pass allocates many short-lived objects and no reference cycles, so the collector
    finds nothing to free; yet the allocations trigger full collections that walk every
    record of a large store (a quarter of an agenda's time at a million interactions).
    Reference counting still frees everything as it goes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _fact_source(store: Store) -> TypeGuard[FactSource]:
    """Whether ``store`` lists contact facts (``isinstance(store, FactSource)``)."""
    return getattr(store, "contact_facts", None) is not None


_BUILT_IN = frozenset(
    {ReplyOwed, ThankYou, Promise, IntroLoop, MentorLoop, Nudge, CheckIn, KeepInTouch, Birthday}
)


#: The built-in rules that never propose a must-do item.
_OPTIONAL_ONLY = frozenset({IntroLoop, MentorLoop, Nudge, CheckIn, KeepInTouch, Birthday})


def _in_order(
    day: _Day,
    rules: list[Rule],
    contact: Contact,
    summary: TouchSummary,
    commitments: Sequence[Commitment],
    goals: Sequence[Goal],
    tests: list[tuple[Rule, QuietTest]],
) -> list[Rule]:
    """``rules`` and those of ``tests`` that are not quiet for the contact, in the
    engine's order of rules."""
    asked = {id(rule) for rule in rules}
    for rule, test in tests:
        if not test(contact, summary, bool(commitments), bool(goals)):
            asked.add(id(rule))
    return [rule for rule in day.rules if id(rule) in asked]


def _reads_only_facts(day: _Day) -> bool:
    """Whether every rule and the scoring are built-in ones, which read of a contact
    only what :class:`~relnet.storage.ContactFacts` holds."""
    return type(day.scoring) is Scoring and all(type(rule) in _BUILT_IN for rule in day.rules)


def _summary_source(store: Store) -> TypeGuard[SummarySource]:
    """Whether ``store`` computes touch summaries: ``isinstance(store, SummarySource)``,
    which the protocol check makes slow, as the attribute test it amounts to."""
    return getattr(store, "touch_summaries", None) is not None


def _excluded(day: _Day, contact: Contact) -> str | None:
    """Why the contact gets nothing today, or None."""
    if contact.status is ContactStatus.ARCHIVED:
        return "archived: relnet proposes nothing for archived contacts"
    if not contact.reachable:
        return "do not contact: relnet proposes nothing for them"
    until = contact.snoozed_until
    if until is not None and day.today < until:
        return f"snoozed until {until.isoformat()}"
    return None


def _pick(day: _Day, scored: list[_Scored], *, any_day: bool) -> _Pick | None:
    """The contact's item: the best available today; with ``any_day``, else the soonest."""
    if not scored:
        return None
    today = day.today
    pool = [s for s in scored if s.available <= today]
    if pool:
        pool.sort(key=lambda s: s.key)
    elif any_day:
        pool = sorted(scored, key=lambda s: (s.available, s.key))
    else:
        return None
    return _Pick(pool[0], pool[1:])


def _factor_names(item: _Scored) -> tuple[str, ...]:
    context = item.context
    names = [f"circle:{context.contact.circle.value}"]
    if context.active_goals:
        names.append("goal:" + ",".join(sorted(g.id for g in context.active_goals)))
    if item.factors.reciprocity_owed:
        names.append("reciprocity_owed")
    names.extend(sorted(item.proposal.factors, key=lambda f: _FACTOR_ORDER.get(f, 2)))
    if item.snoozed:
        names.append("snoozed")
    return tuple(names)


def _text(item: _Scored) -> str:
    """The follow-up's sentence: action and due date, why, then the notes that apply."""
    proposal = item.proposal
    context = item.context
    name = context.contact.name
    action = proposal.action or ACTIONS[proposal.reason].format(name=name)
    parts = [f"{action} (due {item.due.isoformat()})."]
    if proposal.why.strip():
        parts.append(proposal.why.strip())
    goals = context.active_goals
    if goals:
        titles = [f"“{g.title}”" for g in sorted(goals, key=lambda g: g.id)]
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        parts.append(f"It serves your goal{'s' if len(titles) > 1 else ''} {listed}.")
    if item.factors.reciprocity_owed:
        parts.append(RECIPROCITY_NOTE)
    parts.extend(note for note in proposal.notes if note.strip())
    if item.snoozed:
        until = context.contact.snoozed_until
        assert until is not None
        parts.append(f"Snoozed until {until.isoformat()}, so it counts from then.")
    if item.overdue > 0:
        days = "1 day" if item.overdue == 1 else f"{item.overdue} days"
        parts.append(f"This is {days} overdue.")
    return " ".join(parts)


def _find_interaction(
    store: Store, contact: ContactId, reason: Reason, at: int
) -> InteractionId | None:
    """The interaction at instant ``at`` that the follow-up is about, if it can be found."""
    moment = _EPOCH + dt.timedelta(microseconds=at)
    found = store.interactions(
        contact=contact, since=moment, until=moment + dt.timedelta(microseconds=1)
    )
    fallback: InteractionId | None = None
    for interaction in found:
        if epoch_us(interaction.at) != at:
            continue
        for touch in interaction.touches():
            if touch.contact != contact:
                continue
            if _is_about(reason, interaction, touch):
                return interaction.id
            if fallback is None:
                fallback = interaction.id
    return fallback


def _is_about(reason: Reason, interaction: Interaction, touch: Touch) -> bool:
    """Whether ``touch`` (in ``interaction``) is the kind a ``reason`` follow-up is about."""
    if reason is Reason.REPLY_OWED:
        return touch.direction is Direction.INBOUND and touch.expects_reply
    if reason is Reason.THANK_YOU:
        return interaction.channel in _MEETINGS
    if reason is Reason.INTRO_LOOP:
        return interaction.introduced_by == touch.contact
    if reason is Reason.MENTOR_LOOP:
        return Value.ADVICE in touch.received
    if reason is Reason.NUDGE:
        return touch.direction is Direction.OUTBOUND and touch.expects_reply
    return True
