"""What happened and what was promised: ``relnet log``, ``promise``, ``promises``, ``done``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

import click
import pendulum

from relnet.cli._app import command_options, output, print_stored, session
from relnet.cli._options import enum_option, received_option, today
from relnet.cli._output import Column
from relnet.cli._session import CliError
from relnet.cli._time import parse_date, parse_instant_phrase
from relnet.cli._who import (
    resolve_commitment,
    resolve_contact,
    resolve_contacts,
    resolve_goal,
    resolve_option,
)
from relnet.cli._words import in_option_words
from relnet.model import Channel, Commitment, Contact, Direction, Interaction, Party, Value
from relnet.storage import Store

__all__ = [
    "done",
    "keep_promise",
    "log",
    "log_interaction",
    "promise",
    "promises",
    "record_promise",
]

#: Interaction fields and the options of ``relnet log`` that set them.
_LOG_OPTIONS = {
    "participants": "WHO",
    "channel": "--channel",
    "direction": "--direction",
    "introduced_by": "--introduced-by",
    "gave": "--gave",
    "received": "--received",
    "summary": "--summary",
    "topics": "--topic",
    "goals": "--goal",
}


def log_interaction(
    store: Store,
    participants: Sequence[Contact],
    *,
    channel: str,
    direction: str | None,
    when: str,
    expects_reply: bool | None,
    summary: str = "",
    gave: Iterable[str] = (),
    received: Iterable[str] = (),
    topics: Iterable[str] = (),
    introduced_by: str | None = None,
    goals: Iterable[str] = (),
    now: pendulum.DateTime,
    field: str = "--at",
    resolve: Callable[[Store, str], Contact] = resolve_contact,
) -> Interaction:
    """Store an interaction with ``participants`` as ``relnet log`` does: ``when`` read
    as ``--at`` reads it, the introducer and the goals named as on its command line.
    Run it in a transaction."""
    settings = store.get_settings()
    at = parse_instant_phrase(when, zone=settings.timezone, now=now, field=field)
    introducer = None
    if introduced_by is not None:
        introducer = resolve(store, introduced_by).id
    linked = frozenset(resolve_goal(store, goal).id for goal in goals)
    interaction = Interaction(
        participants=tuple(c.id for c in participants),
        at=at,
        channel=channel.lower(),
        direction=None if direction is None else direction.lower(),
        expects_reply=expects_reply,
        gave=tuple(v.lower() for v in gave),
        received=tuple(v.lower() for v in received),
        introduced_by=introducer,
        summary=summary,
        topics=frozenset(topics),
        goals=linked,
    )
    return store.add_interaction(interaction)


def record_promise(
    store: Store,
    contact: Contact,
    what: str,
    due: str,
    *,
    theirs: bool,
    now: pendulum.DateTime,
    field: str = "--due",
) -> Commitment:
    """Store a promise to (or with ``theirs``, from) ``contact``, due on the date ``due``
    names (read as ``relnet promise --due`` reads it). Run it in a transaction."""
    day = parse_date(due, today=store.get_settings().today(now), field=field)
    return store.add_commitment(
        Commitment(contact.id, what, day, owed_by=Party.THEM if theirs else Party.ME)
    )


def keep_promise(store: Store, commitment: Commitment, *, now: pendulum.DateTime) -> Commitment:
    """Mark ``commitment`` kept on the owner's today; a CliError if it already was. Run
    it in a transaction."""
    if commitment.done_on is not None:
        raise CliError(
            f"the promise {commitment.id} ({commitment.what!r}) was already kept on "
            f"{commitment.done_on.isoformat()}"
        )
    return store.update_commitment(commitment.done(store.get_settings().today(now)))


@click.command()
@click.argument("people", metavar="WHO...", nargs=-1, required=True)
@enum_option(
    "--channel",
    kind=Channel,
    required=True,
    help="meeting, call, video, event, email, message, social, intro or note.",
)
@enum_option(
    "--direction",
    kind=Direction,
    help="inbound (they wrote), outbound (you wrote); meetings are always mutual.",
)
@click.option(
    "--at",
    "when",
    default="now",
    show_default=True,
    metavar="WHEN",
    help="When it happened: an ISO instant, '2026-03-02 15:00' (your time zone), "
    "'yesterday 15:00', '3 days ago'...",
)
@click.option("--ask", is_flag=True, help="You asked for something: expect a reply.")
@click.option("--no-reply", is_flag=True, help="They wrote but expect no answer.")
@enum_option(
    "--gave",
    kind=Value,
    multiple=True,
    help="What you gave: advice, intro, referral, resource... (repeat).",
)
@received_option
@click.option("--summary", default="", help="A line about what happened.")
@click.option("--topic", "topics", multiple=True, help="A topic you talked about (repeat).")
@click.option(
    "--introduced-by",
    metavar="WHO",
    help="For --channel intro --direction inbound: who made the introduction.",
)
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="GOAL",
    help="A goal this serves (id or part of its title; repeat).",
)
@command_options
def log(
    people: tuple[str, ...],
    channel: str,
    direction: str | None,
    when: str,
    ask: bool,
    no_reply: bool,
    gave: tuple[str, ...],
    received: tuple[str, ...],
    summary: str,
    topics: tuple[str, ...],
    introduced_by: str | None,
    goals: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record an interaction with one or more people.

    \b
    Examples:
      relnet log "Ada Lovelace" --channel meeting --at "yesterday 15:00" --summary coffee
      relnet log Grace --channel email --direction outbound --ask
      relnet log Bob --channel intro --direction inbound --introduced-by Ada

    A time without an offset is read in your time zone (see 'relnet init').
    """
    if ask and no_reply:
        raise click.UsageError("--ask and --no-reply contradict each other")
    if Channel(channel.lower()).is_async and direction is None:
        raise click.UsageError(
            f"--direction is needed for --channel {channel.lower()}: "
            "inbound (they wrote) or outbound (you wrote)"
        )
    if introduced_by is not None and (
        channel.lower() != Channel.INTRO.value
        or (direction or "").lower() != Direction.INBOUND.value
    ):
        raise click.UsageError(
            f"--introduced-by {introduced_by!r}: only an introduction made to you "
            "(--channel intro --direction inbound) has an introducer"
        )
    state = session()
    with state.open() as store, store.transaction():
        settings = store.get_settings()
        now = state.now(settings)
        participants = resolve_contacts(store, people)
        given = {"direction": direction or "", "introduced_by": introduced_by or ""}
        with in_option_words(_LOG_OPTIONS, {k: v for k, v in given.items() if v}):
            stored = log_interaction(
                store,
                participants,
                channel=channel,
                direction=direction,
                when=when,
                expects_reply=True if ask else False if no_reply else None,
                gave=gave,
                received=received,
                summary=summary,
                topics=topics,
                introduced_by=introduced_by,
                goals=goals,
                now=now,
                resolve=functools.partial(resolve_option, option="--introduced-by"),
            )
    names = ", ".join(c.name for c in participants)
    moment = stored.at.in_timezone(settings.timezone).format("YYYY-MM-DD HH:mm")
    planned = " (planned)" if stored.at > now else ""
    print_stored(
        as_json,
        stored,
        f"Logged {stored.channel.value} with {names} at {moment}{planned} (id {stored.id}).",
    )


