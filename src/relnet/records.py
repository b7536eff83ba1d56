"""The JSON Schema of the records apps receive: one shape for every result.

Every result an app hands on has ``to_record()`` (and a list of them
``to_records()``): :meth:`Contact.to_record <relnet.model.Contact.to_record>`,
:meth:`Interaction.to_record <relnet.model.Interaction.to_record>`,
:meth:`FollowUp.to_record <relnet.policy.FollowUp.to_record>`,
:meth:`Agenda.to_record <relnet.policy.Agenda.to_record>` (and
:meth:`~relnet.policy.Agenda.to_records`, its items),
:meth:`Explanation.to_record <relnet.policy.explain.Explanation.to_record>` and
:meth:`RelnetError.to_record <relnet.errors.RelnetError.to_record>`, and a batch's
:meth:`AgendaResult.to_record <relnet.batch.AgendaResult.to_record>`. Instants are
standard ISO 8601 strings with their offset, and each has its zone in a field of its
own named after it (``at`` and ``at_zone``); see :mod:`relnet.model.records`.

:func:`from_record` reads a record of a model value back (a contact or an interaction a
client sends), and :func:`json_schema` describes those records (JSON Schema 2020-12),
for API docs and for validating responses:

>>> from relnet.records import KINDS, json_schema
>>> KINDS
('contact', 'interaction', 'follow_up', 'agenda', 'explanation', 'error', 'batch_result')
>>> json_schema("contact")["$ref"]
'#/$defs/contact'
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar, get_args

import attrs

from relnet.errors import ValidationError
from relnet.model import Channel, Circle, ContactStatus, Direction, Role, Stage, Value
from relnet.model.cadence import CadenceUnit
from relnet.policy import Reason
from relnet.policy.explain import Status
from relnet.serialization import from_dict

__all__ = ["KINDS", "SCHEMA_ID", "from_record", "json_schema"]

T = TypeVar("T")

#: The ``$id`` of the schema.
SCHEMA_ID = "https://relnet.readthedocs.io/schema/records.json"

#: The record kinds :func:`json_schema` describes, each a key of its ``$defs``.
KINDS = ("contact", "interaction", "follow_up", "agenda", "explanation", "error", "batch_result")

_INSTANT = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}:\d{2}(:\d{2})?$",
    "description": "An ISO 8601 instant with its UTC offset.",
}
_ZONE = {
    "type": "string",
    "description": "The instant's zone: an IANA name, or its offset (+05:30) for a fixed one.",
}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_STRING_LIST = {"type": "array", "items": {"type": "string"}}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _enum(kind: type[Enum]) -> dict[str, Any]:
    return {"type": "string", "enum": [member.value for member in kind]}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _breakdown() -> dict[str, Any]:
    factors = ("base", "circle", "goal", "reciprocity", "urgency")
    return _object({name: {"type": "number"} for name in factors}, "The priority's factors.")


def _contact() -> dict[str, Any]:
    cadence = _object(
        {"count": {"type": "integer", "minimum": 1}, "unit": _enum(CadenceUnit)},
        "How often to be in touch.",
    )
    birthday = {"type": "string", "pattern": r"^(\d{4}|-)-\d{2}-\d{2}$"}
    return _object(
        {
            "name": {"type": "string"},
            "id": {"type": "string"},
            "circle": _enum(Circle),
            "cadence": _nullable(cadence),
            "created_at": _nullable(_INSTANT),
            "created_at_zone": _nullable(_ZONE),
            "status": _enum(ContactStatus),
            "snoozed_until": _nullable(_DATE),
            "roles": {"type": "array", "items": _enum(Role)},
            "tags": _STRING_LIST,
            "interests": _STRING_LIST,
            "emails": _STRING_LIST,
            "phones": _STRING_LIST,
            "urls": _STRING_LIST,
            "organization": _nullable({"type": "string"}),
            "headline": _nullable({"type": "string"}),
            "timezone": _nullable({"type": "string"}),
            "birthday": _nullable(birthday),
            "introduced_by": _nullable({"type": "string"}),
            "communities": _STRING_LIST,
            "stage": _enum(Stage),
            "notes": {"type": "string"},
            "how_met": {"type": "string"},
            "version": {"type": "integer", "minimum": 0},
            "sources": _STRING_LIST,
            "aliases": _STRING_LIST,
            "name_parts": {"type": "array", "items": {"type": "string"}},
        },
        "A contact (Contact.to_record).",
    )


def _interaction() -> dict[str, Any]:
    values = {"type": "array", "items": _enum(Value)}
    return _object(
        {
            "participants": {**_STRING_LIST, "minItems": 1},
            "at": _INSTANT,
            "at_zone": _ZONE,
            "channel": _enum(Channel),
            "direction": _nullable(_enum(Direction)),
            "expects_reply": _nullable({"type": "boolean"}),
            "auto_reply": {"type": "boolean"},
            "gave": values,
            "received": values,
            "introduced_by": _nullable({"type": "string"}),
            "summary": {"type": "string"},
            "topics": _STRING_LIST,
            "goals": _STRING_LIST,
            "event": _nullable({"type": "string"}),
            "id": {"type": "string"},
        },
        "An interaction (Interaction.to_record).",
    )


def _follow_up() -> dict[str, Any]:
    return _object(
        {
            "contact": {"type": "string"},
            "name": {"type": "string"},
            "reason": _enum(Reason),
            "must_do": {"type": "boolean"},
            "available_from": _DATE,
            "due": _DATE,
            "due_at": _INSTANT,
            "due_at_zone": _ZONE,
            "state": {"type": "string", "enum": ["due", "overdue"]},
            "overdue_days": {"type": "integer", "minimum": 0},
            "priority": {"type": "number"},
            "breakdown": {"$ref": "#/$defs/breakdown"},
            "factors": _STRING_LIST,
            "text": {"type": "string"},
            "headline": {"type": "string"},
            "details": {"type": "string"},
            "also": {"type": "array", "items": _enum(Reason)},
            "interaction": _nullable({"type": "string"}),
            "commitment": _nullable({"type": "string"}),
        },
        "One follow-up (FollowUp.to_record; an item of Agenda.to_records).",
    )


def _agenda() -> dict[str, Any]:
    return _object(
        {
            "now": _INSTANT,
            "now_zone": _ZONE,
            "today": _DATE,
            "items": {"type": "array", "items": {"$ref": "#/$defs/follow_up"}},
        },
        "A day's agenda (Agenda.to_record).",
    )


def _considered() -> dict[str, Any]:
    return _object(
        {
            "rule": {"type": "string"},
            "reason": _enum(Reason),
            "status": {"type": "string", "enum": list(get_args(Status))},
            "available_from": _nullable(_DATE),
            "due": _nullable(_DATE),
            "detail": {"type": "string"},
            "priority": _nullable({"type": "number"}),
            "breakdown": _nullable({"$ref": "#/$defs/breakdown"}),
            "factors": _STRING_LIST,
            "line": {"type": "string"},
        },
        "One candidate a rule produced (Considered.to_record).",
    )


def _explanation() -> dict[str, Any]:
    return _object(
        {
            "contact": {"type": "string"},
            "name": {"type": "string"},
            "now": _INSTANT,
            "now_zone": _ZONE,
            "today": _DATE,
            "excluded": _nullable({"type": "string"}),
            "on_agenda": _nullable({"type": "boolean"}),
            "follow_up": _nullable({"$ref": "#/$defs/follow_up"}),
            "considered": {"type": "array", "items": {"$ref": "#/$defs/considered"}},
            "daily_capacity": {"type": "integer"},
            "text": {"type": "string"},
        },
        "Why a contact is or is not on the agenda (Explanation.to_record).",
    )


def _error() -> dict[str, Any]:
    problem = _object(
        {"field": {"type": "string"}, "value": {"type": "string"}, "expected": {"type": "string"}},
        "One refused field: its path, the value's repr, what was expected.",
    )
    return {
        "type": "object",
        "description": "An error (RelnetError.to_record); the fields after message "
        "depend on the error.",
        "properties": {
            "error": {
                "type": "string",
                "description": "The error's code: RelnetError.code, or 'exception' for "
                "another exception a batch worker met.",
                "enum": [
                    "error",
                    "validation",
                    "not_found",
                    "conflict",
                    "storage",
                    "batch",
                    "exception",
                ],
            },
            "message": {"type": "string"},
            "problems": {"type": "array", "items": problem, "minItems": 1},
            "kind": _nullable({"type": "string"}),
            "id": _nullable({"type": "string"}),
            "role": {"type": "string", "enum": ["target", "reference"]},
            "reason": _nullable(
                {"type": "string", "enum": ["duplicate", "stale_version", "concurrent_write"]}
            ),
            "retryable": {"type": "boolean"},
        },
        "required": ["error", "message"],
        "additionalProperties": False,
    }


def _batch_result() -> dict[str, Any]:
    return _object(
        {
            "network": {"type": "string"},
            "ok": {"type": "boolean"},
            "agenda": _nullable({"$ref": "#/$defs/agenda"}),
            "error": _nullable({"$ref": "#/$defs/error"}),
        },
        "One network's outcome in a batch (relnet.batch.AgendaResult.to_record).",
    )


def _schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "relnet records",
        "$defs": {
            "contact": _contact(),
            "interaction": _interaction(),
            "breakdown": _breakdown(),
            "follow_up": _follow_up(),
            "agenda": _agenda(),
            "considered": _considered(),
            "explanation": _explanation(),
            "error": _error(),
            "batch_result": _batch_result(),
        },
        "anyOf": [{"$ref": f"#/$defs/{kind}"} for kind in KINDS],
    }


_SCHEMA = _schema()


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema (2020-12) of relnet's records: any of them, or the one ``kind``
    (one of :data:`KINDS`). Each call returns a fresh dict, safe to change.

    Raises ValueError for an unknown kind.
    """
    schema = copy.deepcopy(_SCHEMA)
    if kind is None:
        return schema
    if kind not in KINDS:
        raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    del schema["anyOf"]
    schema["$ref"] = f"#/$defs/{kind}"
    schema["title"] = f"relnet {kind.replace('_', ' ')} record"
    return schema


