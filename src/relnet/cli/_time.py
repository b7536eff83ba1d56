"""Reading times and dates as people type them, and finding the machine's time zone.

Instants (``--at``, ``--now``) and dates (``--due``, ``--until``, ``--deadline``) are read
in the owner's time zone, from the store's settings. A time written without an offset
("2026-03-02 15:00", "yesterday 15:00") is a wall-clock time there; a wall-clock time that
the zone skips (the hour clocks jump over in spring) is refused, and one that happens
twice (the hour repeated in autumn) is the first of the two.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum

from relnet.errors import ValidationError
from relnet.model import add_months

__all__ = [
    "DATE_EXPECTED",
    "INSTANT_EXPECTED",
    "machine_timezone",
    "parse_date",
    "parse_instant_phrase",
]

#: What ``--at`` and ``--now`` accept, for error messages and help texts.
INSTANT_EXPECTED = (
    "an instant such as 2026-03-02T15:00+01:00, '2026-03-02 15:00' (in your time zone), "
    "now, 'today 15:00', 'yesterday 15:00', '3 days ago' or 'tomorrow 10:00'"
)
#: What date options accept.
DATE_EXPECTED = "a date such as 2026-03-14, today, tomorrow, friday, 'in 3 days' or 'in 2 weeks'"

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_DAY_AND_CLOCK = re.compile(rf"^(?P<day>today|yesterday|tomorrow)(?:\s+(?:at\s+)?{_CLOCK})?$")
_AGO = re.compile(r"^(?P<count>\d+)\s+(?P<unit>minute|hour|day|week)s?\s+ago$")
_IN = re.compile(r"^in\s+(?P<count>\d+)\s+(?P<unit>minute|hour|day|week)s?$")
_ISO = re.compile(r"^(?P<body>\d{4}-?\d{2}-?\d{2}[T ][^\[\]]+)(?:\[(?P<zone>[^\]]+)\])?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IN_DAYS = re.compile(r"^in\s+(?P<count>\d+)\s+(?P<unit>day|week|month|year)s?$")


def local_instant(naive: dt.datetime, zone: str, field: str, text: str) -> pendulum.DateTime:
    """``naive`` as a wall-clock time in ``zone``; refuse a time the zone skips.

    A time that happens twice (when clocks go back) is the first of the two.
    """
    tz = ZoneInfo(zone)
    first = naive.replace(tzinfo=tz, fold=0)
    back = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise ValidationError(
            field,
            text,
            f"a time that exists in {zone} (clocks skip it there); give an offset instead",
        )
    return pendulum.instance(first).in_timezone(zone)


def parse_instant_phrase(
    text: str, *, zone: str, now: pendulum.DateTime, field: str = "--at"
) -> pendulum.DateTime:
    """Read an instant in the owner's zone ``zone``, relative phrases counted from ``now``.

    Accepts an ISO instant with an offset (``2026-03-02T15:00+01:00``, ``...Z``, or the
    ``[Zone]`` form relnet writes), a naive ISO date and time (read in ``zone``),
    ``now``, ``today``/``yesterday``/``tomorrow`` with an optional ``HH:MM`` (without one,
    the current time of day), ``N minutes|hours|days|weeks ago`` and ``in N ...``.
    Raises :class:`~relnet.errors.ValidationError` naming ``field`` for anything else,
    including a bare date (an instant needs a time of day).
    """
    phrase = " ".join(text.strip().lower().split())
    relative = _relative_instant(phrase, now.in_timezone(zone), zone, field, text)
    if relative is not None:
        return relative
    return _written_instant(text, zone, field)


def _relative_instant(
    phrase: str, local_now: pendulum.DateTime, zone: str, field: str, text: str
) -> pendulum.DateTime | None:
    """``now``, a named day with an optional time, ``N units ago`` or ``in N units``."""
    if phrase == "now":
        return local_now
    match = _DAY_AND_CLOCK.match(phrase)
    if match:
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match["day"]]
        day = local_now.date().add(days=shift)
        if match["hour"] is None:
            clock: dt.time = local_now.time().replace(tzinfo=None)
        else:
            clock = _clock(match, field, text)
        return local_instant(dt.datetime.combine(day, clock), zone, field, text)
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        match = pattern.match(phrase)
        if match:
            count = sign * int(match["count"])
            unit = match["unit"]
            if unit in ("minute", "hour"):
                return local_now.add(**{unit + "s": count})
            days = count * (7 if unit == "week" else 1)
            naive = dt.datetime.combine(
                local_now.date().add(days=days), local_now.time().replace(tzinfo=None)
            )
            return local_instant(naive, zone, field, text)
    return None


def _written_instant(text: str, zone: str, field: str) -> pendulum.DateTime:
    """An ISO instant, with an offset (and perhaps a ``[zone]``) or read in ``zone``."""
    stripped = text.strip()
    if re.fullmatch(_CLOCK, stripped):
        raise ValidationError(field, text, f"a day as well as the time, such as 'today {stripped}'")
    if _ISO_DATE.match(stripped):
        raise ValidationError(
            field, text, f"a time of day as well as the date, such as '{stripped} 15:00'"
        )
    match = _ISO.match(stripped)
    if not match:
        raise ValidationError(field, text, INSTANT_EXPECTED)
    try:
        parsed = dt.datetime.fromisoformat(match["body"])
    except ValueError:
        raise ValidationError(field, text, INSTANT_EXPECTED) from None
    if parsed.tzinfo is None:
        if match["zone"]:
            raise ValidationError(field, text, "an offset before the [zone], as relnet writes it")
        return local_instant(parsed, zone, field, text)
    moment = pendulum.instance(parsed)
    if match["zone"]:
        try:
            return moment.in_timezone(match["zone"])
        except Exception:
            raise ValidationError(field, text, "a known IANA zone in brackets") from None
    return moment


def _clock(match: re.Match[str], field: str, text: str) -> dt.time:
    try:
        return dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        raise ValidationError(field, text, "a time of day HH:MM from 00:00 to 23:59") from None


def parse_date(text: str, *, today: pendulum.Date, field: str = "--due") -> pendulum.Date:
    """Read a calendar date: ISO ``YYYY-MM-DD``, ``today``, ``tomorrow``, ``yesterday``,
    a weekday name (the next such day after today), or ``in N days|weeks|months|years``.

    Raises :class:`~relnet.errors.ValidationError` naming ``field`` for anything else.
    """
    phrase = " ".join(text.strip().lower().split())
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if phrase in named:
        return today.add(days=named[phrase])
    if phrase in _WEEKDAYS:
        ahead = (_WEEKDAYS[phrase] - today.weekday() - 1) % 7 + 1
        return today.add(days=ahead)
    match = _IN_DAYS.match(phrase)
    if match:
        count, unit = int(match["count"]), match["unit"]
        if unit == "day":
            return today.add(days=count)
        if unit == "week":
            return today.add(days=7 * count)
        return add_months(today, count * (12 if unit == "year" else 1))
    if _ISO_DATE.match(phrase):
        try:
            return pendulum.Date.fromisoformat(phrase)
        except ValueError:
            raise ValidationError(field, text, "a valid calendar date YYYY-MM-DD") from None
    raise ValidationError(field, text, DATE_EXPECTED)


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().removeprefix(":")
    if not name or name.startswith("/"):
        return None
    try:
        pendulum.timezone(name)
    except Exception:
        return None
    return name


def machine_timezone(environ: Mapping[str, str] | None = None, etc: Path = Path("/etc")) -> str:
    """The machine's IANA time zone name, without third-party help.

    ``TZ`` first when it names an IANA zone (it is how one overrides the zone for a
    process), then ``/etc/timezone``, then the target of the ``/etc/localtime`` symlink,
    else ``UTC``.
    """
    env = os.environ if environ is None else environ
    found = _valid_zone(env.get("TZ"))
    if found:
        return found
    try:
        found = _valid_zone((etc / "timezone").read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        found = None
    if found:
        return found
    try:
        target = os.readlink(etc / "localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        found = _valid_zone(target.split("zoneinfo/", 1)[1])
        if found:
            return found
    return "UTC"
