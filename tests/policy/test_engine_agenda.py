"""The engine as a whole: exclusions, snoozes, dismissal, due times, priority, capacity, order."""

from __future__ import annotations

import datetime as dt
import math

import pendulum
import pytest

from relnet import (
    Cadence,
    Channel,
    Circle,
    ContactId,
    ContactStatus,
    Direction,
    Engine,
    MonthDay,
    NotFoundError,
    Reason,
    Settings,
    ValidationError,
    Value,
)
from tests.policy.engine_helpers import (
    at,
    day,
    email_in,
    email_out,
    goal,
    log,
    person,
    promise,
    store,
)

ENGINE = Engine()
NOW = at(2026, 11, 25, 9, 30)  # a Wednesday


def test_archived_and_do_not_contact_people_get_nothing_but_their_meetings_count() -> None:
    s = store()
    person(s, "Ada Lovelace", "ada", status=ContactStatus.ARCHIVED)
    person(s, "Bo Chen", "bo", status=ContactStatus.DO_NOT_CONTACT)
    person(s, "Cy Dunn", "cy")
    log(s, ["ada", "bo", "cy"], at(2026, 11, 24, 15), Channel.MEETING)
    email_in(s, "ada", at(2026, 11, 25, 8))
    agenda = ENGINE.agenda(s, now=NOW)
    assert [item.contact for item in agenda] == ["cy"]
    assert agenda[0].reason is Reason.THANK_YOU
    assert [i.contact for i in ENGINE.follow_ups(s, now=NOW)] == ["cy"]
    assert ENGINE.next_follow_up(s, ContactId("ada"), now=NOW) is None
    assert ENGINE.next_follow_up(s, ContactId("bo"), now=NOW) is None
    assert "archived" in str(ENGINE.explain(s, ContactId("ada"), now=NOW))
    assert "do not contact" in str(ENGINE.explain(s, ContactId("bo"), now=NOW))


def test_a_group_event_touches_everyone_but_earns_no_thank_you() -> None:
    """Everyone met at an event gets a follow-up (revision 2), never a thank-you."""
    s = store()
    person(s, circle=Circle.CLOSE)
    person(s, "Bo Chen", "bo", circle=Circle.CLOSE)
    log(s, ["ada", "bo"], at(2026, 11, 24, 18), Channel.EVENT)
    for who in (ContactId("ada"), ContactId("bo")):
        item = ENGINE.next_follow_up(s, who, now=NOW)
        assert item is not None
        assert (item.reason, item.due) == (Reason.EVENT_FOLLOW_UP, day(2026, 11, 26))
        assert not item.must_do
    assert [item.reason for item in ENGINE.agenda(s, now=NOW)] == [Reason.EVENT_FOLLOW_UP] * 2
    explained = str(ENGINE.explain(s, ContactId("ada"), now=NOW))
    assert "thank_you" not in explained


# -- snooze -----------------------------------------------------------------------------------


def test_nothing_while_snoozed_then_dates_are_raised_to_the_snooze() -> None:
    s = store()
    person(s, circle=Circle.CLOSE, snoozed_until=day(2026, 11, 20))
    log(s, "ada", at(2026, 10, 9), Channel.MEETING)  # keep-in-touch due 2026-11-09
    assert ENGINE.agenda(s, now=at(2026, 11, 19, 23)).for_contact(ContactId("ada")) is None
    assert (
        "snoozed until 2026-11-20" in ENGINE.explain(s, ContactId("ada"), now=at(2026, 11, 19)).text
    )
    item = ENGINE.agenda(s, now=NOW).for_contact(ContactId("ada"))
    assert item is not None
    assert item.due == item.available_from == day(2026, 11, 20)
    assert item.overdue_days == 5
    assert item.factors == ("circle:close", "snoozed")
    assert item.due_at == pendulum.datetime(2026, 11, 20, 9, tz="Europe/London")
    assert "Snoozed until 2026-11-20" in item.text


