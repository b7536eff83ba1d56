"""Validators and converters for the engine's tunable numbers; each names its field.

Numbers are checked with attrs *validators* (``whole``, ``positive``, ``non_negative``)
and fields that change a value's type use named converters, so that mypy's attrs
plugin types every field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from relnet.errors import ValidationError
from relnet.model import Cadence, Circle
from relnet.policy.circles import CIRCLE_CADENCE, CIRCLE_MULTIPLIER

Validator = Callable[[Any, Any, Any], None]


def whole(field: str, minimum: int = 0) -> Validator:
    """A validator: a whole number (not a bool) of at least ``minimum``."""

    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        check_whole(value, field, minimum)

    return check


def check_whole(value: Any, field: str, minimum: int = 0) -> int:
    """Return ``value`` if it is a whole number of at least ``minimum``, else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError(field, value, f"a whole number of at least {minimum}")
    return value


def check_number(value: Any, field: str, *, zero: bool = False) -> float:
    """Return ``value`` as a float if it is finite and positive (or 0 with ``zero``)."""
    expected = "a finite number of at least 0" if zero else "a finite positive number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, value, expected)
    if math.isnan(value) or math.isinf(value) or value < 0 or (value == 0 and not zero):
        raise ValidationError(field, value, expected)
    return float(value)


def positive(field: str) -> Validator:
    """A validator: a finite positive number."""

    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        check_number(value, field)

    return check


def at_least_one(field: str) -> Validator:
    """A validator: a finite number of at least 1."""

    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if check_number(value, field) < 1:
            raise ValidationError(field, value, "a finite number of at least 1")

    return check


def non_negative(field: str) -> Validator:
    """A validator: a finite number of at least 0."""

    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        check_number(value, field, zero=True)

    return check


def to_cadence(value: Any, field: str) -> Cadence:
    """A :class:`Cadence`, or a phrase :meth:`Cadence.parse` reads."""
    if isinstance(value, str):
        try:
            return Cadence.parse(value)
        except ValidationError:
            raise ValidationError(
                field, value, "a Cadence or a phrase such as '3 months'"
            ) from None
    if not isinstance(value, Cadence):
        raise ValidationError(field, value, "a Cadence or a phrase such as '3 months'")
    return value


def backoff_floor(value: Any) -> Cadence:
    """Converter for ``backoff_floor``."""
    return to_cadence(value, "backoff_floor")


def gaps(value: Any) -> tuple[int, ...]:
    """Business-day gaps between nudges: a number or a non-empty sequence of them."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            "nudge_gaps", value, "a sequence of business-day gaps, such as (5, 10)"
        )
    found = tuple(check_whole(gap, "nudge_gaps", 1) for gap in value)
    if not found:
        raise ValidationError("nudge_gaps", value, "at least one gap")
    return found


def _circle(key: Any, field: str) -> Circle:
    try:
        return Circle(key)
    except ValueError:
        choices = ", ".join(c.value for c in Circle)
        raise ValidationError(field, key, f"a circle: one of {choices}") from None


def circle_cadences(value: Any) -> Mapping[Circle, Cadence | None]:
    """A partial circle → cadence mapping, merged into the circle defaults."""
    if not isinstance(value, Mapping):
        raise ValidationError("cadences", value, "a mapping of circle to Cadence or None")
    merged: dict[Circle, Cadence | None] = dict(CIRCLE_CADENCE)
    for key, given in value.items():
        circle = _circle(key, "cadences")
        merged[circle] = None if given is None else to_cadence(given, f"cadences.{circle.value}")
    return merged


def multipliers(value: Any) -> Mapping[Circle, float]:
    """A partial circle → multiplier mapping, merged into the circle defaults."""
    if not isinstance(value, Mapping):
        raise ValidationError("multipliers", value, "a mapping of circle to multiplier")
    merged = dict(CIRCLE_MULTIPLIER)
    for key, number in value.items():
        circle = _circle(key, "multipliers")
        merged[circle] = check_number(number, f"multipliers.{circle.value}")
    return merged
