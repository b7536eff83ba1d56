"""``relnet import mail|calendar|linkedin-archive`` and ``relnet init --email --linkedin``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run, as_json, dump, failed, ok
from tests.interop.capture_archives import (
    ME,
    ME_PROFILE,
    calendar,
    linkedin_files,
    message,
    write_mbox,
    write_zip,
)


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    return write_mbox(
        tmp_path / "All mail.mbox",
        [
            message(
                sender="Ada <ada@example.org>",
                date="Fri, 27 Feb 2026 09:00:00 +0100",
                message_id="<a@x>",
                subject="Lunch?",
            ),
            message(
                sender=ME,
                to=["bob@example.net"],
                date="Sat, 28 Feb 2026 09:00:00 +0100",
                message_id="<b@x>",
                subject="Notes",
            ),
            message(sender="news@example.org", extra=["List-Id: <n.example.org>"]),
            message(sender="ada@example.org", date=None, message_id="<broken@x>"),
        ],
    )


def test_init_sets_the_owner_s_addresses(run: Run) -> None:
    out = as_json(
        run(
            "init",
            "--timezone",
            "Europe/Paris",
            "--email",
            ME,
            "--email",
            "me@work.example",
            "--linkedin",
            "http://www.linkedin.com/in/Me-Myself/",
            "--json",
        )
    )
    assert out["settings"]["me"] == [ME, "me@work.example", "https://linkedin.com/in/me-myself"]
    again = as_json(run("init", "--json"))
    assert again["settings"]["me"] == out["settings"]["me"]
    failed(run("init", "--email", "not-an-address"), "--email", "not-an-address")
    failed(run("init", "--linkedin", "https://example.org/me"), "--linkedin")


def test_capture_mail_then_again(run: Run, mbox: Path) -> None:
    ok(run("init", "--timezone", "Europe/Paris", "--email", ME))
    first = as_json(run("import", "mail", str(mbox), "--json"))
    assert first["read"] == 2
    assert first["skipped"] == {"bulk": 1}
    assert [e["where"] for e in first["errors"]] == ["message 4 <broken@x>"]
    assert len(first["people_added"]) == 1
    assert first["interactions_added"] == 1
    assert first["interactions_left_out"] == 1
    second = as_json(run("import", "mail", str(mbox), "--json"))
    assert second["interactions_added"] == 0
    assert second["skipped"] == {"bulk": 1, "already captured": 1}
    everyone = as_json(run("import", "mail", str(mbox), "--create", "all", "--json"))
    assert everyone["interactions_added"] == 1
    assert len(everyone["people_added"]) == 1


def test_the_summary_table(run: Run, mbox: Path) -> None:
    ok(run("init", "--email", ME))
    out = ok(run("import", "mail", str(mbox))).stdout
    assert "Captured All mail.mbox (mail archive)." in out
    for row in ("interactions read", "skipped: bulk", "people added", "interactions added"):
        assert row in out
    assert "message 4 <broken@x>, Date" in out


def test_a_dry_run_prints_the_same_counts_and_writes_nothing(
    run: Run, mbox: Path, db: Path
) -> None:
    ok(run("init", "--email", ME))
    before = dump(db)
    dry = as_json(run("import", "mail", str(mbox), "--dry-run", "--json"))
    assert dump(db) == before
    real = as_json(run("import", "mail", str(mbox), "--json"))
    assert {k: v for k, v in dry.items() if k != "dry_run"} == {
        k: v for k, v in real.items() if k != "dry_run"
    }
    assert "nothing written" in ok(run("import", "mail", str(mbox), "--dry-run")).stdout


def test_a_dry_run_without_a_database_creates_none(run: Run, mbox: Path, db: Path) -> None:
    ok(run("import", "mail", str(mbox), "--me", ME, "--dry-run"))
    assert not db.exists()


def test_me_and_dates_from_the_command_line(run: Run, mbox: Path) -> None:
    out = as_json(run("import", "mail", str(mbox), "--me", ME, "--since", "2026-02-28", "--json"))
    assert out["read"] == 1
    assert out["skipped"] == {"outside the dates": 2}
    failed(run("import", "mail", str(mbox), "--me", ME, "--until", "someday"), "--until")


def test_without_the_owner_s_addresses_nothing_is_written(run: Run, mbox: Path, db: Path) -> None:
    failed(run("import", "mail", str(mbox)), "--me", "relnet init --email")
    assert not db.exists()


def test_unreadable_sources_are_one_line_errors(run: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(b"\0\1 not mail at all")
    failed(run("import", "mail", str(junk), "--me", ME), "junk.mbox", "at least one message")
    failed(run("import", "mail", str(tmp_path / "nope"), "--me", ME), "does not exist")
    failed(run("import", "linkedin", str(tmp_path)), "folder")


def test_capture_a_calendar(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    path.write_text(
        calendar(
            f"UID:w@x\nDTSTART;TZID=Europe/Paris:20260223T100000\nRRULE:FREQ=WEEKLY\n"
            f"ORGANIZER:mailto:{ME}\nATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:mailto:ada@example.org\n"
            "SUMMARY:Weekly"
        ),
        newline="",
    )
    ok(run("init", "--email", ME))
    out = as_json(run("import", "calendar", str(path), "--until", "2026-03-20", "--json"))
    assert out["read"] == 4
    assert out["interactions_added"] == 4
    default = as_json(run("import", "calendar", str(path), "--dry-run", "--json"))
    assert default["read"] == 1 + 13


def test_capture_the_linkedin_archive(run: Run, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", linkedin_files())
    ok(run("init", "--linkedin", ME_PROFILE))
    out = as_json(run("import", "linkedin-archive", str(path), "--create", "all", "--json"))
    assert out["errors"] == []
    assert out["interactions_added"] == 8
    assert len(out["people_added"]) == 5
    assert as_json(run("contacts", "--json"))


def test_since_after_until_is_refused_naming_both(run: Run, mbox: Path, db: Path) -> None:
    failed(
        run(
            "import",
            "mail",
            str(mbox),
            "--me",
            ME,
            "--since",
            "2026-03-01",
            "--until",
            "2026-02-01",
        ),
        "--since 2026-03-01 is not before --until 2026-02-01",
    )
    failed(
        run("import", "calendar", str(mbox), "--me", ME, "--since", "2027-01-01"),
        "--since 2027-01-01 is not before the calendar's default end",
        "give --until",
    )
    assert not db.exists()


def test_refusals_of_the_addresses_and_the_file_name_the_option(
    run: Run, tmp_path: Path, db: Path
) -> None:
    path = write_zip(tmp_path / "export.zip", linkedin_files())
    failed(run("import", "mail", str(path), "--me", "not-an-address"), "--me 'not-an-address'")
    failed(
        run("import", "linkedin-archive", str(path), "--me", ME),
        f"--me '{ME}': expected your LinkedIn profile URL",
    )
    failed(
        run("import", "linkedin-archive", str(tmp_path), "--me", ME_PROFILE),
        f"FILE '{tmp_path}': expected LinkedIn's export",
    )
    assert not db.exists()


@pytest.mark.parametrize(
    ("kind", "option"),
    [
        ("mail", ["--tag", "x"]),
        ("calendar", ["--circle", "close"]),
        ("mail", ["--cadence", "monthly"]),
        ("mail", ["--encoding", "cp1252"]),
        ("calendar", ["--strict"]),
        ("linkedin-archive", ["--since", "2026-01-01"]),
        ("linkedin-archive", ["--until", "2026-01-01"]),
        ("vcard", ["--me", ME]),
        ("google", ["--since", "2026-01-01"]),
        ("linkedin", ["--create", "all"]),
        ("json", ["--tag", "x"]),
    ],
)
def test_an_option_for_another_kind_of_file_is_refused(
    run: Run, mbox: Path, db: Path, kind: str, option: list[str]
) -> None:
    failed(
        run("import", kind, str(mbox), *option),
        f"{option[0]} does not apply to 'relnet import {kind}'",
    )
    assert not db.exists()