def test_a_snooze_that_moves_nothing_adds_no_factor() -> None:
    s = store()
    person(s, circle=Circle.CLOSE, snoozed_until=day(2026, 11, 1))
    log(s, "ada", at(2026, 10, 9), Channel.MEETING)
    item = ENGINE.agenda(s, now=NOW).for_contact(ContactId("ada"))
    assert item is not None
    assert item.due == day(2026, 11, 9)
    assert "snoozed" not in item.factors


def test_a_snoozed_thank_you_is_due_at_the_reminder_time() -> None:
    s = store()
    person(s, snoozed_until=day(2026, 11, 21))
    log(s, "ada", at(2026, 11, 19, 18), Channel.MEETING)
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=at(2026, 11, 21, 12))
    assert item is not None
    assert item.reason is Reason.THANK_YOU
    assert item.due == day(2026, 11, 21)
    assert item.due_at == pendulum.datetime(2026, 11, 21, 9, tz="Europe/London")
    assert "snoozed" in item.factors


def test_an_interaction_during_the_snooze_is_counted_when_it_ends() -> None:
    s = store()
    person(s, snoozed_until=day(2026, 12, 1))
    email_in(s, "ada", at(2026, 11, 25, 8))
    assert ENGINE.agenda(s, now=NOW).for_contact(ContactId("ada")) is None
    item = ENGINE.agenda(s, now=at(2026, 12, 1, 10)).for_contact(ContactId("ada"))
    assert item is not None
    assert (item.reason, item.due, item.available_from) == (
        Reason.REPLY_OWED,
        day(2026, 12, 1),
        day(2026, 12, 1),
    )


# -- snooze to the next cycle (dismiss before revision 2) -------------------------------------


def test_snooze_cycle_snoozes_to_the_next_anchored_cycle() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)  # cycles: 28 Feb, 31 Mar, 30 Apr
    dismissed = ENGINE.snooze_cycle(s, ContactId("ada"), now=at(2026, 3, 15))
    assert dismissed.snoozed_until == day(2026, 3, 31)
    assert dismissed.version == 1
    assert s.get_contact(ContactId("ada")) == dismissed
    assert ENGINE.agenda(s, now=at(2026, 3, 30)).for_contact(ContactId("ada")) is None
    back = ENGINE.agenda(s, now=at(2026, 3, 31)).for_contact(ContactId("ada"))
    assert back is not None
    assert back.due == day(2026, 3, 31)
    assert back.state == "due"


def test_snooze_cycle_on_a_cycle_date_moves_to_the_next_one() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 31), Channel.MEETING)
    assert ENGINE.snooze_cycle(s, ContactId("ada"), now=at(2026, 2, 28)).snoozed_until == day(
        2026, 3, 31
    )
    s2 = store()
    person(s2, circle=Circle.CLOSE)
    log(s2, "ada", at(2025, 1, 31), Channel.MEETING)
    assert ENGINE.snooze_cycle(s2, ContactId("ada"), now=at(2026, 4, 30)).snoozed_until == day(
        2026, 5, 31
    )


def test_snooze_cycle_counts_business_day_cycles() -> None:
    s = store()
    person(s, cadence=Cadence.business_days(3))
    log(s, "ada", at(2026, 11, 2), Channel.CALL)  # Monday; cycles end 5, 10, 13 November
    assert ENGINE.snooze_cycle(s, ContactId("ada"), now=at(2026, 11, 11)).snoozed_until == day(
        2026, 11, 13
    )


def test_snooze_cycle_without_a_cadence_snoozes_to_tomorrow() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    email_in(s, "ada", at(2026, 11, 24))
    assert ENGINE.snooze_cycle(s, ContactId("ada"), now=NOW).snoozed_until == day(2026, 11, 26)


def test_snooze_cycle_a_never_contacted_person_counts_from_today() -> None:
    s = store()
    person(s, circle=Circle.INNER)
    assert ENGINE.snooze_cycle(s, ContactId("ada"), now=NOW).snoozed_until == day(2026, 12, 2)


