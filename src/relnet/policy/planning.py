"""Which contacts the engine asks which rules about: the agenda's planning shortcuts.

The engine's answer must always equal evaluating every rule for every contact. For
the agenda, the planner yields fewer :class:`Visit` values, using what each rule
declares (:func:`~relnet.policy.rule.planning_of`):

1. **Quiet tests.** When every rule has a ``quiet`` test, a contact is asked only by
   the rules whose test is false today (none: it is not asked at all).
2. **Must-do first.** The rules that may propose a must-do item are tested first; a
   contact none of them has anything for today waits, and is asked about only if the
   must-do items leave room on the agenda (*fill*).
3. **Wakes.** When every such rule also says which contacts may wake it, a store that
   sieves summaries (:class:`~relnet.storage.SummarySieve`) hands over only those
   contacts' summaries; the others are read only for the fill. A store that reads
   chosen contacts' open commitments (:class:`~relnet.storage.OpenCommitments`) hands
   over only the woken contacts' (those owing a promise the wake names among them).
4. **Full visits.** A contact named in ``full`` (the engine names those with
   dismissals) is asked by every rule, whatever the quiet tests and wakes say: what a
   rule proposes once an item is dismissed is no shortcut's business.
5. **Contact facts.** When every rule and the scoring declare ``reads_only_facts``, a
   store that lists :class:`~relnet.storage.ContactFacts` hands those out instead of
   whole contacts.

For every contact's next item (:func:`follow_up_visits`), a rule that declares
``wakes_any_day`` is asked only about the contacts its :class:`~relnet.policy.Wake`
names, found in one pass over all the summaries per bounded field (a contact with
dismissals is asked by every rule).

``docs/internals.md`` names the test that guards each shortcut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import TypeGuard

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import (
    Commitment,
    ContactId,
    ContactView,
    Goal,
    Party,
    Settings,
    TouchSummary,
    epoch_us,
)
from relnet.policy._listing import among
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.rule import ManyEvaluator, Planning, QuietTest, Rule, Wake
from relnet.policy.scoring import ContactFactors, Scoring, shared_factors, shared_urgency
from relnet.storage import (
    FactSource,
    OpenCommitments,
    Store,
    SummarySieve,
    SummarySource,
    touch_summaries_of,
)

__all__ = ["Day", "Visit", "agenda_visits", "every_visit", "follow_up_visits", "summary_of"]


class Day:
    """What one engine call fixes: settings, the owner's clock, now, today, the rules
    with their declarations, and the scoring."""

    __slots__ = (
        "_dates",
        "_reminders",
        "clock",
        "evaluators",
        "factors",
        "now",
        "plans",
        "proposes",
        "rules",
        "scoring",
        "settings",
        "today",
        "today_ord",
        "urgency",
    )

    def __init__(
        self,
        settings: Settings,
        now: pendulum.DateTime,
        rules: Sequence[Rule],
        plans: Sequence[Planning],
        scoring: Scoring,
    ) -> None:
        self.settings = settings
        self.clock = LocalTime(settings.timezone)
        self.now = now
        self.today = self.clock.date_of(epoch_us(now))
        self.today_ord = self.today.toordinal()
        self.rules = rules
        self.plans: tuple[Planning, ...] = tuple(plans)
        #: The reasons each rule declares it proposes (None: any), by ``id(rule)``.
        self.proposes = {
            id(rule): plan.proposes for rule, plan in zip(rules, self.plans, strict=True)
        }
        self.scoring = scoring
        #: ``scoring.factors``, the common values shared within the call.
        self.factors: Callable[[Context], ContactFactors] = shared_factors(scoring)
        #: ``scoring.urgency``, each value worked out once per call.
        self.urgency: Callable[[int, int | None], float] = shared_urgency(scoring)
        #: What evaluates each chunk of contexts for a rule that evaluates many at
        #: once, by ``id(rule)``, made on first use (see ``relnet.policy._visiting``).
        self.evaluators: dict[int, ManyEvaluator] = {}
        self._reminders: dict[dt.date, pendulum.DateTime] = {}
        self._dates: dict[dt.date, pendulum.Date] = {}

    def pdate(self, day: dt.date) -> pendulum.Date:
        """``day`` as a :class:`pendulum.Date` (items share a few hundred dates: each is
        made once per call)."""
        found = self._dates.get(day)
        if found is None:
            found = self._dates[day] = pendulum.Date(day.year, day.month, day.day)
        return found

    def reminder(self, day: dt.date) -> pendulum.DateTime:
        """``day`` at the owner's reminder time (items share a handful of due dates)."""
        found = self._reminders.get(day)
        if found is None:
            found = self._reminders[day] = self.clock.at(day, self.settings.reminder_time)
        return found

    def reads_only_facts(self) -> bool:
        """Whether every rule and the scoring declare they read only contact facts."""
        return getattr(self.scoring, "reads_only_facts", False) is True and all(
            plan.reads_only_facts for plan in self.plans
        )


