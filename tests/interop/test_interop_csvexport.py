"""CSV export: formula injection neutralised, files of every kind, values read back."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Cadence, Contact, MonthDay
from relnet.errors import ValidationError
from relnet.interop.csvexport import (
    CONTACT_CSV_COLUMNS,
    FOLLOW_UP_CSV_COLUMNS,
    neutralize,
    write_contacts_csv,
    write_follow_ups_csv,
)
from relnet.policy.followup import FollowUp, Reason

RISKY = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+44 20 7946 0958", "'+44 20 7946 0958"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ada", "Ada"),
        ("", ""),
        (" =1", " =1"),
    ],
)
def test_neutralize(cell: str, expected: str) -> None:
    assert neutralize(cell) == expected


@given(st.text())
def test_no_cell_starts_a_formula(cell: str) -> None:
    safe = neutralize(cell)
    assert not safe.startswith(RISKY)
    assert safe == cell or safe == "'" + cell


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_contacts_csv_neutralises_and_keeps_values(tmp_path: Path) -> None:
    people = [
        Contact(
            "=cmd|' /C calc'!A0",
            id="evil",
            emails=("a@example.org", "b@example.org"),
            phones=("+44 20 7946 0958",),
            tags={"@team", "ops"},
            notes="-1\nsecond line",
            cadence=Cadence.monthly(),
            birthday=MonthDay(12, 10),
            created_at=pendulum.datetime(2024, 3, 15, 9, 30, tz="Europe/Paris"),
        ),
        Contact("Ada Lovelace", id="ada", organization="Engines, Ltd"),
    ]
    path = tmp_path / "contacts.csv"
    assert write_contacts_csv(people, path) == 2
    rows = _rows(path.read_text(encoding="utf-8"))
    assert tuple(rows[0]) == CONTACT_CSV_COLUMNS
    evil, ada = rows
    assert evil["name"] == "'=cmd|' /C calc'!A0"
    assert evil["phones"] == "'+44 20 7946 0958"
    assert evil["emails"] == "a@example.org ::: b@example.org"
    assert evil["tags"] == "'@team ::: ops"
    assert evil["notes"] == "'-1\nsecond line"
    assert evil["cadence"] == "every month"
    assert evil["birthday"] == "'--12-10"  # Excel would compute --12-10 as 2
    assert evil["created_at"] == "2024-03-15T09:30:00+01:00"
    assert ada["organization"] == "Engines, Ltd"
    assert ada["circle"] == "network"
    for row in rows:
        assert not any(value.startswith(RISKY) for value in row.values())


def test_text_and_binary_files() -> None:
    people = [Contact("Zoë", id="zoe")]
    text = io.StringIO()
    binary = io.BytesIO()
    write_contacts_csv(people, text)
    write_contacts_csv(people, binary, encoding="utf-8-sig")
    assert binary.getvalue().startswith(b"\xef\xbb\xbf")
    assert binary.getvalue().decode("utf-8-sig") == text.getvalue()
    assert text.getvalue().endswith("\r\n")
    assert _rows(text.getvalue())[0]["name"] == "Zoë"


def test_follow_ups_csv(make_follow_up: Callable[..., FollowUp]) -> None:
    items = [
        make_follow_up(also=(Reason.BIRTHDAY, Reason.NUDGE), text="=1+1 is not a formula here"),
        make_follow_up(contact="g", name="+Grace", reason=Reason.KEEP_IN_TOUCH),
    ]
    out = io.StringIO()
    assert write_follow_ups_csv(items, out) == 2
    rows = _rows(out.getvalue())
    assert tuple(rows[0]) == FOLLOW_UP_CSV_COLUMNS
    assert rows[0]["reason"] == "thank_you"
    assert rows[0]["also"] == "birthday ::: nudge"
    assert rows[0]["must_do"] == "true"
    assert rows[0]["due"] == "2026-03-29"
    assert rows[0]["due_at"] == "2026-03-29T08:00:00+00:00"
    assert rows[0]["text"] == "'=1+1 is not a formula here"
    assert rows[1]["name"] == "'+Grace"
    assert rows[1]["must_do"] == "false"


def test_something_that_is_not_a_file_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        write_contacts_csv([], 42)  # type: ignore[arg-type]
    assert caught.value.field == "file"