# -- due times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "on", "reminder", "wall", "offset_hours"),
    [
        ("America/New_York", day(2026, 3, 8), "02:30", (3, 30), -4),  # skipped: later
        ("America/New_York", day(2026, 11, 1), "01:30", (1, 30), -4),  # twice: the first
        ("Europe/London", day(2026, 3, 29), "01:30", (2, 30), 1),
        ("Europe/London", day(2026, 10, 25), "01:30", (1, 30), 1),
        ("Europe/London", day(2026, 7, 1), "09:00", (9, 0), 1),
    ],
)
def test_due_at_is_the_due_date_at_the_reminder_time(
    zone: str, on: pendulum.Date, reminder: str, wall: tuple[int, int], offset_hours: int
) -> None:
    s = store(tz=zone, reminder_time=reminder)
    person(s, cadence=Cadence.weeks(1))
    met = pendulum.datetime(on.year, on.month, on.day, 12, tz=zone).subtract(days=7)
    email_in(s, "ada", met, expects_reply=False)
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=met.add(hours=1))
    assert item is not None
    assert item.due == on
    assert (item.due_at.year, item.due_at.month, item.due_at.day) == (on.year, on.month, on.day)
    assert (item.due_at.hour, item.due_at.minute) == wall
    assert item.due_at.utcoffset() == dt.timedelta(hours=offset_hours)
    assert item.due_at.timezone_name == zone


def test_thank_you_due_at_is_the_exact_instant() -> None:
    s = store()
    person(s)
    met = at(2026, 11, 24, 16, 45)
    log(s, "ada", met, Channel.MEETING)
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.due_at == met.add(hours=24)
    assert item.due_at.timezone_name == "Europe/London"


# -- priority ----------------------------------------------------------------------------------


def test_priority_is_base_circle_goal_reciprocity_urgency() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 10, 9), Channel.MEETING, received=[Value.ADVICE])
    goal(s, "Mentor", ["ada"], weight=0.6, id="g2")
    goal(s, "Job", ["ada"], weight=0.2, id="g1")
    item = ENGINE.agenda(s, now=NOW).for_contact(ContactId("ada"))
    assert item is not None
    assert item.reason is Reason.KEEP_IN_TOUCH
    b = item.breakdown
    assert (b.base, b.circle, b.goal, b.reciprocity) == (50.0, 1.3, 1.3, 1.2)
    assert b.urgency == pytest.approx(1 + math.log2(1 + 16 / 31))
    assert item.priority == b.priority == pytest.approx(50 * 1.3 * 1.3 * 1.2 * b.urgency)
    assert item.factors == ("circle:close", "goal:g1,g2", "reciprocity_owed")
    assert "It serves your goals “Job” and “Mentor”." in item.text
    assert "They helped you recently; offer something back." in item.text


def test_urgency_for_other_reasons_grows_linearly_and_caps_at_ten_days() -> None:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    promise(s, "ada", day(2026, 11, 22))
    promise(s, "bo", day(2026, 10, 1))
    agenda = ENGINE.agenda(s, now=NOW)
    ada, bo = agenda.for_contact(ContactId("ada")), agenda.for_contact(ContactId("bo"))
    assert ada is not None
    assert bo is not None
    assert ada.overdue_days == 3
    assert ada.breakdown.urgency == pytest.approx(1.3)
    assert bo.overdue_days == 55
    assert bo.breakdown.urgency == 2.0
    assert ada.state == bo.state == "overdue"


def test_keep_in_touch_urgency_saturates_at_eight_cycles() -> None:
    s = store()
    person(s, circle=Circle.INNER)
    log(s, "ada", at(2025, 1, 1), Channel.MEETING)
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.reason is Reason.RECONNECT
    assert item.breakdown.urgency == 4.0


def test_expired_goals_give_no_boost() -> None:
    s = store()
    person(s)
    goal(s, "Old", ["ada"], deadline=day(2026, 11, 24), id="g1")
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.breakdown.goal == 1.0
    assert item.factors == ("circle:network", "never_contacted")


@pytest.mark.parametrize(
    ("received_on", "owed"),
    [
        (at(2025, 11, 26, 0, 0), True),  # today - 364: inside the window
        (at(2025, 11, 25, 23, 59), False),  # today - 365: outside
    ],
)
def test_reciprocity_counts_the_365_days_ending_today(received_on: dt.datetime, owed: bool) -> None:
    s = store()
    person(s)
    log(s, "ada", received_on, Channel.CALL, received=[Value.INTRO])
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert ("reciprocity_owed" in item.factors) is owed
    assert item.breakdown.reciprocity == (1.2 if owed else 1.0)


