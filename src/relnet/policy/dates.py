"""Calendar arithmetic for the engine's per-contact loop.

The engine visits every contact on every run, so it works with plain integers
(microseconds since the epoch, as :class:`~relnet.model.TouchSummary` holds them) and
:class:`datetime.date` values, and builds :mod:`pendulum` values only for the follow-ups
it returns. The day, month and business-day steps live in :mod:`relnet.model.calendar`
(re-exported here); instants and zones in :mod:`relnet.model.instants`. What this module
adds — cadence steps, :func:`latest_start` and :class:`LocalTime` — agrees exactly with
the model's own arithmetic (:meth:`relnet.model.Cadence.next_due`); the tests check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import pendulum

from relnet.errors import ValidationError
from relnet.model import Cadence, CadenceUnit
from relnet.model.calendar import add_business_days, add_days, add_months, days_between, plain
from relnet.model.instants import EPOCH, epoch_us, in_zone, zone

__all__ = [
    "LocalTime",
    "add_business_days",
    "add_cadence",
    "add_days",
    "add_months",
    "days_between",
    "latest_start",
    "plain",
]

_EPOCH_ORDINAL = EPOCH.toordinal()
_US_PER_SECOND = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_SECOND
_ONE_US = dt.timedelta(microseconds=1)
_SURE_US = 4 * _US_PER_DAY


def add_cadence(
    day: dt.date,
    cadence: Cadence,
    workdays: Collection[int],
    holidays: Collection[dt.date],
    times: int = 1,
) -> dt.date:
    """``day`` plus ``times`` × ``cadence``, taken from ``day`` in one step."""
    count = cadence.count * times
    unit = cadence.unit
    if unit is CadenceUnit.DAY:
        return add_days(day, count)
    if unit is CadenceUnit.WEEK:
        return add_days(day, 7 * count)
    if unit is CadenceUnit.MONTH:
        return add_months(day, count)
    if unit is CadenceUnit.YEAR:
        return add_months(day, 12 * count)
    return add_business_days(day, count, workdays, holidays)


def latest_start(
    day: dt.date,
    cadence: Cadence,
    workdays: Collection[int],
    holidays: Collection[dt.date],
) -> dt.date | None:
    """The latest date from which one ``cadence`` step lands on or before ``day``.

    A step from any later date lands after ``day`` (a step grows with its start). None
    when there is no such date in years 1-9999.
    """
    try:
        # Invariant: a step from ``low`` lands on or before ``day``; from ``high``, after.
        high, back = day.toordinal(), 1
        low = high - 1
        while add_cadence(dt.date.fromordinal(low), cadence, workdays, holidays) > day:
            high, low, back = low, low - back, back * 2
        while high - low > 1:
            middle = (low + high) // 2
            if add_cadence(dt.date.fromordinal(middle), cadence, workdays, holidays) <= day:
                low = middle
            else:
                high = middle
        return dt.date.fromordinal(low)
    except (ValueError, OverflowError, ValidationError):
        return None


class LocalTime:
    """Conversions between epoch microseconds and the owner's local dates and times.

    >>> clock = LocalTime("Europe/London")
    >>> clock.date_of(1_774_746_000_000_000)  # 2026-03-29T01:00:00Z, just after the change
    datetime.date(2026, 3, 29)
    """

    __slots__ = ("_offsets", "_starts", "name", "zone")

    def __init__(self, name: str) -> None:
        self.name = name
        self.zone = zone(name)
        # UTC day number -> the zone's offset (µs) all that day, or None if it changes.
        self._offsets: dict[int, int | None] = {}
        self._starts: dict[dt.date, int] = {}

    def date_of(self, us: int) -> dt.date:
        """The local date of the instant ``us`` (microseconds since the epoch)."""
        utc_day = us // _US_PER_DAY
        offsets = self._offsets
        if utc_day in offsets:
            offset = offsets[utc_day]
        else:
            offset = offsets[utc_day] = self._steady_offset(utc_day)
        if offset is None:
            # Zone offsets are whole seconds, so the second decides the date.
            return dt.datetime.fromtimestamp(us // _US_PER_SECOND, self.zone).date()
        return dt.date.fromordinal(_EPOCH_ORDINAL + (us + offset) // _US_PER_DAY)

    @property
    def steady_offsets(self) -> Mapping[int, int | None]:
        """What :meth:`date_of` has learnt so far: UTC day number → the zone's offset
        (µs) all that day, or None when it changes that day. A day not in it yet is
        learnt by the first :meth:`date_of` of an instant on it."""
        return self._offsets

    def _offset_at(self, us: int) -> int:
        moment = dt.datetime.fromtimestamp(us // _US_PER_SECOND, self.zone)
        offset = moment.utcoffset()
        assert offset is not None
        return offset // _ONE_US

    def _steady_offset(self, utc_day: int) -> int | None:
        """The offset through UTC day ``utc_day``, or None when it changes that day.

        No time zone changes its offset twice within one day and comes back, so equal
        offsets at the day's first and last second mean one offset all day.
        """
        first = utc_day * _US_PER_DAY
        offset = self._offset_at(first)
        return offset if self._offset_at(first + _US_PER_DAY - 1) == offset else None

    def later_than(self, us: int, day: dt.date) -> bool:
        """Whether the local date of the instant ``us`` is after ``day``: ``date_of(us) >
        day``, deciding from the instant alone when it is days away from that date.

        A zone's offset is within a day or so of UTC, and its changes (a whole day at
        most, when a zone moves across the date line) are smaller still, so an instant
        four days past the first instant of the next day is on a later date, and one
        four days before it is not.
        """
        start = self.start_of(dt.date.fromordinal(day.toordinal() + 1))
        if us >= start + _SURE_US:
            return True
        if us < start - _SURE_US:
            return False
        return self.date_of(us) > day

    def surely_before(self, day: dt.date) -> int:
        """An instant at or before every instant whose local date is ``day`` or later
        (days before :meth:`start_of`, for zones whose dates do not always move forward).

        >>> clock = LocalTime("UTC")
        >>> clock.surely_before(dt.date(2026, 1, 5)) <= clock.start_of(dt.date(2026, 1, 5))
        True
        """
        return self.start_of(day) - _SURE_US

    def start_of(self, day: dt.date) -> int:
        """The first instant (epoch microseconds) whose local date is ``day``."""
        found = self._starts.get(day)
        if found is None:
            local = dt.datetime(day.year, day.month, day.day, tzinfo=self.zone)
            found = self._starts[day] = epoch_us(local)
        return found

    def instant(self, us: int) -> pendulum.DateTime:
        """The instant ``us`` as a :class:`pendulum.DateTime` in the owner's zone."""
        return in_zone(EPOCH + dt.timedelta(microseconds=us), self.zone)

    def at(self, day: dt.date, time: dt.time) -> pendulum.DateTime:
        """``day`` at the wall-clock ``time`` in the owner's zone.

        A time that a DST change skips moves later by the gap (02:30 becomes 03:30); a
        time that occurs twice takes its first occurrence.
        """
        # fold=0 reads a skipped time with the offset before the change, which lands
        # after the gap once normalised, and picks the earlier of two repeated times.
        # (What combine(day, time without its zone) then replace(tzinfo=) gives, in one.)
        local = dt.datetime(
            day.year,
            day.month,
            day.day,
            time.hour,
            time.minute,
            time.second,
            time.microsecond,
            tzinfo=self.zone,
        )
        return in_zone(local.astimezone(dt.UTC), self.zone)
