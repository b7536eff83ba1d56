"""The agenda's shortcut: rules' ``quiet`` tests never hide anything available today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet import Cadence, Contact, ContactId, Engine, InMemoryStore, Interaction, Settings
from relnet.model import TouchSummary, epoch_us
from relnet.policy import (
    Candidate,
    Context,
    KeepInTouch,
    Proposal,
    Quiet,
    Rule,
    RuleSet,
    dates,
    default_rules,
)
from relnet.policy.dates import LocalTime
from tests.policy.test_engine_properties import Network, networks

CADENCES = st.one_of(
    st.builds(Cadence.days, st.integers(1, 40)),
    st.builds(Cadence.weeks, st.integers(1, 8)),
    st.builds(Cadence.months, st.integers(1, 14)),
    st.builds(Cadence.years, st.integers(1, 3)),
    st.builds(Cadence.business_days, st.integers(1, 12)),
)


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    """The default rules with random numbers."""
    return default_rules(
        reply_drop_days=draw(st.integers(1, 40)),
        thank_you_window_days=draw(st.integers(0, 10)),
        promise_lead_days=draw(st.integers(0, 5)),
        event_follow_up_days=draw(st.integers(0, 6)),
        event_follow_up_drop_days=draw(st.integers(1, 20)),
        intro_days=draw(st.integers(0, 30)),
        mentor_days=draw(st.integers(0, 30)),
        mentor_quiet_days=draw(st.integers(0, 10)),
        nudge_gaps=tuple(draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))),
        nudge_stop=draw(st.integers(1, 4)),
        birthday_lead_days=draw(st.integers(0, 40)),
        cadences=draw(st.dictionaries(st.sampled_from(["inner", "close", "active"]), CADENCES)),
    )


class Opaque:
    """A rule that hides another's ``quiet`` test, so the engine evaluates every contact."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.name = rule.name

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        return self.rule.evaluate(context)


def contexts(
    network: Network, store: InMemoryStore, *, include_snoozed: bool = False
) -> Iterable[Context]:
    """Every reachable, unsnoozed contact's context (snoozed ones too with
    ``include_snoozed``), built as the engine builds it."""
    clock = LocalTime(network.settings.timezone)
    for contact in store.contacts(include_archived=False):
        context = Context.build(
            contact,
            store.touch_summaries(now=network.now, contacts=[contact.id])[contact.id],
            settings=network.settings,
            now=network.now,
            commitments=tuple(store.commitments(contact=contact.id, open_only=True)),
            goals=tuple(store.goals(contact=contact.id)),
            clock=clock,
        )
        if contact.reachable and (
            include_snoozed or not contact.snoozed_on(pendulum.Date(*context.today.timetuple()[:3]))
        ):
            yield context


@given(networks(), rule_sets())
def test_a_quiet_rule_proposes_nothing_available_today(network: Network, rules: RuleSet) -> None:
    """Whenever a rule's test says it is quiet for a contact, its evaluation agrees."""
    store = network.store()
    for context in contexts(network, store):
        for rule in rules:
            assert isinstance(rule, Quiet)
            test = rule.quiet(context.today, context.clock, context.settings)
            if not test(
                context.contact, context.summary, bool(context.commitments), bool(context.goals)
            ):
                continue
            early = [
                c
                for c in rule.evaluate(context)
                if isinstance(c, Proposal) and c.available_from <= context.today
            ]
            assert early == [], (rule.name, context.contact.id)


@given(networks(), rule_sets())
def test_the_agenda_is_the_same_with_and_without_the_shortcut(
    network: Network, rules: RuleSet
) -> None:
    """Skipping quiet contacts changes nothing: same items, same order, same texts."""
    store = network.store()
    fast = Engine(rules=rules).agenda(store, now=network.now)
    slow = Engine(rules=[Opaque(r) for r in rules], scoring=rules.scoring).agenda(
        store, now=network.now
    )
    assert fast.items == slow.items


def test_a_subclass_that_changes_evaluate_does_not_inherit_the_quiet_test() -> None:
    """A KeepInTouch subclass proposing something every day is asked every day."""

    @attrs.frozen
    class Daily(KeepInTouch):
        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return (Proposal("keep_in_touch", context.today, 50.0, "Every day."),)

    now = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    store = InMemoryStore(Settings(timezone="Europe/London"))
    store.add_contact(Contact("Ada Lovelace", id="ada", circle="network"))
    store.add_interaction(Interaction(["ada"], now.subtract(days=1), "call"))
    assert [i.text for i in Engine(rules=[Daily()]).agenda(store, now=now)] == [
        "Catch up with Ada Lovelace (due 2026-03-02). Every day."
    ]
    assert len(Engine(rules=[KeepInTouch()]).agenda(store, now=now)) == 0


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    CADENCES,
    st.frozensets(st.integers(0, 6), min_size=1),
    st.integers(0, 10),
)
def test_latest_start_is_the_last_day_a_step_lands_by_the_day(
    day: dt.date, cadence: Cadence, workdays: frozenset[int], holidays: int
) -> None:
    closed = {dates.add_days(day, -k) for k in range(holidays)}
    start = dates.latest_start(day, cadence, workdays, closed)
    assert start is not None
    assert dates.add_cadence(start, cadence, workdays, closed) <= day
    assert dates.add_cadence(dates.add_days(start, 1), cadence, workdays, closed) > day


