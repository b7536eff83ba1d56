"""Dismiss one item, not the person (policy revision 2): what a dismissal hides, what
brings a reason back, the cycle's next date, explain, and that no other reason's item
ever changes."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    ConflictError,
    ContactId,
    Dismissal,
    Engine,
    MonthDay,
    NotFoundError,
    Reason,
    ValidationError,
    Value,
)
from relnet.policy import anchor_of
from relnet.policy.dismissals import CYCLE, instant_anchor
from relnet.storage import Store
from tests.policy.engine_helpers import at, context, day, email_in, email_out, log, person, store
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_planning import Undeclared, fact_store

ENGINE = Engine()
ADA = ContactId("ada")


def reasons(
    s: Store, now: pendulum.DateTime, contact: ContactId = ADA
) -> dict[Reason, tuple[object, object]]:
    """Each reason's item of the contact in ``explain`` (not suppressed): its dates."""
    found = ENGINE.explain(s, contact, now=now)
    return {
        c.reason: (c.available_from, c.due) for c in found.considered if c.status != "suppressed"
    }


def on_agenda(s: Store, now: pendulum.DateTime) -> list[tuple[str, Reason]]:
    return [(item.contact, item.reason) for item in ENGINE.agenda(s, now=now)]


# -- the headline: a dismissed catch-up never delays a birthday ---------------------------------


def test_dismissing_a_weekly_catch_up_leaves_the_birthday_on_its_day() -> None:
    s = store()
    person(s, circle=Circle.INNER, birthday=MonthDay(3, 20))
    log(s, "ada", at(2026, 3, 2), Channel.CALL)  # weekly: due 9 March
    now = at(2026, 3, 15)
    dismissal = ENGINE.dismiss(s, ADA, now=now)
    assert (dismissal.reason, dismissal.anchor) == ("keep_in_touch", "2026-03-02T12:00:00.000000Z")
    assert s.get_contact(ADA).snoozed_until is None
    # The birthday is shown from the day before and due on the day, as if nothing happened.
    assert reasons(s, at(2026, 3, 19))[Reason.BIRTHDAY] == (day(2026, 3, 19), day(2026, 3, 20))
    item = ENGINE.agenda(s, now=at(2026, 3, 19)).for_contact(ADA)
    assert item is not None
    assert item.also == (Reason.BIRTHDAY,)
    found = ENGINE.explain(s, ADA, now=at(2026, 3, 19))
    (wish,) = [c for c in found.considered if c.reason is Reason.BIRTHDAY]
    assert "snoozed" not in wish.factors


# -- keep in touch and reconnect: the next anchored cycle ---------------------------------------


def test_a_dismissed_catch_up_moves_to_the_next_anchored_cycle() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)  # cycles: 28 Feb, 31 Mar, 30 Apr
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 15))
    assert on_agenda(s, at(2026, 3, 15)) == []
    assert on_agenda(s, at(2026, 3, 30)) == []
    back = ENGINE.agenda(s, now=at(2026, 3, 31)).for_contact(ADA)
    assert back is not None
    assert (back.reason, back.due, back.state) == (Reason.KEEP_IN_TOUCH, day(2026, 3, 31), "due")
    assert "moved to the next cycle" in back.text
    later = ENGINE.agenda(s, now=at(2026, 4, 2)).for_contact(ADA)
    assert later is not None
    assert later.overdue_days == 2


def test_dismissed_on_its_due_day_or_before_it_moves_past_its_own_date() -> None:
    for when in (at(2026, 2, 28), at(2026, 2, 20)):
        s = store()
        person(s, circle=Circle.CLOSE)
        log(s, "ada", at(2026, 1, 31), Channel.MEETING)
        ENGINE.dismiss(s, ADA, now=when)
        item = ENGINE.next_follow_up(s, ADA, now=when)
        assert item is not None, when
        assert item.due == day(2026, 3, 31), when


