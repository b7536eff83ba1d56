"""Records to rows and back: each table's row (one NamedTuple per table, whose fields are
the table's columns), the JSON document a record is kept as, and the instants and tags
stored beside it.

A record is kept as one JSON document (``doc``, written by :mod:`relnet.serialization`)
plus the columns that queries need: ids, references (as foreign keys), the instant of
interactions and events as integer microseconds since the epoch (``at_us``, which sorts
correctly whatever the zone) with the zone name beside it (``at_zone``), the due date of
commitments. Tags are indexed by their SHA-256 digest, so that any text (a NUL byte
PostgreSQL refuses, a megabyte no index takes) matches exactly.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

import attrs
import pendulum

from relnet.errors import StorageError
from relnet.model import (
    Channel,
    Commitment,
    Community,
    Contact,
    Direction,
    Dismissal,
    Event,
    Goal,
    Interaction,
    MonthDay,
    Value,
)
from relnet.model._check import EMPTY_SET
from relnet.model.instants import epoch_us, from_epoch_us, zone, zone_name
from relnet.serialization import format_instant, from_dict, parse_instant, to_dict

__all__ = [
    "TupleRow",
    "CommitmentRow",
    "CommunityRow",
    "EVENT_MEETING",
    "ContactCommunityRow",
    "ContactRow",
    "ContactTagRow",
    "DismissalRow",
    "EventRow",
    "GoalContactRow",
    "GoalRow",
    "InteractionContactRow",
    "InteractionGoalRow",
    "InteractionRow",
    "Tables",
    "TouchRow",
    "community_rows",
    "commitment_rows",
    "contact_from_doc",
    "contact_rows",
    "decode",
    "decode_trusted",
    "dismissal_row",
    "encode",
    "encode_contact",
    "encode_interaction",
    "event_rows",
    "goal_rows",
    "interaction_rows",
    "stored_instant",
    "tag_key",
    "touch_rows",
    "touches_of",
]

R = TypeVar("R")


# -- one row type per table: its fields are the table's columns, in INSERT order -------


class CommunityRow(NamedTuple):
    id: str
    doc: str


class EventRow(NamedTuple):
    id: str
    at_us: int
    at_zone: str
    community_id: str | None
    doc: str


class ContactRow(NamedTuple):
    id: str
    version: int
    active: int
    introduced_by: str | None
    doc: str


class ContactTagRow(NamedTuple):
    contact_id: str
    tag: str


class ContactCommunityRow(NamedTuple):
    contact_id: str
    community_id: str


class GoalRow(NamedTuple):
    id: str
    doc: str


class GoalContactRow(NamedTuple):
    goal_id: str
    contact_id: str


class DismissalRow(NamedTuple):
    contact_id: str
    reason: str
    anchor: str
    at_us: int
    at_zone: str


class InteractionRow(NamedTuple):
    id: str
    at_us: int
    at_zone: str
    event_id: str | None
    doc: str


class InteractionContactRow(NamedTuple):
    interaction_id: str
    contact_id: str


class InteractionGoalRow(NamedTuple):
    interaction_id: str
    goal_id: str


#: The ``meeting`` flag of an event's touches: a gathering, never a first meeting.
EVENT_MEETING = 2


class TouchRow(NamedTuple):
    """What a store keeps of one touch (:meth:`relnet.model.Interaction.touches`): the
    facts :meth:`relnet.model.SummaryBuilder.add_facts` folds, flags as 0 or 1
    (``meeting`` is 1 for a meeting, call or video and :data:`EVENT_MEETING` for an
    event)."""

    interaction_id: str
    contact_id: str
    at_us: int
    direction: str
    expects_reply: int
    introducer: int
    meeting: int
    gave: int
    received: int
    advice: int


class CommitmentRow(NamedTuple):
    id: str
    contact_id: str
    due: str
    is_open: int
    doc: str


#: Rows to insert, by table name.
Tables = dict[str, list[Any]]

# The rows of interactions and their touches, a million in a bulk load, are plain tuples
# in the order of their row type's fields: the garbage collector stops tracking a tuple
# of plain values, never an instance of a NamedTuple, and a million tracked rows cost
# the load a third of its time in collections.
TupleRow = tuple[Any, ...]


# -- documents -------------------------------------------------------------------------


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


_CONTACT_FIELDS = (
    "name",
    "id",
    "circle",
    "cadence",
    "created_at",
    "status",
    "snoozed_until",
    "roles",
    "tags",
    "interests",
    "emails",
    "phones",
    "urls",
    "organization",
    "headline",
    "timezone",
    "birthday",
    "introduced_by",
    "communities",
    "stage",
    "notes",
    "how_met",
    "version",
    "sources",
    "aliases",
    "name_parts",
)
_FAST_CONTACTS = tuple(f.name for f in attrs.fields(Contact)) == _CONTACT_FIELDS


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def encode_contact(contact: Contact) -> str:
    """``encode(contact)``, built directly: an import writes thousands of them."""
    if not _FAST_CONTACTS:  # pragma: no cover - the model changed: take the long way
        return encode(contact)
    quote = _quote
    cadence, created, snoozed = contact.cadence, contact.created_at, contact.snoozed_until
    birthday = contact.birthday
    return (
        f'{{"name":{quote(contact.name)},"id":{quote(contact.id)},'
        f'"circle":{quote(contact.circle)},'
        f'"cadence":{"null" if cadence is None else _json(to_dict(cadence))},'
        f'"created_at":{"null" if created is None else quote(format_instant(created))},'
        f'"status":{quote(contact.status)},'
        f'"snoozed_until":{"null" if snoozed is None else quote(snoozed.isoformat())},'
        f'"roles":[{",".join(map(quote, sorted(contact.roles)))}],'
        f'"tags":[{",".join(map(quote, sorted(contact.tags)))}],'
        f'"interests":[{",".join(map(quote, sorted(contact.interests)))}],'
        f'"emails":[{",".join(map(quote, contact.emails))}],'
        f'"phones":[{",".join(map(quote, contact.phones))}],'
        f'"urls":[{",".join(map(quote, contact.urls))}],'
        f'"organization":{_text_or_null(contact.organization)},'
        f'"headline":{_text_or_null(contact.headline)},'
        f'"timezone":{_text_or_null(contact.timezone)},'
        f'"birthday":{"null" if birthday is None else quote(birthday.isoformat())},'
        f'"introduced_by":{_text_or_null(contact.introduced_by)},'
        f'"communities":[{",".join(map(quote, sorted(contact.communities)))}],'
        f'"stage":{quote(contact.stage)},'
        f'"notes":{quote(contact.notes)},"how_met":{quote(contact.how_met)},'
        f'"version":{int(contact.version)},'
        f'"sources":[{",".join(map(quote, sorted(contact.sources)))}],'
        f'"aliases":[{",".join(map(quote, contact.aliases))}],'
        f'"name_parts":[{",".join(map(quote, contact.name_parts))}]}}'
    )


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def contact_from_doc(doc: str) -> Contact:
    """The contact of a ``contacts`` row's document, trusted as the store wrote it:
    :func:`decode` for a contact (the trusted reading first, the checked one for a
    document of another shape)."""
    return decode(doc, Contact, "contact")


def decode(doc: str, cls: type[R], kind: str, **extra: Any) -> R:
    """A record of ``cls`` from its stored JSON (plus ``extra`` fields, given as the
    record's converters take them: an instant as a datetime).

    The record's own converters check and convert every field, as they do for any
    record built in code; only fields they cannot read from JSON (instants, dates,
    cadences…) go through :func:`relnet.serialization.from_dict` first. The result is
    what ``from_dict`` gives for the whole document, at a fraction of the cost.

    Contacts and interactions, read by the thousand, take :func:`decode_trusted` first:
    the store wrote them from records that passed their converters.
    """
    if cls in _TRUSTED:
        found = decode_trusted(doc, cls, **extra)
        if found is not None:
            return found
    return _decode_checked(doc, cls, kind, **extra)


def _decode_checked(doc: str, cls: type[R], kind: str, **extra: Any) -> R:
    """:func:`decode` through the record's constructor: every converter runs."""
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


#: The record classes :func:`decode` reads with :func:`decode_trusted` first.
_TRUSTED: frozenset[type] = frozenset({Contact, Interaction, Commitment, Goal})


class _RefusedError(Exception):
    """A stored value the trusted reading does not take as it is (the checked one then
    reads the document, and says what is wrong with it)."""


def decode_trusted(doc: str, cls: type[R], **extra: Any) -> R | None:
    """A record of ``cls`` from a document the store wrote itself, built without
    running the converters of the fields JSON gives as they are kept (text, ids, whole
    numbers, booleans, enum values, sets and tuples of those): each value is checked
    for its type only, enum values looked up, lists made frozensets (the one shared
    empty set when empty) or tuples. The other fields (instants, dates, cadences) and
    ``extra`` are read as the checked reading reads them and go through their
    converters, and the record's ``__attrs_post_init__`` runs.

    None when ``cls`` is not an attrs record of such fields, or when the document is
    not one the store writes (a field missing, unknown or of another type):
    :func:`decode` then reads it the checked way, which names what is wrong. User input
    never comes this way: it goes through the records' constructors.
    """
    build = _trusted_builder(typing.cast(type, cls))
    if build is None:
        return None
    try:
        data = json.loads(doc)
        if type(data) is not dict:
            return None
        if extra:
            data.update(extra)
        return typing.cast(R, build(data))
    except Exception:  # the checked reading says what is wrong
        return None


# Bounded by the number of record classes.
@functools.cache
def _trusted_builder(cls: type) -> Callable[[dict[str, Any]], Any] | None:
    """A function building a ``cls`` from a document's fields, written out field by
    field (as attrs writes constructors); None when a field is of a kind
    :func:`decode_trusted` does not read."""
    if not attrs.has(cls):
        return None
    attrs.resolve_types(cls)
    structured = {name for name, _, _ in _structured_fields(cls)}
    names: dict[str, Any] = {
        "new": object.__new__,
        "put": object.__setattr__,
        "cls": cls,
        "Refused": _RefusedError,
        "EMPTY": EMPTY_SET,
    }
    fields = attrs.fields(cls)
    lines = [f"if len(d) != {len(fields)}:", "    raise Refused", "r = new(cls)"]
    for index, field in enumerate(fields):
        if not field.init or field.validator is not None or field.alias != field.name:
            return None
        lines.append(f"v = d[{field.name!r}]")
        if field.name in structured:
            if field.converter is None:
                return None
            names[f"read{index}"] = _structured_reader(field.type)
            names[f"convert{index}"] = field.converter
            # A None its converter keeps as None skips both calls.
            test = "if v is not None:\n        " if _keeps_none(field.converter) else ""
            lines.append(f"{test}v = convert{index}(read{index}(v))")
        else:
            reading = _reading(field.type, f"m{index}", names)
            if reading is None:
                return None
            lines.extend(reading)
        lines.append(f"put(r, {field.name!r}, v)")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("r.__attrs_post_init__()")
    lines.append("return r")
    source = "def build(d):\n" + "".join(f"    {line}\n" for line in lines)
    code = compile(source, f"<trusted reading of {cls.__qualname__}>", "exec")
    exec(code, names)
    return typing.cast(Callable[[dict[str, Any]], Any], names["build"])


def _keeps_none(converter: Callable[[Any], Any]) -> bool:
    """Whether ``converter`` gives None for None."""
    try:
        return converter(None) is None
    except Exception:  # it refuses None
        return False


def _structured_reader(kind: Any) -> Callable[[Any], Any]:
    """What reads a field its converter cannot take from JSON, as the checked reading
    does (instants by :func:`relnet.serialization.parse_instant`, which is what
    ``from_dict`` calls for them; dates and birthdays once per text)."""
    choices = [a for a in typing.get_args(kind) if a is not type(None)] or [kind]
    instant = choices == [pendulum.DateTime]
    shared = _is_day(kind) or kind == (pendulum.Date | MonthDay | None)

    def read(value: Any) -> Any:
        if value is None or isinstance(value, dt.datetime):  # None, or an extra instant
            return value
        if type(value) is str:
            if instant:
                return parse_instant(value)
            if shared:
                return _day_from(value, kind)
        return from_dict(value, kind)

    return read


def _reading(kind: Any, name: str, names: dict[str, Any]) -> list[str] | None:
    """Statements turning ``v`` (a JSON value) into what a field of type ``kind``
    holds, for the kinds a converter takes from JSON; None for any other kind. Lookup
    tables they need are put in ``names`` under ``name``."""
    kind = getattr(kind, "__supertype__", kind)  # a NewType of str is a str
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        others = [arg for arg in args if arg is not type(None)]
        inner = _reading(others[0], name, names) if len(others) == 1 else None
        if inner is None:
            return None
        # The store writes None, never an empty text, for an optional text.
        blank = getattr(others[0], "__supertype__", others[0]) is str
        return [
            "if v is not None:",
            *(["    if not v:", "        raise Refused"] if blank else []),
            *(f"    {line}" for line in inner),
        ]
    origin = typing.get_origin(kind)
    if origin in (frozenset, tuple):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return None
        return _collection_reading(origin, getattr(args[0], "__supertype__", args[0]), name, names)
    if kind in (str, int, bool):
        return [f"if type(v) is not {kind.__name__}:", "    raise Refused"]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        names[name] = kind._value2member_map_
        return [f"v = {name}[v]"]  # KeyError: not one of its values
    return None


def _collection_reading(
    origin: type, item: Any, name: str, names: dict[str, Any]
) -> list[str] | None:
    """Statements reading a JSON list as a ``frozenset`` (the shared empty one when
    empty) or a ``tuple`` of texts or enum members."""
    if item is str:
        check = ["    for x in v:", "        if type(x) is not str:", "            raise Refused"]
    elif isinstance(item, type) and issubclass(item, enum.Enum):
        names[name] = item._value2member_map_
        check = [f"    v = [{name}[x] for x in v]"]
    else:
        return None
    made = "frozenset(v)" if origin is frozenset else "tuple(v)"
    empty = "EMPTY" if origin is frozenset else "()"
    return [
        "if type(v) is not list:",
        "    raise Refused",
        "if v:",
        *check,
        f"    v = {made}",
        "else:",
        f"    v = {empty}",
    ]


# Bounded by the number of record classes.
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


# Bounded: a store's records share a few thousand dates, and dates are immutable.
@functools.lru_cache(maxsize=4096)
def _day_from(text: str, kind: Any) -> Any:
    """A stored date, read once per text while it is in use."""
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


# -- instants and tags -----------------------------------------------------------------


def stored_instant(at_us: int, zone_text: str) -> pendulum.DateTime:
    """The instant of an ``at_us`` and ``at_zone`` pair as stored. Raises StorageError
    for a zone this system does not know."""
    try:
        tz = zone(zone_text)
    except ValueError as error:
        raise StorageError(f"a stored instant names an unknown time zone {zone_text!r}") from error
    return from_epoch_us(int(at_us), tz)


# Bounded: a store's contacts share a few tags, written thousands of times in an import.
@functools.lru_cache(maxsize=4096)
def tag_key(tag: str) -> str:
    """A tag as stored: its SHA-256 digest, so that any tag (a NUL byte, a megabyte of
    text) is indexable and matches exactly; the tag itself is in the contact's document."""
    import hashlib  # OpenSSL's, loaded only by a run that writes or looks up tags

    return hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()


# -- rows of records ---------------------------------------------------------------------

_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})
_DIRECTIONS = {direction: direction.value for direction in Direction}
_INTRO, _NOTE = Channel.INTRO, Channel.NOTE
_MEETING, _CALL, _VIDEO = Channel.MEETING, Channel.CALL, Channel.VIDEO
_EVENT = Channel.EVENT
_INBOUND, _OUTBOUND = Direction.INBOUND, Direction.OUTBOUND
_ADVICE = Value.ADVICE


