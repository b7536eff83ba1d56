"""What relnet's SQL stores share: the schema, its migrations, the queries, the mapping
between records and rows, and the :class:`~relnet.storage.Store` logic on top.

A record is kept as one JSON document (``doc``, written by :mod:`relnet.serialization`)
plus the columns that queries need: ids, references (as foreign keys), the instant of
interactions and events as integer microseconds since the epoch (``at_us``, which sorts
correctly whatever the zone) with the zone name beside it (``at_zone``, the ``at`` of
the document), the due date of commitments. Tags are indexed by their SHA-256 digest,
so that any text (a NUL byte PostgreSQL refuses, a megabyte no index takes) matches
exactly.

Each interaction's touches (:meth:`relnet.model.Interaction.touches`) go into a
``touches`` table as it is written, and a ``summaries`` table holds, per contact, the
fold of all its touches (:class:`~relnet.model.TouchSummary` with every touch past),
kept exact by every write in the same transaction. :meth:`SQLStore.touch_summaries`
reads that table; only contacts with a touch after ``now`` are folded again, by a
``GROUP BY`` query over their touches. SQL text is written
once with ``:name`` parameters; each :class:`Dialect` fills in the few places where
SQLite and PostgreSQL differ.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import json
import operator
import re
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import attrs
import pendulum

from relnet.errors import ConflictError, NotFoundError, StorageError, ValidationError
from relnet.model import (
    Cadence,
    Channel,
    Circle,
    Commitment,
    CommitmentId,
    Community,
    CommunityId,
    Contact,
    ContactId,
    Direction,
    Event,
    EventId,
    Goal,
    GoalId,
    Interaction,
    InteractionId,
    MonthDay,
    Profile,
    Role,
    Settings,
    Status,
    SummaryBuilder,
    Touch,
    TouchSummary,
    Value,
    epoch_us,
)
from relnet.model.monthday import parse_birthday
from relnet.model.summary import interaction_touches
from relnet.serialization import from_dict, parse_instant, to_dict
from relnet.storage import ContactFacts
from relnet.storage.sieve import checked_sieve, passes

__all__ = ["MIGRATIONS", "Dialect", "SQLStore"]

R = TypeVar("R")
E = TypeVar("E", bound=enum.Enum)
Row = tuple[Any, ...]

_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})
_DIRECTIONS = {direction: direction.value for direction in Direction}
_INTRO, _NOTE = Channel.INTRO, Channel.NOTE
_MEETING, _CALL, _VIDEO = Channel.MEETING, Channel.CALL, Channel.VIDEO
_INBOUND, _OUTBOUND = Direction.INBOUND, Direction.OUTBOUND
_ADVICE = Value.ADVICE
_PLAIN_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@attrs.frozen
class Dialect:
    """The differences between two SQL engines that relnet's queries care about."""

    #: The engine's name, for messages.
    name: str
    #: A 64-bit integer column type.
    int64: str
    #: The type of id columns: text compared by code point.
    key: str
    #: What ends a ``CREATE TABLE`` (``" STRICT"`` where supported).
    table_options: str
    #: ``{value}`` aggregated into a comma-separated text.
    concat: str
    #: A sub-select of the ids passed as the ``:ids`` parameter, as column ``id``.
    id_list: str
    #: How the ``:ids`` parameter is passed.
    pack_ids: Callable[[Sequence[str]], Any]
    #: Whether parameters are written ``%(name)s`` rather than ``:name``.
    pyformat: bool = False
    #: A text column holding JSON, as the engine's JSON type.
    as_json: str = "{value}"
    #: A value inside JSON (``{dotted}``: ``a.b``, ``{commas}``: ``a,b``), as text,
    #: a number or NULL; a list comes as its JSON text. Not for free text (a NUL
    #: character may cut it short).
    json_value: str = "json_extract({value}, '$.{dotted}')"
    #: A value inside JSON as its JSON text, exact for any text; None if the engine
    #: has no way to give it.
    json_raw: str | None = "({value} -> '$.{dotted}')"

    def json_field(self, value: str, *path: str, raw: bool = False) -> str:
        """The expression for ``path`` inside the JSON expression ``value`` (with
        ``raw``, as JSON text)."""
        template = self.json_raw if raw else self.json_value
        assert template is not None
        return template.format(value=value, dotted=".".join(path), commas=",".join(path))

    def ddl(self, sql: str) -> str:
        """A schema statement with the dialect's column types and table options
        (``{fold_all}``: the query folding every contact's touches into summary rows)."""
        return sql.format(
            int64=self.int64,
            key=self.key,
            table_options=self.table_options,
            fold_all=_fold_all(self) if "{fold_all}" in sql else "",
        )

    def render(self, sql: str) -> str:
        """A query written with ``:name`` parameters, in the driver's parameter style."""
        return _render(self, sql)


@functools.lru_cache(maxsize=512)
def _render(dialect: Dialect, sql: str) -> str:
    if not dialect.pyformat:
        return sql
    text = sql.replace("%", "%%")
    return re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", text)


# -- the schema ----------------------------------------------------------------------

_SCHEMA_1 = """
CREATE TABLE owner (
    key {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
CREATE TABLE communities (
    id {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
CREATE TABLE events (
    id {key} PRIMARY KEY,
    at_us {int64} NOT NULL,
    at_zone TEXT NOT NULL,
    community_id {key} REFERENCES communities (id),
    doc TEXT NOT NULL
){table_options};
CREATE INDEX events_by_time ON events (at_us, id);
CREATE TABLE contacts (
    id {key} PRIMARY KEY,
    version {int64} NOT NULL,
    active {int64} NOT NULL,
    introduced_by {key} REFERENCES contacts (id),
    doc TEXT NOT NULL
){table_options};
CREATE INDEX contacts_by_introducer ON contacts (introduced_by);
CREATE TABLE contact_tags (
    contact_id {key} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag {key} NOT NULL,
    PRIMARY KEY (contact_id, tag)
){table_options};
CREATE INDEX contact_tags_by_tag ON contact_tags (tag);
CREATE TABLE contact_communities (
    contact_id {key} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    community_id {key} NOT NULL REFERENCES communities (id),
    PRIMARY KEY (contact_id, community_id)
){table_options};
CREATE TABLE goals (
    id {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
CREATE TABLE goal_contacts (
    goal_id {key} NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (goal_id, contact_id)
){table_options};
CREATE INDEX goal_contacts_by_contact ON goal_contacts (contact_id);
CREATE TABLE interactions (
    id {key} PRIMARY KEY,
    at_us {int64} NOT NULL,
    at_zone TEXT NOT NULL,
    event_id {key} REFERENCES events (id),
    doc TEXT NOT NULL
){table_options};
CREATE INDEX interactions_by_time ON interactions (at_us, id);
CREATE TABLE interaction_contacts (
    interaction_id {key} NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (interaction_id, contact_id)
){table_options};
CREATE INDEX interaction_contacts_by_contact ON interaction_contacts (contact_id);
CREATE TABLE interaction_goals (
    interaction_id {key} NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    goal_id {key} NOT NULL REFERENCES goals (id),
    PRIMARY KEY (interaction_id, goal_id)
){table_options};
CREATE TABLE touches (
    interaction_id {key} NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    at_us {int64} NOT NULL,
    direction TEXT NOT NULL,
    expects_reply {int64} NOT NULL,
    introducer {int64} NOT NULL,
    meeting {int64} NOT NULL,
    gave {int64} NOT NULL,
    received {int64} NOT NULL,
    advice {int64} NOT NULL,
    PRIMARY KEY (interaction_id, contact_id)
){table_options};
CREATE INDEX touches_by_contact ON touches (contact_id, at_us);
CREATE TABLE commitments (
    id {key} PRIMARY KEY,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    due {key} NOT NULL,
    is_open {int64} NOT NULL,
    doc TEXT NOT NULL
){table_options};
CREATE INDEX commitments_by_due ON commitments (due, id);
CREATE INDEX commitments_by_contact ON commitments (contact_id);
"""

# Version 2: the touch summaries read only an index. Every column they need follows
# (contact, instant), so each contact's touches are one range of the index and its
# rows are never visited.
_SCHEMA_2 = """
CREATE INDEX touches_covering ON touches (contact_id, at_us, direction, expects_reply,
    introducer, meeting, gave, received, advice, interaction_id);
DROP INDEX touches_by_contact;
"""

# Version 3: each contact's summary with every touch past, kept as touches come and go
# (``latest_us``: the instant of its latest touch; ``gave_at``/``received_at``: instants
# joined by commas). A contact without touches has no row.
_SCHEMA_3 = """
CREATE TABLE summaries (
    contact_id {key} PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    touches {int64} NOT NULL,
    first_touch {int64},
    last_touch {int64},
    last_inbound {int64},
    last_reach {int64},
    last_heard {int64},
    pending_reply {int64},
    open_asks {int64} NOT NULL,
    last_ask {int64},
    first_meeting {int64},
    open_intro {int64},
    last_advice {int64},
    gave_at TEXT,
    received_at TEXT,
    latest_us {int64} NOT NULL
){table_options};
CREATE INDEX summaries_by_latest ON summaries (latest_us);
INSERT INTO summaries (contact_id, touches, first_touch, last_touch, last_inbound,
    last_reach, last_heard, pending_reply, open_asks, last_ask, first_meeting, open_intro,
    last_advice, gave_at, received_at, latest_us) {fold_all}
"""

