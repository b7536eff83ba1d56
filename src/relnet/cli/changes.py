"""Seeing and undoing what was recorded: ``relnet history``, ``unlog``, ``goal status``,
``community remove``, ``promise edit`` and ``promise cancel``. The work is
:mod:`relnet.editing`'s; these read the options and print."""

from __future__ import annotations

import click
import pendulum

from relnet import editing
from relnet.cli._app import command_options, output, print_stored, session
from relnet.cli._options import choice, enum_option, today
from relnet.cli._output import Column, local_time
from relnet.cli._session import CliError
from relnet.cli._time import parse_date, parse_instant_phrase
from relnet.cli._who import resolve_commitment, resolve_community, resolve_contact, resolve_goal
from relnet.cli._words import in_option_words
from relnet.errors import NotFoundError, ValidationError
from relnet.model import Channel, GoalStatus, InteractionId, Party

__all__ = [
    "community_remove",
    "goal_status",
    "history",
    "promise_cancel",
    "promise_command",
    "promise_edit",
    "promise_group",
    "unlog",
]


@click.command()
@click.argument("who", required=False)
@click.option(
    "--since",
    metavar="WHEN",
    help="Only from then on: a date (YYYY-MM-DD, friday...) or an instant ('90 days ago').",
)
@enum_option("--channel", kind=Channel, help="Only this channel: meeting, call, email...")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many (newest first).")
@command_options
def history(
    who: str | None, since: str | None, channel: str | None, limit: int | None, as_json: bool
) -> None:
    """List interactions, newest first, with their ids (for 'relnet unlog').

    With WHO, only those with that person.
    """
    state = session()
    with state.open() as store:
        settings = store.get_settings()
        now = state.now(settings)
        start = None
        if since is not None:
            start = _since(since, settings.timezone, now)
        contact = None if who is None else resolve_contact(store, who)
        found = editing.history(
            store, None if contact is None else contact.id, since=start, channel=channel
        )
        names = {c.id: c.name for c in store.contacts()}
    if limit is not None:
        found = found[:limit]
    out = output(as_json)
    if as_json:
        out.json(found)
        return
    rows = [
        [
            local_time(i.at, settings.timezone),
            i.channel.value + (f" {i.direction.value}" if i.direction else ""),
            ", ".join(names.get(p, p) for p in i.participants),
            i.summary,
            i.id,
        ]
        for i in found
    ]
    columns = [
        Column("When"),
        Column("Channel"),
        Column("With", style="bold", wrap=True),
        Column("Summary", wrap=True),
        Column("Id", style="dim"),
    ]
    title = "History" + (f" with {contact.name}" if contact is not None else "")
    out.table(columns, rows, title=title, empty="No interactions.")


def _since(text: str, zone: str, now: pendulum.DateTime) -> pendulum.DateTime:
    """``--since``: a day (from its start, in ``zone``) or an instant."""
    try:
        day = parse_date(text, today=now.in_timezone(zone).date(), field="--since")
    except ValidationError:
        return parse_instant_phrase(text, zone=zone, now=now, field="--since")
    return pendulum.datetime(day.year, day.month, day.day, tz=zone)


@click.command()
@click.argument("interaction_id", metavar="ID", required=False)
@click.option(
    "--last",
    is_flag=True,
    help="Remove the newest interaction (the first line of 'relnet history').",
)
@command_options
def unlog(interaction_id: str | None, last: bool, as_json: bool) -> None:
    """Remove an interaction logged by mistake (its ID is in 'relnet history')."""
    if (interaction_id is None) == (not last):
        raise click.UsageError("give an interaction's ID or --last (one of the two)")
    state = session()
    with state.open() as store:
        settings = store.get_settings()
        if interaction_id is None:
            newest = editing.history(store)
            if not newest:
                raise CliError("there is no interaction to remove")
            interaction_id = newest[0].id
        try:
            gone = editing.unlog(store, InteractionId(interaction_id))
        except NotFoundError:
            raise CliError(
                f"no interaction has the id {interaction_id!r} (see 'relnet history')"
            ) from None
        names = {c.id: c.name for c in store.contacts()}
    out = output(as_json)
    if as_json:
        out.json({"removed": gone})
        return
    who = ", ".join(names.get(p, p) for p in gone.participants)
    moment = local_time(gone.at, settings.timezone)
    out.line(f"Removed the {gone.channel.value} with {who} at {moment} ({gone.id}).")


@click.command("status")
@click.argument("goal_id", metavar="GOAL")
@click.argument("status", metavar="STATUS", type=choice(GoalStatus))
@command_options
def goal_status(goal_id: str, status: str, as_json: bool) -> None:
    """Mark a goal achieved, paused, abandoned, or active again.

    GOAL is its id or a unique part of its title (see 'relnet goals --all').
    """
    state = session()
    with state.open() as store:
        goal = resolve_goal(store, goal_id)
        stored = editing.set_goal_status(store, goal.id, status.lower())
    print_stored(as_json, stored, f"The goal {stored.title!r} is {stored.status.value}.")