@attrs.define(eq=False, weakref_slot=False)  # compared by identity, like any plan step
class Visit:
    """A contact to evaluate: it, what the rules read of it, and the rules to ask."""

    contact: ContactView
    summary: TouchSummary | None
    commitments: Sequence[Commitment]
    goals: Sequence[Goal]
    rules: Sequence[Rule]


#: A rule and its quiet test for the day.
_Tested = tuple[Rule, QuietTest]


def every_visit(store: Store, day: Day, *, snoozed: bool = False) -> Iterator[Visit]:
    """Every reachable contact not snoozed today (with ``snoozed``, snoozed ones too),
    with every rule (no shortcut)."""
    people = _people(store, day, facts=False, snoozed=snoozed)
    summaries = _summaries(store, day, people, most=True)
    yield from _with_every_rule(store, day, people, summaries)


def follow_up_visits(
    store: Store, day: Day, *, full: Collection[ContactId] = ()
) -> Iterator[Visit]:
    """Every reachable contact, snoozed ones included (as :func:`every_visit`), each with
    the rules that may propose anything for it on any day: a rule that declares
    ``wakes_any_day`` is asked only about the contacts its :class:`~relnet.policy.Wake`
    names, found by one pass over all the summaries (and the open commitments and
    goals); the others about every contact. The contacts in ``full`` are asked by
    every rule."""
    people = _people(store, day, facts=True, snoozed=True)
    summaries = _summaries(store, day, people, most=True)
    commitments = _open_commitments(store)
    goals = _goals_by_contact(store)
    woken = _any_day_woken(day, summaries, commitments, goals)
    pairs = list(zip(day.rules, woken, strict=True))
    # Most contacts wake none of the declaring rules: they share one list of rules.
    common = [rule for rule, names in pairs if names is None]
    special = frozenset(full).union(*(names for names in woken if names is not None))
    every = day.rules
    # The lists of rules the woken contacts are asked by, one per combination.
    lists: dict[tuple[bool, ...], list[Rule]] = {}
    for contact in people:
        person = contact.id
        rules: Sequence[Rule] = common
        if person in special:
            if person in full:
                rules = every
            else:
                asks = tuple([names is None or person in names for _, names in pairs])
                found = lists.get(asks)
                if found is None:
                    found = lists[asks] = [
                        rule for (rule, _), ask in zip(pairs, asks, strict=True) if ask
                    ]
                rules = found
        yield Visit(
            contact,
            summaries.get(person),
            commitments.get(person, ()),
            goals.get(person, ()),
            rules,
        )


def _any_day_woken(
    day: Day,
    summaries: Mapping[ContactId, TouchSummary],
    commitments: Mapping[ContactId, Sequence[Commitment]],
    goals: Mapping[ContactId, Sequence[Goal]],
) -> list[frozenset[ContactId] | None]:
    """For each rule of the day, the contacts its ``wakes_any_day`` names (None for a
    rule that does not declare it: every contact)."""
    woken: list[frozenset[ContactId] | None] = []
    for rule, plan in zip(day.rules, day.plans, strict=True):
        wakeful = plan.wakes_any_day
        if wakeful is None:
            woken.append(None)
            continue
        found: object = wakeful.wakes_any_day(day.today, day.clock, day.settings)
        if not isinstance(found, Wake):
            raise ValidationError(f"rule {rule.name!r} wakes_any_day", found, "a Wake")
        woken.append(_woken_by(found, summaries, commitments, goals))
    return woken


