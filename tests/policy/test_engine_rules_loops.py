"""Rules that close loops, alone: intro_loop, mentor_loop, nudge, check_in and birthday."""

from __future__ import annotations

import datetime as dt

from relnet import Channel, Direction, InMemoryStore, MonthDay, Party, Reason, Role, Value
from relnet.policy import Birthday, CheckIn, IntroLoop, MentorLoop, Nudge
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


def intro(s: InMemoryStore, when: dt.datetime, introducer: str = "ada", met: str = "bo") -> None:
    log(s, met, when, Channel.INTRO, direction=Direction.INBOUND, introduced_by=introducer)


def two_people() -> InMemoryStore:
    s = store()
    person(s)
    person(s, "Bo Chen", "bo")
    return s


# -- intro_loop ---------------------------------------------------------------------------


def test_tell_the_introducer_how_it_went_14_days_later() -> None:
    s = two_people()
    intro(s, at(2026, 11, 2, 10))
    proposal = only(run(IntroLoop(), s, "ada", at(2026, 11, 25)))
    assert proposal.reason is Reason.INTRO_LOOP
    assert proposal.due == proposal.available_from == dt.date(2026, 11, 16)
    assert run(IntroLoop(), s, "bo", at(2026, 11, 25)) == []


def test_an_outbound_touch_with_the_introducer_since_closes_it() -> None:
    s = two_people()
    intro(s, at(2026, 11, 2, 10))
    email_in(s, "ada", at(2026, 11, 3, 10))  # hearing from them does not close it
    assert proposals(run(IntroLoop(), s, "ada", at(2026, 11, 25)))
    email_out(s, "ada", at(2026, 11, 4, 10))
    assert run(IntroLoop(), s, "ada", at(2026, 11, 25)) == []


def test_a_reach_at_the_same_instant_closes_it() -> None:
    s = two_people()
    moment = at(2026, 11, 2, 10)
    intro(s, moment)
    email_out(s, "ada", moment)
    assert run(IntroLoop(), s, "ada", at(2026, 11, 25)) == []


def test_the_earliest_open_intro_counts() -> None:
    s = two_people()
    person(s, "Cy Dunn", "cy")
    intro(s, at(2026, 11, 2, 10))
    intro(s, at(2026, 11, 9, 10), met="cy")
    assert only(run(IntroLoop(), s, "ada", at(2026, 11, 25))).due == dt.date(2026, 11, 16)


# -- mentor_loop --------------------------------------------------------------------------


def test_report_back_to_a_mentor_21_days_after_the_advice() -> None:
    s = store()
    person(s, roles={Role.MENTOR})
    log(s, "ada", at(2026, 11, 1, 10), Channel.CALL, received=[Value.ADVICE])
    proposal = only(run(MentorLoop(), s, "ada", at(2026, 11, 25)))
    assert proposal.reason is Reason.MENTOR_LOOP
    assert proposal.due == proposal.available_from == dt.date(2026, 11, 22)


def test_only_mentors_get_a_mentor_loop() -> None:
    s = store()
    person(s, roles={Role.PEER})
    log(s, "ada", at(2026, 11, 1, 10), Channel.CALL, received=[Value.ADVICE])
    found = run(MentorLoop(), s, "ada", at(2026, 11, 25))
    assert not proposals(found)
    assert "not marked as a mentor" in suppressions(found)[0].cause


def test_a_reach_at_least_seven_days_after_the_advice_satisfies_it() -> None:
    s = store()
    person(s, roles={Role.MENTOR})
    advice = at(2026, 11, 1, 10)
    log(s, "ada", advice, Channel.CALL, received=[Value.ADVICE])
    email_out(s, "ada", advice.add(days=6, hours=23, minutes=59))
    assert proposals(run(MentorLoop(), s, "ada", at(2026, 11, 25)))
    email_out(s, "ada", advice.add(days=7))
    found = run(MentorLoop(), s, "ada", at(2026, 11, 25))
    assert not proposals(found)
    assert "at least 7 days after" in suppressions(found)[0].cause


def test_the_latest_advice_counts() -> None:
    s = store()
    person(s, roles={Role.MENTOR})
    log(s, "ada", at(2026, 10, 1, 10), Channel.CALL, received=[Value.ADVICE])
    log(s, "ada", at(2026, 11, 1, 10), Channel.CALL, received=[Value.ADVICE])
    assert only(run(MentorLoop(), s, "ada", at(2026, 11, 25))).due == dt.date(2026, 11, 22)


