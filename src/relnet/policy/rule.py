"""What a rule is: the :class:`Rule` protocol and the candidates it yields.

A rule is a small pure object with a ``name`` and an ``evaluate(context)`` method that
yields, for one contact, :class:`Proposal` values (a follow-up it wants on the agenda)
and :class:`Suppression` values (a follow-up it would have proposed, and why it does
not). The engine does the rest: the snooze floor, priority, one item per contact and
the daily capacity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, TypeAlias, runtime_checkable

import attrs

from relnet.errors import ValidationError
from relnet.model import Commitment, ContactView, Settings, TouchSummary
from relnet.policy.context import Context
from relnet.policy.dates import LocalTime
from relnet.policy.followup import MUST_DO, Reason
from relnet.storage.sieve import checked_sieve

__all__ = [
    "Candidate",
    "Cyclic",
    "DeclaredRule",
    "EvaluatesMany",
    "Planning",
    "Proposal",
    "Quiet",
    "QuietTest",
    "Rule",
    "Suppression",
    "Wake",
    "Wakeful",
    "WakefulAnyDay",
    "planning_of",
    "reason_of",
]


def reason_of(value: Any) -> Reason:
    """``value`` as a :class:`Reason` (or its value), else ValidationError for field
    ``reason``."""
    if type(value) is Reason:
        return value
    try:
        return Reason(value)
    except ValueError:
        choices = ", ".join(r.value for r in Reason)
        raise ValidationError("reason", value, f"a reason: one of {choices}") from None


def _day(value: Any) -> dt.date:
    if type(value) is dt.date or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    ):
        return value
    raise ValidationError("due", value, "a date")


def _optional_day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValidationError("available", value, "a date or None")


@attrs.frozen
class Proposal:
    """A follow-up a rule proposes for the contact of the context: what it is about,
    when it is due and shown, and the sentence that explains it.

    ``due`` and ``available`` are the owner's local dates (``available`` defaults to
    ``due``: the item shows up on the agenda from that day). ``base`` is the base
    priority. ``why`` is the sentence that explains it; ``action`` replaces the
    default opening ("Reply to Ada Lovelace") when set.

    ``cycle`` (days) makes urgency grow with log2 of how overdue the item is relative
    to the cycle, as keep-in-touch does; without it urgency grows linearly with the
    days overdue, capped. ``due_at`` is an exact due instant (epoch microseconds) when
    there is one; otherwise the due date at the owner's reminder time is used.
    ``about`` is the instant of the interaction the follow-up is about, and
    ``commitment`` the commitment, when there is one. ``factors`` are rule-specific
    factors (``backoff``, ``never_contacted``) and ``notes`` sentences that follow the
    goal and reciprocity notes in the text.
    """

    reason: Reason = attrs.field(converter=reason_of)
    due: dt.date = attrs.field(converter=_day)
    base: float
    why: str
    available: dt.date | None = attrs.field(default=None, converter=_optional_day)
    action: str | None = None
    cycle: int | None = None
    due_at: int | None = None
    about: int | None = None
    commitment: Commitment | None = None
    factors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def available_from(self) -> dt.date:
        """The first day the item may be on the agenda."""
        return self.due if self.available is None else self.available


@attrs.frozen
class Suppression:
    """A follow-up a rule would have proposed, and ``cause``: why it does not.

    ``due`` and ``available`` say when it would have been due and shown, when known.
    Suppressions never reach the agenda; :meth:`relnet.policy.Engine.explain` lists them.
    """

    reason: Reason = attrs.field(converter=reason_of)
    cause: str
    due: dt.date | None = attrs.field(default=None, converter=_optional_day)
    available: dt.date | None = attrs.field(default=None, converter=_optional_day)
    about: int | None = None
    commitment: Commitment | None = None


#: What a rule yields.
Candidate: TypeAlias = Proposal | Suppression


@runtime_checkable
class Rule(Protocol):
    """A small pure object that looks at one contact and proposes follow-ups.

    ``evaluate`` must depend only on the context it is given (no clock, no I/O, no
    state kept between calls), so the same inputs always give the same agenda.
    """

    @property
    def name(self) -> str:
        """A short, stable name shown in explanations (``"keep_in_touch"``)."""
        ...

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        """Yield the proposals and suppressions for ``context.contact``."""
        ...


@runtime_checkable
class Cyclic(Protocol):
    """A rule that keeps a contact on a cycle and can say when the next one starts
    (:meth:`relnet.policy.Engine.snooze_cycle` snoozes a contact to it, and a dismissed
    catch-up moves to it: see :meth:`relnet.policy.Engine.dismiss`)."""

    def next_cycle(self, context: Context) -> dt.date | None:
        """The first date after today on the contact's cycle, or None without one."""
        ...


