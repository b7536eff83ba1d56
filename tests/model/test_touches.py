"""POLICY's touch table, and the summary fold built on it."""

from __future__ import annotations

import pendulum
import pytest

from relnet import Channel, ContactId, Direction, Interaction, TouchSummary, Value
from relnet.model import epoch_us, summarize

T = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def touches(
    interaction: Interaction,
) -> dict[str, tuple[str, bool, tuple[Value, ...], tuple[Value, ...]]]:
    return {
        t.contact: (t.direction.value, t.expects_reply, t.gave, t.received)
        for t in interaction.touches()
    }


@pytest.mark.parametrize("channel", ["meeting", "call", "video", "event"])
def test_sync_channels_touch_every_participant_as_mutual(channel: str) -> None:
    result = touches(Interaction(["a", "b"], T, channel))
    assert result == {"a": ("mutual", False, (), ()), "b": ("mutual", False, (), ())}


@pytest.mark.parametrize("channel", ["email", "message", "social"])
def test_outbound_mail_is_no_ask_unless_marked(channel: str) -> None:
    assert touches(Interaction(["a"], T, channel, direction="outbound"))["a"][:2] == (
        "outbound",
        False,
    )
    marked = Interaction(["a"], T, channel, direction="outbound", expects_reply=True)
    assert touches(marked)["a"][:2] == ("outbound", True)


@pytest.mark.parametrize("channel", ["email", "message", "social"])
def test_inbound_mail_expects_a_reply(channel: str) -> None:
    assert touches(Interaction(["a"], T, channel, direction="inbound"))["a"][:2] == (
        "inbound",
        True,
    )


def test_an_inbound_intro_touches_the_new_person_and_the_introducer() -> None:
    intro = Interaction(["y"], T, "intro", direction="inbound", introduced_by="x")
    assert touches(intro) == {
        "y": ("inbound", True, (), ()),
        "x": ("inbound", False, (), (Value.INTRO,)),
    }


def test_an_outbound_intro_gives_both_people_an_intro() -> None:
    intro = Interaction(["a", "b"], T, "intro", direction="outbound")
    assert touches(intro) == {
        "a": ("outbound", False, (Value.INTRO,), ()),
        "b": ("outbound", False, (Value.INTRO,), ()),
    }


def test_notes_and_auto_replies_touch_nobody() -> None:
    assert Interaction(["a"], T, "note").touches() == ()
    auto = Interaction(["a"], T, "email", direction="inbound", auto_reply=True)
    assert auto.touches() == ()


LATER = T.add(days=30)


def fold(*interactions: Interaction, now: pendulum.DateTime = LATER) -> TouchSummary:
    return summarize(interactions, now=now)[ContactId("a")]


def test_an_outbound_at_the_same_instant_answers_mail() -> None:
    inbound = Interaction(["a"], T, "email", direction="inbound", id="1")
    reply = Interaction(["a"], T, "email", direction="outbound", id="2")
    assert fold(inbound, reply).pending_reply is None
    assert fold(inbound).pending_reply == epoch_us(T)


def test_the_earliest_unanswered_mail_is_pending() -> None:
    first = Interaction(["a"], T, "email", direction="inbound", id="1")
    second = Interaction(["a"], T.add(hours=2), "email", direction="inbound", id="2")
    reply = Interaction(["a"], T.add(hours=1), "email", direction="outbound", id="3")
    assert fold(first, second).pending_reply == epoch_us(T)
    assert fold(first, second, reply).pending_reply == epoch_us(T.add(hours=2))


def test_asks_count_until_they_hear_back() -> None:
    asks = [
        Interaction(
            ["a"], T.add(days=d), "email", direction="outbound", expects_reply=True, id=f"ask{d}"
        )
        for d in range(3)
    ]
    summary = fold(*asks)
    assert (summary.open_asks, summary.last_ask) == (3, epoch_us(T.add(days=2)))
    answer = Interaction(["a"], T.add(days=1), "message", direction="inbound", id="answer")
    summary = fold(*asks, answer)
    assert summary.open_asks == 1
    same_instant = Interaction(["a"], T.add(days=2), "call", id="call")
    assert fold(*asks, same_instant).open_asks == 0


def test_events_never_count_as_a_first_meeting() -> None:
    event = Interaction(["a"], T, "event", id="e")
    call = Interaction(["a"], T.add(days=1), "call", id="c")
    assert fold(event, call).first_meeting == epoch_us(T.add(days=1))
    assert fold(event).first_meeting is None


def test_planned_interactions_are_not_past_touches() -> None:
    past = Interaction(["a"], T, "call", id="past")
    planned = Interaction(["a"], T.add(days=10), "meeting", id="planned")
    later = Interaction(["a"], T.add(days=20), "meeting", id="later")
    summary = fold(past, planned, later, now=T.add(days=1))
    assert summary.last_touch == epoch_us(T)
    assert summary.next_planned == epoch_us(T.add(days=10))
    assert summary.touches == 1


def test_an_intro_stays_open_until_you_reach_the_introducer() -> None:
    intro = Interaction(["y"], T, "intro", direction="inbound", introduced_by="a", id="i")
    assert fold(intro).open_intro == epoch_us(T)
    thanks = Interaction(["a"], T.add(days=3), "message", direction="outbound", id="t")
    assert fold(intro, thanks).open_intro is None


def test_value_exchanged_is_recorded_with_advice() -> None:
    advice = Interaction(["a"], T, "call", received=[Value.ADVICE], id="adv")
    gift = Interaction(
        ["a"], T.add(days=1), "email", direction="outbound", gave=[Value.RESOURCE], id="gift"
    )
    summary = fold(advice, gift)
    assert summary.last_advice == epoch_us(T)
    assert summary.received_at == (epoch_us(T),)
    assert summary.gave_at == (epoch_us(T.add(days=1)),)
    assert summary.gave_since(epoch_us(T.add(days=1))) == 1
    assert summary.received_since(epoch_us(T.add(days=1))) == 0


def test_channels_and_directions_are_all_covered() -> None:
    assert {c.value for c in Channel} == {
        "meeting",
        "call",
        "video",
        "event",
        "email",
        "message",
        "social",
        "intro",
        "note",
    }
    assert {d.value for d in Direction} == {"inbound", "outbound", "mutual"}
