"""The ``summaries`` table and the queries that fold touches into
:class:`~relnet.model.TouchSummary` values inside the database.

Each interaction's touches go into the ``touches`` table as it is written, and the
``summaries`` table holds, per contact, the fold of all its touches (a summary with
every touch past), kept exact by every write in the same transaction. A summary as of
an earlier ``now`` comes from the stored one and a few seeks in the touches index
(:func:`tail_query`); a contact's summary from scratch from a ``GROUP BY`` over its
touches (:func:`summary_query`).

Every shape here comes from :class:`~relnet.model.TouchSummary`'s fields: the table's
columns (:data:`SUMMARY_COLUMNS`), the names the queries give their results, and the
conversions both ways.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from relnet.adapters.sql.dialect import Dialect, Result
from relnet.adapters.sql.rows import EVENT_MEETING
from relnet.model import ContactId, TouchSummary
from relnet.model.summary import FOLDED_FIELDS

__all__ = [
    "LAST_INSTANT",
    "LAST_TOUCH_QUERY",
    "STORED_QUERY",
    "SUMMARY_COLUMNS",
    "SUMMARY_FIELDS",
    "TOUCH_KINDS",
    "fold_all",
    "query_summaries",
    "stored_as_of",
    "stored_summaries",
    "summary_query",
    "summary_row",
    "tail_query",
    "tail_summaries",
]

#: TouchSummary's fields, in order: the names every summary query gives its columns.
SUMMARY_FIELDS: tuple[str, ...] = tuple(field.name for field in attrs.fields(TouchSummary))
assert SUMMARY_FIELDS[0] == FOLDED_FIELDS[0] == "contact"

#: The columns of a ``summaries`` row: the contact, the summary's folded fields (all but
#: ``next_planned``), then the instant of the contact's latest touch.
SUMMARY_COLUMNS: tuple[str, ...] = ("contact_id", *FOLDED_FIELDS[1:], "latest_us")
_STORED_FIELDS = ("contact_id", *FOLDED_FIELDS[1:])

#: The instant after every other: a summary as of it has every touch past.
LAST_INSTANT = 2**63 - 1

#: For each instant field but ``next_planned``, the kind of touch whose instant it takes
#: (a test on the ``touches`` row ``t``).
TOUCH_KINDS = {
    "first_touch": "1 = 1",
    "last_touch": "1 = 1",
    "last_inbound": "t.direction = 'inbound'",
    "last_reach": "t.direction <> 'inbound'",
    "last_heard": "t.direction <> 'outbound'",
    "pending_reply": "t.direction = 'inbound' AND t.expects_reply = 1",
    "last_ask": "t.direction = 'outbound' AND t.expects_reply = 1",
    "first_meeting": "t.meeting = 1",
    "first_event": f"t.meeting = {EVENT_MEETING}",
    "open_intro": "t.introducer = 1",
    "last_advice": "t.advice = 1",
}

#: Every stored summary (add a ``WHERE``).
STORED_QUERY = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM summaries"


# -- rows and summaries ------------------------------------------------------------------

_folded = operator.attrgetter(*FOLDED_FIELDS)
_TOUCHES, _OPEN_ASKS = FOLDED_FIELDS.index("touches"), FOLDED_FIELDS.index("open_asks")
_GAVE, _RECEIVED = FOLDED_FIELDS.index("gave_at"), FOLDED_FIELDS.index("received_at")


def summary_row(summary: TouchSummary) -> tuple[Any, ...]:
    """The ``summaries`` row (:data:`SUMMARY_COLUMNS`) of a summary with every touch past."""
    values = list(_folded(summary))
    values[_GAVE] = ",".join(map(str, summary.gave_at)) or None
    values[_RECEIVED] = ",".join(map(str, summary.received_at)) or None
    values.append(summary.last_touch)
    return tuple(values)


def _instants(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    return tuple(sorted(map(int, str(text).split(","))))


def _summary(values: list[Any], next_planned: int | None) -> TouchSummary:
    """A summary from its folded fields as stored: counts may be NULL (no touches), the
    instants of value are comma-joined text."""
    values[_TOUCHES] = int(values[_TOUCHES] or 0)
    values[_OPEN_ASKS] = int(values[_OPEN_ASKS] or 0)
    values[_GAVE] = _instants(values[_GAVE])
    values[_RECEIVED] = _instants(values[_RECEIVED])
    values.append(next_planned)  # the last field
    return TouchSummary(*values)


def stored_summaries(result: Result) -> list[tuple[TouchSummary, int]]:
    """The summaries (every touch past) of a :data:`STORED_QUERY` result, each with the
    instant of the contact's latest touch."""
    out: list[tuple[TouchSummary, int]] = []
    append = out.append
    make = TouchSummary
    gave_at, received_at = _GAVE, _RECEIVED
    # The table's counts are never NULL; a summary has no next_planned (its default).
    for *values, latest in result.values(*_STORED_FIELDS, "latest_us"):
        gave = values[gave_at]
        values[gave_at] = _instants(gave) if gave else ()
        received = values[received_at]
        values[received_at] = _instants(received) if received else ()
        append((make(*values), latest))
    return out