#: ``test(contact, summary, has_commitments, has_goals)``, made for one day: true only
#: when the rule proposes nothing available on or before that day for the contact
#: (``has_commitments``: the contact has open commitments; ``has_goals``: goals link
#: to the contact).
QuietTest: TypeAlias = Callable[[ContactView, TouchSummary, bool, bool], bool]


@runtime_checkable
class Quiet(Protocol):
    """A rule that can tell cheaply that it has nothing for a contact today (optional).

    The agenda skips a contact when every rule's test says so, without building its
    context, so the test must never be true when ``evaluate`` would propose something
    available on or before ``today``; it may be false when in doubt. (A subclass of a
    :class:`DeclaredRule` that changes ``evaluate`` does not inherit a test that may no
    longer hold.)
    """

    def quiet(self, today: dt.date, clock: LocalTime, settings: Settings) -> QuietTest:
        """The test for ``today``, in the owner's ``clock`` and ``settings``."""
        ...


def _sieve(value: Any) -> dict[str, int]:
    return checked_sieve(value)


def _by_day(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise ValidationError("promises_due_by", value, "a date or None")


@attrs.frozen
class Wake:
    """The contacts a rule may have something for today, for the engine to ask a store
    for only those: a superset of the contacts its :class:`Quiet` test does not skip.

    A contact wakes the rule when its touch summary passes ``since`` (some instant field
    named there is set and at or after its bound, see :mod:`relnet.storage.sieve`), when
    ``commitments`` is set and it has open commitments, when it has an open commitment
    owed by you due on or before ``promises_due_by``, or when ``goals`` is set and goals
    link to it.

    >>> Wake(since={"pending_reply": 0}).since
    {'pending_reply': 0}
    """

    since: Mapping[str, int] = attrs.field(factory=dict, converter=_sieve)
    commitments: bool = False
    promises_due_by: dt.date | None = attrs.field(default=None, converter=_by_day)
    goals: bool = False


@runtime_checkable
class Wakeful(Protocol):
    """A :class:`Quiet` rule that can also say which contacts may wake it (optional).

    For the agenda's must-do items, a store that can filter summaries
    (:class:`~relnet.storage.SummarySieve`) then hands the engine only those contacts,
    instead of every contact for every quiet test. Every contact whose quiet test is
    false must wake the rule. The engine reads the wakes of the rules that may propose
    a must-do item (see :attr:`Planning.may_be_must_do`).
    """

    def wakes(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Who may wake the rule on ``today``, in the owner's ``clock`` and ``settings``."""
        ...


@runtime_checkable
class WakefulAnyDay(Protocol):
    """A rule that can say which contacts it may propose anything for, on any day
    (optional).

    :meth:`relnet.policy.Engine.follow_ups` lists every contact's next item, available
    today or later; a contact that does not wake the rule on any day is not asked by
    it there. The engine finds those contacts in one pass over all the touch summaries
    (and the open commitments and goals), not contact by contact. Every contact for
    which :meth:`~Rule.evaluate` yields a :class:`Proposal` (available on any day) must
    wake it; suppressions do not count. (A contact with dismissals is asked by every
    rule, whatever this says.)
    """

    def wakes_any_day(self, today: dt.date, clock: LocalTime, settings: Settings) -> Wake:
        """Who may get a proposal from the rule on ``today``, for any day."""
        ...


@runtime_checkable
class EvaluatesMany(Protocol):
    """A rule that can evaluate many contacts in one call (optional).

    :meth:`relnet.policy.Engine.follow_ups` and :meth:`~relnet.policy.Engine.agenda`
    hand such a rule the contexts of many contacts at once (those without dismissals,
    not snoozed past today, and not being explained), so that it can share the work
    they have in common: most contacts share their circle's cadence and a few thousand
    dates. The answer must hold, in order,
    one iterable of candidates per context, each equal to what :meth:`~Rule.evaluate`
    yields for it alone; the contexts of one call may differ in anything.

    The engine hands the contexts over in chunks (a few hundred at a time, so that a
    network's contexts are never held at once). A rule that also has a method
    ``many_evaluator()`` gets it called once per engine call, and the function it
    returns (with ``evaluate_many``'s signature and promise) called for each chunk of
    that call: it may keep what it works out, by what it follows from, from one chunk
    to the next, and the engine drops it when the call ends.
    """

    def evaluate_many(self, contexts: Sequence[Context]) -> Sequence[Iterable[Candidate]]:
        """What :meth:`~Rule.evaluate` yields for each of ``contexts``, in order."""
        ...


#: What a rule's ``many_evaluator()`` returns: :meth:`EvaluatesMany.evaluate_many` for
#: the chunks of one engine call, keeping what it works out from one chunk to the next.
ManyEvaluator: TypeAlias = Callable[[Sequence[Context]], Sequence[Iterable[Candidate]]]


@attrs.frozen
class Planning:
    """What the engine's planner knows of a rule, as :func:`planning_of` reads it.

    ``proposes``: every reason the rule may propose (None: any reason). ``quiet``,
    ``wakes`` and ``wakes_any_day``: the rule itself when it has that shortcut, else
    None.
    ``reads_only_facts``: it reads of ``context.contact`` only the fields of
    :class:`~relnet.model.ContactView`, so a store's contact facts will do.
    ``evaluate_many``: the rule itself when it evaluates many contexts in one call
    (:class:`EvaluatesMany`), else None. ``many_evaluator``: the rule's
    ``many_evaluator`` method when it has ``evaluate_many`` and that method too (see
    :class:`EvaluatesMany`), else None.
    """

    proposes: frozenset[Reason] | None = None
    reads_only_facts: bool = False
    quiet: Quiet | None = None
    wakes: Wakeful | None = None
    wakes_any_day: WakefulAnyDay | None = None
    evaluate_many: EvaluatesMany | None = None
    many_evaluator: Callable[[], ManyEvaluator] | None = None

    @property
    def may_be_must_do(self) -> bool:
        """Whether the rule may propose a must-do item (see :data:`~relnet.policy.MUST_DO`)."""
        return self.proposes is None or not self.proposes.isdisjoint(MUST_DO)


#: What a rule that declares nothing gets: full evaluation of every contact.
UNDECLARED = Planning()


def planning_of(rule: Rule) -> Planning:
    """A rule's declarations, with the safe default for each one it leaves out.

    A rule declares, as class attributes or fields: ``proposes`` (a frozenset of
    :class:`~relnet.policy.Reason`; default: any reason, a must-do item included),
    ``reads_only_facts`` (a bool; default False: it gets the whole
    :class:`~relnet.model.Contact`), and the methods ``quiet`` (:class:`Quiet`),
    ``wakes`` (:class:`Wakeful`), ``wakes_any_day`` (:class:`WakefulAnyDay`;
    default: none, every contact is asked) and ``evaluate_many``
    (:class:`EvaluatesMany`; default: one call of ``evaluate`` per contact), with
    ``many_evaluator`` beside it (default: each chunk evaluated on its own). Any rule
    declaring the same gets the same treatment, built in or not.

    Raises ValidationError for a ``proposes`` that is not a set of reasons.
    """
    proposes = getattr(rule, "proposes", None)
    if proposes is not None:
        if not isinstance(proposes, frozenset | set) or not all(
            isinstance(reason, Reason) for reason in proposes
        ):
            raise ValidationError(f"rule {rule.name!r} proposes", proposes, "a set of reasons")
        proposes = frozenset(proposes)
    quiet = getattr(rule, "quiet", None)
    wakes = getattr(rule, "wakes", None)
    any_day = getattr(rule, "wakes_any_day", None)
    many = getattr(rule, "evaluate_many", None)
    per_call = getattr(rule, "many_evaluator", None) if callable(many) else None
    return Planning(
        proposes=proposes,
        reads_only_facts=getattr(rule, "reads_only_facts", False) is True,
        quiet=rule if callable(quiet) else None,  # type: ignore[arg-type]
        wakes=rule if callable(wakes) else None,  # type: ignore[arg-type]
        wakes_any_day=rule if callable(any_day) else None,  # type: ignore[arg-type]
        evaluate_many=rule if callable(many) else None,  # type: ignore[arg-type]
        many_evaluator=per_call if callable(per_call) else None,
    )


#: The declarations a subclass must restate when it changes ``evaluate``.
_DECLARATIONS = (
    "proposes",
    "reads_only_facts",
    "quiet",
    "wakes",
    "wakes_any_day",
    "evaluate_many",
    "many_evaluator",
)


class DeclaredRule:
    """A base for rules whose declarations hold only for the ``evaluate`` they were
    written with (the built-in rules derive from it).

    A subclass that overrides ``evaluate`` loses every declaration it does not restate
    in its own body (``proposes``, ``reads_only_facts``, ``quiet``, ``wakes``,
    ``wakes_any_day``, ``evaluate_many``, ``many_evaluator``), so it
    is evaluated for every contact until it says otherwise: a test written for the
    parent's condition may not hold for the child's. Likewise a subclass that
    overrides ``evaluate_many`` loses a ``many_evaluator`` it does not restate.
    """

    __slots__ = ()

    #: The reasons the rule may propose (None: any).
    proposes: ClassVar[frozenset[Reason] | None] = None
    #: Whether the rule reads only the :class:`~relnet.model.ContactView` of a contact.
    reads_only_facts: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = vars(cls)
        if "evaluate_many" in own and "many_evaluator" not in own:
            cls.many_evaluator = None  # type: ignore[attr-defined]
        if "evaluate" not in own:
            return
        for name in _DECLARATIONS:
            if name not in own:
                setattr(cls, name, False if name == "reads_only_facts" else None)