def _woken_by(
    wake: Wake,
    summaries: Mapping[ContactId, TouchSummary],
    commitments: Mapping[ContactId, Sequence[Commitment]],
    goals: Mapping[ContactId, Sequence[Goal]],
) -> frozenset[ContactId]:
    """The contacts ``wake`` names, in one pass over the summaries per bounded field
    (the reference is :func:`relnet.storage.sieve.passes`, one summary at a time)."""
    found: set[ContactId] = set()
    for field, bound in wake.since.items():
        value = attrgetter(field)
        found |= {
            person
            for person, summary in summaries.items()
            if (at := value(summary)) is not None and at >= bound
        }
    found.update(_woken_by_records(wake, commitments, goals))
    return frozenset(found)


def _woken_by_records(
    wake: Wake,
    commitments: Mapping[ContactId, Sequence[Commitment]],
    goals: Mapping[ContactId, Sequence[Goal]],
) -> set[ContactId]:
    """The contacts ``wake`` names by their open commitments and goals."""
    found: set[ContactId] = set()
    if wake.commitments:
        found.update(commitments)
    elif wake.promises_due_by is not None:
        by = wake.promises_due_by
        found.update(
            c.contact
            for mine in commitments.values()
            for c in mine
            if c.owed_by is Party.ME and c.due <= by
        )
    if wake.goals:
        found.update(goals)
    return found


def _woken_by_listed(
    wake: Wake, listed: Iterable[Commitment], goals: Mapping[ContactId, Sequence[Goal]]
) -> set[ContactId]:
    """The contacts ``wake`` names by their open commitments (``listed``, every open
    one) and goals: :func:`_woken_by_records` without the commitments by contact."""
    found: set[ContactId] = set()
    if wake.commitments:
        found.update(c.contact for c in listed)
    elif wake.promises_due_by is not None:
        by = wake.promises_due_by
        found.update(c.contact for c in listed if c.owed_by is Party.ME and c.due <= by)
    if wake.goals:
        found.update(goals)
    return found


def agenda_visits(
    store: Store, day: Day, room: Callable[[], int], *, full: Collection[ContactId] = ()
) -> Iterator[Visit]:
    """The contacts the agenda asks about, each with the rules that may have something
    for it today. ``room()`` says how many optional items the agenda can still take
    beside the must-do ones, once the visits yielded so far are evaluated. The
    contacts in ``full`` are asked by every rule (first)."""
    tests = _quiet_tests(day)
    if tests is None:
        yield from every_visit(store, day)
        return
    skip: frozenset[ContactId] = frozenset(full)
    if skip:
        yield from _full_visits(store, day, skip)
    first = [
        (rule, test)
        for (rule, test), plan in zip(tests, day.plans, strict=True)
        if plan.may_be_must_do
    ]
    rest = [
        (rule, test)
        for (rule, test), plan in zip(tests, day.plans, strict=True)
        if not plan.may_be_must_do
    ]
    wake = _merged_wake(
        day, [r for r, p in zip(day.rules, day.plans, strict=True) if p.may_be_must_do]
    )
    if wake is not None and _summary_sieve(store):
        yield from _woken_visits(store, day, wake, first, rest, room, skip)
        return
    people = [c for c in _people(store, day, facts=True) if c.id not in skip]
    summaries = _summaries(store, day, people, most=True)
    commitments = _open_commitments(store)
    goals = _goals_by_contact(store)
    waiting: list[Visit] = []
    yield from _first_pass(day, people, summaries, commitments, goals, first, rest, waiting)
    if waiting and room() > 0:
        yield from _fill(day, waiting, rest, _any_day_woken(day, summaries, commitments, goals))


