"""Properties of the engine over random small networks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pendulum
from hypothesis import assume, given
from hypothesis import strategies as st

from relnet import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    Contact,
    ContactStatus,
    Direction,
    Engine,
    Goal,
    GoalStatus,
    InMemoryStore,
    Interaction,
    MonthDay,
    Party,
    Role,
    Settings,
    Value,
)
from relnet.model import epoch_us
from relnet.policy import KeepInTouch, Proposal
from tests.policy.engine_helpers import PlainStore, context

ZONES = ["UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
BASE = pendulum.datetime(2026, 1, 1, tz="UTC")
IDS = ["a", "b", "c", "d", "e"]
NAMES = st.sampled_from(["Ada Lovelace", "bo chen", "Bo Chen", "Zoë Ünal", "<b>&amp;</b>", "x|y*"])
ENGINE = Engine()


@dataclass
class Network:
    """The records of a random network, and when to look at it."""

    settings: Settings
    now: pendulum.DateTime
    contacts: list[Contact]
    interactions: list[Interaction] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    def store(self) -> InMemoryStore:
        return InMemoryStore.from_records(
            settings=self.settings,
            contacts=self.contacts,
            interactions=self.interactions,
            commitments=self.commitments,
            goals=self.goals,
        )


def offset(
    draw: Callable[[st.SearchStrategy[int]], int],
    now: pendulum.DateTime,
    past_days: int,
    future_days: int,
) -> pendulum.DateTime:
    seconds = draw(st.integers(min_value=-past_days * 86_400, max_value=future_days * 86_400))
    return now.add(seconds=seconds)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    zone = draw(st.sampled_from(ZONES))
    now = BASE.add(seconds=draw(st.integers(0, 3 * 365 * 86_400))).in_timezone(zone)
    settings = Settings(
        timezone=zone,
        daily_capacity=draw(st.integers(0, 4)),
        reminder_time=draw(st.sampled_from(["09:00", "01:30", "02:30"])),
        holidays={now.date().add(days=draw(st.integers(-5, 5)))},
    )
    ids = IDS[: draw(st.integers(1, len(IDS)))]
    contacts = []
    for person in ids:
        snooze = draw(st.none() | st.integers(-20, 20))
        contacts.append(
            Contact(
                draw(NAMES),
                id=person,
                circle=draw(st.sampled_from(list(Circle))),
                cadence=draw(
                    st.none()
                    | st.builds(Cadence.weeks, st.integers(1, 8))
                    | st.builds(Cadence.business_days, st.integers(1, 10))
                ),
                status=draw(
                    st.sampled_from(
                        [
                            ContactStatus.ACTIVE,
                            ContactStatus.ACTIVE,
                            ContactStatus.ARCHIVED,
                            ContactStatus.DO_NOT_CONTACT,
                        ]
                    )
                ),
                snoozed_until=None if snooze is None else now.date().add(days=snooze),
                roles=draw(st.sampled_from([frozenset(), frozenset({Role.MENTOR})])),
                birthday=draw(
                    st.none() | st.builds(MonthDay, st.integers(1, 12), st.integers(1, 28))
                ),
                created_at=draw(st.none() | st.just(offset(draw, now, 900, 0))),
            )
        )
    network = Network(settings, now, contacts)
    for n in range(draw(st.integers(0, 14))):
        channel = draw(st.sampled_from(list(Channel)))
        people = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        direction = None
        introducer = None
        if channel.is_async:
            direction = draw(st.sampled_from([Direction.INBOUND, Direction.OUTBOUND]))
            if channel is Channel.INTRO and direction is Direction.INBOUND:
                others = [p for p in ids if p not in people]
                introducer = draw(st.none() | st.sampled_from(others)) if others else None
        network.interactions.append(
            Interaction(
                people,
                offset(draw, now, 500, 40),
                channel,
                direction=direction,
                expects_reply=draw(st.none() | st.booleans()) if direction else None,
                auto_reply=draw(st.booleans()),
                received=draw(st.lists(st.sampled_from(list(Value)), max_size=2)),
                gave=draw(st.lists(st.sampled_from(list(Value)), max_size=1)),
                introduced_by=introducer,
                id=f"i{n:02d}",
            )
        )
    for n in range(draw(st.integers(0, 3))):
        network.commitments.append(
            Commitment(
                draw(st.sampled_from(ids)),
                "something",
                now.date().add(days=draw(st.integers(-10, 10))),
                owed_by=draw(st.sampled_from(list(Party))),
                id=f"k{n}",
            )
        )
    for n in range(draw(st.integers(0, 2))):
        network.goals.append(
            Goal(
                f"Goal {n}",
                contacts=draw(st.frozensets(st.sampled_from(ids), min_size=1)),
                weight=draw(st.sampled_from([0.25, 1.0])),
                status=draw(st.sampled_from([GoalStatus.ACTIVE, GoalStatus.PAUSED])),
                deadline=draw(st.none() | st.just(now.date().add(days=draw(st.integers(-5, 30))))),
                cadence=draw(st.none() | st.builds(Cadence.weeks, st.integers(1, 4))),
                id=f"g{n}",
            )
        )
    return network


@given(networks())
def test_the_agenda_is_a_pure_function_of_the_records(network: Network) -> None:
    store = network.store()
    first = ENGINE.agenda(store, now=network.now)
    assert ENGINE.agenda(store, now=network.now) == first
    shuffled = Network(
        network.settings,
        network.now,
        contacts=list(reversed(network.contacts)),
        interactions=list(reversed(network.interactions)),
        commitments=list(reversed(network.commitments)),
        goals=list(reversed(network.goals)),
    ).store()
    assert ENGINE.agenda(shuffled, now=network.now).to_records() == first.to_records()
    # Added one at a time, in another order, the store still gives the same agenda.
    grown = InMemoryStore(settings=network.settings)
    for contact in network.contacts:
        grown.add_contact(contact)
    for goal in network.goals:
        grown.add_goal(goal)
    for interaction in sorted(network.interactions, key=lambda i: i.id, reverse=True):
        grown.add_interaction(interaction)
    for commitment in network.commitments:
        grown.add_commitment(commitment)
    assert ENGINE.agenda(grown, now=network.now).to_records() == first.to_records()
    assert ENGINE.follow_ups(PlainStore(grown), now=network.now).to_records() == (
        ENGINE.follow_ups(store, now=network.now).to_records()
    )


@given(networks())
def test_every_text_names_the_contact_and_its_iso_due_date(network: Network) -> None:
    store = network.store()
    for agenda in (
        ENGINE.agenda(store, now=network.now),
        ENGINE.follow_ups(store, now=network.now),
    ):
        for item in agenda:
            assert item.name in item.text
            assert item.due.isoformat() in item.text
            assert item.name == store.get_contact(item.contact).name
            # The two parts a view may show apart make up the whole text.
            assert item.headline.endswith(f"(due {item.due.isoformat()}).")
            assert item.text == " ".join(p for p in (item.headline, item.details) if p)


@given(networks())
def test_nothing_is_ever_proposed_for_archived_or_do_not_contact_people(network: Network) -> None:
    store = network.store()
    unreachable = {c.id for c in network.contacts if c.status is not ContactStatus.ACTIVE}
    snoozed = {
        c.id
        for c in network.contacts
        if c.snoozed_until is not None
        and network.now.in_timezone(network.settings.timezone).date() < c.snoozed_until
    }
    agenda = ENGINE.agenda(store, now=network.now, capacity=100)
    assert not {item.contact for item in agenda} & (unreachable | snoozed)
    # Snoozed people stay in the follow-ups, raised to their snooze (revision 2).
    follow_ups = ENGINE.follow_ups(store, now=network.now)
    assert not {item.contact for item in follow_ups} & unreachable
    for person in unreachable:
        assert ENGINE.next_follow_up(store, person, now=network.now) is None
        assert ENGINE.explain(store, person, now=network.now).follow_up is None
    for person in snoozed - unreachable:
        explained = ENGINE.explain(store, person, now=network.now)
        assert explained.excluded is not None
        assert explained.excluded.startswith("snoozed")
        assert explained.follow_up == ENGINE.next_follow_up(store, person, now=network.now)


@given(networks())
def test_the_agenda_respects_the_capacity_and_the_order(network: Network) -> None:
    store = network.store()
    agenda = ENGINE.agenda(store, now=network.now)
    must = [i for i in agenda if i.must_do]
    assert len(agenda) == len(must) + min(
        max(0, network.settings.daily_capacity - len(must)),
        len([i for i in ENGINE.agenda(store, now=network.now, capacity=1000) if not i.must_do]),
    )
    keys = [(not i.must_do, -i.priority, i.due, i.name.casefold(), i.contact) for i in agenda]
    assert keys == sorted(keys)
    assert len({i.contact for i in agenda}) == len(agenda)
    listed = ENGINE.follow_ups(store, now=network.now)
    for item in agenda:
        assert listed.for_contact(item.contact) == item
        assert ENGINE.next_follow_up(store, item.contact, now=network.now) == item
        assert item.available_from <= agenda.today
        assert item.state == ("overdue" if item.due < agenda.today else "due")
        assert item.overdue_days == max(0, (agenda.today - item.due).days)


def keep_in_touch_due(store: InMemoryStore, person: str, now: pendulum.DateTime) -> dt.date | None:
    found = [
        c for c in KeepInTouch().evaluate(context(store, person, now)) if isinstance(c, Proposal)
    ]
    return found[0].due if found else None


@given(networks(), st.data())
def test_logging_a_reach_never_brings_keep_in_touch_forward(
    network: Network, data: st.DataObject
) -> None:
    """An outbound or mutual touch never makes the keep-in-touch due date earlier.

    Two cases are left out because the policy itself moves the date forward there:
    a touch older than the anchor of someone never touched (their due date counted
    from ``created_at``, or today, becomes the older touch plus the cadence), and a
    conversation that ends a backoff after three unanswered asks (the floor lifts).
    """
    store = network.store()
    person = data.draw(st.sampled_from([c.id for c in network.contacts]))
    before = keep_in_touch_due(store, person, network.now)
    assume(before is not None)
    seen = context(store, person, network.now)
    summary = seen.summary
    channel = data.draw(
        st.sampled_from([Channel.EMAIL, Channel.MEETING, Channel.CALL, Channel.SOCIAL])
    )
    when = offset(data.draw, network.now, 600, 0)
    if summary.last_touch is None:
        anchor = seen.contact.created_at
        floor = epoch_us(anchor) if anchor is not None else seen.clock.start_of(seen.today)
        assume(epoch_us(when) >= floor)
    if not channel.is_async:
        assume(summary.open_asks < KeepInTouch().stop)
    store.add_interaction(
        Interaction(
            [person],
            when,
            channel,
            direction=Direction.OUTBOUND if channel.is_async else None,
            expects_reply=data.draw(st.booleans()) if channel.is_async else None,
            id="logged",
        )
    )
    after = keep_in_touch_due(store, person, network.now)
    assert before is not None
    assert after is None or after >= before
