"""The commands on a received intro, a target you have never been in touch with, and a
snoozed contact in the network's health."""

from __future__ import annotations

from tests.cli.conftest import ZONE, Run, as_json, ok


def start(run: Run) -> None:
    ok(run("init", "--timezone", ZONE, "--name", "Sam Rivera"))


def test_a_received_intro_says_who_introduced_you_and_what_to_do(run: Run) -> None:
    start(run)
    ok(run("add", "Sue Tan"))
    ok(run("add", "Pat Lee"))
    ok(
        run(
            "log", "Sue",
            "--channel", "intro",
            "--direction", "inbound",
            "--introduced-by", "Pat",
            "--at", "2026-03-02 09:00",
        )
    )  # fmt: skip
    [item] = as_json(run("agenda", "--json"))["items"]
    assert item["name"] == "Sue Tan"
    assert item["reason"] == "reply_owed"
    assert item["headline"] == "Write to Sue Tan (due 2026-03-03)."
    assert item["details"] == (
        "Pat Lee introduced you to Sue Tan on 2026-03-02: write to Sue Tan, then thank Pat Lee"
        " once you have."
    )
    assert "waiting for your answer" not in item["text"]
    explained = ok(run("explain", "Sue")).stdout
    assert "Pat Lee introduced you to Sue Tan" in " ".join(explained.split())
    draft = as_json(run("draft", "Sue", "--json"))["draft"]
    assert draft.startswith("Hi Sue,\n\nThank you to Pat Lee for introducing us;")


def test_a_target_draft_asks_the_first_person_on_a_warm_path(run: Run) -> None:
    start(run)
    ok(run("add", "Ada Lovelace", "--circle", "close", "--org", "Acme"))
    ok(run("log", "Ada", "--channel", "meeting", "--at", "2026-02-20 15:00"))
    ok(run("add", "Uma Ueda", "--stage", "target"))
    alone = as_json(run("draft", "Uma", "--json"))
    assert alone["reason"] == "keep_in_touch"
    assert alone["via"] is None
    assert alone["draft"].startswith("Hi Uma,\n\nWe haven't been in touch before")
    assert "little while" not in alone["draft"]
    # A colleague of Ada's: Ada is the way in.
    ada = as_json(run("contacts", "--json"))[0]["id"]
    ok(run("add", "Tia Target", "--stage", "target", "--org", "Acme"))
    record = as_json(run("draft", "Tia", "--json"))
    assert record["via"] == ada
    assert record["draft"].startswith(
        "Hi Ada,\n\nI hope you're doing well. I'd love to meet Tia Target"
    )


def test_health_counts_a_snoozed_contact_as_if_it_were_not(run: Run) -> None:
    start(run)
    ok(run("add", "Ada Lovelace", "--circle", "close"))
    ok(run("log", "Ada", "--channel", "meeting", "--at", "2026-01-10 15:00"))
    before = as_json(run("health", "--json"))
    assert before["totals"]["overdue"] == 1
    assert before["snoozed"] == []
    ok(run("snooze", "Ada", "--until", "2026-04-01"))
    after = as_json(run("health", "--json"))
    assert after["totals"] == before["totals"]
    assert after["snoozed"] == list(after["contacts"])
    text = ok(run("health")).stdout
    assert "1 of them is snoozed, counted as if it were not." in " ".join(text.split())


def test_a_target_without_an_item_today_still_gets_a_first_message(run: Run) -> None:
    """An acquaintance target has no cadence, so no item: the draft is still a first
    message (or a request for an introduction), never "nothing to follow up"."""
    start(run)
    ok(run("add", "Ada Lovelace", "--circle", "close", "--org", "Acme"))
    ok(run("log", "Ada", "--channel", "meeting", "--at", "2026-02-20 15:00"))
    ok(run("add", "Uma Ueda", "--stage", "target", "--circle", "acquaintance"))
    record = as_json(run("draft", "Uma", "--json"))
    assert (record["reason"], record["due"], record["via"]) == (None, None, None)
    assert record["draft"].startswith("Hi Uma,\n\nWe haven't been in touch before")
    assert record["draft"].endswith("Best,\nSam Rivera")
    shown = ok(run("draft", "Uma")).stdout
    assert "First message — Uma Ueda" in shown
    ok(run("add", "Tia Target", "--stage", "target", "--circle", "acquaintance", "--org", "Acme"))
    asked = ok(run("draft", "Tia")).stdout
    assert "To Ada Lovelace, asking for an introduction." in asked
    assert "Hi Ada," in asked


def test_someone_in_touch_without_an_item_has_nothing_to_draft(run: Run) -> None:
    start(run)
    ok(run("add", "Ada Lovelace", "--circle", "acquaintance"))
    ok(
        run(
            "log",
            "Ada",
            "--channel",
            "email",
            "--direction",
            "outbound",
            "--at",
            "2026-02-20 15:00",
        )
    )
    result = run("draft", "Ada")
    assert result.exit_code == 2
    assert "nothing to follow up with Ada Lovelace" in result.output
