"""Contact facts (:class:`~relnet.storage.ContactFacts`) read from the stored contact
documents: by the database where it can read JSON text exactly, else in Python.

The parsed values that repeat across contacts (cadences, dates, birthdays, role sets)
are kept in small caches of a bounded size: they are immutable, so a value found there
is the value parsed, and the caches stop growing at a few thousand entries whatever the
size of the network.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterator
from typing import Any, NamedTuple, TypeVar

import pendulum

from relnet.adapters.sql.dialect import Dialect, Result
from relnet.model import Cadence, Circle, ContactId, ContactStatus, MonthDay, Role, Stage
from relnet.model._check import EMPTY_SET
from relnet.model.monthday import parse_birthday
from relnet.serialization import from_dict, parse_instant
from relnet.storage import ContactFacts

__all__ = [
    "EVERY_CONTACT",
    "FACT_COLUMNS",
    "FIELDS_INDEX",
    "LISTED_COLUMNS",
    "ListedContact",
    "StoredFacts",
    "facts_from_documents",
    "facts_from_fields",
    "facts_query",
    "fields_index",
    "listed_from_documents",
    "listed_from_fields",
    "listed_query",
]

E = TypeVar("E", bound=enum.Enum)

#: The columns that both :func:`facts_query` and :func:`listed_query` read first, each
#: with its path in the contact's document; ``name_json`` is the name as JSON text.
_CARD_COLUMNS: dict[str, tuple[str, ...]] = {
    "name_json": ("name",),
    "circle": ("circle",),
    "cadence_count": ("cadence", "count"),
    "cadence_unit": ("cadence", "unit"),
}

#: The columns of :func:`facts_query`, each with its path in the contact's document;
#: ``name_json`` is the name as JSON text (exact for any text).
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    **_CARD_COLUMNS,
    "status": ("status",),
    "snoozed_until": ("snoozed_until",),
    "roles": ("roles",),
    "birthday": ("birthday",),
    "created_at": ("created_at",),
    "stage": ("stage",),
}


#: Every contact's row, as a test the index of :func:`fields_index` serves (``active``
#: is 0 or 1), where no other test narrows the rows.
EVERY_CONTACT = "active IN (0, 1)"

#: The name of the index of :func:`fields_index`.
FIELDS_INDEX = "contacts_fields"


def fields_index(dialect: Dialect) -> str:
    """The statement that indexes, per contact, ``active``, ``id`` and the values of
    :data:`FACT_COLUMNS` and :data:`LISTED_COLUMNS` by the very expressions
    :func:`facts_query` and :func:`listed_query` use, so that SQLite reads them from the
    index instead of parsing every document; empty where ``dialect`` does not read JSON
    text (``json_raw`` None: the documents are read in Python)."""
    if dialect.json_raw is None:
        return ""
    fields = ", ".join(
        _field(dialect, "doc", name, path)
        for name, path in {**FACT_COLUMNS, **LISTED_COLUMNS}.items()
    )
    return f"CREATE INDEX {FIELDS_INDEX} ON contacts (active, id, {fields})"


def _field(dialect: Dialect, value: str, name: str, path: tuple[str, ...]) -> str:
    """The expression of the column ``name`` (at ``path``; as JSON text when the name
    ends in ``_json``) of the document ``value``: NULL for a document that is not JSON,
    so that the index of the fields, computed for every row written, never refuses one
    (reading it is then an error naming the damaged contact)."""
    field = dialect.json_field(value, *path, raw=name.endswith("_json"))
    return f"CASE WHEN json_valid({value}) THEN {field} END"


def facts_query(dialect: Dialect, where: str) -> str:
    """The facts of the contacts that pass ``where``, by id (``dialect`` must read JSON
    text: ``json_raw``)."""
    fields = ", ".join(
        f"{_field(dialect, 'd', name, path)} AS {name}" for name, path in FACT_COLUMNS.items()
    )
    document = dialect.as_json.format(value="doc")
    return (
        f"SELECT id, {fields} FROM (SELECT id, {document} AS d FROM contacts WHERE {where}) "
        "AS c ORDER BY id"
    )


def facts_from_fields(result: Result) -> list[ContactFacts]:
    """The facts of a :func:`facts_query` result. Raises TypeError or ValueError for a
    damaged document.

    The values are those :func:`_facts` makes, made in one loop (a network's contacts
    are read at once): the enum members looked up in their maps, repeated values from
    the same caches, the name kept as it is when its JSON text holds no escape.
    """
    circles = Circle._value2member_map_
    statuses = ContactStatus._value2member_map_
    stages = Stage._value2member_map_
    active = ContactStatus.ACTIVE
    connected = Stage.CONNECTED
    out: list[ContactFacts] = []
    append = out.append
    rows = result.values("id", *FACT_COLUMNS)
    # Unpacked in FACT_COLUMNS' order: tests/adapters/test_sql_facts.py compares every
    # fact with ContactFacts.of(contact), so a change of that order fails there.
    for person, name, circle, count, unit, status, snoozed, roles, birthday, created, stage in rows:
        name = _plain(name)
        if not isinstance(name, str):
            raise TypeError(f"a contact's name is {name!r}")
        member = circles.get(circle)
        status_member = active if status == "active" else statuses.get(status)
        stage_member = connected if stage is None else stages.get(stage)
        if member is None or status_member is None or stage_member is None:
            # The checks of _facts name what is damaged.
            append(
                _facts(
                    person,
                    name,
                    circle,
                    count,
                    unit,
                    status,
                    snoozed,
                    roles,
                    birthday,
                    created,
                    stage,
                )
            )
            continue
        append(
            StoredFacts(
                ContactId(person),
                name,
                member,  # type: ignore[arg-type]
                _cadence_of(count, unit),
                status_member,  # type: ignore[arg-type]
                None if snoozed is None else _day(str(snoozed)),
                _roles(roles),
                None if birthday is None else _birthday(str(birthday)),
                None if created is None else str(created),  # type: ignore[arg-type]
                stage_member,  # type: ignore[arg-type]
            )
        )
    return out


def facts_from_documents(result: Result) -> list[ContactFacts]:
    """The facts of a result of contacts' ``id`` and ``doc``, read in Python. Raises
    TypeError, ValueError or KeyError for a damaged document."""
    out = []
    for person, data in _documents(result):
        roles = data["roles"]
        if not isinstance(roles, list):
            raise TypeError(f"a contact's roles are {roles!r}")
        out.append(
            _facts(
                person,
                *_card(data),
                data["status"],
                data["snoozed_until"],
                json.dumps(roles),
                data["birthday"],
                data["created_at"],
                data.get("stage"),
            )
        )
    return out


def _documents(result: Result) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each contact's id and parsed document of a result of ``id`` and ``doc``."""
    for person, doc in result.values("id", "doc"):
        yield person, json.loads(doc)


