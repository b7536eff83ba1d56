"""Phase 5, the history: episodes (a meeting and its thank-you, an ask and its chase…)
played until the network holds exactly the interactions asked for.

The player is the one stateful step of the generator: it appends interactions and keeps
per-person counts while it plays, then hands back a frozen :class:`History`.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence

import attrs

from relnet.model import Channel, Direction, EventId, Interaction, InteractionId, Value
from relnet.synth._gatherings import Gatherings
from relnet.synth._goals import Goals
from relnet.synth._ids import make_id
from relnet.synth._people import People
from relnet.synth._schedule import Schedule
from relnet.synth._vocabulary import (
    ANSWER,
    CHASE,
    DAY,
    DELAY,
    IN,
    KIND_CUM,
    MENTEE,
    MENTOR,
    NO_GOALS,
    OUT,
    RECRUITER,
    REPLY,
    SUMMARIES,
    SYNC,
    TOPIC_SETS,
    UTC,
)

__all__ = ["History", "play"]


@attrs.frozen
class History:
    """The interactions in time order (by instant, then id), and per person: the first
    and last second they were touched (0 when never), how often, whether only through an
    intro; and the promises made, as (person, second, made by the owner)."""

    interactions: tuple[Interaction, ...]
    first_ts: tuple[int, ...]
    last_ts: tuple[int, ...]
    count: tuple[int, ...]
    intro_only: bytes
    promises: tuple[tuple[int, int, bool], ...]


def play(
    total: int,
    *,
    people: People,
    gatherings: Gatherings,
    goals: Goals,
    schedule: Schedule,
    cid: tuple[str, ...],
    salt: int,
    rng: random.Random,
) -> History:
    """Play episodes with ``rng`` until ``total`` interactions are recorded."""
    player = _Player(total, people, gatherings, goals, schedule, cid, salt, rng)
    player.play()
    player.out.sort()
    return History(
        interactions=tuple(record for _, _, record in player.out),
        first_ts=tuple(player.first_ts),
        last_ts=tuple(player.last_ts),
        count=tuple(player.count),
        intro_only=bytes(player.intro_only),
        promises=tuple(player.promises),
    )


class _Player:
    """Plays episodes; each episode is a method taking a person and a start second."""

    def __init__(
        self,
        total: int,
        people: People,
        gatherings: Gatherings,
        goals: Goals,
        schedule: Schedule,
        cid: tuple[str, ...],
        salt: int,
        rng: random.Random,
    ) -> None:
        n = people.n
        self.total = total
        self.people = people
        self.gatherings = gatherings
        self.goal_of = goals.goal_of
        self.schedule = schedule
        self.window = schedule.window
        self.instant = schedule.window.instant
        self.cid = cid
        self.salt = salt
        self.rng = rng
        self.out: list[tuple[int, str, Interaction]] = []
        self.seen = bytearray(n)
        self.first_ts = [0] * n
        self.last_ts = [0] * n
        self.count = [0] * n
        self.intro_only = bytearray(n)
        self.promises: list[tuple[int, int, bool]] = []

    # -- drawing people and times -----------------------------------------------------

    def when(self) -> int:
        return self.schedule.when(self.rng)

    def later(self, ts: int, mean: float) -> int:
        """An instant some exponential delay of mean ``mean`` seconds after ``ts``."""
        return ts + 60 + int(self.rng.expovariate(1.0 / mean))

    def sample(self, k: int) -> list[int]:
        """``k`` people, each drawn by how often they come up."""
        return self.rng.choices(range(self.people.n), cum_weights=self.people.weights, k=k)

    def others(self, c: int, k: int) -> list[int]:
        """Up to ``k`` distinct contacts other than ``c`` (and never an unresponsive one)."""
        chosen: list[int] = []
        if self.people.n < 2:
            return chosen
        ghost = self.people.ghost
        for other in self.sample(2 * k + 2):
            if other != c and other not in chosen and not ghost[other]:
                chosen.append(other)
                if len(chosen) == k:
                    break
        return chosen

    # -- the run ----------------------------------------------------------------------

    def play(self) -> None:
        """The showcase first, then people drawn by rate, 512 at a time, until full."""
        rng, total, people = self.rng, self.total, self.people
        kinds: list[Callable[[int, int], None]] = [
            self.meet,
            self.ask,
            self.inbound,
            self.update,
            self.social,
            self.event,
            self.note,
            self.intro_out,
        ]
        if people.n:
            self.showcase()
        out, seen, ghost, circle = self.out, self.seen, people.ghost, people.circle
        intro = people.introducer
        while len(out) < total:
            for c in self.sample(512):
                if len(out) >= total:
                    break
                t0 = self.when()
                if not seen[c] and intro[c] >= 0:
                    seen[c] = 1
                    self.intro_in(c, t0)
                    continue
                seen[c] = 1
                if ghost[c]:
                    (self.ask if rng.random() < 0.7 else self.note)(c, t0)
                    continue
                row = KIND_CUM[circle[c]]
                kinds[bisect.bisect(row, rng.random() * row[-1])](c, t0)

    def showcase(self) -> None:
        """One episode of every kind first, so that even a small network shows them all."""
        rng, people, window, when = self.rng, self.people, self.window, self.when
        n = people.n
        normal = [i for i in range(n) if not people.ghost[i]] or [0]

        def anyone() -> int:
            return rng.choice(normal)

        introduced = [i for i in range(n) if people.introducer[i] >= 0]
        if introduced:
            self.seen[introduced[0]] = 1
            self.intro_in(introduced[0], when())
        self.meet(people.mentors[0] if people.mentors else anyone(), when(), Channel.MEETING)
        self.meet(people.mentees[0] if people.mentees else anyone(), when(), Channel.VIDEO)
        ghosts = [i for i in range(n) if people.ghost[i]]
        if ghosts:
            early = window.lo + int(rng.random() * max(0, window.hi - window.lo - 30 * DAY))
            self.ask(ghosts[0], early)
        self.ask(anyone(), when(), auto_reply=True, answer=True)
        self.inbound(people.recruiters[0] if people.recruiters else anyone(), when(), False)
        self.inbound(anyone(), when(), True)
        self.social(anyone(), when(), OUT)
        self.social(anyone(), when(), IN)
        self.update(anyone(), when())
        self.note(anyone(), when())
        self.intro_out(anyone(), when())
        self.event(anyone(), when())
        self.meet(anyone(), when(), Channel.CALL)

    def emit(
        self,
        ts: int,
        people: Sequence[int],
        channel: Channel,
        direction: Direction | None = None,
        *,
        expects_reply: bool | None = None,
        auto_reply: bool = False,
        gave: tuple[Value, ...] = (),
        received: tuple[Value, ...] = (),
        introducer: int = -1,
        event: EventId | None = None,
    ) -> bool:
        """Record one interaction (unless the network is full or ``ts`` is past the end)."""
        out = self.out
        if len(out) >= self.total or ts > self.window.hi:
            return False
        # One 32-bit draw, cut into fields, decides the zone, topics, summary and goal link.
        bits = self.rng.getrandbits(32)
        lead = people[0]
        zone = 0
        if channel in SYNC:
            if bits & 3 == 0 and self.people.zone[lead] >= 0:
                zone = self.people.zone[lead]  # met while travelling: logged in their zone
        elif channel is Channel.EMAIL and bits & 7 < 2:
            zone = UTC  # imported mail
        roll = (bits >> 3) & 1023
        topics = TOPIC_SETS[(bits >> 13) % len(TOPIC_SETS)] if roll < 300 else ()
        summaries = SUMMARIES[channel]
        summary = summaries[(bits >> 18) % len(summaries)] if roll < 500 else ""
        goals = self.goal_of.get(lead, NO_GOALS) if bits >> 31 else NO_GOALS
        interaction_id = make_id(len(out), self.salt)
        cid = self.cid
        record = Interaction(
            (cid[lead],) if len(people) == 1 else tuple(cid[p] for p in people),
            self.instant(ts, zone),
            channel,
            direction=direction,
            expects_reply=expects_reply,
            auto_reply=auto_reply,
            gave=gave,
            received=received,
            introduced_by=cid[introducer] if introducer >= 0 else None,
            summary=summary,
            topics=topics,
            goals=goals,
            event=event,
            id=InteractionId(interaction_id),
        )
        out.append((ts, interaction_id, record))
        first, last, count = self.first_ts, self.last_ts, self.count
        for p in people if introducer < 0 else (*people, introducer):
            if not count[p] or ts < first[p]:
                first[p] = ts
            if ts > last[p]:
                last[p] = ts
            count[p] += 1
        return True

    # -- episodes -----------------------------------------------------------------------

    def meet(self, c: int, t0: int, channel: Channel | None = None) -> None:
        rng = self.rng
        if channel is None:
            channel = (Channel.MEETING, Channel.MEETING, Channel.CALL, Channel.VIDEO)[
                rng.randrange(4)
            ]
        gave: tuple[Value, ...] = ()
        received: tuple[Value, ...] = ()
        roles = self.people.roles[c]
        r = rng.random()
        if roles & MENTOR and r < 0.75:
            received = (Value.ADVICE,)
        elif roles & MENTEE and r < 0.75:
            gave = (Value.ADVICE,) if r < 0.5 else (Value.ADVICE, Value.FEEDBACK)
        elif r < 0.1:
            gave = (rng.choice((Value.FEEDBACK, Value.SUPPORT, Value.RESOURCE)),)
        elif r < 0.2:
            received = (rng.choice((Value.FEEDBACK, Value.OPPORTUNITY, Value.RESOURCE)),)
        people = [c, *self.others(c, 1)] if rng.random() < 0.15 else [c]
        if not self.emit(t0, people, channel, gave=gave, received=received):
            return
        if rng.random() < 0.08:
            self.promises.append((c, t0, rng.random() < 0.6))
        if rng.random() < 0.6:
            # A thank-you the next morning.
            thanks = self.window.at_hour(t0 + DAY, int(rng.uniform(8, 11) * 3600))
            if thanks > t0:
                self.emit(thanks, [c], Channel.EMAIL, OUT)

    def ask(
        self, c: int, t0: int, *, auto_reply: bool | None = None, answer: bool | None = None
    ) -> None:
        rng = self.rng
        circle = self.people.circle[c]
        ghost = self.people.ghost[c]
        channel = Channel.EMAIL if rng.random() < 0.6 else Channel.MESSAGE
        ts = t0
        for attempt in range(3):
            if not self.emit(ts, [c], channel, OUT, expects_reply=True):
                return
            away = attempt == 0 and rng.random() < 0.06 if auto_reply is None else auto_reply
            if away:
                # "I am out of the office": touches nobody, answers nothing.
                bounce = ts + rng.randrange(30, 600)
                self.emit(bounce, [c], Channel.EMAIL, IN, expects_reply=False, auto_reply=True)
            answered = answer if answer is not None else rng.random() < ANSWER[circle]
            if answered and not ghost:
                reply = self.later(ts, DELAY[circle])
                received = (Value.ADVICE,) if self.people.roles[c] & MENTOR else ()
                asks_back = rng.random() < 0.25
                self.emit(reply, [c], channel, IN, expects_reply=asks_back, received=received)
                if asks_back and rng.random() < REPLY[circle]:
                    self.emit(self.later(reply, 6 * 3600), [c], channel, OUT)
                if rng.random() < 0.05:
                    self.promises.append((c, reply, False))
                return
            if not ghost and rng.random() >= CHASE[circle]:
                return
            ts += (attempt + 1) * 7 * DAY + rng.randrange(-DAY, DAY)

    def inbound(self, c: int, t0: int, answer: bool | None = None) -> None:
        """They write; when they ask something, you answer (``answer``) or leave it pending."""
        rng = self.rng
        circle = self.people.circle[c]
        channel = Channel.EMAIL if rng.random() < 0.6 else Channel.MESSAGE
        received: tuple[Value, ...] = ()
        if self.people.roles[c] & RECRUITER:
            received = (Value.OPPORTUNITY,)
        elif rng.random() < 0.12:
            received = (rng.choice((Value.RESOURCE, Value.FEEDBACK, Value.SUPPORT)),)
        expects = answer is not None or rng.random() < 0.85
        if not self.emit(t0, [c], channel, IN, expects_reply=expects, received=received):
            return
        answered = answer if answer is not None else rng.random() < REPLY[circle]
        if expects and answered:
            reply = self.later(t0, DELAY[0])
            gave = (Value.ADVICE,) if self.people.roles[c] & MENTEE else ()
            self.emit(reply, [c], channel, OUT, gave=gave)

    def update(self, c: int, t0: int) -> None:
        rng = self.rng
        gave = (rng.choice((Value.RESOURCE, Value.RESOURCE, Value.REFERRAL, Value.SUPPORT)),)
        channel = Channel.EMAIL if rng.random() < 0.5 else Channel.MESSAGE
        self.emit(t0, [c], channel, OUT, gave=gave if rng.random() < 0.7 else ())

    def social(self, c: int, t0: int, direction: Direction | None = None) -> None:
        rng = self.rng
        if direction is None:
            direction = OUT if rng.random() < 0.55 else IN
        if direction is OUT:
            gave = (Value.ENDORSEMENT,) if rng.random() < 0.3 else ()
            self.emit(t0, [c], Channel.SOCIAL, OUT, gave=gave)
        else:
            self.emit(t0, [c], Channel.SOCIAL, IN, expects_reply=rng.random() < 0.2)

    def note(self, c: int, t0: int) -> None:
        self.emit(t0, [c], Channel.NOTE)

    def intro_out(self, c: int, t0: int) -> None:
        other = self.others(c, 1)
        if not other:
            self.note(c, t0)
            return
        gave = (Value.REFERRAL,) if self.rng.random() < 0.2 else ()
        self.emit(t0, [c, other[0]], Channel.INTRO, OUT, gave=gave)

    def intro_in(self, c: int, t0: int) -> None:
        rng = self.rng
        introducer = self.people.introducer[c]
        if not self.emit(t0, [c], Channel.INTRO, IN, introducer=introducer):
            return
        self.intro_only[c] = 1
        if rng.random() < 0.8:
            self.emit(self.later(t0, DELAY[1]), [c], Channel.EMAIL, OUT)
        if rng.random() < 0.5:
            # Thank the introducer.
            self.emit(self.later(t0, DELAY[2]), [introducer], Channel.MESSAGE, OUT)

    def event(self, c: int, t0: int) -> None:
        rng = self.rng
        if not self.gatherings.events:
            self.meet(c, t0)
            return
        index = rng.randrange(len(self.gatherings.events))
        start = self.gatherings.event_times[index]
        ts = start + min(rng.randrange(0, 3 * 3600), self.window.hi - start)
        people = [c, *self.others(c, rng.choice((1, 2, 2, 3, 4, 5)))]
        self.emit(ts, people, Channel.EVENT, event=self.gatherings.events[index].id)
