"""A day of the year without a year, for birthdays whose year nobody told you."""

from __future__ import annotations

import calendar
import re
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check

__all__ = ["MonthDay", "parse_birthday"]

_MONTH_DAY = re.compile(r"^--(\d{2})-?(\d{2})$")
_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def _month(value: Any) -> int:
    number = _check.integer(value, "birthday.month", minimum=1)
    if number > 12:
        raise ValidationError("birthday.month", value, "a month from 1 to 12")
    return number


def _monthday_day(value: Any) -> int:
    return _check.integer(value, "birthday.day", minimum=1)


@attrs.frozen
class MonthDay:
    """A month and day, written ``--MM-DD`` as in vCard and ISO 8601.

    >>> from relnet import MonthDay
    >>> MonthDay(2, 29).in_year(2025)
    Date(2025, 2, 28)
    """

    month: int = attrs.field(converter=_month)
    day: int = attrs.field(converter=_monthday_day)

    def __attrs_post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is a valid day of the year.
        if self.day > calendar.monthrange(2000, self.month)[1]:
            raise ValidationError("birthday.day", self.day, f"a day of month {self.month}")

    def in_year(self, year: int) -> pendulum.Date:
        """This day in ``year``; 29 February falls on 28 February in common years."""
        last = calendar.monthrange(year, self.month)[1]
        return pendulum.Date(year, self.month, min(self.day, last))

    def isoformat(self) -> str:
        """``--MM-DD``."""
        return f"--{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()


def parse_birthday(value: Any, field: str = "birthday") -> pendulum.Date | MonthDay:
    """Read ``YYYY-MM-DD``, ``YYYYMMDD``, ``--MM-DD`` or ``--MMDD`` into a date or a MonthDay."""
    if isinstance(value, str):
        text = value.strip()
        match = _MONTH_DAY.match(text)
        if match:
            try:
                return MonthDay(int(match[1]), int(match[2]))
            except ValidationError:
                raise ValidationError(field, value, "a valid --MM-DD day") from None
        match = _FULL.match(text)
        if match:
            try:
                return pendulum.Date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise ValidationError(field, value, "a valid YYYY-MM-DD date") from None
    raise ValidationError(field, value, "a date YYYY-MM-DD or a year-less --MM-DD")


def birthday(value: Any) -> pendulum.Date | MonthDay | None:
    """Converter for :attr:`Contact.birthday`."""
    if value is None or isinstance(value, MonthDay):
        return value
    if isinstance(value, str):
        return parse_birthday(value)
    return _check.to_date(value, "birthday")
