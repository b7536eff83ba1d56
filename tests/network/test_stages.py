"""Stage suggestions: each rule on a history built for it."""

from __future__ import annotations

import pytest

from relnet import ContactId
from relnet.errors import NotFoundError, ValidationError
from relnet.model import Contact, Interaction, Stage
from relnet.network import StageSuggestion, suggest_stage, suggest_stages
from relnet.network.stages import ALLY_STRENGTH
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, email, meeting


def suggestion(contact: Contact, *history: Interaction) -> StageSuggestion:
    people = [contact, Contact("Ivy", id="ivy")]
    return suggest_stage(build(people, history), contact.id, now=NOW)


def test_no_history_is_a_target() -> None:
    found = suggestion(Contact("Ada", id="ada", stage="target"))
    assert (found.current, found.suggested) == (Stage.TARGET, Stage.TARGET)
    assert not found.changed
    assert found.reason == "No conversation or introduction yet."
    assert found.name == "Ada"


def test_an_intro_makes_introduced_until_a_conversation() -> None:
    intro = Interaction(["ada"], ago(10), "intro", direction="inbound", introduced_by="ivy")
    found = suggestion(Contact("Ada", id="ada", stage="target"), intro)
    assert found.suggested is Stage.INTRODUCED
    assert found.changed
    assert found.reason == "You were introduced on 2026-02-19; no conversation yet."
    asked = suggestion(Contact("Ada", id="ada", stage="target"), intro, email("ada", 5, "outbound"))
    assert asked.suggested is Stage.INTRODUCED
    by_field = suggestion(Contact("Ada", id="ada", stage="target", introduced_by="ivy"))
    assert by_field.suggested is Stage.INTRODUCED
    assert by_field.reason == "Someone introduced you; no conversation yet."


def test_a_conversation_connects() -> None:
    met = suggestion(Contact("Ada", id="ada", stage="introduced"), meeting(["ada"], 30))
    assert met.suggested is Stage.CONNECTED
    assert met.reason == "You talked on 2026-01-30 (meeting)."
    wrote = suggestion(
        Contact("Ada", id="ada", stage="target"),
        email("ada", 30, "outbound"),
        email("ada", 29, "inbound"),
    )
    assert wrote.suggested is Stage.CONNECTED
    assert wrote.reason == "You wrote to each other."
    one_way = suggestion(Contact("Ada", id="ada", stage="target"), email("ada", 30, "inbound"))
    assert one_way.suggested is Stage.TARGET


def test_three_recent_touches_both_ways_engage() -> None:
    found = suggestion(
        Contact("Ada", id="ada", stage="connected"),
        meeting(["ada"], 150),
        email("ada", 100, "outbound"),
        email("ada", 20, "outbound"),
    )
    assert found.suggested is Stage.ENGAGED
    assert found.reason == "3 touches in the last 6 months, both ways."
    one_sided = suggestion(
        Contact("Ada", id="ada", stage="connected"),
        *(email("ada", d, "outbound") for d in (10, 20, 30)),
    )
    assert one_sided.suggested is Stage.CONNECTED  # stays: no conversation, but no going back
    old = suggestion(
        Contact("Ada", id="ada", stage="connected"),
        meeting(["ada"], 200),
        email("ada", 100, "outbound"),
        email("ada", 20, "inbound"),
    )
    assert old.suggested is Stage.CONNECTED  # one of the three is older than six months


def test_an_engaged_strong_tie_with_value_both_ways_is_an_ally() -> None:
    history = [meeting(["ada"], d) for d in range(2, 120, 7)]
    history[0] = meeting(["ada"], 2, gave=["intro"])
    history[1] = meeting(["ada"], 9, received=["advice"])
    found = suggestion(Contact("Ada", id="ada", circle="close", stage="engaged"), *history)
    assert found.suggested is Stage.ALLY
    assert found.reason.startswith("Engaged (17 touches in the last 6 months, both ways), ")
    assert "value went both ways (gave 1×, received 1×)" in found.reason
    one_way = [meeting(["ada"], d, gave=["intro"]) for d in range(2, 120, 7)]
    taker = suggestion(Contact("Ada", id="ada", circle="close", stage="engaged"), *one_way)
    assert taker.suggested is Stage.ENGAGED
    weak = suggestion(
        Contact("Ada", id="ada", circle="acquaintance", stage="connected"),
        meeting(["ada"], 100, gave=["intro"]),
        meeting(["ada"], 90, received=["advice"]),
        meeting(["ada"], 80),
    )
    assert weak.suggested is Stage.ENGAGED
    assert ALLY_STRENGTH == 0.6


def test_silence_makes_a_tie_dormant() -> None:
    monthly = suggestion(
        Contact("Ada", id="ada", circle="close", stage="ally"), meeting(["ada"], 250)
    )
    assert monthly.suggested is Stage.DORMANT
    assert monthly.reason.startswith(
        "No touch since 2025-06-24 (250 days): 8 cycles of every month"
    )
    recent = suggestion(
        Contact("Ada", id="ada", circle="close", stage="ally"), meeting(["ada"], 200)
    )
    assert recent.suggested is Stage.ALLY
    yearly = suggestion(Contact("Ada", id="ada", stage="connected"), meeting(["ada"], 3 * 365 + 1))
    assert yearly.suggested is Stage.DORMANT
    assert "3 years or more" in yearly.reason
    acquaintance = suggestion(
        Contact("Ada", id="ada", circle="acquaintance", stage="connected"), meeting(["ada"], 1000)
    )
    assert acquaintance.suggested is Stage.CONNECTED


def test_dormant_contacts_stay_dormant_until_touched_again() -> None:
    untouched = suggestion(Contact("Ada", id="ada", stage="dormant"))
    assert untouched.suggested is Stage.DORMANT
    assert not untouched.changed
    revived = suggestion(Contact("Ada", id="ada", stage="dormant"), meeting(["ada"], 3))
    assert revived.suggested is Stage.CONNECTED
    assert revived.changed


def test_stages_never_move_back_except_to_dormant() -> None:
    found = suggestion(Contact("Ada", id="ada", stage="ally"), meeting(["ada"], 30))
    assert found.suggested is Stage.ALLY
    assert not found.changed
    assert found.reason == (
        "Stays ally: the history alone shows connected (You talked on 2026-01-30 "
        "(meeting).), and a stage moves back only by going dormant."
    )


def network() -> InMemoryStore:
    return build(
        [
            Contact("Zed", id="zed", stage="target"),
            Contact("Amy", id="amy", stage="target"),
            Contact("Bob", id="bob", stage="connected"),
            Contact("Old", id="old", stage="target", status="archived"),
        ],
        [meeting(["zed"], 3), meeting(["amy"], 3), meeting(["old"], 3)],
    )


def test_suggest_stages_lists_changes_first() -> None:
    found = suggest_stages(network(), now=NOW)
    assert [(s.contact, s.changed) for s in found] == [
        ("amy", True),
        ("zed", True),
        ("bob", False),
    ]
    rows = [s.to_record() for s in found]
    assert rows[0] == {
        "contact": "amy",
        "name": "Amy",
        "current": "target",
        "suggested": "connected",
        "changed": True,
        "reason": "You talked on 2026-02-26 (meeting).",
    }
    assert suggest_stage(network(), ContactId("amy"), now=NOW) == found[0]


def test_errors() -> None:
    with pytest.raises(NotFoundError):
        suggest_stage(network(), ContactId("nobody"), now=NOW)
    with pytest.raises(ValidationError) as error:
        StageSuggestion(ContactId("ada"), "target", "famous", "why")
    assert error.value.field == "suggested"
