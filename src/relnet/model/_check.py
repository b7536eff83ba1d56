"""Converters shared by the model's attrs classes.

Each takes the value and the field's name so that a refused value raises a
:class:`~relnet.errors.ValidationError` naming the field, the value and what was
expected. They accept the obvious inputs (a ``str`` for an enum, any iterable for a
set) and hand back the one canonical type, so values compare and hash consistently.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Iterable
from typing import Any, TypeVar

import pendulum

from relnet.errors import ValidationError
from relnet.model.instants import as_pendulum, zone

E = TypeVar("E", bound=enum.Enum)

#: The one empty frozenset every record shares (a constant: empty sets are the most
#: common value of every set field). Equal non-empty collections are shared per store,
#: by :class:`~relnet.storage.InMemoryStore`, never here.
EMPTY_SET: frozenset[Any] = frozenset()
_CONTROL = re.compile(r"[\x00-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T")
_COLLECTIONS = frozenset({list, tuple, frozenset, set})


def to_instant(value: Any, field: str) -> pendulum.DateTime:
    """Return ``value`` as an aware :class:`pendulum.DateTime`, or raise naming ``field``."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(field, value, "an aware datetime (with a time zone)")
        return as_pendulum(value)
    raise ValidationError(field, value, "an aware datetime")


def optional_instant(value: Any, field: str) -> pendulum.DateTime | None:
    """Like :func:`instant`, but ``None`` passes."""
    return None if value is None else to_instant(value, field)


def to_date(value: Any, field: str) -> pendulum.Date:
    """Return ``value`` as a :class:`pendulum.Date` (a datetime is refused, not truncated)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a date")
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def date(value: Any, field: str) -> pendulum.Date:
    """A calendar date, as a :class:`pendulum.Date`."""
    return to_date(value, field)


def optional_date(value: Any, field: str) -> pendulum.Date | None:
    """Like :func:`date`, but ``None`` passes."""
    return None if value is None else to_date(value, field)


def member(value: Any, enum_type: type[E], field: str) -> E:
    """A member of ``enum_type``, given as the member or its value."""
    if isinstance(value, enum_type):
        return value
    try:
        # The lookup Enum's call starts with, without the call (a value is most often
        # given as itself); anything else takes the full call below.
        found = enum_type._value2member_map_.get(value)
    except TypeError:  # unhashable
        found = None
    if found is not None:
        return found  # type: ignore[return-value]
    try:
        return enum_type(value)
    except (ValueError, TypeError):
        choices = ", ".join(str(m.value) for m in enum_type)
        raise ValidationError(field, value, f"one of {choices}") from None


def optional_member(value: Any, enum_type: type[E], field: str) -> E | None:
    """Like :func:`member`, but ``None`` passes."""
    return None if value is None else member(value, enum_type, field)


def members(value: Any, enum_type: type[E], field: str) -> frozenset[E]:
    """A frozenset of members of ``enum_type``."""
    return _frozen([member(v, enum_type, field) for v in _iterable(value, field, "a set")])


def member_tuple(value: Any, enum_type: type[E], field: str) -> tuple[E, ...]:
    """A tuple of members of ``enum_type``, order kept, repeats dropped."""
    items = [member(v, enum_type, field) for v in _iterable(value, field, "a sequence")]
    return tuple(dict.fromkeys(items))


def text(value: Any, field: str, *, blank: bool = True, limit: int | None = None) -> str:
    """A string; with ``blank=False`` it must hold something other than spaces."""
    if not isinstance(value, str):
        raise ValidationError(field, value, "a string")
    _refuse_surrogates(value, field)
    if not blank and not value.strip():
        raise ValidationError(field, value, "a non-empty string")
    if limit is not None and len(value) > limit:
        raise ValidationError(field, value, f"at most {limit} characters")
    return value


def optional_text(value: Any, field: str) -> str | None:
    """A string or ``None``; an empty string becomes ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field, value, "a string or None")
    _refuse_surrogates(value, field)
    return value or None


def strings(value: Any, field: str) -> frozenset[str]:
    """A frozenset of non-empty strings (a lone string is refused, not split into letters)."""
    items = _iterable(value, field, "a set of strings")
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(field, item, "non-empty strings")
        _refuse_surrogates(item, field)
    return _frozen(items)


def string_tuple(value: Any, field: str) -> tuple[str, ...]:
    """A tuple of non-empty strings, order kept, repeats dropped."""
    items = _iterable(value, field, "a sequence of strings")
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(field, item, "non-empty strings")
        _refuse_surrogates(item, field)
        out.append(item)
    return tuple(dict.fromkeys(out))


def identifier(value: Any, field: str) -> str:
    """An id: a non-empty string without surrounding spaces or control characters."""
    return check_id(value, field)


def optional_identifier(value: Any, field: str) -> str | None:
    """Like :func:`identifier`, but ``None`` passes."""
    return None if value is None else check_id(value, field)


