"""Revision 2: "seeing them soon" quiets the waiting and loop items, and snoozed people
keep their next item in the follow-ups, raised to the snooze."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given

from relnet import Channel, ContactId, Direction, InMemoryStore, Party, Reason, Value
from relnet.policy import SOON_DAYS, Engine

from .engine_helpers import at, day, email_in, email_out, log, person, promise, store
from .test_engine_properties import Network, networks

ENGINE = Engine()
NOW = at(2026, 12, 1, 12)  # a Tuesday; today + 14 days is 2026-12-15
ADA = ContactId("ada")


def waiting_on_ada(reason: Reason) -> InMemoryStore:
    """A store in which ada's only item today is ``reason``."""
    s = store()
    person(s, roles=("mentor",) if reason is Reason.MENTOR_LOOP else ())
    if reason is Reason.NUDGE:
        email_out(s, "ada", at(2026, 11, 20, 10), expects_reply=True)
    elif reason is Reason.CHECK_IN:
        log(s, "ada", at(2026, 11, 20, 10))
        promise(s, "ada", day(2026, 11, 25), owed_by=Party.THEM)
    elif reason is Reason.INTRO_LOOP:
        person(s, "Bo Diddley", "bo")
        log(
            s,
            "bo",
            at(2026, 11, 2, 10),
            Channel.INTRO,
            direction=Direction.INBOUND,
            introduced_by="ada",
        )
    elif reason is Reason.MENTOR_LOOP:
        log(s, "ada", at(2026, 11, 1, 10), Channel.CALL, received=[Value.ADVICE])
    return s


def reasons(s: InMemoryStore) -> set[Reason]:
    """Ada's reasons in the follow-ups (her item and the others beside it)."""
    return {
        r
        for item in ENGINE.follow_ups(s, now=NOW)
        if item.contact == ADA
        for r in (item.reason, *item.also)
    }


QUIETED = [Reason.NUDGE, Reason.CHECK_IN, Reason.INTRO_LOOP, Reason.MENTOR_LOOP]


def test_the_horizon_is_fourteen_days() -> None:
    assert SOON_DAYS == 14


@pytest.mark.parametrize("reason", QUIETED)
def test_each_rule_is_due_without_a_planned_meeting(reason: Reason) -> None:
    item = ENGINE.next_follow_up(waiting_on_ada(reason), ADA, now=NOW)
    assert item is not None
    assert item.reason is reason


@pytest.mark.parametrize("reason", QUIETED)
def test_a_meeting_on_today_plus_14_days_quiets_each_rule(reason: Reason) -> None:
    s = waiting_on_ada(reason)
    log(s, "ada", at(2026, 12, 15, 23, 30))
    assert reason not in reasons(s)
    assert all(item.reason is not reason for item in ENGINE.agenda(s, now=NOW, capacity=10))
    explained = ENGINE.explain(s, ADA, now=NOW)
    quieted = [c for c in explained.considered if c.reason is reason]
    assert [c.status for c in quieted] == ["suppressed"]
    assert quieted[0].detail == "You are seeing Ada Lovelace on 2026-12-15"


@pytest.mark.parametrize("reason", QUIETED)
def test_a_meeting_on_today_plus_15_days_does_not(reason: Reason) -> None:
    s = waiting_on_ada(reason)
    log(s, "ada", at(2026, 12, 16, 0, 30))
    assert reason in reasons(s)


@pytest.mark.parametrize("channel", [Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT])
def test_a_planned_meeting_call_video_or_event_quiets_a_nudge(channel: Channel) -> None:
    s = waiting_on_ada(Reason.NUDGE)
    log(s, "ada", at(2026, 12, 3, 10), channel)
    assert Reason.NUDGE not in reasons(s)


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.MESSAGE, Channel.SOCIAL])
def test_a_planned_message_does_not_quiet(channel: Channel) -> None:
    s = waiting_on_ada(Reason.NUDGE)
    log(s, "ada", at(2026, 12, 2, 10), channel, direction=Direction.OUTBOUND)
    log(s, "ada", at(2026, 12, 20, 10))  # a meeting too, beyond the horizon
    assert Reason.NUDGE in reasons(s)


def test_a_planned_email_before_the_meeting_does_not_hide_the_meeting() -> None:
    s = waiting_on_ada(Reason.NUDGE)
    log(s, "ada", at(2026, 12, 2, 10), Channel.EMAIL, direction=Direction.OUTBOUND)
    log(s, "ada", at(2026, 12, 10, 10), Channel.VIDEO)
    assert Reason.NUDGE not in reasons(s)


def test_a_meeting_that_already_happened_does_not_quiet() -> None:
    s = waiting_on_ada(Reason.MENTOR_LOOP)
    log(
        s,
        "ada",
        at(2026, 12, 1, 11, 59),
        Channel.EMAIL,
        direction=Direction.INBOUND,
        expects_reply=False,
    )
    assert Reason.MENTOR_LOOP in reasons(s)


