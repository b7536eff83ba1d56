"""Tie strength and relationship health: how strong each tie is, and which need care.

:func:`tie_strength` scores one relationship in [0, 1] from its history;
:func:`strengths` scores every contact of a store. :func:`health` sorts the reachable
contacts of each circle into :class:`HealthState` buckets — on track, due, overdue,
dormant, never contacted — with the same due dates as the keep-in-touch rule of the
policy, so the counts agree with what the agenda will bring up.

Both are pure: time comes in as ``now=``, the owner's time zone and calendar from the
store's :class:`~relnet.model.Settings`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeGuard

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import (
    Cadence,
    Circle,
    Contact,
    ContactId,
    Goal,
    Settings,
    Stage,
    TouchSummary,
    add_months,
    epoch_us,
)
from relnet.model._check import integer, to_instant
from relnet.model.calendar import add_months as plain_add_months
from relnet.model.instants import from_epoch_us, zone
from relnet.policy.circles import CIRCLE_CADENCE, cadence_for
from relnet.policy.dates import LocalTime, add_cadence
from relnet.storage import ContactFacts, ReachableSummaries, Store, touch_summaries_of

__all__ = [
    "CIRCLE_CLOSENESS",
    "DUE_SOON_DAYS",
    "Health",
    "HealthState",
    "StrengthWeights",
    "contact_health",
    "health",
    "strengths",
    "tie_strength",
]

_DAY_US = 86_400_000_000
#: The ordinal of 1 January 1970, day 0 of epoch day numbers.
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_YEAR_DAYS = 365
#: Touches in a year that make the frequency component saturate: weekly contact.
_FREQUENT = 52
#: Lifetime touches that make the volume part of frequency saturate.
_MANY = 100
#: How many value exchanges make the reciprocity volume reach one half.
_EXCHANGES_HALF = 3.0
#: A tie silent for this many cycles has decayed (Navarro et al. 2017).
_DECAY_CYCLES = 8
_RECONNECT_YEARS = 3
_BACKOFF_ASKS = 3
_BACKOFF_MONTHS = 3

#: How close each circle is, as the circle component of tie strength.
CIRCLE_CLOSENESS: Mapping[Circle, float] = MappingProxyType(
    {
        Circle.INNER: 1.0,
        Circle.CLOSE: 0.8,
        Circle.ACTIVE: 0.6,
        Circle.NETWORK: 0.4,
        Circle.ACQUAINTANCE: 0.2,
    }
)

#: At most how many days ahead a due date makes a contact ``due`` (see :func:`contact_health`).
DUE_SOON_DAYS = 7


def _weight(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, value, "a finite number of at least 0")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValidationError(field, value, "a finite number of at least 0")
    return number


def _recency_weight(value: Any) -> float:
    return _weight(value, "weights.recency")


def _frequency_weight(value: Any) -> float:
    return _weight(value, "weights.frequency")


def _reciprocity_weight(value: Any) -> float:
    return _weight(value, "weights.reciprocity")


def _circle_weight(value: Any) -> float:
    return _weight(value, "weights.circle")


@attrs.frozen
class StrengthWeights:
    """How much each component counts in :func:`tie_strength` (normalised to sum 1).

    >>> StrengthWeights(recency=1, frequency=1, reciprocity=0, circle=0).normalised()
    StrengthWeights(recency=0.5, frequency=0.5, reciprocity=0.0, circle=0.0)
    """

    recency: float = attrs.field(default=0.35, converter=_recency_weight)
    frequency: float = attrs.field(default=0.25, converter=_frequency_weight)
    reciprocity: float = attrs.field(default=0.15, converter=_reciprocity_weight)
    circle: float = attrs.field(default=0.25, converter=_circle_weight)

    def __attrs_post_init__(self) -> None:
        if self.recency + self.frequency + self.reciprocity + self.circle <= 0:
            raise ValidationError("weights", self, "at least one weight above 0")

    def normalised(self) -> StrengthWeights:
        """The same weights scaled to sum to 1."""
        total = self.recency + self.frequency + self.reciprocity + self.circle
        return StrengthWeights(
            recency=self.recency / total,
            frequency=self.frequency / total,
            reciprocity=self.reciprocity / total,
            circle=self.circle / total,
        )


def _local_date(us: int, timezone: str) -> pendulum.Date:
    """The owner's local date of an instant given in epoch microseconds."""
    return from_epoch_us(us, zone(timezone)).date()