@click.command("remove")
@click.argument("community_id", metavar="COMMUNITY")
@click.argument("people", metavar="WHO...", nargs=-1, required=True)
@command_options
def community_remove(community_id: str, people: tuple[str, ...], as_json: bool) -> None:
    """Take people out of a community (the community and the people stay)."""
    state = session()
    with state.open() as store:
        found = resolve_community(store, community_id)
        contacts = [resolve_contact(store, who) for who in people]
        left = editing.leave_community(store, found.id, [c.id for c in contacts])
    out = output(as_json)
    if as_json:
        out.json({"community": found.id, "removed": [c.id for c in left]})
        return
    removed = {c.id for c in left}
    for contact in contacts:
        if contact.id in removed:
            out.line(f"{contact.name} left {found.name}.")
        else:
            out.line(f"{contact.name} was not in {found.name}.")
    if contacts and not removed:
        out.line("Nothing changed.")


@click.command("edit")
@click.argument("commitment_id", metavar="PROMISE")
@click.option("--what", help="What was promised, reworded.")
@click.option("--due", metavar="DATE", help="A new due day: YYYY-MM-DD, friday, 'in 2 weeks'...")
@click.option(
    "--theirs/--mine", "theirs", default=None, help="Whether they owe it to you, or you to them."
)
@click.option("--reopen", is_flag=True, help="Make a kept promise open again.")
@command_options
def promise_edit(
    commitment_id: str,
    what: str | None,
    due: str | None,
    theirs: bool | None,
    reopen: bool,
    as_json: bool,
) -> None:
    """Change a promise: its wording, its due day, who owes it, or reopen it.

    PROMISE is its id, a unique start of the id, or a unique part of its text.
    """
    if what is None and due is None and theirs is None and not reopen:
        raise click.UsageError("nothing to change: give --what, --due, --theirs/--mine or --reopen")
    state = session()
    with state.open() as store:
        commitment = resolve_commitment(store, commitment_id)
        day = None if due is None else parse_date(due, today=today(state, store), field="--due")
        owed = None if theirs is None else (Party.THEM if theirs else Party.ME)
        with in_option_words({"what": "--what", "due": "--due"}, {"what": what or ""}):
            stored = editing.edit_promise(
                store, commitment.id, what=what, due=day, owed_by=owed, reopen=reopen
            )
    state_text = "open" if stored.is_open else "kept"
    print_stored(
        as_json,
        stored,
        f"Promise {stored.id}: {stored.what!r}, due {stored.due.isoformat()}, {state_text}.",
    )


@click.command("cancel")
@click.argument("commitment_id", metavar="PROMISE")
@command_options
def promise_cancel(commitment_id: str, as_json: bool) -> None:
    """Remove a promise that was cancelled or recorded by mistake (a kept one stays
    kept: use 'relnet done' for that).

    PROMISE is its id, a unique start of the id, or a unique part of its text.
    """
    state = session()
    with state.open() as store:
        commitment = resolve_commitment(store, commitment_id)
        gone = editing.cancel_promise(store, commitment.id)
        name = store.get_contact(gone.contact).name
    out = output(as_json)
    if as_json:
        out.json({"removed": gone})
        return
    whose = f"your promise to {name}" if gone.owed_by is Party.ME else f"{name}'s promise"
    out.line(f"Cancelled {whose}: {gone.what!r} ({gone.id}).")


class DefaultGroup(click.Group):
    """A group whose first argument, when it names none of its commands, goes to its
    ``default`` command (``relnet promise Ada "the paper" --due friday`` is
    ``relnet promise add ...``)."""

    def __init__(self, *args: object, default: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.default = default

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Send arguments that name no command to the default command."""
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


def promise_group(add: click.Command) -> click.Group:
    """``relnet promise``: ``add`` (the default: ``relnet promise WHO WHAT --due DATE``),
    ``edit`` and ``cancel``."""
    group = DefaultGroup(
        "promise",
        default="add",
        help="Record a promise ('relnet promise WHO WHAT --due DATE', the same as "
        "'relnet promise add ...'), or change one with 'edit' or 'cancel'.",
        no_args_is_help=True,
    )
    group.add_command(add, "add")
    group.add_command(promise_edit, "edit")
    group.add_command(promise_cancel, "cancel")
    return group


def _promise_command() -> click.Group:
    from relnet.cli.activity import promise

    return promise_group(promise)


#: ``relnet promise``, with ``add`` (the default), ``edit`` and ``cancel``.
promise_command = _promise_command()
