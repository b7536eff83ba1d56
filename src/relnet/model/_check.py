"""Converters shared by the model's attrs classes.

Each factory takes the field's name so that a refused value raises a
:class:`~relnet.errors.ValidationError` naming the field, the value and what was
expected. They accept the obvious inputs (a ``str`` for an enum, any iterable for a
set) and hand back the one canonical type, so values compare and hash consistently.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import pendulum

from relnet.errors import ValidationError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


def instant(field: str) -> Callable[[Any], pendulum.DateTime]:
    """An aware instant, as a :class:`pendulum.DateTime` keeping its zone."""

    def convert(value: Any) -> pendulum.DateTime:
        return to_instant(value, field)

    return convert


def to_instant(value: Any, field: str) -> pendulum.DateTime:
    """Return ``value`` as an aware :class:`pendulum.DateTime`, or raise naming ``field``."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(field, value, "an aware datetime (with a time zone)")
        if isinstance(value, pendulum.DateTime):
            return value
        return pendulum.instance(value)
    raise ValidationError(field, value, "an aware datetime")


def optional_instant(field: str) -> Callable[[Any], pendulum.DateTime | None]:
    """Like :func:`instant`, but ``None`` passes."""

    def convert(value: Any) -> pendulum.DateTime | None:
        return None if value is None else to_instant(value, field)

    return convert


