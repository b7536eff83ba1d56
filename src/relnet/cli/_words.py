"""Refusals in the command's words: a library ValidationError names a record's field
(``cadence.count``); the command names the option the person typed (``--cadence``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from relnet.cli._session import CliError
from relnet.errors import ValidationError

__all__ = ["CONTACT_OPTIONS", "confirm", "in_option_words", "refused"]

#: Contact fields and the options of ``relnet add`` and ``relnet edit`` that set them.
CONTACT_OPTIONS: Mapping[str, str] = {
    "name": "--name",
    "circle": "--circle",
    "cadence": "--cadence",
    "emails": "--email",
    "phones": "--phone",
    "urls": "--url",
    "organization": "--org",
    "headline": "--headline",
    "birthday": "--birthday",
    "tags": "--tag",
    "interests": "--interest",
    "roles": "--role",
    "stage": "--stage",
    "timezone": "--timezone",
    "notes": "--note",
    "how_met": "--how-met",
    "snoozed_until": "--until",
    "status": "STATUS",
}


def refused(error: ValidationError, options: Mapping[str, str], given: Mapping[str, str]) -> str:
    """``error`` said with the option for its field and the text the person gave."""
    head = error.field.split(".")[0].split("[")[0]
    option = options.get(head)
    if option is None:
        return str(error)
    shown = given.get(head)
    if shown is None:
        shown = str(getattr(error.value, "value", error.value))
        if len(shown) > 60:
            shown = shown[:57] + "..."
    return f"{option} {shown!r}: expected {error.expected}"


@contextlib.contextmanager
def in_option_words(
    options: Mapping[str, str] = CONTACT_OPTIONS, given: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Turn a ValidationError raised inside into a CliError naming the option."""
    try:
        yield
    except ValidationError as error:
        raise CliError(refused(error, options, given or {})) from None


def confirm(question: str) -> None:
    """Ask ``question`` on standard error; anything but yes (an empty or closed input
    included) stops the command with an error, having written nothing."""
    import click

    try:
        agreed = click.confirm(question, default=False, err=True)
    except click.exceptions.Abort:
        click.echo(err=True)
        agreed = False
    if not agreed:
        raise CliError("not confirmed, nothing changed (add --yes to skip the question)")