#: The schema's history: ``MIGRATIONS[n]`` takes a version-``n`` schema to ``n + 1``.
#: A store refuses a database whose version is beyond ``len(MIGRATIONS)``.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_1, _SCHEMA_2, _SCHEMA_3)

_VERSION_TABLE = "CREATE TABLE schema_version (version {int64} NOT NULL){table_options}"


def statements(script: str) -> list[str]:
    """The statements of a migration script (none contains a semicolon in a literal)."""
    return [part.strip() for part in script.split(";") if part.strip()]


# -- the summary query ---------------------------------------------------------------

# The fields that follow a contact's latest reach or reply, as of ``:now``, for the row
# ``{row}`` (its ``last_reach``, ``last_heard`` and ``latest_ask``) of contact ``{person}``;
# both summary queries end with them. ``{first_meeting}`` sits between, in field order.
_FOLLOWING = """\
    (SELECT MIN(p.at_us) FROM touches p
        WHERE p.contact_id = {person}
        AND p.at_us > COALESCE({row}.last_reach, {before_all}) AND p.at_us <= :now
        AND p.direction = 'inbound' AND p.expects_reply = 1) AS pending_reply,
    (SELECT COUNT(*) FROM touches q
        WHERE q.contact_id = {person}
        AND q.at_us > COALESCE({row}.last_heard, {before_all}) AND q.at_us <= :now
        AND q.direction = 'outbound' AND q.expects_reply = 1) AS open_asks,
    CASE
        WHEN {row}.latest_ask IS NULL THEN NULL
        WHEN NOT EXISTS (
            SELECT 1 FROM touches h
            WHERE h.contact_id = {person} AND h.at_us = {row}.latest_ask
            AND h.direction <> 'outbound'
        ) THEN {row}.latest_ask
        ELSE (SELECT MAX(q.at_us) FROM touches q
            WHERE q.contact_id = {person} AND q.at_us <= :now
            AND q.direction = 'outbound' AND q.expects_reply = 1
            AND NOT EXISTS (
                SELECT 1 FROM touches h
                WHERE h.contact_id = q.contact_id AND h.at_us = q.at_us
                AND h.direction <> 'outbound' AND h.interaction_id < q.interaction_id
            ))
    END AS last_ask,
    {first_meeting},
    (SELECT MIN(i.at_us) FROM touches i
        WHERE i.contact_id = {person}
        AND i.at_us > COALESCE({row}.last_reach, {before_all}) AND i.at_us <= :now
        AND i.introducer = 1) AS open_intro,
"""


def _following(row: str, person: str, first_meeting: str) -> str:
    """:data:`_FOLLOWING` for one query's names."""
    return _FOLLOWING.format(
        row=row, person=person, first_meeting=first_meeting, before_all=-(2**63)
    )


_SUMMARY = """
WITH agg AS (
    SELECT t.contact_id AS contact_id,
        COUNT(*) AS touches,
        MIN(t.at_us) AS first_touch,
        MAX(t.at_us) AS last_touch,
        MAX(CASE WHEN t.direction = 'inbound' THEN t.at_us END) AS last_inbound,
        MAX(CASE WHEN t.direction <> 'inbound' THEN t.at_us END) AS last_reach,
        MAX(CASE WHEN t.direction <> 'outbound' THEN t.at_us END) AS last_heard,
        MAX(CASE WHEN t.direction = 'outbound' AND t.expects_reply = 1
            THEN t.at_us END) AS latest_ask,
        MIN(CASE WHEN t.meeting = 1 THEN t.at_us END) AS first_meeting,
        MAX(CASE WHEN t.advice = 1 THEN t.at_us END) AS last_advice,
        {gave_at} AS gave_at,
        {received_at} AS received_at
    FROM touches t
    {where}
    GROUP BY t.contact_id
)
SELECT w.id, a.touches, a.first_touch, a.last_touch, a.last_inbound, a.last_reach,
    a.last_heard,
{following}    a.last_advice, a.gave_at, a.received_at,
    (SELECT MIN(n.at_us) FROM touches n
        WHERE n.contact_id = w.id AND n.at_us > :now) AS next_planned
FROM {wanted} w LEFT JOIN agg a ON a.contact_id = w.id
"""
# Why these are exactly the fold of SummaryBuilder (touches in (instant, interaction id)
# order; each interaction touches a contact at most once):
# * pending_reply / open_intro are reset by every outbound-or-mutual touch and then set
#   by the first qualifying touch strictly later than it: the earliest one after the
#   latest reach.
# * open_asks is reset by every inbound-or-mutual touch and counts the asks strictly
#   later: those after the latest such touch.
# * last_ask moves to an ask when no inbound-or-mutual touch folded before it is at its
#   instant or later; only touches at the same instant with a smaller interaction id
#   can be. So the latest ask is it unless an inbound-or-mutual touch shares its
#   instant (rare): only then are the asks searched one by one.
# The lower bounds are written so that the (contact, instant) index gives a range: each
# contact's few touches after its latest reach or latest reply are read, not its history.


def summary_query(dialect: Dialect, *, chosen: bool) -> str:
    """The touch-summary query for every contact, or (``chosen``) the ``:ids`` given."""
    return dialect.render(_summary_text(dialect, chosen=chosen))


def _summary_text(dialect: Dialect, *, chosen: bool, now: str = ":now") -> str:
    """:func:`summary_query` before rendering, with ``now`` for the ``:now`` parameter."""
    wanted = f"({dialect.id_list})" if chosen else "(SELECT id FROM contacts)"
    where = "WHERE t.at_us <= :now"
    if chosen:
        where += f" AND t.contact_id IN (SELECT id FROM ({dialect.id_list}) AS chosen)"
    gave = "CASE WHEN t.gave = 1 THEN t.at_us END"
    received = "CASE WHEN t.received = 1 THEN t.at_us END"
    sql = _SUMMARY.format(
        gave_at=dialect.concat.replace("{value}", gave),
        received_at=dialect.concat.replace("{value}", received),
        where=where,
        wanted=wanted,
        following=_following("a", "a.contact_id", "a.first_meeting"),
    )
    return sql.replace(":now", now)


# The summaries as of ``now`` of chosen contacts that have touches after it, from their
# stored summaries (every touch past) and a few seeks in the touches index, never a
# pass over their histories:
# * a latest-of-a-kind instant that is at or before now in the stored summary is still
#   the latest as of now; one after it is found by walking the index back from now to
#   the first touch of that kind (ORDER BY ... DESC LIMIT 1);
# * the earliest touch and first meeting are the stored ones if at or before now, else
#   there are none; the count is the stored one less the touches after now;
# * the fields that follow the latest reach or reply (pending_reply, open_asks,
#   last_ask, open_intro) are found as in the summary query, from a short range;
# * gave_at and received_at are the stored lists cut at now (see _cut_instants).
_TAIL = """
WITH b AS (
    SELECT s.contact_id AS id, s.touches AS stored_touches, s.first_touch AS stored_first,
        s.first_meeting AS stored_meeting, s.gave_at, s.received_at,
        (SELECT COUNT(*) FROM touches n
            WHERE n.contact_id = s.contact_id AND n.at_us > :now) AS later,
        (SELECT n.at_us FROM touches n WHERE n.contact_id = s.contact_id AND n.at_us > :now
            ORDER BY n.at_us LIMIT 1) AS next_planned,
        {last_touch} AS last_touch,
        {last_inbound} AS last_inbound,
        {last_reach} AS last_reach,
        {last_heard} AS last_heard,
        {last_advice} AS last_advice,
        {latest_ask} AS latest_ask
    FROM summaries s
    WHERE s.contact_id IN (SELECT id FROM ({id_list}) AS chosen)
)
SELECT b.id, b.stored_touches - b.later,
    CASE WHEN b.stored_first <= :now THEN b.stored_first END,
    b.last_touch, b.last_inbound, b.last_reach, b.last_heard,
{following}    b.last_advice, b.gave_at, b.received_at, b.next_planned
FROM b
"""


def _walk_back(field: str) -> str:
    """The latest touch of the kind ``field`` follows (:data:`_TOUCH_KINDS`) at or before
    now: a walk back through the index from now."""
    return (
        "(SELECT t.at_us FROM touches t WHERE t.contact_id = s.contact_id "
        f"AND t.at_us <= :now AND {_TOUCH_KINDS[field]} ORDER BY t.at_us DESC LIMIT 1)"
    )


def _latest_of_kind(field: str) -> str:
    """The stored latest touch of a kind when it is at or before now, else the walk back."""
    return (
        f"CASE WHEN s.{field} IS NULL THEN NULL WHEN s.{field} <= :now THEN s.{field} "
        f"ELSE {_walk_back(field)} END"
    )


@functools.cache
def tail_query(dialect: Dialect) -> str:
    """The summaries as of ``:now`` of the ``:ids`` given, each of which has a stored
    summary and a touch after ``:now`` (rows as :func:`summary_query`'s, except that
    ``gave_at`` and ``received_at`` still hold every stored instant)."""
    sql = _TAIL.format(
        last_touch=_walk_back("last_touch"),
        last_inbound=_latest_of_kind("last_inbound"),
        last_reach=_latest_of_kind("last_reach"),
        last_heard=_latest_of_kind("last_heard"),
        last_advice=_latest_of_kind("last_advice"),
        latest_ask=_walk_back("last_ask"),
        id_list=dialect.id_list,
        following=_following(
            "b", "b.id", "CASE WHEN b.stored_meeting <= :now THEN b.stored_meeting END"
        ),
    )
    return dialect.render(sql)