def to_date(value: Any, field: str) -> pendulum.Date:
    """Return ``value`` as a :class:`pendulum.Date` (a datetime is refused, not truncated)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a date")
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def date(field: str) -> Callable[[Any], pendulum.Date]:
    """A calendar date, as a :class:`pendulum.Date`."""

    def convert(value: Any) -> pendulum.Date:
        return to_date(value, field)

    return convert


def optional_date(field: str) -> Callable[[Any], pendulum.Date | None]:
    """Like :func:`date`, but ``None`` passes."""

    def convert(value: Any) -> pendulum.Date | None:
        return None if value is None else to_date(value, field)

    return convert


def member(enum_type: type[E], field: str) -> Callable[[Any], E]:
    """A member of ``enum_type``, given as the member or its value."""
    choices = ", ".join(str(m.value) for m in enum_type)

    def convert(value: Any) -> E:
        if isinstance(value, enum_type):
            return value
        try:
            return enum_type(value)
        except (ValueError, TypeError):
            raise ValidationError(field, value, f"one of {choices}") from None

    return convert


def optional_member(enum_type: type[E], field: str) -> Callable[[Any], E | None]:
    """Like :func:`member`, but ``None`` passes."""
    convert_member = member(enum_type, field)

    def convert(value: Any) -> E | None:
        return None if value is None else convert_member(value)

    return convert


def members(enum_type: type[E], field: str) -> Callable[[Any], frozenset[E]]:
    """A frozenset of members of ``enum_type``."""
    convert_member = member(enum_type, field)

    def convert(value: Any) -> frozenset[E]:
        return frozenset(convert_member(v) for v in _iterable(value, field, "a set"))

    return convert


def member_tuple(enum_type: type[E], field: str) -> Callable[[Any], tuple[E, ...]]:
    """A tuple of members of ``enum_type``, order kept, repeats dropped."""
    convert_member = member(enum_type, field)

    def convert(value: Any) -> tuple[E, ...]:
        items = [convert_member(v) for v in _iterable(value, field, "a sequence")]
        return tuple(dict.fromkeys(items))

    return convert


def text(field: str, *, blank: bool = True, limit: int | None = None) -> Callable[[Any], str]:
    """A string; with ``blank=False`` it must hold something other than spaces."""

    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(field, value, "a string")
        if not blank and not value.strip():
            raise ValidationError(field, value, "a non-empty string")
        if limit is not None and len(value) > limit:
            raise ValidationError(field, value, f"at most {limit} characters")
        return value

    return convert


def optional_text(field: str) -> Callable[[Any], str | None]:
    """A string or ``None``; an empty string becomes ``None``."""

    def convert(value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValidationError(field, value, "a string or None")
        return value or None

    return convert


def strings(field: str) -> Callable[[Any], frozenset[str]]:
    """A frozenset of non-empty strings (a lone string is refused, not split into letters)."""

    def convert(value: Any) -> frozenset[str]:
        items = _iterable(value, field, "a set of strings")
        out = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(field, item, "non-empty strings")
            out.append(item)
        return frozenset(out)

    return convert


def string_tuple(field: str) -> Callable[[Any], tuple[str, ...]]:
    """A tuple of non-empty strings, order kept, repeats dropped."""

    def convert(value: Any) -> tuple[str, ...]:
        items = _iterable(value, field, "a sequence of strings")
        out = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(field, item, "non-empty strings")
            out.append(item)
        return tuple(dict.fromkeys(out))

    return convert


def identifier(field: str) -> Callable[[Any], Any]:
    """An id: a non-empty string without surrounding spaces or control characters."""

    def convert(value: Any) -> Any:
        check_id(value, field)
        return value

    return convert


def optional_identifier(field: str) -> Callable[[Any], Any]:
    """Like :func:`identifier`, but ``None`` passes."""

    def convert(value: Any) -> Any:
        if value is not None:
            check_id(value, field)
        return value

    return convert


def identifiers(field: str) -> Callable[[Any], frozenset[Any]]:
    """A frozenset of ids."""

    def convert(value: Any) -> frozenset[Any]:
        items = frozenset(_iterable(value, field, "a set of ids"))
        for item in items:
            check_id(item, field)
        return items

    return convert


def check_id(value: Any, field: str) -> None:
    """Raise unless ``value`` is usable as an id."""
    if (
        not isinstance(value, str)
        or not value
        or value != value.strip()
        or len(value) > 200
        or any(ord(ch) < 32 for ch in value)
    ):
        raise ValidationError(
            field, value, "an id: a non-empty string of at most 200 printable characters"
        )


def integer(field: str, *, minimum: int | None = None) -> Callable[[Any], int]:
    """An ``int`` (``bool`` refused), at least ``minimum``."""

    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(field, value, "an integer")
        if minimum is not None and value < minimum:
            raise ValidationError(field, value, f"an integer of at least {minimum}")
        return value

    return convert


def fraction(field: str) -> Callable[[Any], float]:
    """A number in (0, 1]."""

    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(field, value, "a number in (0, 1]")
        number = float(value)
        if math.isnan(number) or not 0.0 < number <= 1.0:
            raise ValidationError(field, value, "a number in (0, 1]")
        return number

    return convert


def boolean(field: str) -> Callable[[Any], bool]:
    """A ``bool``."""

    def convert(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(field, value, "true or false")
        return value

    return convert


def optional_boolean(field: str) -> Callable[[Any], bool | None]:
    """A ``bool`` or ``None``."""

    def convert(value: Any) -> bool | None:
        if value is not None and not isinstance(value, bool):
            raise ValidationError(field, value, "true, false or None")
        return value

    return convert


def instance_of(kind: type[T], field: str, expected: str) -> Callable[[Any], T]:
    """A value of type ``kind``."""

    def convert(value: Any) -> T:
        if not isinstance(value, kind):
            raise ValidationError(field, value, expected)
        return value

    return convert


def optional_instance_of(kind: type[T], field: str, expected: str) -> Callable[[Any], T | None]:
    """A value of type ``kind``, or ``None``."""

    def convert(value: Any) -> T | None:
        if value is not None and not isinstance(value, kind):
            raise ValidationError(field, value, expected)
        return value

    return convert


def timezone_name(value: Any, field: str) -> str:
    """Return ``value`` if it names an IANA time zone, else raise."""
    if not isinstance(value, str) or not value:
        raise ValidationError(field, value, "an IANA time zone name such as 'Europe/Paris'")
    try:
        pendulum.timezone(value)
    except Exception:
        raise ValidationError(
            field, value, "an IANA time zone name such as 'Europe/Paris'"
        ) from None
    return value


def _iterable(value: Any, field: str, expected: str) -> Iterable[Any]:
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise ValidationError(field, value, expected)
    return value