# -- nudge ----------------------------------------------------------------------------------


def test_one_unanswered_ask_is_nudged_five_business_days_later() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 16, 10), expects_reply=True)  # Monday
    proposal = only(run(Nudge(), s, "ada", at(2026, 11, 20)))
    assert proposal.reason is Reason.NUDGE
    assert proposal.due == proposal.available_from == dt.date(2026, 11, 23)


def test_two_unanswered_asks_wait_ten_business_days_after_the_second() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 16, 10), expects_reply=True)
    email_out(s, "ada", at(2026, 11, 18, 10), expects_reply=True)  # Wednesday
    assert only(run(Nudge(), s, "ada", at(2026, 11, 20))).due == dt.date(2026, 12, 2)


def test_three_unanswered_asks_stop_the_nudges() -> None:
    s = store()
    person(s)
    for d in (2, 9, 16):
        email_out(s, "ada", at(2026, 11, d, 10), expects_reply=True)
    found = run(Nudge(), s, "ada", at(2026, 11, 25))
    assert not proposals(found)
    assert "waits until at least 2027-02-16" in suppressions(found)[0].cause


def test_an_answer_resets_the_asks_but_an_auto_reply_does_not() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 16, 10), expects_reply=True)
    email_in(s, "ada", at(2026, 11, 16, 11), auto_reply=True)
    assert proposals(run(Nudge(), s, "ada", at(2026, 11, 25)))
    email_in(s, "ada", at(2026, 11, 17, 11))
    assert run(Nudge(), s, "ada", at(2026, 11, 25)) == []


def test_a_plain_outbound_message_is_not_an_ask() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 16, 10))
    assert run(Nudge(), s, "ada", at(2026, 11, 25)) == []


# -- check_in -------------------------------------------------------------------------------


def test_check_in_three_days_after_their_commitment_is_late() -> None:
    s = store()
    person(s)
    theirs = promise(s, "ada", day(2026, 11, 20), "intro me to Bob", owed_by=Party.THEM)
    proposal = only(run(CheckIn(), s, "ada", at(2026, 11, 25)))
    assert proposal.reason is Reason.CHECK_IN
    assert proposal.due == proposal.available_from == dt.date(2026, 11, 23)
    assert proposal.commitment == theirs
    assert "“intro me to Bob”" in proposal.why


def test_no_check_in_for_done_or_own_commitments() -> None:
    s = store()
    person(s)
    promise(s, "ada", day(2026, 11, 20), owed_by=Party.THEM, done_on=day(2026, 11, 21))
    promise(s, "ada", day(2026, 11, 20), owed_by=Party.ME)
    assert run(CheckIn(), s, "ada", at(2026, 11, 25)) == []


# -- birthday -------------------------------------------------------------------------------


def birthday_on(birthday: object, now: dt.datetime) -> tuple[dt.date, dt.date]:
    s = store()
    person(s, birthday=birthday)
    found = only(run(Birthday(), s, "ada", now))
    return found.available_from, found.due


def test_birthday_on_the_day_shown_from_the_day_before() -> None:
    assert birthday_on(MonthDay(11, 26), at(2026, 11, 25)) == (
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 26),
    )
    assert birthday_on("1990-11-26", at(2026, 11, 26))[1] == dt.date(2026, 11, 26)


def test_after_the_birthday_the_next_one_is_a_year_away() -> None:
    assert birthday_on(MonthDay(11, 26), at(2026, 11, 27)) == (
        dt.date(2027, 11, 25),
        dt.date(2027, 11, 26),
    )


def test_29_february_falls_on_28_february_in_common_years() -> None:
    assert birthday_on(MonthDay(2, 29), at(2027, 2, 1))[1] == dt.date(2027, 2, 28)
    assert birthday_on(MonthDay(2, 29), at(2028, 2, 1))[1] == dt.date(2028, 2, 29)
    assert birthday_on("2000-02-29", at(2027, 2, 27))[0] == dt.date(2027, 2, 27)


def test_new_years_birthday_shows_on_new_years_eve() -> None:
    assert birthday_on(MonthDay(1, 1), at(2026, 12, 31)) == (
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
    )


def test_no_birthday_no_proposal() -> None:
    s = store()
    person(s)
    assert run(Birthday(), s, "ada", at(2026, 12, 31)) == []
