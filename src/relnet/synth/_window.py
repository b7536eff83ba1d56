"""The window a synthetic network lives in: whole seconds between two instants, and the
zones its instants are written in.

Every generated instant is ``start`` plus whole seconds, so the generator works on
integers (seconds since the epoch) and turns them into aware values only for records.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import epoch_us
from relnet.synth._vocabulary import CONTACT_ZONES, DAY, OWNER_TIMEZONE

__all__ = ["Window", "window"]

# From 1971, leaving room for contacts created before ``start``, to 9000.
_EARLIEST = 365 * 86400 * 1_000_000
_LATEST = (dt.date(9000, 1, 1).toordinal() - dt.date(1970, 1, 1).toordinal()) * 86400 * 1_000_000
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()


@attrs.frozen
class Window:
    """Seconds ``lo`` to ``hi`` (inclusive), each carrying ``micro`` microseconds.

    ``zones`` are the contacts' zones in :data:`CONTACT_ZONES` order, then UTC; zone 0
    is the owner's. ``offset`` is the owner's UTC offset at ``lo`` in seconds: good
    enough to place times of day and weekdays.
    """

    lo: int
    hi: int
    micro: int
    zones: tuple[pendulum.Timezone, ...]
    offset: int
    start_date: pendulum.Date
    end_date: pendulum.Date

    def instant(self, ts: int, zone: int = 0) -> pendulum.DateTime:
        """Second ``ts`` as an aware instant in zone number ``zone``."""
        tz = self.zones[zone]
        d = dt.datetime.fromtimestamp(ts, tz)
        return pendulum.DateTime(
            d.year, d.month, d.day, d.hour, d.minute, d.second, self.micro, tz, fold=d.fold
        )

    def local_date(self, ts: int) -> pendulum.Date:
        """The owner's date at second ``ts``, read with the offset at ``lo``."""
        day = dt.date.fromordinal(_UNIX_ORDINAL + (ts + self.offset) // DAY)
        return pendulum.Date(day.year, day.month, day.day)

    def weekday(self, ts: int) -> int:
        """The owner's weekday at second ``ts`` (Monday is 0)."""
        return ((ts + self.offset) // DAY + 3) % 7  # 1970-01-01 was a Thursday

    def uniform(self, rng: random.Random) -> int:
        """A second drawn evenly from the window (one draw)."""
        return self.lo + int(rng.random() * (self.hi - self.lo + 1))

    def at_hour(self, ts: int, seconds: int) -> int:
        """``ts`` moved to ``seconds`` after local midnight, if that stays in range."""
        local_midnight = (ts + self.offset) // DAY * DAY - self.offset
        moved = local_midnight + seconds
        return moved if self.lo <= moved <= self.hi else ts


def window(start: Any, end: Any) -> Window:
    """The window from ``start`` to ``end``; raises ValidationError naming a bad bound."""
    first = _epoch_us(start, "start")
    last = _epoch_us(end, "end")
    if last < first:
        raise ValidationError("end", end, "an instant not before start")
    if last > _LATEST:
        raise ValidationError("end", end, "an instant before the year 9000")
    # Every instant is ``start`` plus whole seconds: integer arithmetic all the way.
    lo, micro = divmod(first, 1_000_000)
    hi = (last - micro) // 1_000_000
    names = [name for name, _ in CONTACT_ZONES] + ["UTC"]
    assert names[0] == OWNER_TIMEZONE
    zones = tuple(pendulum.timezone(name) for name in names)
    owner = zones[0]
    offset = dt.datetime.fromtimestamp(lo, owner).utcoffset()
    assert offset is not None
    return Window(
        lo=lo,
        hi=hi,
        micro=micro,
        zones=zones,
        offset=int(offset.total_seconds()),
        start_date=_exact_date(lo, owner),
        end_date=_exact_date(hi, owner),
    )


def _exact_date(ts: int, tz: dt.tzinfo) -> pendulum.Date:
    d = dt.datetime.fromtimestamp(ts, tz)
    return pendulum.Date(d.year, d.month, d.day)


def _epoch_us(value: Any, field: str) -> int:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValidationError(field, value, "an aware datetime")
    stamp = epoch_us(value)
    if stamp < _EARLIEST:
        raise ValidationError(field, value, "an instant in 1971 or later")
    return stamp