def _cut_instants(text: str | None, now: int) -> str | None:
    """A stored comma-joined list of instants without those after ``now``."""
    if not text:
        return None
    kept = [part for part in str(text).split(",") if int(part) <= now]
    return ",".join(kept) if kept else None


#: The instant after every other: a summary as of it has every touch past.
LAST_INSTANT = 2**63 - 1

#: The columns of a ``summaries`` row: a :class:`TouchSummary`'s fields (all but
#: ``next_planned``), then the instant of the contact's latest touch.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "contact_id",
    "touches",
    "first_touch",
    "last_touch",
    "last_inbound",
    "last_reach",
    "last_heard",
    "pending_reply",
    "open_asks",
    "last_ask",
    "first_meeting",
    "open_intro",
    "last_advice",
    "gave_at",
    "received_at",
    "latest_us",
)
# The same, as the summary query names them (the latest touch is the last one).
_FOLD_OUTPUT = ("id", *SUMMARY_COLUMNS[1:-1], "last_touch")


@functools.cache
def _fold_all(dialect: Dialect) -> str:
    """The ``summaries`` rows of every contact with touches, from the touches."""
    picked = ", ".join(f"f.{name}" for name in _FOLD_OUTPUT)
    inner = _summary_text(dialect, chosen=False, now=str(LAST_INSTANT))
    return f"SELECT {picked} FROM ({inner}) AS f WHERE f.touches > 0"


def _instants(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    return tuple(sorted(map(int, str(text).split(","))))


def summary_from_row(row: Row) -> TouchSummary:
    """A :class:`TouchSummary` from a row of :func:`summary_query`."""
    (
        contact,
        touches,
        first_touch,
        last_touch,
        last_inbound,
        last_reach,
        last_heard,
        pending_reply,
        open_asks,
        last_ask,
        first_meeting,
        open_intro,
        last_advice,
        gave_at,
        received_at,
        next_planned,
    ) = row
    # Positional, in the order of TouchSummary's fields (a hundred thousand of these).
    return TouchSummary(
        ContactId(contact),
        int(touches or 0),
        first_touch,
        last_touch,
        last_inbound,
        last_reach,
        last_heard,
        pending_reply,
        int(open_asks or 0),
        last_ask,
        first_meeting,
        open_intro,
        last_advice,
        _instants(gave_at) if gave_at else (),
        _instants(received_at) if received_at else (),
        next_planned,
    )


def stored_summary(row: Row) -> TouchSummary:
    """The :class:`TouchSummary` a ``summaries`` row holds (every touch past)."""
    (
        contact,
        touches,
        first_touch,
        last_touch,
        last_inbound,
        last_reach,
        last_heard,
        pending_reply,
        open_asks,
        last_ask,
        first_meeting,
        open_intro,
        last_advice,
        gave_at,
        received_at,
        _,
    ) = row
    return TouchSummary(
        ContactId(contact),
        int(touches),
        first_touch,
        last_touch,
        last_inbound,
        last_reach,
        last_heard,
        pending_reply,
        int(open_asks),
        last_ask,
        first_meeting,
        open_intro,
        last_advice,
        _instants(gave_at) if gave_at else (),
        _instants(received_at) if received_at else (),
        None,
    )


def summary_row(summary: TouchSummary) -> Row:
    """The ``summaries`` row of a contact's summary with every touch past."""
    return (
        summary.contact,
        summary.touches,
        summary.first_touch,
        summary.last_touch,
        summary.last_inbound,
        summary.last_reach,
        summary.last_heard,
        summary.pending_reply,
        summary.open_asks,
        summary.last_ask,
        summary.first_meeting,
        summary.open_intro,
        summary.last_advice,
        ",".join(map(str, summary.gave_at)) or None,
        ",".join(map(str, summary.received_at)) or None,
        summary.last_touch,
    )


# What a touch row says of a touch, as a Touch that SummaryBuilder folds alike (it reads
# only the direction, the ask, and whether value, and advice, changed hands).
_SHAPES: dict[tuple[Any, ...], Touch] = {}


def _shape(direction: str, expects: int, gave: int, received: int, advice: int) -> Touch:
    key = (direction, expects, gave, received, advice)
    found = _SHAPES.get(key)
    if found is None:
        found = _SHAPES[key] = Touch(
            ContactId(""),
            Direction(direction),
            bool(expects),
            (Value.SUPPORT,) if gave else (),
            (Value.ADVICE,) if advice else (Value.SUPPORT,) if received else (),
        )
    return found


class SummaryFolds:
    """Per-contact folds of ``touches`` rows fed in any order.

    A contact's touches fold with :class:`~relnet.model.SummaryBuilder` while they come
    in (instant, interaction id) order; a contact with a touch out of that order is set
    aside in :attr:`stale`, to be folded from the database instead.
    """

    __slots__ = ("_folds", "stale")

    def __init__(self) -> None:
        self._folds: dict[str, list[Any]] = {}  # builder, latest instant, its interaction
        #: Contacts whose touches came out of order.
        self.stale: set[str] = set()

    def add(self, rows: Iterable[Row]) -> None:
        """Fold ``touches`` rows (in the order of ``COLUMNS["touches"]``)."""
        folds, stale, shapes = self._folds, self.stale, _SHAPES
        for key, person, at, direction, expects, introducer, meeting, gave, got, advice in rows:
            fold = folds.get(person)
            if fold is None:
                fold = folds[person] = [SummaryBuilder(ContactId(person)), at, key]
            elif at < fold[1] or (at == fold[1] and key < fold[2]) or person in stale:
                stale.add(person)
                continue
            else:
                fold[1], fold[2] = at, key
            touch = shapes.get((direction, expects, gave, got, advice))
            if touch is None:
                touch = _shape(direction, expects, gave, got, advice)
            fold[0].add(at, Channel.MEETING if meeting else Channel.EMAIL, touch, introducer == 1)

    def contacts(self) -> set[str]:
        """Every contact touched by the rows folded."""
        return set(self._folds)

    def rows(self, *, leave_out: Iterable[str] = ()) -> list[Row]:
        """The ``summaries`` rows of the contacts folded in order (but ``leave_out``)."""
        skip = self.stale.union(leave_out)
        return [
            summary_row(fold[0].freeze())
            for person, fold in self._folds.items()
            if person not in skip
        ]


def summary_rows(touches: Iterable[Row]) -> Tables:
    """The ``summaries`` rows of the contacts whose every touch is in ``touches`` (rows
    of ``COLUMNS["touches"]``, any order), by table."""
    folds = SummaryFolds()
    folds.add(sorted(touches, key=operator.itemgetter(1, 2, 0)))
    return {"summaries": folds.rows()}


# -- contact facts ---------------------------------------------------------------------


def _facts_of(person: str, data: dict[str, Any]) -> ContactFacts:
    """:class:`ContactFacts` from a contact's document."""
    cadence = data["cadence"]
    roles = data["roles"]
    if not isinstance(roles, list):
        raise TypeError(f"a contact's roles are {roles!r}")
    return _facts(
        (
            person,
            None,
            data["circle"],
            None if cadence is None else cadence["count"],
            None if cadence is None else cadence["unit"],
            data["status"],
            data["snoozed_until"],
            json.dumps(roles),
            data["birthday"],
            data["created_at"],
        ),
        name=data["name"],
    )


def _facts(row: Row, *, name: Any = None) -> ContactFacts:
    """:class:`ContactFacts` from a row of :meth:`SQLStore.contact_facts` (its name as
    JSON text, unless ``name`` is given)."""
    person, name_json, circle, count, unit, status, snoozed, roles, birthday, created = row
    if name_json is not None:
        # A JSON string without a backslash holds its text as it is.
        if "\\" not in name_json and name_json[:1] == '"' == name_json[-1:] and len(name_json) > 1:
            name = name_json[1:-1]
        else:
            name = json.loads(name_json)
    if not isinstance(name, str):
        raise TypeError(f"a contact's name is {name!r}")
    return ContactFacts(
        ContactId(person),
        name,
        _member(Circle, circle),
        None if count is None else _cadence(int(count), str(unit)),
        _member(Status, status),
        None if snoozed is None else _day(str(snoozed)),
        _roles(roles),
        None if birthday is None else _birthday(str(birthday)),
        None if created is None else functools.partial(parse_instant, str(created), "created_at"),
    )


def _member(kind: type[E], value: Any) -> E:
    found = kind._value2member_map_.get(value)
    if found is None:
        raise ValueError(f"{value!r} is not one of {kind.__name__}")
    return found  # type: ignore[return-value]


@functools.lru_cache(maxsize=256)
def _cadence(count: int, unit: str) -> Cadence:
    return Cadence(count, unit)


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> pendulum.Date:
    return from_dict(text, pendulum.Date)


@functools.lru_cache(maxsize=4096)
def _birthday(text: str) -> pendulum.Date | MonthDay:
    return parse_birthday(text)


@functools.lru_cache(maxsize=256)
def _roles(text: str | None) -> frozenset[Role]:
    if not text:
        return frozenset()
    items = json.loads(text)
    if not isinstance(items, list):
        raise TypeError(f"a contact's roles are {text!r}")
    return frozenset(_member(Role, item) for item in items)


# -- records and rows ----------------------------------------------------------------


def zone_name(instant: dt.datetime) -> str:
    """The zone an instant is written in: an IANA name, or its UTC offset (``+05:30``)."""
    zone = instant.tzinfo
    if type(zone) is pendulum.Timezone and type(instant) is pendulum.DateTime:
        return zone.name  # what timezone_name gives, without its checks
    moment = instant if isinstance(instant, pendulum.DateTime) else pendulum.instance(instant)
    name = moment.timezone_name
    if name:
        return str(name)
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def instant_from(epoch_microseconds: int, zone: str) -> pendulum.DateTime:
    """The instant ``epoch_microseconds`` after the epoch, in ``zone`` (as stored)."""
    moment = _PLAIN_EPOCH + dt.timedelta(microseconds=epoch_microseconds)
    tz: dt.tzinfo
    if zone[:1] in ("+", "-"):
        sign = -1 if zone[0] == "-" else 1
        parts = [int(p) for p in zone[1:].split(":")]
        seconds = parts[0] * 3600 + (parts[1] if len(parts) > 1 else 0) * 60
        seconds += parts[2] if len(parts) > 2 else 0
        tz = pendulum.FixedTimezone(sign * seconds)
    else:
        tz = _named_zone(zone)
    local = moment.astimezone(tz)
    # pendulum's own conversion costs several times this (a million of these at load).
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=tz,
        fold=local.fold,
    )


