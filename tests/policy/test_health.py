"""Relationship health: each state on a hand-built network, and the Health value."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import (
    Cadence,
    Circle,
    Contact,
    ContactId,
    Goal,
    Interaction,
    Settings,
    TouchSummary,
    add_months,
    epoch_us,
)
from relnet.policy import Health, HealthState, contact_health, health
from relnet.policy.strength import _reconnect_last, _States
from relnet.storage import InMemoryStore
from relnet.storage.summaries import touch_summaries_of
from relnet.synth import network

PARIS = "Europe/Paris"
NOW = pendulum.datetime(2026, 3, 10, 10, tz=PARIS)
S = HealthState


def met(
    cid: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, tz: str = PARIS
) -> Interaction:
    return Interaction([cid], pendulum.datetime(year, month, day, hour, minute, tz=tz), "meeting")


def ask(cid: str, year: int, month: int, day: int, hour: int = 0) -> Interaction:
    at = pendulum.datetime(year, month, day, hour, tz=PARIS)
    return Interaction([cid], at, "email", direction="outbound", expects_reply=True)


def build() -> InMemoryStore:
    people = [
        Contact("Ann", id="a", circle="close"),  # due 20 Mar: on track
        Contact("Ben", id="b", circle="close"),  # due 15 Mar: due (5 days ahead)
        Contact("Cat", id="c", circle="close"),  # due 1 Mar: overdue
        Contact("Dan", id="d", circle="inner"),  # due 15 Mar, weekly: on track
        Contact("Eve", id="e", circle="inner"),  # due today: due
        Contact("Fay", id="f", circle="inner"),  # silent 68 days >= 8 weeks: dormant
        Contact("Gus", id="g", circle="network"),  # silent over 3 years: dormant
        Contact("Hal", id="h", circle="acquaintance"),  # no cadence, touched: on track
        Contact("Ivy", id="i", circle="acquaintance"),  # never touched
        Contact("Jo", id="j", circle="active", stage="dormant"),  # marked dormant
        Contact("Kim", id="k", circle="close", status="archived"),  # left out
        Contact("Lu", id="l", circle="close", status="do_not_contact"),  # left out
        Contact("Max", id="m", snoozed_until=pendulum.date(2026, 6, 1)),  # snoozed, yet overdue
        Contact("Ned", id="n", circle="close"),  # three open asks: backoff, on track
        Contact("Oz", id="o"),  # goal cadence monthly: overdue
        Contact("Pia", id="p", circle="close"),  # due today in Paris, not in UTC
        Contact("Quin", id="q", circle="close", created_at=pendulum.datetime(2020, 1, 1)),
    ]
    store = InMemoryStore.from_records(
        settings=Settings(timezone=PARIS),
        contacts=people,
        goals=[
            Goal("Speak at a meetup", contacts=["o"], cadence=Cadence.monthly(), id="g1"),
            Goal("Paused", contacts=["n"], cadence=Cadence.weekly(), status="paused", id="g2"),
        ],
    )
    for interaction in [
        met("a", 2026, 2, 20, 12),
        met("b", 2026, 2, 15, 12),
        met("c", 2026, 2, 1, 12),
        met("d", 2026, 3, 8, 12),
        met("e", 2026, 3, 3, 12),
        met("f", 2026, 1, 1, 12),
        met("g", 2022, 1, 1, 12),
        met("h", 2019, 5, 5, 12),
        met("j", 2026, 3, 9, 12),
        met("k", 2025, 1, 1, 12),
        met("m", 2025, 1, 1, 12),
        ask("n", 2026, 1, 5, 12),
        ask("n", 2026, 1, 15, 12),
        ask("n", 2026, 1, 25, 12),
        met("o", 2026, 1, 10, 12),
        # 23:30 UTC on 9 February is 10 February in Paris: due 10 March, today.
        met("p", 2026, 2, 9, 23, 30, tz="UTC"),
        # Planned, not past: Quin has still never been contacted.
        met("q", 2026, 4, 1, 12),
    ]:
        store.add_interaction(interaction)
    return store


EXPECTED = {
    "a": S.ON_TRACK,
    "b": S.DUE,
    "c": S.OVERDUE,
    "d": S.ON_TRACK,
    "e": S.DUE,
    "f": S.DORMANT,
    "g": S.DORMANT,
    "h": S.ON_TRACK,
    "i": S.NEVER_CONTACTED,
    "j": S.DORMANT,
    "m": S.OVERDUE,
    "n": S.ON_TRACK,
    "o": S.OVERDUE,
    "p": S.DUE,
    "q": S.NEVER_CONTACTED,
}


def test_each_contact_gets_the_state_the_policy_dates_imply() -> None:
    result = health(build(), now=NOW)
    assert dict(result.states) == EXPECTED


def test_counts_per_circle() -> None:
    result = health(build(), now=NOW)
    assert dict(result.counts[Circle.CLOSE]) == {
        S.ON_TRACK: 2,
        S.DUE: 2,
        S.OVERDUE: 1,
        S.DORMANT: 0,
        S.NEVER_CONTACTED: 1,
    }
    assert dict(result.counts[Circle.INNER]) == {
        S.ON_TRACK: 1,
        S.DUE: 1,
        S.OVERDUE: 0,
        S.DORMANT: 1,
        S.NEVER_CONTACTED: 0,
    }
    assert result.counts[Circle.NETWORK][S.DORMANT] == 1
    assert result.counts[Circle.ACTIVE][S.DORMANT] == 1
    assert result.counts[Circle.ACQUAINTANCE][S.NEVER_CONTACTED] == 1
    assert result.total() == len(EXPECTED)
    assert result.total(S.OVERDUE) == 3
    assert result.contacts(S.DORMANT) == ("f", "g", "j")


def test_a_snoozed_contact_keeps_its_state_and_is_counted_as_snoozed() -> None:
    store = build()
    result = health(store, now=NOW)
    # Max is a year and two months past his last meeting: overdue, snoozed or not.
    assert result.states[ContactId("m")] is S.OVERDUE
    assert result.snoozed == ("m",)
    assert result.snoozed_note() == "1 of them is snoozed, counted as if it were not."
    assert "1 of them is snoozed" in result._repr_markdown_()
    assert "1 of them is snoozed" in result._repr_html_()
    # Snoozing everyone changes no state: only how many are snoozed.
    later = pendulum.date(2026, 12, 31)
    for contact in store.contacts():
        store.update_contact(attrs.evolve(contact, snoozed_until=later))
    snoozed = health(store, now=NOW)
    assert snoozed.states == result.states
    assert snoozed.counts == result.counts
    assert snoozed.snoozed == tuple(sorted(result.states))
    assert (
        snoozed.snoozed_note()
        == f"{len(result.states)} of them are snoozed, counted as if they were not."
    )
    # On the snooze date the contact is no longer snoozed.
    assert health(store, now=pendulum.datetime(2026, 12, 31, 0, 30, tz=PARIS)).snoozed == ()
    assert health(store, now=pendulum.datetime(2026, 12, 30, 23, 30, tz=PARIS)).snoozed


def test_archived_and_do_not_contact_people_are_left_out() -> None:
    result = health(build(), now=NOW)
    assert "k" not in result.states
    assert "l" not in result.states


def test_contacts_already_read_give_the_same_health() -> None:
    store = build()
    given = health(store, now=NOW, contacts=store.contacts())
    assert given == health(store, now=NOW)
    assert "k" not in given.states
    assert "l" not in given.states


def test_the_weekly_tie_is_due_only_the_day_before() -> None:
    store = build()
    contact, summaries = store.get_contact(ContactId("d")), store.touch_summaries(now=NOW)
    settings = store.get_settings()
    states = [
        contact_health(contact, summaries[ContactId("d")], now=day, settings=settings)
        for day in (NOW.add(days=3), NOW.add(days=4), NOW.add(days=5), NOW.add(days=6))
    ]
    assert states == [S.ON_TRACK, S.DUE, S.DUE, S.OVERDUE]


def test_a_wider_horizon_and_none_at_all() -> None:
    store = build()
    assert health(store, now=NOW, horizon_days=0).states[ContactId("b")] is S.ON_TRACK
    assert health(store, now=NOW, horizon_days=0).states[ContactId("e")] is S.DUE
    # Ann is due in 10 days, but a monthly cycle (28 days here) caps "soon" at 7 days.
    assert health(store, now=NOW, horizon_days=10).states[ContactId("a")] is S.ON_TRACK
    assert health(store, now=NOW.add(days=3), horizon_days=10).states[ContactId("a")] is S.DUE
    with pytest.raises(ValidationError):
        health(store, now=NOW, horizon_days=-1)


def test_the_reconnect_threshold_is_eight_cycles() -> None:
    contact = Contact("X", id="x", cadence=Cadence.days(10))
    settings = Settings(timezone="UTC")
    last = epoch_us(pendulum.datetime(2026, 1, 1, 12))
    summary = TouchSummary(ContactId("x"), touches=1, first_touch=last, last_touch=last)

    def on(day: int) -> HealthState:
        now = pendulum.datetime(2026, 1, 1, 12).add(days=day)
        return contact_health(contact, summary, now=now, settings=settings)

    assert [on(d) for d in (0, 8, 10, 11, 79, 80)] == [
        S.ON_TRACK,
        S.DUE,
        S.DUE,
        S.OVERDUE,
        S.OVERDUE,
        S.DORMANT,
    ]


def test_a_goal_cadence_counts_only_while_the_goal_is_active() -> None:
    store = build()
    store.update_goal(Goal("Speak at a meetup", contacts=["o"], status="paused", id="g1"))
    assert health(store, now=NOW).states[ContactId("o")] is S.ON_TRACK
    deadline_passed = Goal(
        "Speak",
        contacts=["o"],
        cadence=Cadence.monthly(),
        deadline=pendulum.date(2026, 3, 1),
        id="g1",
    )
    store.update_goal(deadline_passed)
    assert health(store, now=NOW).states[ContactId("o")] is S.ON_TRACK


def test_health_value_fills_missing_circles_and_states() -> None:
    value = Health({Circle.CLOSE: {S.DUE: 2}})
    assert value.counts[Circle.INNER][S.ON_TRACK] == 0
    assert value.total() == 2
    assert value == Health({Circle.CLOSE: {S.DUE: 2, S.OVERDUE: 0}})
    with pytest.raises(TypeError):
        value.counts[Circle.CLOSE][S.DUE] = 3  # type: ignore[index]


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=4),
        st.sampled_from(list(S)) | st.sampled_from([s.value for s in S]),
        max_size=8,
    )
)
def test_ready_states_are_kept_as_a_copy_and_others_converted(states: dict[str, Any]) -> None:
    # Health's quick path for a dict whose every value is a state already (what
    # health() hands over) gives what converting each value gives, and a copy.
    value = Health({}, states)
    assert dict(value.states) == {k: S(v) for k, v in states.items()}
    assert all(type(state) is S for state in value.states.values())
    states["new one"] = S.DUE
    assert "new one" not in value.states


def test_a_state_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="sleepy"):
        Health({}, {"a": S.DUE, "b": "sleepy"})


@pytest.mark.parametrize(
    "counts",
    [{Circle.CLOSE: {S.DUE: -1}}, {"nowhere": {}}, {Circle.CLOSE: {S.DUE: True}}, [1]],
)
def test_bad_counts_are_refused(counts: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Health(counts)
    assert caught.value.field.startswith("counts")


def test_records_and_notebook_views() -> None:
    result = health(build(), now=NOW)
    records = result.to_records()
    assert [r["circle"] for r in records] == [c.value for c in Circle]
    assert records[1] == {
        "circle": "close",
        "on_track": 2,
        "due": 2,
        "overdue": 1,
        "dormant": 0,
        "never_contacted": 1,
        "total": 6,
    }
    markdown = result._repr_markdown_()
    assert markdown.splitlines()[0] == (
        "| circle | on_track | due | overdue | dormant | never_contacted | total |"
    )
    assert "| close | 2 | 2 | 1 | 0 | 1 | 6 |" in markdown
    assert markdown.splitlines()[-3:] == [
        "| all | 4 | 3 | 3 | 3 | 2 | 15 |",
        "",
        "1 of them is snoozed, counted as if it were not.",
    ]
    page = result._repr_html_()
    assert page.startswith("<table>")
    assert page.endswith("</table><p>1 of them is snoozed, counted as if it were not.</p>")
    assert page.count("<tr>") == len(Circle) + 2


day_offsets = st.integers(min_value=0, max_value=4000)


@given(
    st.sampled_from(list(Circle)),
    day_offsets,
    day_offsets,
    st.sampled_from(["UTC", PARIS, "Pacific/Auckland"]),
)
def test_every_touched_contact_gets_exactly_one_state(
    circle: Circle, touched_days_ago: int, created_days_ago: int, zone: str
) -> None:
    now = pendulum.datetime(2026, 3, 10, 10, tz=zone)
    contact = Contact("X", id="x", circle=circle, created_at=now.subtract(days=created_days_ago))
    at = epoch_us(now.subtract(days=touched_days_ago))
    summary = TouchSummary(ContactId("x"), touches=1, first_touch=at, last_touch=at)
    state = contact_health(contact, summary, now=now, settings=Settings(zone))
    assert state is not S.NEVER_CONTACTED
    if circle is Circle.ACQUAINTANCE:
        assert state is S.ON_TRACK
    if touched_days_ago >= 3 * 366:
        assert state in (S.DORMANT, S.ON_TRACK)


@hypothesis_settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    days_after=st.integers(min_value=-400, max_value=400),
)
def test_the_network_view_gives_each_contact_its_own_health(seed: int, days_after: int) -> None:
    """``health`` works out today once for the network; each state still equals what
    :func:`contact_health` says of that contact alone (goals and snoozes included)."""
    start = pendulum.datetime(2024, 1, 1, tz="Europe/London")
    net = network(30, 150, seed=seed, start=start, end=start.add(years=1))
    store = net.to_store()
    now = start.add(months=6, days=days_after)
    settings = store.get_settings()
    goals = store.goals()
    expected = {}
    for contact in store.contacts(include_archived=False):
        if not contact.reachable:
            continue
        summary = touch_summaries_of(store, [contact.id], now=now).get(contact.id)
        expected[contact.id] = contact_health(
            contact,
            summary or TouchSummary(contact.id),
            now=now,
            settings=settings,
            goals=[g for g in goals if g.cadence is not None],
        )
    assert dict(health(store, now=now).states) == expected


_CADENCES = st.one_of(
    st.builds(Cadence.days, st.integers(1, 40)),
    st.builds(Cadence.weeks, st.integers(1, 6)),
    st.builds(Cadence.months, st.integers(1, 14)),
    st.builds(Cadence.years, st.integers(1, 2)),
    st.builds(Cadence.business_days, st.integers(1, 30)),
)


@st.composite
def _health_cases(draw: st.DrawFn) -> tuple[Any, ...]:
    zone = draw(st.sampled_from(["UTC", PARIS, "America/New_York", "Pacific/Auckland"]))
    now = pendulum.datetime(2026, 3, 29, 0, tz="UTC").add(hours=draw(st.integers(-400, 400)))
    today = now.in_timezone(zone).date()
    settings = Settings(
        zone,
        workdays=draw(st.sampled_from([frozenset({0, 1, 2, 3, 4}), frozenset({1, 3, 5})])),
        holidays=frozenset(today.add(days=k) for k in draw(st.sets(st.integers(-40, 40)))),
    )
    now_us = epoch_us(now)
    shared = [draw(_CADENCES) for _ in range(2)]
    people: list[tuple[Contact, TouchSummary | None]] = []
    for number in range(draw(st.integers(1, 12))):
        cid = ContactId(f"c{number}")
        cadence = draw(st.none() | st.sampled_from(shared) | _CADENCES)
        contact = Contact(
            f"C {number}",
            id=cid,
            circle=draw(st.sampled_from(list(Circle))),
            cadence=cadence,
            stage=draw(st.sampled_from(["connected", "engaged", "ally", "dormant"])),
        )
        summary = None
        if draw(st.integers(0, 9)) > 0:
            last = now_us - draw(st.integers(0, 86_400 * 1_200)) * 1_000_000
            asks = draw(st.integers(0, 5))
            summary = TouchSummary(
                cid,
                touches=draw(st.sampled_from([0, 1, 2, 5])),
                first_touch=last,
                last_touch=last,
                open_asks=asks,
                last_ask=draw(st.none() | st.integers(last - 10**12, now_us)) if asks else None,
            )
        people.append((contact, summary))
    goals = [
        Goal(
            f"Goal {k}",
            id=f"g{k}",
            contacts=frozenset(draw(st.sets(st.sampled_from([c.id for c, _ in people])))),
            cadence=draw(st.none() | _CADENCES),
            status=draw(st.sampled_from(["active", "active", "paused"])),
            deadline=draw(st.none() | st.builds(today.add, days=st.integers(-20, 20))),
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    return now, settings, people, goals, draw(st.integers(0, 10))


@hypothesis_settings(max_examples=200, deadline=None)
@given(_health_cases())
def test_the_fast_states_are_contact_health_s(case: tuple[Any, ...]) -> None:
    """The states :func:`health` works out for many contacts at once, on integers and
    memos, are :func:`contact_health`'s, contact by contact: cadences of every unit
    (shared and the contacts' own), business days with holidays, goals with cadences,
    deadlines and pauses, unanswered asks past the backoff, zones with DST."""
    now, settings, people, goals, horizon = case
    state_of = _States(settings.today(now), settings, horizon)
    with_cadence = [g for g in goals if g.cadence is not None]
    for contact, summary in people:
        linked = [g for g in with_cadence if contact.id in g.contacts]
        expected = contact_health(
            contact,
            summary or TouchSummary(contact.id),
            now=now,
            settings=settings,
            goals=with_cadence,
            horizon_days=horizon,
        )
        assert state_of(contact, summary, linked) is expected, contact.id


@hypothesis_settings(max_examples=200, deadline=None)
@given(_health_cases(), st.integers(1, 3))
def test_the_inline_pass_gives_each_contact_its_own_state(
    case: tuple[Any, ...], copies: int
) -> None:
    """``_States.many`` (the pass :func:`health` makes, with its common case inline and
    memoised per cadence and local day) gives every contact the state that calling
    ``_States`` on it alone gives, counts them per circle and lists the snoozed ones;
    the contacts come in several copies so that the memo is hit."""
    now, settings, people, goals, horizon = case
    today = settings.today(now)
    with_cadence = [g for g in goals if g.cadence is not None]
    linked: dict[ContactId, list[Goal]] = {}
    for goal in with_cadence:
        for person in goal.contacts:
            linked.setdefault(person, []).append(goal)
    everyone: list[Contact] = []
    summaries: dict[ContactId, TouchSummary] = {}
    for copy in range(copies):
        for number, (contact, summary) in enumerate(people):
            snooze = today.add(days=number % 3 - 1) if number % 2 else None
            twin = attrs.evolve(contact, id=f"{contact.id}-{copy}", snoozed_until=snooze)
            if copy == 0:
                twin = attrs.evolve(contact, snoozed_until=snooze)
            everyone.append(twin)
            if summary is not None:
                summaries[twin.id] = attrs.evolve(summary, contact=twin.id)
            if copy and contact.id in linked:
                linked[twin.id] = linked[contact.id]
    counts = {c: dict.fromkeys(HealthState, 0) for c in Circle}
    reachable = [c for c in everyone if c.reachable]
    beside = [summaries.get(c.id) for c in reachable]
    states, snoozed = _States(today, settings, horizon).many(reachable, beside, linked, counts)
    alone = _States(today, settings, horizon)
    expected = {
        c.id: alone(c, summaries.get(c.id), linked.get(c.id, ())) for c in everyone if c.reachable
    }
    assert states == expected
    expected_counts = {c: dict.fromkeys(HealthState, 0) for c in Circle}
    for contact in everyone:
        if contact.reachable:
            expected_counts[contact.circle][expected[contact.id]] += 1
    assert counts == expected_counts
    assert snoozed == [
        c.id
        for c in everyone
        if c.reachable and c.snoozed_until is not None and today < c.snoozed_until
    ]


class _Listed:
    """A store without :class:`~relnet.storage.ReachableSummaries`: health lists its
    contacts and asks their summaries by id (or, with ``fold``, folds its history)."""

    def __init__(self, inner: InMemoryStore, *, fold: bool = False) -> None:
        self._inner = inner
        self._hidden = (
            {"reachable_summaries", "touch_summaries"} if fold else {"reachable_summaries"}
        )

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            raise AttributeError(name)
        return getattr(self._inner, name)


def _reference(store: InMemoryStore, now: pendulum.DateTime) -> dict[ContactId, HealthState]:
    """Each reachable contact's :func:`contact_health`, one contact at a time."""
    settings = store.get_settings()
    goals = [g for g in store.goals() if g.cadence is not None]
    expected = {}
    for contact in store.contacts(include_archived=False):
        summary = touch_summaries_of(store, [contact.id], now=now)[contact.id]
        expected[contact.id] = contact_health(
            contact, summary, now=now, settings=settings, goals=goals
        )
    return expected


_WRITES = st.sampled_from(
    ["add", "add_early", "add_planned", "remove", "stage", "archive", "snooze", "cadence"]
)


@hypothesis_settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Pacific/Auckland"]),
    steps=st.lists(
        st.tuples(_WRITES, st.integers(0, 10**6), st.integers(-200, 200)), min_size=1, max_size=6
    ),
)
def test_health_from_the_kept_summaries_is_the_listed_and_the_per_contact_one(
    seed: int, zone: str, steps: list[tuple[str, int, int]]
) -> None:
    """:func:`health` on a store with :class:`~relnet.storage.ReachableSummaries` (the
    in-memory store's kept summaries, handed over again while nothing is written) equals
    health on the same store listed and summarised by id, and folded from its history,
    and each state is :func:`contact_health`'s: every rule in play (own and circle
    cadences, goals with cadences, unanswered asks past the backoff, contacts marked
    dormant, snoozed, archived, never touched, planned touches, zones with DST), with
    writes between the calls and ``now`` moving both ways."""
    start = pendulum.datetime(2024, 1, 1, tz=zone)
    net = network(30, 240, seed=seed, start=start, end=start.add(years=1))
    store = InMemoryStore.from_records(
        settings=attrs.evolve(net.settings, timezone=zone),
        profile=net.profile,
        contacts=net.contacts,
        communities=net.communities,
        events=net.events,
        goals=net.goals,
        interactions=net.interactions,
        commitments=net.commitments,
    )
    people = store.contacts()
    first, second = people[seed % len(people)].id, people[(seed // 7) % len(people)].id
    store.add_goal(Goal("Weekly", contacts=[first, second], cadence=Cadence.weekly(), id="~w"))
    for days in (10, 20, 30):
        store.add_interaction(
            Interaction(
                [second],
                start.add(months=5, days=days),
                "email",
                direction="outbound",
                expects_reply=True,
            )
        )
    listed, folded = _Listed(store), _Listed(store, fold=True)
    now = start.add(months=6)
    for number, (write, pick, days) in enumerate(steps):
        ids = [c.id for c in store.contacts()]
        person = ids[pick % len(ids)]
        contact = store.get_contact(person)
        at = now.add(days=days % 30 if write == "add_planned" else -(abs(days) % 90))
        if write.startswith("add"):
            store.add_interaction(Interaction([person], at, "call", id=f"~{number}"))
        elif write == "remove":
            history = store.interactions(contact=person)
            if history:
                store.remove_interaction(history[pick % len(history)].id)
        elif write == "stage":
            store.update_contact(attrs.evolve(contact, stage="dormant"))
        elif write == "archive":
            store.update_contact(attrs.evolve(contact, status="archived"))
        elif write == "snooze":
            store.update_contact(attrs.evolve(contact, snoozed_until=now.date().add(days=5)))
        else:
            store.update_contact(attrs.evolve(contact, cadence=Cadence.days(abs(days) % 40 + 1)))
        for moment in (now, now.add(days=days), now):
            found = health(store, now=moment)
            assert found == health(listed, now=moment) == health(folded, now=moment)
            assert dict(found.states) == _reference(store, moment)
        now = now.add(days=days)


@given(
    st.dates(min_value=pendulum.date(1, 1, 1), max_value=pendulum.date(9999, 12, 31)),
    st.integers(0, 1_200),
)
def test_the_reconnect_day_splits_the_last_touches_three_years_old(today: Any, back: int) -> None:
    """``_reconnect_last(today)`` is the last day whose touch is three years old by
    ``today`` (``add_months(last, 36) <= today``): every day up to it is, none after it,
    leap days and the ends of the calendar included."""
    day = today.toordinal() - back
    if day < 1:
        return
    last = pendulum.Date.fromordinal(day)
    try:
        old = add_months(last, 36) <= today
    except ValidationError:
        old = False
    assert (day <= _reconnect_last(today)) is old


@pytest.mark.parametrize("today", ["2026-03-10", "2028-02-29", "2027-02-28", "2028-03-01"])
def test_a_tie_turns_dormant_on_the_day_it_is_three_years_old(today: str) -> None:
    """With a two-year cadence only the three-year rule makes a tie dormant: the pass
    :func:`health` makes agrees with :func:`contact_health` on the days around it
    (leap days too), and turns dormant exactly on the third anniversary."""
    day = pendulum.parse(today).date()  # type: ignore[union-attr]
    now = pendulum.datetime(day.year, day.month, day.day, 10, tz=PARIS)
    settings = Settings(timezone=PARIS)
    store = InMemoryStore(settings)
    for back in range(-4, 5):
        last = day.subtract(years=3).add(days=back)
        cid = f"c{back + 4}"
        store.add_contact(Contact(cid, id=cid, cadence=Cadence.years(2)))
        store.add_interaction(met(cid, last.year, last.month, last.day, 12))
    states = health(store, now=now).states
    for contact in store.contacts():
        summary = touch_summaries_of(store, [contact.id], now=now)[contact.id]
        expected = contact_health(contact, summary, now=now, settings=settings)
        assert states[contact.id] is expected, contact.id
        last = _local_day(summary.last_touch)
        assert (expected is S.DORMANT) is (add_months(last, 36) <= day)
    assert S.DORMANT in states.values()
    assert set(states.values()) != {S.DORMANT}


def _local_day(us: int | None) -> Any:
    assert us is not None
    return pendulum.from_timestamp(us / 1e6, tz=PARIS).date()
