"""Follow-ups as an iCalendar file (``.ics``) for any calendar. Needs ``relnet[ical]``.

Each follow-up becomes one event (or, with ``todo=True``, one to-do) at its ``due_at``
in the owner's time zone, with the zone's VTIMEZONE, a reminder ``alarm_minutes``
before, the follow-up's text as its description and a summary such as "Thank Ada
Lovelace". Its UID is ``<contact>-<reason>@relnet``, the same every time, so importing
a newer file updates the entries instead of duplicating them. Google Calendar ignores
to-dos, hence events by default.

Given the export instant ``now``, ``DTSTAMP`` is ``now`` in UTC and ``SEQUENCE`` the
seconds from 2024-01-01 to ``now``, so each export outranks the one before and calendars
apply its changes; and an overdue follow-up is placed at today's reminder time (the
store's ``Settings.reminder_time``; at the next quarter hour when that has passed),
its original due date at the head of its description, so its alarm still fires. An
empty list still gives a valid calendar: it holds the owner's VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from relnet.errors import ValidationError
from relnet.interop._extras import missing_extra
from relnet.model import _check
from relnet.model.instants import EPOCH
from relnet.policy.followup import FollowUp, Reason
from relnet.storage import Store

if TYPE_CHECKING:
    from icalendar import Alarm, Calendar, Event, Todo

__all__ = ["SUMMARIES", "summary_for", "to_ical", "uid_for"]

#: The summary line of each reason; ``{name}`` is the contact's name.
SUMMARIES: Mapping[Reason, str] = MappingProxyType(
    {
        Reason.REPLY_OWED: "Reply to {name}",
        Reason.THANK_YOU: "Thank {name}",
        Reason.PROMISE: "Keep your promise to {name}",
        Reason.EVENT_FOLLOW_UP: "Follow up with {name}",
        Reason.INTRO_LOOP: "Tell {name} how the intro went",
        Reason.MENTOR_LOOP: "Report back to {name}",
        Reason.NUDGE: "Nudge {name}",
        Reason.CHECK_IN: "Check in with {name}",
        Reason.KEEP_IN_TOUCH: "Keep in touch with {name}",
        Reason.RECONNECT: "Reconnect with {name}",
        Reason.BIRTHDAY: "Wish {name} a happy birthday",
    }
)


def summary_for(follow_up: FollowUp) -> str:
    """The one-line summary of a follow-up: ``"Thank Ada Lovelace"``."""
    return SUMMARIES[follow_up.reason].format(name=follow_up.name)


def uid_for(follow_up: FollowUp) -> str:
    """The stable UID of a follow-up: ``<contact>-<reason>@relnet``."""
    return f"{follow_up.contact}-{follow_up.reason.value}@relnet"


def _local(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """``instant`` as a standard-library datetime in ``zone``, to the second."""
    utc = _check.to_instant(instant, "due_at").in_timezone("UTC")
    plain = dt.datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=dt.UTC
    )
    return plain.astimezone(zone)


def to_ical(
    follow_ups: Iterable[FollowUp],
    store: Store,
    *,
    todo: bool = False,
    alarm_minutes: int | None = 15,
    duration_minutes: int = 15,
    stamp: dt.datetime | None = None,
    calendar_name: str = "relnet follow-ups",
    now: dt.datetime | None = None,
) -> bytes:
    """An iCalendar file with one VEVENT (or VTODO) per follow-up.

    The owner's zone is ``store.get_settings().timezone``. Events last
    ``duration_minutes``; to-dos are due at ``due_at``. ``alarm_minutes`` sets a
    display alarm that many minutes before (``None``: no alarm). ``stamp`` is the
    DTSTAMP of every entry, by default ``now`` or else the earliest ``due_at``, so the
    same follow-ups always give the same bytes. ``now``, the export instant, also sets
    ``SEQUENCE`` and moves overdue follow-ups to today (see the module). Raises
    ValidationError for a naive ``stamp`` or ``now`` or a negative duration or alarm,
    and ImportError naming ``relnet[ical]`` without icalendar.
    """
    try:
        import icalendar
    except ImportError as error:
        raise missing_extra("icalendar", "ical") from error
    items = list(follow_ups)
    _check_minutes(alarm_minutes, duration_minutes)
    settings = store.get_settings()
    zone = ZoneInfo(settings.timezone)
    at = None if now is None else _check.to_instant(now, "now")
    stamp_utc = _stamp(stamp if stamp is not None else at, items)
    sequence = None if at is None else max(0, int(at.timestamp() - _SEQUENCE_FROM.timestamp()))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//relnet//relnet follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    starts = [_start(item, zone, at, settings.reminder_time) for item in items]
    for item, start in zip(items, starts, strict=True):
        component = _entry(
            item, start, stamp_utc, todo=todo, duration_minutes=duration_minutes, zone=zone
        )
        if sequence is not None:
            component.add("sequence", sequence)
        if alarm_minutes is not None:
            component.add_component(_alarm(item, alarm_minutes, todo=todo))
        calendar.add_component(component)
    years = [start.year for start in starts] or [stamp_utc.astimezone(zone).year]
    _add_zones(calendar, settings.timezone, years, entries=bool(items))
    return bytes(calendar.to_ical())


def _check_minutes(alarm_minutes: int | None, duration_minutes: int) -> None:
    """Refuse an alarm or a duration that is not a whole number of minutes >= 0."""
    if alarm_minutes is not None and (isinstance(alarm_minutes, bool) or alarm_minutes < 0):
        raise ValidationError("alarm_minutes", alarm_minutes, "a number of minutes >= 0, or None")
    if isinstance(duration_minutes, bool) or duration_minutes < 0:
        raise ValidationError("duration_minutes", duration_minutes, "a number of minutes >= 0")


def _add_zones(calendar: Calendar, owner_zone: str, years: list[int], *, entries: bool) -> None:
    """The time zones of ``calendar``'s entries over ``years`` (one year before, two
    after); with no entry the owner's zone, since RFC 5545 wants one component at
    least."""
    import icalendar

    first = dt.date(max(min(years) - 1, 1), 1, 1)
    last = dt.date(min(max(years) + 2, 9999), 1, 1)
    if entries:
        calendar.add_missing_timezones(first_date=first, last_date=last)
    else:
        calendar.add_component(
            icalendar.Timezone.from_tzid(owner_zone, first_date=first, last_date=last)
        )


#: ``SEQUENCE`` counts the seconds since this instant.
_SEQUENCE_FROM = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def _start(
    item: FollowUp, zone: ZoneInfo, now: dt.datetime | None, reminder: dt.time
) -> dt.datetime:
    """When the entry starts: the due time, or for an overdue item today at ``reminder``
    (the next quarter hour when that has passed)."""
    due = _local(item.due_at, zone)
    if now is None:
        return due
    here = _local(now, zone)
    if due >= here:
        return due
    today = dt.datetime.combine(here.date(), reminder, tzinfo=zone)
    if today >= here:
        return today
    quarter = here.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - here.minute % 15)
    return quarter


def _stamp(stamp: dt.datetime | None, items: Sequence[FollowUp]) -> dt.datetime:
    """The DTSTAMP in UTC: ``stamp``, else the earliest due time, else the epoch."""
    if stamp is not None:
        stamp_utc = _local(_check.to_instant(stamp, "stamp"), ZoneInfo("UTC"))
    elif items:
        stamp_utc = min(_local(item.due_at, ZoneInfo("UTC")) for item in items)
    else:
        stamp_utc = EPOCH
    return stamp_utc.astimezone(dt.UTC)


def _entry(
    item: FollowUp,
    start: dt.datetime,
    stamp_utc: dt.datetime,
    *,
    todo: bool,
    duration_minutes: int,
    zone: ZoneInfo,
) -> Event | Todo:
    """One follow-up as a VEVENT (or a VTODO) starting at ``start``, without its alarm."""
    import icalendar

    due = _local(item.due_at, zone)
    component = icalendar.Todo() if todo else icalendar.Event()
    component.add("uid", uid_for(item))
    component.add("dtstamp", stamp_utc)
    component.add("summary", summary_for(item))
    moved = start != due
    head = f"Due {due.date().isoformat()} (overdue). " if moved else ""
    component.add("description", head + item.text)
    component.add("categories", ["relnet", item.reason.value])
    component.add("priority", 1 if item.must_do else 5)
    if todo:
        component.add("due", start)
        component.add("status", "NEEDS-ACTION")
    else:
        component.add("dtstart", start)
        component.add("dtend", start + dt.timedelta(minutes=duration_minutes))
    return component


def _alarm(item: FollowUp, minutes: int, *, todo: bool) -> Alarm:
    """A display alarm ``minutes`` before the event (or before a to-do is due)."""
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary_for(item))
    parameters = {"RELATED": "END"} if todo else {}
    alarm.add("trigger", dt.timedelta(minutes=-minutes), parameters=parameters)
    return alarm
