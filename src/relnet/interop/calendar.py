"""Interactions from calendars: ``.ics`` files (Google Calendar, Outlook, Apple Calendar).

Read with icalendar, and recurring-ical-events for repeats (``RRULE``, ``RDATE``,
``EXDATE``, moved or cancelled occurrences with ``RECURRENCE-ID``); needs
``relnet[ical]``. Each occurrence of an event becomes one interaction:

* only events you organised, or that you accepted, are read; cancelled events and
  occurrences are skipped, and so are attendees who declined and ``ROOM`` or
  ``RESOURCE`` attendees;
* eight or fewer other people make a ``meeting`` (a ``video`` when the event carries a
  video-conference link: Zoom, Google Meet, Teams, Webex, Whereby, Jitsi), more an
  ``event``;
* the occurrence's start is when it happens; an all-day event or a floating time
  (without a zone) is read in the owner's zone (``timezone``). Occurrences after the
  caller's ``now`` are planned interactions: the policy lets them quiet nudges and catch-ups;
* the summary is the event's ``SUMMARY``; the source key is the ``UID`` and, for a
  repeating event, the occurrence's original start, so a moved occurrence stays the
  same interaction.

A file is read as UTF-8 (with or without a BOM) or UTF-16 with a BOM; one that is
neither, as old Outlook exports are, is read as Windows-1252, and lone CR line ends are
read as line ends.

An event that cannot be read (no ``DTSTART``, a bad ``RRULE``) is reported in
:attr:`~relnet.interop.capture.CaptureResult.errors` with its UID, and the rest read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from relnet.errors import ValidationError
from relnet.interop._builder import is_email
from relnet.interop._extras import missing_extra
from relnet.interop._source import lenient_text
from relnet.interop.capture import (
    CaptureIssue,
    CaptureResult,
    Collected,
    CreateMode,
    Owner,
    check_bound,
    stable_id,
)
from relnet.model import Channel, ContactId, Interaction, InteractionId
from relnet.model.instants import zone

__all__ = ["MAX_OCCURRENCES", "MEETING_SIZE", "read_calendar"]

#: Occurrences with at most this many other people are meetings; more, events.
MEETING_SIZE = 8
#: At most this many occurrences of one series whose rule repeats more than daily are
#: read (a rule repeating every minute for years is a mistake, or an attack); the rest
#: are reported.
MAX_OCCURRENCES = 50_000
_SUB_DAILY = {"HOURLY", "MINUTELY", "SECONDLY"}
_SUB_DAILY_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}

_VIDEO = re.compile(
    r"(zoom\.us/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/|webex\.com/"
    r"|whereby\.com/|meet\.jit\.si/|gotomeeting\.com/|chime\.aws/)",
    re.IGNORECASE,
)
_VIDEO_PROPERTIES = (
    "URL",
    "LOCATION",
    "DESCRIPTION",
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
)
_LEFT_OUT = {"DECLINED"}
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
_EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SUMMARY_LIMIT = 300
_LONE_CR = re.compile(r"\r(?!\n)")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())
    return [path]


def _text(data: bytes) -> str:
    """A calendar file's text (:func:`~relnet.interop._source.lenient_text`: UTF-8,
    UTF-16 with a BOM, else Windows-1252 as old Outlook exports wrote); lone CR line
    ends (old Mac files) become CR LF, which the parser splits lines on."""
    text = lenient_text(data)
    return _LONE_CR.sub("\r\n", text) if "\r" in text else text


def _content_key(event: Any) -> str:
    """What tells an event without a UID apart: its start and its summary (so it keeps
    its id when the file is read again, whatever else was added to it)."""
    start = getattr(event.get("DTSTART"), "dt", None)
    shown = start.isoformat() if isinstance(start, dt.date) else ""
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    return "\x1f".join(("no UID", shown, summary))


def _more_than_daily(events: list[Any]) -> bool:
    """Whether a rule of ``events`` may repeat more than once a day (hourly, every
    minute or second, or at chosen hours, minutes or seconds). A rule that cannot has
    at most a few tens of thousands of occurrences in any span a calendar is read over;
    one that can may have billions."""
    for event in events:
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            try:
                frequency = str(rule.get("FREQ", [""])[0]).upper()
                parts = {str(key).upper() for key in rule}
            except (AttributeError, IndexError, TypeError):
                return True
            if frequency in _SUB_DAILY or parts & _SUB_DAILY_PARTS:
                return True
    return False


def _earliest(events: list[Any], local: dt.tzinfo) -> dt.datetime | None:
    """A day before the earliest start a series gives (its ``DTSTART`` and ``RDATE``
    values), where looking for its occurrences can begin; None when one is unreadable.
    Searching from long before it would walk empty time, slowly for frequent rules."""
    starts: list[Any] = []
    for event in events:
        starts.append(getattr(event.get("DTSTART"), "dt", None))
        rdates = event.get("RDATE")
        for listed in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            starts.extend(d.dt[0] if isinstance(d.dt, tuple) else d.dt for d in listed.dts)
    try:
        return min(_instant(start, local) for start in starts) - dt.timedelta(days=1)
    except (ValueError, TypeError, AttributeError):
        return None


def _instant(value: Any, local: dt.tzinfo) -> dt.datetime:
    """An event's start as an instant: a floating time or a day (all day) is read in
    ``local``, the owner's zone."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=local)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=local)
    raise ValueError(f"not a date or time: {value!r}")