@functools.lru_cache(maxsize=1024)
def _named_zone(name: str) -> pendulum.Timezone:
    """The zone named ``name``, once per name."""
    try:
        return pendulum.timezone(name)
    except Exception as error:
        raise StorageError(f"a stored instant names an unknown time zone {name!r}") from error


def encode(record: Any, *, drop: str | None = None) -> str:
    """``record`` as compact JSON (``drop`` leaves one field out)."""
    data = to_dict(record)
    if drop is not None:
        del data[drop]
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


_INTERACTION_FIELDS = (
    "participants",
    "at",
    "channel",
    "direction",
    "expects_reply",
    "auto_reply",
    "gave",
    "received",
    "introduced_by",
    "summary",
    "topics",
    "goals",
    "event",
    "id",
)
_quote: Callable[[str], str] = json.encoder.encode_basestring
_LITERALS = {None: "null", True: "true", False: "false"}
_FAST_INTERACTIONS = tuple(f.name for f in attrs.fields(Interaction)) == _INTERACTION_FIELDS


def encode_interaction(interaction: Interaction) -> str:
    """``encode(interaction, drop="at")``, built directly: a store writes millions of them."""
    if not _FAST_INTERACTIONS:  # pragma: no cover - the model changed: take the long way
        return encode(interaction, drop="at")
    # Written out piece by piece, each text quoted by the very function the JSON encoder
    # uses (the enums are StrEnums: a member is written as its value).
    quote = _quote
    direction = interaction.direction
    introducer = interaction.introduced_by
    event = interaction.event
    return (
        f'{{"participants":[{",".join(map(quote, interaction.participants))}],'
        f'"channel":{quote(interaction.channel)},'
        f'"direction":{"null" if direction is None else quote(direction)},'
        f'"expects_reply":{_LITERALS[interaction.expects_reply]},'
        f'"auto_reply":{_LITERALS[interaction.auto_reply]},'
        f'"gave":[{",".join(map(quote, interaction.gave))}],'
        f'"received":[{",".join(map(quote, interaction.received))}],'
        f'"introduced_by":{"null" if introducer is None else quote(introducer)},'
        f'"summary":{quote(interaction.summary)},'
        f'"topics":[{",".join(map(quote, sorted(interaction.topics)))}],'
        f'"goals":[{",".join(map(quote, sorted(interaction.goals)))}],'
        f'"event":{"null" if event is None else quote(event)},'
        f'"id":{quote(interaction.id)}}}'
    )


def decode(doc: str, cls: type[R], kind: str, **extra: Any) -> R:
    """A record of ``cls`` from its stored JSON (plus ``extra`` fields, given as the
    record's converters take them: an instant as a datetime).

    The record's own converters check and convert every field, as they do for any
    record built in code; only fields they cannot read from JSON (instants, dates,
    cadences…) go through :func:`relnet.serialization.from_dict` first. The result is
    what ``from_dict`` gives for the whole document, at a fraction of the cost.
    """
    try:
        data = json.loads(doc)
        for name, kind_of, day in _structured_fields(typing.cast(type, cls)):
            value = data.get(name)
            if value is not None:  # None goes to the converter as it is
                if day and type(value) is str:
                    data[name] = _day_from(value, kind_of)
                else:
                    data[name] = from_dict(value, kind_of)
        data.update(extra)
        return cls(**data)
    except (ValueError, TypeError, AttributeError) as error:
        raise StorageError(f"a stored {kind} is damaged and cannot be read: {error}") from error


@functools.cache
def _structured_fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """The fields of ``cls`` its converters cannot take as JSON gives them, with types,
    and whether each holds a date (or None)."""
    attrs.resolve_types(cls)
    return tuple(
        (field.name, field.type, _is_day(field.type))
        for field in attrs.fields(cls)
        if field.converter is None or not _from_json(field.type)
    )


def _is_day(kind: Any) -> bool:
    """Whether ``kind`` is :class:`pendulum.Date`, or it or None."""
    choices = [a for a in typing.get_args(kind) if a is not type(None)] or [kind]
    return all(choice is pendulum.Date for choice in choices)


@functools.lru_cache(maxsize=4096)
def _day_from(text: str, kind: Any) -> Any:
    """A stored date, read once per text: a store's records share a few thousand dates,
    and dates are immutable."""
    return from_dict(text, kind)


def _from_json(kind: Any) -> bool:
    """Whether a converter reads a value of type ``kind`` from its JSON form: text, a
    whole number, a boolean, an enum's value, or a list of those (or None for those)."""
    kind = getattr(kind, "__supertype__", kind)  # a NewType of str is a str
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return all(arg is type(None) or _from_json(arg) for arg in args)
    origin = typing.get_origin(kind)
    if origin in (frozenset, tuple, list):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return False
        return _from_json(args[0])
    return kind in (str, int, bool) or (isinstance(kind, type) and issubclass(kind, enum.Enum))


def tag_key(tag: str) -> str:
    """A tag as stored: its SHA-256 digest, so that any tag (a NUL byte, a megabyte of
    text) is indexable and matches exactly; the tag itself is in the contact's document."""
    return hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()


def touch_rows(interaction: Interaction, at_us: int) -> list[Row]:
    """The ``touches`` rows of an interaction, in the order of ``COLUMNS["touches"]``:
    one per :meth:`~relnet.model.Interaction.touches` (written out directly for the
    common case, where every participant is touched alike)."""
    channel = interaction.channel
    if channel is _INTRO:
        return _touch_rows(interaction, at_us)
    if interaction.auto_reply or channel is _NOTE:
        return []
    direction = interaction.direction
    assert direction is not None  # set for every channel but notes
    # Members compared by identity: an enum's hash is a Python call, and this runs a
    # million times in a bulk load.
    if direction is _INBOUND:
        text, expects = "inbound", 1 if interaction.expects_reply else 0
    elif direction is _OUTBOUND:
        text, expects = "outbound", 1 if interaction.expects_reply else 0
    else:
        text, expects = _DIRECTIONS[direction], 0
    received = interaction.received
    key = interaction.id
    meeting = 1 if channel is _MEETING or channel is _CALL or channel is _VIDEO else 0
    gave = 1 if interaction.gave else 0
    got, advice = (1, 1 if _ADVICE in received else 0) if received else (0, 0)
    return [
        (key, person, at_us, text, expects, 0, meeting, gave, got, advice)
        for person in interaction.participants
    ]


def _touch_rows(interaction: Interaction, at_us: int) -> list[Row]:
    """The ``touches`` rows of an interaction, from its touches one by one."""
    meeting = int(interaction.channel in _MEETINGS)
    introducer = interaction.introduced_by
    key = interaction.id
    return [
        (
            key,
            touch.contact,
            at_us,
            _DIRECTIONS[touch.direction],
            int(touch.expects_reply),
            int(introducer is not None and touch.contact == introducer),
            meeting,
            int(bool(touch.gave)),
            int(bool(touch.received)),
            int(Value.ADVICE in touch.received),
        )
        for touch in interaction.touches()
    ]


# -- rows for many records at once ----------------------------------------------------

#: The columns the bulk writer fills, per table, in the order of its row tuples.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "communities": ("id", "doc"),
    "events": ("id", "at_us", "at_zone", "community_id", "doc"),
    "contacts": ("id", "version", "active", "introduced_by", "doc"),
    "contact_tags": ("contact_id", "tag"),
    "contact_communities": ("contact_id", "community_id"),
    "goals": ("id", "doc"),
    "goal_contacts": ("goal_id", "contact_id"),
    "interactions": ("id", "at_us", "at_zone", "event_id", "doc"),
    "interaction_contacts": ("interaction_id", "contact_id"),
    "interaction_goals": ("interaction_id", "goal_id"),
    "touches": (
        "interaction_id",
        "contact_id",
        "at_us",
        "direction",
        "expects_reply",
        "introducer",
        "meeting",
        "gave",
        "received",
        "advice",
    ),
    "commitments": ("id", "contact_id", "due", "is_open", "doc"),
    "summaries": SUMMARY_COLUMNS,
}


def insert_sql(dialect: Dialect, table: str) -> str:
    """An ``INSERT`` of a row of :data:`COLUMNS` into ``table``, with positional parameters."""
    columns = COLUMNS[table]
    mark = "%s" if dialect.pyformat else "?"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


