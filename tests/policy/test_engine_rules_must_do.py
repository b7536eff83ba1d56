"""The must-do rules alone: reply_owed, thank_you and promise."""

from __future__ import annotations

import datetime as dt

import pendulum

from relnet import Channel, Direction, Party, Reason
from relnet.policy import Promise, ReplyOwed, ThankYou
from relnet.policy.dates import LocalTime
from tests.policy.engine_helpers import (
    at,
    day,
    email_in,
    email_out,
    log,
    only,
    person,
    promise,
    proposals,
    run,
    store,
    suppressions,
)

# -- reply_owed ---------------------------------------------------------------------------


def test_reply_is_available_the_day_it_arrives_and_due_one_business_day_later() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 24, 15))  # a Tuesday
    proposal = only(run(ReplyOwed(), s, "ada", at(2026, 11, 24, 18)))
    assert proposal.reason is Reason.REPLY_OWED
    assert proposal.available_from == dt.date(2026, 11, 24)
    assert proposal.due == dt.date(2026, 11, 25)
    assert "Ada Lovelace wrote on 2026-11-24" in proposal.why


def test_saturday_mail_is_due_on_monday() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 21, 10))  # Saturday
    proposal = only(run(ReplyOwed(), s, "ada", at(2026, 11, 21, 11)))
    assert proposal.available_from == dt.date(2026, 11, 21)
    assert proposal.due == dt.date(2026, 11, 23)


def test_business_days_skip_holidays() -> None:
    s = store(holidays={day(2026, 11, 23)})
    person(s)
    email_in(s, "ada", at(2026, 11, 20, 10))  # Friday; Monday is a holiday
    assert only(run(ReplyOwed(), s, "ada", at(2026, 11, 20, 11))).due == dt.date(2026, 11, 24)


def test_business_days_follow_the_owners_workdays() -> None:
    s = store(workdays={6, 0, 1, 2, 3})  # Sunday to Thursday
    person(s)
    email_in(s, "ada", at(2026, 11, 19, 10))  # Thursday
    assert only(run(ReplyOwed(), s, "ada", at(2026, 11, 19, 11))).due == dt.date(2026, 11, 22)


def test_local_date_is_the_owners_not_utc() -> None:
    s = store(tz="America/New_York")
    person(s)
    # 02:00 UTC on Wednesday is still Tuesday evening in New York.
    email_in(s, "ada", pendulum.datetime(2026, 11, 25, 2, tz="UTC"))
    proposal = only(run(ReplyOwed(), s, "ada", pendulum.datetime(2026, 11, 25, 3, tz="UTC")))
    assert proposal.available_from == dt.date(2026, 11, 24)
    assert proposal.due == dt.date(2026, 11, 25)


def test_reply_is_dropped_thirty_days_after_it_arrived() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 10, 26, 9))
    assert proposals(run(ReplyOwed(), s, "ada", at(2026, 11, 24, 23)))
    late = run(ReplyOwed(), s, "ada", at(2026, 11, 25, 0, 1))
    assert not proposals(late)
    assert "dropped" in suppressions(late)[0].cause


def test_an_outbound_at_the_same_instant_answers_it() -> None:
    s = store()
    person(s)
    moment = at(2026, 11, 24, 9)
    email_in(s, "ada", moment)
    email_out(s, "ada", moment)
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 10)) == []


def test_a_later_reply_or_meeting_answers_it_an_earlier_one_does_not() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 23, 9))
    email_in(s, "ada", at(2026, 11, 24, 9))
    assert proposals(run(ReplyOwed(), s, "ada", at(2026, 11, 24, 10)))
    log(s, "ada", at(2026, 11, 24, 11), Channel.CALL)
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 12)) == []


def test_the_earliest_unanswered_message_counts() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 20, 9))
    email_in(s, "ada", at(2026, 11, 24, 9))
    assert only(run(ReplyOwed(), s, "ada", at(2026, 11, 24, 10))).due == dt.date(2026, 11, 23)


def test_auto_replies_and_notes_ask_for_nothing() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 24, 9), auto_reply=True)
    log(s, "ada", at(2026, 11, 24, 10), Channel.NOTE)
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 11)) == []


def test_inbound_that_expects_no_reply_is_not_owed() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 24, 9), expects_reply=False)
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 11)) == []


def test_a_message_in_the_future_is_not_owed_yet() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 26, 9))
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 11)) == []


# -- thank_you ----------------------------------------------------------------------------


def test_thank_you_is_due_exactly_24_hours_after_the_first_meeting() -> None:
    s = store()
    person(s)
    met = at(2026, 11, 20, 14, 30)
    log(s, "ada", met, Channel.MEETING)
    proposal = only(run(ThankYou(), s, "ada", at(2026, 11, 20, 16)))
    assert proposal.reason is Reason.THANK_YOU
    assert proposal.available_from == dt.date(2026, 11, 20)
    assert proposal.due == dt.date(2026, 11, 21)
    assert proposal.due_at is not None
    assert LocalTime(TZ_LONDON).instant(proposal.due_at) == met.add(hours=24)


TZ_LONDON = "Europe/London"


def test_thank_you_24_hours_cross_the_spring_dst_change() -> None:
    s = store()
    person(s)
    met = at(2026, 3, 28, 23, 30)  # GMT; clocks go forward at 01:00 on the 29th
    log(s, "ada", met, Channel.VIDEO)
    proposal = only(run(ThankYou(), s, "ada", at(2026, 3, 29, 8)))
    assert proposal.due_at is not None
    due_at = LocalTime(TZ_LONDON).instant(proposal.due_at)
    assert due_at == pendulum.datetime(2026, 3, 29, 23, 30, tz="UTC")
    assert (due_at.hour, due_at.minute, due_at.utcoffset()) == (0, 30, dt.timedelta(hours=1))
    # The exact 24 hours land on the 30th, local time, not the 29th.
    assert proposal.due == dt.date(2026, 3, 30)


