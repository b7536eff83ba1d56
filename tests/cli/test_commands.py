"""Every subcommand's happy path, through click's runner, with JSON output parsed back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pendulum
import pytest

from relnet.model import ContactId
from relnet.serialization import load_store
from tests.cli.conftest import NOW, ZONE, Run, as_json, dump, failed, ok


def test_init_creates_the_database_with_the_given_zone(run: Run, db: Path) -> None:
    record = as_json(run("init", "--timezone", "Asia/Tokyo", "--capacity", "3", "--json"))
    assert record["created"] is True
    assert record["settings"]["timezone"] == "Asia/Tokyo"
    assert record["settings"]["daily_capacity"] == 3
    assert db.exists()
    again = as_json(run("init", "--name", "Sam", "--json"))
    assert again["created"] is False
    assert again["settings"]["timezone"] == "Asia/Tokyo"  # unchanged when not given
    assert again["profile"]["name"] == "Sam"


def test_init_defaults_to_the_machine_zone(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Chicago")
    record = as_json(run("init", "--json"))
    assert record["settings"]["timezone"] == "America/Chicago"


def test_init_prints_the_settings(run: Run) -> None:
    out = ok(run("init", "--timezone", ZONE)).stdout
    assert "Created" in out
    assert ZONE in out


def test_add_stores_every_option(run: Run, db: Path) -> None:
    ok(run("init", "--timezone", ZONE))
    ok(run("add", "Hannah Okafor", "--circle", "active"))
    record = as_json(
        run(
            "add",
            "Ada Lovelace",
            "--circle", "close",
            "--cadence", "every 6 weeks",
            "--tag", "python", "--tag", "math",
            "--email", "ada@example.org",
            "--phone", "+44 20 7946 0000",
            "--url", "https://www.linkedin.com/in/ada",
            "--role", "mentor", "--role", "peer",
            "--org", "Analytical Engines",
            "--title", "Mathematician",
            "--birthday", "12-10",
            "--interest", "poetry",
            "--stage", "engaged",
            "--introduced-by", "hannah",
            "--how-met", "a salon",
            "--timezone", "Europe/London",
            "--notes", "likes punched cards",
            "--json",
        )
    )  # fmt: skip
    assert record["name"] == "Ada Lovelace"
    assert record["circle"] == "close"
    assert record["cadence"] == {"count": 6, "unit": "week"}
    assert record["tags"] == ["math", "python"]
    assert record["roles"] == ["mentor", "peer"]
    assert record["birthday"] == "--12-10"
    assert record["organization"] == "Analytical Engines"
    assert record["headline"] == "Mathematician"
    assert record["stage"] == "engaged"
    assert record["created_at"].startswith("2026-03-02T10:00:00.000000+01:00")
    stored = load_store(dump(db))
    hannah = next(c for c in stored.contacts() if c.name == "Hannah Okafor")
    assert stored.get_contact(record["id"]).introduced_by == hannah.id


def test_add_creates_a_database_in_the_machine_zone(run: Run, db: Path) -> None:
    out = ok(run("add", "Ada Lovelace")).stdout
    assert out.startswith("Added Ada Lovelace (id ")
    assert "network circle, every year" in out
    assert load_store(dump(db)).get_settings().timezone == ZONE


def test_contacts_lists_and_filters(run: Run, network: dict[str, str]) -> None:
    records = as_json(run("contacts", "--json"))
    assert [r["name"] for r in records] == [
        "Ada Lovelace",
        "Ada Yonath",
        "Alan Turing",
        "Grace Hopper",
    ]
    ada = records[0]
    assert ada["last_touch"].startswith("2026-01-10T15:00:00.000000+01:00")
    assert records[1]["last_touch"] is None
    tagged = as_json(run("contacts", "--tag", "python", "--json"))
    assert {r["name"] for r in tagged} == {"Ada Lovelace", "Grace Hopper"}
    text = ok(run("contacts")).stdout
    assert text.splitlines()[0] == "4 contacts"
    assert "2026-01-10" in text
    assert "never" in text


def test_log_reads_the_time_in_the_owner_zone(run: Run, network: dict[str, str]) -> None:
    record = as_json(
        run(
            "log", "Ada Lovelace", "grace",
            "--channel", "meeting",
            "--at", "yesterday 15:00",
            "--summary", "coffee",
            "--topic", "engines",
            "--gave", "advice",
            "--received", "feedback",
            "--json",
        )
    )  # fmt: skip
    assert record["at"] == "2026-03-01T15:00:00.000000+01:00[Europe/Paris]"
    assert record["participants"] == [network["Ada"], network["Grace"]]
    assert record["direction"] == "mutual"
    assert record["gave"] == ["advice"]
    assert record["received"] == ["feedback"]
    assert record["topics"] == ["engines"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("now", "2026-03-02T10:00:00.000000+01:00"),
        ("today 08:30", "2026-03-02T08:30:00.000000+01:00"),
        ("3 days ago", "2026-02-27T10:00:00.000000+01:00"),
        ("2026-02-14 19:30", "2026-02-14T19:30:00.000000+01:00"),
        ("2026-02-14T19:30:00Z", "2026-02-14T19:30:00.000000+00:00"),
        ("2026-02-14T12:00-05:00", "2026-02-14T12:00:00.000000-05:00"),
    ],
)
def test_log_accepts_instants_as_people_write_them(
    run: Run, network: dict[str, str], when: str, expected: str
) -> None:
    record = as_json(run("log", "Alan", "--channel", "call", "--at", when, "--json"))
    assert record["at"].startswith(expected)


def test_log_an_ask_and_an_intro(run: Run, network: dict[str, str]) -> None:
    ask = as_json(
        run("log", "Yonath", "--channel", "email", "--direction", "outbound", "--ask", "--json")
    )
    assert ask["expects_reply"] is True
    intro = as_json(
        run(
            "log", "Alan Turing",
            "--channel", "intro",
            "--direction", "inbound",
            "--introduced-by", "Grace Hopper",
            "--json",
        )
    )  # fmt: skip
    assert intro["introduced_by"] == network["Grace"]
    quiet = as_json(
        run("log", "Yonath", "--channel", "email", "--direction", "inbound", "--no-reply", "--json")
    )
    assert quiet["expects_reply"] is False


def test_log_says_when_an_interaction_is_planned(run: Run, network: dict[str, str]) -> None:
    out = ok(run("log", "Alan", "--channel", "video", "--at", "tomorrow 11:00")).stdout
    assert "2026-03-03 11:00 (planned)" in out


def test_promise_promises_and_done(run: Run, network: dict[str, str]) -> None:
    mine = as_json(run("promise", "Ada Lovelace", "send notes", "--due", "friday", "--json"))
    assert mine["due"] == "2026-03-06"
    assert mine["owed_by"] == "me"
    theirs = as_json(
        run("promise", "Yonath", "intro to a crystallographer", "--due", "in 2 weeks",
            "--theirs", "--json")
    )  # fmt: skip
    assert theirs["owed_by"] == "them"
    assert theirs["due"] == "2026-03-16"
    listed = as_json(run("promises", "--json"))
    assert [p["due"] for p in listed] == ["2026-03-06", "2026-03-06", "2026-03-16"]
    assert {p["what"] for p in listed} == {
        "send notes",
        "send the COBOL paper",
        "intro to a crystallographer",
    }
    kept = as_json(run("done", mine["id"][:6], "--json"))
    assert kept["done_on"] == "2026-03-02"
    assert len(as_json(run("promises", "--json"))) == 2
    assert len(as_json(run("promises", "--all", "--json"))) == 3
    text = ok(run("promises", "--all")).stdout
    assert "kept 2026-03-02" in text


def test_done_text(run: Run, network: dict[str, str]) -> None:
    promised = as_json(run("promises", "--json"))[0]
    out = ok(run("done", promised["id"])).stdout
    assert out == "Kept on 2026-03-02: your promise to Grace Hopper, 'send the COBOL paper'.\n"


def test_agenda_json_and_text(run: Run, network: dict[str, str]) -> None:
    record = as_json(run("agenda", "--json"))
    assert record["today"] == "2026-03-02"
    items = record["items"]
    assert [(i["name"], i["reason"], i["due"]) for i in items] == [
        ("Ada Lovelace", "keep_in_touch", "2026-02-10")
    ]
    assert all(set(item) >= {"contact", "reason", "due", "text", "priority"} for item in items)
    text = ok(run("agenda")).stdout
    assert text.splitlines()[0].startswith("Agenda for 2026-03-02")


def test_agenda_capacity_and_all(run: Run, network: dict[str, str]) -> None:
    everything = as_json(run("agenda", "--all", "--json"))["items"]
    today = [i for i in everything if i["available_from"] <= "2026-03-02"]
    must = [i for i in today if i["must_do"]]
    trimmed = as_json(run("agenda", "--capacity", "0", "--json"))
    assert len(trimmed["items"]) == len(must)
    assert trimmed["more"] == len(today) - len(must)
    if trimmed["more"]:
        assert "beyond today's capacity" in ok(run("agenda", "--capacity", "0")).stdout


def test_agenda_shows_a_promise_due_tomorrow(run: Run, network: dict[str, str]) -> None:
    ok(run("promise", "Alan", "return the book", "--due", "tomorrow"))
    items = as_json(run("agenda", "--json"))["items"]
    alan = next(i for i in items if i["name"] == "Alan Turing")
    assert alan["reason"] == "promise"
    assert alan["must_do"] is True


def test_explain(run: Run, network: dict[str, str]) -> None:
    record = as_json(run("explain", "Grace", "--json"))
    assert record["name"] == "Grace Hopper"
    assert record["today"] == "2026-03-02"
    assert {c["reason"] for c in record["considered"]} >= {"promise"}
    text = ok(run("explain", "Grace")).stdout
    assert text.startswith("Grace Hopper on 2026-03-02:")


def test_snooze(run: Run, network: dict[str, str]) -> None:
    snoozed = as_json(run("snooze", "Ada Lovelace", "--until", "2026-04-01", "--json"))
    assert snoozed["snoozed_until"] == "2026-04-01"
    explained = as_json(run("explain", "Ada Lovelace", "--json"))
    assert explained["excluded"] is not None


def test_dismiss_one_item_and_undismiss(run: Run, network: dict[str, str], db: Path) -> None:
    # Grace's current item is her promise; dismissing it leaves her catch-up alone.
    dismissed = as_json(run("dismiss", "Grace", "--json"))
    assert dismissed["contact"] == network["Grace"]
    assert dismissed["reason"] == "promise"
    assert dismissed["at"].startswith("2026-03-02T10:00:00.000000+01:00")
    grace = as_json(run("explain", "Grace", "--json"))
    promise = [c for c in grace["considered"] if c["reason"] == "promise"]
    assert [c["status"] for c in promise] == ["suppressed"]
    assert promise[0]["detail"].startswith("you dismissed it on 2026-03-02")
    assert grace["follow_up"]["reason"] == "keep_in_touch"
    stored = load_store(dump(db))
    assert stored.get_contact(ContactId(network["Grace"])).snoozed_until is None
    assert [d.reason for d in stored.dismissals()] == ["promise"]
    text = ok(run("dismiss", "Alan", "--reason", "birthday")).stdout
    assert (
        text
        == "Dismissed the birthday item of Alan Turing; their other follow-ups are unchanged.\n"
    )
    assert as_json(run("undismiss", "Grace", "--reason", "birthday", "--json")) == []
    again = as_json(run("undismiss", "Grace", "--json"))
    assert [d["reason"] for d in again] == ["promise"]
    assert ok(run("undismiss", "Alan")).stdout == (
        "Brought back Alan Turing's dismissed items: birthday.\n"
    )
    assert ok(run("undismiss", "Alan")).stdout == "Nothing of Alan Turing's was dismissed.\n"
    assert list(load_store(dump(db)).dismissals()) == []


def test_dismiss_refuses_what_it_cannot_dismiss(run: Run, network: dict[str, str]) -> None:
    failed(run("dismiss", "Grace", "--reason", "thank_you"), "reason", "thank_you")
    result = run("dismiss", "Grace", "--reason", "lunch")
    assert result.exit_code == 2
    assert "lunch" in result.stderr
    failed(run("dismiss", "Nobody At All"), "Nobody At All")
    ok(run("dismiss", "Grace", "--reason", "promise"))
    failed(run("dismiss", "Grace", "--reason", "promise"), "promise")


def test_draft(run: Run, network: dict[str, str]) -> None:
    record = as_json(run("draft", "Grace", "--json"))
    assert record["name"] == "Grace Hopper"
    assert "Grace" in record["draft"]
    assert record["draft"].rstrip().endswith("Sam Rivera")
    text = ok(run("draft", "Grace")).stdout
    assert "Grace" in text


def test_goals_add_and_progress(run: Run, network: dict[str, str]) -> None:
    goal = as_json(
        run(
            "goal", "add", "Three coffee chats with Pythonistas",
            "--kind", "knowledge",
            "--target", "3",
            "--channel", "meeting",
            "--tag", "python",
            "--start", "2026-01-01",
            "--deadline", "2026-03-31",
            "--weight", "0.5",
            "--cadence", "monthly",
            "--contact", "Ada Lovelace",
            "--json",
        )
    )  # fmt: skip
    assert goal["target"]["count"] == 3
    assert goal["contacts"] == [network["Ada"]]
    listed = as_json(run("goals", "--json"))
    assert len(listed) == 1
    progress = listed[0]["progress"]
    assert progress["count"] == 1  # the meeting with Ada on 10 January
    assert progress["target"] == 3
    assert progress["pace"] in {"ahead", "on_track", "behind"}
    text = ok(run("goals")).stdout
    assert "1/3" in text
    assert "Three coffee chats" in text


def test_goal_without_target(run: Run, network: dict[str, str]) -> None:
    ok(run("goal", "add", "Find a mentor", "--kind", "mentorship"))
    listed = as_json(run("goals", "--json"))
    assert listed[0]["progress"] is None
    assert listed[0]["goal"]["title"] == "Find a mentor"


def test_health(run: Run, network: dict[str, str]) -> None:
    record = as_json(run("health", "--json"))
    assert record["today"] == "2026-03-02"
    assert sum(record["totals"].values()) == 4
    assert set(record["contacts"]) == set(network.values())
    text = ok(run("health")).stdout
    assert "Network health on 2026-03-02" in text
    assert "of 4 relationships are on track" in text


def test_json_output_is_only_json(run: Run, network: dict[str, str]) -> None:
    for args in (
        ["contacts"],
        ["agenda"],
        ["agenda", "--all"],
        ["health"],
        ["goals"],
        ["promises"],
        ["explain", "Ada Lovelace"],
    ):
        result = ok(run(*args, "--json"))
        json.loads(result.stdout)


def test_options_after_the_subcommand(run: Run, network: dict[str, str], db: Path) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    result = CliRunner().invoke(cli, ["agenda", "--db", str(db), "--now", NOW, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2026-03-02"


def test_the_environment_names_the_database(
    network: dict[str, str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    monkeypatch.setenv("RELNET_DB", str(db))
    result = CliRunner().invoke(cli, ["contacts", "--json"])
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 4


def test_the_default_database_is_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    monkeypatch.delenv("RELNET_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = CliRunner().invoke(cli, ["add", "Ada Lovelace"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "data" / "relnet" / "relnet.db").exists()


def test_now_defaults_to_the_clock(run: Run, network: dict[str, str]) -> None:
    record = as_json(run("agenda", "--json", now=None))
    today = pendulum.now(ZONE).date().isoformat()
    # The clock may tick over midnight between the two readings; either day is right.
    assert record["today"] in {today, pendulum.now(ZONE).date().isoformat()}


def test_no_command_shows_the_help(run: Run) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    alone = CliRunner().invoke(cli, [])
    assert alone.exit_code == 0
    assert alone.stdout.startswith("Usage: relnet [OPTIONS] COMMAND [ARGS]...")
    assert "agenda" in alone.stdout
    group = ok(run("goal"))
    assert "add" in group.stdout


def test_version_and_help(run: Run) -> None:
    assert ok(run("--version")).stdout.startswith("relnet ")
    assert "agenda" in ok(run("--help")).stdout
    assert "--capacity" in ok(run("agenda", "--help")).stdout


def test_a_json_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    monkeypatch.setenv("TZ", ZONE)
    path = tmp_path / "network.json"

    def run_json(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", str(path), "--now", NOW, *args])

    ok(run_json("init"))
    ok(run_json("add", "Ada Lovelace", "--circle", "close"))
    ok(run_json("log", "Ada", "--channel", "meeting", "--at", "yesterday 15:00"))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["relnet"] == 2
    assert [c["name"] for c in document["contacts"]] == ["Ada Lovelace"]
    items = as_json(run_json("agenda", "--json"))["items"]
    assert [i["reason"] for i in items] == ["thank_you"]
    before = path.read_bytes()
    assert run_json("log", "Nobody", "--channel", "call").exit_code == 2
    assert path.read_bytes() == before


def test_a_failed_first_command_leaves_no_json_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    monkeypatch.setenv("TZ", ZONE)
    path = tmp_path / "network.json"
    result = CliRunner().invoke(cli, ["--db", str(path), "add", "Ada", "--introduced-by", "Bo"])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Dr. Jane Smith", "evil.example", "J. R. R. Tolkien"])
def test_agenda_details_survive_names_with_periods(run: Run, name: str) -> None:
    ok(run("init", "--timezone", ZONE, "--name", "Sam Rivera"))
    ok(run("add", name, "--circle", "close"))
    ok(run("log", name, "--channel", "meeting", "--at", "2026-01-10 15:00"))
    item = as_json(run("agenda", "--json"))["items"][0]
    assert item["text"] == f"{item['headline']} {item['details']}"
    assert item["details"].startswith("Last spoke")
    table = ok(run("agenda")).stdout
    # The details column holds the reasons, not a piece of the name or the headline.
    assert "Last spoke" in table
    assert "(due" not in table


def test_agenda_row_names_the_other_reasons_of_the_person(run: Run) -> None:
    ok(run("init", "--timezone", ZONE, "--name", "Sam Rivera"))
    ok(run("add", "Elena Petrova", "--circle", "close", "--role", "mentor", "--birthday", "03-03"))
    ok(run("log", "Elena Petrova", "--channel", "meeting", "--at", "2026-01-10 15:00"))
    item = as_json(run("agenda", "--json"))["items"][0]
    assert item["reason"] == "keep_in_touch"
    assert "birthday" in item["also"]
    row = next(line for line in ok(run("agenda")).stdout.splitlines() if "Elena" in line)
    assert "keep in touch + birthday" in row