def stored_as_of(
    result: Result, now_us: int
) -> tuple[dict[ContactId, TouchSummary], list[ContactId]]:
    """The summaries of a :data:`STORED_QUERY` result whose latest touch is at or before
    ``now_us`` (those are the summaries as of it), by contact, and the contacts of the
    other rows, in the result's order: what :func:`stored_summaries` gives, split,
    without a pair or a list of values per row (a read of every contact makes one
    summary per row and nothing else that outlives it)."""
    found: dict[ContactId, TouchSummary] = {}
    later: list[ContactId] = []
    make: Callable[..., TouchSummary] = TouchSummary  # the row's fields, by position
    gave_at, received_at, latest = _GAVE, _RECEIVED, len(_STORED_FIELDS)
    assert (gave_at, received_at) == (latest - 2, latest - 1)
    for row in result.values(*_STORED_FIELDS, "latest_us"):
        if row[latest] > now_us:
            later.append(row[0])
            continue
        gave = row[gave_at]
        received = row[received_at]
        found[row[0]] = make(
            *row[:gave_at],
            _instants(gave) if gave else (),
            _instants(received) if received else (),
        )
    return found, later


def query_summaries(result: Result) -> list[TouchSummary]:
    """The summaries of a :func:`summary_query` result."""
    return [_summary(values, planned) for *values, planned in result.values(*SUMMARY_FIELDS)]


def tail_summaries(result: Result, now_us: int) -> list[TouchSummary]:
    """The summaries as of ``now_us`` of a :func:`tail_query` result: those of
    :func:`_summary`, with the instants after ``now_us`` left out of the stored lists
    (each list read once)."""
    out = []
    make: Callable[..., TouchSummary] = TouchSummary  # the row's fields, by position
    for row in result.values(*SUMMARY_FIELDS):
        values = list(row)
        values[_TOUCHES] = int(values[_TOUCHES] or 0)
        values[_OPEN_ASKS] = int(values[_OPEN_ASKS] or 0)
        values[_GAVE] = _instants_until(values[_GAVE], now_us)
        values[_RECEIVED] = _instants_until(values[_RECEIVED], now_us)
        out.append(make(*values))
    return out


def _instants_until(text: str | None, now: int) -> tuple[int, ...]:
    """A stored comma-joined list of instants, sorted, without those after ``now``."""
    if not text:
        return ()
    return tuple(sorted(at for at in map(int, str(text).split(",")) if at <= now))


# -- the summary query ---------------------------------------------------------------

# The fields that follow a contact's latest reach or reply, as of ``:now``, for the row
# ``{row}`` (its ``last_reach``, ``last_heard`` and ``latest_ask``) of contact ``{person}``;
# both summary queries end with them. ``{first_meeting}`` and ``{first_event}`` sit
# between, in field order.
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
    {first_meeting} AS first_meeting,
    {first_event} AS first_event,
    (SELECT MIN(i.at_us) FROM touches i
        WHERE i.contact_id = {person}
        AND i.at_us > COALESCE({row}.last_reach, {before_all}) AND i.at_us <= :now
        AND i.introducer = 1) AS open_intro,
"""


def _following(row: str, person: str, first_meeting: str, first_event: str) -> str:
    """:data:`_FOLLOWING` for one query's names."""
    return _FOLLOWING.format(
        row=row,
        person=person,
        first_meeting=first_meeting,
        first_event=first_event,
        before_all=-(2**63),
    )


# The first touch as of ``:now`` (instant, then interaction id), when it is an event.
_FIRST_EVENT = f"""(SELECT CASE WHEN e.meeting = {EVENT_MEETING} THEN e.at_us END FROM touches e
        WHERE e.contact_id = a.contact_id AND e.at_us = a.first_touch
        ORDER BY e.interaction_id LIMIT 1)"""


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
SELECT w.id AS contact, a.touches AS touches, a.first_touch AS first_touch,
    a.last_touch AS last_touch, a.last_inbound AS last_inbound, a.last_reach AS last_reach,
    a.last_heard AS last_heard,
{following}    a.last_advice AS last_advice, a.gave_at AS gave_at, a.received_at AS received_at,
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
    """The touch-summary query (columns named as :data:`SUMMARY_FIELDS`) for every
    contact, or (``chosen``) the ``:ids`` given, as of ``:now``."""
    return dialect.render(_summary_text(dialect, chosen=chosen))