def _touches_last_year(summary: TouchSummary, now_us: int) -> float:
    """Touches in the 365 days up to ``now``, assuming they were spread evenly.

    All of them when the first touch is inside the year, none when the last is before
    it, else the share of ``first..last`` that lies inside the year.
    """
    first, last, count = summary.first_touch, summary.last_touch, summary.touches
    if count <= 0 or first is None or last is None:
        return 0.0
    year_start = now_us - _YEAR_DAYS * _DAY_US
    if first >= year_start:
        return float(count)
    if last < year_start:
        return 0.0
    return count * (last - year_start) / (last - first)


def _recency(days: int, cycle_days: float) -> float:
    """1 within one cycle of the last touch, falling with log2 to 0 at 8 cycles."""
    ratio = max(days, 0) / cycle_days
    if ratio <= 1.0:
        return 1.0
    return max(0.0, 1.0 - math.log2(ratio) / math.log2(_DECAY_CYCLES))


def _frequency(summary: TouchSummary, now_us: int) -> float:
    """0.75 × log-scaled touches in the last year (52 = 1) + 0.25 × lifetime (100 = 1)."""
    yearly = min(1.0, math.log1p(_touches_last_year(summary, now_us)) / math.log1p(_FREQUENT))
    lifetime = min(1.0, math.log1p(max(summary.touches, 0)) / math.log1p(_MANY))
    return 0.75 * yearly + 0.25 * lifetime


def _reciprocity(summary: TouchSummary) -> float:
    """Volume of value exchanged, discounted by half when it all went one way."""
    gave, received = len(summary.gave_at), len(summary.received_at)
    exchanges = gave + received
    if exchanges == 0:
        return 0.0
    volume = 1.0 - math.pow(2.0, -exchanges / _EXCHANGES_HALF)
    balance = 1.0 - abs(gave - received) / exchanges
    return volume * (0.5 + 0.5 * balance)


def tie_strength(
    contact: Contact,
    summary: TouchSummary,
    *,
    now: dt.datetime,
    settings: Settings,
    weights: StrengthWeights | None = None,
) -> float:
    """How strong the tie with ``contact`` is, in [0, 1], as of ``now``.

    ``strength = 0.35 R + 0.25 F + 0.15 P + 0.25 C`` (the default
    :class:`StrengthWeights`, normalised to sum 1), where each component is in [0, 1]:

    * **R, recency relative to the cadence.** ``d`` = days from the owner's local date
      of the last touch to today, ``T`` = the contact's cadence in days
      (:func:`~relnet.policy.cadence_for`, :meth:`~relnet.model.Cadence.approximate_days`;
      a year for contacts with no cadence). ``R = 1`` while ``d ≤ T``, then
      ``1 − log2(d / T) / 3``, reaching 0 at eight cycles, where a tie has most likely
      decayed. ``R = 0`` with no past touch.
    * **F, frequency.** ``n`` = touches in the 365 days up to ``now``, estimated from the
      summary as if touches were spread evenly from the first to the last;
      ``F = 0.75 × min(1, ln(1 + n) / ln 53) + 0.25 × min(1, ln(1 + N) / ln 101)``
      with ``N`` all past touches: weekly contact for a year, or a hundred touches in
      all, saturate.
    * **P, reciprocity.** ``g`` and ``r`` = touches in which you gave and received
      value. ``P = (1 − 2^(−(g + r) / 3)) × (0.5 + 0.5 × (1 − |g − r| / (g + r)))``:
      more exchanges count more, one-sided ones half as much; 0 with none.
    * **C, circle:** :data:`CIRCLE_CLOSENESS` (inner 1.0 … acquaintance 0.2).

    A more recent last touch never lowers the score, nor does another touch. The score
    is about the tie, not about permission: archived and do-not-contact contacts are
    scored like anyone else.

    >>> import pendulum
    >>> from relnet.model import Contact, Settings, TouchSummary, epoch_us
    >>> now = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
    >>> seen = epoch_us(pendulum.datetime(2026, 2, 20, tz="UTC"))
    >>> summary = TouchSummary("ada", touches=1, first_touch=seen, last_touch=seen)
    >>> ada = Contact("Ada", id="ada", circle="close")
    >>> round(tie_strength(ada, summary, now=now, settings=Settings("UTC")), 3)
    0.592
    """
    w = (weights or StrengthWeights()).normalised()
    now_us = epoch_us(to_instant(now, "now"))
    cadence = cadence_for(contact)
    cycle_days = cadence.approximate_days() if cadence is not None else 365.2425
    last = summary.last_touch
    if last is None or summary.touches <= 0:
        recency = 0.0
    else:
        today = settings.today(now)
        days = (today - _local_date(min(last, now_us), settings.timezone)).days
        recency = _recency(days, cycle_days)
    score = (
        w.recency * recency
        + w.frequency * _frequency(summary, now_us)
        + w.reciprocity * _reciprocity(summary)
        + w.circle * CIRCLE_CLOSENESS[contact.circle]
    )
    return min(1.0, max(0.0, score))


