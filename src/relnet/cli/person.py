"""One person: ``relnet show``, ``edit``, ``archive``, ``unarchive``, ``do-not-contact``,
``forget`` and ``unsnooze``. The work is :mod:`relnet.editing`'s; these read the
options and print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import click
import pendulum

from relnet import editing
from relnet.cli._app import about, command_options, output, print_stored, session
from relnet.cli._options import enum_option, label, normalize_birthday, parse_cadence
from relnet.cli._output import Output, local_time
from relnet.cli._who import resolve_contact
from relnet.cli._words import CONTACT_OPTIONS, confirm, in_option_words
from relnet.model import Circle, Contact, ContactStatus, Interaction, Role, Stage
from relnet.policy import Agenda, FollowUp, cadence_for
from relnet.storage import Store

__all__ = [
    "archive",
    "do_not_contact",
    "edit",
    "forget",
    "show",
    "unarchive",
    "unsnooze",
]


def card_record(card: editing.ContactCard, today: Any, now: Any) -> dict[str, Any]:
    """The card as JSON-ready data."""
    return {
        "contact": card.contact,
        "next": None if card.next is None else Agenda((card.next,), now, today).to_records()[0],
        "recent": list(card.recent),
        "promises": {"mine": list(card.mine), "theirs": list(card.theirs)},
        "ledger": {
            "gave": card.ledger.given_count,
            "received": card.ledger.received_count,
        },
    }


@click.command()
@click.argument("who")
@click.option(
    "--last",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many past interactions to show.",
)
@command_options
def show(who: str, last: int, as_json: bool) -> None:
    """Show one person's card: who they are, what is next, your last interactions,
    open promises both ways and what value changed hands.

    WHO is an id, an email address or a name (or a unique part of one).
    """
    state = session()
    with state.open() as store:
        settings = store.get_settings()
        now = state.now(settings)
        contact = resolve_contact(store, who)
        card = editing.contact_card(store, contact.id, now=now, last=last)
    out = output(as_json)
    today = settings.today(now)
    if as_json:
        out.json(card_record(card, today, now))
        return
    _print_fields(out, card)
    _print_next(out, card.next)
    _print_recent(out, card.recent, settings.timezone)
    _print_promises(out, card, today)
    out.line(
        f"Ledger: you gave {card.ledger.given_count}×, received {card.ledger.received_count}×."
    )


def _print_fields(out: Output, card: editing.ContactCard) -> None:
    """The card's heading and the contact's fields, one a line."""
    person = card.contact
    rhythm = cadence_for(person)
    birthday = person.birthday
    out.heading(f"{person.name} ({person.id})")
    out.fields(
        [
            ("circle", person.circle.value),
            ("cadence", str(rhythm) if rhythm else "none"),
            ("status", label(person.status)),
            ("snoozed until", person.snoozed_until.isoformat() if person.snoozed_until else ""),
            ("stage", label(person.stage)),
            ("organization", person.organization or ""),
            ("headline", person.headline or ""),
            ("emails", ", ".join(person.emails)),
            ("phones", ", ".join(person.phones)),
            ("urls", ", ".join(person.urls)),
            ("birthday", "" if birthday is None else str(birthday)),
            ("time zone", person.timezone or ""),
            ("roles", ", ".join(sorted(label(r) for r in person.roles))),
            ("tags", ", ".join(sorted(person.tags))),
            ("interests", ", ".join(sorted(person.interests))),
            ("how met", person.how_met),
            ("introduced by", card.introduced_by.name if card.introduced_by else ""),
            ("notes", person.notes),
        ]
    )
    out.line()


def _print_next(out: Output, item: FollowUp | None) -> None:
    """The next follow-up, if any."""
    if item is None:
        out.line("Next: nothing planned.")
    else:
        also = "".join(f" + {label(r)}" for r in item.also)
        must = "!" if item.must_do else ""
        out.line(f"Next: {label(item.reason)}{must}{also}, due {item.due.isoformat()}")
        if item.details:
            out.line(f"  {item.details}")
    out.line()


def _print_recent(out: Output, recent: Sequence[Interaction], timezone: str) -> None:
    """The last interactions, newest first, at local time."""
    if not recent:
        out.line("No interactions yet.")
        return
    out.heading("Last interactions")
    for interaction in recent:
        moment = local_time(interaction.at, timezone)
        way = f" {interaction.direction.value}" if interaction.direction else ""
        text = f" - {interaction.summary}" if interaction.summary else ""
        out.line(f"  {moment}  {interaction.channel.value}{way}{text}  ({interaction.id})")


def _print_promises(out: Output, card: editing.ContactCard, today: dt.date) -> None:
    """The open promises both ways, the late ones marked."""
    for title, promises in (("You owe", card.mine), ("They owe you", card.theirs)):
        if promises:
            out.heading(title)
            for promise in promises:
                late = " (late)" if promise.due < today else ""
                out.line(f"  {promise.due.isoformat()}{late}  {promise.what}  ({promise.id})")


@click.command()
@click.argument("who")
@click.option("--name", help="A new name.")
@enum_option("--circle", kind=Circle, help="inner, close, active, network or acquaintance.")
@click.option(
    "--cadence",
    metavar="PHRASE",
    help="'every 6 weeks', monthly...; 'default' goes back to the circle's.",
)
@click.option("--email", "emails", multiple=True, help="Add an email address (repeat).")
@click.option("--remove-email", "removed_emails", multiple=True, help="Remove an email (repeat).")
@click.option("--phone", "phones", multiple=True, help="Add a phone number (repeat).")
@click.option("--remove-phone", "removed_phones", multiple=True, help="Remove a phone (repeat).")
@click.option("--url", "urls", multiple=True, help="Add a profile URL (repeat).")
@click.option("--org", help="Their organization ('' clears it).")
@click.option("--headline", help="Their job title or headline ('' clears it).")
@click.option("--birthday", metavar="DATE", help="YYYY-MM-DD or MM-DD ('' clears it).")
@click.option("--tag", "tags", multiple=True, help="Add a tag (repeat).")
@click.option("--untag", "untags", multiple=True, help="Remove a tag (repeat).")
@click.option("--interest", "interests", multiple=True, help="Add an interest (repeat).")
@enum_option("--role", "roles", kind=Role, multiple=True, help="Add a role (repeat).")
@enum_option("--stage", kind=Stage, help="target, introduced, connected...")
@click.option("--timezone", "zone", metavar="ZONE", help="Their IANA time zone ('' clears it).")
@click.option("--note", help="Replace the free notes.")
@click.option("--how-met", help="How you met.")
@command_options
def edit(who: str, as_json: bool, **options: Any) -> None:
    """Change what you recorded about someone.

    \b
    Examples:
      relnet edit Ada --circle inner --cadence "every 2 weeks"
      relnet edit Ada --email ada@new.example --remove-email ada@old.example
      relnet edit ada@new.example --untag python --tag rust

    A change made meanwhile by another command is refused (run it again), never lost.
    """
    values, given = _edit_values(options)
    add, remove = _edit_lists(options)
    if not values and not add and not remove:
        raise click.UsageError("nothing to change: give at least one option")
    removing_words = {
        "emails": "--remove-email",
        "phones": "--remove-phone",
        "tags": "--untag",
    }
    state = session()
    with state.open() as store:
        contact = resolve_contact(store, who)
        words = dict(CONTACT_OPTIONS)
        for field in remove:
            words[field] = removing_words[field]
        with in_option_words(words, given):
            stored = editing.edit_contact(
                store, contact.id, values=values, add=add, remove=remove, version=contact.version
            )
    print_stored(as_json, stored, f"Updated {stored.name} ({stored.id}).")


def _edit_values(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields ``relnet edit`` sets, and the options given for them (as typed)."""
    values: dict[str, Any] = {}
    given: dict[str, str] = {}
    simple = {
        "name": "name",
        "circle": "circle",
        "org": "organization",
        "headline": "headline",
        "stage": "stage",
        "zone": "timezone",
        "note": "notes",
        "how_met": "how_met",
    }
    for option, field in simple.items():
        value = options[option]
        if value is not None:
            given[field] = value
            values[field] = value.lower() if option in ("circle", "stage") else value
            if field in ("organization", "headline", "timezone") and not value.strip():
                values[field] = None
    with in_option_words(given=given):
        if options["cadence"] is not None:
            given["cadence"] = options["cadence"]
            text = options["cadence"].strip().lower()
            values["cadence"] = None if text in ("default", "") else parse_cadence(text)
        if options["birthday"] is not None:
            given["birthday"] = options["birthday"]
            values["birthday"] = normalize_birthday(options["birthday"]) or None
    return values, given


