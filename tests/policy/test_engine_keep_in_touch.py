"""keep_in_touch and reconnect, alone: cadences, month ends, goals, planned touches, backoff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from relnet import Cadence, Channel, Circle, GoalStatus, Reason
from relnet.policy import KeepInTouch
from tests.policy.engine_helpers import (
    at,
    day,
    email_in,
    email_out,
    goal,
    log,
    only,
    person,
    run,
    store,
    suppressions,
)

RULE = KeepInTouch()


def due_after(last: dt.datetime, now: dt.datetime, **fields: Any) -> dt.date:
    s = store()
    person(s, **fields)
    log(s, "ada", last, Channel.MEETING)
    return only(run(RULE, s, "ada", now)).due


def test_due_is_the_last_touch_plus_the_circle_cadence() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 10, 9, 15), Channel.MEETING)
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25, 9)))
    assert proposal.reason is Reason.KEEP_IN_TOUCH
    assert proposal.due == proposal.available_from == dt.date(2026, 11, 9)
    assert proposal.cycle == 31
    assert proposal.why == (
        "Last spoke 47 days ago, on 2026-10-09; your cadence for Ada Lovelace is every month."
    )


def test_each_circle_has_its_cadence() -> None:
    last, now = at(2026, 1, 15), at(2026, 1, 16)
    assert due_after(last, now, circle=Circle.INNER) == dt.date(2026, 1, 22)
    assert due_after(last, now, circle=Circle.CLOSE) == dt.date(2026, 2, 15)
    assert due_after(last, now, circle=Circle.ACTIVE) == dt.date(2026, 4, 15)
    assert due_after(last, now, circle=Circle.NETWORK) == dt.date(2027, 1, 15)
    assert due_after(last, now, cadence=Cadence.weeks(6)) == dt.date(2026, 2, 26)


def test_month_arithmetic_clamps_to_the_months_end() -> None:
    now = at(2028, 6, 1)
    assert due_after(at(2027, 1, 31), now, circle=Circle.CLOSE) == dt.date(2027, 2, 28)
    assert due_after(at(2028, 1, 31), now, circle=Circle.CLOSE) == dt.date(2028, 2, 29)
    assert due_after(at(2026, 11, 30), now, circle=Circle.ACTIVE) == dt.date(2027, 2, 28)
    assert due_after(at(2028, 2, 29), now) == dt.date(2029, 2, 28)
    assert due_after(at(2027, 12, 31), now, cadence=Cadence.months(2)) == dt.date(2028, 2, 29)


def test_business_day_cadences_use_the_owners_calendar() -> None:
    s = store(holidays={day(2026, 11, 23)})
    person(s, cadence=Cadence.business_days(2))
    log(s, "ada", at(2026, 11, 20), Channel.CALL)  # Friday
    assert only(run(RULE, s, "ada", at(2026, 11, 20, 18))).due == dt.date(2026, 11, 25)


def test_an_inbound_touch_counts_as_the_last_touch() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    email_in(s, "ada", at(2026, 10, 5), expects_reply=False)
    assert only(run(RULE, s, "ada", at(2026, 11, 25))).due == dt.date(2026, 11, 5)


def test_never_contacted_counts_from_when_the_contact_was_added() -> None:
    s = store()
    person(s, circle=Circle.CLOSE, created_at=at(2026, 10, 31, 9))
    log(s, "ada", at(2026, 11, 1), Channel.NOTE)  # notes touch nobody
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2026, 11, 30)
    assert proposal.factors == ("never_contacted",)
    assert "You added Ada Lovelace on 2026-10-31" in proposal.why


def test_never_contacted_and_no_creation_date_is_due_today() -> None:
    s = store()
    person(s)
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2026, 11, 25)
    assert proposal.factors == ("never_contacted",)
    assert proposal.reason is Reason.KEEP_IN_TOUCH


def test_acquaintances_have_no_cadence() -> None:
    s = store()
    person(s, circle=Circle.ACQUAINTANCE)
    found = run(RULE, s, "ada", at(2026, 11, 25))
    assert "no cadence" in suppressions(found)[0].cause
    assert run(RULE, s, "ada", at(2026, 11, 25), explaining=False) == []


def test_an_active_goals_cadence_wins_when_it_is_due_earlier() -> None:
    s = store()
    person(s)  # network: yearly
    log(s, "ada", at(2026, 10, 1), Channel.MEETING)
    goal(s, "Find a mentor", ["ada"], cadence=Cadence.weeks(2), id="g1")
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2026, 10, 15)
    assert "your goal “Find a mentor” asks for every 2 weeks" in proposal.why


def test_on_a_tie_the_contacts_own_cadence_is_named() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 10, 1), Channel.MEETING)
    goal(s, "Stay close", ["ada"], cadence=Cadence.months(1), id="g1")
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2026, 11, 1)
    assert "your cadence for Ada Lovelace is every month" in proposal.why


def test_expired_and_paused_goals_lend_no_cadence() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 10, 1), Channel.MEETING)
    goal(s, "Old", ["ada"], cadence=Cadence.weeks(1), deadline=day(2026, 11, 24), id="g1")
    goal(s, "Paused", ["ada"], cadence=Cadence.weeks(1), status=GoalStatus.PAUSED, id="g2")
    assert only(run(RULE, s, "ada", at(2026, 11, 25))).due == dt.date(2027, 10, 1)
    # On its deadline a goal is still active.
    assert only(run(RULE, s, "ada", at(2026, 11, 24))).due == dt.date(2026, 10, 8)


def test_skipped_while_one_or_two_asks_are_unanswered() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    email_out(s, "ada", at(2026, 11, 2), expects_reply=True)
    assert (
        "waiting for Ada Lovelace to answer your message"
        in suppressions(run(RULE, s, "ada", at(2026, 11, 25)))[0].cause
    )
    email_out(s, "ada", at(2026, 11, 9), expects_reply=True)
    assert "2 messages" in suppressions(run(RULE, s, "ada", at(2026, 11, 25)))[0].cause


def test_three_unanswered_asks_back_off_to_three_months_after_the_last() -> None:
    s = store()
    person(s, circle=Circle.INNER)
    for d in (2, 9, 16):
        email_out(s, "ada", at(2026, 11, d), expects_reply=True)
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2027, 2, 16)
    assert proposal.cycle == (dt.date(2027, 2, 16) - dt.date(2026, 11, 16)).days
    assert proposal.factors == ("backoff",)
    assert "waits until at least 2027-02-16, 3 months after the last" in proposal.notes[0]


def test_the_backoff_floor_never_brings_a_due_date_forward() -> None:
    s = store()
    person(s)  # yearly
    for d in (2, 9, 16):
        email_out(s, "ada", at(2026, 11, d), expects_reply=True)
    proposal = only(run(RULE, s, "ada", at(2026, 11, 25)))
    assert proposal.due == dt.date(2027, 11, 16)
    assert proposal.factors == ("backoff",)


def test_a_planned_meeting_within_the_cadence_suppresses_it() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    log(s, "ada", at(2026, 12, 25, 10), Channel.MEETING)  # planned: today + 1 month
    found = run(RULE, s, "ada", at(2026, 11, 25))
    assert "planned on 2026-12-25" in suppressions(found)[0].cause
    assert run(RULE, s, "ada", at(2026, 11, 25), explaining=False) == []


def test_a_planned_meeting_beyond_the_cadence_does_not_suppress_it() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    log(s, "ada", at(2026, 12, 26, 10), Channel.MEETING)  # planned: after today + 1 month
    assert only(run(RULE, s, "ada", at(2026, 11, 25))).due == dt.date(2026, 10, 1)


def test_a_planned_note_is_no_planned_touch() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 9, 1), Channel.MEETING)
    log(s, "ada", at(2026, 11, 30), Channel.NOTE)
    assert only(run(RULE, s, "ada", at(2026, 11, 25))).due == dt.date(2026, 10, 1)


def test_silent_for_eight_cycles_becomes_reconnect() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 1, 1), Channel.MEETING)  # cycle: 31 days
    keep = only(run(RULE, s, "ada", at(2026, 9, 5)))  # 247 days
    assert keep.reason is Reason.KEEP_IN_TOUCH
    reconnect = only(run(RULE, s, "ada", at(2026, 9, 6)))  # 248 = 8 x 31
    assert reconnect.reason is Reason.RECONNECT
    assert reconnect.due == dt.date(2026, 2, 1)
    assert "A quiet tie is still worth reviving." in reconnect.why


def test_three_silent_years_become_reconnect() -> None:
    s = store()
    person(s)  # yearly: 8 cycles would be 8 years
    log(s, "ada", at(2023, 11, 25), Channel.MEETING)
    assert only(run(RULE, s, "ada", at(2026, 11, 24))).reason is Reason.KEEP_IN_TOUCH
    assert only(run(RULE, s, "ada", at(2026, 11, 25))).reason is Reason.RECONNECT


def test_the_rule_reports_a_year_long_cycle_in_days() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2027, 3, 1), Channel.MEETING)
    assert only(run(RULE, s, "ada", at(2027, 3, 2))).cycle == 366
