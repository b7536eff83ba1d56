"""Seeing, changing and undoing: show, edit, archive, forget, unsnooze, history, unlog,
goal status, community remove and promise edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from relnet import editing
from relnet.cli._session import close_store, open_store
from relnet.errors import ConflictError
from relnet.model import ContactId
from tests.cli.conftest import Run, as_json, dump, failed, ok


def test_show_gives_the_card(run: Run, network: dict[str, str]) -> None:
    ok(run("promise", "Ada Lovelace", "the slides", "--due", "2026-03-09", "--theirs"))
    text = ok(run("show", "Ada Lovelace")).stdout
    assert text.startswith(f"Ada Lovelace ({network['Ada']})")
    for expected in ("circle", "close", "ada@example.org", "python", "Last interactions"):
        assert expected in text
    assert "They owe you" in text
    assert "the slides" in text
    assert "Ledger: you gave 0×, received 0×." in text
    card = as_json(run("show", network["Ada"], "--json"))
    assert card["contact"]["id"] == network["Ada"]
    assert [i["channel"] for i in card["recent"]] == ["meeting"]
    assert [c["what"] for c in card["promises"]["theirs"]] == ["the slides"]
    assert card["promises"]["mine"] == []
    grace = as_json(run("show", "Grace", "--json"))
    assert [c["what"] for c in grace["promises"]["mine"]] == ["send the COBOL paper"]
    assert grace["next"]["reason"] == "promise"


def test_show_by_email_and_unknown(run: Run, network: dict[str, str]) -> None:
    card = as_json(run("show", "ADA@example.org", "--json"))
    assert card["contact"]["name"] == "Ada Lovelace"
    failed(run("show", "ada"), "matches 2 contacts", "Ada Lovelace (", "Ada Yonath (")
    failed(run("show", "nobody@example.org"), "no contact matches")


def test_edit_changes_every_field(run: Run, network: dict[str, str]) -> None:
    stored = as_json(
        run(
            "edit",
            "Ada Lovelace",
            "--name",
            "Ada King",
            "--circle",
            "inner",
            "--cadence",
            "every 2 weeks",
            "--email",
            "ada@king.example",
            "--remove-email",
            "ada@example.org",
            "--phone",
            "+44 20 7946 0000",
            "--url",
            "https://example.org/ada",
            "--org",
            "Analytical",
            "--headline",
            "Countess",
            "--birthday",
            "12-10",
            "--tag",
            "math",
            "--untag",
            "python",
            "--interest",
            "engines",
            "--role",
            "mentor",
            "--stage",
            "target",
            "--timezone",
            "Europe/London",
            "--note",
            "poet's daughter",
            "--json",
        )
    )
    assert stored["name"] == "Ada King"
    assert stored["circle"] == "inner"
    assert stored["cadence"] == {"count": 2, "unit": "week"}
    assert stored["emails"] == ["ada@king.example"]
    assert stored["phones"] == ["+44 20 7946 0000"]
    assert stored["urls"] == ["https://example.org/ada"]
    assert stored["organization"] == "Analytical"
    assert stored["headline"] == "Countess"
    assert stored["birthday"] == "--12-10"
    assert stored["tags"] == ["math"]
    assert stored["interests"] == ["engines"]
    assert stored["roles"] == ["mentor"]
    assert stored["stage"] == "target"
    assert stored["timezone"] == "Europe/London"
    assert stored["notes"] == "poet's daughter"
    assert stored["version"] == 1
    cleared = as_json(
        run("edit", "Ada King", "--org", "", "--cadence", "default", "--birthday", "", "--json")
    )
    assert cleared["organization"] is None
    assert cleared["cadence"] is None
    assert cleared["birthday"] is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--cadence", "every 0 weeks"], ["--cadence 'every 0 weeks'", "at least 1"]),
        (["--remove-email", "nope@x.org"], ["--remove-email 'nope@x.org'", "ada@example.org"]),
        (["--untag", "rust"], ["--untag 'rust'", "python"]),
        (["--email", "not-an-email"], ["--email 'not-an-email'"]),
        (["--timezone", "Mars/Olympus"], ["--timezone 'Mars/Olympus'"]),
        (["--name", "x" * 300], ["--name", "at most 200 characters"]),
        (["--name", "  "], ["--name", "non-empty"]),
        ([], ["nothing to change"]),
    ],
)
def test_edit_refuses_bad_input_and_changes_nothing(
    run: Run, network: dict[str, str], db: Path, args: list[str], words: list[str]
) -> None:
    before = dump(db)
    failed(run("edit", "Ada Lovelace", *args), *words)
    assert dump(db) == before


def test_edit_through_the_version_check(network: dict[str, str], db: Path) -> None:
    """A change made since the contact was read is a conflict, never a lost write."""
    store = open_store(db)
    try:
        read = store.get_contact(ContactId(network["Ada"]))
        editing.edit_contact(store, read.id, values={"headline": "first"}, version=read.version)
        with pytest.raises(ConflictError, match="changed since it was read"):
            editing.edit_contact(
                store, read.id, values={"headline": "second"}, version=read.version
            )
        assert store.get_contact(read.id).headline == "first"
    finally:
        close_store(store)


def test_archive_unarchive_do_not_contact(run: Run, network: dict[str, str]) -> None:
    assert ok(run("archive", "Grace")).stdout.startswith("Archived Grace Hopper")
    names = [c["name"] for c in as_json(run("contacts", "--json"))]
    assert "Grace Hopper" not in names
    agenda = as_json(run("agenda", "--all", "--json"))
    assert "Grace Hopper" not in [i["name"] for i in agenda["items"]]
    assert as_json(run("show", "Grace", "--json"))["contact"]["status"] == "archived"
    ok(run("unarchive", "Grace"))
    assert "Grace Hopper" in [c["name"] for c in as_json(run("contacts", "--json"))]
    stored = as_json(run("do-not-contact", "Grace", "--json"))
    assert stored["status"] == "do_not_contact"
    failed(run("archive", "Nobody"), "no contact matches")


def test_forget_asks_and_erases(run: Run, network: dict[str, str], db: Path) -> None:
    before = dump(db)
    for answer in ("", "n\n"):
        refused = run("forget", "Grace", input=answer)
        assert refused.exit_code == 2
        assert refused.stderr.splitlines()[-1] == (
            "relnet: error: not confirmed, nothing changed (add --yes to skip the question)"
        )
    assert dump(db) == before
    erased = run("forget", "Grace", input="y\n")
    assert erased.exit_code == 0
    assert erased.stdout.startswith("Forgot Grace Hopper")
    assert "Grace Hopper" not in dump(db)
    ok(run("forget", "Ada Lovelace", "--yes"))
    text = dump(db)
    assert "Ada Lovelace" not in text
    assert "ada@example.org" not in text
    assert as_json(run("history", "--json")) == []


def test_snooze_into_the_past_and_unsnooze(run: Run, network: dict[str, str], db: Path) -> None:
    before = dump(db)
    failed(run("snooze", "Grace", "--until", "2020-01-01"), "--until 2020-01-01", "in the past")
    failed(run("snooze", "Grace", "--until", "yesterday"), "(2026-03-01)", "in the past")
    assert dump(db) == before
    ok(run("snooze", "Grace", "--until", "today"))
    ok(run("snooze", "Grace", "--until", "2026-04-01"))
    assert ok(run("unsnooze", "Grace")).stdout.startswith(
        "Grace Hopper is back on the agenda (was snoozed until 2026-04-01)"
    )
    assert as_json(run("show", "Grace", "--json"))["contact"]["snoozed_until"] is None
    assert "was not snoozed" in ok(run("unsnooze", "Grace")).stdout


def test_history_and_unlog(run: Run, network: dict[str, str], db: Path) -> None:
    ok(
        run(
            "log",
            "Grace",
            "--channel",
            "email",
            "--direction",
            "outbound",
            "--at",
            "2026-02-01 09:00",
        )
    )
    ok(run("log", "Alan", "Grace", "--channel", "call", "--at", "2026-02-20 09:00"))
    everything = as_json(run("history", "--json"))
    assert [i["channel"] for i in everything] == ["call", "email", "meeting"]
    with_grace = as_json(run("history", "Grace", "--json"))
    assert [i["channel"] for i in with_grace] == ["call", "email"]
    assert [i["channel"] for i in as_json(run("history", "--channel", "email", "--json"))] == [
        "email"
    ]
    since = as_json(run("history", "--since", "2026-02-10", "--json"))
    assert [i["channel"] for i in since] == ["call"]
    table = ok(run("history", "Grace")).stdout
    assert everything[0]["id"] in table
    assert "Alan Turing, Grace Hopper" in table
    removed = ok(run("unlog", everything[0]["id"])).stdout
    assert removed.startswith("Removed the call with Alan Turing, Grace Hopper")
    assert [i["channel"] for i in as_json(run("history", "--json"))] == ["email", "meeting"]
    before = dump(db)
    failed(run("unlog", everything[0]["id"]), "no interaction has the id", "relnet history")
    assert dump(db) == before
    grace = as_json(run("contacts", "--json"))
    last = {c["name"]: c["last_touch"] for c in grace}
    assert last["Grace Hopper"].startswith("2026-02-01")
    assert last["Alan Turing"] is None


def test_goal_status(run: Run, network: dict[str, str]) -> None:
    ok(run("goal", "add", "Meet data engineers", "--target", "3", "--channel", "meeting"))
    stored = as_json(run("goal", "status", "data engineers", "achieved", "--json"))
    assert stored["status"] == "achieved"
    assert as_json(run("goals", "--json")) == []
    ok(run("goal", "status", stored["id"], "ACTIVE"))
    assert len(as_json(run("goals", "--json"))) == 1
    failed(run("goal", "status", "nothing", "paused"), "no goal matches")
    result = run("goal", "status", stored["id"], "done")
    assert result.exit_code == 2
    assert "'done' is not one of" in result.stderr


def test_community_remove(run: Run, network: dict[str, str], db: Path) -> None:
    ok(run("community", "add", "PyData Paris", "--member", "Ada Lovelace", "--member", "Grace"))
    text = ok(run("community", "remove", "PyData", "Grace", "Alan")).stdout
    assert "Grace Hopper left PyData Paris." in text
    assert "Alan Turing was not in PyData Paris." in text
    members = {c["name"]: c["communities"] for c in as_json(run("contacts", "--json"))}
    assert members["Grace Hopper"] == []
    assert len(members["Ada Lovelace"]) == 1
    before = dump(db)
    failed(run("community", "remove", "PyData", "Ada Lovelace", "Nobody"), "Nobody")
    assert dump(db) == before


def test_promise_add_edit(run: Run, network: dict[str, str], db: Path) -> None:
    ok(run("promise", "add", "Alan", "the Enigma notes", "--due", "2026-03-10"))
    stored = as_json(
        run(
            "promise",
            "edit",
            "Enigma",
            "--due",
            "friday",
            "--what",
            "the notes",
            "--theirs",
            "--json",
        )
    )
    assert stored["due"] == "2026-03-06"
    assert stored["what"] == "the notes"
    assert stored["owed_by"] == "them"
    ok(run("done", stored["id"]))
    reopened = as_json(run("promise", "edit", stored["id"], "--reopen", "--json"))
    assert reopened["done_on"] is None
    before = dump(db)
    failed(run("promise", "edit", stored["id"], "--due", "someday"), "--due", "someday")
    failed(run("promise", "edit", stored["id"], "--what", " "), "--what")
    failed(run("promise", "edit", stored["id"]), "nothing to change")
    assert dump(db) == before
    assert ok(run("promise", "--help")).stdout.count("edit") >= 1


def test_promise_cancel(run: Run, network: dict[str, str], db: Path) -> None:
    ok(run("promise", "Alan", "the Enigma notes", "--due", "2026-03-10"))
    text = ok(run("promise", "cancel", "Enigma")).stdout
    assert text.startswith("Cancelled your promise to Alan Turing: 'the Enigma notes'")
    assert [c["what"] for c in as_json(run("promises", "--all", "--json"))] == [
        "send the COBOL paper"
    ]
    before = dump(db)
    failed(run("promise", "cancel", "Enigma"), "no promise matches")
    assert dump(db) == before


def test_long_cells_end_in_an_ellipsis(run: Run, network: dict[str, str]) -> None:
    long_name = "Bartholomew " * 15
    ok(run("add", long_name.strip(), "--org", "Org " * 40))
    lines = ok(run("contacts")).stdout.splitlines()
    row = next(line for line in lines if line.startswith("Bartholomew"))
    assert "Bartholomew Bartholomew Bartholomew Bar…" in row
    assert "Org Org" in row
    assert "…" in row.split("Bar…")[1]
    assert max(len(line) for line in lines) < 220


def test_health_names_who_it_leaves_out(run: Run, network: dict[str, str]) -> None:
    ok(run("archive", "Grace"))
    ok(run("do-not-contact", "Alan"))
    text = ok(run("health")).stdout
    assert "Not counted: 2 people, Alan Turing (do not contact), Grace Hopper (archived)." in text


def test_unlog_the_last(run: Run, network: dict[str, str], db: Path) -> None:
    ok(run("log", "Alan", "--channel", "call", "--at", "2026-03-01 10:00"))
    text = ok(run("unlog", "--last")).stdout
    assert text.startswith("Removed the call with Alan Turing at 2026-03-01 10:00")
    assert [i["channel"] for i in as_json(run("history", "--json"))] == ["meeting"]
    before = dump(db)
    result = run("unlog", "x", "--last")
    assert result.exit_code == 2
    assert "one of the two" in result.stderr
    assert run("unlog").exit_code == 2
    assert dump(db) == before