def test_a_meeting_with_someone_else_does_not_quiet() -> None:
    s = waiting_on_ada(Reason.NUDGE)
    person(s, "Cy Young", "cy")
    log(s, "cy", at(2026, 12, 3, 10))
    assert Reason.NUDGE in reasons(s)


def test_must_do_items_are_never_quieted() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 11, 30, 10))  # first meeting: thank_you
    email_in(s, "ada", at(2026, 11, 30, 18))  # reply_owed
    promise(s, "ada", day(2026, 12, 2))  # promise, shown from today
    log(s, "ada", at(2026, 12, 3, 10))  # planned meeting in two days
    item = ENGINE.next_follow_up(s, ADA, now=NOW)
    assert item is not None
    assert {item.reason, *item.also} == {Reason.REPLY_OWED, Reason.THANK_YOU, Reason.PROMISE}


@pytest.mark.parametrize(
    ("now", "meeting", "quiet"),
    [
        # Autumn: the clocks go back on 2026-10-25 in London; today + 14 = 2026-11-02.
        (at(2026, 10, 19, 12), at(2026, 11, 2, 23, 59), True),
        (at(2026, 10, 19, 12), at(2026, 11, 3, 0, 1), False),
        # Spring: forward on 2026-03-29; today + 14 = 2026-04-02.
        (at(2026, 3, 19, 23, 30), at(2026, 4, 2, 23, 59), True),
        (at(2026, 3, 19, 23, 30), at(2026, 4, 3, 0, 1), False),
    ],
)
def test_the_horizon_counts_local_days_across_dst(
    now: pendulum.DateTime, meeting: pendulum.DateTime, quiet: bool
) -> None:
    s = store()
    person(s)
    email_out(s, "ada", now.subtract(days=20), expects_reply=True)
    log(s, "ada", meeting)
    item = ENGINE.next_follow_up(s, ADA, now=now)
    assert (item is not None and item.reason is Reason.NUDGE) is not quiet


# -- follow-ups of snoozed people ------------------------------------------------------


def test_a_snoozed_contact_stays_in_the_follow_ups_raised_to_its_snooze() -> None:
    s = store()
    ada = person(s, circle="close")
    log(s, "ada", at(2026, 9, 1, 10), Channel.EMAIL, direction=Direction.OUTBOUND)
    s.update_contact(attrs.evolve(ada, snoozed_until=day(2026, 12, 11)))
    assert all(item.contact != ADA for item in ENGINE.agenda(s, now=NOW, capacity=10))
    [item] = [i for i in ENGINE.follow_ups(s, now=NOW) if i.contact == ADA]
    assert item.reason is Reason.KEEP_IN_TOUCH
    assert item.due == item.available_from == day(2026, 12, 11)
    assert "snoozed" in item.factors
    assert ENGINE.next_follow_up(s, ADA, now=NOW) == item
    # On the snooze date it is on the agenda, as before.
    on_the_day = ENGINE.agenda(s, now=at(2026, 12, 11, 12))
    assert [i.reason for i in on_the_day if i.contact == ADA] == [Reason.KEEP_IN_TOUCH]


@given(networks())
def test_a_snoozed_contacts_follow_up_is_its_unsnoozed_item_raised_to_the_floor(
    network: Network,
) -> None:
    store_ = network.store()
    listed = {item.contact: item for item in ENGINE.follow_ups(store_, now=network.now)}
    today = network.now.in_timezone(network.settings.timezone).date()
    for contact in network.contacts:
        floor = contact.snoozed_until
        if floor is None or today >= floor or not contact.reachable:
            continue
        free = network.store()
        free.update_contact(attrs.evolve(free.get_contact(contact.id), snoozed_until=None))
        unsnoozed = ENGINE.next_follow_up(free, contact.id, now=network.now)
        snoozed = ENGINE.next_follow_up(store_, contact.id, now=network.now)
        assert listed.get(contact.id) == snoozed
        if unsnoozed is None:
            assert snoozed is None
            continue
        assert snoozed is not None
        assert snoozed.reason is unsnoozed.reason
        assert snoozed.due == max(unsnoozed.due, floor)
        assert snoozed.available_from == max(unsnoozed.available_from, floor)
        moved = unsnoozed.due < floor or unsnoozed.available_from < floor
        assert ("snoozed" in snoozed.factors) is moved
        assert [f for f in snoozed.factors if f != "snoozed"] == [
            f for f in unsnoozed.factors if f != "snoozed"
        ]
        assert snoozed.also == unsnoozed.also
        assert (snoozed.interaction, snoozed.commitment) == (
            unsnoozed.interaction,
            unsnoozed.commitment,
        )