DAY_US = 86_400_000_000
EXACT = ("reply_owed", "thank_you", "intro_loop", "mentor_loop", "nudge", "birthday")
SHORT_CADENCES = st.one_of(
    st.builds(Cadence.days, st.integers(1, 9)),
    st.builds(Cadence.weeks, st.integers(1, 2)),
    st.builds(Cadence.business_days, st.integers(1, 6)),
    st.builds(Cadence.months, st.integers(1, 2)),
)


@st.composite
def short_rule_sets(draw: st.DrawFn) -> RuleSet:
    """The default rules with small numbers, so that boundaries are often hit."""
    return default_rules(
        reply_drop_days=draw(st.integers(1, 9)),
        thank_you_window_days=draw(st.integers(0, 9)),
        intro_days=draw(st.integers(0, 9)),
        mentor_days=draw(st.integers(0, 9)),
        mentor_quiet_days=draw(st.integers(0, 3)),
        nudge_gaps=tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))),
        nudge_stop=draw(st.integers(1, 4)),
        birthday_lead_days=draw(st.integers(0, 9)),
        cadences=draw(
            st.dictionaries(st.sampled_from(["inner", "close", "active"]), SHORT_CADENCES)
        ),
    )


@st.composite
def lone_contexts(draw: st.DrawFn) -> Context:
    """One contact's context; every summary instant falls a few local days before
    ``now``, at any time of its day, so rules' day boundaries are often hit."""
    zone = draw(st.sampled_from(["UTC", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]))
    now = pendulum.datetime(2026, 1, 1, tz="UTC").add(seconds=draw(st.integers(0, 400 * 86_400)))
    now = now.in_timezone(zone)
    now_us = epoch_us(now)
    clock = LocalTime(zone)
    today = clock.date_of(now_us)
    settings = Settings(
        timezone=zone,
        workdays=draw(
            st.sampled_from([frozenset(range(5)), frozenset(range(7))])
            | st.frozensets(st.integers(0, 6), min_size=1)
        ),
        holidays={now.date().add(days=draw(st.integers(-12, 2)))},
    )

    def instant() -> int | None:
        back = draw(st.none() | st.integers(0, 12))
        if back is None:
            return None
        start = clock.start_of(dates.add_days(today, -back))
        return min(now_us, start + draw(st.integers(0, 22 * 3600)) * 1_000_000)

    contact = Contact(
        "Ada Lovelace",
        id="ada",
        circle=draw(st.sampled_from(["inner", "close", "active", "network", "acquaintance"])),
        cadence=draw(st.none() | SHORT_CADENCES),
        roles=draw(st.sampled_from([(), ("mentor",)])),
        birthday=draw(
            st.none()
            | st.builds(lambda k: now.date().add(days=k).replace(year=1990), st.integers(-2, 12))
        ),
        created_at=draw(st.none() | st.just(now.subtract(days=draw(st.integers(0, 60))))),
    )
    asks = draw(st.integers(0, 3))
    summary = TouchSummary(
        contact=ContactId("ada"),
        last_touch=instant(),
        last_reach=instant(),
        pending_reply=instant(),
        open_asks=asks,
        last_ask=instant() if asks else None,
        first_meeting=instant(),
        open_intro=instant(),
        last_advice=instant(),
        next_planned=draw(st.none() | st.just(now_us + draw(st.integers(1, 60 * DAY_US)))),
    )
    meeting = draw(st.none() | st.just(now_us + draw(st.integers(1, 20 * DAY_US))))
    return Context.build(
        contact, summary, settings=settings, now=now, clock=clock, next_meeting=meeting
    )


@settings(max_examples=400)
@given(lone_contexts(), short_rule_sets())
def test_quiet_tests_are_sound_and_exact_where_they_can_be(
    context: Context, rules: RuleSet
) -> None:
    """A quiet test is never true when the rule has something available today; for the
    rules that need only the summary and the contact, it is true exactly then."""
    for rule in rules:
        assert isinstance(rule, Quiet)
        quiet = rule.quiet(context.today, context.clock, context.settings)(
            context.contact, context.summary, False, False
        )
        available = [
            c
            for c in rule.evaluate(context)
            if isinstance(c, Proposal) and c.available_from <= context.today
        ]
        if quiet:
            assert available == [], rule.name
        elif rule.name in EXACT and (
            context.seeing_soon() is None or rule.name in ("reply_owed", "thank_you", "birthday")
        ):
            # A meeting soon quiets the others, which their tests cannot see.
            assert available != [], rule.name
        elif rule.name == "keep_in_touch" and context.summary.next_planned is None:
            stop = rules.get("keep_in_touch").stop  # type: ignore[attr-defined]
            if context.summary.open_asks < stop:
                assert available != [], rule.name


def test_the_engine_never_switches_the_garbage_collector() -> None:
    """Library code leaves the collector alone: it is on during a pass, and a collector
    the caller disabled stays disabled."""
    import gc

    store = InMemoryStore(Settings(timezone="Europe/London"))
    store.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
    now = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    seen: list[bool] = []

    class Spy:
        name = "spy"

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            seen.append(gc.isenabled())
            raise RuntimeError("boom")

    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="boom"):
        Engine(rules=[Spy()]).agenda(store, now=now)
    assert seen == [True]
    assert gc.isenabled()
    Engine().follow_ups(store, now=now)
    assert gc.isenabled()
    gc.disable()
    try:
        Engine().agenda(store, now=now)
        assert not gc.isenabled()
    finally:
        gc.enable()
