"""People: ``relnet add``, ``relnet contacts`` and ``relnet snooze``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import click
import pendulum

from relnet.cli._app import command_options, output, print_stored, session
from relnet.cli._options import (
    cadence_option,
    enum_option,
    instant_of,
    last_touches,
    normalize_birthday,
    parse_cadence,
)
from relnet.cli._output import Column
from relnet.cli._session import CliError
from relnet.cli._time import parse_date
from relnet.cli._who import resolve_contact, resolve_option
from relnet.cli._words import CONTACT_OPTIONS, in_option_words
from relnet.model import Circle, Contact, Role, Stage
from relnet.policy import cadence_for
from relnet.policy.dates import LocalTime
from relnet.serialization import to_dict
from relnet.storage import Store

__all__ = [
    "add",
    "add_contact",
    "card_of",
    "contact_fields",
    "contacts",
    "snooze",
    "snooze_contact",
]


def contact_fields(
    *,
    name: str | None = None,
    circle: str | None = None,
    cadence: str | None = None,
    tags: Iterable[str] | None = None,
    emails: Iterable[str] | None = None,
    phones: Iterable[str] | None = None,
    urls: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    organization: str | None = None,
    headline: str | None = None,
    birthday: str | None = None,
    interests: Iterable[str] | None = None,
    stage: str | None = None,
    how_met: str | None = None,
    timezone: str | None = None,
    notes: str | None = None,
    given_only: bool = False,
) -> dict[str, object]:
    """A contact's fields as ``relnet add`` reads its options (cadence phrases, ``MM-DD``
    birthdays, enum values in any case).

    With ``given_only``, only the fields given (not ``None``) are returned, for an edit;
    otherwise every field, with the defaults of a new contact. Raises ValidationError
    for a cadence that cannot be read.
    """
    given = locals()
    fields = {key: None if given[key] is None else read(given[key]) for key, read in _CARD.items()}
    if given_only:
        return {key: value for key, value in fields.items() if value is not None}
    for key, empty in _EMPTY.items():
        if fields[key] is None:
            fields[key] = empty
    for key in ("circle", "stage"):
        if fields[key] is None:
            del fields[key]
    return fields


def card_of(
    values: Mapping[str, Any], *, renamed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The fields of a contact's card among ``values`` (a command's or a tool's
    arguments, its ``locals()`` on entry), each under its name in :func:`contact_fields`
    (``renamed`` maps an argument's name to a field's), to pass on to it."""
    names = renamed or {}
    found = {names.get(key, key): value for key, value in values.items()}
    return {key: value for key, value in found.items() if key in _CARD}


def _same(value: object) -> object:
    return value


#: How :func:`contact_fields` reads each field it is given (None passes as None), in order.
_CARD: dict[str, Callable[[Any], object]] = {
    "name": _same,
    "cadence": parse_cadence,
    "tags": frozenset,
    "emails": tuple,
    "phones": tuple,
    "urls": tuple,
    "roles": lambda roles: frozenset(r.lower() for r in roles),
    "organization": _same,
    "headline": _same,
    "birthday": normalize_birthday,
    "interests": frozenset,
    "how_met": _same,
    "timezone": _same,
    "notes": _same,
    "circle": str.lower,
    "stage": str.lower,
}

#: A new contact's value of each field not given (circle and stage: the model's default).
_EMPTY: dict[str, object] = {
    "tags": frozenset(),
    "emails": (),
    "phones": (),
    "urls": (),
    "roles": frozenset(),
    "interests": frozenset(),
    "how_met": "",
    "notes": "",
}


def add_contact(
    store: Store,
    fields: Mapping[str, object],
    *,
    introduced_by: str | None,
    now: pendulum.DateTime,
    resolve: Callable[[Store, str], Contact] = resolve_contact,
    again: bool = False,
) -> Contact:
    """Store a new contact with ``fields`` (see :func:`contact_fields`), created at
    ``now``; ``introduced_by`` names the introducer. A name already stored is refused
    unless ``again``. Run it in a transaction."""
    record = dict(fields)
    if introduced_by is not None:
        record["introduced_by"] = resolve(store, introduced_by).id
    name = str(record["name"]).strip().casefold()
    same = [c for c in store.contacts() if c.name.casefold() == name]
    if same and not again:
        listed = ", ".join(f"{c.name} ({c.id})" for c in same[:5])
        raise CliError(
            f"{record['name']!r} is already in your network: {listed}; add --again to add "
            "another person with this name, or change them with 'relnet edit'"
        )
    record["created_at"] = now
    return store.add_contact(Contact(**record))


def snooze_contact(
    store: Store, contact: Contact, until: str, *, now: pendulum.DateTime, field: str = "--until"
) -> Contact:
    """Keep ``contact`` off the agenda until the date ``until`` names (read as
    ``relnet snooze --until`` reads it). Run it in a transaction."""
    day_now = store.get_settings().today(now)
    day = parse_date(until, today=day_now, field=field)
    if day < day_now:
        shown = "" if until.strip() == day.isoformat() else f" ({day.isoformat()})"
        raise CliError(
            f"{field} {until}{shown} is in the past: a snooze runs until a day from "
            f"today ({day_now.isoformat()}) on"
        )
    from relnet import editing  # only the commands that change people need it

    return editing.snooze_contact(store, contact.id, day, today=day_now)


ADD_OPTIONS = {**CONTACT_OPTIONS, "name": "NAME", "headline": "--title", "notes": "--notes"}