def test_a_new_touch_is_a_newer_anchor_and_the_cycle_counts_from_it() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 15))
    log(s, "ada", at(2026, 3, 20), Channel.CALL)
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 3, 21))
    assert item is not None
    assert item.due == day(2026, 4, 20)
    assert "dismissed" not in item.text


def test_business_day_cycles_and_never_contacted_people() -> None:
    s = store()
    person(s, cadence=Cadence.business_days(3))
    log(s, "ada", at(2026, 11, 2), Channel.CALL)  # Monday; cycles end 5, 10, 13 November
    ENGINE.dismiss(s, ADA, now=at(2026, 11, 11))
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 11, 11))
    assert item is not None
    assert item.due == day(2026, 11, 13)
    # Never in touch, no created_at: the cycle counts from the day it was dismissed.
    s2 = store()
    person(s2, circle=Circle.INNER)
    found = ENGINE.dismiss(s2, ADA, now=at(2026, 11, 25))
    assert found.anchor == "never"
    # After that, with no anchor at all, it is due each day, as before the dismissal.
    for today, due in ((at(2026, 11, 26), day(2026, 12, 2)), (at(2026, 12, 5), day(2026, 12, 5))):
        item = ENGINE.next_follow_up(s2, ADA, now=today)
        assert item is not None
        assert item.due == due


def test_a_reconnect_moves_to_its_next_cycle_and_a_keep_in_touch_dismissal_covers_it() -> None:
    s = store()
    person(s, cadence=Cadence.weeks(1))
    log(s, "ada", at(2026, 1, 5), Channel.CALL)  # Monday; weekly, silent 8+ weeks by March
    now = at(2026, 3, 10)
    first = ENGINE.next_follow_up(s, ADA, now=now)
    assert first is not None
    assert first.reason is Reason.RECONNECT
    found = ENGINE.dismiss(s, ADA, now=now)
    assert found.reason == "reconnect"
    item = ENGINE.next_follow_up(s, ADA, now=now)
    assert item is not None
    assert item.due == day(2026, 3, 16)
    assert ENGINE.undismiss(s, ADA, reason="keep_in_touch") == (found,)
    assert ENGINE.next_follow_up(s, ADA, now=now) == first


def test_a_dismissed_cycle_without_a_cadence_stays_dismissed() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 15))
    monthly = Engine()
    assert monthly.next_follow_up(s, ADA, now=at(2026, 3, 15)) is not None
    quiet = Engine(rules=[r for r in ENGINE.rules if r.name != "keep_in_touch"])
    assert quiet.next_follow_up(s, ADA, now=at(2026, 3, 15)) is None


# -- anchored reasons: only that item, and a newer anchor brings it back ------------------------


def test_a_dismissed_reply_comes_back_for_a_newer_message() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    first = email_in(s, "ada", at(2026, 3, 2, 9))
    found = ENGINE.dismiss(s, ADA, now=at(2026, 3, 2, 10))
    assert (found.reason, found.anchor) == ("reply_owed", "2026-03-02T09:00:00.000000Z")
    assert found.anchor == instant_anchor(int(first.at.timestamp()) * 1_000_000)
    assert on_agenda(s, at(2026, 3, 3)) == []
    email_in(s, "ada", at(2026, 3, 5, 9))  # a newer message, still no answer
    item = ENGINE.agenda(s, now=at(2026, 3, 5, 10)).for_contact(ADA)
    assert item is not None
    assert item.reason is Reason.REPLY_OWED
    assert (item.available_from, item.due) == (day(2026, 3, 5), day(2026, 3, 6))
    # The newer one can be dismissed too; a third brings it back again.
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 5, 11))
    assert on_agenda(s, at(2026, 3, 6)) == []
    email_in(s, "ada", at(2026, 3, 9, 9))
    assert on_agenda(s, at(2026, 3, 9, 10)) == [("ada", Reason.REPLY_OWED)]