def touch_rows(interaction: Interaction, at_us: int) -> list[TupleRow]:
    """The ``touches`` rows of an interaction (in the order of :class:`TouchRow`'s
    fields): one per :meth:`~relnet.model.Interaction.touches` (written out directly for
    the common case, where every participant is touched alike)."""
    channel = interaction.channel
    if channel is _INTRO:
        return _intro_touch_rows(interaction, at_us)
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
    if channel is _EVENT:
        meeting = EVENT_MEETING
    gave = 1 if interaction.gave else 0
    got, advice = (1, 1 if _ADVICE in received else 0) if received else (0, 0)
    return [
        (key, person, at_us, text, expects, 0, meeting, gave, got, advice)
        for person in interaction.participants
    ]


def _intro_touch_rows(interaction: Interaction, at_us: int) -> list[TupleRow]:
    """The ``touches`` rows of an interaction, from its touches one by one."""
    channel = interaction.channel
    meeting = EVENT_MEETING if channel is _EVENT else int(channel in _MEETINGS)
    introducer = interaction.introduced_by
    return [
        tuple(
            TouchRow(
                interaction_id=interaction.id,
                contact_id=touch.contact,
                at_us=at_us,
                direction=_DIRECTIONS[touch.direction],
                expects_reply=int(touch.expects_reply),
                introducer=int(introducer is not None and touch.contact == introducer),
                meeting=meeting,
                gave=int(bool(touch.gave)),
                received=int(bool(touch.received)),
                advice=int(Value.ADVICE in touch.received),
            )
        )
        for touch in interaction.touches()
    ]