Tables = dict[str, list[Row]]
#: How many interactions the bulk writer turns into rows at a time.
_CHUNK = 10_000
#: How many ids a query takes at a time.
_ID_CHUNK = 10_000


def _empty(*names: str) -> Tables:
    return {name: [] for name in names}


def community_rows(communities: Iterable[Community]) -> Tables:
    """The rows of ``communities``, by table."""
    out = _empty("communities")
    out["communities"] = [(c.id, encode(c)) for c in communities]
    return out


def event_rows(events: Iterable[Event]) -> Tables:
    """The rows of ``events``, by table."""
    out = _empty("events")
    out["events"] = [
        (e.id, epoch_us(e.at), zone_name(e.at), e.community, encode(e, drop="at")) for e in events
    ]
    return out


def contact_rows(contacts: Iterable[Contact]) -> Tables:
    """The rows of ``contacts`` (with their tags and communities), by table."""
    out = _empty("contacts", "contact_tags", "contact_communities")
    rows, tags, communities = out["contacts"], out["contact_tags"], out["contact_communities"]
    for contact in contacts:
        person = contact.id
        rows.append(
            (
                person,
                contact.version,
                int(contact.reachable),
                contact.introduced_by,
                encode(contact),
            )
        )
        tags.extend((person, tag_key(t)) for t in sorted(contact.tags))
        communities.extend((person, c) for c in sorted(contact.communities))
    return out


def goal_rows(goals: Iterable[Goal]) -> Tables:
    """The rows of ``goals`` (with the contacts they name), by table."""
    out = _empty("goals", "goal_contacts")
    for goal in goals:
        out["goals"].append((goal.id, encode(goal)))
        out["goal_contacts"].extend((goal.id, c) for c in sorted(goal.contacts))
    return out


def interaction_rows(interactions: Iterable[Interaction]) -> Tables:
    """The rows of ``interactions`` (with their contacts, goals and touches), by table."""
    out = _empty("interactions", "interaction_contacts", "interaction_goals", "touches")
    rows, people, goals = out["interactions"], out["interaction_contacts"], out["interaction_goals"]
    touches = out["touches"]
    for interaction in interactions:
        key = interaction.id
        at_us = epoch_us(interaction.at)
        rows.append(
            (
                key,
                at_us,
                zone_name(interaction.at),
                interaction.event,
                encode_interaction(interaction),
            )
        )
        for person in interaction.contacts:
            people.append((key, person))
        if interaction.goals:
            goals.extend((key, g) for g in sorted(interaction.goals))
        touches += touch_rows(interaction, at_us)
    return out


def commitment_rows(commitments: Iterable[Commitment]) -> Tables:
    """The rows of ``commitments``, by table."""
    out = _empty("commitments")
    out["commitments"] = [
        (c.id, c.contact, c.due.isoformat(), int(c.is_open), encode(c)) for c in commitments
    ]
    return out


def _bound(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, value, "an aware datetime (with a time zone)")
    return epoch_us(value)


def _now(value: Any) -> int:
    now_us = _bound(value, "now")
    if now_us is None:
        raise ValidationError("now", value, "an aware datetime (with a time zone)")
    return now_us


#: For each instant field but ``next_planned``, the kind of touch whose instant it takes.
_TOUCH_KINDS = {
    "first_touch": "1 = 1",
    "last_touch": "1 = 1",
    "last_inbound": "t.direction = 'inbound'",
    "last_reach": "t.direction <> 'inbound'",
    "last_heard": "t.direction <> 'outbound'",
    "pending_reply": "t.direction = 'inbound' AND t.expects_reply = 1",
    "last_ask": "t.direction = 'outbound' AND t.expects_reply = 1",
    "first_meeting": "t.meeting = 1",
    "open_intro": "t.introducer = 1",
    "last_advice": "t.advice = 1",
}
_STORED = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM summaries"


def _require(value: Any, kind: type, field: str) -> None:
    if not isinstance(value, kind):
        raise ValidationError(field, value, f"a {kind.__name__}")


# -- the store -----------------------------------------------------------------------