def _summary_text(dialect: Dialect, *, chosen: bool, now: str = ":now") -> str:
    """:func:`summary_query` before rendering, with ``now`` for the ``:now`` parameter."""
    wanted = f"({dialect.id_list})" if chosen else "(SELECT id FROM contacts)"
    where = "WHERE t.at_us <= :now"
    if chosen:
        where += f" AND {dialect.in_ids('t.contact_id')}"
    gave = "CASE WHEN t.gave = 1 THEN t.at_us END"
    received = "CASE WHEN t.received = 1 THEN t.at_us END"
    sql = _SUMMARY.format(
        gave_at=dialect.concat.replace("{value}", gave),
        received_at=dialect.concat.replace("{value}", received),
        where=where,
        wanted=wanted,
        following=_following("a", "a.contact_id", "a.first_meeting", _FIRST_EVENT),
    )
    return sql.replace(":now", now)


# Bounded by the number of dialects.
@functools.cache
def fold_all(dialect: Dialect) -> str:
    """The ``summaries`` rows (:data:`SUMMARY_COLUMNS`) of every contact with touches,
    folded from the touches."""
    picked = ", ".join(f"f.{name}" for name in (*FOLDED_FIELDS, "last_touch"))
    inner = _summary_text(dialect, chosen=False, now=str(LAST_INSTANT))
    return f"SELECT {picked} FROM ({inner}) AS f WHERE f.touches > 0"


# -- summaries as of an earlier now --------------------------------------------------

# The summaries as of ``now`` of chosen contacts that have touches after it, from their
# stored summaries (every touch past) and a few seeks in the touches index, never a
# pass over their histories:
# * a latest-of-a-kind instant that is at or before now in the stored summary is still
#   the latest as of now; one after it is found by walking the index back from now to
#   the first touch of that kind (ORDER BY ... DESC LIMIT 1);
# * the earliest touch, first meeting and first event are the stored ones if at or
#   before now, else
#   there are none; the count is the stored one less the touches after now;
# * the fields that follow the latest reach or reply (pending_reply, open_asks,
#   last_ask, open_intro) are found as in the summary query, from a short range;
# * gave_at and received_at are the stored lists, cut at now by tail_summaries.
# ``b`` is computed once (``{materialized}``): else the engine copies each of its walks
# back into every place that reads the column (last_reach three times, last_heard twice).
_TAIL = """
WITH b AS {materialized}(
    SELECT s.contact_id AS id, s.touches AS stored_touches, s.first_touch AS stored_first,
        s.first_meeting AS stored_meeting, s.first_event AS stored_event,
        s.gave_at, s.received_at,
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
    WHERE {chosen}
)
SELECT b.id AS contact, b.stored_touches - b.later AS touches,
    CASE WHEN b.stored_first <= :now THEN b.stored_first END AS first_touch,
    b.last_touch AS last_touch, b.last_inbound AS last_inbound, b.last_reach AS last_reach,
    b.last_heard AS last_heard,
{following}    b.last_advice AS last_advice, b.gave_at AS gave_at,
    b.received_at AS received_at, b.next_planned AS next_planned
FROM b
"""


def walk_back(field: str, contact: str = "s.contact_id") -> str:
    """The latest touch of the kind ``field`` follows (:data:`TOUCH_KINDS`) at or before
    now: a walk back through the index from now."""
    return (
        f"(SELECT t.at_us FROM touches t WHERE t.contact_id = {contact} "
        f"AND t.at_us <= :now AND {TOUCH_KINDS[field]} ORDER BY t.at_us DESC LIMIT 1)"
    )


#: Each contact's last touch as of ``:now`` (column ``last_touch``, by ``contact_id``):
#: the stored one when no touch of the contact is later, else the walk back. A contact
#: without touches has no row.
LAST_TOUCH_QUERY = (
    "SELECT s.contact_id AS contact_id, CASE WHEN s.latest_us <= :now THEN s.last_touch "
    f"ELSE {walk_back('last_touch')} END AS last_touch FROM summaries s"
)


