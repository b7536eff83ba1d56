"""Today's follow-ups: ``relnet agenda``, ``explain``, ``dismiss``, ``undismiss`` and
``draft``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click
import pendulum

from relnet.cli._app import command_options, output, print_stored, read_about, session
from relnet.cli._options import F, label
from relnet.cli._output import Column, Output
from relnet.cli._session import CliError
from relnet.cli._who import resolve_contact
from relnet.cli._words import in_option_words
from relnet.errors import ValidationError
from relnet.model import Contact, Dismissal
from relnet.policy import Agenda, Engine, Explanation, FollowUp, Reason
from relnet.storage import Store

if TYPE_CHECKING:
    from relnet import services

__all__ = [
    "agenda_command",
    "agenda_of",
    "agenda_record",
    "dismiss",
    "draft_command",
    "draft_of",
    "draft_record",
    "explain",
    "explanation_record",
    "render_agenda",
    "undismiss",
]


def _when(item: FollowUp, today: pendulum.Date) -> str:
    if item.overdue_days > 0:
        return f"{item.overdue_days}d overdue"
    # A thank-you is due at an exact time (24 hours after the meeting): show it (as
    # format("HH:mm") would, without loading pendulum's locales).
    due_at = item.due_at
    clock = f" {due_at.hour:02d}:{due_at.minute:02d}" if item.reason is Reason.THANK_YOU else ""
    if item.due == today:
        return f"today{clock}"
    if item.due == today.add(days=1):
        return f"tomorrow{clock}"
    return item.due.isoformat() + clock


def _why(item: FollowUp) -> str:
    """The reason, marked ``!`` when it must be done, and the person's other reasons
    (``+ mentor loop``): ``relnet explain`` gives their details."""
    shown = label(item.reason) + ("!" if item.must_do else "")
    others = "".join(f" + {label(reason)}" for reason in item.also)
    return shown + others


def render_agenda(
    out: Output,
    items: Sequence[FollowUp],
    today: pendulum.Date,
    title: str,
    *,
    empty: str = "Nothing to do today.",
) -> None:
    """Print follow-ups as a table: number, when, who, why, and the explanation."""
    rows = []
    for number, item in enumerate(items, 1):
        rows.append([str(number), _when(item, today), item.name, _why(item), item.details])
    columns = [
        Column("#", justify="right", style="dim"),
        Column("When"),
        Column("Who", style="bold"),
        Column("Why", style="cyan"),
        Column("Details", wrap=True),
    ]
    out.table(columns, rows, title=title, empty=empty)


def agenda_record(items: Agenda, *, more: int | None) -> dict[str, Any]:
    """The agenda as JSON-ready data: ``today``, ``now``, ``items`` and ``more`` (None
    when it was not counted)."""
    return {
        "today": items.today.isoformat(),
        "now": items.now.isoformat(),
        "items": items.to_records(),
        "more": more,
    }


def agenda_of(
    store: Store,
    *,
    now: pendulum.DateTime,
    capacity: int | None = None,
    show_all: bool = False,
    count_more: bool = True,
) -> tuple[Agenda, int | None]:
    """Today's agenda as ``relnet agenda`` shows it, and how many more follow-ups wait
    beyond the day's capacity (none with ``show_all``: every contact's next one).

    The count is :meth:`relnet.policy.Engine.counted_agenda`'s, made with the agenda:
    when the day is full, every contact with only optional items is asked whether it
    has one today, none of them worded; without ``count_more`` the count is None and
    only the agenda is computed (as fast as the engine plans it).
    """
    engine = Engine()
    if show_all:
        return engine.follow_ups(store, now=now), 0
    if not count_more:
        return engine.agenda(store, now=now, capacity=capacity), None
    return engine.counted_agenda(store, now=now, capacity=capacity)


@click.command("agenda")
@click.option(
    "--capacity",
    type=click.IntRange(min=0),
    help="How many optional items to show (default: your daily capacity).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Every contact's next follow-up, today's and upcoming, untrimmed.",
)
@command_options
def agenda_command(capacity: int | None, show_all: bool, as_json: bool) -> None:
    """Show today's follow-ups: whom to reach out to, and why.

    Must-do items (a reply owed, a thank-you, your promises; marked "!") are always
    shown; the others are trimmed to your daily capacity, best first.
    """
    state = session()
    with state.open() as store:
        items, more = agenda_of(
            store, now=state.now(store.get_settings()), capacity=capacity, show_all=show_all
        )
    out = output(as_json)
    if as_json:
        out.json(agenda_record(items, more=more))
        return
    render_agenda(out, items, items.today, items.title)
    if more:
        noun = "follow-up waits" if more == 1 else "follow-ups wait"
        out.line(f"{more} more {noun} beyond today's capacity (relnet agenda --all).", style="dim")


#: The fields of :meth:`Explanation.to_record` that ``relnet explain --json`` prints,
#: and those of each considered candidate.
_EXPLAINED = ("contact", "name", "today", "excluded", "on_agenda")
_CONSIDERED = ("rule", "reason", "status", "available_from", "due", "priority", "factors", "detail")


def explanation_record(found: Explanation) -> dict[str, Any]:
    """An explanation as JSON-ready data, as ``relnet explain --json`` prints it: part
    of :meth:`Explanation.to_record`, with the follow-up as the agenda shows it."""
    whole = found.to_record()
    item = found.follow_up
    return {
        **{field: whole[field] for field in _EXPLAINED},
        "follow_up": None
        if item is None
        else Agenda((item,), found.now, found.today).to_records()[0],
        "considered": [
            {field: considered[field] for field in _CONSIDERED}
            for considered in whole["considered"]
        ],
    }


@click.command()
@click.argument("who")
@command_options
def explain(who: str, as_json: bool) -> None:
    """Say why someone is, or is not, on today's agenda: every rule's verdict."""
    found = read_about(
        who, lambda store, contact, now: Engine().explain(store, contact.id, now=now)
    )
    out = output(as_json)
    if as_json:
        out.json(explanation_record(found))
        return
    lines = found.text.splitlines()
    out.heading(lines[0])
    for line in lines[1:]:
        out.line(line)


_REASON = click.Choice([reason.value for reason in Reason])


def _reason_option(help_text: str) -> Callable[[F], F]:
    """The ``--reason`` option of 'relnet dismiss' and 'relnet undismiss'."""
    return click.option("--reason", type=_REASON, default=None, help=help_text)


@click.command()
@click.argument("who")
@_reason_option("Dismiss their item of this reason (default: their current item).")
@command_options
def dismiss(who: str, reason: str | None, as_json: bool) -> None:
    """Dismiss one item: someone's current follow-up (or the one of --reason), and only
    that one; their other reasons go on."""

    from relnet import services  # what the other commands here need, not the agenda

    def act(store: Any, contact: Any, now: pendulum.DateTime) -> tuple[str, Dismissal]:
        words = {"reason": "--reason", "contact": "WHO"}
        with in_option_words(words, {"reason": reason or "", "contact": who}):
            found = services.dismiss(store, contact.id, now=now, reason=reason)
        return contact.name, found

    name, stored = read_about(who, act)
    what = label(Reason(stored.reason))
    print_stored(
        as_json,
        stored,
        f"Dismissed the {what} item of {name}; their other follow-ups are unchanged.",
    )


@click.command()
@click.argument("who")
@_reason_option("Bring back only their dismissed item of this reason (default: every one).")
@command_options
def undismiss(who: str, reason: str | None, as_json: bool) -> None:
    """Bring back someone's dismissed items (or only the one of --reason)."""

    from relnet import services

    def act(store: Any, contact: Any, now: pendulum.DateTime) -> tuple[str, tuple[Dismissal, ...]]:
        return contact.name, services.undismiss(store, contact.id, reason=reason)

    name, removed = read_about(who, act)
    out = output(as_json)
    if as_json:
        out.json(list(removed))
    elif removed:
        shown = ", ".join(label(Reason(d.reason)) for d in removed)
        out.line(f"Brought back {name}'s dismissed items: {shown}.")
    else:
        out.line(f"Nothing of {name}'s was dismissed.")