def test_giving_as_often_as_receiving_owes_nothing() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 6, 1), Channel.CALL, received=[Value.ADVICE, Value.INTRO])
    email_out(s, "ada", at(2026, 6, 2), gave=[Value.RESOURCE])
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.breakdown.reciprocity == 1.0
    # An intro someone made for you is value received from the introducer.
    person(s, "Bo Chen", "bo")
    log(s, "bo", at(2026, 6, 3), Channel.INTRO, direction=Direction.INBOUND, introduced_by="ada")
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.breakdown.reciprocity == 1.2


def test_factors_come_in_the_policys_order() -> None:
    s = store()
    person(s, circle=Circle.INNER, snoozed_until=day(2027, 2, 20))
    log(s, "ada", at(2026, 11, 1), Channel.MEETING, received=[Value.ADVICE])
    for d in (2, 9, 16):
        email_out(s, "ada", at(2026, 11, d), expects_reply=True)
    goal(s, "B", ["ada"], id="gb")
    goal(s, "A", ["ada"], id="ga")
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=at(2027, 2, 21))
    assert item is not None
    assert item.factors == ("circle:inner", "goal:ga,gb", "reciprocity_owed", "backoff", "snoozed")
    text = item.text
    order = ["It serves your goals", "They helped you", "3 messages in a row", "Snoozed until"]
    assert [text.index(part) for part in order] == sorted(text.index(p) for p in order)
    assert text.endswith("This is 1 day overdue.")


def test_never_contacted_comes_before_snoozed() -> None:
    s = store()
    person(s, circle=Circle.INNER, snoozed_until=day(2026, 11, 20), created_at=at(2026, 11, 1))
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.factors == ("circle:inner", "never_contacted", "snoozed")


# -- one item per person, capacity, order ------------------------------------------------------


def test_one_item_per_contact_with_the_others_in_also() -> None:
    s = store()
    person(s, circle=Circle.CLOSE, birthday=MonthDay(11, 26))
    log(s, "ada", at(2026, 10, 9), Channel.MEETING)
    promise(s, "ada", day(2026, 11, 26))
    agenda = ENGINE.agenda(s, now=NOW)
    assert len(agenda) == 1
    item = agenda[0]
    assert item.reason is Reason.PROMISE
    assert item.must_do
    assert item.also == (Reason.KEEP_IN_TOUCH, Reason.BIRTHDAY)


def test_items_not_yet_available_stay_off_the_agenda() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 11, 20), Channel.MEETING)
    email_out(s, "ada", at(2026, 11, 21))  # thanked
    assert len(ENGINE.agenda(s, now=NOW)) == 0
    item = ENGINE.follow_ups(s, now=NOW).for_contact(ContactId("ada"))
    assert item is not None
    assert (item.reason, item.available_from) == (Reason.KEEP_IN_TOUCH, day(2026, 12, 21))


def test_capacity_keeps_every_must_do_item_even_beyond_it() -> None:
    s = store(daily_capacity=2)
    for n in range(3):
        person(s, f"Must {n}", f"m{n}")
        email_in(s, f"m{n}", at(2026, 11, 24, 9 + n))
    for n in range(4):
        person(s, f"Optional {n}", f"o{n}", circle=Circle.INNER)
    agenda = ENGINE.agenda(s, now=NOW)
    assert [i.contact for i in agenda] == ["m0", "m1", "m2"]
    assert all(i.must_do for i in agenda)
    assert len(ENGINE.agenda(s, now=NOW, capacity=5)) == 5
    assert len(ENGINE.agenda(s, now=NOW, capacity=0)) == 3
    assert len(ENGINE.follow_ups(s, now=NOW)) == 7


def test_capacity_defaults_to_the_settings() -> None:
    s = store(daily_capacity=1)
    person(s, "A", "a")
    person(s, "B", "b")
    assert len(ENGINE.agenda(s, now=NOW)) == 1
    assert len(Engine(Settings(timezone="UTC", daily_capacity=2)).agenda(s, now=NOW)) == 2


