"""Follow-ups as iCalendar: parsed back by icalendar and checked field by field."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

pytest.importorskip("icalendar")

import icalendar
import pendulum

from relnet import InMemoryStore, Settings
from relnet.errors import ValidationError
from relnet.interop.ical import SUMMARIES, summary_for, to_ical, uid_for
from relnet.policy.followup import FollowUp, Reason

Make = Callable[..., FollowUp]


@pytest.fixture
def paris() -> InMemoryStore:
    return InMemoryStore(Settings(timezone="Europe/Paris"))


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_one_event_per_follow_up_field_by_field(paris: InMemoryStore, make_follow_up: Make) -> None:
    thank = make_follow_up(due_at=pendulum.datetime(2026, 3, 29, 8, 0, tz="UTC"))
    nudge = make_follow_up(
        contact="grace",
        name="Grace Hopper",
        reason=Reason.NUDGE,
        due_at=pendulum.datetime(2026, 11, 2, 9, 0, tz="Europe/Paris"),
        text="Nudge Grace Hopper about the compiler paper; due 2026-11-02.",
    )
    calendar = _parse(to_ical([thank, nudge], paris))
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert str(first["uid"]) == "ada-thank_you@relnet"
    assert str(first["summary"]) == "Thank Ada Lovelace"
    assert str(first["description"]) == thank.text
    start = first.decoded("dtstart")
    assert first["dtstart"].params["TZID"] == "Europe/Paris"
    assert start == dt.datetime(2026, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # CEST
    assert first.decoded("dtend") - start == dt.timedelta(minutes=15)
    assert first.decoded("dtstamp") == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    (alarm,) = first.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == dt.timedelta(minutes=-15)
    assert str(second["uid"]) == "grace-nudge@relnet"
    assert str(second["summary"]) == "Nudge Grace Hopper"
    assert second.decoded("dtstart") == dt.datetime(
        2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert first.decoded("priority") == 1  # must-do
    assert second.decoded("priority") == 5
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Paris"
    assert calendar.get_missing_tzids() == set()


def test_the_uid_is_stable_and_the_output_reproducible(
    paris: InMemoryStore, make_follow_up: Make
) -> None:
    early = make_follow_up(due_at=pendulum.datetime(2026, 3, 29, 8, 0, tz="UTC"))
    later = make_follow_up(due_at=pendulum.datetime(2026, 4, 2, 8, 0, tz="UTC"), text="Later.")
    assert to_ical([early], paris) == to_ical([early], paris)
    uids = [str(e["uid"]) for e in _parse(to_ical([later], paris)).walk("VEVENT")]
    assert uids == [uid_for(early)]  # the same contact and reason: the same entry
    stamp = pendulum.datetime(2026, 3, 1, tz="UTC")
    (event,) = _parse(to_ical([later], paris, stamp=stamp)).walk("VEVENT")
    assert event.decoded("dtstamp") == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_todos_instead_of_events(paris: InMemoryStore, make_follow_up: Make) -> None:
    calendar = _parse(to_ical(iter([make_follow_up()]), paris, todo=True, alarm_minutes=30))
    assert calendar.walk("VEVENT") == []
    (todo,) = calendar.walk("VTODO")
    assert todo["due"].params["TZID"] == "Europe/Paris"
    assert todo.decoded("due") == dt.datetime(2026, 3, 29, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert str(todo["status"]) == "NEEDS-ACTION"
    (alarm,) = todo.walk("VALARM")
    assert alarm["trigger"].params["RELATED"] == "END"
    assert alarm.decoded("trigger") == dt.timedelta(minutes=-30)


def test_no_alarm_and_a_utc_owner(make_follow_up: Make) -> None:
    store = InMemoryStore()  # UTC
    calendar = _parse(to_ical([make_follow_up()], store, alarm_minutes=None))
    (event,) = calendar.walk("VEVENT")
    assert event.walk("VALARM") == []
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    assert calendar.walk("VTIMEZONE") == []


def test_an_empty_agenda_is_an_empty_calendar(paris: InMemoryStore) -> None:
    calendar = _parse(to_ical([], paris))
    assert str(calendar["version"]) == "2.0"
    assert calendar.walk("VEVENT") == []


def test_every_reason_has_a_summary(make_follow_up: Make) -> None:
    assert set(SUMMARIES) == set(Reason)
    for reason in Reason:
        assert "Ada Lovelace" in summary_for(make_follow_up(reason=reason))


def test_long_text_is_folded_and_read_back(paris: InMemoryStore, make_follow_up: Make) -> None:
    text = "Grüße, ça va? " * 40 + "\nSecond line; with, punctuation."
    data = to_ical([make_follow_up(text=text)], paris)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    (event,) = _parse(data).walk("VEVENT")
    assert str(event["description"]) == text


@pytest.mark.parametrize(
    ("option", "value"),
    [("alarm_minutes", -5), ("duration_minutes", -1), ("stamp", dt.datetime(2026, 1, 1))],
)
def test_bad_options_are_refused(
    paris: InMemoryStore, make_follow_up: Make, option: str, value: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        to_ical([make_follow_up()], paris, **{option: value})  # type: ignore[arg-type]
    assert caught.value.field == option


def test_missing_icalendar_names_the_extra(
    paris: InMemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ImportError, match=r"relnet\[ical\]"):
        to_ical([], paris)


# -- the export instant ------------------------------------------------------------------

EXPORTED = pendulum.datetime(2026, 4, 2, 6, 30, tz="UTC")  # 08:30 in Paris


def test_an_empty_agenda_still_holds_a_component(paris: InMemoryStore) -> None:
    calendar = _parse(to_ical([], paris, now=EXPORTED))
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert str(calendar.subcomponents[0]["tzid"]) == "Europe/Paris"


def test_dtstamp_is_the_export_instant_and_sequence_grows(
    paris: InMemoryStore, make_follow_up: Make
) -> None:
    item = make_follow_up(due_at=pendulum.datetime(2026, 4, 10, 8, tz="UTC"))
    first = _parse(to_ical([item], paris, now=EXPORTED)).walk("VEVENT")[0]
    later = _parse(to_ical([item], paris, now=EXPORTED.add(minutes=1))).walk("VEVENT")[0]
    assert first.decoded("dtstamp") == dt.datetime(2026, 4, 2, 6, 30, tzinfo=dt.UTC)
    assert int(str(later["sequence"])) > int(str(first["sequence"])) >= 0
    assert first.decoded("dtstart") == dt.datetime(2026, 4, 10, 8, tzinfo=dt.UTC)


def test_an_overdue_item_is_placed_at_today_s_reminder_time(
    paris: InMemoryStore, make_follow_up: Make
) -> None:
    overdue = make_follow_up(due_at=pendulum.datetime(2026, 3, 20, 8, tz="UTC"))
    event = _parse(to_ical([overdue], paris, now=EXPORTED)).walk("VEVENT")[0]
    paris_zone = ZoneInfo("Europe/Paris")
    assert event.decoded("dtstart") == dt.datetime(2026, 4, 2, 9, 0, tzinfo=paris_zone)
    assert str(event["description"]).startswith("Due 2026-03-20 (overdue). ")
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(minutes=-15)
    late = EXPORTED.add(hours=3, minutes=7)  # 11:37 in Paris: the reminder time has passed
    moved = _parse(to_ical([overdue], paris, now=late)).walk("VEVENT")[0]
    assert moved.decoded("dtstart") == dt.datetime(2026, 4, 2, 11, 45, tzinfo=paris_zone)


def test_a_naive_now_is_refused(paris: InMemoryStore) -> None:
    with pytest.raises(ValidationError, match="now"):
        to_ical([], paris, now=dt.datetime(2026, 4, 2, 8))
