"""Fixtures for the ``relnet`` command: a database file, a runner, and a fixed clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("click")

from click.testing import CliRunner, Result

from relnet.cli import cli
from relnet.cli._session import close_store, open_store
from relnet.serialization import dump_store

#: The instant every test runs at (a Monday morning in Paris).
NOW = "2026-03-02T10:00:00+01:00"
ZONE = "Europe/Paris"

Run = Callable[..., Result]


def dump(path: Path) -> str:
    """The whole database at ``path`` as a relnet JSON document."""
    store = open_store(path)
    try:
        return dump_store(store)
    finally:
        close_store(store)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the test's database lives (not created yet)."""
    return tmp_path / "relnet.db"


@pytest.fixture
def run(db: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``relnet --db DB --now NOW ARGS...`` in-process; returns click's Result."""
    monkeypatch.delenv("RELNET_DB", raising=False)
    monkeypatch.setenv("TZ", ZONE)
    runner = CliRunner()

    def invoke(*args: str, now: str | None = NOW, **kwargs: Any) -> Result:
        head = ["--db", str(db)] + (["--now", now] if now else [])
        return runner.invoke(cli, [*head, *args], catch_exceptions=False, **kwargs)

    return invoke


def ok(result: Result) -> Result:
    """Assert the command succeeded, showing its error output if not."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result


def as_json(result: Result) -> Any:
    """The command's standard output parsed as JSON (it must be valid JSON and only that)."""
    ok(result)
    return json.loads(result.stdout)


def failed(result: Result, *words: str) -> str:
    """Assert a clean failure (exit 2, one ``relnet: error:`` line); return the message."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("relnet: error: "), lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    message = lines[0].removeprefix("relnet: error: ")
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    return message


@pytest.fixture
def network(run: Run, db: Path) -> dict[str, str]:
    """A small network: the owner in Paris, four people, a meeting and a promise.

    Returns the contacts' ids by first name.
    """
    ok(run("init", "--timezone", ZONE, "--name", "Sam Rivera"))
    ids = {}
    for name, extra in (
        ("Ada Lovelace", ["--circle", "close", "--tag", "python", "--email", "ada@example.org"]),
        ("Ada Yonath", ["--role", "mentor", "--tag", "science"]),
        ("Grace Hopper", ["--circle", "active", "--cadence", "every 6 weeks", "--tag", "python"]),
        ("Alan Turing", ["--birthday", "06-23"]),
    ):
        record = as_json(run("add", name, *extra, "--json"))
        ids[name.split()[0] if name != "Ada Yonath" else "Yonath"] = record["id"]
    ok(run("log", "Ada Lovelace", "--channel", "meeting", "--at", "2026-01-10 15:00"))
    ok(run("promise", "Grace", "send the COBOL paper", "--due", "2026-03-06"))
    return ids