def test_a_newer_message_after_the_dismissed_one_dropped_is_found_by_the_agenda() -> None:
    """The dismissed message is older than the 30 days a reply is owed: the rule's
    shortcuts would skip the contact; the planner asks every rule about it."""
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    email_in(s, "ada", at(2026, 1, 5, 9))
    ENGINE.dismiss(s, ADA, now=at(2026, 1, 5, 10))
    email_in(s, "ada", at(2026, 3, 2, 9))
    now = at(2026, 3, 2, 10)
    assert on_agenda(s, now) == [("ada", Reason.REPLY_OWED)]
    full = Engine(rules=[Undeclared(r) for r in ENGINE.rules])
    assert ENGINE.agenda(s, now=now).items == full.agenda(s, now=now).items


def test_a_dismissed_thank_you_does_not_come_back_in_its_window() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    log(s, "ada", at(2026, 3, 2, 15), Channel.MEETING)
    found = ENGINE.dismiss(s, ADA, now=at(2026, 3, 2, 16))
    assert found.reason == "thank_you"
    for today in (at(2026, 3, 2, 17), at(2026, 3, 3), at(2026, 3, 9)):
        assert on_agenda(s, today) == [], today


def test_a_dismissed_nudge_comes_back_for_a_newer_ask() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    email_out(s, "ada", at(2026, 3, 2, 9), expects_reply=True)  # nudge on 9 March
    assert on_agenda(s, at(2026, 3, 9)) == [("ada", Reason.NUDGE)]
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 9))
    assert on_agenda(s, at(2026, 3, 10)) == []
    email_out(s, "ada", at(2026, 3, 10, 9), expects_reply=True)  # two asks: 10 business days
    assert on_agenda(s, at(2026, 3, 23)) == []
    assert on_agenda(s, at(2026, 3, 24)) == [("ada", Reason.NUDGE)]


def test_a_dismissed_promise_hides_that_promise_only() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    s.add_commitment(Commitment("ada", "send the deck", pendulum.date(2026, 3, 3), id="deck"))
    s.add_commitment(Commitment("ada", "call back", pendulum.date(2026, 3, 4), id="call"))
    found = ENGINE.dismiss(s, ADA, now=at(2026, 3, 3), reason=Reason.PROMISE)
    assert (found.reason, found.anchor) == ("promise", "deck")
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 3, 3))
    assert item is not None
    assert item.commitment == "call"
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 3), reason="promise")
    assert ENGINE.next_follow_up(s, ADA, now=at(2026, 3, 3)) is None


def test_a_dismissed_birthday_comes_back_next_year() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE, birthday=MonthDay(3, 20))
    assert ENGINE.dismiss(s, ADA, now=at(2026, 3, 19)).anchor == "2026"
    for today in (at(2026, 3, 19), at(2026, 3, 20)):
        assert on_agenda(s, today) == []
    assert on_agenda(s, at(2027, 3, 18)) == []
    assert on_agenda(s, at(2027, 3, 19)) == [("ada", Reason.BIRTHDAY)]


def test_intro_and_mentor_loops_anchor_on_what_they_are_about() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE, roles={"mentor"})
    person(s, "Bo Chen", "bo", circle=Circle.ACQUAINTANCE)
    log(s, "ada", at(2026, 3, 2), Channel.EMAIL, direction="inbound", expects_reply=False,
        received=[Value.ADVICE])  # fmt: skip
    log(s, "bo", at(2026, 3, 3), Channel.INTRO, direction="inbound", introduced_by="ada")
    now = at(2026, 3, 23)
    before = reasons(s, now)
    assert {Reason.MENTOR_LOOP, Reason.INTRO_LOOP} <= before.keys()
    found = ENGINE.dismiss(s, ADA, now=now, reason="intro_loop")
    assert found.anchor == "2026-03-03T12:00:00.000000Z"
    after = reasons(s, now)
    assert Reason.INTRO_LOOP not in after
    assert after[Reason.MENTOR_LOOP] == before[Reason.MENTOR_LOOP]