@click.command()
@click.argument("name")
@enum_option(
    "--circle",
    kind=Circle,
    help="How close: inner, close, active, network (default) or acquaintance.",
)
@cadence_option(
    help="How often to touch base, e.g. 'every 6 weeks' or monthly (default: the circle's)."
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--email", "emails", multiple=True, help="An email address (repeat).")
@click.option("--phone", "phones", multiple=True, help="A phone number (repeat).")
@click.option("--url", "urls", multiple=True, help="A profile URL, e.g. LinkedIn (repeat).")
@enum_option(
    "--role",
    "roles",
    kind=Role,
    multiple=True,
    help="What they are to you: mentor, peer, client... (repeat).",
)
@click.option("--org", help="Their organization.")
@click.option("--title", help="Their job title or headline.")
@click.option("--birthday", metavar="DATE", help="YYYY-MM-DD, or MM-DD without a year.")
@click.option("--interest", "interests", multiple=True, help="A topic they care about (repeat).")
@enum_option("--stage", kind=Stage, help="target, introduced, connected (default)...")
@click.option("--introduced-by", metavar="WHO", help="Who introduced you.")
@click.option("--how-met", help="How you met.")
@click.option("--timezone", "zone", metavar="ZONE", help="Their IANA time zone.")
@click.option("--notes", help="Free notes.")
@click.option(
    "--again",
    is_flag=True,
    help="Add a second person with a name already in your network.",
)
@command_options
def add(
    name: str,
    circle: str | None,
    cadence: str | None,
    tags: tuple[str, ...],
    emails: tuple[str, ...],
    phones: tuple[str, ...],
    urls: tuple[str, ...],
    roles: tuple[str, ...],
    org: str | None,
    title: str | None,
    birthday: str | None,
    interests: tuple[str, ...],
    stage: str | None,
    introduced_by: str | None,
    how_met: str | None,
    zone: str | None,
    notes: str | None,
    again: bool,
    as_json: bool,
) -> None:
    """Add a person to your network.

    A name already in your network is refused unless --again (then tell the two apart
    by id or email in later commands).

    \b
    Example:
      relnet add "Ada Lovelace" --circle close --cadence "every 6 weeks" \\
          --tag python --email ada@example.org --org Analytical --birthday 12-10
    """
    card = card_of(
        locals(), renamed={"org": "organization", "title": "headline", "zone": "timezone"}
    )
    state = session()
    given = {"cadence": cadence or "", "birthday": birthday or "", "timezone": zone or ""}
    with in_option_words(ADD_OPTIONS, {k: v for k, v in given.items() if v}):
        fields = contact_fields(**card)
        Contact(**fields)  # refuse bad values before opening anything
    with state.open(create=True) as store, store.transaction():
        contact = add_contact(
            store,
            fields,
            introduced_by=introduced_by,
            now=state.now(store.get_settings()),
            resolve=functools.partial(resolve_option, option="--introduced-by"),
            again=again,
        )
    rhythm = cadence_for(contact)
    print_stored(
        as_json,
        contact,
        f"Added {contact.name} (id {contact.id}): {contact.circle.value} circle, "
        f"{rhythm if rhythm else 'no keep-in-touch cadence'}.",
    )


@click.command()
@click.option("--tag", help="Only contacts with this tag.")
@click.option(
    "--archived/--no-archived", default=False, help="Include archived and do-not-contact people."
)
@command_options
def contacts(tag: str | None, archived: bool, as_json: bool) -> None:
    """List your contacts, with their circle, cadence and last touch."""
    state = session()
    with state.open() as store:
        settings = store.get_settings()
        now = state.now(settings)
        # A table shows a few fields: a SQL store lists them without building contacts.
        listed = getattr(store, "listed_contacts", None) if not as_json else None
        people: list[Any] = list((listed or store.contacts)(tag=tag, include_archived=archived))
        # Every contact's at once costs less than asking for nearly all by id.
        touched = last_touches(store, now=now, contacts=None if tag is None else people)
    out = output(as_json)
    people.sort(key=lambda c: (c.name.casefold(), c.id))
    if as_json:
        records = []
        for person in people:
            last = instant_of(touched.get(person.id), settings.timezone)
            records.append({**to_dict(person), "last_touch": last})
        out.json(records)
        return

    def cadence(person: Any) -> str:
        rhythm = cadence_for(person)  # it reads the cadence and the circle
        return str(rhythm) if rhythm else "-"

    # The owner's local date of each last touch, each day's offset worked out once.
    date_of = LocalTime(settings.timezone).date_of

    def last_touch(person: Any) -> str:
        last = touched.get(person.id)
        return "never" if last is None else date_of(last).isoformat()

    fields: list[tuple[Column, Callable[[Any], str]]] = [
        (Column("Name", style="bold"), lambda p: p.name),
        (Column("Id", style="dim"), lambda p: p.id),
        (Column("Circle"), lambda p: p.circle.value),
        (Column("Cadence"), cadence),
        (Column("Last touch"), last_touch),
        (Column("Organization", wrap=True), lambda p: p.organization or ""),
        (Column("Tags", wrap=True), lambda p: ", ".join(sorted(p.tags))),
    ]
    count = len(people)
    title = f"{count} contact{'s' if count != 1 else ''}" + (f" tagged {tag}" if tag else "")
    out.listing(people, fields, title=title, empty="No contacts.")


@click.command()
@click.argument("who")
@click.option(
    "--until",
    "until",
    required=True,
    metavar="DATE",
    help="The first day they may come back (YYYY-MM-DD, 'in 2 weeks', friday...).",
)
@command_options
def snooze(who: str, until: str, as_json: bool) -> None:
    """Keep someone off the agenda until a date.

    A snooze is a floor, not a pin: on that day everything that was due comes back.
    """
    state = session()
    with state.open() as store:
        contact = resolve_contact(store, who)
        stored = snooze_contact(store, contact, until, now=state.now(store.get_settings()))
    day = stored.snoozed_until
    print_stored(as_json, stored, f"Snoozed {stored.name} until {day.isoformat() if day else ''}.")
