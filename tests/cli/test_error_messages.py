"""Bad input: one clear line on stderr, exit status 2, and an unchanged database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from relnet import Contact, services
from relnet.cli import transfer
from relnet.interop.merge import MergeState, merge_with_state
from relnet.storage import Store
from tests.cli.conftest import Run, as_json, dump, failed, ok

DATA = Path(__file__).resolve().parents[1] / "data"

BAD_INPUT = [
    pytest.param(
        ["log", "Nobody", "--channel", "meeting"], ["no contact matches 'Nobody'"], id="unknown"
    ),
    pytest.param(
        ["log", "ada", "--channel", "meeting"],
        ["'ada' matches 2 contacts", "Ada Lovelace (", "Ada Yonath (", "use the full name"],
        id="ambiguous",
    ),
    pytest.param(["explain", "Ada Lovelase"], ["did you mean Ada Lovelace"], id="close-to-a-name"),
    pytest.param(
        ["log", "Ada Lovelace", "Nobody", "--channel", "meeting"],
        ["Nobody"],
        id="one-of-several-unknown",
    ),
    pytest.param(
        ["promise", "Grace", "a paper", "--due", "2026-02-30"],
        ["--due", "valid calendar date", "2026-02-30"],
        id="impossible-date",
    ),
    pytest.param(
        ["promise", "Grace", "a paper", "--due", "someday"],
        ["--due", "a date such as", "someday"],
        id="unreadable-date",
    ),
    pytest.param(
        ["snooze", "Grace", "--until", "next blue moon"], ["--until"], id="bad-snooze-date"
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--at", "2026-03-29 02:30"],
        ["--at", "exists in Europe/Paris", "clocks skip it"],
        id="naive-time-skipped-by-dst",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--at", "15:00"],
        ["--at", "a day as well as the time", "today 15:00"],
        id="time-without-a-day",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--at", "2026-03-01"],
        ["--at", "a time of day as well as the date"],
        id="date-without-a-time",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--at", "2026-03-01T25:00+01:00"],
        ["--at"],
        id="impossible-time",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "fax"],
        ["--channel", "'fax' is not one of", "relnet log --help"],
        id="unknown-channel",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "email"],
        ["--direction is needed", "inbound", "outbound"],
        id="email-without-direction",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--direction", "inbound"],
        ["--direction 'inbound': expected mutual"],
        id="meeting-inbound",
    ),
    pytest.param(
        [
            "log",
            "Ada Lovelace",
            "--channel",
            "email",
            "--direction",
            "outbound",
            "--ask",
            "--no-reply",
        ],
        ["contradict"],
        id="ask-and-no-reply",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--introduced-by", "Grace"],
        ["--introduced-by 'Grace'", "--channel intro --direction inbound"],
        id="introducer-on-a-meeting",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "note", "--direction", "inbound"],
        ["--direction 'inbound': expected no direction for a note"],
        id="note-with-a-direction",
    ),
    pytest.param(
        [
            "log",
            "Ada Lovelace",
            "--channel",
            "intro",
            "--direction",
            "inbound",
            "--introduced-by",
            "Ada Lovelace",
        ],
        ["--introduced-by 'Ada Lovelace': expected someone other than the participants"],
        id="introducer-introduced-to-themselves",
    ),
    pytest.param(
        ["log", "Ada Lovelace", "--channel", "meeting", "--goal", "nothing like it"],
        ["no goal matches"],
        id="unknown-goal",
    ),
    pytest.param(
        ["add", "Ada", "--cadence", "every blue moon"],
        ["--cadence 'every blue moon'"],
        id="bad-cadence",
    ),
    pytest.param(
        ["add", "Ada", "--email", "not-an-email"], ["--email 'not-an-email'"], id="bad-email"
    ),
    pytest.param(["add", "Ada", "--birthday", "31-02"], ["--birthday '31-02'"], id="bad-birthday"),
    pytest.param(
        ["add", "Ada", "--birthday", "13-40"],
        ["--birthday '13-40': expected a valid MM-DD day"],
        id="impossible-year-less-birthday",
    ),
    pytest.param(
        ["edit", "Ada Lovelace", "--birthday", "2-3"],
        ["--birthday '2-3': expected a date YYYY-MM-DD or a year-less MM-DD"],
        id="edit-unreadable-birthday",
    ),
    pytest.param(["add", "Ada", "--circle", "outer"], ["--circle"], id="bad-circle"),
    pytest.param(["add", "   "], ["NAME", "non-empty"], id="blank-name"),
    pytest.param(["add", "x" * 10_000], ["NAME", "at most 200 characters"], id="long-name"),
    pytest.param(
        ["add", "Ada", "--introduced-by", "Nobody"],
        ["--introduced-by: no contact matches 'Nobody'"],
        id="bad-introducer",
    ),
    pytest.param(
        [
            "log",
            "Grace Hopper",
            "--channel",
            "intro",
            "--direction",
            "inbound",
            "--introduced-by",
            "ada",
        ],
        ["--introduced-by: 'ada' matches 2 contacts"],
        id="ambiguous-introducer",
    ),
    pytest.param(
        ["community", "add", "Rust", "--member", "Alan", "--member", "Nobody"],
        ["--member: no contact matches 'Nobody'"],
        id="unknown-member",
    ),
    pytest.param(
        ["goal", "add", "Chats", "--contact", "Nobody"],
        ["--contact: no contact matches 'Nobody'"],
        id="unknown-goal-contact",
    ),
    pytest.param(
        ["add", "Ada", "--timezone", "Mars/Olympus"], ["--timezone 'Mars/Olympus'"], id="bad-zone"
    ),
    pytest.param(
        ["init", "--timezone", "Mars/Olympus"], ["--timezone 'Mars/Olympus'"], id="init-bad-zone"
    ),
    pytest.param(["init", "--reminder-time", "9am"], ["--reminder-time"], id="bad-reminder"),
    pytest.param(
        ["init", "--expertise", ""], ["--expertise ''", "non-empty"], id="blank-expertise"
    ),
    pytest.param(
        ["promise", "Grace", "", "--due", "friday"], ["WHAT ''", "non-empty"], id="blank-promise"
    ),
    pytest.param(["goal", "add", " "], ["TITLE ' '", "non-empty"], id="blank-goal-title"),
    pytest.param(["community", "add", ""], ["NAME ''", "non-empty"], id="blank-community"),
    pytest.param(
        ["event", "add", "", "--at", "now"], ["NAME ''", "non-empty"], id="blank-event-name"
    ),
    pytest.param(["done", "ffffffffffff"], ["no promise matches"], id="unknown-commitment"),
    pytest.param(
        ["dismiss", "Ada Lovelace", "--reason", "birthday"],
        ["--reason 'birthday': expected a reason Ada Lovelace has a follow-up item for now"],
        id="dismiss-a-reason-not-there",
    ),
    pytest.param(["explain"], ["missing argument", "WHO"], id="missing-argument"),
    pytest.param(["agenda", "--capacity", "-1"], ["--capacity"], id="negative-capacity"),
    pytest.param(["agenda", "--colour"], ["no such option", "--colour"], id="unknown-option"),
    pytest.param(["agendas"], ["no such command", "agendas"], id="unknown-command"),
    pytest.param(["--now", "yesterday-ish", "agenda"], ["--now"], id="bad-now"),
    pytest.param(
        ["contacts", "--db", ""],
        ["Invalid value for '--db': expected a database file or URL, got ''"],
        id="empty-db",
    ),
    pytest.param(
        ["goal", "add", "Chats", "--channel", "meeting"], ["need a --target"], id="goal-no-target"
    ),
    pytest.param(
        ["goal", "add", "Chats", "--target", "3", "--deadline", "whenever"],
        ["--deadline"],
        id="goal-bad-deadline",
    ),
    pytest.param(["goal", "add", "Chats", "--weight", "2"], ["--weight"], id="goal-bad-weight"),
    pytest.param(
        [
            "goal",
            "add",
            "Chats",
            "--target",
            "3",
            "--start",
            "2027-01-01",
            "--deadline",
            "2026-06-01",
        ],
        ["--start 2027-01-01 is after --deadline 2026-06-01"],
        id="goal-start-after-deadline",
    ),
    pytest.param(
        ["goal", "add", "Chats", "--cadence", "every 0 days"],
        ["--cadence 'every 0 days': expected an integer of at least 1"],
        id="goal-bad-cadence",
    ),
    pytest.param(
        ["import", "linkedin", "missing.csv"], ["missing.csv", "does not exist"], id="missing-file"
    ),
    pytest.param(["import", "myspace", "x.csv"], ["'myspace' is not one of"], id="bad-format"),
    pytest.param(
        ["import", "vcard", str(DATA / "vcard" / "apple.vcf"), "--cadence", "now and then"],
        ["--cadence 'now and then': expected a phrase"],
        id="import-bad-cadence",
    ),
    pytest.param(
        ["import", "linkedin", str(DATA / "linkedin" / "Connections.csv"), "--encoding", "klingon"],
        ["--encoding 'klingon': expected the name of a text encoding"],
        id="import-bad-encoding",
    ),
    pytest.param(["export", "pdf", "x.pdf"], ["'pdf' is not one of"], id="bad-export-format"),
    pytest.param(["export", "json", "no/such/dir/x.json"], ["does not exist"], id="export-dir"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    run: Run, network: dict[str, str], db: Path, args: list[str], words: list[str]
) -> None:
    before = dump(db)
    failed(run(*args), *words)
    assert dump(db) == before


def test_two_people_with_the_same_name_need_an_id(
    run: Run, network: dict[str, str], db: Path
) -> None:
    before = dump(db)
    failed(run("add", "grace hopper"), "already in your network", "--again")
    assert dump(db) == before
    ok(run("add", "Grace Hopper", "--again", "--email", "grace@navy.example"))
    message = failed(run("explain", "grace hopper"), "names 2 contacts", "use the id")
    assert message.count("Grace Hopper (") == 2
    shown = as_json(run("show", "GRACE@navy.example", "--json"))
    assert shown["contact"]["emails"] == ["grace@navy.example"]


def test_a_draft_needs_something_to_follow_up(run: Run, network: dict[str, str]) -> None:
    ok(run("add", "Zed Shaw", "--circle", "acquaintance"))
    ok(run("log", "Zed", "--channel", "email", "--direction", "outbound"))
    failed(run("draft", "Zed"), "nothing to follow up with Zed Shaw", "relnet explain")


def test_a_promise_kept_twice(run: Run, network: dict[str, str], db: Path) -> None:
    promised = ok(run("promises", "--json")).stdout
    commitment = promised.split('"id": "')[1].split('"')[0]
    ok(run("done", commitment))
    before = dump(db)
    failed(run("done", commitment), "already kept on 2026-03-02")
    assert dump(db) == before


def test_a_missing_database_is_not_created(run: Run, db: Path) -> None:
    failed(run("contacts"), "no relnet database at", "relnet init")
    failed(run("log", "Ada", "--channel", "meeting"), "no relnet database")
    assert not db.exists()


def test_a_failed_first_command_leaves_no_database(run: Run, db: Path) -> None:
    failed(run("add", "Ada", "--cadence", "fortnightly-ish"), "cadence")
    failed(run("add", "Ada", "--introduced-by", "Bob"), "no contact matches 'Bob'")
    assert not db.exists()
    assert list(db.parent.iterdir()) == []


def test_a_database_in_a_missing_directory(run: Run, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "nope" / "x.db"), "add", "Ada"])
    failed(result, "does not exist")


def test_a_naive_time_is_read_in_the_owner_zone_not_the_machine_zone(
    run: Run, network: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    # 02:30 on 8 March 2026 does not exist in New York but does in Paris.
    result = run("log", "Alan", "--channel", "call", "--at", "2026-03-08 02:30", "--json")
    assert '"2026-03-08T02:30:00.000000+01:00[Europe/Paris]"' in ok(result).stdout


def test_unexpected_errors_exit_1_with_one_line(
    run: Run, network: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from relnet.policy import Engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the engine fell over")

    monkeypatch.setattr(Engine, "agenda", broken)
    monkeypatch.setattr(Engine, "counted_agenda", broken)  # what `relnet agenda` calls
    result = run("agenda")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "relnet: error: unexpected RuntimeError: the engine fell over "
        "(run again with --debug to see where it happened)"
    ]
    debugged = run("agenda", "--debug")
    assert debugged.exit_code == 1
    assert "Traceback" in debugged.stderr
    assert "the engine fell over" in debugged.stderr


def test_debug_shows_the_traceback_of_bad_input(run: Run, network: dict[str, str]) -> None:
    result = run("--debug", "explain", "Nobody")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("relnet: error: no contact matches")


def test_a_failure_in_the_middle_of_an_import_writes_nothing(
    run: Run, network: dict[str, str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Linus,Torvalds,https://www.linkedin.com/in/linus,,Linux,Maintainer,05 Oct 2023\n"
        "Guido,van Rossum,https://www.linkedin.com/in/guido,,Python,BDFL,3 Jan 2024\n",
        encoding="utf-8",
    )
    calls: list[object] = []

    def flaky(
        store: Store,
        contacts: Sequence[Contact],
        *,
        advance: Callable[[int], None] | None = None,
    ) -> MergeState:
        def step(done: int) -> None:
            calls.append(done)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")

        return merge_with_state(store, contacts, advance=step)

    monkeypatch.setattr(transfer, "CHUNK", 1)
    monkeypatch.setattr(services, "merge_with_state", flaky)
    before = dump(db)
    result = run("import", "linkedin", str(source))
    assert result.exit_code == 1
    assert "disk on fire" in result.stderr
    assert len(calls) == 2
    assert dump(db) == before