@pytest.mark.parametrize("capacity", [-1, True, 2.5, "3"])
def test_bad_capacity_is_refused(capacity: object) -> None:
    with pytest.raises(ValidationError) as caught:
        ENGINE.agenda(store(), now=NOW, capacity=capacity)  # type: ignore[arg-type]
    assert caught.value.field == "capacity"


def test_must_do_comes_before_higher_priority() -> None:
    s = store()
    person(s, "Zed", "z", circle=Circle.ACQUAINTANCE)
    promise(s, "z", day(2026, 11, 26))  # 95 x 0.8
    person(s, "Amy", "a", circle=Circle.INNER)
    log(s, "a", at(2025, 1, 1), Channel.MEETING)  # reconnect: 50 x 1.5 x 4
    agenda = ENGINE.agenda(s, now=NOW)
    assert [i.contact for i in agenda] == ["z", "a"]
    assert agenda[0].priority < agenda[1].priority


def test_then_higher_priority_then_earlier_due_then_name_then_id() -> None:
    s = store()
    quiet = Circle.ACQUAINTANCE  # no keep-in-touch: only birthdays
    # Same priority (birthday, not overdue): earlier due first, whatever the name.
    person(s, "Zed", "z1", circle=quiet, birthday=MonthDay(11, 25))
    person(s, "Amy", "a1", circle=quiet, birthday=MonthDay(11, 26))
    # Same priority and due: by name, ignoring case, then by id.
    person(s, "carl", "c1", circle=quiet, birthday=MonthDay(11, 26))
    person(s, "Bea", "b2", circle=quiet, birthday=MonthDay(11, 26))
    person(s, "bea", "b1", circle=quiet, birthday=MonthDay(11, 26))
    # Higher priority first.
    person(s, "Yan", "y1", circle=quiet, birthday=MonthDay(11, 26))
    goal(s, "Visibility", ["y1"])
    agenda = ENGINE.agenda(s, now=NOW, capacity=10)
    assert [i.reason for i in agenda] == [Reason.BIRTHDAY] * 6
    assert [i.contact for i in agenda] == ["y1", "z1", "a1", "b1", "b2", "c1"]


# -- text ----------------------------------------------------------------------------------------


def test_keep_in_touch_text_reads_as_a_sentence() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 10, 9), Channel.MEETING)
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.text == (
        "Catch up with Ada Lovelace (due 2026-11-09). Last spoke 47 days ago, on 2026-10-09; "
        "your cadence for Ada Lovelace is every month. This is 16 days overdue."
    )


def test_records_point_at_what_they_are_about() -> None:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    person(s, "Cy Dunn", "cy")
    mail = email_in(s, "ada", at(2026, 11, 24, 9))
    meeting = log(s, "bo", at(2026, 11, 24, 9), Channel.MEETING)
    made = promise(s, "cy", day(2026, 11, 26))
    agenda = ENGINE.agenda(s, now=NOW)
    assert agenda.for_contact(ContactId("ada")).interaction == mail.id  # type: ignore[union-attr]
    assert agenda.for_contact(ContactId("bo")).interaction == meeting.id  # type: ignore[union-attr]
    assert agenda.for_contact(ContactId("cy")).commitment == made.id  # type: ignore[union-attr]
    assert agenda.for_contact(ContactId("cy")).interaction is None  # type: ignore[union-attr]


def test_intro_loop_points_at_the_intro() -> None:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    email_out(s, "bo", at(2026, 11, 2, 10))
    made = log(
        s,
        "bo",
        at(2026, 11, 2, 10),
        Channel.INTRO,
        direction=Direction.INBOUND,
        introduced_by="ada",
    )
    item = ENGINE.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert (item.reason, item.interaction) == (Reason.INTRO_LOOP, made.id)


# -- the API's edges -----------------------------------------------------------------------------