def _woken_visits(
    store: Store,
    day: Day,
    wake: Wake,
    first: list[_Tested],
    rest: list[_Tested],
    room: Callable[[], int],
    skip: frozenset[ContactId],
) -> Iterator[Visit]:
    """The agenda's visits when every rule that may propose a must-do item says which
    contacts may wake it: the store hands over only those contacts' summaries, and
    the others are read only when the must-do items leave room on the agenda."""
    sieve: SummarySieve = store  # type: ignore[assignment]
    summaries = dict(sieve.touch_summaries_since(now=day.now, since=wake.since))
    goals = _goals_by_contact(store)
    partial = _commitments_read(store) and not wake.commitments
    listed: Sequence[Commitment] | None = None
    if partial:
        commitments = _woken_commitments(store, wake, summaries, goals)
        woken = set(summaries) | _woken_by_records(wake, commitments, goals)
    else:
        # Every open commitment is read, but only the woken contacts' are put under
        # them: most contacts with one are not woken (the fill puts them all).
        listed = store.commitments(open_only=True)
        woken = set(summaries) | _woken_by_listed(wake, listed, goals)
        commitments = _by_contact(c for c in listed if c.contact in woken)
    woken -= skip
    # A store that hands out no contact facts lists every contact for the woken ones:
    # that listing serves the others too, should the fill need them.
    listing = None if _facts_listed(store, day) else store.contacts(include_archived=False)
    people = _people(store, day, facts=True, only=woken, listing=listing)
    missing = [c.id for c in people if c.id not in summaries]
    if missing:
        summaries.update(_summaries(store, day, missing, most=False))
    waiting: list[Visit] = []
    yield from _first_pass(day, people, summaries, commitments, goals, first, rest, waiting)
    if not rest or room() <= 0:
        return
    # The others' commitments too, for the fill.
    commitments = _open_commitments(store) if listed is None else _by_contact(listed)
    # Every other contact may have an optional item (keep in touch, a birthday); none
    # of theirs can be a must-do item, as none of them woke those rules.
    others = [
        c
        for c in _people(store, day, facts=True, listing=listing)
        if c.id not in woken and c.id not in skip
    ]
    found = _summaries(store, day, others, most=True)
    named = _any_day_woken(day, found, commitments, goals)
    for contact in others:
        person = contact.id
        summary = found.get(person)
        waiting.append(
            Visit(
                contact,
                summary if summary is not None else TouchSummary(contact=person),
                commitments.get(person, ()),
                goals.get(person, ()),
                (),
            )
        )
    yield from _fill(day, waiting, rest, named)


def _woken_commitments(
    store: Store,
    wake: Wake,
    summaries: Mapping[ContactId, TouchSummary],
    goals: Mapping[ContactId, Sequence[Goal]],
) -> dict[ContactId, list[Commitment]]:
    """Only the woken contacts' open commitments, from a store that reads those alone:
    the contacts the sieve and the goals woke, and those owing a promise by the wake's
    day, each with all its open commitments (so the wake finds the same ones)."""
    reader: OpenCommitments = store  # type: ignore[assignment]
    chosen = set(summaries) | (set(goals) if wake.goals else set())
    return _by_contact(reader.open_commitments_of(sorted(chosen), promised_by=wake.promises_due_by))


def _full_visits(store: Store, day: Day, full: frozenset[ContactId]) -> Iterator[Visit]:
    """The reachable, unsnoozed contacts among ``full`` (stored contacts), each with
    every rule."""
    people = _people(store, day, facts=True, only=full)
    summaries = _summaries(store, day, people, most=False)
    yield from _with_every_rule(store, day, people, summaries)


def _with_every_rule(
    store: Store,
    day: Day,
    people: Sequence[ContactView],
    summaries: Mapping[ContactId, TouchSummary],
) -> Iterator[Visit]:
    """A visit of each of ``people`` with every rule, their open commitments and goals
    read in one listing each (not one call per contact)."""
    commitments = _open_commitments(store)
    goals = _goals_by_contact(store)
    for contact in people:
        person = contact.id
        yield Visit(
            contact,
            summaries.get(person),
            commitments.get(person, ()),
            goals.get(person, ()),
            day.rules,
        )


