"""The follow-up engine: runs the rules over every contact and ranks what they propose.

For each contact the engine builds a :class:`~relnet.policy.Context`, asks every rule
for candidates, raises their dates to any snooze, scores each proposal
(``base × circle × goal × reciprocity × urgency``), keeps one item per contact and, for
today's agenda, every must-do item plus the best others up to the daily capacity. It
works from :class:`~relnet.model.TouchSummary` values, so its cost grows with the
number of contacts, not with the length of their histories. Which contacts it asks
which rules about is :mod:`relnet.policy.planning`'s part; the result is always that of
asking every rule about every contact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, overload

import attrs

from relnet.errors import ValidationError
from relnet.model import (
    Contact,
    ContactId,
    ContactStatus,
    ContactView,
    Dismissal,
    Settings,
)
from relnet.model._check import to_instant
from relnet.policy import dates
from relnet.policy._abouts import Abouts, about_key
from relnet.policy._explaining import considered_line, status_of
from relnet.policy._later import Later
from relnet.policy._visiting import (
    MANY,
    after_soon,
    chunks,
    dismissed_of,
    evaluated_many,
    gather,
    make_context,
    meetings_soon,
)
from relnet.policy.agenda import Agenda
from relnet.policy.context import Context
from relnet.policy.dismissals import CYCLE, Dismissed, anchor_of, apply, by_contact, same_item
from relnet.policy.explain import Explanation
from relnet.policy.followup import FollowUp, Reason
from relnet.policy.picks import Pick, Scored
from relnet.policy.picks import pick as best
from relnet.policy.planning import Day, Visit, agenda_visits, follow_up_visits, summary_of
from relnet.policy.rule import Cyclic, Proposal, Rule, Suppression, planning_of, reason_of
from relnet.policy.rules import default_rules
from relnet.policy.scoring import ContactFactors, Scoring
from relnet.policy.wording import ACTIONS as ACTIONS  # re-exported: its old home
from relnet.policy.wording import RECIPROCITY_NOTE as RECIPROCITY_NOTE
from relnet.policy.wording import details, factor_names, headline, plain_words
from relnet.storage import ContactFacts, Store

__all__ = ["Engine"]

_T = TypeVar("_T")
#: Sorts before every date: the items available today, in agenda order, come first.
_TODAY = dt.date.min
#: The years a run's ``now`` may fall in: the rules look ahead and back a year or so.
_FIRST_YEAR, _LAST_YEAR = 2, 9997

#: What explain records of each candidate: the rule, the candidate, its scored item.
_Traced = tuple[str, Proposal | Suppression, Scored | None]


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

    __slots__ = ("_plans", "rules", "scoring", "settings")

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
        # What each rule declares is read once: the planner consults it on every call.
        self._plans = tuple(planning_of(rule) for rule in listed)
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
        picks = self._picks(store, day, capacity=capacity)
        picks.sort(key=Pick.order)
        must = [p for p in picks if p.winner.must_do]
        optional = [p for p in picks if not p.winner.must_do]
        kept = must + optional[: max(0, capacity - len(must))]
        return self._agenda(store, day, kept)

    def counted_agenda(
        self, store: Store, *, now: dt.datetime, capacity: int | None = None
    ) -> tuple[Agenda, int]:
        """Today's agenda, as :meth:`agenda` gives it, and how many more contacts have an
        item available today that it leaves out: the length of the agenda of unbounded
        capacity, less this one's.

        The count costs no more than the agenda when the must-do items leave room (the
        agenda then asks every contact already); else the contacts only optional items
        could be for are asked whether they have one, and no item of theirs is scored,
        worded or explained. Raises ValidationError as :meth:`agenda` does.
        """
        day = self._day(store, now)
        if capacity is None:
            capacity = day.settings.daily_capacity
        elif isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
            raise ValidationError("capacity", capacity, "a whole number of at least 0, or None")
        picks: list[Pick] = []
        dismissals = by_contact(store.dismissals())
        shared = Later(store, day.now, (d for ds in dismissals.values() for d in ds))
        # The planner asks how much room is left once, when the contacts that may have a
        # must-do item are done: with none left, the others are only counted.
        left: list[int] = []

        def room() -> int:
            left.append(capacity - sum(1 for pick in picks if pick.winner.must_do))
            return 1  # hand over every contact: the ones with no room are counted

        meetings = meetings_soon(store, day)
        counted = 0
        for visit in agenda_visits(store, day, room, full=dismissals.keys()):
            context, dismissed = gather(store, day, visit, meetings, dismissals, shared)
            if left and left[0] <= 0:
                counted += _has_item_today(day, context, visit.rules, dismissed)
                continue
            found = self._today_pick(day, context, visit.rules, dismissed)
            if found is not None:
                picks.append(found)
        picks.sort(key=Pick.order)
        must = [p for p in picks if p.winner.must_do]
        optional = [p for p in picks if not p.winner.must_do]
        kept = must + optional[: max(0, capacity - len(must))]
        return self._agenda(store, day, kept), len(picks) - len(kept) + counted

    def follow_ups(self, store: Store, *, now: dt.datetime) -> Agenda:
        """Every contact's next item, whether or not it is available today; no capacity.

        A contact's item is chosen among its candidates available today when there
        are any (so it is the agenda's item), else it is the one available soonest.
        A contact snoozed past today is listed too: its item is the one it would have
        without the snooze, with its dates raised to the snooze date (factor
        ``snoozed``), so a calendar exported today still holds it. Items available
        today come first, in agenda order, then the others by the day they become
        available.
        """
        day = self._day(store, now)
        today = day.today

        about_nothing = Abouts({}, {})
        waiting: list[Pick] = []

        def listed(pick: Pick) -> tuple[tuple[Any, ...], FollowUp | Pick]:
            # A pick about no interaction becomes its follow-up at once, so the contexts
            # and candidates of a whole network are never held together; the others wait
            # for what they are about, read for all of them in one go.
            winner = pick.winner
            later = winner.available > today
            contact = winner.context.contact
            # (later, day available, *Pick.order()) in one tuple.
            order = (
                later,
                winner.available if later else _TODAY,
                not winner.must_do,
                -winner.priority,
                winner.due.toordinal(),
                contact.name.casefold(),
                contact.id,
            )
            if about_key(winner) is not None:
                waiting.append(pick)
                return order, pick
            return order, self._follow_up(store, day, pick, about_nothing)

        rows = self._picks(store, day, capacity=None, into=listed)
        abouts = Abouts.read(store, [pick.winner for pick in waiting])
        rows.sort(key=_first)
        items = tuple(
            self._follow_up(store, day, row, abouts) if isinstance(row, Pick) else row
            for _, row in rows
        )
        return Agenda(items, day.now, day.pdate(today))

    def next_follow_up(
        self, store: Store, contact_id: ContactId, *, now: dt.datetime
    ) -> FollowUp | None:
        """The contact's next item (as in :meth:`follow_ups`, a snoozed contact's
        included), or None.

        Reads only that contact's records. Raises NotFoundError for an unknown id.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        if _left_out(contact):
            return None
        context = self._context(store, day, contact)
        pick = self._next_pick(day, context, dismissed_of(store, day, contact_id))
        return None if pick is None else self._follow_up(store, day, pick)

    def explain(self, store: Store, contact_id: ContactId, *, now: dt.datetime) -> Explanation:
        """Every candidate each rule produced or suppressed for the contact, and the verdict.

        Raises NotFoundError for an unknown id.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        context = self._context(store, day, contact, explaining=True)
        dismissed = dismissed_of(store, day, contact_id)
        trace: list[_Traced] = []
        scored = self._candidates(day, context, trace, dismissed=dismissed)
        excluded = _excluded(day, contact)
        pick: Pick | None = None
        if excluded is None:
            pick = best(day, scored, any_day=True)
        elif not _left_out(contact):
            # Snoozed: left off the agenda, but its next item is still listed.
            pick = self._next_pick(day, context, dismissed)
        abouts = Abouts.read(
            store, [*(item for _, _, item in trace if item is not None), *_winner(pick)]
        )
        follow_up = None if pick is None else self._follow_up(store, day, pick, abouts)
        considered = tuple(
            considered_line(day, rule, candidate, item, status_of(item, excluded, pick), abouts)
            for rule, candidate, item in trace
        )
        return Explanation(
            contact,
            day.now,
            day.pdate(day.today),
            excluded,
            follow_up,
            considered,
            day.settings.daily_capacity,
        )

    def dismiss(
        self,
        store: Store,
        contact_id: ContactId,
        *,
        now: dt.datetime,
        reason: Reason | str | None = None,
    ) -> Dismissal:
        """Dismiss one item: the contact's current item (its :meth:`next_follow_up`), or
        its item of ``reason``, and only that item (policy revision 2).

        The dismissal is stored (:meth:`~relnet.storage.Store.add_dismissal`) anchored
        on what the item is about (:func:`~relnet.policy.anchor_of`): every other item
        of the contact goes on as before, and a newer anchor brings the reason back (a
        newer message is owed a reply again). A dismissed keep-in-touch or reconnect
        moves to the next cycle on its anchor after today; dismissing it again once
        it is back moves it one cycle further (the new dismissal replaces the old).
        Returns the stored :class:`~relnet.model.Dismissal` (``at`` is ``now``).

        Raises NotFoundError for an unknown contact, ValidationError for a naive
        ``now``, for a ``reason`` that is not a reason (field ``reason``) or that the
        contact has no item of now, or for a contact with no item to dismiss (field
        ``contact``), and ConflictError if the store already holds that dismissal (an
        item dismissed before is no longer one of the contact's items, so dismissing
        it again is a ValidationError). :func:`relnet.services.dismiss` does it in a
        transaction.
        """
        day = self._day(store, now)
        wanted = None if reason is None else reason_of(reason)
        contact = store.get_contact(contact_id)
        context = self._context(store, day, contact)
        if contact.snoozed_until is not None:
            # Like next_follow_up: a snoozed contact's item is the one without the snooze.
            context = attrs.evolve(context, contact=attrs.evolve(contact, snoozed_until=None))
        item = self._to_dismiss(store, day, context, wanted)
        anchor = anchor_of(item.proposal, context)
        if anchor is None:
            raise ValidationError(
                "reason",
                item.proposal.reason.value,
                "an item about something (a message, a commitment, a cycle...) to anchor on",
            )
        reason_of_item = item.proposal.reason
        with store.transaction():
            if reason_of_item in CYCLE:
                # A catch-up moved by an earlier dismissal is dismissed again: the new
                # dismissal replaces it and moves the catch-up one cycle further.
                for earlier in store.dismissals(contact=contact.id):
                    if earlier.anchor == anchor and same_item(reason_of_item, earlier):
                        store.remove_dismissal(earlier)
            return store.add_dismissal(Dismissal(contact.id, reason_of_item, anchor, day.now))

    def _to_dismiss(
        self, store: Store, day: Day, context: Context, wanted: Reason | None
    ) -> Scored:
        """The item :meth:`dismiss` dismisses: the contact's next item (of ``wanted``,
        when given), or ValidationError when there is none."""
        contact = context.contact
        dismissed = dismissed_of(store, day, contact.id)
        scored = self._candidates(day, context, None, dismissed=dismissed)
        if wanted is not None:
            scored = [item for item in scored if item.proposal.reason is wanted]
        found = None if _left_out(contact) else best(day, scored, any_day=True)
        if found is not None:
            return found.winner
        if wanted is None:
            raise ValidationError(
                "contact", contact.id, "a contact with a follow-up item to dismiss"
            )
        raise ValidationError(
            "reason", wanted.value, f"a reason {contact.name} has a follow-up item for now"
        )

    def undismiss(
        self, store: Store, contact_id: ContactId, *, reason: Reason | str | None = None
    ) -> tuple[Dismissal, ...]:
        """Bring back the contact's dismissed items (those of ``reason`` only, when
        given; keep_in_touch and reconnect count as one), and return the dismissals
        removed, in the store's order (none when nothing was dismissed).

        Raises NotFoundError for an unknown contact and ValidationError for a
        ``reason`` that is not a reason. :func:`relnet.services.undismiss` does it in
        a transaction.
        """
        wanted = None if reason is None else reason_of(reason)
        store.get_contact(contact_id)
        removed = tuple(
            d
            for d in store.dismissals(contact=contact_id)
            if wanted is None or same_item(wanted, d)
        )
        for dismissal in removed:
            store.remove_dismissal(dismissal)
        return removed

    def snooze_cycle(self, store: Store, contact_id: ContactId, *, now: dt.datetime) -> Contact:
        """Snooze the whole contact to its next anchored cycle after today (what
        ``dismiss`` did before policy revision 2; a snooze is a floor for every item).

        The cycle is the one of the first rule that keeps contacts on a cycle
        (:class:`~relnet.policy.Cyclic`, by default the keep-in-touch rule: see
        :meth:`~relnet.policy.KeepInTouch.next_cycle`); without a cadence, the contact is
        snoozed to tomorrow. Returns the updated contact; raises NotFoundError for an
        unknown id and ConflictError if the contact changed meanwhile.
        """
        day = self._day(store, now)
        contact = store.get_contact(contact_id)
        context = self._context(store, day, contact)
        until = _cycle_keeper(self.rules).next_cycle(context)
        if until is None:
            until = dates.add_days(day.today, 1)
        return store.update_contact(attrs.evolve(contact, snoozed_until=day.pdate(until)))

    # -- the run ----------------------------------------------------------------------

    def _day(self, store: Store, now: dt.datetime) -> Day:
        instant = to_instant(now, "now")
        if not _FIRST_YEAR <= instant.year <= _LAST_YEAR:
            # The rules look a year or so around today: the calendar must hold those days.
            raise ValidationError("now", now, f"an instant in the years {_FIRST_YEAR}-{_LAST_YEAR}")
        settings = self.settings if self.settings is not None else store.get_settings()
        return Day(settings, instant, self.rules, self._plans, self.scoring)

    def _context(
        self, store: Store, day: Day, contact: Contact, *, explaining: bool = False
    ) -> Context:
        """One contact's context, reading only that contact's records."""
        person = contact.id
        summary = summary_of(store, day.now, person)
        meeting = None
        planned = None if summary is None else summary.next_planned
        # A meeting soon is a planned touch, so none is planned soon without one.
        if planned is not None and planned < after_soon(day):
            meeting = meetings_soon(store, day, person).get(person)
        return make_context(
            day,
            contact,
            summary,
            tuple(store.commitments(contact=person, open_only=True)),
            tuple(store.goals(contact=person)),
            explaining,
            meeting,
        )

    @overload
    def _picks(self, store: Store, day: Day, *, capacity: int | None) -> list[Pick]: ...

    @overload
    def _picks(
        self, store: Store, day: Day, *, capacity: None, into: Callable[[Pick], _T]
    ) -> list[_T]: ...

    def _picks(
        self,
        store: Store,
        day: Day,
        *,
        capacity: int | None,
        into: Callable[[Pick], Any] | None = None,
    ) -> list[Any]:
        """Every contact's pick: for the agenda (a ``capacity``), among the contacts and
        rules the planner says may have something today; else among everything, each
        pick passed through ``into`` when given."""
        picks: list[Any] = []
        dismissals = by_contact(store.dismissals())
        shared = Later(store, day.now, (d for ds in dismissals.values() for d in ds))
        meetings = meetings_soon(store, day)
        many = any(plan.evaluate_many is not None for plan in day.plans)
        if capacity is not None:
            return self._agenda_picks(store, day, capacity, many, meetings, dismissals, shared)
        # A contact with dismissals is asked by every rule (as for the agenda).
        visits = follow_up_visits(store, day, full=dismissals.keys())
        if many:
            for chunk in chunks(visits, MANY):
                gathered = [
                    gather(store, day, visit, meetings, dismissals, shared) for visit in chunk
                ]
                given = evaluated_many(day, chunk, gathered)
                for visit, (context, dismissed), mine in zip(chunk, gathered, given, strict=True):
                    found = self._next_pick(day, context, dismissed, visit.rules, mine)
                    if found is not None:
                        picks.append(found if into is None else into(found))
            return picks
        for visit in visits:
            context, dismissed = gather(store, day, visit, meetings, dismissals, shared)
            found = self._next_pick(day, context, dismissed, visit.rules)
            if found is not None:
                picks.append(found if into is None else into(found))
        return picks

    def _agenda_picks(
        self,
        store: Store,
        day: Day,
        capacity: int,
        many: bool,
        meetings: Mapping[ContactId, int],
        dismissals: Mapping[ContactId, Sequence[Dismissal]],
        shared: Later,
    ) -> list[Pick]:
        """The agenda's picks (see :meth:`_picks`). With rules that evaluate many
        contexts at once (``many``), the visits wait in chunks for them; the chunk is
        evaluated before the planner asks how much room is left."""
        picks: list[Pick] = []
        pending: list[Visit] = []

        def flush() -> None:
            gathered = [gather(store, day, v, meetings, dismissals, shared) for v in pending]
            given = evaluated_many(day, pending, gathered)
            for visit, (context, dismissed), mine in zip(pending, gathered, given, strict=True):
                found = self._today_pick(day, context, visit.rules, dismissed, mine)
                if found is not None:
                    picks.append(found)
            pending.clear()

        def room() -> int:
            flush()  # the visits handed over so far count
            return capacity - sum(1 for pick in picks if pick.winner.must_do)

        # A contact with dismissals is asked by every rule: what a rule proposes once
        # its item is dismissed is no shortcut's business.
        visits = agenda_visits(store, day, room, full=dismissals.keys())
        if many:
            for visit in visits:
                pending.append(visit)
                if len(pending) == MANY:
                    flush()
            flush()
            return picks
        for visit in visits:
            context, dismissed = gather(store, day, visit, meetings, dismissals, shared)
            found = self._today_pick(day, context, visit.rules, dismissed)
            if found is not None:
                picks.append(found)
        return picks

    def _today_pick(
        self,
        day: Day,
        context: Context,
        rules: Sequence[Rule],
        dismissed: Dismissed | None,
        given: Mapping[int, Iterable[Proposal | Suppression]] | None = None,
    ) -> Pick | None:
        """The contact's item for today, among the proposals of ``rules``, if any
        (``given``: see :meth:`_next_pick`)."""
        scored = self._candidates(
            day, context, None, today_only=True, rules=rules, dismissed=dismissed, given=given
        )
        return best(day, scored, any_day=False)

    def _next_pick(
        self,
        day: Day,
        context: Context,
        dismissed: Dismissed | None = None,
        rules: Sequence[Rule] | None = None,
        given: Mapping[int, Iterable[Proposal | Suppression]] | None = None,
    ) -> Pick | None:
        """The contact's next item, available today or not, among the proposals of
        ``rules`` (all by default); ``given`` holds, by ``id(rule)``, what some of them
        yielded for the contact already (see :func:`evaluated_many`).

        For a contact snoozed past today, the item it would have without the snooze,
        raised to the snooze date (and the others beside it), so the snooze never
        changes which item it is.
        """
        floor = context.contact.snoozed_until
        if floor is None or day.today >= floor:
            return best(
                day,
                self._candidates(day, context, None, rules=rules, dismissed=dismissed, given=given),
                any_day=True,
            )
        contact: Any = context.contact
        if isinstance(contact, ContactFacts):
            unsnoozed: ContactView = contact.without_snooze()
        else:
            unsnoozed = attrs.evolve(contact, snoozed_until=None)
        free = attrs.evolve(context, contact=unsnoozed)
        found = best(
            day, self._candidates(day, free, None, rules=rules, dismissed=dismissed), any_day=True
        )
        if found is None:
            return None
        winner, *others = (
            Scored(day, context, item.rule, item.proposal, item.factors)
            for item in (found.winner, *found.others)
        )
        return Pick(winner, others)

    def _candidates(
        self,
        day: Day,
        context: Context,
        trace: list[_Traced] | None,
        *,
        today_only: bool = False,
        rules: Sequence[Rule] | None = None,
        dismissed: Dismissed | None = None,
        given: Mapping[int, Iterable[Proposal | Suppression]] | None = None,
    ) -> list[Scored]:
        """The contact's proposals from ``rules`` (all by default), scored; with
        ``today_only``, only those available today (the others cannot be its agenda
        item, nor be listed beside it). ``dismissed`` items become suppressions (see
        :func:`relnet.policy.dismissals.apply`). ``given`` holds, by ``id(rule)``,
        what some rules yielded for the contact already (no dismissals apply then)."""
        scored: list[Scored] = []
        factors: ContactFactors | None = None
        today = day.today
        floor = context.contact.snoozed_until
        proposes = day.proposes
        for rule in day.rules if rules is None else rules:
            name = rule.name
            ready = None if given is None else given.get(id(rule))
            found = _evaluated(day, rule, context, dismissed) if ready is None else ready
            allowed = proposes[id(rule)]
            for candidate in found:
                # _proposal's checks, inline for a declared proposal (the common case).
                if type(candidate) is Proposal and (allowed is None or candidate.reason in allowed):
                    proposal: Proposal | None = candidate
                else:
                    proposal = _proposal(day, rule, candidate)
                if proposal is None:
                    if trace is not None:
                        trace.append((name, candidate, None))
                    continue
                if today_only and _available_on(proposal, floor) > today:
                    continue
                if factors is None:
                    factors = day.factors(context)
                item = Scored(day, context, name, proposal, factors)
                scored.append(item)
                if trace is not None:
                    trace.append((name, proposal, item))
        return scored

    def _agenda(self, store: Store, day: Day, picks: list[Pick]) -> Agenda:
        # What every item is about, read at once (see relnet.policy._abouts).
        abouts = Abouts.read(store, [pick.winner for pick in picks])
        items = tuple(self._follow_up(store, day, pick, abouts) for pick in picks)
        return Agenda(items, day.now, day.pdate(day.today))

    def _follow_up(
        self, store: Store, day: Day, pick: Pick, abouts: Abouts | None = None
    ) -> FollowUp:
        item = pick.winner
        if abouts is None:
            abouts = Abouts.read(store, [item])
        proposal = item.proposal
        contact = item.context.contact
        if proposal.due_at is not None and not item.due_moved:
            due_at = day.clock.instant(proposal.due_at)
        else:
            due_at = day.reminder(item.due)
        about = abouts.interaction(item)
        words = plain_words(item) if about is None else None
        if words is None:
            introduction = None if about is None else abouts.introduction(item)
            first, rest = headline(item, introduction), details(item, introduction)
            factors = factor_names(item)
        else:
            first, rest, factors = words
        commitment = proposal.commitment
        others = pick.others
        # Positional arguments, in the fields' order: an attrs ``__init__`` called with
        # keywords costs about three times as much, and every item is built here.
        return FollowUp(
            contact.id,
            contact.name,
            proposal.reason,
            item.must_do,
            day.pdate(item.available),
            day.pdate(item.due),
            due_at,
            "overdue" if item.overdue > 0 else "due",
            item.overdue,
            item.priority,
            item.breakdown,
            factors,
            f"{first} {rest}" if rest else first,
            tuple([other.proposal.reason for other in others]) if others else (),
            None if about is None else about.id,
            None if commitment is None else commitment.id,
            first,
            rest,
        )


def _first(row: tuple[tuple[Any, ...], object]) -> tuple[Any, ...]:
    return row[0]


def _evaluated(
    day: Day, rule: Rule, context: Context, dismissed: Dismissed | None
) -> Iterable[Proposal | Suppression]:
    """What ``rule`` yields for ``context``, the contact's dismissals applied."""
    found: Iterable[Proposal | Suppression] = rule.evaluate(context)
    if dismissed is None:
        return found
    keeper = rule if isinstance(rule, Cyclic) else _cycle_keeper(day.rules)
    return apply(rule, context, found, dismissed, keeper, day.clock.date_of, day.proposes[id(rule)])