def identifiers(value: Any, field: str) -> frozenset[str]:
    """A frozenset of ids."""
    items = _iterable(value, field, "a set of ids")
    for item in items:
        check_id(item, field)
    return _frozen(items)


def check_id(value: Any, field: str) -> str:
    """Return ``value`` if it is usable as an id, else raise."""
    if (
        not isinstance(value, str)
        or not value
        or len(value) > 200
        or value != value.strip()
        or _CONTROL.search(value) is not None
    ):
        raise ValidationError(
            field, value, "an id: a non-empty string of at most 200 printable characters"
        )
    return value


def integer(value: Any, field: str, *, minimum: int | None = None) -> int:
    """An ``int`` (``bool`` refused), at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, value, "an integer")
    if minimum is not None and value < minimum:
        raise ValidationError(field, value, f"an integer of at least {minimum}")
    return value


def fraction(value: Any, field: str) -> float:
    """A number in (0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, value, "a number in (0, 1]")
    number = float(value)
    if math.isnan(number) or not 0.0 < number <= 1.0:
        raise ValidationError(field, value, "a number in (0, 1]")
    return number


def boolean(value: Any, field: str) -> bool:
    """A ``bool``."""
    if not isinstance(value, bool):
        raise ValidationError(field, value, "true or false")
    return value


def optional_boolean(value: Any, field: str) -> bool | None:
    """A ``bool`` or ``None``."""
    if value is not None and not isinstance(value, bool):
        raise ValidationError(field, value, "true, false or None")
    return value


def instance_of(value: Any, kind: type[T], field: str, expected: str) -> T:
    """A value of type ``kind``."""
    if not isinstance(value, kind):
        raise ValidationError(field, value, expected)
    return value


def optional_instance_of(value: Any, kind: type[T], field: str, expected: str) -> T | None:
    """A value of type ``kind``, or ``None``."""
    if value is not None and not isinstance(value, kind):
        raise ValidationError(field, value, expected)
    return value


def timezone_name(value: Any, field: str) -> str:
    """Return ``value`` if it names an IANA time zone, else raise."""
    if not isinstance(value, str) or not value or value[0] in "+-":
        raise ValidationError(field, value, "an IANA time zone name such as 'Europe/Paris'")
    try:
        zone(value)  # read once per name (a bounded cache)
    except ValueError:
        raise ValidationError(
            field, value, "an IANA time zone name such as 'Europe/Paris'"
        ) from None
    return value


def _refuse_surrogates(value: str, field: str) -> None:
    # A lone surrogate cannot be encoded as UTF-8, so no file or database could keep it.
    if _SURROGATE.search(value) is not None:
        raise ValidationError(field, value, "text without lone surrogate code points")


def _frozen(items: Iterable[Any]) -> frozenset[Any]:
    # Most sets are empty: share one empty frozenset instead of allocating one per record.
    if isinstance(items, frozenset):
        return items if items else EMPTY_SET
    frozen = frozenset(items)
    return frozen if frozen else EMPTY_SET


def _iterable(value: Any, field: str, expected: str) -> Iterable[Any]:
    if type(value) in _COLLECTIONS:  # the common cases, without the ABC check
        return value  # type: ignore[no-any-return]
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise ValidationError(field, value, expected)
    return value


C = TypeVar("C", bound=type)


def collects_problems(cls: C) -> C:
    """Make an attrs record's constructor report every refused field, not the first.

    attrs runs the fields' converters in order and stops at the first that raises.
    When one does, the wrapped constructor runs every other field's converter on the
    value it was given, and raises one :class:`ValidationError` whose ``problems``
    list them all (a check across fields, made after, counts only when every field
    passed). A constructor that succeeds pays one call more.
    """
    original: Any = vars(cls)["__init__"]

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            original(self, *args, **kwargs)
        except ValidationError as error:
            problems = _every_problem(cls, original, args, kwargs)
            if len(problems) > 1:
                raise ValidationError.of(problems) from error.__cause__
            raise

    init.__wrapped__ = original  # type: ignore[attr-defined]
    init.__doc__ = original.__doc__
    init.__name__ = "__init__"
    init.__qualname__ = original.__qualname__
    init.__module__ = original.__module__
    type.__setattr__(cls, "__init__", init)
    return cls


def _every_problem(
    cls: type, init: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> list[ValidationError]:
    """Each given field's value that its converter refuses, in the fields' order."""
    import inspect

    import attrs

    try:
        given = inspect.signature(init).bind(None, *args, **kwargs).arguments
    except TypeError:
        return []
    problems: list[ValidationError] = []
    for field in attrs.fields(cls):
        if not field.init or field.alias not in given or field.converter is None:
            continue
        try:
            field.converter(given[field.alias])
        except ValidationError as problem:
            problems.extend(problem.problems)
    return problems