def strengths(
    store: Store, *, now: dt.datetime, weights: StrengthWeights | None = None
) -> dict[ContactId, float]:
    """:func:`tie_strength` of every contact in ``store`` (archived ones too), by id."""
    settings = store.get_settings()
    people = store.contacts()
    summaries = touch_summaries_of(store, [c.id for c in people], now=now)
    return {
        c.id: tie_strength(
            c,
            summaries.get(c.id) or TouchSummary(c.id),
            now=now,
            settings=settings,
            weights=weights,
        )
        for c in people
    }


class HealthState(StrEnum):
    """Where a relationship stands against its cadence (see :func:`contact_health`)."""

    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"
    DORMANT = "dormant"
    NEVER_CONTACTED = "never_contacted"


def contact_health(
    contact: Contact,
    summary: TouchSummary,
    *,
    now: dt.datetime,
    settings: Settings,
    goals: Iterable[Goal] = (),
    horizon_days: int = DUE_SOON_DAYS,
) -> HealthState:
    """The :class:`HealthState` of one relationship as of ``now``.

    The first that applies, with dates local to the owner's ``settings.timezone``:

    1. ``dormant`` when the contact's stage is :attr:`~relnet.model.Stage.DORMANT`;
    2. ``never_contacted`` when there is no past touch;
    3. ``on_track`` when no cadence applies (acquaintances, unless a goal brings one);
    4. ``dormant`` when the reconnect condition of the policy holds:
       ``today − last ≥ 8 × cycle``, or three years have passed since the last touch;
    5. ``overdue`` when today is after the due date;
    6. ``due`` when the due date is today or coming soon:
       ``0 ≤ due − today ≤ min(horizon_days, cycle // 4)`` — within the week for
       monthly and longer cadences, today or tomorrow for a weekly one (so a weekly
       tie is not always "due");
    7. ``on_track`` otherwise.

    As in the keep-in-touch rule: ``last`` is the local date of the last touch; the
    cadences are the contact's own (or its circle's) and those of the active goals
    (``goals``) that link the contact; ``due`` is the earliest ``last + cadence``
    (workdays and holidays from ``settings``), raised to three months after the last
    ask while three or more asks are unanswered; ``cycle = max(1, due − last)`` in
    days. Unlike the rule, health ignores planned interactions, unanswered asks and
    snoozes, which decide whether to remind, not how a tie stands: a snoozed contact's
    state is the one it would have without the snooze (:func:`health` counts the
    snoozed apart), so snoozing never makes the network look healthier.
    """
    horizon = integer(horizon_days, "horizon_days", minimum=0)
    return _state(contact, summary, settings.today(now), settings, goals, horizon)