# -- explain, errors, undismiss ----------------------------------------------------------------


def test_explain_shows_a_dismissed_item_as_suppressed_with_when_and_why() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    email_in(s, "ada", at(2026, 3, 2, 9))
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 2, 10))
    found = ENGINE.explain(s, ADA, now=at(2026, 3, 3))
    (entry,) = [c for c in found.considered if c.reason is Reason.REPLY_OWED]
    assert entry.status == "suppressed"
    assert entry.detail == ("you dismissed it on 2026-03-02; a newer message brings it back")
    assert (entry.available_from, entry.due) == (day(2026, 3, 2), day(2026, 3, 3))
    assert found.follow_up is None


def test_what_cannot_be_dismissed_is_named() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    with pytest.raises(ValidationError) as caught:
        ENGINE.dismiss(s, ADA, now=at(2026, 3, 2))
    assert caught.value.field == "contact"
    with pytest.raises(ValidationError) as caught:
        ENGINE.dismiss(s, ADA, now=at(2026, 3, 2), reason="birthday")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationError) as caught:
        ENGINE.dismiss(s, ADA, now=at(2026, 3, 2), reason="lunch")
    assert (caught.value.field, caught.value.value) == ("reason", "lunch")
    with pytest.raises(NotFoundError):
        ENGINE.dismiss(s, ContactId("nobody"), now=at(2026, 3, 2))
    with pytest.raises(NotFoundError):
        ENGINE.undismiss(s, ContactId("nobody"))
    assert list(s.dismissals()) == []


def test_dismissing_the_same_item_twice_is_a_conflict_and_writes_nothing() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE, birthday=MonthDay(3, 20))
    ENGINE.dismiss(s, ADA, now=at(2026, 3, 19))
    with pytest.raises(ValidationError):
        ENGINE.dismiss(s, ADA, now=at(2026, 3, 19), reason="birthday")
    s.add_dismissal(Dismissal("ada", "nudge", "x", at(2026, 3, 19)))
    with pytest.raises(ConflictError):
        s.add_dismissal(Dismissal("ada", "nudge", "x", at(2026, 3, 20)))
    assert len(s.dismissals()) == 2


def test_a_snoozed_contact_s_item_can_be_dismissed_and_follow_ups_list_the_next() -> None:
    s = store()
    person(s, circle=Circle.INNER, birthday=MonthDay(3, 20), snoozed_until=day(2026, 3, 25))
    log(s, "ada", at(2026, 3, 2), Channel.CALL)
    now = at(2026, 3, 15)
    found = ENGINE.dismiss(s, ADA, now=now)
    assert found.reason == "keep_in_touch"
    item = ENGINE.next_follow_up(s, ADA, now=now)
    assert item is not None
    assert item.reason is Reason.KEEP_IN_TOUCH
    assert item.due == day(2026, 3, 25)  # 16 March, raised to the snooze


def test_anchor_of_names_what_each_item_is_about() -> None:
    s = store()
    person(s, circle=Circle.INNER, created_at=at(2026, 1, 1))
    seen = context(s, "ada", at(2026, 3, 2))
    found = [c for rule in ENGINE.rules for c in rule.evaluate(seen)]
    (catch_up,) = [c for c in found if c.reason in CYCLE]
    assert anchor_of(catch_up, seen) == "2026-01-01T12:00:00.000000Z"


# -- properties ---------------------------------------------------------------------------------