def _card(data: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
    """The fields of :data:`_CARD_COLUMNS` read from a parsed contact document."""
    cadence = data["cadence"]
    return (
        data["name"],
        data["circle"],
        None if cadence is None else cadence["count"],
        None if cadence is None else cadence["unit"],
    )


def _name_from_json(text: Any) -> Any:
    # A JSON string without a backslash holds its text as it is.
    if text is not None and "\\" not in text and text[:1] == '"' == text[-1:] and len(text) > 1:
        return text[1:-1]
    return None if text is None else json.loads(text)


def _facts(
    person: str,
    name: Any,
    circle: Any,
    count: Any,
    unit: Any,
    status: Any,
    snoozed: Any,
    roles: Any,
    birthday: Any,
    created: Any,
    stage: Any,
) -> ContactFacts:
    """:class:`ContactFacts` from a contact's fields as stored (``roles`` as JSON text)."""
    return StoredFacts(
        ContactId(person),
        *_card_values(name, circle, count, unit),
        _member(ContactStatus, status),
        None if snoozed is None else _day(str(snoozed)),
        _roles(roles),
        None if birthday is None else _birthday(str(birthday)),
        None if created is None else str(created),  # type: ignore[arg-type]
        Stage.CONNECTED if stage is None else _member(Stage, stage),  # its default
    )


def _card_values(
    name: Any, circle: Any, count: Any, unit: Any
) -> tuple[str, Circle, Cadence | None]:
    """The name, circle and cadence of the fields of :data:`_CARD_COLUMNS` as stored."""
    if not isinstance(name, str):
        raise TypeError(f"a contact's name is {name!r}")
    cadence = _cadence_of(count, unit)
    return name, _member(Circle, circle), cadence


def _member(kind: type[E], value: Any) -> E:
    found = kind._value2member_map_.get(value)
    if found is None:
        raise ValueError(f"{value!r} is not one of {kind.__name__}")
    return found  # type: ignore[return-value]


@functools.lru_cache(maxsize=256)
def _cadence(count: int, unit: str) -> Cadence:
    return Cadence(count, unit)


def _cadence_of(count: Any, unit: Any) -> Cadence | None:
    """The cadence of a contact's stored count and unit (None without a count)."""
    return None if count is None else _cadence(int(count), str(unit))


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


class StoredFacts(ContactFacts):
    """:class:`ContactFacts` read from a stored contact, which keep the instant the
    contact was added as its stored text until it is first asked for.

    A parsed instant, or a function to parse it, per contact would be one more object
    for the cyclic collector to walk for each contact read: at 100,000 contacts, read in
    a process that holds little else, that made listing the facts about 40 % slower.
    Reading a damaged text raises :class:`~relnet.errors.ValidationError` naming
    ``created_at`` when the instant is asked for, as parsing it at once would.
    """

    __slots__ = ()

    @property
    def created_at(self) -> pendulum.DateTime | None:
        """When the contact was added, if known (parsed from the stored text when first
        asked for)."""
        created: object = self._created
        if isinstance(created, str):
            self._created = parse_instant(created, "created_at")
        return super().created_at


class ListedContact(NamedTuple):
    """A contact as a list of contacts shows it (``relnet contacts``): each field has
    the meaning of the :class:`~relnet.model.Contact` field of the same name."""

    id: ContactId
    name: str
    circle: Circle
    cadence: Cadence | None
    organization: str | None
    tags: frozenset[str]


#: The columns of :func:`listed_query`, each with its path in the contact's document;
#: the ``_json`` ones are JSON text (exact for any text).
LISTED_COLUMNS: dict[str, tuple[str, ...]] = {
    **_CARD_COLUMNS,
    "organization_json": ("organization",),
    "tags_json": ("tags",),
}


def listed_query(dialect: Dialect, where: str) -> str:
    """The listed fields of the contacts ``c`` that pass ``where`` (a clause or empty),
    by id (``dialect`` must read JSON text: ``json_raw``)."""
    document = dialect.as_json.format(value="c.doc")
    fields = ", ".join(
        f"{_field(dialect, document, name, path)} AS {name}"
        for name, path in LISTED_COLUMNS.items()
    )
    return f"SELECT c.id AS id, {fields} FROM contacts c {where} ORDER BY c.id"


def listed_from_fields(result: Result) -> list[ListedContact]:
    """The contacts of a :func:`listed_query` result. Raises TypeError or ValueError
    for a damaged document.

    The values are those :func:`_listed` makes, made in one loop (a list shows every
    contact): the circle looked up in its map, cadences and tag sets from their caches,
    the name and organization kept as they are when their JSON text holds no escape.
    """
    circles = Circle._value2member_map_
    out: list[ListedContact] = []
    append = out.append
    for person, name, circle, count, unit, org, tags in result.values("id", *LISTED_COLUMNS):
        name = _plain(name)
        org = _plain(org) if org != "null" else None
        member = circles.get(circle)
        if (
            member is None
            or not isinstance(name, str)
            or (org is not None and not isinstance(org, str))
        ):
            # The checks of _listed name what is damaged.
            append(_listed(person, name, circle, count, unit, org, tags))
            continue
        append(
            ListedContact(
                ContactId(person),
                name,
                member,  # type: ignore[arg-type]
                _cadence_of(count, unit),
                org or None,
                _tags(tags),
            )
        )
    return out


def _plain(text: Any) -> Any:
    """A value from its JSON text, as :func:`_name_from_json` reads it: a string without
    an escape is kept as it is, without parsing."""
    if text is not None and "\\" not in text and text[:1] == '"' == text[-1:] and len(text) > 1:
        return text[1:-1]
    return _name_from_json(text)


# listed_from_fields unpacks each row's values in this order.
assert tuple(LISTED_COLUMNS) == (
    "name_json",
    "circle",
    "cadence_count",
    "cadence_unit",
    "organization_json",
    "tags_json",
)


def listed_from_documents(result: Result) -> list[ListedContact]:
    """The contacts of a result of contacts' ``id`` and ``doc``, read in Python. Raises
    TypeError, ValueError or KeyError for a damaged document."""
    return [
        _listed(person, *_card(data), data["organization"], json.dumps(data["tags"]))
        for person, data in _documents(result)
    ]


def _listed(
    person: str,
    name: Any,
    circle: Any,
    count: Any,
    unit: Any,
    organization: Any,
    tags: Any,
) -> ListedContact:
    """A :class:`ListedContact` from a contact's fields as stored (``tags`` as JSON text)."""
    if organization is not None and not isinstance(organization, str):
        raise TypeError(f"a contact's organization is {organization!r}")
    return ListedContact(
        ContactId(person),
        *_card_values(name, circle, count, unit),
        organization or None,
        _tags(tags),
    )


@functools.lru_cache(maxsize=4096)
def _tags(text: str | None) -> frozenset[str]:
    # Most contacts share a few tag sets (or none): frozensets are immutable.
    items = json.loads(text) if text else []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise TypeError(f"a contact's tags are {text!r}")
    return frozenset(items) if items else EMPTY_SET