def _state(
    contact: Contact,
    summary: TouchSummary,
    today: pendulum.Date,
    settings: Settings,
    goals: Iterable[Goal],
    horizon: int,
) -> HealthState:
    """:func:`contact_health` on the owner's ``today`` (worked out once per network)."""
    if contact.stage is Stage.DORMANT:
        return HealthState.DORMANT
    last_us = summary.last_touch
    if last_us is None or summary.touches <= 0:
        return HealthState.NEVER_CONTACTED
    present = _cadences_of(contact, goals, today)
    if not present:
        return HealthState.ON_TRACK
    last = _local_date(last_us, settings.timezone)
    due = _due_after_backoff(present, last, summary, settings)
    # Day counts by ordinals: a pendulum date difference builds an interval object.
    cycle = max(1, due.toordinal() - last.toordinal())
    silent = today.toordinal() - last.toordinal()
    if silent >= _DECAY_CYCLES * cycle or today >= add_months(last, 12 * _RECONNECT_YEARS):
        return HealthState.DORMANT
    ahead = due.toordinal() - today.toordinal()
    if ahead < 0:
        return HealthState.OVERDUE
    if ahead <= min(horizon, cycle // 4):
        return HealthState.DUE
    return HealthState.ON_TRACK


def _cadences_of(contact: Contact, goals: Iterable[Goal], today: pendulum.Date) -> list[Cadence]:
    """The contact's own cadence (or its circle's) and those of its goals active today."""
    cadences = [cadence_for(contact)]
    cadences += [g.cadence for g in goals if contact.id in g.contacts and g.is_active_on(today)]
    return [c for c in cadences if c is not None]


def _due_after_backoff(
    cadences: list[Cadence], last: pendulum.Date, summary: TouchSummary, settings: Settings
) -> pendulum.Date:
    """The earliest ``last + cadence``, raised after the last ask while asks go unanswered."""
    due = min(
        c.next_due(last, workdays=settings.workdays, holidays=settings.holidays) for c in cadences
    )
    if summary.open_asks >= _BACKOFF_ASKS and summary.last_ask is not None:
        due = max(
            due, add_months(_local_date(summary.last_ask, settings.timezone), _BACKOFF_MONTHS)
        )
    return due


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("counts", value, "a count: an integer of at least 0")
    return value


def _freeze_counts(value: Any) -> Mapping[Circle, Mapping[HealthState, int]]:
    """Every circle and every state, zeros filled in, as read-only mappings."""
    if not isinstance(value, Mapping):
        raise ValidationError("counts", value, "a mapping of circle to state counts")
    out: dict[Circle, Mapping[HealthState, int]] = {}
    for circle in Circle:
        row = value.get(circle, {})
        if not isinstance(row, Mapping):
            raise ValidationError(f"counts.{circle.value}", row, "a mapping of state to count")
        out[circle] = MappingProxyType({s: _count(row.get(s, 0)) for s in HealthState})
    unknown = [k for k in value if k not in out]
    if unknown:
        raise ValidationError("counts", unknown[0], "a circle")
    return MappingProxyType(out)


def _freeze_snoozed(value: Any) -> tuple[ContactId, ...]:
    """Contact ids, sorted and without repeats."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("snoozed", value, "an iterable of contact ids")
    return tuple(sorted(set(value)))


#: What every value of a ready ``states`` mapping is.
_STATE_TYPE = frozenset({HealthState})


def _freeze_states(value: Any) -> Mapping[ContactId, HealthState]:
    if not isinstance(value, Mapping):
        raise ValidationError("states", value, "a mapping of contact id to health state")
    if type(value) is dict and set(map(type, value.values())) <= _STATE_TYPE:
        # Every value a state already (what health() hands over): a copy, not a rebuild.
        return MappingProxyType(value.copy())
    return MappingProxyType(
        {k: v if type(v) is HealthState else HealthState(v) for k, v in value.items()}
    )


@attrs.frozen
class Health:
    """How many reachable contacts of each circle are in each :class:`HealthState`.

    ``counts[circle][state]`` holds every circle and state (zeros included);
    ``states`` maps each counted contact's id to its state. ``snoozed`` lists the
    counted contacts that are snoozed at the time (in id order): they are counted in
    the state they would have without the snooze, and listed here too.

    >>> h = Health({Circle.CLOSE: {HealthState.OVERDUE: 2, HealthState.DUE: 1}}, snoozed=["b"])
    >>> h.total(HealthState.OVERDUE), h.total(), len(h.snoozed)
    (2, 3, 1)
    """

    counts: Mapping[Circle, Mapping[HealthState, int]] = attrs.field(converter=_freeze_counts)
    states: Mapping[ContactId, HealthState] = attrs.field(factory=dict, converter=_freeze_states)
    snoozed: tuple[ContactId, ...] = attrs.field(default=(), converter=_freeze_snoozed)

    def total(self, state: HealthState | None = None) -> int:
        """Contacts in ``state`` across all circles; every counted contact when ``None``."""
        if state is None:
            return sum(sum(row.values()) for row in self.counts.values())
        return sum(row[state] for row in self.counts.values())

    def contacts(self, state: HealthState) -> tuple[ContactId, ...]:
        """Ids of the contacts in ``state``, in id order."""
        return tuple(sorted(c for c, s in self.states.items() if s is state))

    def to_records(self) -> list[dict[str, Any]]:
        """One row per circle (closest first): ``circle``, a column per state, ``total``.

        Ready for ``pandas.DataFrame(health.to_records())``.
        """
        rows: list[dict[str, Any]] = []
        for circle, row in self.counts.items():
            record: dict[str, Any] = {"circle": circle.value}
            record.update({state.value: row[state] for state in HealthState})
            record["total"] = sum(row.values())
            rows.append(record)
        return rows

    def _table(self) -> tuple[list[str], list[list[str]]]:
        header = ["circle", *(s.value for s in HealthState), "total"]
        body = [[str(v) for v in r.values()] for r in self.to_records()]
        body.append(["all", *(str(self.total(s)) for s in HealthState), str(self.total())])
        return header, body

    def snoozed_note(self) -> str:
        """How many counted contacts are snoozed, in words (empty when none):
        ``"2 of them are snoozed, counted as if they were not."``"""
        count = len(self.snoozed)
        if count == 0:
            return ""
        if count == 1:
            return "1 of them is snoozed, counted as if it were not."
        return f"{count} of them are snoozed, counted as if they were not."

    def _repr_markdown_(self) -> str:
        header, body = self._table()
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        note = self.snoozed_note()
        if note:
            lines += ["", note]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html  # for notebooks only: commands never load it

        header, body = self._table()
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in body
        )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        note = self.snoozed_note()
        return table + (f"<p>{html.escape(note)}</p>" if note else "")


def _keeps_summaries(store: Store) -> TypeGuard[ReachableSummaries]:
    """``isinstance(store, ReachableSummaries)`` as the attribute test it amounts to,
    without the protocol check's cost."""
    return getattr(store, "reachable_summaries", None) is not None


def health(
    store: Store,
    *,
    now: dt.datetime,
    horizon_days: int = DUE_SOON_DAYS,
    contacts: Sequence[Contact] | Sequence[ContactFacts] | None = None,
) -> Health:
    """The :func:`contact_health` of every reachable contact, counted per circle.

    Archived and do-not-contact contacts are left out. A contact snoozed at ``now``
    (today, in the owner's zone, before its snooze date) is counted in the state it
    would have without the snooze and listed in :attr:`Health.snoozed`. ``contacts``,
    when the caller has already read the store's contacts, saves reading them again
    (those that are not reachable are left out as well); the contacts'
    :class:`~relnet.storage.ContactFacts` serve as well.
    """
    horizon = integer(horizon_days, "horizon_days", minimum=0)
    settings = store.get_settings()
    people: Sequence[Contact | ContactFacts]
    summaries: Sequence[TouchSummary | None]
    if contacts is None and _keeps_summaries(store):
        people, summaries = store.reachable_summaries(now=now)
    else:
        if contacts is None:
            people = store.contacts(include_archived=False)
        else:
            people = [c for c in contacts if c.reachable]
        found = touch_summaries_of(store, [c.id for c in people], now=now)
        summaries = [found.get(c.id) for c in people]
    linked: dict[ContactId, list[Goal]] = {}
    for goal in store.goals():
        if goal.cadence is not None:
            for person in goal.contacts:
                linked.setdefault(person, []).append(goal)
    today = settings.today(now)
    counts: dict[Circle, dict[HealthState, int]] = {
        c: dict.fromkeys(HealthState, 0) for c in Circle
    }
    states, snoozed = _States(today, settings, horizon).many(people, summaries, linked, counts)
    return Health(counts, states, snoozed)


class _States:
    """:func:`_state` for the many contacts of one :func:`health` call, on plain
    integers: local dates come from one :class:`~relnet.policy.dates.LocalTime` (its
    per-day memo), and each cadence step is worked out once per cadence and anchor
    date, since most contacts share their circle's cadence and a few thousand dates.
    The memos live as long as the call. :func:`_state` (pendulum dates, one contact at
    a time) is the reference; ``tests/policy/test_health.py`` checks this against it.
    """

    __slots__ = (
        "_cadences",
        "_clock",
        "_date_of",
        "_day",
        "_due",
        "_horizon",
        "_later",
        "_plain",
        "_reconnect_last",
        "_settings",
        "_today",
        "_today_ord",
    )

    def __init__(self, today: pendulum.Date, settings: Settings, horizon: int) -> None:
        self._day = today
        self._today = dt.date(today.year, today.month, today.day)
        self._settings = settings
        self._horizon = horizon
        self._clock = LocalTime(settings.timezone)
        self._date_of = self._clock.date_of
        #: (id(cadence), last ordinal) → due ordinal; the cadences are kept alive beside
        #: it, so an id is never reused within the call.
        self._due: dict[tuple[int, int], int] = {}
        self._cadences: list[Cadence] = []
        #: ordinal → the ordinal of ``add_months(day, months)``, per month count.
        self._later: dict[tuple[int, int], int] = {}
        #: (id(cadence), last date) → the state, for contacts without goals or backoff.
        self._plain: dict[tuple[int, dt.date], HealthState] = {}
        self._today_ord = self._today.toordinal()
        self._reconnect_last = _reconnect_last(self._today)

    def _after(self, last: dt.date, cadence: Cadence) -> int:
        key = (id(cadence), last.toordinal())
        found = self._due.get(key)
        if found is None:
            settings = self._settings
            found = add_cadence(last, cadence, settings.workdays, settings.holidays).toordinal()
            self._due[key] = found
            self._cadences.append(cadence)
        return found

    def _months_after(self, day: dt.date, months: int) -> int:
        key = (day.toordinal(), months)
        found = self._later.get(key)
        if found is None:
            found = self._later[key] = plain_add_months(day, months).toordinal()
        return found

    def __call__(
        self, contact: Contact | ContactFacts, summary: TouchSummary | None, goals: Iterable[Goal]
    ) -> HealthState:
        if contact.stage is Stage.DORMANT:
            return HealthState.DORMANT
        if summary is None:
            return HealthState.NEVER_CONTACTED
        last_us = summary.last_touch
        if last_us is None or summary.touches <= 0:
            return HealthState.NEVER_CONTACTED
        own = contact.cadence
        if own is None:
            own = CIRCLE_CADENCE.get(contact.circle)
        if not goals and (summary.open_asks < _BACKOFF_ASKS or summary.last_ask is None):
            if own is None:
                return HealthState.ON_TRACK
            # The common case: the state follows from the cadence and the last date.
            last = self._date_of(last_us)
            key = (id(own), last)
            state = self._plain.get(key)
            if state is None:
                state = self._plain[key] = self._judge(last.toordinal(), self._after(last, own))
                self._cadences.append(own)
            return state
        return self._with_goals(contact, summary, last_us, own, goals)

    def many(
        self,
        people: Iterable[Contact | ContactFacts],
        summaries: Iterable[TouchSummary | None],
        linked: Mapping[ContactId, Sequence[Goal]],
        counts: dict[Circle, dict[HealthState, int]],
    ) -> tuple[dict[ContactId, HealthState], list[ContactId]]:
        """What calling this object gives for each of ``people`` (reachable contacts,
        each beside its summary in ``summaries``, None if never touched), counted in
        ``counts`` by circle; and the ids of those snoozed today. The common case (no
        goal, no backoff, a cadence) is inline, its state worked out once per cadence
        and local day of the last touch; dormant and never-touched contacts need no
        call; the rest go through :meth:`__call__` (``tests/policy/test_health.py``).
        """
        states: dict[ContactId, HealthState] = {}
        snoozed: list[ContactId] = []
        today = self._today
        # (id(cadence), local day of the last touch) → the state of the common case.
        plain: dict[tuple[int, int], HealthState] = {}
        plain_get = plain.get
        steady = self._clock.steady_offsets.get
        circle_cadence = CIRCLE_CADENCE.get
        dormant_stage = Stage.DORMANT
        dormant, never, on_track = (
            HealthState.DORMANT,
            HealthState.NEVER_CONTACTED,
            HealthState.ON_TRACK,
        )
        day_us = _DAY_US
        backoff = _BACKOFF_ASKS
        local_day, fresh = self._local_day, self._plain_state
        for contact, summary in zip(people, summaries, strict=True):
            person = contact.id
            until = contact.snoozed_until
            if until is not None and today < until:
                snoozed.append(person)
            if contact.stage is dormant_stage:
                state = dormant
            elif summary is None or summary.last_touch is None or summary.touches <= 0:
                state = never
            elif person in linked or (
                summary.open_asks >= backoff and summary.last_ask is not None
            ):
                state = self(contact, summary, linked.get(person, ()))
            elif (own := contact.cadence or circle_cadence(contact.circle)) is None:
                state = on_track
            else:
                last_us = summary.last_touch
                offset = steady(last_us // day_us)
                key = (
                    id(own),
                    (last_us + offset) // day_us if offset is not None else local_day(last_us),
                )
                known = plain_get(key)
                if known is None:
                    known = plain[key] = fresh(own, key[1])
                state = known
            states[person] = state
            counts[contact.circle][state] += 1
        return states, snoozed

    def _local_day(self, us: int) -> int:
        """The local day number (days since 1 January 1970) of the instant ``us``, on a
        day whose zone offset is not known steady: learnt, or a day the offset changes."""
        return self._date_of(us).toordinal() - _EPOCH_ORDINAL

    def _plain_state(self, cadence: Cadence, day: int) -> HealthState:
        """The state of a tie with ``cadence`` alone, last touched on the local day
        number ``day``, with no goal and no backoff (the common case of :meth:`many`)."""
        last = dt.date.fromordinal(day + _EPOCH_ORDINAL)
        return self._judge(last.toordinal(), self._after(last, cadence))

    def _with_goals(
        self,
        contact: Contact | ContactFacts,
        summary: TouchSummary,
        last_us: int,
        own: Cadence | None,
        goals: Iterable[Goal],
    ) -> HealthState:
        """The state of a contact with goals or unanswered asks (the general case)."""
        present = [] if own is None else [own]
        today = self._day
        present += [
            g.cadence
            for g in goals
            if g.cadence is not None and contact.id in g.contacts and g.is_active_on(today)
        ]
        if not present:
            return HealthState.ON_TRACK
        last = self._date_of(last_us)
        after = self._after
        if len(present) == 1:
            due = after(last, present[0])
        else:
            due = min(after(last, cadence) for cadence in present)
        if summary.open_asks >= _BACKOFF_ASKS and summary.last_ask is not None:
            asked = self._date_of(summary.last_ask)
            due = max(due, self._months_after(asked, _BACKOFF_MONTHS))
        return self._judge(last.toordinal(), due)

    def _judge(self, last: int, due: int) -> HealthState:
        """The state of a tie last touched on the ordinal ``last`` and due on ``due``."""
        today = self._today_ord
        cycle = max(1, due - last)
        if today - last >= _DECAY_CYCLES * cycle or last <= self._reconnect_last:
            return HealthState.DORMANT
        ahead = due - today
        if ahead < 0:
            return HealthState.OVERDUE
        if ahead <= min(self._horizon, cycle // 4):
            return HealthState.DUE
        return HealthState.ON_TRACK


def _reconnect_last(today: dt.date) -> int:
    """The ordinal of the latest day ``last`` with ``add_months(last, 36) <= today``:
    the last touches that are three years old or more (``add_months`` never goes back
    when its day goes forward, so these are exactly the days up to this one)."""
    months = 12 * _RECONNECT_YEARS
    today_ord = today.toordinal()
    # 36 months are at most 1,097 days: a step from this day lands before today.
    last = max(0, today_ord - 1_100)  # 0: no day
    while last < today_ord:
        try:
            if plain_add_months(dt.date.fromordinal(last + 1), months).toordinal() > today_ord:
                break
        except ValidationError:  # past year 9999: later than any today
            break
        last += 1
    return last