def draft_record(drafted: services.Drafted) -> dict[str, Any]:
    """A draft as JSON-ready data, as ``relnet draft --json`` prints it."""
    item = drafted.item
    return {
        "contact": drafted.contact.id,
        "name": drafted.contact.name,
        "reason": item.reason.value if item is not None else None,
        "due": item.due.isoformat() if item is not None else None,
        "via": drafted.via,
        "draft": drafted.text,
    }


def draft_of(store: Store, contact: Contact, *, now: pendulum.DateTime) -> services.Drafted:
    """:func:`relnet.services.draft_message` for ``contact``; a CliError when there is
    nothing to draft."""
    from relnet import services

    try:
        return services.draft_message(store, contact.id, now=now)
    except ValidationError:
        raise CliError(
            f"nothing to follow up with {contact.name} (see 'relnet explain {contact.id}')"
        ) from None


@click.command("draft")
@click.argument("who")
@command_options
def draft_command(who: str, as_json: bool) -> None:
    """Draft a message for someone's next follow-up, ready to edit and send (a first
    message, or a request for an introduction, to someone you have never been in touch
    with)."""
    state = session()
    with state.open() as store:
        contact = resolve_contact(store, who)
        drafted = draft_of(store, contact, now=state.now(store.get_settings()))
        via_name = store.get_contact(drafted.via).name if drafted.via is not None else None
    item, via, text = drafted.item, drafted.via, drafted.text
    out = output(as_json)
    if as_json:
        out.json(draft_record(drafted))
        return
    if item is not None:
        out.heading(
            f"{label(item.reason).capitalize()} — {contact.name}, due {item.due.isoformat()}"
        )
    else:
        out.heading(f"First message — {contact.name}")
    if via is not None:
        out.line(f"To {via_name}, asking for an introduction.")
    out.line()
    for line in text.splitlines():
        out.line(line)