@click.command()
@click.argument("who")
@click.argument("what")
@click.option(
    "--due",
    required=True,
    metavar="DATE",
    help="When it is due: YYYY-MM-DD, today, tomorrow, friday, 'in 2 weeks'...",
)
@click.option("--theirs", is_flag=True, help="They promised it to you (default: you did).")
@command_options
def promise(who: str, what: str, due: str, theirs: bool, as_json: bool) -> None:
    """Record a promise: yours to them, or with --theirs, theirs to you.

    \b
    Example:
      relnet promise Ada "send the paper on graph sparsity" --due friday
    """
    state = session()
    with state.open() as store, store.transaction():
        contact = resolve_contact(store, who)
        with in_option_words({"what": "WHAT"}, {"what": what}):
            commitment = record_promise(
                store, contact, what, due, theirs=theirs, now=state.now(store.get_settings())
            )
    day = commitment.due
    owner = f"{contact.name} owes you" if theirs else f"You owe {contact.name}"
    print_stored(
        as_json, commitment, f"{owner}: {what}, due {day.isoformat()} (id {commitment.id})."
    )


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Include promises already kept.")
@command_options
def promises(show_all: bool, as_json: bool) -> None:
    """List open promises, yours and theirs, by due date."""
    state = session()
    with state.open() as store:
        found = list(store.commitments(open_only=not show_all))
        names = {c.id: c.name for c in store.contacts()}
        day = today(state, store)
    out = output(as_json)
    if as_json:
        out.json(found)
        return
    rows = []
    for item in found:
        if item.done_on is not None:
            state_text = f"kept {item.done_on.isoformat()}"
        elif item.due < day:
            state_text = f"late {(day - item.due).days}d"
        else:
            state_text = "open"
        rows.append(
            [
                item.due.isoformat(),
                "me" if item.owed_by is Party.ME else "them",
                names.get(item.contact, item.contact),
                item.what,
                state_text,
                item.id,
            ]
        )
    columns = [
        Column("Due"),
        Column("Owed by"),
        Column("Who", style="bold"),
        Column("What", wrap=True),
        Column("State"),
        Column("Id", style="dim"),
    ]
    out.table(columns, rows, title="Promises", empty="No open promises.")


@click.command()
@click.argument("commitment_id", metavar="PROMISE")
@command_options
def done(commitment_id: str, as_json: bool) -> None:
    """Mark a promise as kept, today.

    PROMISE is its id (from 'relnet promises'), a unique start of the id, or a unique
    part of what was promised.
    """
    state = session()
    with state.open() as store, store.transaction():
        commitment = resolve_commitment(store, commitment_id)
        stored = keep_promise(store, commitment, now=state.now(store.get_settings()))
        name = store.get_contact(stored.contact).name
    whose = f"your promise to {name}" if stored.owed_by is Party.ME else f"{name}'s promise"
    print_stored(as_json, stored, f"Kept on {today_text(stored)}: {whose}, {stored.what!r}.")


def today_text(commitment: Commitment) -> str:
    """The day a kept commitment was kept, ISO."""
    return "" if commitment.done_on is None else commitment.done_on.isoformat()
