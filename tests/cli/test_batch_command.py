"""``relnet batch agendas``: many networks' agendas, a progress bar, failures reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
from click.testing import CliRunner

from relnet import Engine
from relnet.adapters.sqlite import SQLiteStore
from relnet.cli import cli
from relnet.synth import network

START = pendulum.datetime(2025, 6, 1, tz="Europe/London")
NOW = "2026-03-02T07:00:00+00:00"


def folder_of_networks(tmp_path: Path) -> dict[str, list[dict[str, object]]]:
    """Three networks as SQLite files and a damaged one; each network's expected agenda."""
    now = pendulum.instance(dt.datetime.fromisoformat(NOW))
    expected = {}
    for n in range(3):
        net = network(25, 150, seed=n, start=START, end=now)
        with SQLiteStore(tmp_path / f"user{n}.db") as store:
            net.load_into(store)
        expected[f"user{n}"] = Engine().agenda(net.to_store(), now=now).to_records()
    (tmp_path / "damaged.db").write_bytes(b"garbage " * 100)
    return expected


def test_json_lines_for_every_network_in_a_folder(tmp_path: Path) -> None:
    expected = folder_of_networks(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["batch", "agendas", "--folder", str(tmp_path), "--now", NOW, "--workers", "2", "--json"],
    )
    assert result.exit_code == 1, result.stderr  # one network failed
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    found = {line["network"]: line for line in lines}
    assert sorted(found) == ["damaged", "user0", "user1", "user2"]
    for name, items in expected.items():
        assert found[name]["ok"] is True
        assert found[name]["agenda"]["items"] == items
        assert found[name]["agenda"]["now"] == NOW
    assert found["damaged"]["ok"] is False
    assert found["damaged"]["error"]["error"] == "storage"
    assert "agendas" in result.stderr  # the progress bar's label


def test_named_networks_as_text(tmp_path: Path) -> None:
    expected = folder_of_networks(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "batch",
            "agendas",
            "--folder",
            str(tmp_path),
            "--network",
            "user1",
            "--network",
            "user2",
            "--now",
            NOW,
        ],
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sorted(lines[:2]) == [
        f"user1: {len(expected['user1'])} follow-ups for 2026-03-02",
        f"user2: {len(expected['user2'])} follow-ups for 2026-03-02",
    ]
    assert lines[2] == "2 of 2 agendas computed, 0 failed."


def test_one_source_of_networks_is_required(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["batch", "agendas", "--now", NOW], env={"RELNET_DSN": None})
    assert result.exit_code == 2
    assert "give one of --dsn" in result.stderr
    missing = runner.invoke(
        cli, ["batch", "agendas", "--folder", str(tmp_path / "nope"), "--now", NOW]
    )
    assert missing.exit_code == 2
    assert f"--folder {str(tmp_path / 'nope')!r}: expected a folder" in missing.stderr
