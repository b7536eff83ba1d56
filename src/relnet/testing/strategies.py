"""Hypothesis strategies for relnet's records, for testing stores and anything built on them.

Every strategy draws valid records (the model's validators accept them) that are as
awkward as the model allows: ids and text with quotes, SQL fragments, emoji and NUL
bytes; instants in zones with odd offsets (``+05:45``, ``+13:45``, ``-03:30``), with or
without fractional seconds, before and after 1970, around DST changes.
:func:`networks` draws a whole consistent network (references point at records drawn
before them) that :meth:`Network.add_to` writes into any store.

>>> from hypothesis import given
>>> from relnet import InMemoryStore
>>> @given(networks())
... def test_listing(network):
...     store = InMemoryStore()
...     network.add_to(store)
...     assert len(store.contacts()) == len(network.contacts)
>>> test_listing()
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from relnet import model
from relnet.storage import Store, copy_records

__all__ = [
    "HOSTILE_STRINGS",
    "IANA_ZONES",
    "ZONES",
    "Network",
    "cadences",
    "commitments",
    "communities",
    "contacts",
    "dates",
    "dismissals",
    "emails",
    "events",
    "goals",
    "ids",
    "instant_at",
    "instants",
    "interactions",
    "networks",
    "profiles",
    "settings",
    "texts",
]

#: IANA zones with awkward offsets: half and quarter hours, +13:45 and +14, the far
#: west, southern-hemisphere DST, a zone whose offset changed in 1972, and UTC.
IANA_ZONES: tuple[str, ...] = (
    "UTC",
    "Europe/Paris",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/Sao_Paulo",
    "Africa/Monrovia",
    "Asia/Tokyo",
)

#: :data:`IANA_ZONES` plus fixed UTC offsets (what parsing an ISO string without a zone
#: name gives).
ZONES: tuple[str, ...] = (*IANA_ZONES, "+05:30", "-03:30", "+14:00")

#: Strings that break naive storage code: quotes, SQL and format fragments, NUL and other
#: control characters, line separators, right-to-left marks, emoji (also outside the
#: Basic Multilingual Plane), and a character that sorts differently in UTF-16.
HOSTILE_STRINGS: tuple[str, ...] = (
    "O'Brien",
    'say "hi"',
    "Robert'); DROP TABLE contacts;--",
    "1' OR '1'='1",
    "%s %(name)s {0} ? :name $1",
    "back\\slash \\x00 \\u0000",
    "nul\x00byte",
    "\x00",
    "tab\tnew\nline\rcarriage",
    "line\u2028separator\u2029",
    "\u202eright-to-left\u200f",
    "emoji 😀👩\u200d💻🏳️\u200d🌈",
    "\U0001f600 beyond the BMP",
    "\uffff sorts after emoji in UTF-16",
    "é vs e\u0301",
    "]}\"',{[",
    "null",
    "-- comment /* block */",
)

_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")
_MIN_SECONDS = int(pendulum.datetime(1900, 1, 1, tz="UTC").timestamp())
_MAX_SECONDS = int(pendulum.datetime(2100, 1, 1, tz="UTC").timestamp())

#: Instants near DST changes, the epoch, leap days and second boundaries.
_NOTABLE: tuple[pendulum.DateTime, ...] = (
    pendulum.datetime(1970, 1, 1, tz="UTC"),
    pendulum.datetime(1969, 12, 31, 23, 59, 59, 999_999, tz="UTC"),
    pendulum.datetime(2024, 3, 31, 0, 59, 59, 999_999, tz="UTC"),  # Paris springs forward
    pendulum.datetime(2024, 3, 31, 1, 0, 0, tz="UTC"),
    pendulum.datetime(2024, 10, 27, 0, 30, tz="UTC"),  # Paris: 02:30, first time
    pendulum.datetime(2024, 10, 27, 1, 30, tz="UTC"),  # Paris: 02:30, second time
    pendulum.datetime(2024, 11, 3, 5, 30, tz="UTC"),  # New York: 01:30, second time
    pendulum.datetime(2024, 2, 29, 12, tz="UTC"),
    pendulum.datetime(2038, 1, 19, 3, 14, 8, tz="UTC"),
    pendulum.datetime(2026, 11, 5, 9, 0, 0, 500_000, tz="UTC"),
    pendulum.datetime(2026, 11, 5, 9, 0, 0, tz="UTC"),
)


def instant_at(epoch_microseconds: int, zone: str) -> pendulum.DateTime:
    """The instant ``epoch_microseconds`` after 1970-01-01T00:00Z, seen in ``zone``.

    ``zone`` is an IANA name or a fixed offset such as ``"+05:30"``.
    """
    moment = _EPOCH + dt.timedelta(microseconds=epoch_microseconds)
    if zone[:1] in ("+", "-"):
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        return moment.in_timezone(pendulum.FixedTimezone(sign * (hours * 3600 + minutes * 60)))
    return moment.in_timezone(zone)


@functools.cache
def _choice(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options) if options else st.nothing()


@functools.cache
def _subset_of(options: tuple[Any, ...], max_size: int = 3) -> st.SearchStrategy[frozenset[Any]]:
    if not options:
        return st.just(frozenset())
    return st.frozensets(st.sampled_from(options), max_size=max_size)


def _sample(options: Sequence[Any]) -> st.SearchStrategy[Any]:
    return _choice(tuple(options))


def _subset(options: Sequence[Any], max_size: int = 3) -> st.SearchStrategy[frozenset[Any]]:
    return _subset_of(tuple(options), max_size)


_SECONDS = st.integers(_MIN_SECONDS, _MAX_SECONDS)
_FRACTION = st.integers(1, 999_999)


@st.composite
def _instants(
    draw: st.DrawFn, zones: tuple[str, ...], whole_seconds: bool | None
) -> pendulum.DateTime:
    zone = draw(_choice(zones))
    if draw(st.integers(0, 4)) == 0:
        base = model.epoch_us(draw(_choice(_NOTABLE)))
    else:
        base = draw(_SECONDS) * 1_000_000
        whole = draw(st.booleans()) if whole_seconds is None else whole_seconds
        if not whole:
            base += draw(_FRACTION)
    return instant_at(base, zone)


@functools.cache
def _cached_instants(
    zones: tuple[str, ...], whole_seconds: bool | None
) -> st.SearchStrategy[pendulum.DateTime]:
    return _instants(zones, whole_seconds)


def instants(
    *, zones: Sequence[str] = ZONES, whole_seconds: bool | None = None
) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants from 1900 to 2100 in one of ``zones``.

    Half are whole seconds and half carry microseconds (``whole_seconds`` forces one);
    some are notable instants (DST changes, the epoch, leap days).
    """
    return _cached_instants(tuple(zones), whole_seconds)