def _others(
    s: Store, now: pendulum.DateTime, person: ContactId, family: set[Reason]
) -> list[tuple[object, ...]]:
    found = ENGINE.explain(s, person, now=now)
    return [
        (c.rule, c.reason, c.status == "suppressed", c.available_from, c.due, c.detail)
        for c in found.considered
        if c.reason not in family
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.data())
def test_dismissing_an_item_never_changes_another_reason_s_item(
    network: Network, data: st.DataObject
) -> None:
    """For every contact with an item: dismissing it (or its item of a random reason)
    leaves every candidate of every other reason as it was, and every other contact's
    follow-up as it was."""
    s = network.store()
    now = network.now
    for contact in network.contacts:
        person_id = contact.id
        available = sorted(
            {c.reason for c in ENGINE.explain(s, person_id, now=now).considered
             if c.status != "suppressed" and c.status != "excluded"}
        )  # fmt: skip
        if not available or not contact.reachable:
            continue
        reason = data.draw(st.none() | st.sampled_from(available))
        before_self = {}
        for other in network.contacts:
            before_self[other.id] = ENGINE.next_follow_up(s, other.id, now=now)
        found = ENGINE.dismiss(s, person_id, now=now, reason=reason)
        family = set(CYCLE) if Reason(found.reason) in CYCLE else {Reason(found.reason)}
        after = _others(s, now, person_id, family)
        s.remove_dismissal(found)
        assert _others(s, now, person_id, family) == after
        s.add_dismissal(found)
        for other in network.contacts:
            if other.id != person_id:
                assert ENGINE.next_follow_up(s, other.id, now=now) == before_self[other.id]
        s.remove_dismissal(found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.data())
def test_the_planned_agenda_with_dismissals_equals_full_evaluation(
    network: Network, data: st.DataObject
) -> None:
    """Items dismissed days ago, then the agenda today: the planner's shortcuts give
    the agenda of every rule asked about every contact."""
    s = fact_store(network)
    for contact in network.contacts:
        if not data.draw(st.booleans()):
            continue
        then = network.now.subtract(days=data.draw(st.integers(0, 40)))
        try:
            ENGINE.dismiss(s, contact.id, now=then)
        except ValidationError:
            continue
    full = Engine(rules=[Undeclared(r) for r in ENGINE.rules])
    capacity = data.draw(st.none() | st.integers(0, 4))
    expected = full.agenda(s, now=network.now, capacity=capacity).items
    assert ENGINE.agenda(s, now=network.now, capacity=capacity).items == expected
    assert ENGINE.follow_ups(s, now=network.now).items == full.follow_ups(s, now=network.now).items


def test_the_day_of_a_dismissal_is_the_owner_s_local_day_across_dst() -> None:
    """Dismissed at 20:00 in Los Angeles on 14 March (03:00 UTC on the 15th, a week
    after the DST change): the next cycle after the 14th is the 15th, not the 22nd."""
    s = store("America/Los_Angeles")
    person(s, cadence=Cadence.weeks(1))
    log(s, "ada", at(2026, 3, 1, 12, tz="America/Los_Angeles"), Channel.CALL)  # 8, 15, 22
    now = at(2026, 3, 14, 20, tz="America/Los_Angeles")
    ENGINE.dismiss(s, ADA, now=now)
    item = ENGINE.next_follow_up(s, ADA, now=now)
    assert item is not None
    assert item.due == day(2026, 3, 15)
    assert item.due_at == pendulum.datetime(2026, 3, 15, 9, tz="America/Los_Angeles")
    found = ENGINE.explain(s, ADA, now=now)
    (entry,) = [c for c in found.considered if c.status == "suppressed" and c.reason in CYCLE]
    assert entry.detail.startswith("you dismissed it on 2026-03-14;")


def test_a_catch_up_dismissed_again_once_back_moves_one_cycle_further() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)  # cycles: 28 Feb, 31 Mar, 30 Apr
    first = ENGINE.dismiss(s, ADA, now=at(2026, 3, 15))
    again = ENGINE.dismiss(s, ADA, now=at(2026, 3, 31))
    assert list(s.dismissals()) == [again]
    assert again.anchor == first.anchor
    item = ENGINE.next_follow_up(s, ADA, now=at(2026, 3, 31))
    assert item is not None
    assert item.due == day(2026, 4, 30)
