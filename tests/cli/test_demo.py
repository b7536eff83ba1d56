"""``relnet demo``: every kind of follow-up on today's agenda, the same for the same ``--now``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet import InMemoryStore, Settings
from relnet.cli import cli
from relnet.cli._session import Session
from relnet.cli.demo import build_demo
from relnet.policy import Engine, Reason
from tests.cli.conftest import as_json, dump, failed, ok

EVERY_REASON = {reason.value for reason in Reason}


def demo(*args: str) -> Result:
    return CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)


@pytest.mark.parametrize(
    ("now", "zone", "seed"),
    [
        ("2026-03-02T10:00:00+01:00", "Europe/Paris", "1"),
        ("2026-03-29T01:30:00+01:00", "Europe/Paris", "2"),  # the night clocks go forward
        ("2028-02-29T23:45", "America/New_York", "3"),  # a leap day, late
        ("2026-12-31T08:00", "Asia/Kolkata", "4"),  # New Year's Eve, holidays around
        ("2027-07-04T00:10", "Australia/Lord_Howe", "5"),  # a half-hour DST zone, a Sunday
    ],
)
def test_the_demo_agenda_shows_every_kind_of_follow_up(now: str, zone: str, seed: str) -> None:
    record = as_json(demo("--now", now, "--timezone", zone, "--seed", seed, "--json"))
    items = record["agenda"]["items"]
    assert {item["reason"] for item in items} == EVERY_REASON
    assert record["contacts"] >= 30
    assert record["interactions"] >= 400
    assert record["database"] is None
    assert sum(record["health"]["totals"].values()) >= 30
    story = {item["name"]: item["reason"] for item in items}
    assert story["Priya Raman"] == "reply_owed"
    assert story["Marcus Chen"] == "thank_you"
    assert story["Sofia Alvarez"] == "promise"
    assert story["Hannah Okafor"] == "intro_loop"
    assert story["Elena Petrova"] == "mentor_loop"
    assert story["James Whitfield"] == "nudge"
    assert story["Lena Fischer"] == "keep_in_touch"
    assert story["Omar Haddad"] == "reconnect"
    assert story["Chloé Martin"] == "birthday"
    assert story["Ravi Patel"] == "check_in"


def test_the_demo_is_deterministic_for_a_given_now() -> None:
    args = ["--now", "2026-05-14T09:00:00+02:00", "--timezone", "Europe/Berlin"]
    first, second = demo(*args), demo(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    other = demo(*args, "--seed", "9")
    assert other.stdout != first.stdout


def test_the_demo_text_reads_well_when_piped() -> None:
    result = ok(demo("--now", "2026-03-02T10:00:00+01:00", "--timezone", "Europe/Paris"))
    out = result.stdout
    assert "\x1b[" not in out
    assert "─" not in out
    assert "━" not in out
    lines = out.splitlines()
    assert lines[0].startswith("Sample network of Sam Rivera: ")
    assert "Agenda for 2026-03-02:" in out
    assert "Network health on 2026-03-02" in out
    assert "reply owed!" in out
    assert "was temporary" in out


def test_the_demo_on_a_terminal_draws_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    result = ok(demo("--now", "2026-03-02T10:00:00+01:00", "--timezone", "Europe/Paris"))
    assert "\x1b[" in result.stdout
    assert "━" in result.stdout or "─" in result.stdout


def test_the_demo_can_keep_its_database(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    record = as_json(
        demo("--db", str(path), "--now", "2026-03-02T10:00:00+01:00", "--timezone", "UTC", "--json")
    )
    assert record["database"] == str(path)
    assert path.exists()
    before = dump(path)
    again = CliRunner().invoke(
        cli, ["--db", str(path), "--now", "2026-03-02T10:00:00+01:00", "agenda", "--json"]
    )
    assert as_json(again)["items"] == record["agenda"]["items"]
    failed(demo("--db", str(path)), "already exists")
    assert dump(path) == before


def test_the_demo_ignores_the_environment_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.db"
    monkeypatch.setenv("RELNET_DB", str(mine))
    ok(demo("--now", "2026-03-02T10:00:00+01:00", "--timezone", "UTC"))
    assert not mine.exists()


def test_the_demo_refuses_an_unknown_zone() -> None:
    failed(demo("--timezone", "Mars/Olympus"), "timezone")


@settings(max_examples=10, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)),
    st.sampled_from(["Europe/London", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Chatham"]),
    st.integers(min_value=0, max_value=1000),
)
def test_every_kind_of_follow_up_whatever_the_day(
    moment: dt.datetime, zone: str, seed: int
) -> None:
    now = pendulum.instance(moment, tz="UTC")
    store = InMemoryStore(Settings(timezone="UTC"))
    build_demo(store, Session(now_text=now.isoformat()), zone=zone, seed=seed)
    agenda = Engine().agenda(store, now=now)
    assert {item.reason for item in agenda} == set(Reason)


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_the_demo_says_who_health_leaves_out(seed: str, tmp_path: Path) -> None:
    """The demo's head count and its health total differ by the people health does not
    count, and the demo names them; no two goals share a title."""
    path = tmp_path / "demo.db"
    now = "2026-03-02T10:00:00+01:00"
    text = ok(demo("--db", str(path), "--now", now, "--seed", seed, "--timezone", "UTC")).stdout
    people = int(text.split(": ", 1)[1].split(" people")[0])
    counted = int(text.split("relationships are on track")[0].rsplit(" of ", 1)[1])
    note = next(line for line in text.splitlines() if line.startswith("Not counted: "))
    assert f"Not counted: {people - counted} " in note
    goals = as_json(CliRunner().invoke(cli, ["--db", str(path), "goals", "--all", "--json"]))
    titles = [g["goal"]["title"] for g in goals]
    assert len(titles) == len(set(titles))


def test_what_waits_beyond_the_capacity_is_counted_exactly(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    now = "2026-03-02T10:00:00+01:00"
    ok(demo("--db", str(path), "--now", now, "--timezone", "Europe/Paris"))

    def agenda(*args: str) -> dict[str, object]:
        record = as_json(CliRunner().invoke(cli, ["--db", str(path), "--now", now, *args]))
        assert isinstance(record, dict)
        return record

    everything = agenda("agenda", "--all", "--json")
    items = everything["items"]
    assert isinstance(items, list)
    waiting = sum(1 for item in items if item["available_from"] <= everything["today"])
    for capacity in (0, 1, 3, 8, waiting, waiting + 5):
        trimmed = agenda("agenda", "--capacity", str(capacity), "--json")
        shown = trimmed["items"]
        assert isinstance(shown, list)
        assert trimmed["more"] == waiting - len(shown), capacity