def _first_pass(
    day: Day,
    people: Sequence[ContactView],
    summaries: Mapping[ContactId, TouchSummary],
    commitments: Mapping[ContactId, Sequence[Commitment]],
    goals: Mapping[ContactId, Sequence[Goal]],
    first: list[_Tested],
    rest: list[_Tested],
    waiting: list[Visit],
) -> Iterator[Visit]:
    """The contacts that some rule of ``first`` has something for today (asked by
    every rule of ``first`` and ``rest`` that has); the others are added to
    ``waiting`` for room on the agenda (none when ``rest`` is empty)."""
    ordered = _in_engine_order(day, first, rest)
    for contact in people:
        person = contact.id
        summary = summaries.get(person)
        if summary is None:
            summary = TouchSummary(contact=person)
        mine = commitments.get(person, ())
        linked = goals.get(person, ())
        has_commitments, has_goals = bool(mine), bool(linked)
        # Only the rules that may have something available today are asked.
        awake = [not test(contact, summary, has_commitments, has_goals) for _, test in first]
        if not any(awake):
            if rest:
                waiting.append(Visit(contact, summary, mine, linked, ()))
            continue
        if rest:
            # The rules of ``first`` as just tested, and those of ``rest`` that are not
            # quiet, in the engine's order of rules.
            tested = iter(awake)
            rules = [
                rule
                for rule, test, is_first in ordered
                if (
                    next(tested)
                    if is_first
                    else not test(contact, summary, has_commitments, has_goals)
                )
            ]
        else:
            rules = [rule for (rule, _), on in zip(first, awake, strict=True) if on]
        yield Visit(contact, summary, mine, linked, rules)


def _in_engine_order(
    day: Day, first: list[_Tested], rest: list[_Tested]
) -> list[tuple[Rule, QuietTest, bool]]:
    """The tests of ``first`` and ``rest`` (each in the engine's order of rules, together
    every rule's) merged in that order, each marked true when it is one of ``first``."""
    merged: list[tuple[Rule, QuietTest, bool]] = []
    at_first = at_rest = 0
    for rule in day.rules:
        if at_first < len(first) and first[at_first][0] is rule:
            merged.append((rule, first[at_first][1], True))
            at_first += 1
        else:
            assert rest[at_rest][0] is rule
            merged.append((rule, rest[at_rest][1], False))
            at_rest += 1
    return merged


def _fill(
    day: Day,
    waiting: list[Visit],
    rest: list[_Tested],
    named: Sequence[frozenset[ContactId] | None],
) -> Iterator[Visit]:
    """The waiting contacts, each with the rules of ``rest`` that are not quiet for it.

    ``named`` holds, for each rule of the day, the contacts its ``wakes_any_day``
    names (None: every contact); a rule that has nothing on any day for a contact has
    nothing today either, so its quiet test is not run for the others.
    """
    by_rule = {id(rule): names for rule, names in zip(day.rules, named, strict=True)}
    # ``rest`` is in the engine's order of rules, and so is each contact's list below.
    ordered = [(rule, test, by_rule[id(rule)]) for rule, test in rest]
    always = [(rule, test) for rule, test, names in ordered if names is None]
    special: frozenset[ContactId] = frozenset().union(
        *(names for _, _, names in ordered if names is not None)
    )
    for visit in waiting:
        summary = visit.summary
        assert summary is not None
        contact = visit.contact
        tests = always
        if contact.id in special:
            person = contact.id
            tests = [
                (rule, test) for rule, test, names in ordered if names is None or person in names
            ]
        commitments, goals = bool(visit.commitments), bool(visit.goals)
        rules = [rule for rule, test in tests if not test(contact, summary, commitments, goals)]
        if rules:
            visit.rules = rules
            yield visit


def _quiet_tests(day: Day) -> list[_Tested] | None:
    """Each rule with its test that it has nothing available today, or None if a rule
    declares no test (every contact is then evaluated by every rule)."""
    tests: list[_Tested] = []
    for rule, plan in zip(day.rules, day.plans, strict=True):
        if plan.quiet is None:
            return None
        tests.append((rule, plan.quiet.quiet(day.today, day.clock, day.settings)))
    return tests


def _merged_wake(day: Day, rules: list[Rule]) -> Wake | None:
    """What wakes any of ``rules`` today, or None if one of them cannot say."""
    since: dict[str, int] = {}
    commitments = goals = False
    promises_due_by: dt.date | None = None
    for rule in rules:
        wakeful = day.plans[day.rules.index(rule)].wakes
        if wakeful is None:
            return None
        found: object = wakeful.wakes(day.today, day.clock, day.settings)
        if not isinstance(found, Wake):
            raise ValidationError(f"rule {rule.name!r} wakes", found, "a Wake")
        wake = found
        for field, bound in wake.since.items():
            since[field] = min(bound, since.get(field, bound))
        commitments = commitments or wake.commitments
        goals = goals or wake.goals
        by = wake.promises_due_by
        if by is not None and (promises_due_by is None or by > promises_due_by):
            promises_due_by = by
    return Wake(since=since, commitments=commitments, promises_due_by=promises_due_by, goals=goals)