def test_a_naive_now_is_refused() -> None:
    s = store()
    person(s)
    naive = dt.datetime(2026, 11, 25, 9)
    for call in (
        lambda: ENGINE.agenda(s, now=naive),
        lambda: ENGINE.follow_ups(s, now=naive),
        lambda: ENGINE.next_follow_up(s, ContactId("ada"), now=naive),
        lambda: ENGINE.explain(s, ContactId("ada"), now=naive),
        lambda: ENGINE.dismiss(s, ContactId("ada"), now=naive),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == "now"


def test_unknown_contacts_are_not_found() -> None:
    s = store()
    for call in (ENGINE.next_follow_up, ENGINE.explain, ENGINE.dismiss):
        with pytest.raises(NotFoundError):
            call(s, ContactId("nobody"), now=NOW)


def test_the_engines_settings_override_the_stores() -> None:
    s = store()
    person(s)
    email_in(s, "ada", pendulum.datetime(2026, 11, 25, 16, tz="UTC"))
    now = pendulum.datetime(2026, 11, 25, 16, 30, tz="UTC")
    tokyo = Engine(Settings(timezone="Asia/Tokyo")).agenda(s, now=now)
    assert tokyo.today == day(2026, 11, 26)
    assert tokyo[0].available_from == day(2026, 11, 26)
    assert ENGINE.agenda(s, now=now)[0].available_from == day(2026, 11, 25)


def test_next_follow_up_is_the_follow_ups_item() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    person(s, "Bo Chen", "bo")
    person(s, "Cy Dunn", "cy", circle=Circle.ACQUAINTANCE)
    log(s, "ada", at(2026, 11, 20), Channel.MEETING)
    email_out(s, "ada", at(2026, 11, 20, 18))
    email_in(s, "bo", at(2026, 11, 24))
    listed = ENGINE.follow_ups(s, now=NOW)
    for who in (ContactId("ada"), ContactId("bo"), ContactId("cy")):
        assert ENGINE.next_follow_up(s, who, now=NOW) == listed.for_contact(who)
    assert listed.for_contact(ContactId("cy")) is None
    # Available today first, then by the day they become available.
    assert [i.contact for i in listed] == ["bo", "ada"]


def test_explain_lists_every_candidate_and_the_verdict() -> None:
    s = store()
    person(s, circle=Circle.CLOSE, roles={"peer"}, birthday=MonthDay(12, 24))
    log(s, "ada", at(2026, 10, 9), Channel.MEETING, received=[Value.ADVICE])
    email_out(s, "ada", at(2026, 10, 10))
    promise(s, "ada", day(2026, 11, 26))
    explanation = ENGINE.explain(s, ContactId("ada"), now=NOW)
    by_rule = {c.rule: c for c in explanation.considered}
    assert by_rule["promise"].status == "chosen"
    assert by_rule["keep_in_touch"].status == "also"
    assert by_rule["birthday"].status == "later"
    assert by_rule["thank_you"].status == "suppressed"
    assert by_rule["mentor_loop"].status == "suppressed"
    assert "not marked as a mentor" in by_rule["mentor_loop"].detail
    assert by_rule["promise"].priority == explanation.follow_up.priority  # type: ignore[union-attr]
    assert explanation.on_agenda is True
    text = str(explanation)
    assert text.startswith("Ada Lovelace on 2026-11-25:")
    assert "On the agenda (must-do" in text
    assert "[suppressed] thank_you" in text
    assert "priority 148.20 = base 95" in text


def test_explain_says_when_capacity_decides_and_when_nothing_applies() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    person(s, "Cy Dunn", "cy", circle=Circle.ACQUAINTANCE)
    explanation = ENGINE.explain(s, ContactId("ada"), now=NOW)
    assert explanation.on_agenda is None
    assert "daily capacity 5" in explanation.text
    nothing = ENGINE.explain(s, ContactId("cy"), now=NOW)
    assert nothing.follow_up is None
    assert nothing.on_agenda is False
    assert "no rule proposes anything" in nothing.text
    assert "no cadence" in nothing.text


def test_planned_meetings_keep_keep_in_touch_off_the_agenda() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    log(s, "ada", at(2026, 12, 2), Channel.MEETING)
    assert len(ENGINE.agenda(s, now=NOW)) == 0
    assert "planned on 2026-12-02" in ENGINE.explain(s, ContactId("ada"), now=NOW).text
