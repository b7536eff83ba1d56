"""Where "now" comes from, for the applications that embed relnet.

relnet's core never reads the clock: every function that depends on time takes
``now=``. An application decides where that instant comes from by holding a
:class:`Clock` — the :class:`SystemClock` in production, a :class:`FixedClock` in tests
and demos — and passing ``clock.now()`` in.

>>> import pendulum
>>> from relnet.clock import FixedClock
>>> clock = FixedClock(pendulum.datetime(2026, 11, 25, 9, tz="Europe/London"))
>>> clock.advance(days=1).now().isoformat()
'2026-11-26T09:00:00+00:00'
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

import pendulum

from relnet.model._check import to_instant

__all__ = ["Clock", "FixedClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Anything that can tell the current instant."""

    def now(self) -> pendulum.DateTime:
        """The current instant, aware."""
        ...


class SystemClock:
    """The machine's clock, reporting instants in ``timezone`` (UTC by default)."""

    def __init__(self, timezone: str = "UTC") -> None:
        self.timezone = timezone

    def now(self) -> pendulum.DateTime:
        """The machine's current instant."""
        return pendulum.now(self.timezone)

    def __repr__(self) -> str:
        return f"SystemClock({self.timezone!r})"


class FixedClock:
    """A clock that says the same instant until told to move (for tests and demos)."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = to_instant(at, "at")

    def now(self) -> pendulum.DateTime:
        """The instant the clock is set to."""
        return self._at

    def set(self, at: dt.datetime) -> FixedClock:
        """Move the clock to ``at``; returns the clock."""
        self._at = to_instant(at, "at")
        return self

    def advance(self, *, days: int = 0, hours: int = 0, minutes: int = 0) -> FixedClock:
        """Move the clock forward (or back, with negative amounts); returns the clock."""
        self._at = self._at.add(days=days, hours=hours, minutes=minutes)
        return self

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()!r})"
