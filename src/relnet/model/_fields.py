"""Converters of the fields that several records share, each named after its field.

A field only one record has keeps its converter beside the record. Like every
converter, these raise a :class:`~relnet.errors.ValidationError` naming the field.
"""

from __future__ import annotations

from typing import Any

import pendulum

from relnet.model import _check
from relnet.model.cadence import Cadence
from relnet.model.ids import ContactId


def record_id(value: Any) -> Any:
    """Any record's ``id``. The id types are ``str`` at run time, so the checked string
    is the id; it is typed ``Any`` to fit each record's own id type."""
    return _check.identifier(value, "id")


def contact(value: Any) -> ContactId:
    """The contact a commitment or a dismissal is about."""
    return ContactId(_check.identifier(value, "contact"))


def introduced_by(value: Any) -> ContactId | None:
    """Who introduced a contact, or made an intro in an interaction."""
    found = _check.optional_identifier(value, "introduced_by")
    return None if found is None else ContactId(found)


def at(value: Any) -> pendulum.DateTime:
    """When an interaction, an event or a dismissal took place."""
    return _check.to_instant(value, "at")


def cadence(value: Any) -> Cadence | None:
    """A contact's or a goal's own cadence, if it has one."""
    return _check.optional_instance_of(value, Cadence, "cadence", "a Cadence or None")


def tags(value: Any) -> frozenset[str]:
    """A contact's or a community's tags."""
    return _check.strings(value, "tags")


def notes(value: Any) -> str:
    """Free text about a contact or a community."""
    return _check.text(value, "notes")
