"""Option types shared by several commands: enum choices, cadences, birthdays."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click
import pendulum

from relnet.cli._session import Session
from relnet.errors import ValidationError
from relnet.model import Cadence, Contact, ContactId, TouchSummary, Value, parse_birthday
from relnet.model.instants import from_epoch_us
from relnet.model.instants import zone as zone_named
from relnet.storage import Store, touch_summaries_of

__all__ = [
    "FilledPath",
    "choice",
    "enum_option",
    "kind_option",
    "normalize_birthday",
    "parse_cadence",
    "received_option",
    "summaries",
]

F = TypeVar("F", bound=Callable[..., Any])


class FilledPath(click.Path):
    """A path argument or option that refuses an empty or blank value, saying what it
    expected: click would read ``''`` as the current folder."""

    def __init__(self, *, expected: str, **settings: Any) -> None:
        super().__init__(**settings)
        self.expected = expected

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(f"expected {self.expected}, got {value!r}", param, ctx)
        return super().convert(value, param, ctx)


def choice(kind: type[enum.Enum]) -> click.Choice[str]:
    """A case-insensitive choice among an enum's values."""
    return click.Choice([str(member.value) for member in kind], case_sensitive=False)


def enum_option(*names: str, kind: type[enum.Enum], **settings: Any) -> Callable[[F], F]:
    """An option whose value is one of ``kind``'s (``settings`` as :func:`click.option`'s)."""
    return click.option(*names, type=choice(kind), **settings)


def kind_option(kind: type[enum.Enum], *, help: str) -> Callable[[F], F]:
    """``--kind``, one of ``kind``'s values, ``other`` unless given."""
    return enum_option("--kind", kind=kind, default="other", show_default=True, help=help)


def cadence_option(*, help: str) -> Callable[[F], F]:
    """``--cadence PHRASE`` ("every 6 weeks", monthly...), read by :func:`parse_cadence`."""
    return click.option("--cadence", metavar="PHRASE", help=help)


#: ``--received``, as the commands that record an interaction take it.
received_option = enum_option(
    "--received", kind=Value, multiple=True, help="What you received (repeat)."
)


def parse_cadence(text: str | None) -> Cadence | None:
    """``"every 6 weeks"``, ``"monthly"``... (``None`` passes). Raises ValidationError."""
    return None if text is None else Cadence.parse(text)


def normalize_birthday(text: str | None) -> str | None:
    """Accept ``MM-DD`` for a year-less birthday (``--MM-DD`` is awkward after an option).

    Raises ValidationError for a birthday that cannot be read, saying what the command
    accepts (``YYYY-MM-DD`` or ``MM-DD``)."""
    if text is None:
        return None
    stripped = text.strip()
    if re.fullmatch(r"\d{2}-\d{2}", stripped):
        stripped = f"--{stripped}"
    if stripped:
        try:
            parse_birthday(stripped)
        except ValidationError as error:
            said = error.expected.replace("--MM-DD", "MM-DD")
            raise ValidationError("birthday", text, said) from None
    return stripped


def summaries(
    store: Store, *, now: dt.datetime, contacts: list[Contact] | None = None
) -> Mapping[ContactId, TouchSummary]:
    """Each contact's touch summary as of ``now`` (natively when the store can)."""
    people = None if contacts is None else [c.id for c in contacts]
    return touch_summaries_of(store, people, now=now)


def last_touches(
    store: Store, *, now: dt.datetime, contacts: list[Any] | None = None
) -> Mapping[ContactId, int | None]:
    """Each contact's last touch as of ``now`` (epoch microseconds; a contact left out
    has none): the ``last_touch`` of its summary, which a SQL store reads alone
    (``last_touches``)."""
    read = getattr(store, "last_touches", None)
    if read is None:
        return {c: s.last_touch for c, s in summaries(store, now=now, contacts=contacts).items()}
    found: Mapping[ContactId, int | None] = read(
        now=now, contacts=None if contacts is None else [c.id for c in contacts]
    )
    return found


def instant_of(us: int | None, zone: str) -> pendulum.DateTime | None:
    """A summary's microseconds as an instant in ``zone``."""
    if us is None:
        return None
    return from_epoch_us(us, zone_named(zone))


def today(state: Session, store: Store) -> pendulum.Date:
    """The owner's today."""
    settings = store.get_settings()
    return settings.today(state.now(settings))


def label(value: Any) -> str:
    """An enum value as a person reads it (``keep_in_touch`` → ``keep in touch``)."""
    text = value.value if isinstance(value, enum.Enum) else str(value)
    return text.replace("_", " ")