def _people(
    store: Store,
    day: Day,
    *,
    facts: bool,
    only: Iterable[ContactId] | None = None,
    snoozed: bool = False,
    listing: Sequence[ContactView] | None = None,
) -> list[ContactView]:
    """The reachable contacts that are not snoozed today (those among ``only``; with
    ``snoozed``, the snoozed ones too), in the store's order (by id among ``only``).

    With ``facts``, a store that lists contact facts hands out those when every rule
    and the scoring declare that they read nothing else; the follow-ups carry only
    ids and names. ``listing``, the store's contacts without archived ones when the
    caller has read them already, saves reading them again (facts are read anyway).
    """
    people: Iterable[ContactView]
    if facts and _facts_listed(store, day):
        assert _fact_source(store)
        people = store.contact_facts() if only is None else store.contact_facts(sorted(only))
    elif only is None:
        people = store.contacts(include_archived=False) if listing is None else listing
    else:
        # One listing, not one call per contact; the few wanted among many are found
        # by binary search (the listing is ordered by id).
        people = among(store.contacts() if listing is None else listing, frozenset(only))
    if snoozed:
        return [c for c in people if c.reachable]
    today = day.today
    return [
        c for c in people if c.reachable and (c.snoozed_until is None or today >= c.snoozed_until)
    ]


def summary_of(store: Store, now: pendulum.DateTime, person: ContactId) -> TouchSummary | None:
    """One contact's touch summary as of ``now``, reading only that contact's records."""
    return touch_summaries_of(store, [person], now=now).get(person)


def _summaries(
    store: Store, day: Day, people: Sequence[ContactView] | Sequence[ContactId], *, most: bool
) -> Mapping[ContactId, TouchSummary]:
    """The touch summaries of ``people`` (contacts or ids; ``most``: nearly every
    contact) as of the day's ``now``."""
    if most:
        # Every contact's at once costs less than looking up a list of nearly all ids
        # (the few left out are not read).
        return touch_summaries_of(store, now=day.now)
    return touch_summaries_of(store, _ids(people), now=day.now)


def _ids(people: Sequence[ContactView] | Sequence[ContactId]) -> list[ContactId]:
    return [p if isinstance(p, str) else p.id for p in people]


def _open_commitments(store: Store) -> dict[ContactId, list[Commitment]]:
    """The open commitments, by contact."""
    return _by_contact(store.commitments(open_only=True))


def _by_contact(commitments: Iterable[Commitment]) -> dict[ContactId, list[Commitment]]:
    """``commitments``, in their order, by contact."""
    out: dict[ContactId, list[Commitment]] = {}
    for commitment in commitments:
        out.setdefault(commitment.contact, []).append(commitment)
    return out


def _commitments_read(store: Store) -> bool:
    """Whether ``store`` reads chosen contacts' open commitments itself
    (``isinstance(store, OpenCommitments)``)."""
    return getattr(store, "open_commitments_of", None) is not None


def _goals_by_contact(store: Store) -> dict[ContactId, list[Goal]]:
    """Every goal, under each contact it links to."""
    out: dict[ContactId, list[Goal]] = {}
    for goal in store.goals():
        for person in goal.contacts:
            out.setdefault(person, []).append(goal)
    return out


def _summary_sieve(store: Store) -> bool:
    """Whether ``store`` filters summaries itself (``isinstance(store, SummarySieve)``)."""
    return getattr(store, "touch_summaries_since", None) is not None


def _facts_listed(store: Store, day: Day) -> bool:
    """Whether :func:`_people` hands out the store's contact facts: it lists them and
    every rule and the scoring read nothing else."""
    return _fact_source(store) and day.reads_only_facts()


def _fact_source(store: Store) -> TypeGuard[FactSource]:
    """Whether ``store`` lists contact facts (``isinstance(store, FactSource)``)."""
    return getattr(store, "contact_facts", None) is not None


def _summary_source(store: Store) -> TypeGuard[SummarySource]:
    """Whether ``store`` computes touch summaries: ``isinstance(store, SummarySource)``,
    which the protocol check makes slow, as the attribute test it amounts to."""
    return getattr(store, "touch_summaries", None) is not None
