"""Phase 4, the schedule: busy spells (a job search, a conference season) and when each
episode starts within them."""

from __future__ import annotations

import bisect
import itertools
import random

import attrs

from relnet.synth._vocabulary import DAY
from relnet.synth._window import Window

__all__ = ["Schedule", "plan_schedule"]


@attrs.frozen
class Schedule:
    """Bursts as (centre, half-width) seconds with cumulative weights, inside ``window``."""

    window: Window
    bursts: tuple[tuple[int, int], ...]
    burst_cum: tuple[float, ...]
    burst_total: float

    def when(self, rng: random.Random) -> int:
        """When an episode starts: bursty, mostly on weekdays, mostly in waking hours."""
        window = self.window
        ts = window.lo
        for _ in range(3):
            if self.burst_total and rng.random() < 0.6:
                center, half = self.bursts[
                    bisect.bisect(self.burst_cum, rng.random() * self.burst_total)
                ]
                ts = center + int((2.0 * rng.random() - 1.0) * half)
                if not window.lo <= ts <= window.hi:
                    ts = window.uniform(rng)
            else:
                ts = window.uniform(rng)
            # A weekend start is drawn again, three times in four.
            if window.weekday(ts) >= 5 and rng.random() < 0.75:
                continue
            return window.at_hour(ts, int(rng.triangular(7 * 3600, 23 * 3600, 10 * 3600)))
        return ts


def plan_schedule(window: Window, rng: random.Random) -> Schedule:
    """About one burst per 20 days of the window (at most 400), none under two days."""
    span = window.hi - window.lo
    count = 0 if span < 2 * DAY else min(400, max(1, span // (20 * DAY)))
    bursts = tuple((window.uniform(rng), int(rng.uniform(1, 10) * DAY)) for _ in range(count))
    burst_cum = tuple(itertools.accumulate(rng.expovariate(1.0) for _ in range(count)))
    return Schedule(
        window=window,
        bursts=bursts,
        burst_cum=burst_cum,
        burst_total=burst_cum[-1] if count else 0.0,
    )