def community_rows(communities: Iterable[Community]) -> Tables:
    """The rows of ``communities``, by table."""
    return {"communities": [CommunityRow(c.id, encode(c)) for c in communities]}


def event_row(event: Event) -> EventRow:
    """The ``events`` row of ``event`` (its instant in columns, not in the document)."""
    at = event.at
    return EventRow(
        event.id, epoch_us(at), zone_name(at), event.community, encode(event, drop="at")
    )


def dismissal_row(dismissal: Dismissal) -> DismissalRow:
    """The ``dismissals`` row of ``dismissal`` (every field in a column)."""
    at = dismissal.at
    return DismissalRow(
        dismissal.contact, dismissal.reason, dismissal.anchor, epoch_us(at), zone_name(at)
    )


def event_rows(events: Iterable[Event]) -> Tables:
    """The rows of ``events``, by table."""
    return {"events": [event_row(e) for e in events]}


def contact_row(contact: Contact) -> ContactRow:
    """The ``contacts`` row of ``contact``."""
    return ContactRow(
        id=contact.id,
        version=contact.version,
        active=int(contact.reachable),
        introduced_by=contact.introduced_by,
        doc=encode_contact(contact),
    )


def contact_link_rows(contact: Contact) -> Tables:
    """The rows linking ``contact`` to its tags and communities, by table."""
    person = contact.id
    return {
        "contact_tags": [ContactTagRow(person, tag_key(t)) for t in sorted(contact.tags)],
        "contact_communities": [
            ContactCommunityRow(person, c) for c in sorted(contact.communities)
        ],
    }


