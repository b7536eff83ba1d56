"""Capturing LinkedIn's data archive: threads, groups, invitations, values, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from relnet.errors import ValidationError
from relnet.interop import CaptureResult
from relnet.interop.linkedin import parse_archive_time, read_archive
from relnet.model import Channel, ContactId, Direction, Value
from tests.interop.capture_archives import ME, ME_PROFILE, linkedin_files, write_zip


def names(result: CaptureResult, ids: tuple[ContactId, ...]) -> list[str]:
    people = {c.id: c.name for c in result.contacts}
    return [people[i] for i in ids]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "Basic_LinkedInDataExport_03-01-2026.zip", linkedin_files())


def test_the_whole_archive(archive: Path) -> None:
    result = read_archive(archive, me=[ME, ME_PROFILE])
    assert result.errors == ()
    assert result.skipped == {"LinkedIn Member": 1, "sponsored": 1}
    seen = {c.name: c for c in result.contacts}
    assert set(seen) == {
        "Ada Lovelace",
        "Bob Babbage",
        "Carol Quiet",
        "Eve Hopper",
        "Dan Dee",
    }
    assert seen["Ada Lovelace"].organization == "Analytical Engines"
    assert seen["Ada Lovelace"].urls == ("https://linkedin.com/in/ada-lovelace",)
    assert seen["Bob Babbage"].emails == ("bob@example.net",)
    rows = [
        (
            i.channel,
            i.direction,
            i.expects_reply,
            names(result, i.participants),
            i.summary,
            i.gave,
            i.received,
        )
        for i in sorted(result.interactions, key=lambda i: i.at)
    ]
    assert rows == [
        (
            Channel.SOCIAL,
            Direction.OUTBOUND,
            False,
            ["Eve Hopper"],
            "Invitation to connect",
            (),
            (),
        ),
        (
            Channel.SOCIAL,
            Direction.INBOUND,
            False,
            ["Ada Lovelace"],
            "Endorsement: Python",
            (),
            (Value.ENDORSEMENT,),
        ),
        (Channel.SOCIAL, Direction.INBOUND, False, ["Dan Dee"], "Invitation to connect", (), ()),
        (
            Channel.SOCIAL,
            Direction.OUTBOUND,
            False,
            ["Bob Babbage"],
            "Recommendation",
            (Value.ENDORSEMENT,),
            (),
        ),
        (Channel.MESSAGE, Direction.INBOUND, True, ["Ada Lovelace"], "Coffee?", (), ()),
        (Channel.MESSAGE, Direction.OUTBOUND, False, ["Ada Lovelace"], "", (), ()),
        (
            Channel.MESSAGE,
            Direction.INBOUND,
            False,
            ["Bob Babbage", "Ada Lovelace"],
            "Engines club",
            (),
            (),
        ),
        (
            Channel.MESSAGE,
            Direction.OUTBOUND,
            False,
            ["Bob Babbage", "Ada Lovelace"],
            "Engines club",
            (),
            (),
        ),
    ]


def test_message_bodies_are_never_kept(archive: Path) -> None:
    result = read_archive(archive, me=ME_PROFILE)
    assert not any("private" in repr(i) for i in result.interactions)


def test_a_folder_and_a_zip_with_a_top_folder_read_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name, data in linkedin_files().items():
        (folder / name).write_bytes(data)
    nested = write_zip(tmp_path / "nested.zip", linkedin_files(), folder="export/")
    flat = write_zip(tmp_path / "flat.zip", linkedin_files())
    results = [read_archive(p, me=ME_PROFILE) for p in (folder, nested, flat)]
    assert results[0] == results[1] == results[2]


def test_the_same_export_twice_gives_the_same_ids(archive: Path) -> None:
    first = read_archive(archive, me=ME_PROFILE)
    second = read_archive(archive, me=ME_PROFILE)
    assert [i.id for i in first.interactions] == [i.id for i in second.interactions]
    assert len({i.id for i in first.interactions}) == len(first.interactions)


def test_an_archive_without_messages_is_read_and_says_so(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", linkedin_files(messages=False))
    result = read_archive(path, me=ME_PROFILE)
    assert [(e.where, e.message) for e in result.errors] == [
        ("messages.csv", "not in the archive; no messages read")
    ]
    assert len(result.interactions) == 4


def test_a_file_that_is_not_utf8_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    files = linkedin_files()
    files["Invitations.csv"] = "From,To,Sent At,Direction\nJosé,Me,1/8/26,OUTGOING\n".encode(
        "utf-16-le"
    )
    files["Connections.csv"] = files["Connections.csv"].replace(b"Ada", "Adà".encode("cp1252"))
    result = read_archive(write_zip(tmp_path / "a.zip", files), me=ME_PROFILE)
    assert sorted(e.where for e in result.errors) == ["Connections.csv", "Invitations.csv"]
    assert any(i.channel is Channel.MESSAGE for i in result.interactions)


def test_columns_are_found_by_name(tmp_path: Path) -> None:
    files = linkedin_files()
    text = files["messages.csv"].decode()
    header, *rows = text.splitlines()
    columns = header.split(",")
    order = list(reversed(range(len(columns))))
    import csv
    import io

    parsed = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out).writerows([[row[i] for i in order] for row in parsed])
    files["messages.csv"] = out.getvalue().encode()
    shuffled = read_archive(write_zip(tmp_path / "s.zip", files), me=ME_PROFILE)
    plain = read_archive(write_zip(tmp_path / "p.zip", linkedin_files()), me=ME_PROFILE)
    assert shuffled == plain
    assert rows


def test_bad_rows_are_reported(tmp_path: Path) -> None:
    files = linkedin_files()
    files["messages.csv"] = files["messages.csv"].replace(
        b"2026-02-20 10:00:00 UTC", b"yesterday-ish"
    )
    result = read_archive(write_zip(tmp_path / "a.zip", files), me=ME_PROFILE)
    assert [(e.where, e.field) for e in result.errors] == [("messages.csv line 2", "DATE")]


def test_bad_sources_and_owners(tmp_path: Path, archive: Path) -> None:
    with pytest.raises(ValidationError, match="LinkedIn profile URL"):
        read_archive(archive, me=ME)
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"PK nothing")
    with pytest.raises(ValidationError, match="zip"):
        read_archive(not_zip, me=ME_PROFILE)
    empty = write_zip(tmp_path / "e.zip", {"Profile.csv": b"First Name\nMe\n"})
    with pytest.raises(ValidationError, match=r"Connections\.csv"):
        read_archive(empty, me=ME_PROFILE)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-01-01 10:00:00 UTC", "2026-01-01T10:00:00+00:00"),
        ("2020/08/14 06:48:15 UTC", "2020-08-14T06:48:15+00:00"),
        ("1/8/18, 6:14 PM", "2018-01-08T18:14:00+00:00"),
        ("02/15/21, 04:32 PM", "2021-02-15T16:32:00+00:00"),
        ("09 Dec 2019", "2019-12-09T00:00:00+00:00"),
    ],
)
def test_archive_times(text: str, iso: str) -> None:
    parsed = parse_archive_time(text)
    assert parsed is not None
    assert parsed.isoformat() == iso


def test_a_time_that_is_none_of_those() -> None:
    assert parse_archive_time("soon") is None