def test_thank_you_24_hours_cross_the_autumn_dst_change() -> None:
    s = store()
    person(s)
    met = at(2026, 10, 25, 0, 30)  # BST; clocks go back at 02:00 that night
    log(s, "ada", met, Channel.CALL)
    proposal = only(run(ThankYou(), s, "ada", at(2026, 10, 25, 8)))
    assert proposal.due_at is not None
    due_at = LocalTime(TZ_LONDON).instant(proposal.due_at)
    # 24 hours later is 23:30 GMT the same day, not 00:30 on the 26th.
    assert (due_at.day, due_at.hour, due_at.minute) == (25, 23, 30)
    assert proposal.due == dt.date(2026, 10, 25)


def test_thank_you_shows_through_seven_days_after_the_meeting() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 11, 10, 9), Channel.MEETING)
    assert proposals(run(ThankYou(), s, "ada", at(2026, 11, 17, 23, 59)))
    late = run(ThankYou(), s, "ada", at(2026, 11, 18, 0, 1))
    assert not proposals(late)
    assert "only suggested until 2026-11-17" in suppressions(late)[0].cause
    assert run(ThankYou(), s, "ada", at(2026, 11, 18, 0, 1), explaining=False) == []


def test_thank_you_is_satisfied_by_an_outbound_or_mutual_touch_after_it() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 11, 20, 9), Channel.MEETING)
    email_in(s, "ada", at(2026, 11, 20, 12))
    assert proposals(run(ThankYou(), s, "ada", at(2026, 11, 20, 13)))
    email_out(s, "ada", at(2026, 11, 20, 14))
    later = run(ThankYou(), s, "ada", at(2026, 11, 20, 15))
    assert not proposals(later)
    assert "you were in touch with Ada Lovelace on 2026-11-20" in suppressions(later)[0].cause


def test_only_the_first_meeting_earns_a_thank_you() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 1, 10), Channel.MEETING)
    email_out(s, "ada", at(2026, 1, 11))
    log(s, "ada", at(2026, 11, 20), Channel.MEETING)
    assert not proposals(run(ThankYou(), s, "ada", at(2026, 11, 20, 18)))


def test_events_never_count_and_are_passed_over() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 11, 18), Channel.EVENT)
    assert run(ThankYou(), s, "ada", at(2026, 11, 18, 18)) == []
    log(s, "ada", at(2026, 11, 20, 10), Channel.MEETING)
    proposal = only(run(ThankYou(), s, "ada", at(2026, 11, 20, 18)))
    assert proposal.available_from == dt.date(2026, 11, 20)


def test_a_group_meeting_earns_each_participant_a_thank_you() -> None:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    log(s, ["ada", "bo"], at(2026, 11, 20, 10), Channel.MEETING)
    for who in ("ada", "bo"):
        assert only(run(ThankYou(), s, who, at(2026, 11, 20, 18))).due == dt.date(2026, 11, 21)


def test_a_meeting_logged_late_is_anchored_on_when_it_happened() -> None:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    log(s, "ada", at(2026, 11, 15, 10), Channel.MEETING)  # logged on the 25th
    log(s, "bo", at(2026, 11, 22, 10), Channel.MEETING)  # logged on the 25th
    now = at(2026, 11, 25, 9)
    assert not proposals(run(ThankYou(), s, "ada", now))  # 10 days ago: too late
    late = only(run(ThankYou(), s, "bo", now))
    assert late.available_from == dt.date(2026, 11, 22)
    assert late.due == dt.date(2026, 11, 23)  # already overdue


# -- promise ------------------------------------------------------------------------------


def test_promise_is_due_on_its_date_and_shown_the_day_before() -> None:
    s = store()
    person(s)
    made = promise(s, "ada", day(2026, 11, 27))
    proposal = only(run(Promise(), s, "ada", at(2026, 11, 25)))
    assert proposal.reason is Reason.PROMISE
    assert proposal.due == dt.date(2026, 11, 27)
    assert proposal.available_from == dt.date(2026, 11, 26)
    assert proposal.commitment == made
    assert "“send the paper”" in proposal.why


def test_done_promises_and_their_commitments_are_not_promises() -> None:
    s = store()
    person(s)
    promise(s, "ada", day(2026, 11, 27), done_on=day(2026, 11, 20))
    promise(s, "ada", day(2026, 11, 27), owed_by=Party.THEM)
    assert run(Promise(), s, "ada", at(2026, 11, 25)) == []


def test_every_open_promise_is_proposed() -> None:
    s = store()
    person(s)
    promise(s, "ada", day(2026, 11, 27), "one")
    promise(s, "ada", day(2026, 11, 20), "two")
    dues = sorted(p.due for p in proposals(run(Promise(), s, "ada", at(2026, 11, 25))))
    assert dues == [dt.date(2026, 11, 20), dt.date(2026, 11, 27)]


def test_rules_read_no_direction_they_were_not_given() -> None:
    # An inbound intro asks the person you met for a reply, not the introducer.
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    log(
        s,
        "bo",
        at(2026, 11, 24, 9),
        Channel.INTRO,
        direction=Direction.INBOUND,
        introduced_by="ada",
    )
    assert proposals(run(ReplyOwed(), s, "bo", at(2026, 11, 24, 10)))
    assert run(ReplyOwed(), s, "ada", at(2026, 11, 24, 10)) == []