def contact_rows(contacts: Iterable[Contact]) -> Tables:
    """The rows of ``contacts`` (with their tags and communities), by table."""
    out: Tables = {"contacts": [], "contact_tags": [], "contact_communities": []}
    rows, tags, communities = out["contacts"], out["contact_tags"], out["contact_communities"]
    for contact in contacts:
        rows.append(contact_row(contact))
        links = contact_link_rows(contact)
        tags += links["contact_tags"]
        communities += links["contact_communities"]
    return out


def goal_contact_rows(goal: Goal) -> list[GoalContactRow]:
    """The rows linking ``goal`` to its contacts."""
    return [GoalContactRow(goal.id, c) for c in sorted(goal.contacts)]


def goal_rows(goals: Iterable[Goal]) -> Tables:
    """The rows of ``goals`` (with the contacts they name), by table."""
    out: Tables = {"goals": [], "goal_contacts": []}
    for goal in goals:
        out["goals"].append(GoalRow(goal.id, encode(goal)))
        out["goal_contacts"] += goal_contact_rows(goal)
    return out


def interaction_rows(interactions: Iterable[Interaction]) -> Tables:
    """The rows of ``interactions`` (with their contacts, goals and touches), by table,
    each a tuple in the order of its row type's fields."""
    out: Tables = {
        "interactions": [],
        "interaction_contacts": [],
        "interaction_goals": [],
        "touches": [],
    }
    rows, people, goals = out["interactions"], out["interaction_contacts"], out["interaction_goals"]
    touches = out["touches"]
    for interaction in interactions:
        key = interaction.id
        at = interaction.at
        at_us = epoch_us(at)
        rows.append((key, at_us, zone_name(at), interaction.event, encode_interaction(interaction)))
        for person in interaction.contacts:
            people.append((key, person))
        if interaction.goals:
            goals.extend((key, g) for g in sorted(interaction.goals))
        touches += touch_rows(interaction, at_us)
    return out


def touches_of(interactions: Iterable[Interaction]) -> list[TupleRow]:
    """The ``touches`` rows of ``interactions`` (as in :func:`interaction_rows`), alone."""
    touches: list[TupleRow] = []
    for interaction in interactions:
        touches += touch_rows(interaction, epoch_us(interaction.at))
    return touches


def commitment_row(commitment: Commitment) -> CommitmentRow:
    """The ``commitments`` row of ``commitment``."""
    return CommitmentRow(
        id=commitment.id,
        contact_id=commitment.contact,
        due=commitment.due.isoformat(),
        is_open=int(commitment.is_open),
        doc=encode(commitment),
    )


def commitment_rows(commitments: Iterable[Commitment]) -> Tables:
    """The rows of ``commitments``, by table."""
    return {"commitments": [commitment_row(c) for c in commitments]}