@functools.cache
def dates() -> st.SearchStrategy[pendulum.Date]:
    """Calendar dates from 1900 to 2100."""
    return st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(
        lambda d: pendulum.Date(d.year, d.month, d.day)
    )


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Record ids: relnet's own hex ids, and any printable text a caller might bring."""
    printable = st.characters(min_codepoint=32, exclude_categories=["Cs"])
    return st.one_of(
        st.text(st.sampled_from("0123456789abcdef"), min_size=16, max_size=16),
        st.text(printable, min_size=1, max_size=12).filter(lambda s: s == s.strip()),
        st.sampled_from([s for s in HOSTILE_STRINGS if s.isprintable() and s == s.strip()]),
    )


_any_id = ids


@functools.cache
def texts(*, blank: bool = True, max_size: int = 30) -> st.SearchStrategy[str]:
    """Free text, control characters and NUL bytes included; ``blank=False`` needs a
    non-space character."""
    any_text = st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=max_size),
        st.sampled_from(HOSTILE_STRINGS),
    )
    return any_text if blank else any_text.filter(lambda s: bool(s.strip()))


def _words() -> st.SearchStrategy[str]:
    return texts(blank=False, max_size=12)


@functools.cache
def emails() -> st.SearchStrategy[str]:
    """Email addresses the model accepts (odd ones included)."""
    part = st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="@"), min_size=1, max_size=10
    ).filter(lambda s: not any(ch.isspace() for ch in s))
    return st.builds(lambda local, domain: f"{local}@{domain}", part, part)


@functools.cache
def cadences() -> st.SearchStrategy[model.Cadence]:
    """Any cadence."""
    return st.builds(model.Cadence, st.integers(1, 400), st.sampled_from(model.CadenceUnit))