def _addresses(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _email(address: Any) -> str:
    text = str(address).strip()
    return text[7:] if text[:7].lower() == "mailto:" else text


def _param(address: Any, name: str) -> str:
    params = getattr(address, "params", {})
    return str(params.get(name, "")).strip().upper()


def _name(address: Any) -> str:
    return str(getattr(address, "params", {}).get("CN", "")).strip().strip('"')


class _Reader(Collected):
    def __init__(
        self, owner: Owner, since: dt.datetime, until: dt.datetime, local: dt.tzinfo
    ) -> None:
        super().__init__(owner)
        self.local = local
        self.since = since
        self.until = until

    def calendar(self, name: str, data: bytes) -> None:
        import icalendar

        try:
            calendar = icalendar.Calendar.from_ical(_text(data))
        except ValueError as error:
            self.errors.append(CaptureIssue(name, "", f"not an iCalendar file ({error})"))
            return
        series: dict[str, list[Any]] = {}
        alone: list[tuple[int, Any]] = []  # events without a UID: each is its own
        for number, event in enumerate(calendar.walk("VEVENT"), 1):
            uid = str(event.get("UID", "")).strip()
            if uid:
                series.setdefault(uid, []).append(event)
            else:
                alone.append((number, event))
        zones = calendar.walk("VTIMEZONE")
        for uid, events in series.items():
            self.series(name, calendar, zones, uid, events)
        for number, event in alone:
            where = f"{name} event {number} without a UID"
            self.series(name, calendar, zones, _content_key(event), [event], where=where)

    def series(
        self,
        name: str,
        calendar: Any,
        zones: list[Any],
        uid: str,
        events: list[Any],
        *,
        where: str = "",
    ) -> None:
        """Read the occurrences of ``events``, the series ``uid`` (for an event without
        a UID, a key made of its start and summary, and ``where`` says which it is)."""
        import icalendar
        import recurring_ical_events

        where = where or f"{name} UID {uid}"
        for event in events:
            if event.get("DTSTART") is None:
                self.errors.append(CaptureIssue(where, "DTSTART", "no start; event skipped"))
                return
        one = icalendar.Calendar()
        for key in ("X-WR-TIMEZONE",):
            if key in calendar:
                one.add(key, calendar[key])
        for component in (*zones, *events):
            one.add_component(component)
        repeats = any(
            e.get("RRULE") is not None or e.get("RDATE") is not None or "RECURRENCE-ID" in e
            for e in events
        )
        try:
            found = recurring_ical_events.of(one)
            if _more_than_daily(events):  # walked in order, so that it cannot run away
                start = max(self.since, _earliest(events, self.local) or self.since)
                occurrences = self.bounded(found.after(start), where)
            else:
                occurrences = list(found.between(self.since, self.until))
        except Exception as error:
            field = (
                "DTSTART"
                if "DTSTART" in str(error)
                else "RRULE"
                if any(e.get("RRULE") is not None for e in events)
                else ""
            )
            self.errors.append(
                CaptureIssue(where, field, f"cannot read its repeats ({error}); event skipped")
            )
            return
        for occurrence in occurrences:
            try:
                self.occurrence(where, uid, occurrence, repeats=repeats)
            except ValueError as error:
                self.errors.append(CaptureIssue(where, "", f"{error}; occurrence skipped"))

    def bounded(self, found: Iterator[Any], where: str) -> list[Any]:
        """The occurrences of ``found`` (in order of start, from ``since``) that start
        before ``until``: at most :data:`MAX_OCCURRENCES`, the rest reported, so that a
        rule repeating every minute or second cannot exhaust time and memory."""
        occurrences: list[Any] = []
        for occurrence in found:
            if _instant(occurrence.get("DTSTART").dt, self.local) >= self.until:
                break
            if len(occurrences) == MAX_OCCURRENCES:
                self.errors.append(
                    CaptureIssue(
                        where,
                        "RRULE",
                        f"more than {MAX_OCCURRENCES:,} occurrences before {self.until:%Y-%m-%d};"
                        " the later ones skipped",
                    )
                )
                break
            occurrences.append(occurrence)
        return occurrences

    def mine(self, event: Any) -> str:
        """Empty when the owner organised or accepted ``event``, else why it is skipped."""
        organizer = event.get("ORGANIZER")
        if organizer is not None and self.owner.is_email(_email(organizer)):
            return ""
        for attendee in _addresses(event.get("ATTENDEE")):
            if self.owner.is_email(_email(attendee)):
                return "" if _param(attendee, "PARTSTAT") == "ACCEPTED" else "not accepted"
        return "not yours"

    def others(self, event: Any) -> list[ContactId]:
        people: list[ContactId] = []
        organizer = event.get("ORGANIZER")
        for address in [
            *([organizer] if organizer is not None else []),
            *_addresses(event.get("ATTENDEE")),
        ]:
            email = _email(address)
            if (
                self.owner.is_email(email)
                or not is_email(email)
                or _param(address, "PARTSTAT") in _LEFT_OUT
                or _param(address, "CUTYPE") in _NOT_PEOPLE
            ):
                continue
            people.append(self.people.email(email, _name(address)))
        return list(dict.fromkeys(people))

    def occurrence(self, where: str, uid: str, event: Any, *, repeats: bool) -> None:
        start = _instant(event.get("DTSTART").dt, self.local)
        recurrence = event.get("RECURRENCE-ID")
        original = _instant(recurrence.dt, self.local) if recurrence is not None else start
        parts = (
            (uid or where, original.astimezone(dt.UTC).isoformat()) if repeats else (uid or where,)
        )
        key = "\x1f".join(parts)
        if key in self.seen:
            self.skipped["duplicate"] += 1
            return
        self.seen.add(key)
        if str(event.get("STATUS", "")).strip().upper() == "CANCELLED":
            self.skipped["cancelled"] += 1
            return
        why = self.mine(event)
        if why:
            self.skipped[why] += 1
            return
        people = self.others(event)
        if not people:
            self.skipped["nobody else"] += 1
            return
        if len(people) > MEETING_SIZE:
            channel = Channel.EVENT
        elif any(_VIDEO.search(str(event.get(p, ""))) for p in _VIDEO_PROPERTIES):
            channel = Channel.VIDEO
        else:
            channel = Channel.MEETING
        summary = " ".join(str(event.get("SUMMARY", "")).split())[:_SUMMARY_LIMIT]
        self.interactions.append(
            Interaction(
                people,
                start,
                channel,
                summary=summary,
                id=InteractionId(stable_id("cal", *parts)),
            )
        )


def _readable(paths: Iterable[Path]) -> Iterator[tuple[str, bytes]]:
    for path in paths:
        yield path.name, path.read_bytes()


def read_calendar(
    source: str | Path,
    *,
    me: Iterable[str] | str | None = None,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date,
    create: CreateMode = "contacted",
    timezone: str = "UTC",
) -> CaptureResult:
    """Read the occurrences of ``.ics`` events into interactions (see the module's rules).

    ``timezone`` (an IANA name, your :class:`~relnet.model.Settings`' zone; ``relnet
    import calendar`` passes it) is where floating times and all-day events happen.

    ``source`` is an ``.ics`` file or a folder of them (searched recursively). ``me``
    holds your email addresses (required); occurrences starting from ``since`` (default:
    1970) up to, not including, ``until`` (required, since a repeating event may never
    end) are read; ``create`` is carried to :func:`~relnet.interop.capture_into`.

    Raises :class:`~relnet.errors.ValidationError` when ``me`` is missing, a bound is
    naive or ``source`` is not there; an event that cannot be read is reported in the
    result's ``errors`` and the rest read. Raises ImportError naming ``relnet[ical]``
    when icalendar or recurring-ical-events is missing.
    """
    try:
        import icalendar  # noqa: F401
        import recurring_ical_events  # noqa: F401
    except ImportError as error:
        raise missing_extra(error.name or "icalendar", "ical") from None
    owner = Owner(me)
    start = check_bound(since, "since") or _EARLIEST
    end = check_bound(until, "until")
    if end is None:
        raise ValidationError("until", until, "an aware datetime or a date")
    path = Path(source)
    if not path.exists():
        raise ValidationError("source", str(source), "an .ics file or a folder of them")
    try:
        local = zone(timezone)
    except (ValueError, TypeError):
        raise ValidationError("timezone", timezone, "an IANA time zone name") from None
    reader = _Reader(owner, start, end, local)
    files = _files(path)
    if not files:
        raise ValidationError("source", str(source), "an .ics file or a folder holding one")
    for name, data in _readable(files):
        reader.calendar(name, data)
    return reader.result(create)