def _latest_of_kind(field: str) -> str:
    """The stored latest touch of a kind when it is at or before now, else the walk back."""
    return (
        f"CASE WHEN s.{field} IS NULL THEN NULL WHEN s.{field} <= :now THEN s.{field} "
        f"ELSE {walk_back(field)} END"
    )


# Bounded by the number of dialects.
@functools.cache
def tail_query(dialect: Dialect) -> str:
    """The summaries as of ``:now`` (columns named as :data:`SUMMARY_FIELDS`) of the
    ``:ids`` given, each of which has a stored summary and a touch after ``:now``;
    ``gave_at`` and ``received_at`` still hold every stored instant (see
    :func:`tail_summaries`)."""
    sql = _TAIL.format(
        last_touch=walk_back("last_touch"),
        last_inbound=_latest_of_kind("last_inbound"),
        last_reach=_latest_of_kind("last_reach"),
        last_heard=_latest_of_kind("last_heard"),
        last_advice=_latest_of_kind("last_advice"),
        latest_ask=walk_back("last_ask"),
        chosen=dialect.in_ids("s.contact_id"),
        materialized=dialect.materialized,
        following=_following(
            "b",
            "b.id",
            "CASE WHEN b.stored_meeting <= :now THEN b.stored_meeting END",
            "CASE WHEN b.stored_event <= :now THEN b.stored_event END",
        ),
    )
    return dialect.render(sql)


def sieve_tests(bounds: Iterable[tuple[str, int]]) -> tuple[str, dict[str, int]]:
    """The test that a stored summary passes a sieve's bounds (on the fields the table
    holds; ``next_planned`` never is, as of a later now), and its parameters."""
    tests: list[str] = []
    params: dict[str, int] = {}
    for number, (name, bound) in enumerate(bounds):
        if name in SUMMARY_COLUMNS:
            tests.append(f"{name} >= :b{number}")
            params[f"b{number}"] = bound
    return " OR ".join(tests), params


#: The fields whose value as of an earlier ``now`` is the stored one when that is at or
#: before ``now``, else none.
_FIRST_FIELDS = frozenset({"first_touch", "first_meeting", "first_event"})
#: The fields that follow the latest reach as of ``now``: the earliest touch of their
#: kind strictly after it.
_AFTER_REACH = frozenset({"pending_reply", "open_intro"})

#: For each instant field but ``next_planned``, the stored column (the fold of every
#: touch) that is at or after any value the field takes as of an earlier ``now``: the
#: field itself for the first and latest touches of a kind (a first one as of ``now`` is
#: the stored one or none; a latest one as of ``now`` is a touch of that kind, and the
#: stored one is the latest of all), and for the others the latest touch of the kind
#: theirs belongs to (a reply owed is an inbound touch, an ask a reach, an intro a touch).
STORED_AT_LEAST = {
    "first_touch": "first_touch",
    "last_touch": "last_touch",
    "last_inbound": "last_inbound",
    "last_reach": "last_reach",
    "last_heard": "last_heard",
    "pending_reply": "last_inbound",
    "last_ask": "last_reach",
    "first_meeting": "first_meeting",
    "first_event": "first_event",
    "open_intro": "last_touch",
    "last_advice": "last_advice",
}


def may_pass_as_of(bounds: Sequence[tuple[str, int]]) -> str:
    """A test on the stored summary ``s`` of a contact touched after ``:now`` that its
    summary as of ``:now`` passes whenever that summary passes the sieve's ``bounds``
    (parameters as :func:`sieve_tests`; ``next_planned`` not among them), so that only
    the contacts it keeps need folding again. Per bounded field: the stored column of
    :data:`STORED_AT_LEAST` at or after the bound, read first; then a first touch of a
    kind is the stored one, at or before now (exact); any other field needs a touch of
    its kind between the bound and now (exact for the latest touch of a kind), and a
    reply owed or an open intro one strictly after the latest reach as of now."""
    tests = []
    for number, (name, _) in enumerate(bounds):
        bound = f":b{number}"
        stored = f"s.{STORED_AT_LEAST[name]} >= {bound}"
        if name in _FIRST_FIELDS:
            tests.append(f"({stored} AND s.{name} <= :now)")
            continue
        after = ""
        if name in _AFTER_REACH:
            after = f" AND t.at_us > COALESCE({_latest_of_kind('last_reach')}, {-(2**63)})"
        tests.append(
            f"({stored} AND EXISTS (SELECT 1 FROM touches t WHERE t.contact_id = s.contact_id "
            f"AND t.at_us >= {bound} AND t.at_us <= :now{after} AND {TOUCH_KINDS[name]}))"
        )
    return " OR ".join(tests)
