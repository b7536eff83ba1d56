"""A reply owed on a received intro: the text says who introduced you and what to do."""

from __future__ import annotations

import attrs

from relnet import Channel, ContactId, Direction, Engine, InMemoryStore, Reason
from tests.policy.engine_helpers import at, day, email_in, log, person, store

ENGINE = Engine()
SUE = ContactId("sue")
NOW = at(2026, 11, 3, 10)


def introduced(by: str | None = "pat") -> InMemoryStore:
    """Pat Lee introduced you to Sue Tan on 2 November 2026."""
    s = store()
    person(s, "Sue Tan", "sue")
    person(s, "Pat Lee", "pat")
    log(
        s,
        "sue",
        at(2026, 11, 2, 9),
        Channel.INTRO,
        direction=Direction.INBOUND,
        introduced_by=by,
        id="i-intro",
    )
    return s


def test_the_agenda_says_who_introduced_you_and_what_to_do() -> None:
    [item] = [i for i in ENGINE.agenda(introduced(), now=NOW) if i.contact == SUE]
    assert item.reason is Reason.REPLY_OWED
    assert item.must_do
    assert item.headline == "Write to Sue Tan (due 2026-11-03)."
    assert item.details == (
        "Pat Lee introduced you to Sue Tan on 2026-11-02: write to Sue Tan, then thank Pat Lee"
        " once you have."
    )
    assert item.text == f"{item.headline} {item.details}"
    assert item.interaction == "i-intro"


def test_explain_words_it_the_same_way() -> None:
    explained = ENGINE.explain(introduced(), SUE, now=NOW)
    assert explained.follow_up is not None
    [chosen] = [c for c in explained.considered if c.status == "chosen"]
    assert chosen.detail == explained.follow_up.text
    assert "Pat Lee introduced you to Sue Tan" in chosen.detail


def test_the_notes_still_follow_and_a_snooze_keeps_the_wording() -> None:
    s = introduced()
    s.update_contact(attrs.evolve(s.get_contact(SUE), snoozed_until=day(2026, 11, 5)))
    item = ENGINE.next_follow_up(s, SUE, now=NOW)
    assert item is not None
    assert item.headline == "Write to Sue Tan (due 2026-11-05)."
    assert item.details == (
        "Pat Lee introduced you to Sue Tan on 2026-11-02: write to Sue Tan, then thank Pat Lee"
        " once you have. Snoozed until 2026-11-05, so it counts from then."
    )


def test_an_intro_without_an_introducer_says_what_to_do() -> None:
    item = ENGINE.next_follow_up(introduced(by=None), SUE, now=NOW)
    assert item is not None
    assert item.details == "You were introduced to Sue Tan on 2026-11-02: write to Sue Tan."


def test_a_forgotten_introducer_is_not_named() -> None:
    s = introduced()
    s.forget(ContactId("pat"))
    item = ENGINE.next_follow_up(s, SUE, now=NOW)
    assert item is not None
    assert item.reason is Reason.REPLY_OWED
    assert "Pat" not in item.text


def test_a_message_from_them_reads_as_before() -> None:
    s = introduced()
    person(s, "Cy Young", "cy")
    email_in(s, "cy", at(2026, 11, 2, 9))
    item = ENGINE.next_follow_up(s, ContactId("cy"), now=NOW)
    assert item is not None
    assert item.text == (
        "Reply to Cy Young (due 2026-11-03). Cy Young wrote on 2026-11-02 and is waiting for"
        " your answer."
    )


def test_the_introducer_gets_the_loop_after_fourteen_days() -> None:
    item = ENGINE.next_follow_up(introduced(), ContactId("pat"), now=at(2026, 11, 16, 10))
    assert item is not None
    assert item.reason is Reason.INTRO_LOOP
    assert item.text.startswith("Close the loop with Pat Lee (due 2026-11-16).")