def from_record(record: Mapping[str, Any], cls: type[T]) -> T:
    """Build a model value of type ``cls`` (a Contact, an Interaction) from its record,
    the shape ``to_record()`` writes, as a client sends it back.

    Each instant's ``_zone`` field is optional: with it, the instant is read in that
    zone; without it, the offset is all there is (a fixed zone). Raises
    :class:`~relnet.errors.ValidationError` whose ``problems`` list every bad field.

    >>> from relnet import Interaction
    >>> sent = {"participants": ["ada"], "at": "2026-11-05T10:00:00+01:00",
    ...         "at_zone": "Europe/Paris", "channel": "call"}
    >>> call = from_record(sent, Interaction)
    >>> call.at.timezone_name, call.direction.value
    ('Europe/Paris', 'mutual')
    """
    if not isinstance(record, Mapping):
        raise ValidationError("", record, "a record (a JSON object)")
    document = dict(record)
    if attrs.has(cls):
        for field in attrs.fields(attrs.resolve_types(cls)):
            _merge_zone(document, field.name, field.type)
    return from_dict(document, cls)


def _merge_zone(document: dict[str, Any], name: str, kind: Any) -> None:
    """Put ``NAME_zone`` back into ``NAME`` as the serializer's ``…[Zone]`` form."""
    key = f"{name}_zone"
    if key not in document or not _holds_instant(kind):
        return
    zone = document.pop(key)
    instant = document.get(name)
    if isinstance(zone, str) and isinstance(instant, str) and zone[:1] not in ("+", "-", ""):
        document[name] = f"{instant}[{zone}]"
    elif zone is not None and not isinstance(zone, str):
        document[key] = zone  # left for the reader to refuse as an unknown key


def _holds_instant(kind: Any) -> bool:
    return kind is dt.datetime or any(
        isinstance(arg, type) and issubclass(arg, dt.datetime)
        for arg in (kind, *get_args(kind))
        if isinstance(arg, type)
    )