class SQLStore(ABC):
    """The :class:`~relnet.storage.Store` logic over a SQL connection.

    Subclasses provide the connection: :meth:`_run` (one statement, returning its rows),
    :meth:`_run_many`, :meth:`transaction` (nesting with savepoints) and :meth:`_tables`.
    Every write runs in a transaction of its own (a savepoint inside an open one), checks
    references and ids before writing, and so raises the same errors as
    :class:`~relnet.storage.InMemoryStore`.
    """

    dialect: Dialect
    #: How the store names its database in messages.
    where: str = "the database"

    # -- what a driver provides -----------------------------------------------------

    @abstractmethod
    def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Execute one rendered statement and return its rows (none for writes)."""

    @abstractmethod
    def _run_many(self, sql: str, rows: Sequence[Mapping[str, Any]] | Sequence[Row]) -> None:
        """Execute one rendered statement once per parameter set."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: all commit, or none if the block raises; nested blocks are
        savepoints."""

    @abstractmethod
    def _tables(self) -> set[str]:
        """The names of the tables in the store's database (or schema)."""

    def _run_script(self, script: str) -> None:
        """Execute a migration script, one statement at a time."""
        for statement in statements(script):
            self._run(statement)

    def _forgotten(self) -> None:  # noqa: B027 - an optional hook
        """Called inside ``forget``'s transaction; a store may scrub after it commits."""

    # -- helpers --------------------------------------------------------------------

    def _query(self, sql: str, **params: Any) -> list[Row]:
        return self._run(self.dialect.render(sql), params)

    def _write_rows(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._run_many(self.dialect.render(sql), rows)

    def _exists(self, table: str, record_id: str) -> bool:
        return bool(self._query(f"SELECT 1 FROM {table} WHERE id = :id", id=record_id))

    def _first_missing(self, table: str, ids: Iterable[str]) -> str | None:
        wanted = list(ids)
        if not wanted:
            return None
        sql = f"SELECT id FROM {table} WHERE id IN (SELECT id FROM ({self.dialect.id_list}) AS x)"
        found = {row[0] for row in self._query(sql, ids=self.dialect.pack_ids(wanted))}
        for record_id in wanted:
            if record_id not in found:
                return record_id
        return None

    def _require_all(self, table: str, kind: str, ids: Iterable[str]) -> None:
        missing = self._first_missing(table, ids)
        if missing is not None:
            raise NotFoundError(kind, missing)

    def _doc(self, table: str, record_id: str, kind: str) -> str:
        rows = self._query(f"SELECT doc FROM {table} WHERE id = :id", id=record_id)
        if not rows:
            raise NotFoundError(kind, str(record_id))
        doc: str = rows[0][0]
        return doc

    def _chunked(self, sql: str, ids: Sequence[str], **params: Any) -> list[Row]:
        """Rows of ``sql`` (rendered) for the ``:ids`` given, a bounded number at a time."""
        out: list[Row] = []
        pack = self.dialect.pack_ids
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            out += self._run(sql, {**params, "ids": pack(chunk)})
        return out

    def migrate(self) -> int:
        """Bring the schema to the current version (creating it in an empty database).

        Returns the version. Raises StorageError for a database that holds other tables
        but no relnet schema, or one written by a newer relnet.
        """
        with self.transaction():
            tables = self._tables()
            if "schema_version" not in tables:
                if tables:
                    shown = ", ".join(sorted(tables)[:5])
                    raise StorageError(
                        f"{self.where} is not a relnet store: it holds other tables "
                        f"({shown}) and no relnet schema_version table"
                    )
                self._run(self.dialect.ddl(_VERSION_TABLE))
                self._query("INSERT INTO schema_version (version) VALUES (0)")
                version = 0
            else:
                rows = self._query("SELECT version FROM schema_version")
                if len(rows) != 1 or not isinstance(rows[0][0], int):
                    raise StorageError(f"{self.where} has a damaged schema_version table")
                version = rows[0][0]
            if version > len(MIGRATIONS):
                raise StorageError(
                    f"{self.where} has schema version {version}, written by a newer relnet; "
                    f"this relnet reads versions up to {len(MIGRATIONS)}: upgrade relnet"
                )
            for script in MIGRATIONS[version:]:
                self._run_script(self.dialect.ddl(script))
            if version < len(MIGRATIONS):
                self._query("UPDATE schema_version SET version = :v", v=len(MIGRATIONS))
            return len(MIGRATIONS)

    # -- many records at once --------------------------------------------------------

    def add_records(
        self,
        *,
        communities: Iterable[Community] = (),
        events: Iterable[Event] = (),
        contacts: Iterable[Contact] = (),
        goals: Iterable[Goal] = (),
        interactions: Iterable[Interaction] = (),
        commitments: Iterable[Commitment] = (),
    ) -> None:
        """Add many records in one transaction, much faster than one ``add_*`` at a time.

        Each record is stored exactly as its ``add_*`` method stores it. A record may
        name any record already stored or given in the same call, in any order (a
        contact's introducer may come after it). Raises ConflictError for an id given
        twice or already stored, NotFoundError for a reference to a record that is
        neither, ValidationError for a value of the wrong type; nothing is written then.
        """
        given: dict[str, list[Any]] = {
            "community": list(communities),
            "event": list(events),
            "contact": list(contacts),
            "goal": list(goals),
            "interaction": list(interactions),
            "commitment": list(commitments),
        }
        kinds = {
            "community": Community,
            "event": Event,
            "contact": Contact,
            "goal": Goal,
            "interaction": Interaction,
            "commitment": Commitment,
        }
        ids: dict[str, set[str]] = {}
        for kind, records in given.items():
            seen: set[str] = set()
            for record in records:
                _require(record, kinds[kind], kind)
                if record.id in seen:
                    raise ConflictError(f"a {kind} with id {record.id!r} is given twice")
                seen.add(record.id)
            ids[kind] = seen
        wanted: dict[str, set[str]] = {kind: set() for kind in kinds}
        for event in given["event"]:
            if event.community is not None:
                wanted["community"].add(event.community)
        later: list[Row] = []  # introducers given after the contacts they introduced
        placed: set[str] = set()
        for contact in given["contact"]:
            wanted["community"].update(contact.communities)
            if contact.introduced_by is not None:
                wanted["contact"].add(contact.introduced_by)
                if contact.introduced_by in ids["contact"] and contact.introduced_by not in placed:
                    later.append((contact.introduced_by, contact.id))
            placed.add(contact.id)
        for goal in given["goal"]:
            wanted["contact"].update(goal.contacts)
        for interaction in given["interaction"]:
            wanted["contact"].update(interaction.contacts)
            wanted["goal"].update(interaction.goals)
            if interaction.event is not None:
                wanted["event"].add(interaction.event)
        for commitment in given["commitment"]:
            wanted["contact"].add(commitment.contact)
        tables = {
            "community": "communities",
            "event": "events",
            "contact": "contacts",
            "goal": "goals",
        }
        with self.transaction():
            for kind, table in tables.items():
                self._require_all(table, kind, sorted(wanted[kind] - ids[kind]))
            self._write_tables(community_rows(given["community"]))
            self._write_tables(event_rows(given["event"]))
            rows = contact_rows(given["contact"])
            if later:
                forward = {person for _, person in later}
                rows["contacts"] = [
                    (*row[:3], None, row[4]) if row[0] in forward else row
                    for row in rows["contacts"]
                ]
            self._write_tables(rows)
            if later:
                self._run_many(
                    self.dialect.render(
                        "UPDATE contacts SET introduced_by = :introducer WHERE id = :id"
                    ),
                    [{"introducer": introducer, "id": person} for introducer, person in later],
                )
            self._write_tables(goal_rows(given["goal"]))
            records = given["interaction"]
            folds = SummaryFolds()
            for start in range(0, len(records), _CHUNK):
                rows = interaction_rows(records[start : start + _CHUNK])
                self._write_tables(rows)
                folds.add(rows["touches"])
            self._write_tables(commitment_rows(given["commitment"]))
            # Contacts touched before this call fold from the database, as do those
            # whose touches came out of order; the others fold here.
            known = sorted(folds.contacts() - ids["contact"])
            touched_before = {
                row[0]
                for row in self._chunked(
                    self.dialect.render(
                        "SELECT contact_id FROM summaries WHERE contact_id IN "
                        f"(SELECT id FROM ({self.dialect.id_list}) AS x)"
                    ),
                    known,
                )
            }
            self._write_tables({"summaries": folds.rows(leave_out=touched_before)})
            self._refold(touched_before | folds.stale)

    # -- contacts -------------------------------------------------------------------

    def add_contact(self, contact: Contact) -> Contact:
        """Store a new contact (see :meth:`relnet.storage.Store.add_contact`)."""
        _require(contact, Contact, "contact")
        with self.transaction():
            if self._exists("contacts", contact.id):
                raise ConflictError(f"a contact with id {contact.id!r} already exists")
            self._check_contact_refs(contact)
            self._query(
                "INSERT INTO contacts (id, version, active, introduced_by, doc) "
                "VALUES (:id, :version, :active, :introduced_by, :doc)",
                **self._contact_row(contact),
            )
            self._write_contact_links(contact)
        return contact

    @staticmethod
    def _contact_row(contact: Contact) -> dict[str, Any]:
        return {
            "id": contact.id,
            "version": contact.version,
            "active": int(contact.reachable),
            "introduced_by": contact.introduced_by,
            "doc": encode(contact),
        }

    def _write_contact_links(self, contact: Contact) -> None:
        self._write_rows(
            "INSERT INTO contact_tags (contact_id, tag) VALUES (:contact_id, :tag)",
            [{"contact_id": contact.id, "tag": tag_key(t)} for t in sorted(contact.tags)],
        )
        self._write_rows(
            "INSERT INTO contact_communities (contact_id, community_id) "
            "VALUES (:contact_id, :community_id)",
            [{"contact_id": contact.id, "community_id": c} for c in sorted(contact.communities)],
        )

    def contact_facts(self, contacts: Iterable[ContactId] | None = None) -> Sequence[ContactFacts]:
        """The facts of every reachable contact (or of those among ``contacts``; ids the
        store does not hold are left out), ordered by id, read from the stored documents
        by the database (see :class:`relnet.storage.FactSource`)."""
        where = "active = 1"
        wanted: list[str] = []
        if contacts is not None:
            # In id order, a chunk at a time: the chunks' rows come in id order too.
            wanted = sorted(set(contacts))
            if not wanted:
                return []
            where += f" AND id IN (SELECT id FROM ({self.dialect.id_list}) AS x)"
        if self.dialect.json_raw is None:
            # Without a way to read JSON text exactly, read the documents here.
            sql = f"SELECT id, doc FROM contacts WHERE {where} ORDER BY id"
            docs = self._facts_rows(sql, wanted, contacts is not None)
            try:
                return [_facts_of(person, json.loads(doc)) for person, doc in docs]
            except (ValueError, TypeError, AttributeError, KeyError) as error:
                raise StorageError(
                    f"a stored contact is damaged and cannot be read: {error}"
                ) from error
        field = self.dialect.json_field
        rows = self._facts_rows(
            f"SELECT id, {field('d', 'name', raw=True)}, {field('d', 'circle')}, "
            f"{field('d', 'cadence', 'count')}, {field('d', 'cadence', 'unit')}, "
            f"{field('d', 'status')}, {field('d', 'snoozed_until')}, {field('d', 'roles')}, "
            f"{field('d', 'birthday')}, {field('d', 'created_at')} "
            f"FROM (SELECT id, {self.dialect.as_json.format(value='doc')} AS d "
            f"FROM contacts WHERE {where}) AS c ORDER BY id",
            wanted,
            contacts is not None,
        )
        try:
            return [_facts(row) for row in rows]
        except (ValueError, TypeError, AttributeError) as error:
            raise StorageError(
                f"a stored contact is damaged and cannot be read: {error}"
            ) from error

    def _facts_rows(self, sql: str, ids: Sequence[str], chosen: bool) -> list[Row]:
        if chosen:
            return self._chunked(self.dialect.render(sql), ids)
        return self._query(sql)

    def _check_contact_refs(self, contact: Contact) -> None:
        if contact.introduced_by is not None:
            self._require_all("contacts", "contact", [contact.introduced_by])
        self._require_all("communities", "community", sorted(contact.communities))

    def get_contact(self, contact_id: ContactId) -> Contact:
        """Return a contact, or raise NotFoundError."""
        return decode(self._doc("contacts", contact_id, "contact"), Contact, "contact")

    def update_contact(self, contact: Contact) -> Contact:
        """Replace a contact if its version is current (optimistic concurrency)."""
        _require(contact, Contact, "contact")
        with self.transaction():
            rows = self._query("SELECT version FROM contacts WHERE id = :id", id=contact.id)
            if not rows:
                raise NotFoundError("contact", contact.id)
            stored = int(rows[0][0])
            if stored != contact.version:
                raise ConflictError(
                    f"contact {contact.id!r} was updated elsewhere: stored version "
                    f"{stored}, given {contact.version}"
                )
            self._check_contact_refs(contact)
            updated = attrs.evolve(contact, version=stored + 1)
            self._replace_contact(updated, stored)
            self._query("DELETE FROM contact_tags WHERE contact_id = :id", id=contact.id)
            self._query("DELETE FROM contact_communities WHERE contact_id = :id", id=contact.id)
            self._write_contact_links(updated)
        return updated

    def _replace_contact(self, contact: Contact, stored_version: int) -> None:
        changed = self._query(
            "UPDATE contacts SET version = :version, active = :active, "
            "introduced_by = :introduced_by, doc = :doc "
            "WHERE id = :id AND version = :stored RETURNING id",
            stored=stored_version,
            **self._contact_row(contact),
        )
        if not changed:
            raise ConflictError(f"contact {contact.id!r} was updated elsewhere meanwhile")

    def contacts(
        self, *, tag: str | None = None, include_archived: bool = True
    ) -> Sequence[Contact]:
        """Contacts ordered by id, optionally by tag and without archived people."""
        where = []
        params: dict[str, Any] = {}
        if tag is not None:
            where.append(
                "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = :tag)"
            )
            params["tag"] = tag_key(tag)
        if not include_archived:
            where.append("c.active = 1")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(f"SELECT c.doc FROM contacts c {clause} ORDER BY c.id", **params)
        return [decode(row[0], Contact, "contact") for row in rows]

    def forget(self, contact_id: ContactId) -> None:
        """Erase a person and everything only about them (see the protocol)."""
        with self.transaction():
            if not self._exists("contacts", contact_id):
                raise NotFoundError("contact", str(contact_id))
            affected = self._query(
                "SELECT DISTINCT t.contact_id FROM touches t JOIN interaction_contacts ic "
                "ON ic.interaction_id = t.interaction_id WHERE ic.contact_id = :id",
                id=contact_id,
            )
            rows = self._query(
                "SELECT i.id, i.at_us, i.at_zone, i.doc FROM interactions i WHERE EXISTS ("
                "SELECT 1 FROM interaction_contacts ic "
                "WHERE ic.interaction_id = i.id AND ic.contact_id = :id) ORDER BY i.id",
                id=contact_id,
            )
            for row in rows:
                interaction = self._interaction_from_row(row)
                self._query("DELETE FROM interactions WHERE id = :id", id=interaction.id)
                rest = tuple(p for p in interaction.participants if p != contact_id)
                if rest:
                    introducer = interaction.introduced_by
                    kept = attrs.evolve(
                        interaction,
                        participants=rest,
                        introduced_by=None if introducer == contact_id else introducer,
                    )
                    self._insert_interaction(kept)
            self._refold({row[0] for row in affected} | {contact_id})
            self._query("DELETE FROM commitments WHERE contact_id = :id", id=contact_id)
            goal_rows = self._query(
                "SELECT g.doc FROM goals g JOIN goal_contacts gc ON gc.goal_id = g.id "
                "WHERE gc.contact_id = :id",
                id=contact_id,
            )
            for (doc,) in goal_rows:
                goal = decode(doc, Goal, "goal")
                changed_goal = attrs.evolve(goal, contacts=goal.contacts - {contact_id})
                self._query(
                    "UPDATE goals SET doc = :doc WHERE id = :id",
                    id=goal.id,
                    doc=encode(changed_goal),
                )
            self._query("DELETE FROM goal_contacts WHERE contact_id = :id", id=contact_id)
            introduced = self._query(
                "SELECT doc FROM contacts WHERE introduced_by = :id", id=contact_id
            )
            for (doc,) in introduced:
                other = decode(doc, Contact, "contact")
                changed = attrs.evolve(other, introduced_by=None, version=other.version + 1)
                self._replace_contact(changed, other.version)
            self._query("DELETE FROM contacts WHERE id = :id", id=contact_id)
            self._forgotten()

    # -- interactions ---------------------------------------------------------------

    def add_interaction(self, interaction: Interaction) -> Interaction:
        """Store an interaction whose participants, introducer, goals and event exist."""
        _require(interaction, Interaction, "interaction")
        with self.transaction():
            if self._exists("interactions", interaction.id):
                raise ConflictError(f"an interaction with id {interaction.id!r} already exists")
            self._require_all("contacts", "contact", interaction.contacts)
            self._require_all("goals", "goal", sorted(interaction.goals))
            if interaction.event is not None:
                self._require_all("events", "event", [interaction.event])
            self._insert_interaction(interaction)
            self._fold_in(interaction)
        return interaction

    def _fold_in(self, interaction: Interaction) -> None:
        """Bring the summaries of the contacts ``interaction`` touches up to date (its
        touches are written): fold it into those it comes after every touch of, fold
        the others again from their touches."""
        touches = list(interaction_touches(interaction))
        if not touches:
            return
        at = epoch_us(interaction.at)
        stored = {
            row[0]: row
            for row in self._run(
                self.dialect.render(
                    f"{_STORED} WHERE contact_id IN (SELECT id FROM ({self.dialect.id_list}) AS x)"
                ),
                {"ids": self.dialect.pack_ids([touch.contact for touch, _ in touches])},
            )
        }
        rows: list[Row] = []
        again: set[str] = set()
        for touch, is_introducer in touches:
            row = stored.get(touch.contact)
            if row is None:  # no touch before this one
                builder = SummaryBuilder(touch.contact)
            elif at > row[-1]:
                builder = SummaryBuilder.resume(stored_summary(row))
            else:  # at or before its latest touch: the order of ties needs the history
                again.add(touch.contact)
                continue
            builder.add(at, interaction.channel, touch, is_introducer)
            rows.append(summary_row(builder.freeze()))
        if rows:
            update = ", ".join(f"{name} = excluded.{name}" for name in SUMMARY_COLUMNS[1:])
            self._run_many(
                insert_sql(self.dialect, "summaries")
                + f" ON CONFLICT (contact_id) DO UPDATE SET {update}",
                rows,
            )
        self._refold(again)

    def _refold(self, contacts: Iterable[str]) -> None:
        """Compute the summaries of ``contacts`` again from their touches."""
        wanted = sorted(set(contacts))
        if not wanted:
            return
        self._chunked(
            self.dialect.render(
                "DELETE FROM summaries WHERE contact_id IN "
                f"(SELECT id FROM ({self.dialect.id_list}) AS x)"
            ),
            wanted,
        )
        # Through Python, so that the instants of value are written in order.
        rows = self._chunked(summary_query(self.dialect, chosen=True), wanted, now=LAST_INSTANT)
        self._write_tables({"summaries": [summary_row(summary_from_row(r)) for r in rows if r[1]]})

    def _insert_interaction(self, interaction: Interaction) -> None:
        self._write_tables(interaction_rows([interaction]))

    def _write_tables(self, tables: Tables) -> None:
        """Insert rows of :data:`COLUMNS` shape, table by table in the order given."""
        for table, rows in tables.items():
            if rows:
                self._run_many(insert_sql(self.dialect, table), rows)

    @staticmethod
    def _interaction_from_row(row: Row) -> Interaction:
        _, at_us, zone, doc = row
        return decode(doc, Interaction, "interaction", at=instant_from(int(at_us), str(zone)))

    def get_interaction(self, interaction_id: InteractionId) -> Interaction:
        """Return an interaction, or raise NotFoundError."""
        rows = self._query(
            "SELECT id, at_us, at_zone, doc FROM interactions WHERE id = :id", id=interaction_id
        )
        if not rows:
            raise NotFoundError("interaction", str(interaction_id))
        return self._interaction_from_row(rows[0])

    def remove_interaction(self, interaction_id: InteractionId) -> None:
        """Delete an interaction, or raise NotFoundError."""
        with self.transaction():
            touched = self._query(
                "SELECT contact_id FROM touches WHERE interaction_id = :id", id=interaction_id
            )
            gone = self._query(
                "DELETE FROM interactions WHERE id = :id RETURNING id", id=interaction_id
            )
            if not gone:
                raise NotFoundError("interaction", str(interaction_id))
            self._refold(row[0] for row in touched)

    def interactions(
        self,
        *,
        contact: ContactId | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[Interaction]:
        """Interactions in time order (instant, then id), ``since <= at < until``."""
        low, high = _bound(since, "since"), _bound(until, "until")
        where = []
        params: dict[str, Any] = {}
        if contact is not None:
            where.append(
                "EXISTS (SELECT 1 FROM interaction_contacts ic "
                "WHERE ic.interaction_id = i.id AND ic.contact_id = :contact)"
            )
            params["contact"] = contact
        if low is not None:
            where.append("i.at_us >= :low")
            params["low"] = low
        if high is not None:
            where.append("i.at_us < :high")
            params["high"] = high
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(
            f"SELECT i.id, i.at_us, i.at_zone, i.doc FROM interactions i {clause} "
            "ORDER BY i.at_us, i.id",
            **params,
        )
        return [self._interaction_from_row(row) for row in rows]

    # -- summaries ------------------------------------------------------------------

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[ContactId] | None = None
    ) -> Mapping[ContactId, TouchSummary]:
        """Each contact's summary as of ``now``: read from the ``summaries`` table for
        the contacts with no touch after ``now``, folded by the database for the rest."""
        now_us = _now(now)
        found: dict[ContactId, TouchSummary] = {}
        later: list[str] = []
        if contacts is None:
            rows = self._run(_STORED)
        else:
            wanted = list(dict.fromkeys(contacts))
            if not wanted:
                return {}
            rows = self._chunked(
                self.dialect.render(
                    f"{_STORED} WHERE contact_id IN (SELECT id FROM ({self.dialect.id_list}) AS x)"
                ),
                wanted,
            )
        for row in rows:
            if row[-1] > now_us:
                later.append(row[0])
            else:
                found[ContactId(row[0])] = stored_summary(row)
        found.update(self._summaries_as_of(later, now_us))
        if contacts is None:
            for (person,) in self._run("SELECT id FROM contacts"):
                if person not in found:
                    found[ContactId(person)] = TouchSummary(ContactId(person))
            return found
        return {c: found.get(c) or TouchSummary(contact=c) for c in wanted}

    def touch_summaries_since(
        self, *, now: dt.datetime, since: Mapping[str, int]
    ) -> Mapping[ContactId, TouchSummary]:
        """The summaries as of ``now`` of exactly the contacts whose summary passes
        ``since`` (see :class:`relnet.storage.SummarySieve`): a range of the
        ``summaries`` table, and the contacts touched after ``now`` folded again."""
        bounds = checked_sieve(since)
        now_us = _now(now)
        if not bounds:
            return {}
        tests: list[str] = []
        params: dict[str, Any] = {"now": now_us}
        for number, (name, bound) in enumerate(bounds.items()):
            if name in SUMMARY_COLUMNS:  # next_planned is never set as of a later now
                tests.append(f"{name} >= :b{number}")
                params[f"b{number}"] = bound
        found: dict[ContactId, TouchSummary] = {}
        if tests:
            # Nearly every row is at or before now: a scan beats the latest_us index.
            rows = self._query(
                f"{_STORED} WHERE +latest_us <= :now AND ({' OR '.join(tests)})", **params
            )
            for row in rows:
                found[ContactId(row[0])] = stored_summary(row)
        if "next_planned" in bounds:
            later = self._query(
                "SELECT contact_id FROM summaries WHERE latest_us > :now", now=now_us
            )
        else:
            # Every other field is the instant of a past touch of some kind: only a
            # contact with such a touch between the bound and now may pass.
            kinds = " OR ".join(
                f"(t.at_us >= :b{number} AND {_TOUCH_KINDS[name]})"
                for number, name in enumerate(bounds)
            )
            # The lowest bound starts the range of the index each contact's test reads.
            later = self._query(
                "SELECT s.contact_id FROM summaries s WHERE s.latest_us > :now AND EXISTS "
                "(SELECT 1 FROM touches t WHERE t.contact_id = s.contact_id "
                f"AND t.at_us >= :lowest AND t.at_us <= :now AND ({kinds}))",
                lowest=min(bounds.values()),
                **params,
            )
        for person, summary in self._summaries_as_of([row[0] for row in later], now_us).items():
            if passes(summary, bounds):
                found[person] = summary
        return found

    def _summaries_as_of(
        self, contacts: Sequence[str], now_us: int
    ) -> dict[ContactId, TouchSummary]:
        """The summaries as of ``now_us`` of ``contacts``, which have stored summaries and
        touches after ``now_us``: from the stored summaries and a few index seeks."""
        if not contacts:
            return {}
        rows = self._chunked(tail_query(self.dialect), contacts, now=now_us)
        out: dict[ContactId, TouchSummary] = {}
        for row in rows:
            gave, received = row[13], row[14]
            if gave or received:
                row = (
                    *row[:13],
                    _cut_instants(gave, now_us),
                    _cut_instants(received, now_us),
                    row[15],
                )
            out[ContactId(row[0])] = summary_from_row(row)
        return out

    # -- commitments ----------------------------------------------------------------

    @staticmethod
    def _commitment_row(commitment: Commitment) -> dict[str, Any]:
        return {
            "id": commitment.id,
            "contact_id": commitment.contact,
            "due": commitment.due.isoformat(),
            "is_open": int(commitment.is_open),
            "doc": encode(commitment),
        }

    def add_commitment(self, commitment: Commitment) -> Commitment:
        """Store a commitment to or from a known contact."""
        _require(commitment, Commitment, "commitment")
        with self.transaction():
            if self._exists("commitments", commitment.id):
                raise ConflictError(f"a commitment with id {commitment.id!r} already exists")
            self._require_all("contacts", "contact", [commitment.contact])
            self._query(
                "INSERT INTO commitments (id, contact_id, due, is_open, doc) "
                "VALUES (:id, :contact_id, :due, :is_open, :doc)",
                **self._commitment_row(commitment),
            )
        return commitment

    def get_commitment(self, commitment_id: CommitmentId) -> Commitment:
        """Return a commitment, or raise NotFoundError."""
        return decode(
            self._doc("commitments", commitment_id, "commitment"), Commitment, "commitment"
        )

    def update_commitment(self, commitment: Commitment) -> Commitment:
        """Replace a stored commitment."""
        _require(commitment, Commitment, "commitment")
        with self.transaction():
            if not self._exists("commitments", commitment.id):
                raise NotFoundError("commitment", commitment.id)
            self._require_all("contacts", "contact", [commitment.contact])
            self._query(
                "UPDATE commitments SET contact_id = :contact_id, due = :due, "
                "is_open = :is_open, doc = :doc WHERE id = :id",
                **self._commitment_row(commitment),
            )
        return commitment

    def commitments(
        self, *, contact: ContactId | None = None, open_only: bool = False
    ) -> Sequence[Commitment]:
        """Commitments by due date, then id."""
        where = []
        params: dict[str, Any] = {}
        if contact is not None:
            where.append("contact_id = :contact")
            params["contact"] = contact
        if open_only:
            where.append("is_open = 1")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(f"SELECT doc FROM commitments {clause} ORDER BY due, id", **params)
        return [decode(row[0], Commitment, "commitment") for row in rows]

    # -- goals ----------------------------------------------------------------------

    def add_goal(self, goal: Goal) -> Goal:
        """Store a goal linked to known contacts."""
        _require(goal, Goal, "goal")
        with self.transaction():
            if self._exists("goals", goal.id):
                raise ConflictError(f"a goal with id {goal.id!r} already exists")
            self._require_all("contacts", "contact", sorted(goal.contacts))
            self._query(
                "INSERT INTO goals (id, doc) VALUES (:id, :doc)", id=goal.id, doc=encode(goal)
            )
            self._write_goal_links(goal)
        return goal

    def _write_goal_links(self, goal: Goal) -> None:
        self._write_rows(
            "INSERT INTO goal_contacts (goal_id, contact_id) VALUES (:goal_id, :contact_id)",
            [{"goal_id": goal.id, "contact_id": c} for c in sorted(goal.contacts)],
        )

    def get_goal(self, goal_id: GoalId) -> Goal:
        """Return a goal, or raise NotFoundError."""
        return decode(self._doc("goals", goal_id, "goal"), Goal, "goal")

    def update_goal(self, goal: Goal) -> Goal:
        """Replace a stored goal."""
        _require(goal, Goal, "goal")
        with self.transaction():
            if not self._exists("goals", goal.id):
                raise NotFoundError("goal", goal.id)
            self._require_all("contacts", "contact", sorted(goal.contacts))
            self._query("UPDATE goals SET doc = :doc WHERE id = :id", id=goal.id, doc=encode(goal))
            self._query("DELETE FROM goal_contacts WHERE goal_id = :id", id=goal.id)
            self._write_goal_links(goal)
        return goal

    def goals(self, *, contact: ContactId | None = None) -> Sequence[Goal]:
        """Goals by id, optionally those linked to ``contact``."""
        if contact is None:
            rows = self._query("SELECT doc FROM goals ORDER BY id")
        else:
            rows = self._query(
                "SELECT g.doc FROM goals g WHERE EXISTS (SELECT 1 FROM goal_contacts gc "
                "WHERE gc.goal_id = g.id AND gc.contact_id = :contact) ORDER BY g.id",
                contact=contact,
            )
        return [decode(row[0], Goal, "goal") for row in rows]

    # -- communities and events -----------------------------------------------------

    def add_community(self, community: Community) -> Community:
        """Store a community."""
        _require(community, Community, "community")
        with self.transaction():
            if self._exists("communities", community.id):
                raise ConflictError(f"a community with id {community.id!r} already exists")
            self._query(
                "INSERT INTO communities (id, doc) VALUES (:id, :doc)",
                id=community.id,
                doc=encode(community),
            )
        return community

    def get_community(self, community_id: CommunityId) -> Community:
        """Return a community, or raise NotFoundError."""
        return decode(self._doc("communities", community_id, "community"), Community, "community")

    def communities(self) -> Sequence[Community]:
        """Communities by id."""
        rows = self._query("SELECT doc FROM communities ORDER BY id")
        return [decode(row[0], Community, "community") for row in rows]

    def add_event(self, event: Event) -> Event:
        """Store an event (its community, if any, must exist)."""
        _require(event, Event, "event")
        with self.transaction():
            if self._exists("events", event.id):
                raise ConflictError(f"an event with id {event.id!r} already exists")
            if event.community is not None:
                self._require_all("communities", "community", [event.community])
            self._query(
                "INSERT INTO events (id, at_us, at_zone, community_id, doc) "
                "VALUES (:id, :at_us, :at_zone, :community_id, :doc)",
                id=event.id,
                at_us=epoch_us(event.at),
                at_zone=zone_name(event.at),
                community_id=event.community,
                doc=encode(event, drop="at"),
            )
        return event

    @staticmethod
    def _event_from_row(row: Row) -> Event:
        at_us, zone, doc = row
        return decode(doc, Event, "event", at=instant_from(int(at_us), str(zone)))

    def get_event(self, event_id: EventId) -> Event:
        """Return an event, or raise NotFoundError."""
        rows = self._query("SELECT at_us, at_zone, doc FROM events WHERE id = :id", id=event_id)
        if not rows:
            raise NotFoundError("event", str(event_id))
        return self._event_from_row(rows[0])

    def events(self) -> Sequence[Event]:
        """Events in time order (instant, then id)."""
        rows = self._query("SELECT at_us, at_zone, doc FROM events ORDER BY at_us, id")
        return [self._event_from_row(row) for row in rows]

    # -- the owner ------------------------------------------------------------------

    def _owner(self, key: str) -> str | None:
        rows = self._query("SELECT doc FROM owner WHERE key = :key", key=key)
        return str(rows[0][0]) if rows else None

    def _set_owner(self, key: str, record: Any) -> None:
        with self.transaction():
            self._query(
                "INSERT INTO owner (key, doc) VALUES (:key, :doc) "
                "ON CONFLICT (key) DO UPDATE SET doc = excluded.doc",
                key=key,
                doc=encode(record),
            )

    def get_settings(self) -> Settings:
        """The owner's settings (UTC until set)."""
        doc = self._owner("settings")
        return Settings(timezone="UTC") if doc is None else decode(doc, Settings, "settings")

    def set_settings(self, settings: Settings) -> None:
        """Replace the owner's settings."""
        _require(settings, Settings, "settings")
        self._set_owner("settings", settings)

    def get_profile(self) -> Profile:
        """The owner's profile (empty until set)."""
        doc = self._owner("profile")
        return Profile() if doc is None else decode(doc, Profile, "profile")

    def set_profile(self, profile: Profile) -> None:
        """Replace the owner's profile."""
        _require(profile, Profile, "profile")
        self._set_owner("profile", profile)