def _cycle_keeper(rules: Iterable[Rule]) -> Cyclic:
    """The first of ``rules`` that keeps contacts on a cycle, else the default one."""
    for rule in (*rules, *default_rules()):
        if isinstance(rule, Cyclic):
            return rule
    raise AssertionError("the default rules keep contacts on a cycle")  # pragma: no cover


def _left_out(contact: ContactView) -> bool:
    """Whether the contact gets nothing at all: archived or do not contact."""
    return contact.status is ContactStatus.ARCHIVED or not contact.reachable


def _excluded(day: Day, contact: ContactView) -> str | None:
    """Why the contact gets nothing today, or None."""
    if contact.status is ContactStatus.ARCHIVED:
        return "archived: relnet proposes nothing for archived contacts"
    if not contact.reachable:
        return "do not contact: relnet proposes nothing for them"
    until = contact.snoozed_until
    if until is not None and day.today < until:
        return f"snoozed until {until.isoformat()}"
    return None


def _winner(pick: Pick | None) -> tuple[Scored, ...]:
    """The pick's winning item, if any."""
    return () if pick is None else (pick.winner,)


def _has_item_today(
    day: Day, context: Context, rules: Sequence[Rule], dismissed: Dismissed | None
) -> bool:
    """Whether ``rules`` propose the contact an item available today: what
    :meth:`Engine._candidates` finds with ``today_only``, its checks included, without
    scoring what it finds."""
    today = day.today
    floor = context.contact.snoozed_until
    found = False
    for rule in rules:
        for candidate in _evaluated(day, rule, context, dismissed):
            proposal = _proposal(day, rule, candidate)
            if proposal is not None:
                found = found or _available_on(proposal, floor) <= today
    return found


def _proposal(day: Day, rule: Rule, candidate: object) -> Proposal | None:
    """``candidate`` as a proposal of a reason ``rule`` declares, or None for a
    suppression; ValidationError for anything else."""
    if isinstance(candidate, Proposal):
        allowed = day.proposes[id(rule)]
        if allowed is not None and candidate.reason not in allowed:
            raise ValidationError(
                f"rule {rule.name!r}", candidate.reason, "a reason it declares it proposes"
            )
        return candidate
    if isinstance(candidate, Suppression):
        return None
    raise ValidationError(f"rule {rule.name!r}", candidate, "a Proposal or a Suppression")


def _available_on(proposal: Proposal, snoozed_until: dt.date | None) -> dt.date:
    """The first day ``proposal`` may be on the agenda: when it says (else when it is
    due), and not before the contact's snooze ends."""
    available = proposal.available
    if available is None:
        available = proposal.due
    if snoozed_until is not None and available < snoozed_until:
        available = snoozed_until
    return available
