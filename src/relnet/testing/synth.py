"""Deterministic synthetic networks: realistic, valid, and as large as a benchmark needs.

:func:`network` builds a whole owner's network from a handful of numbers. The same
arguments always give the same records, ids included (everything comes from one
``random.Random(seed)``; the clock is never read), so a synthetic network can stand in
for a fixture, a benchmark input or a property-test example:

>>> import pendulum
>>> from relnet.testing.synth import network
>>> net = network(
...     50,
...     400,
...     seed=7,
...     start=pendulum.datetime(2024, 1, 1, tz="Europe/London"),
...     end=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
... )
>>> len(net.contacts), len(net.interactions)
(50, 400)
>>> net == network(
...     50,
...     400,
...     seed=7,
...     start=pendulum.datetime(2024, 1, 1, tz="Europe/London"),
...     end=pendulum.datetime(2025, 1, 1, tz="Europe/London"),
... )
True
>>> store = net.to_store()

What it holds:

* contacts in Dunbar's layers (about 1 % inner, 3 % close, 10 % active, half in the wider
  network and a third acquaintances), with names, organizations, headlines, tags,
  interests, roles (mentors, mentees, recruiters…), emails, phones, profile URLs, time
  zones, birthdays (a 29 February and a year-less one among them), a few cadences of
  their own, communities, introducers, and a few archived, do-not-contact or snoozed
  people;
* bursty interactions between ``start`` and ``end`` on every channel and in every
  direction: meetings (some followed by a thank-you), calls, videos, events with several
  participants, asks with their replies (some unanswered, some chased three times in
  vain), auto-replies, inbound mail left pending, social posts, notes, intros made for
  you and by you, advice from mentors and value given and received;
* goals (with cadences, targets and deadlines), commitments (yours and theirs, kept,
  overdue and upcoming), communities and the events that event interactions name.

Every record is built through its model constructor, so it is valid, and names only
records of the same network. Every instant is ``start`` plus whole seconds, in one of a
few IANA zones.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import datetime as dt
import gc
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    CommitmentId,
    Community,
    CommunityId,
    CommunityKind,
    Contact,
    ContactId,
    Direction,
    Event,
    EventId,
    Goal,
    GoalId,
    GoalKind,
    GoalStatus,
    Interaction,
    InteractionId,
    MonthDay,
    Party,
    Profile,
    Role,
    Settings,
    Stage,
    Status,
    Target,
    TargetMeasure,
    Value,
    epoch_us,
)
from relnet.storage import InMemoryStore, Store, copy_records

__all__ = ["OWNER_TIMEZONE", "SyntheticNetwork", "network"]

#: The owner's time zone in every synthetic network.
OWNER_TIMEZONE = "Europe/London"


@attrs.frozen(repr=False)
class SyntheticNetwork:
    """A generated network: every record of one owner, ready to load into a store.

    ``contacts`` come in dependency order (everyone's introducer before them),
    ``interactions`` in time order (by instant, then id), ``events`` in time order.
    ``start`` and ``end`` are the bounds given to :func:`network`; every interaction falls
    between them, so ``end`` is a natural ``now``.
    """

    seed: int
    start: pendulum.DateTime
    end: pendulum.DateTime
    settings: Settings
    profile: Profile
    contacts: tuple[Contact, ...]
    communities: tuple[Community, ...]
    events: tuple[Event, ...]
    goals: tuple[Goal, ...]
    interactions: tuple[Interaction, ...]
    commitments: tuple[Commitment, ...]

    def to_store(self) -> InMemoryStore:
        """A new :class:`~relnet.storage.InMemoryStore` holding the whole network."""
        with _gc_paused():
            return InMemoryStore.from_records(
                settings=self.settings,
                profile=self.profile,
                contacts=self.contacts,
                communities=self.communities,
                events=self.events,
                goals=self.goals,
                interactions=self.interactions,
                commitments=self.commitments,
            )

    def load_into(self, store: Store) -> None:
        """Add everything to ``store`` through the Store protocol, in one transaction.

        Records go in dependency order (communities, events, contacts with introducers
        first, goals, interactions, commitments), so any conforming store accepts them.
        """
        copy_records(
            store,
            settings=self.settings,
            profile=self.profile,
            communities=self.communities,
            events=self.events,
            contacts=self.contacts,
            goals=self.goals,
            interactions=self.interactions,
            commitments=self.commitments,
        )

    def __repr__(self) -> str:
        return (
            f"<SyntheticNetwork seed={self.seed}: {len(self.contacts)} contacts, "
            f"{len(self.interactions)} interactions, {len(self.commitments)} commitments, "
            f"{len(self.goals)} goals, {len(self.events)} events, "
            f"{self.start.isoformat()} to {self.end.isoformat()}>"
        )


def network(
    contacts: int,
    interactions: int,
    *,
    seed: int,
    start: dt.datetime,
    end: dt.datetime,
) -> SyntheticNetwork:
    """Generate a network of ``contacts`` people and exactly ``interactions`` interactions.

    Interactions fall between ``start`` and ``end`` inclusive (aware instants, in 1971 or
    later, ``end`` not before ``start``). The same arguments give equal networks, ids
    included; another ``seed`` gives another network. Raises
    :class:`~relnet.errors.ValidationError` for bad arguments, including interactions
    asked for without any contact to have them with.

    The cyclic garbage collector is paused while it runs (the records form no cycles),
    which saves a tenth of the time at a million interactions.
    """
    for field, value in (("contacts", contacts), ("interactions", interactions)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(field, value, "a whole number of at least 0")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValidationError("seed", seed, "an integer")
    if interactions and not contacts:
        raise ValidationError("contacts", contacts, "at least 1 when interactions are asked for")
    first = _epoch_us(start, "start")
    last = _epoch_us(end, "end")
    if last < first:
        raise ValidationError("end", end, "an instant not before start")
    if last > _LATEST:
        raise ValidationError("end", end, "an instant before the year 9000")
    # Every instant is ``start`` plus whole seconds: integer arithmetic all the way.
    lo, micro = divmod(first, 1_000_000)
    hi = (last - micro) // 1_000_000
    with _gc_paused():
        return _Generator(contacts, interactions, seed, lo, hi, micro).run(
            _pendulum(start), _pendulum(end)
        )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of acyclic records.

    Every full collection walks all the records made so far, and building them triggers
    one each time the heap grows by a quarter: at a million interactions that is a tenth
    of the generation and a quarter of ``to_store()``. Nothing built here forms a cycle,
    so nothing is left for the collector to find.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _pendulum(value: dt.datetime) -> pendulum.DateTime:
    return value if isinstance(value, pendulum.DateTime) else pendulum.instance(value)


def _epoch_us(value: Any, field: str) -> int:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValidationError(field, value, "an aware datetime")
    stamp = epoch_us(value)
    if stamp < _EARLIEST:
        raise ValidationError(field, value, "an instant in 1971 or later")
    return stamp


# From 1971, leaving room for contacts created before ``start``, to 9000.
_EARLIEST = 365 * 86400 * 1_000_000
_LATEST = (dt.date(9000, 1, 1).toordinal() - dt.date(1970, 1, 1).toordinal()) * 86400 * 1_000_000
_DAY = 86400
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()
_M64 = (1 << 64) - 1

# -- vocabulary ---------------------------------------------------------------------------

_FIRST_NAMES = (
    "Ada", "Aisha", "Amara", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "Deepa", "Elena",
    "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Isaac", "Jamal", "Julia",
    "Kai", "Kenji", "Lara", "Leon", "Lina", "Marco", "Maya", "Mei", "Nadia", "Noah",
    "Olga", "Omar", "Oscar", "Priya", "Rafael", "Rosa", "Sam", "Sara", "Sofia", "Tariq",
    "Theo", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zara", "Zoe",
)  # fmt: skip
_LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bauer", "Becker", "Brown", "Chen",
    "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Gupta", "Haddad", "Hughes", "Ito",
    "Jones", "Kaur", "Khan", "Kim", "Kowalski", "Lopez", "Martin", "Mensah", "Moreau",
    "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor", "Patel", "Petrov", "Rossi", "Santos",
    "Schmidt", "Silva", "Singh", "Smith", "Tanaka", "Taylor", "Walsh", "Wang", "Williams",
    "Wilson", "Yilmaz", "Zhang",
)  # fmt: skip
_ORGANIZATIONS = (
    ("Acme Analytics", "acme-analytics.example"),
    ("Blue Harbor Bank", "blueharbor.example"),
    ("Brightpath Health", "brightpath.example"),
    ("Cedar Labs", "cedarlabs.example"),
    ("Civic Data Trust", "civicdata.example"),
    ("Copperleaf Energy", "copperleaf.example"),
    ("Delta Logistics", "deltalogistics.example"),
    ("Evergreen Capital", "evergreen.example"),
    ("Fable Games", "fable.example"),
    ("Granite Cloud", "granitecloud.example"),
    ("Helix Bio", "helixbio.example"),
    ("Indigo Retail", "indigo.example"),
    ("Juniper Consulting", "juniper.example"),
    ("Kestrel Robotics", "kestrel.example"),
    ("Lumen University", "lumen-uni.example"),
    ("Meridian Media", "meridian.example"),
    ("Northwind Software", "northwind.example"),
    ("Orbit Payments", "orbitpay.example"),
    ("Pinecone Studio", "pinecone.example"),
    ("Quartz Insurance", "quartz.example"),
    ("Riverstone Partners", "riverstone.example"),
    ("Solstice Climate", "solstice.example"),
    ("Tidal Systems", "tidal.example"),
    ("Vantage Recruiting", "vantage-talent.example"),
)
_TITLES = (
    "Data Engineer", "Senior Data Engineer", "Staff Engineer", "Engineering Manager",
    "Product Manager", "Data Scientist", "Designer", "Developer Advocate", "CTO", "Founder",
    "VP Engineering", "Researcher", "Consultant", "Analytics Lead",
)  # fmt: skip
_TAGS = (
    "data", "python", "london", "climate", "fintech", "open-source", "speaker", "investor",
    "alumni", "ml", "product", "design", "startup", "health",
)  # fmt: skip
_TOPICS = (
    "data pipelines", "machine learning", "climate tech", "distributed systems",
    "product strategy", "open source", "public speaking", "career growth", "rust",
    "typescript", "hiring", "leadership", "cycling", "jazz", "chess", "running",
    "photography", "fundraising",
)  # fmt: skip
_HOW_MET = (
    "Worked together", "Met at a meetup", "Met at a conference", "University", "Online",
    "Through a mutual friend", "Client project", "Conference talk Q&A",
)  # fmt: skip
_NOTES = (
    "Prefers mornings.",
    "Has two kids; ask about the school move.",
    "Training for a marathon.",
    "Moving to Lisbon next year.",
    "Loves long-form writing; send articles, not links.",
    "Hiring for their platform team.",
)
# (zone, weight): where contacts live.
_CONTACT_ZONES = (
    ("Europe/London", 40),
    ("Europe/Paris", 12),
    ("Europe/Berlin", 8),
    ("America/New_York", 15),
    ("America/Los_Angeles", 8),
    ("Asia/Tokyo", 5),
    ("Asia/Kolkata", 6),
    ("Australia/Sydney", 3),
    ("America/Sao_Paulo", 3),
)
_UTC = len(_CONTACT_ZONES)  # the zone index of UTC, where imported mail is logged
_CADENCES = (
    Cadence.weeks(2),
    Cadence.months(1),
    Cadence.months(2),
    Cadence.days(45),
    Cadence.business_days(10),
    Cadence.months(6),
    Cadence.years(1),
)
_COMMUNITIES = (
    ("PyData Meetups", CommunityKind.MEETUP, "https://pydata.example", ("data", "python")),
    ("Data Engineering Guild", CommunityKind.ASSOCIATION, None, ("data",)),
    ("Climate Tech Forum", CommunityKind.FORUM, "https://climate-forum.example", ("climate",)),
    ("Lumen University Alumni", CommunityKind.SCHOOL, None, ("alumni",)),
    ("EuroConf", CommunityKind.CONFERENCE, "https://euroconf.example", ("speaker",)),
    ("Staff+ Engineers", CommunityKind.ONLINE, "https://staffplus.example", ()),
    ("Women in Data", CommunityKind.ASSOCIATION, "https://wid.example", ("data",)),
    ("Open Source Collective", CommunityKind.ONLINE, None, ("open-source",)),
    ("Product Circle", CommunityKind.MEETUP, None, ("product",)),
    ("Northwind Software", CommunityKind.COMPANY, None, ()),
)
_VENUES = ("London", "Paris", "Berlin", "Online", "Manchester", "Amsterdam", "Lisbon")
_SUMMARIES: dict[Channel, tuple[str, ...]] = {
    Channel.MEETING: ("Coffee", "Lunch", "Walk along the canal", "Breakfast near the office"),
    Channel.CALL: ("Quick catch-up call", "Phone call about the role", "Call to plan the talk"),
    Channel.VIDEO: ("Video call", "Mentoring session", "Pairing on the proposal"),
    Channel.EVENT: ("Chatted at the drinks", "Met at the talk", "Workshop table"),
    Channel.EMAIL: ("Quick question", "Following up", "Thanks!", "Article you might like"),
    Channel.MESSAGE: ("Pinged on chat", "Short message", "Congrats on the news"),
    Channel.SOCIAL: ("Comment on their post", "Shared their article", "Endorsement"),
    Channel.INTRO: ("Introduction", "Intro by email"),
    Channel.NOTE: ("Remember to ask about the move", "Looking for a new role", "New baby"),
}
_MINE = (
    "Send {name} the slides from my talk",
    "Introduce {name} to someone at {org}",
    "Share the article on {topic} with {name}",
    "Review {name}'s CV",
    "Write a recommendation for {name}",
)
_THEIRS = (
    "{name} to send the job description",
    "{name} to introduce me to their CTO",
    "{name} to share notes on {topic}",
    "{name} to confirm the speaking slot",
)

_CIRCLES = (Circle.INNER, Circle.CLOSE, Circle.ACTIVE, Circle.NETWORK, Circle.ACQUAINTANCE)
_CIRCLE_SHARE = (0.01, 0.03, 0.10, 0.52, 0.34)
_CIRCLE_RATE = (60.0, 20.0, 6.0, 1.5, 0.4)  # relative interaction rate per contact
_ANSWER = (0.95, 0.85, 0.7, 0.55, 0.35)  # chance they answer an ask
_CHASE = (0.3, 0.4, 0.5, 0.5, 0.4)  # chance you ask again when they do not
_REPLY = (0.95, 0.9, 0.8, 0.7, 0.5)  # chance you answer them
_DELAY = (3 * 3600, 8 * 3600, 20 * 3600, 36 * 3600, 60 * 3600)  # mean reply delay (s)

# Episode kinds and, per circle, how often each happens.
_MEET, _ASK, _INBOUND, _UPDATE, _SOCIAL, _EVENT, _NOTE, _INTRO_OUT = range(8)
_KIND_WEIGHTS = (
    (30, 20, 20, 10, 5, 3, 8, 4),
    (25, 22, 20, 10, 8, 5, 6, 4),
    (18, 22, 20, 10, 12, 8, 6, 4),
    (10, 20, 22, 10, 20, 10, 5, 3),
    (5, 15, 25, 5, 30, 15, 3, 2),
)
_KIND_CUM = tuple(tuple(itertools.accumulate(row)) for row in _KIND_WEIGHTS)

# Roles as bits, for cheap tests in the hot loop.
_ROLE_BITS = {role: 1 << index for index, role in enumerate(Role)}
_MENTOR = _ROLE_BITS[Role.MENTOR]
_MENTEE = _ROLE_BITS[Role.MENTEE]
_RECRUITER = _ROLE_BITS[Role.RECRUITER]
_COLLABORATOR = _ROLE_BITS[Role.COLLABORATOR]

_SYNC = frozenset((Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT))
_TOPIC_SETS = tuple((topic,) for topic in _TOPICS)
_NO_GOALS: frozenset[GoalId] = frozenset()
_OUT, _IN = Direction.OUTBOUND, Direction.INBOUND


def _make_id(number: int, salt: int) -> str:
    """A 16-hex-digit id, a bijection of ``number`` (so never repeated) mixed with ``salt``."""
    h = (number * 0x9E3779B97F4A7C15 + salt) & _M64
    h ^= h >> 31
    h = (h * 0xBF58476D1CE4E5B9) & _M64
    h ^= h >> 29
    return f"{h:016x}"


def _circle_counts(n: int) -> list[int]:
    """How many contacts fall in each circle: the shares, rounded by largest remainder."""
    raw = [share * n for share in _CIRCLE_SHARE]
    counts = [int(x) for x in raw]
    by_remainder = sorted(range(5), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    if n >= 5:
        for i in range(5):
            if counts[i] == 0:
                counts[counts.index(max(counts))] -= 1
                counts[i] = 1
    return counts


class _Generator:
    """One generation run: plans contacts, plays episodes, then builds the records."""

    def __init__(self, n: int, total: int, seed: int, lo: int, hi: int, micro: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = n
        self.total = total
        self.lo = lo
        self.hi = hi
        self.micro = micro
        rng = self.rng
        self.salts = {
            kind: rng.getrandbits(64)
            for kind in ("contact", "interaction", "goal", "community", "event", "commitment")
        }
        names = [name for name, _ in _CONTACT_ZONES] + ["UTC"]
        self.zones = [pendulum.timezone(name) for name in names]
        self.owner = self.zones[0]
        assert names[0] == OWNER_TIMEZONE
        # The owner's UTC offset at the start: good enough to place times of day.
        self.offset = int(self._utc_offset(lo))
        self.end_date = self._local_date(hi, exact=True)
        self.start_date = self._local_date(lo, exact=True)
        self.cid = [_make_id(i, self.salts["contact"]) for i in range(n)]

    # -- small helpers ------------------------------------------------------------------

    def _utc_offset(self, ts: int) -> float:
        offset = dt.datetime.fromtimestamp(ts, self.owner).utcoffset()
        assert offset is not None
        return offset.total_seconds()

    def _instant(self, ts: int, zone: int = 0) -> pendulum.DateTime:
        tz = self.zones[zone]
        d = dt.datetime.fromtimestamp(ts, tz)
        return pendulum.DateTime(
            d.year, d.month, d.day, d.hour, d.minute, d.second, self.micro, tz, fold=d.fold
        )

    def _local_date(self, ts: int, *, exact: bool = False) -> pendulum.Date:
        if exact:
            d = dt.datetime.fromtimestamp(ts, self.owner)
            return pendulum.Date(d.year, d.month, d.day)
        day = dt.date.fromordinal(_UNIX_ORDINAL + (ts + self.offset) // _DAY)
        return pendulum.Date(day.year, day.month, day.day)

    def _uniform(self) -> int:
        return self.lo + int(self.rng.random() * (self.hi - self.lo + 1))

    def _at_hour(self, ts: int, seconds: int) -> int:
        """``ts`` moved to ``seconds`` after local midnight, if that stays in range."""
        local_midnight = (ts + self.offset) // _DAY * _DAY - self.offset
        moved = local_midnight + seconds
        return moved if self.lo <= moved <= self.hi else ts

    def _when(self) -> int:
        """When an episode starts: bursty, mostly on weekdays, mostly in waking hours."""
        rng = self.rng
        ts = self.lo
        for _ in range(3):
            if self.burst_total and rng.random() < 0.6:
                center, half = self.bursts[
                    bisect.bisect(self.burst_cum, rng.random() * self.burst_total)
                ]
                ts = center + int((2.0 * rng.random() - 1.0) * half)
                if not self.lo <= ts <= self.hi:
                    ts = self._uniform()
            else:
                ts = self._uniform()
            weekday = ((ts + self.offset) // _DAY + 3) % 7  # 1970-01-01 was a Thursday
            if weekday >= 5 and rng.random() < 0.75:
                continue
            return self._at_hour(ts, int(rng.triangular(7 * 3600, 23 * 3600, 10 * 3600)))
        return ts

    def _later(self, ts: int, mean: float) -> int:
        """An instant some exponential delay of mean ``mean`` seconds after ``ts``."""
        return ts + 60 + int(self.rng.expovariate(1.0 / mean))

    def _sample(self, k: int) -> list[int]:
        return self.rng.choices(range(self.n), cum_weights=self.weights, k=k)

    def _others(self, c: int, k: int) -> list[int]:
        """Up to ``k`` distinct contacts other than ``c`` (and never an unresponsive one)."""
        chosen: list[int] = []
        if self.n < 2:
            return chosen
        for other in self._sample(2 * k + 2):
            if other != c and other not in chosen and not self.ghost[other]:
                chosen.append(other)
                if len(chosen) == k:
                    break
        return chosen

    # -- plan -----------------------------------------------------------------------------

    def run(self, start: pendulum.DateTime, end: pendulum.DateTime) -> SyntheticNetwork:
        self._plan_contacts()
        self._plan_communities_and_events()
        self._plan_goals()
        self._plan_bursts()
        self._play()
        contacts = self._build_contacts()
        commitments = self._build_commitments()
        return SyntheticNetwork(
            seed=self.seed,
            start=start,
            end=end,
            settings=self._settings(),
            profile=_profile(),
            contacts=contacts,
            communities=self.communities,
            events=self.events,
            goals=self.goals,
            interactions=self.interactions,
            commitments=commitments,
        )

    def _plan_contacts(self) -> None:
        rng, n = self.rng, self.n
        circles = [i for i, count in enumerate(_circle_counts(n)) for _ in range(count)]
        rng.shuffle(circles)
        self.circle = circles
        by_circle: list[list[int]] = [[] for _ in range(5)]
        for index, circle in enumerate(circles):
            by_circle[circle].append(index)
        inner, close, active, wide, acquaint = by_circle

        def pick(pool: Sequence[int], share: float, minimum: int, taken: set[int]) -> list[int]:
            """``share`` of all contacts (at least ``minimum``), drawn from ``pool``."""
            free = [i for i in pool if i not in taken]
            k = min(len(free), max(minimum, round(share * n)))
            chosen = sorted(rng.sample(free, k))
            taken.update(chosen)
            return chosen

        roles = [0] * n
        mentor_side: set[int] = set()
        self.mentors = pick(inner + close + active, 0.006, 1, mentor_side)
        self.mentees = pick(close + active + wide, 0.006, 1, mentor_side)
        self.recruiters = pick(wide + acquaint, 0.01, 1, set(self.mentors))
        self.collaborators = pick(inner + close + active, 0.04, 1, set())
        picks = [
            (self.mentors, Role.MENTOR),
            (self.mentees, Role.MENTEE),
            (self.recruiters, Role.RECRUITER),
            (self.collaborators, Role.COLLABORATOR),
            (pick(range(n), 0.12, 1, set()), Role.PEER),
            (pick(range(n), 0.02, 0, set()), Role.CLIENT),
            (pick(inner + close, 0.003, 1 if n >= 50 else 0, set()), Role.SPONSOR),
            (pick(inner, 0.007, 0, set()) + pick(close, 0.006, 0, set()), Role.FRIEND),
        ]
        for chosen, role in picks:
            bit = _ROLE_BITS[role]
            for index in chosen:
                roles[index] |= bit
        self.roles = roles

        # People who never answer (chased three times in vain), and the unreachable.
        plain = [i for i in wide + acquaint if not roles[i]]
        self.ghost = bytearray(n)
        for index in pick(plain, 0.02, 1 if n >= 5 else 0, set()):
            self.ghost[index] = 1
        outer = [i for i in range(n) if circles[i] != 0]
        sidelined: set[int] = set(self.mentors[:1])
        big = n >= 20
        self.archived = set(pick(outer, 0.02, 1 if big else 0, sidelined))
        self.do_not_contact = set(pick(outer, 0.005, 1 if big else 0, sidelined))
        self.snoozed = set(pick(outer, 0.01, 1 if big else 0, sidelined))

        # Introducers come earlier in the list than the people they introduced.
        introducer = [-1] * n
        connectors: list[int] = []
        for index in range(n):
            if index and circles[index] != 0 and rng.random() < 0.1:
                if connectors and rng.random() < 0.8:
                    introducer[index] = rng.choice(connectors)
                else:
                    introducer[index] = rng.randrange(index)
            if circles[index] <= 2:
                connectors.append(index)
        if n >= 2 and max(introducer) < 0:
            introducer[1] = 0
        self.introducer = introducer

        zone_cum = list(itertools.accumulate(weight for _, weight in _CONTACT_ZONES))
        self.zone = [
            bisect.bisect(zone_cum, rng.random() * zone_cum[-1]) if rng.random() < 0.65 else -1
            for _ in range(n)
        ]
        self.first = [rng.randrange(len(_FIRST_NAMES)) for _ in range(n)]
        self.last = [rng.randrange(len(_LAST_NAMES)) for _ in range(n)]
        self.org = [
            rng.randrange(len(_ORGANIZATIONS)) if rng.random() < 0.85 else -1 for _ in range(n)
        ]
        for index in self.recruiters:
            self.org[index] = len(_ORGANIZATIONS) - 1
        self.tags: list[tuple[str, ...]] = []
        for index in range(n):
            tags = tuple(rng.sample(_TAGS, rng.choice((0, 0, 1, 1, 2, 3))))
            if roles[index] & _RECRUITER:
                tags = (*tags, "hiring")
            self.tags.append(tags)
        rates = [_CIRCLE_RATE[circles[i]] * rng.lognormvariate(0.0, 0.6) for i in range(n)]
        self.weights = list(itertools.accumulate(rates))

        # Goals link these people; interactions with them may name the goal.
        data_people = [i for i in range(n) if "data" in self.tags[i]][:8]
        self.goal_people: tuple[list[int], ...] = (
            self.mentors[:5],
            self.recruiters[:10],
            data_people,
            [],
            [],
            self.collaborators[:6],
        )

    def _plan_communities_and_events(self) -> None:
        rng = self.rng
        count = min(len(_COMMUNITIES), 3 + self.n // 1000)
        salt = self.salts["community"]
        self.community_ids = [CommunityId(_make_id(i, salt)) for i in range(count)]
        self.communities = tuple(
            Community(
                name,
                kind=kind,
                url=url,
                tags=tags,
                target=index == count - 1,
                notes="Thinking of joining." if index == count - 1 else "",
                id=self.community_ids[index],
            )
            for index, (name, kind, url, tags) in enumerate(_COMMUNITIES[:count])
        )
        self.membership: list[tuple[CommunityId, ...]] = [
            tuple(rng.sample(self.community_ids[:-1], rng.choice((1, 1, 2))))
            if rng.random() < 0.12
            else ()
            for _ in range(self.n)
        ]
        events = []
        salt = self.salts["event"]
        for index in range(min(60, 2 + self.total // 2000)):
            ts = self._at_hour(self._uniform(), 18 * 3600)
            community = rng.randrange(count - 1)
            kind = ("meetup", "conference", "workshop", "social")[index % 4]
            venue = rng.choice(_VENUES)
            if index % 5:
                name = f"{self.communities[community].name} {kind} #{index + 1}"
                host: CommunityId | None = self.community_ids[community]
            else:
                name = f"{venue} tech {kind} #{index + 1}"
                host = None
            events.append(
                (
                    ts,
                    Event(
                        name,
                        self._instant(ts),
                        community=host,
                        location=venue,
                        id=EventId(_make_id(index, salt)),
                    ),
                )
            )
        events.sort(key=lambda item: (item[0], item[1].id))
        self.event_times = [ts for ts, _ in events]
        self.events = tuple(event for _, event in events)

    def _plan_goals(self) -> None:
        start, end = self.start_date, self.end_date
        cid = self.cid
        monthly = Cadence.months(1)
        specs: list[dict[str, Any]] = [
            {
                "title": "Find a mentor in data engineering",
                "kind": GoalKind.MENTORSHIP,
                "cadence": monthly,
                "deadline": end.add(days=120),
                "target": Target(
                    4, channels=(Channel.MEETING, Channel.VIDEO), start=start
                ),
            },
            {
                "title": "Land a staff engineering role",
                "kind": GoalKind.JOB_SEARCH,
                "weight": 0.8,
                "cadence": Cadence.weeks(2),
                "deadline": end.add(days=60),
                "target": Target(10, TargetMeasure.NEW_CONTACTS, tag="hiring", start=start),
            },
            {
                "title": "Six coffee chats with data engineers",
                "kind": GoalKind.KNOWLEDGE,
                "weight": 0.6,
                "deadline": end.add(days=30),
                "target": Target(6, channels=(Channel.MEETING,), tag="data", start=start),
            },
            {"title": "Speak at a conference", "kind": GoalKind.VISIBILITY, "weight": 0.5,
             "status": GoalStatus.PAUSED},
            {
                "title": "Give back to the community",
                "kind": GoalKind.COMMUNITY,
                "status": GoalStatus.ACHIEVED,
                "deadline": max(start, end.subtract(days=10)),
                "target": Target(12, TargetMeasure.VALUE_GIVEN, start=start),
            },
            {"title": "Start an open-source collaboration", "kind": GoalKind.COLLABORATION,
             "status": GoalStatus.ABANDONED, "weight": 0.3},
        ]  # fmt: skip
        salt = self.salts["goal"]
        goals = []
        self.goal_of: dict[int, frozenset[GoalId]] = {}
        for index, spec in enumerate(specs):
            goal_id = GoalId(_make_id(index, salt))
            people = self.goal_people[index]
            goals.append(Goal(contacts=[cid[i] for i in people], id=goal_id, **spec))
            for person in people:
                self.goal_of.setdefault(person, frozenset((goal_id,)))
        self.goals = tuple(goals)

    def _plan_bursts(self) -> None:
        """Busy spells (a job search, a conference season) where episodes cluster."""
        rng = self.rng
        span = self.hi - self.lo
        count = 0 if span < 2 * _DAY else min(400, max(1, span // (20 * _DAY)))
        self.bursts = [(self._uniform(), int(rng.uniform(1, 10) * _DAY)) for _ in range(count)]
        self.burst_cum = list(itertools.accumulate(rng.expovariate(1.0) for _ in range(count)))
        self.burst_total = self.burst_cum[-1] if count else 0.0

    # -- episodes ---------------------------------------------------------------------

    def _play(self) -> None:
        """Play episodes (a meeting and its thank-you, an ask and its chase…) until full."""
        n, total, rng = self.n, self.total, self.rng
        self.out: list[tuple[int, str, Interaction]] = []
        self.salt = self.salts["interaction"]
        self.seen = bytearray(n)
        self.first_ts = [0] * n
        self.last_ts = [0] * n
        self.count = [0] * n
        self.intro_only = bytearray(n)
        self.promises: list[tuple[int, int, bool]] = []
        kinds: list[Callable[[int, int], None]] = [
            self._meet,
            self._ask,
            self._inbound,
            self._update,
            self._social,
            self._event,
            self._note,
            self._intro_out,
        ]
        if n:
            self._showcase()
        out, seen, ghost, circle = self.out, self.seen, self.ghost, self.circle
        intro = self.introducer
        while len(out) < total:
            for c in self._sample(512):
                if len(out) >= total:
                    break
                t0 = self._when()
                if not seen[c] and intro[c] >= 0:
                    seen[c] = 1
                    self._intro_in(c, t0)
                    continue
                seen[c] = 1
                if ghost[c]:
                    (self._ask if rng.random() < 0.7 else self._note)(c, t0)
                    continue
                row = _KIND_CUM[circle[c]]
                kinds[bisect.bisect(row, rng.random() * row[-1])](c, t0)
        out.sort()
        self.interactions = tuple(record for _, _, record in out)
        del self.out

    def _showcase(self) -> None:
        """One episode of every kind first, so that even a small network shows them all."""
        rng, n = self.rng, self.n
        normal = [i for i in range(n) if not self.ghost[i]] or [0]

        def anyone() -> int:
            return rng.choice(normal)

        introduced = [i for i in range(n) if self.introducer[i] >= 0]
        if introduced:
            self.seen[introduced[0]] = 1
            self._intro_in(introduced[0], self._when())
        self._meet(self.mentors[0] if self.mentors else anyone(), self._when(), Channel.MEETING)
        self._meet(self.mentees[0] if self.mentees else anyone(), self._when(), Channel.VIDEO)
        ghosts = [i for i in range(n) if self.ghost[i]]
        if ghosts:
            early = self.lo + int(rng.random() * max(0, self.hi - self.lo - 30 * _DAY))
            self._ask(ghosts[0], early)
        self._ask(anyone(), self._when(), auto_reply=True, answer=True)
        self._inbound(self.recruiters[0] if self.recruiters else anyone(), self._when(), False)
        self._inbound(anyone(), self._when(), True)
        self._social(anyone(), self._when(), _OUT)
        self._social(anyone(), self._when(), _IN)
        self._update(anyone(), self._when())
        self._note(anyone(), self._when())
        self._intro_out(anyone(), self._when())
        self._event(anyone(), self._when())
        self._meet(anyone(), self._when(), Channel.CALL)

    def _emit(
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
        if len(out) >= self.total or ts > self.hi:
            return False
        # One draw decides the zone, topics, summary and goal link.
        bits = self.rng.getrandbits(32)
        lead = people[0]
        zone = 0
        if channel in _SYNC:
            if bits & 3 == 0 and self.zone[lead] >= 0:
                zone = self.zone[lead]  # met while travelling: logged in their zone
        elif channel is Channel.EMAIL and bits & 7 < 2:
            zone = _UTC  # imported mail
        roll = (bits >> 3) & 1023
        topics = _TOPIC_SETS[(bits >> 13) % len(_TOPIC_SETS)] if roll < 300 else ()
        summaries = _SUMMARIES[channel]
        summary = summaries[(bits >> 18) % len(summaries)] if roll < 500 else ""
        goals = self.goal_of.get(lead, _NO_GOALS) if bits >> 31 else _NO_GOALS
        interaction_id = _make_id(len(out), self.salt)
        cid = self.cid
        record = Interaction(
            (cid[lead],) if len(people) == 1 else tuple(cid[p] for p in people),
            self._instant(ts, zone),
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

    def _meet(self, c: int, t0: int, channel: Channel | None = None) -> None:
        rng = self.rng
        if channel is None:
            channel = (Channel.MEETING, Channel.MEETING, Channel.CALL, Channel.VIDEO)[
                rng.randrange(4)
            ]
        gave: tuple[Value, ...] = ()
        received: tuple[Value, ...] = ()
        roles = self.roles[c]
        r = rng.random()
        if roles & _MENTOR and r < 0.75:
            received = (Value.ADVICE,)
        elif roles & _MENTEE and r < 0.75:
            gave = (Value.ADVICE,) if r < 0.5 else (Value.ADVICE, Value.FEEDBACK)
        elif r < 0.1:
            gave = (rng.choice((Value.FEEDBACK, Value.SUPPORT, Value.RESOURCE)),)
        elif r < 0.2:
            received = (rng.choice((Value.FEEDBACK, Value.OPPORTUNITY, Value.RESOURCE)),)
        people = [c, *self._others(c, 1)] if rng.random() < 0.15 else [c]
        if not self._emit(t0, people, channel, gave=gave, received=received):
            return
        if rng.random() < 0.08:
            self.promises.append((c, t0, rng.random() < 0.6))
        if rng.random() < 0.6:
            # A thank-you the next morning.
            thanks = self._at_hour(t0 + _DAY, int(rng.uniform(8, 11) * 3600))
            if thanks > t0:
                self._emit(thanks, [c], Channel.EMAIL, _OUT)

    def _ask(
        self, c: int, t0: int, *, auto_reply: bool | None = None, answer: bool | None = None
    ) -> None:
        rng = self.rng
        circle = self.circle[c]
        ghost = self.ghost[c]
        channel = Channel.EMAIL if rng.random() < 0.6 else Channel.MESSAGE
        ts = t0
        for attempt in range(3):
            if not self._emit(ts, [c], channel, _OUT, expects_reply=True):
                return
            away = attempt == 0 and rng.random() < 0.06 if auto_reply is None else auto_reply
            if away:
                # "I am out of the office": touches nobody, answers nothing.
                bounce = ts + rng.randrange(30, 600)
                self._emit(bounce, [c], Channel.EMAIL, _IN, expects_reply=False, auto_reply=True)
            answered = answer if answer is not None else rng.random() < _ANSWER[circle]
            if answered and not ghost:
                reply = self._later(ts, _DELAY[circle])
                received = (Value.ADVICE,) if self.roles[c] & _MENTOR else ()
                asks_back = rng.random() < 0.25
                self._emit(reply, [c], channel, _IN, expects_reply=asks_back, received=received)
                if asks_back and rng.random() < _REPLY[circle]:
                    self._emit(self._later(reply, 6 * 3600), [c], channel, _OUT)
                if rng.random() < 0.05:
                    self.promises.append((c, reply, False))
                return
            if not ghost and rng.random() >= _CHASE[circle]:
                return
            ts += (attempt + 1) * 7 * _DAY + rng.randrange(-_DAY, _DAY)

    def _inbound(self, c: int, t0: int, answer: bool | None = None) -> None:
        """They write; when they ask something, you answer (``answer``) or leave it pending."""
        rng = self.rng
        circle = self.circle[c]
        channel = Channel.EMAIL if rng.random() < 0.6 else Channel.MESSAGE
        received: tuple[Value, ...] = ()
        if self.roles[c] & _RECRUITER:
            received = (Value.OPPORTUNITY,)
        elif rng.random() < 0.12:
            received = (rng.choice((Value.RESOURCE, Value.FEEDBACK, Value.SUPPORT)),)
        expects = answer is not None or rng.random() < 0.85
        if not self._emit(t0, [c], channel, _IN, expects_reply=expects, received=received):
            return
        answered = answer if answer is not None else rng.random() < _REPLY[circle]
        if expects and answered:
            reply = self._later(t0, _DELAY[0])
            gave = (Value.ADVICE,) if self.roles[c] & _MENTEE else ()
            self._emit(reply, [c], channel, _OUT, gave=gave)

    def _update(self, c: int, t0: int) -> None:
        rng = self.rng
        gave = (rng.choice((Value.RESOURCE, Value.RESOURCE, Value.REFERRAL, Value.SUPPORT)),)
        channel = Channel.EMAIL if rng.random() < 0.5 else Channel.MESSAGE
        self._emit(t0, [c], channel, _OUT, gave=gave if rng.random() < 0.7 else ())

    def _social(self, c: int, t0: int, direction: Direction | None = None) -> None:
        rng = self.rng
        if direction is None:
            direction = _OUT if rng.random() < 0.55 else _IN
        if direction is _OUT:
            gave = (Value.ENDORSEMENT,) if rng.random() < 0.3 else ()
            self._emit(t0, [c], Channel.SOCIAL, _OUT, gave=gave)
        else:
            self._emit(t0, [c], Channel.SOCIAL, _IN, expects_reply=rng.random() < 0.2)

    def _note(self, c: int, t0: int) -> None:
        self._emit(t0, [c], Channel.NOTE)

    def _intro_out(self, c: int, t0: int) -> None:
        other = self._others(c, 1)
        if not other:
            self._note(c, t0)
            return
        gave = (Value.REFERRAL,) if self.rng.random() < 0.2 else ()
        self._emit(t0, [c, other[0]], Channel.INTRO, _OUT, gave=gave)

    def _intro_in(self, c: int, t0: int) -> None:
        rng = self.rng
        introducer = self.introducer[c]
        if not self._emit(t0, [c], Channel.INTRO, _IN, introducer=introducer):
            return
        self.intro_only[c] = 1
        if rng.random() < 0.8:
            self._emit(self._later(t0, _DELAY[1]), [c], Channel.EMAIL, _OUT)
        if rng.random() < 0.5:
            # Thank the introducer.
            self._emit(self._later(t0, _DELAY[2]), [introducer], Channel.MESSAGE, _OUT)

    def _event(self, c: int, t0: int) -> None:
        rng = self.rng
        if not self.events:
            self._meet(c, t0)
            return
        index = rng.randrange(len(self.events))
        start = self.event_times[index]
        ts = start + min(rng.randrange(0, 3 * 3600), self.hi - start)
        people = [c, *self._others(c, rng.choice((1, 2, 2, 3, 4, 5)))]
        self._emit(ts, people, Channel.EVENT, event=self.events[index].id)

    # -- records ----------------------------------------------------------------------

    def _build_contacts(self) -> tuple[Contact, ...]:
        rng, n = self.rng, self.n
        cid, circles, roles = self.cid, self.circle, self.roles
        first_ts, last_ts, count = self.first_ts, self.last_ts, self.count
        dormant_before = self.hi - 540 * _DAY
        role_list = list(Role)
        birthdays = 0
        contacts = []
        for index in range(n):
            first = _FIRST_NAMES[self.first[index]]
            last = _LAST_NAMES[self.last[index]]
            org_index = self.org[index]
            org, domain = _ORGANIZATIONS[org_index] if org_index >= 0 else (None, "mail.example")
            r = rng.random()
            emails = (f"{first}.{last}@{domain}".lower(),) if r < 0.6 else ()
            if r < 0.1:
                emails = (*emails, f"{first[0]}{last}@mail.example".lower())
            urls = (
                (f"https://www.linkedin.example/in/{first}-{last}-{index:x}".lower(),)
                if rng.random() < 0.3
                else ()
            )
            phones = (f"+44 7700 900{rng.randrange(1000):03d}",) if rng.random() < 0.15 else ()
            birthday: pendulum.Date | MonthDay | None = None
            if rng.random() < 0.25:
                birthdays += 1
                if birthdays == 1:
                    birthday = pendulum.Date(1988, 2, 29)
                elif birthdays == 2 or rng.random() < 0.3:
                    birthday = MonthDay(rng.randint(1, 12), rng.randint(1, 28))
                else:
                    year, month = rng.randint(1955, 2002), rng.randint(1, 12)
                    day = rng.randint(1, calendar.monthrange(year, month)[1])
                    birthday = pendulum.Date(year, month, day)
            if count[index]:
                created = first_ts[index] - rng.randint(3600, 45 * _DAY)
            else:
                created = (
                    self.lo - 365 * _DAY + int(rng.random() * (self.hi - self.lo + 365 * _DAY))
                )
            circle = circles[index]
            role_bits = roles[index]
            if not count[index]:
                stage = Stage.TARGET if circle >= 3 else Stage.CONNECTED
            elif self.intro_only[index] and count[index] <= 2:
                stage = Stage.INTRODUCED
            elif last_ts[index] < dormant_before:
                stage = Stage.DORMANT
            elif circle == 0 or role_bits & _MENTOR:
                stage = Stage.ALLY
            elif circle == 1 or count[index] >= 10:
                stage = Stage.ENGAGED
            else:
                stage = Stage.CONNECTED
            status = Status.ACTIVE
            if index in self.archived:
                status = Status.ARCHIVED
            elif index in self.do_not_contact:
                status = Status.DO_NOT_CONTACT
            snoozed = (
                self.end_date.add(days=rng.randint(-10, 60)) if index in self.snoozed else None
            )
            title = rng.choice(_TITLES) if not role_bits & _RECRUITER else "Technical Recruiter"
            headline = f"{title} at {org}" if org else title
            introducer = self.introducer[index]
            how_met = (
                rng.choice(_HOW_MET)
                if introducer < 0
                else f"Introduced by {_FIRST_NAMES[self.first[introducer]]}"
            )
            contacts.append(
                Contact(
                    f"{first} {last}",
                    id=ContactId(cid[index]),
                    circle=_CIRCLES[circle],
                    cadence=rng.choice(_CADENCES) if rng.random() < 0.06 else None,
                    created_at=self._instant(created),
                    status=status,
                    snoozed_until=snoozed,
                    roles=[role for role in role_list if role_bits & _ROLE_BITS[role]],
                    tags=self.tags[index],
                    interests=rng.sample(_TOPICS, rng.choice((0, 1, 2, 3))),
                    emails=emails,
                    phones=phones,
                    urls=urls,
                    organization=org,
                    headline=headline,
                    timezone=_CONTACT_ZONES[self.zone[index]][0] if self.zone[index] >= 0 else None,
                    birthday=birthday,
                    introduced_by=ContactId(cid[introducer]) if introducer >= 0 else None,
                    communities=self.membership[index],
                    stage=stage,
                    notes=rng.choice(_NOTES) if rng.random() < 0.1 else "",
                    how_met=how_met,
                )
            )
        return tuple(contacts)

    def _build_commitments(self) -> tuple[Commitment, ...]:
        rng = self.rng
        end = self.end_date
        salt = self.salts["commitment"]
        commitments = []
        for number, (c, ts, mine) in enumerate(self.promises):
            made = min(self._local_date(ts), end)
            due = made.add(days=rng.randint(1, 21))
            first = _FIRST_NAMES[self.first[c]]
            org_index = self.org[c]
            org = _ORGANIZATIONS[org_index][0] if org_index >= 0 else "their old company"
            template = rng.choice(_MINE if mine else _THEIRS)
            done_on = None
            if due <= end and rng.random() < 0.6:
                done_on = min(end, max(made, due.add(days=rng.randint(-5, 4))))
            elif due > end and rng.random() < 0.15:
                done_on = made.add(days=rng.randint(0, end.toordinal() - made.toordinal()))
            commitments.append(
                Commitment(
                    ContactId(self.cid[c]),
                    template.format(name=first, org=org, topic=rng.choice(_TOPICS)),
                    due,
                    owed_by=Party.ME if mine else Party.THEM,
                    done_on=done_on,
                    id=CommitmentId(_make_id(number, salt)),
                )
            )
        return tuple(commitments)

    def _settings(self) -> Settings:
        first, last = self.start_date.year, min(self.end_date.year + 1, self.start_date.year + 50)
        holidays = [
            pendulum.Date(year, month, day)
            for year in range(first, last + 1)
            for month, day in ((1, 1), (12, 25), (12, 26))
        ]
        return Settings(timezone=OWNER_TIMEZONE, holidays=holidays, daily_capacity=5)


def _profile() -> Profile:
    return Profile(
        name="Sam Rivera",
        headline="Staff data engineer; I build data platforms and mentor engineers",
        expertise=("data pipelines", "python", "mentoring", "streaming"),
        values=("generosity", "curiosity", "candour"),
        achievements=("Spoke at EuroConf", "Led the move to streaming at Northwind"),
        pitch="I help teams ship reliable data platforms, and I love meeting people who care.",
    )
