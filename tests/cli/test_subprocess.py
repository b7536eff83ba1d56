"""``python -m relnet.cli`` as a real process: exit statuses, streams, pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import NOW, dump

SRC = Path(__file__).resolve().parents[2] / "src"


def env(**extra: str) -> dict[str, str]:
    """The child's environment: this relnet first on the path, no inherited database."""
    base = {k: v for k, v in os.environ.items() if k not in {"RELNET_DB", "FORCE_COLOR"}}
    base["PYTHONPATH"] = os.pathsep.join([str(SRC), base.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    base["TZ"] = "Europe/Paris"
    base.update(extra)
    return base


def relnet(*args: str, db: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    head = ["--db", str(db), "--now", NOW] if db is not None else []
    return subprocess.run(
        [sys.executable, "-m", "relnet.cli", *head, *args],
        capture_output=True,
        text=True,
        env=env(**extra),
        timeout=120,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    done = relnet("--help")
    assert done.returncode == 0, done.stderr
    for command in ("demo", "agenda", "log", "import", "export", "explain"):
        assert command in done.stdout


def test_a_session_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "relnet.db"
    assert relnet("init", "--timezone", "Europe/Paris", db=db).returncode == 0
    assert relnet("add", "Ada Lovelace", "--circle", "close", db=db).returncode == 0
    logged = relnet("log", "ada", "--channel", "meeting", "--at", "yesterday 15:00", db=db)
    assert logged.returncode == 0, logged.stderr
    agenda = relnet("agenda", "--json", db=db)
    assert agenda.returncode == 0, agenda.stderr
    assert agenda.stderr == ""
    items = json.loads(agenda.stdout)["items"]
    assert [(i["name"], i["reason"]) for i in items] == [("Ada Lovelace", "thank_you")]
    piped = relnet("agenda", db=db)
    assert "\x1b[" not in piped.stdout
    assert piped.stdout.startswith("Agenda for 2026-03-02: 1 follow-up\n")


def test_bad_input_exits_2_with_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "relnet.db"
    relnet("init", "--timezone", "Europe/Paris", db=db)
    relnet("add", "Ada Lovelace", db=db)
    relnet("add", "Ada Yonath", db=db)
    before, raw = dump(db), db.read_bytes()
    for args, words in (
        (["log", "Nobody", "--channel", "call"], "no contact matches 'Nobody'"),
        (["log", "ada", "--channel", "call"], "'ada' matches 2 contacts"),
        (["promise", "Ada Lovelace", "x", "--due", "2026-02-31"], "--due"),
        (["log", "Ada Lovelace", "--channel", "call", "--at", "2026-03-29 02:15"], "clocks skip"),
        (["log", "Ada Lovelace", "--channel", "telepathy"], "'telepathy' is not one of"),
        (["import", "linkedin", str(tmp_path / "none.csv")], "does not exist"),
    ):
        done = relnet(*args, db=db)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("relnet: error: ")
        assert words in lines[0]
    assert dump(db) == before
    assert db.read_bytes() == raw


def test_malformed_csv(tmp_path: Path) -> None:
    db = tmp_path / "relnet.db"
    relnet("add", "Ada Lovelace", db=db)
    source = tmp_path / "Connections.csv"
    source.write_text('"unterminated,quote\n\x00\x01 not a header\n', encoding="utf-8")
    before = dump(db)
    done = relnet("import", "linkedin", str(source), db=db)
    assert done.returncode == 2
    assert done.stderr.startswith("relnet: error: ")
    assert len(done.stderr.splitlines()) == 1
    assert dump(db) == before


def test_the_environment_names_the_database(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    done = relnet("add", "Grace Hopper", RELNET_DB=str(db))
    assert done.returncode == 0, done.stderr
    assert db.exists()


def test_the_default_database_lives_in_the_data_directory(tmp_path: Path) -> None:
    done = relnet("add", "Grace Hopper", XDG_DATA_HOME=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "relnet" / "relnet.db").exists()


def test_the_demo_piped_is_plain_text() -> None:
    done = relnet("demo", "--now", NOW, "--timezone", "Europe/Paris")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "\x1b[" not in done.stdout
    assert done.stdout.startswith("Sample network of Sam Rivera")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    built = relnet("demo", "--db", str(db), "--now", NOW, "--timezone", "UTC")
    assert built.returncode == 0, built.stderr
    for args in (["export", "json", "-"], ["contacts"], ["agenda", "--all"]):
        with subprocess.Popen(
            [sys.executable, "-m", "relnet.cli", "--db", str(db), "--now", NOW, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env(),
        ) as child:
            assert child.stdout is not None
            assert child.stderr is not None
            first = child.stdout.readline()
            child.stdout.close()
            errors = child.stderr.read()
            child.wait(timeout=120)
        assert first
        assert b"Traceback" not in errors
        assert b"Exception ignored" not in errors


def test_see_change_undo_and_restore_as_processes(tmp_path: Path) -> None:
    """show, edit, history, unlog, forget and import json, each a real process."""
    db = tmp_path / "relnet.db"
    backup = tmp_path / "backup.json"
    assert relnet("init", "--timezone", "Europe/Paris", db=db).returncode == 0
    assert relnet("add", "Ada Lovelace", "--email", "ada@example.org", db=db).returncode == 0
    twice = relnet("add", "Ada Lovelace", db=db)
    assert twice.returncode == 2
    assert "--again" in twice.stderr
    logged = relnet("log", "ada@example.org", "--channel", "call", "--json", db=db)
    assert logged.returncode == 0, logged.stderr
    interaction = json.loads(logged.stdout)["id"]
    assert relnet("export", "json", str(backup), db=db).returncode == 0
    edited = relnet("edit", "Ada", "--circle", "inner", "--json", db=db)
    assert json.loads(edited.stdout)["circle"] == "inner"
    card = relnet("show", "Ada", db=db)
    assert card.returncode == 0, card.stderr
    assert "inner" in card.stdout
    assert interaction in card.stdout
    assert interaction in relnet("history", db=db).stdout
    assert relnet("unlog", interaction, db=db).returncode == 0
    gone = relnet("unlog", interaction, db=db)
    assert gone.returncode == 2
    assert gone.stderr.startswith("relnet: error: no interaction has the id")
    refused = relnet("forget", "Ada", db=db)  # no terminal to confirm on: nothing erased
    assert refused.returncode == 2
    assert "not confirmed" in refused.stderr
    assert relnet("forget", "Ada", "--yes", db=db).returncode == 0
    assert "Ada" not in dump(db)
    restored = relnet("import", "json", str(backup), db=db)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Merged backup.json: 2 added")
    assert json.loads(relnet("show", "Ada", "--json", db=db).stdout)["contact"]["circle"] == (
        "network"
    )


def test_version_and_a_missing_database_as_processes(tmp_path: Path) -> None:
    version = relnet("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("relnet ")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    read = relnet("contacts", db=empty)
    assert read.returncode == 2
    assert "is an empty file, not a relnet database" in read.stderr
    assert empty.read_bytes() == b""


def test_shell_completion_offers_commands_and_choices() -> None:
    commands = relnet(_RELNET_COMPLETE="bash_complete", COMP_WORDS="relnet un", COMP_CWORD="1")
    assert commands.returncode == 0, commands.stderr
    assert commands.stdout.split() == [
        "plain,unarchive",
        "plain,undismiss",
        "plain,unlog",
        "plain,unsnooze",
    ]
    statuses = relnet(
        _RELNET_COMPLETE="bash_complete", COMP_WORDS="relnet goal status g ", COMP_CWORD="4"
    )
    assert "plain,achieved" in statuses.stdout.split()
    script = relnet(_RELNET_COMPLETE="bash_source")
    assert "_relnet_completion" in script.stdout
