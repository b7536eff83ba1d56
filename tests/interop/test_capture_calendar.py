"""Capturing calendars: repeats with exceptions and EXDATE, who counts, sizes, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("recurring_ical_events")

from relnet.errors import ValidationError
from relnet.interop.calendar import read_calendar
from relnet.model import Channel, Direction
from tests.interop.capture_archives import ME, calendar

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"
UNTIL = dt.date(2027, 1, 1)

WEEKLY = f"""
UID:weekly-sync@example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Paris:20260105T100000
DTEND;TZID=Europe/Paris:20260105T110000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Paris:20260112T100000
SUMMARY:Weekly sync
ORGANIZER;CN=Me:mailto:{ME}
ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.org
ATTENDEE;CN=Bob;PARTSTAT=DECLINED:mailto:bob@example.net
ATTENDEE;CUTYPE=ROOM;CN=Room 1;PARTSTAT=ACCEPTED:mailto:room1@example.com
ATTENDEE;CUTYPE=RESOURCE;CN=Projector:mailto:projector@example.com
"""
MOVED = f"""
UID:weekly-sync@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Paris:20260119T100000
DTSTART;TZID=Europe/Paris:20260120T150000
DTEND;TZID=Europe/Paris:20260120T160000
SUMMARY:Weekly sync (moved)
ORGANIZER;CN=Me:mailto:{ME}
ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ada@example.org
"""
CANCELLED_ONE = f"""
UID:weekly-sync@example.org
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Paris:20260126T100000
DTSTART;TZID=Europe/Paris:20260126T100000
STATUS:CANCELLED
SUMMARY:Weekly sync
ORGANIZER;CN=Me:mailto:{ME}
"""


def write(tmp_path: Path, *events: str, name: str = "cal.ics") -> Path:
    path = tmp_path / name
    path.write_text(calendar(*events), encoding="utf-8", newline="")
    return path


def test_a_repeating_meeting_with_an_exception_a_cancellation_and_an_exdate(
    tmp_path: Path,
) -> None:
    result = read_calendar(write(tmp_path, WEEKLY, MOVED, CANCELLED_ONE), me=ME, until=UNTIL)
    assert result.errors == ()
    starts = [(i.at.month, i.at.day, i.at.hour, i.summary) for i in result.interactions]
    assert starts == [
        (1, 5, 10, "Weekly sync"),
        (1, 20, 15, "Weekly sync (moved)"),
        (2, 2, 10, "Weekly sync"),
        (2, 9, 10, "Weekly sync"),
    ]
    assert result.skipped == {"cancelled": 1}
    (ada,) = result.contacts
    assert ada.name == "Ada Lovelace"
    assert ada.emails == ("ada@example.org",)
    for interaction in result.interactions:
        assert interaction.channel is Channel.MEETING
        assert interaction.direction is Direction.MUTUAL
        assert interaction.participants == (ada.id,)
    assert len({i.id for i in result.interactions}) == 4


def test_a_moved_occurrence_keeps_its_id(tmp_path: Path) -> None:
    before = read_calendar(write(tmp_path, WEEKLY, name="a.ics"), me=ME, until=UNTIL)
    after = read_calendar(write(tmp_path, WEEKLY, MOVED, name="b.ics"), me=ME, until=UNTIL)
    assert [i.id for i in before.interactions if i.at.day in (12, 19) and i.at.month == 1] == [
        i.id for i in after.interactions if i.summary.endswith("(moved)")
    ]


def test_a_single_event_rescheduled_keeps_its_id(tmp_path: Path) -> None:
    event = f"UID:one@x\nDTSTART:20260301T100000Z\nORGANIZER:mailto:{ME}\nATTENDEE:mailto:a@x.org"
    first = read_calendar(write(tmp_path, event, name="a.ics"), me=ME, until=UNTIL)
    later = event.replace("20260301", "20260305")
    second = read_calendar(write(tmp_path, later, name="b.ics"), me=ME, until=UNTIL)
    assert first.interactions[0].id == second.interactions[0].id
    assert second.interactions[0].at.day == 5


def attendees(count: int) -> str:
    return "\n".join(
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:person{n}@example.org" for n in range(count)
    )


@pytest.mark.parametrize(
    ("others", "extra", "channel"),
    [
        (8, "", Channel.MEETING),
        (9, "", Channel.EVENT),
        (2, "LOCATION:https://us02web.zoom.us/j/123", Channel.VIDEO),
        (2, "DESCRIPTION:Join: https://meet.google.com/abc-defg-hij", Channel.VIDEO),
        (2, "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/x", Channel.VIDEO),
        (12, "LOCATION:https://meet.google.com/abc", Channel.EVENT),
    ],
)
def test_size_and_video_links_choose_the_channel(
    tmp_path: Path, others: int, extra: str, channel: Channel
) -> None:
    event = (
        f"UID:e@x\nDTSTART:20260301T100000Z\nORGANIZER:mailto:{ME}\n{attendees(others)}\n{extra}"
    )
    (only,) = read_calendar(write(tmp_path, event), me=ME, until=UNTIL).interactions
    assert only.channel is channel
    assert len(only.participants) == others


@pytest.mark.parametrize(
    ("mine", "why"),
    [
        (f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME.upper()}", None),
        (f"ATTENDEE;PARTSTAT=TENTATIVE:mailto:{ME}", "not accepted"),
        (f"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:{ME}", "not accepted"),
        (f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}", "not accepted"),
        ("ATTENDEE;PARTSTAT=ACCEPTED:mailto:someone@else.org", "not yours"),
    ],
)
def test_only_events_you_organised_or_accepted(tmp_path: Path, mine: str, why: str | None) -> None:
    event = f"UID:e@x\nDTSTART:20260301T100000Z\nORGANIZER;CN=Ada:mailto:ada@example.org\n{mine}"
    result = read_calendar(write(tmp_path, event), me=ME, until=UNTIL)
    if why is None:
        assert len(result.interactions) == 1
        assert [c.name for c in result.contacts] == ["Ada"]
    else:
        assert result.interactions == ()
        assert result.skipped == {why: 1}


def test_cancelled_events_and_events_with_nobody_else_are_skipped(tmp_path: Path) -> None:
    cancelled = (
        f"UID:c@x\nDTSTART:20260301T100000Z\nSTATUS:CANCELLED\nORGANIZER:mailto:{ME}\n"
        f"{attendees(2)}"
    )
    alone = f"UID:a@x\nDTSTART:20260302T100000Z\nORGANIZER:mailto:{ME}"
    result = read_calendar(write(tmp_path, cancelled, alone), me=ME, until=UNTIL)
    assert result.interactions == ()
    assert result.skipped == {"cancelled": 1, "nobody else": 1}


def test_since_and_until_bound_the_occurrences(tmp_path: Path) -> None:
    result = read_calendar(
        write(tmp_path, WEEKLY), me=ME, since=dt.date(2026, 1, 15), until=dt.date(2026, 2, 3)
    )
    assert [(i.at.month, i.at.day) for i in result.interactions] == [(1, 19), (1, 26), (2, 2)]


def test_an_endless_series_stops_at_until(tmp_path: Path) -> None:
    endless = WEEKLY.replace("RRULE:FREQ=WEEKLY;COUNT=6", "RRULE:FREQ=DAILY")
    result = read_calendar(write(tmp_path, endless), me=ME, until=dt.date(2026, 2, 1))
    assert len(result.interactions) == 26


def test_all_day_and_floating_times_are_read_in_the_owner_s_zone(tmp_path: Path) -> None:
    """In UTC by default; in the zone given (the owner's), a floating 10:00 in Paris is
    10:00 there, in winter and in summer alike."""
    day = f"UID:d@x\nDTSTART;VALUE=DATE:20260301\nORGANIZER:mailto:{ME}\n{attendees(1)}"
    floating = f"UID:f@x\nDTSTART:20260302T100000\nORGANIZER:mailto:{ME}\n{attendees(1)}"
    summer = f"UID:s@x\nDTSTART:20260702T100000\nORGANIZER:mailto:{ME}\n{attendees(1)}"
    path = write(tmp_path, day, floating, summer)
    first, second, third = read_calendar(path, me=ME, until=UNTIL).interactions
    assert third.at.isoformat() == "2026-07-02T10:00:00+00:00"
    assert first.at.isoformat() == "2026-03-01T00:00:00+00:00"
    assert second.at.isoformat() == "2026-03-02T10:00:00+00:00"
    paris = read_calendar(path, me=ME, until=UNTIL, timezone="Europe/Paris").interactions
    assert [i.at.in_timezone("Europe/Paris").hour for i in paris] == [0, 10, 10]
    assert [i.at.in_timezone("UTC").hour for i in paris] == [23, 9, 8]
    with pytest.raises(ValidationError) as bad:
        read_calendar(path, me=ME, until=UNTIL, timezone="Mars/Olympus")
    assert bad.value.field == "timezone"


def test_bad_events_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = f"UID:g@x\nDTSTART:20260301T100000Z\nORGANIZER:mailto:{ME}\n{attendees(1)}"
    bad_rule = good.replace("UID:g@x", "UID:rule@x") + "\nRRULE:FREQ=SOMETIMES"
    no_start = f"UID:nostart@x\nSUMMARY:No start\nORGANIZER:mailto:{ME}"
    result = read_calendar(write(tmp_path, bad_rule, no_start, good), me=ME, until=UNTIL)
    assert len(result.interactions) == 1
    assert [(e.where, e.field) for e in result.errors] == [
        ("cal.ics UID rule@x", "RRULE"),
        ("cal.ics UID nostart@x", "DTSTART"),
    ]


def test_real_fixtures() -> None:
    holidays = read_calendar(DATA / "icalendar_example.ics", me=ME, until=UNTIL)
    assert holidays.interactions == ()
    assert holidays.skipped == {"not yours": 3}
    bad_rule = read_calendar(
        DATA / "icalendar_issue_1081_invalid_rrule_freq.ics", me=ME, until=UNTIL
    )
    assert [e.field for e in bad_rule.errors] == ["RRULE"]
    bad_start = read_calendar(DATA / "icalendar_broken_dtstart.ics", me=ME, until=UNTIL)
    assert [e.field for e in bad_start.errors] == ["DTSTART"]


def test_a_folder_of_calendars_and_a_file_that_is_not_one(tmp_path: Path) -> None:
    write(tmp_path, WEEKLY, name="work.ics")
    (tmp_path / "broken.ics").write_text("this is no calendar")
    result = read_calendar(tmp_path, me=ME, until=UNTIL)
    assert len(result.interactions) == 5
    assert [e.where for e in result.errors] == ["broken.ics"]


def test_bad_arguments(tmp_path: Path) -> None:
    path = write(tmp_path, WEEKLY)
    with pytest.raises(ValidationError, match="me"):
        read_calendar(path, until=UNTIL)
    with pytest.raises(ValidationError, match="until"):
        read_calendar(path, me=ME, until=dt.datetime(2027, 1, 1))
    with pytest.raises(ValidationError, match="source"):
        read_calendar(tmp_path / "none.ics", me=ME, until=UNTIL)
    with pytest.raises(TypeError):
        read_calendar(path, me=ME)  # type: ignore[call-arg]
