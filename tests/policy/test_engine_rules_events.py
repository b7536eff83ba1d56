"""event_follow_up alone (policy revision 2), at its boundaries, and in the engine."""

from __future__ import annotations

import datetime as dt

from relnet import Channel, ContactId, Direction, Engine, InMemoryStore, Reason
from relnet.policy import EventFollowUp, default_rules
from tests.policy.engine_helpers import (
    at,
    day,
    email_in,
    email_out,
    log,
    only,
    person,
    proposals,
    run,
    store,
    suppressions,
)

RULE = EventFollowUp()


def met_at_an_event(when: dt.datetime, tz: str = "Europe/London") -> InMemoryStore:
    """A store where Ada's first touch is an event at ``when``."""
    s = store(tz)
    person(s)
    log(s, "ada", when, Channel.EVENT)
    return s


def test_shown_from_the_event_and_due_two_business_days_after_over_a_weekend() -> None:
    s = met_at_an_event(at(2026, 11, 26, 19))  # a Thursday evening
    proposal = only(run(RULE, s, "ada", at(2026, 11, 26, 20)))  # day 0
    assert proposal.reason is Reason.EVENT_FOLLOW_UP
    assert proposal.available_from == day(2026, 11, 26)
    assert proposal.due == day(2026, 11, 30)  # Friday, then Monday
    assert proposal.base == 80.0


def test_holidays_move_the_due_date() -> None:
    s = store(holidays=frozenset({dt.date(2026, 11, 30)}))
    person(s)
    log(s, "ada", at(2026, 11, 26, 19), Channel.EVENT)
    assert only(run(RULE, s, "ada", at(2026, 11, 27))).due == day(2026, 12, 1)


def test_shown_through_day_13_and_dropped_on_day_14() -> None:
    s = met_at_an_event(at(2026, 11, 2, 19))
    assert only(run(RULE, s, "ada", at(2026, 11, 15, 23, 59))).due == day(2026, 11, 4)
    dropped = run(RULE, s, "ada", at(2026, 11, 16, 0, 1))
    assert proposals(dropped) == []
    (why,) = suppressions(dropped)
    assert "dropped from 2026-11-16" in why.cause
    assert run(RULE, s, "ada", at(2026, 11, 16, 0, 1), explaining=False) == []


def test_the_local_date_of_the_event_counts_across_dst() -> None:
    # 00:30 in London on 26 October 2026, just after clocks went back: still the 26th.
    s = met_at_an_event(at(2026, 10, 26, 0, 30))
    proposal = only(run(RULE, s, "ada", at(2026, 10, 26, 9)))
    assert (proposal.available_from, proposal.due) == (day(2026, 10, 26), day(2026, 10, 28))
    assert proposals(run(RULE, s, "ada", at(2026, 11, 8, 23, 30)))
    assert not proposals(run(RULE, s, "ada", at(2026, 11, 9, 0, 30)))
    # In New York the same instant is the evening before.
    s = met_at_an_event(at(2026, 10, 26, 0, 30), tz="America/New_York")
    proposal = only(run(RULE, s, "ada", at(2026, 10, 26, 9)))
    assert proposal.available_from == day(2026, 10, 25)


def test_satisfied_by_an_outbound_touch_after_the_event_not_before() -> None:
    s = store()
    person(s)
    log(s, "ada", at(2026, 11, 26, 19), Channel.EVENT, id="a-event")
    # At the event's very instant (and after it in interaction order): not after it.
    email_out(s, "ada", at(2026, 11, 26, 19), id="b-mail")
    assert proposals(run(RULE, s, "ada", at(2026, 11, 27)))
    email_out(s, "ada", at(2026, 11, 27, 10))
    found = run(RULE, s, "ada", at(2026, 11, 27, 11))
    assert proposals(found) == []
    assert "after meeting them at an event" in suppressions(found)[0].cause


def test_an_inbound_touch_does_not_satisfy_it_but_a_mutual_one_does() -> None:
    s = met_at_an_event(at(2026, 11, 26, 19))
    email_in(s, "ada", at(2026, 11, 27, 9))
    assert proposals(run(RULE, s, "ada", at(2026, 11, 27, 10)))
    log(s, "ada", at(2026, 11, 27, 12), Channel.CALL)
    assert proposals(run(RULE, s, "ada", at(2026, 11, 27, 13))) == []


def test_nothing_when_the_first_touch_was_not_an_event() -> None:
    s = store()
    person(s)
    email_in(s, "ada", at(2026, 11, 20, 9), expects_reply=False)
    log(s, "ada", at(2026, 11, 26, 19), Channel.EVENT)
    assert run(RULE, s, "ada", at(2026, 11, 27)) == []


def test_a_tie_at_the_first_instant_is_broken_by_interaction_id() -> None:
    s = store()
    person(s)
    when = at(2026, 11, 26, 19)
    log(s, "ada", when, Channel.EVENT, id="b-event")
    log(s, "ada", when, Channel.EMAIL, direction=Direction.INBOUND, id="a-mail")
    assert proposals(run(RULE, s, "ada", at(2026, 11, 27))) == []
    t = store()
    person(t)
    log(t, "ada", when, Channel.EVENT, id="a-event")
    log(t, "ada", when, Channel.EMAIL, direction=Direction.INBOUND, id="b-mail")
    assert proposals(run(RULE, t, "ada", at(2026, 11, 27)))


def test_a_planned_event_is_not_a_first_touch_yet() -> None:
    s = met_at_an_event(at(2026, 11, 26, 19))
    assert run(RULE, s, "ada", at(2026, 11, 26, 18)) == []


def test_the_engine_proposes_it_with_its_numbers_and_it_is_not_must_do() -> None:
    s = met_at_an_event(at(2026, 11, 26, 19))
    item = Engine().next_follow_up(s, ContactId("ada"), now=at(2026, 12, 1, 9))
    assert item is not None
    assert (item.reason, item.must_do, item.due) == (
        Reason.EVENT_FOLLOW_UP,
        False,
        day(2026, 11, 30),
    )
    assert item.text.startswith("Follow up with Ada Lovelace (due 2026-11-30).")
    assert "You met Ada Lovelace at an event on 2026-11-26" in item.text
    assert item.interaction is not None
    tuned = Engine(rules=default_rules(event_follow_up_days=5))
    later = tuned.next_follow_up(s, ContactId("ada"), now=at(2026, 11, 27))
    assert later is not None
    assert later.due == day(2026, 12, 3)
