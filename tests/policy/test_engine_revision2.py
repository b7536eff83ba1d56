"""Revision 2 at its boundaries in the engine: the event follow-up over its life, what
"seeing them soon" quiets and what it leaves alone, and properties of snoozed people
and of the order records come in."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from relnet import Channel, ContactId, Engine, InMemoryStore, Reason
from relnet.policy.dates import LocalTime
from tests.policy.engine_helpers import at, day, email_out, log, person, store
from tests.policy.test_engine_properties import Network, networks

ENGINE = Engine()
ADA = ContactId("ada")


def met_at_an_event(**settings: Any) -> InMemoryStore:
    """Ada, first met at an event on Thursday 26 November 2026 at 19:00 in London."""
    s = store(**settings)
    person(s)
    log(s, "ada", at(2026, 11, 26, 19), Channel.EVENT)
    return s


def event_item(s: InMemoryStore, now: pendulum.DateTime) -> tuple[str, int] | None:
    """Ada's event follow-up on the agenda at ``now`` (state and days overdue), if any."""
    for item in ENGINE.agenda(s, now=now):
        if item.contact == ADA and item.reason is Reason.EVENT_FOLLOW_UP:
            return item.state, item.overdue_days
    return None


# -- event_follow_up over its life --------------------------------------------------------


def test_the_event_follow_up_from_day_0_to_the_day_it_drops() -> None:
    s = met_at_an_event()
    assert event_item(s, at(2026, 11, 26, 18, 59)) is None  # the event has not happened
    assert event_item(s, at(2026, 11, 26, 19, 30)) == ("due", 0)  # day 0
    assert event_item(s, at(2026, 11, 30, 23, 59)) == ("due", 0)  # due day (Monday)
    assert event_item(s, at(2026, 12, 1, 0, 1)) == ("overdue", 1)
    assert event_item(s, at(2026, 12, 9, 23, 59)) == ("overdue", 9)  # day 13: last shown
    assert event_item(s, at(2026, 12, 10, 0, 1)) is None  # day 14: dropped
    later = ENGINE.follow_ups(s, now=at(2026, 12, 10, 0, 1))
    assert all(Reason.EVENT_FOLLOW_UP not in (i.reason, *i.also) for i in later)


def test_the_due_date_skips_holidays_and_due_at_is_the_reminder_time() -> None:
    s = met_at_an_event(holidays=frozenset({dt.date(2026, 11, 27), dt.date(2026, 11, 30)}))
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 11, 27, 8))
    assert item is not None
    assert item.reason is Reason.EVENT_FOLLOW_UP
    assert (item.available_from, item.due) == (day(2026, 11, 26), day(2026, 12, 2))
    assert item.due_at == pendulum.datetime(2026, 12, 2, 9, tz="Europe/London")
    assert event_item(s, at(2026, 12, 2, 12)) == ("due", 0)


def test_due_at_across_the_autumn_clock_change() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 10, 22, 19), Channel.EVENT)  # Thursday, still summer time
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 10, 23, 8))
    assert item is not None
    assert item.due == day(2026, 10, 26)  # Monday, after the clocks went back
    assert item.due_at == pendulum.datetime(2026, 10, 26, 9, tz="UTC")  # 09:00 GMT


def test_seeing_them_soon_does_not_quiet_the_event_follow_up() -> None:
    s = met_at_an_event()
    log(s, "ada", at(2026, 11, 30, 10))  # a planned meeting, four days after the event
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 11, 27, 9))
    assert item is not None
    assert item.reason is Reason.EVENT_FOLLOW_UP


# -- seeing them soon -----------------------------------------------------------------


def test_holidays_do_not_move_the_horizon_of_seeing_them_soon() -> None:
    holidays = frozenset(dt.date(2026, 12, d) for d in range(2, 16))
    now = at(2026, 12, 1, 12)
    for meeting, quiet in ((at(2026, 12, 15, 23, 30), True), (at(2026, 12, 16, 0, 30), False)):
        s = store(holidays=holidays)
        person(s)
        email_out(s, "ada", at(2026, 11, 2, 10), expects_reply=True)
        log(s, "ada", meeting)
        item = ENGINE.next_follow_up(s, ADA, now=now)
        assert (item is not None and item.reason is Reason.NUDGE) is not quiet


def test_keep_in_touch_keeps_its_own_rule_for_planned_meetings() -> None:
    now = at(2026, 12, 1, 12)
    s = store()
    person(s, circle="inner")  # weekly: due 2026-11-27
    log(s, "ada", at(2026, 11, 20, 10))
    # Seeing her in 10 days is seeing her soon, yet beyond a week: the catch-up stays.
    log(s, "ada", at(2026, 12, 11, 10), id="later")
    item = ENGINE.next_follow_up(s, ADA, now=now)
    assert item is not None
    assert item.reason is Reason.KEEP_IN_TOUCH
    # Within its own cadence it is suppressed, by its own rule.
    log(s, "ada", at(2026, 12, 5, 10), id="sooner")
    explained = ENGINE.explain(s, ADA, now=now)
    [catch_up] = [c for c in explained.considered if c.reason is Reason.KEEP_IN_TOUCH]
    assert catch_up.status == "suppressed"
    assert catch_up.detail == "something with Ada Lovelace is planned on 2026-12-05"


# -- properties ---------------------------------------------------------------------------


@given(networks())
def test_a_snoozed_contacts_due_at_is_the_floor_at_the_reminder_time(network: Network) -> None:
    s = network.store()
    zone = network.settings.timezone
    today = network.now.in_timezone(zone).date()
    clock = LocalTime(zone)
    for contact in network.contacts:
        floor = contact.snoozed_until
        if floor is None or today >= floor or not contact.reachable:
            continue
        free = network.store()
        free.update_contact(attrs.evolve(free.get_contact(contact.id), snoozed_until=None))
        unsnoozed = ENGINE.next_follow_up(free, contact.id, now=network.now)
        snoozed = ENGINE.next_follow_up(s, contact.id, now=network.now)
        if unsnoozed is None:
            assert snoozed is None
            continue
        assert snoozed is not None
        if unsnoozed.due < floor:
            assert snoozed.due == floor
            assert snoozed.due_at == clock.at(floor, network.settings.reminder_time)
        else:
            assert snoozed.due_at == unsnoozed.due_at
        assert snoozed.text.startswith(unsnoozed.text.split(" (due ")[0])


@given(networks(), st.randoms(use_true_random=False))
def test_every_view_is_independent_of_the_order_records_come_in(
    network: Network, rng: Random
) -> None:
    first = network.store()
    contacts = list(network.contacts)
    interactions = list(network.interactions)
    rng.shuffle(contacts)
    rng.shuffle(interactions)
    shuffled = InMemoryStore(settings=network.settings)
    for contact in contacts:
        shuffled.add_contact(contact)
    for goal in reversed(network.goals):
        shuffled.add_goal(goal)
    for interaction in interactions:
        shuffled.add_interaction(interaction)
    for commitment in reversed(network.commitments):
        shuffled.add_commitment(commitment)
    now = network.now
    assert ENGINE.agenda(shuffled, now=now) == ENGINE.agenda(first, now=now)
    assert ENGINE.follow_ups(shuffled, now=now) == ENGINE.follow_ups(first, now=now)
    for contact in network.contacts:
        assert ENGINE.explain(shuffled, contact.id, now=now) == ENGINE.explain(
            first, contact.id, now=now
        )