@functools.cache
def _birthdays() -> st.SearchStrategy[pendulum.Date | model.MonthDay | None]:
    month_days = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(
        lambda md: md[1] <= (29 if md[0] == 2 else 30 if md[0] in (4, 6, 9, 11) else 31)
    )
    return st.one_of(st.none(), dates(), month_days.map(lambda md: model.MonthDay(*md)))


@functools.cache
def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_ROLES = st.frozensets(st.sampled_from(model.Role), max_size=3)
_VALUES = st.lists(st.sampled_from(model.Value), max_size=2)
_CHANNELS = st.sampled_from(model.Channel)
_SYNC_DIRECTIONS = st.sampled_from([None, model.Direction.MUTUAL])
_ASYNC_DIRECTIONS = st.sampled_from([model.Direction.INBOUND, model.Direction.OUTBOUND])
_EXPECTS = st.sampled_from([None, True, False])
_TOPICS = st.frozensets(_words(), max_size=2)
_WEIGHTS = st.floats(min_value=0.0, max_value=1.0, exclude_min=True)


@st.composite
def contacts(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    introducers: Sequence[str] = (),
    communities: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> model.Contact:
    """Contacts; ``introduced_by`` among ``introducers``, ``communities`` among those
    given, and tags mostly from ``tags`` (so that tag queries find several people)."""
    contact_id = draw(ids if ids is not None else _any_id())
    introducer = draw(_optional(_sample([c for c in introducers if c != contact_id])))
    tag_pool = st.one_of(_sample(tags), _words()) if tags else _words()
    words = _words()
    return model.Contact(
        draw(words),
        id=contact_id,
        circle=draw(_choice(tuple(model.Circle))),
        cadence=draw(_optional(cadences())),
        created_at=draw(_optional(instants())),
        status=draw(_choice(tuple(model.ContactStatus))),
        snoozed_until=draw(_optional(dates())),
        roles=draw(_ROLES),
        tags=draw(st.frozensets(tag_pool, max_size=3)),
        interests=draw(st.frozensets(words, max_size=2)),
        emails=draw(st.lists(emails(), max_size=2)),
        phones=draw(st.lists(words, max_size=2)),
        urls=draw(st.lists(words, max_size=1)),
        organization=draw(_optional(texts())),
        headline=draw(_optional(texts())),
        timezone=draw(_optional(_choice(IANA_ZONES))),
        birthday=draw(_birthdays()),
        introduced_by=introducer,
        communities=draw(_subset(communities)),
        stage=draw(_choice(tuple(model.Stage))),
        notes=draw(texts()),
        how_met=draw(texts()),
        version=draw(st.integers(0, 3)),
        sources=draw(st.frozensets(words, max_size=2)),
        aliases=draw(st.lists(words, max_size=2)),
        name_parts=draw(st.one_of(st.just(()), st.tuples(words, *[texts()] * 4))),
    )


@st.composite
def interactions(
    draw: st.DrawFn,
    contacts: Sequence[str],
    *,
    goals: Sequence[str] = (),
    events: Sequence[str] = (),
    at: st.SearchStrategy[pendulum.DateTime] | None = None,
    ids: st.SearchStrategy[str] | None = None,
) -> model.Interaction:
    """Interactions among ``contacts`` (at least one), on every channel and direction the
    model allows, with intros that name an introducer, values given and received, asks
    and auto-replies; ``at`` draws the instant (any, by default)."""
    channel = draw(_CHANNELS)
    direction: model.Direction | None
    if channel.is_sync:
        direction = draw(_SYNC_DIRECTIONS)
    elif channel is model.Channel.NOTE:
        direction = None
    else:
        direction = draw(_ASYNC_DIRECTIONS)
    people = draw(st.lists(_sample(contacts), min_size=1, max_size=3, unique=True))
    introducer = None
    if channel is model.Channel.INTRO and direction is model.Direction.INBOUND:
        others = [c for c in contacts if c not in people]
        introducer = draw(_optional(_sample(others)))
    return model.Interaction(
        people,
        draw(at if at is not None else instants()),
        channel,
        direction=direction,
        expects_reply=draw(_EXPECTS),
        auto_reply=draw(st.integers(0, 9)) == 0,
        gave=draw(_VALUES),
        received=draw(_VALUES),
        introduced_by=introducer,
        summary=draw(texts()),
        topics=draw(_TOPICS),
        goals=draw(_subset(goals)),
        event=draw(_optional(_sample(events))),
        id=draw(ids if ids is not None else _any_id()),
    )


@st.composite
def commitments(
    draw: st.DrawFn, contacts: Sequence[str], *, ids: st.SearchStrategy[str] | None = None
) -> model.Commitment:
    """Commitments to or from one of ``contacts``, open or done."""
    return model.Commitment(
        draw(_sample(contacts)),
        draw(_words()),
        draw(dates()),
        owed_by=draw(_choice(tuple(model.Party))),
        done_on=draw(_optional(dates())),
        id=draw(ids if ids is not None else _any_id()),
    )


#: Reason codes a dismissal may carry (the engine's reasons, and one it does not know).
_REASON_CODES = (
    "reply_owed", "thank_you", "promise", "event_follow_up", "intro_loop", "mentor_loop",
    "nudge", "check_in", "keep_in_touch", "reconnect", "birthday", "a_reason_of_yours",
)  # fmt: skip


@st.composite
def dismissals(
    draw: st.DrawFn, contacts: Sequence[str], *, anchors: st.SearchStrategy[str] | None = None
) -> model.Dismissal:
    """Dismissals of an item of one of ``contacts``: any reason code, an anchor that is
    any id (an ISO instant, a year, a commitment id, emoji, quotes), at any instant."""
    return model.Dismissal(
        draw(_sample(contacts)),
        draw(_choice(_REASON_CODES)),
        draw(anchors if anchors is not None else ids()),
        draw(instants()),
    )


@st.composite
def _targets(draw: st.DrawFn, deadline: pendulum.Date | None) -> model.Target:
    start = draw(_optional(dates()))
    if start is not None and deadline is not None and start > deadline:
        start = deadline
    return model.Target(
        draw(st.integers(1, 50)),
        draw(_choice(tuple(model.TargetMeasure))),
        draw(_subset(tuple(model.Channel))),
        draw(_optional(_words())),
        start,
    )


@st.composite
def goals(
    draw: st.DrawFn,
    contacts: Sequence[str] = (),
    *,
    ids: st.SearchStrategy[str] | None = None,
) -> model.Goal:
    """Goals linked to some of ``contacts``."""
    deadline = draw(_optional(dates()))
    return model.Goal(
        draw(_words()),
        kind=draw(_choice(tuple(model.GoalKind))),
        contacts=draw(_subset(contacts)),
        weight=draw(_WEIGHTS),
        status=draw(_choice(tuple(model.GoalStatus))),
        deadline=deadline,
        cadence=draw(_optional(cadences())),
        target=draw(st.none() | _targets(deadline)),
        id=draw(ids if ids is not None else _any_id()),
    )


@functools.cache
def communities(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[model.Community]:
    """Communities."""
    return st.builds(
        model.Community,
        _words(),
        kind=st.sampled_from(model.CommunityKind),
        url=st.none() | texts(),
        tags=st.frozensets(_words(), max_size=2),
        target=st.booleans(),
        notes=texts(),
        id=ids if ids is not None else _any_id(),
    )


def events(
    communities: Sequence[str] = (), *, ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[model.Event]:
    """Events, in one of ``communities`` or none."""
    return st.builds(
        model.Event,
        _words(),
        instants(),
        community=st.none() | _sample(communities),
        location=texts(),
        id=ids if ids is not None else _any_id(),
    )


@functools.cache
def settings() -> st.SearchStrategy[model.Settings]:
    """Owner settings in any IANA zone."""
    return st.builds(
        model.Settings,
        st.sampled_from(IANA_ZONES),
        reminder_time=st.times().map(lambda t: t.replace(microsecond=0)),
        workdays=st.frozensets(st.integers(0, 6), min_size=1),
        holidays=st.frozensets(dates(), max_size=3),
        daily_capacity=st.integers(0, 20),
    )


@functools.cache
def profiles() -> st.SearchStrategy[model.Profile]:
    """Owner profiles."""
    return st.builds(
        model.Profile,
        name=texts(),
        headline=texts(),
        expertise=st.frozensets(_words(), max_size=3),
        values=st.frozensets(_words(), max_size=3),
        achievements=st.lists(_words(), max_size=3),
        pitch=texts(),
    )


@functools.cache
def _id_lists(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids(), unique=True, min_size=min_size, max_size=max_size)


@attrs.frozen
class Network:
    """A consistent set of records, listed in an order that a store accepts them in."""

    settings: model.Settings | None = None
    profile: model.Profile | None = None
    communities: tuple[model.Community, ...] = ()
    events: tuple[model.Event, ...] = ()
    contacts: tuple[model.Contact, ...] = ()
    goals: tuple[model.Goal, ...] = ()
    interactions: tuple[model.Interaction, ...] = ()
    commitments: tuple[model.Commitment, ...] = ()

    def add_to(self, store: Store) -> None:
        """Write every record into ``store`` (references first)."""
        # The fields are exactly copy_records' keywords.
        copy_records(store, **attrs.asdict(self, recurse=False))


def _network_contacts(
    draw: st.DrawFn, contact_ids: list[str], community_list: Sequence[model.Community]
) -> list[model.Contact]:
    """Contacts with the given ids (or one "someone"), each perhaps introduced by an
    earlier one, sharing a few tags."""
    if not contact_ids:
        contact_ids = ["someone"]
    tags = draw(st.lists(_words(), min_size=1, max_size=3, unique=True))
    contact_list: list[model.Contact] = []
    for contact_id in contact_ids:
        contact_list.append(
            draw(
                contacts(
                    ids=st.just(contact_id),
                    introducers=[c.id for c in contact_list],
                    communities=[c.id for c in community_list],
                    tags=tags,
                )
            )
        )
    return contact_list


def _network_places(
    draw: st.DrawFn, unique: Callable[[int], list[str]]
) -> tuple[list[model.Community], list[model.Event]]:
    """A network's communities and its events (some in those communities)."""
    community_list = [
        attrs.evolve(draw(communities()), id=community_id) for community_id in unique(2)
    ]
    community_ids = [c.id for c in community_list]
    event_list = [attrs.evolve(draw(events(community_ids)), id=event_id) for event_id in unique(2)]
    return community_list, event_list


def _few_instants(draw: st.DrawFn) -> st.SearchStrategy[pendulum.DateTime]:
    """Instants from a few drawn first, each often in another zone: ties, equal instants
    written differently and same-instant asks and replies are common."""
    pool = draw(st.lists(instants(), min_size=1, max_size=4))
    return st.builds(
        instant_at,
        st.sampled_from([model.epoch_us(p) for p in pool]),
        st.sampled_from(ZONES),
    )


@st.composite
def networks(
    draw: st.DrawFn,
    *,
    max_contacts: int = 6,
    max_interactions: int = 12,
    at: st.SearchStrategy[pendulum.DateTime] | None = None,
    extras: bool = True,
) -> Network:
    """Whole networks: communities, events, contacts (some introduced by earlier ones),
    goals, interactions and commitments, with ids unique per kind.

    ``at`` draws interaction instants; by default a few instants are drawn first and
    each interaction takes one of them, often in another zone, so that ties, equal
    instants written differently and same-instant asks and replies are common.
    ``extras=False`` leaves out settings, profile, communities, events and goals.
    """

    def unique(count_max: int, min_size: int = 0) -> list[str]:
        drawn: list[str] = draw(_id_lists(min_size, count_max))
        return drawn

    community_list, event_list = _network_places(draw, unique) if extras else ([], [])
    contact_list = _network_contacts(draw, unique(max_contacts, min_size=1), community_list)
    contact_ids = [c.id for c in contact_list]
    goal_list = (
        [draw(goals(contact_ids, ids=st.just(goal_id))) for goal_id in unique(2)] if extras else []
    )
    if at is None:
        at = _few_instants(draw)
    interaction_list = [
        draw(
            interactions(
                contact_ids,
                goals=[g.id for g in goal_list],
                events=[e.id for e in event_list],
                at=at,
                ids=st.just(interaction_id),
            )
        )
        for interaction_id in unique(max_interactions)
    ]
    commitment_list = [
        draw(commitments(contact_ids, ids=st.just(commitment_id))) for commitment_id in unique(3)
    ]
    return Network(
        settings=draw(_optional(settings())) if extras else None,
        profile=draw(_optional(profiles())) if extras else None,
        communities=tuple(community_list),
        events=tuple(event_list),
        contacts=tuple(contact_list),
        goals=tuple(goal_list),
        interactions=tuple(interaction_list),
        commitments=tuple(commitment_list),
    )