def _edit_lists(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What ``relnet edit`` adds to and removes from the contact's list fields."""
    add = {
        "emails": options["emails"],
        "phones": options["phones"],
        "urls": options["urls"],
        "tags": options["tags"],
        "interests": options["interests"],
        "roles": tuple(r.lower() for r in options["roles"]),
    }
    remove = {
        "emails": options["removed_emails"],
        "phones": options["removed_phones"],
        "tags": options["untags"],
    }
    return {k: v for k, v in add.items() if v}, {k: v for k, v in remove.items() if v}


def _status_command(name: str, status: ContactStatus, done: str, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("who")
    @command_options
    def command(who: str, as_json: bool) -> None:
        stored = about(who, lambda store, contact: editing.set_status(store, contact.id, status))
        print_stored(as_json, stored, f"{done.format(name=stored.name)} ({stored.id}).")

    return command


archive = _status_command(
    "archive",
    ContactStatus.ARCHIVED,
    "Archived {name}",
    "Archive someone: off the agenda and out of 'relnet contacts', history kept. "
    "'relnet unarchive' brings them back.",
)
unarchive = _status_command(
    "unarchive",
    ContactStatus.ACTIVE,
    "{name} is active again",
    "Make an archived or do-not-contact person active again.",
)
do_not_contact = _status_command(
    "do-not-contact",
    ContactStatus.DO_NOT_CONTACT,
    "{name} is marked do-not-contact",
    "Never propose reaching out to someone (history kept; 'relnet unarchive' undoes it).",
)


@click.command()
@click.argument("who")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@command_options
def forget(who: str, yes: bool, as_json: bool) -> None:
    """Erase a person and everything about them: the contact, interactions with only
    them, their promises, their place in goals and introductions. This cannot be undone.
    """
    state = session()
    with state.open() as store:
        contact = resolve_contact(store, who)
        if not yes:
            confirm(f"Erase {contact.name} ({contact.id}) and everything about them?")
        gone = editing.forget_contact(store, contact.id)
    out = output(as_json)
    if as_json:
        out.json({"forgotten": gone.id, "name": gone.name})
    else:
        out.line(f"Forgot {gone.name} ({gone.id}) and everything about them.")


@click.command()
@click.argument("who")
@command_options
def unsnooze(who: str, as_json: bool) -> None:
    """Bring a snoozed person back to the agenda now."""

    def act(store: Store, contact: Contact) -> tuple[pendulum.Date | None, Contact]:
        return contact.snoozed_until, editing.unsnooze(store, contact.id)

    was, stored = about(who, act)
    message = (
        f"{stored.name} is back on the agenda (was snoozed until {was.isoformat()})."
        if was is not None
        else f"{stored.name} was not snoozed."
    )
    print_stored(as_json, stored, message)
