"""Records: relnet values as plain dicts in the one JSON shape apps receive.

Every result an app hands on (a contact, an interaction, a follow-up, an agenda, an
explanation) has ``to_record()``, built by :func:`record_of`:

* an instant is a standard ISO 8601 string with its UTC offset
  (``"2026-11-05T10:00:00+01:00"``, what ``datetime.fromisoformat`` and JavaScript's
  ``Date`` read), and its zone — an IANA name, or the offset for a fixed one — is a
  field of its own beside it, named after it with ``_zone``
  (``"created_at_zone": "Europe/Paris"``);
* a date is ``YYYY-MM-DD``, a year-less birthday ``--MM-DD``, a time of day
  ``HH:MM:SS``;
* an enum member is its value, a set a sorted list, a tuple a list, a nested value
  (a cadence) a dict of its own.

:mod:`relnet.records` holds the JSON Schema of these records.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from relnet.model.instants import zone_name
from relnet.model.monthday import MonthDay

__all__ = ["instant_fields", "plain", "record_of"]


def instant_fields(name: str, instant: dt.datetime | None) -> dict[str, Any]:
    """``{name: ISO string, name + "_zone": zone}`` for an instant (both None for None).

    >>> import pendulum
    >>> instant_fields("at", pendulum.datetime(2026, 11, 5, 10, tz="Europe/Paris"))
    {'at': '2026-11-05T10:00:00+01:00', 'at_zone': 'Europe/Paris'}
    """
    if instant is None:
        return {name: None, f"{name}_zone": None}
    return {name: instant.isoformat(), f"{name}_zone": zone_name(instant)}


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data (an instant alone is its ISO string; see the module)."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time | MonthDay):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=lambda v: (str(type(v)), v))
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if attrs.has(type(value)):
        return record_of(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    raise TypeError(f"no record form for {type(value).__name__}")


def record_of(value: Any) -> dict[str, Any]:
    """The record of an attrs value: each public field by name, instants with their zone."""
    record: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        if field.name.startswith("_"):
            continue
        item = getattr(value, field.name)
        if isinstance(item, dt.datetime):
            record.update(instant_fields(field.name, item))
        elif item is None and _is_instant(field):
            record.update(instant_fields(field.name, None))
        else:
            record[field.name] = plain(item)
    return record


def _is_instant(field: attrs.Attribute[Any]) -> bool:
    kind = field.type
    text = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    return "DateTime" in str(text) or "datetime" in str(text)
