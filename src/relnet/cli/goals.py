"""What networking is for: ``relnet goals`` (with progress) and ``relnet goal add``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click
import pendulum

from relnet.cli._app import command_options, output, print_stored, session
from relnet.cli._options import (
    cadence_option,
    enum_option,
    kind_option,
    label,
    parse_cadence,
    today,
)
from relnet.cli._output import Column
from relnet.cli._session import CliError
from relnet.cli._time import parse_date
from relnet.cli._who import resolve_contacts
from relnet.cli._words import in_option_words
from relnet.model import Channel, Goal, GoalId, GoalKind, GoalStatus, Target, TargetMeasure
from relnet.policy import GoalProgress, progress
from relnet.storage import Store

__all__ = ["goal", "goal_records", "goals_command", "goals_of"]


def _progress_text(found: GoalProgress | None) -> str:
    if found is None:
        return "-"
    return f"{found.count}/{found.target}"


def _pace_text(found: GoalProgress | None) -> str:
    return "-" if found is None else label(found.pace)


def goals_of(
    store: Store, *, now: pendulum.DateTime, show_all: bool = False
) -> tuple[list[Goal], dict[GoalId, GoalProgress]]:
    """The goals ``relnet goals`` lists (active ones unless ``show_all``; by deadline,
    then title) and the progress of each measurable one as of ``now``."""
    found = [g for g in store.goals() if show_all or g.status is GoalStatus.ACTIVE]
    found.sort(
        key=lambda g: (g.deadline is None, g.deadline or pendulum.Date.min, g.title.casefold())
    )
    measured = {g.id: progress(g, store, now=now) for g in found if g.target is not None}
    return found, measured


def goal_records(
    found: Sequence[Goal], measured: Mapping[GoalId, GoalProgress]
) -> list[dict[str, Any]]:
    """Goals with their progress as JSON-ready data, as ``relnet goals --json`` prints."""
    records: list[dict[str, Any]] = []
    for item in found:
        record: dict[str, Any] = {"goal": item}
        made = measured.get(item.id)
        record["progress"] = None if made is None else made.to_record()
        records.append(record)
    return records


@click.command("goals")
@click.option(
    "--all", "show_all", is_flag=True, help="Include paused, achieved and abandoned goals."
)
@command_options
def goals_command(show_all: bool, as_json: bool) -> None:
    """List your goals with their progress and pace (ahead, on track, behind)."""
    state = session()
    with state.open() as store:
        found, measured = goals_of(store, now=state.now(store.get_settings()), show_all=show_all)
        names = {c.id: c.name for c in store.contacts()}
    out = output(as_json)
    if as_json:
        out.json(goal_records(found, measured))
        return

    def people(item: Goal) -> str:
        return ", ".join(sorted(names.get(c, c) for c in item.contacts))

    fields: list[tuple[Column, Callable[[Goal], str]]] = [
        (Column("Goal", style="bold", wrap=True), lambda g: g.title),
        (Column("Kind"), lambda g: label(g.kind)),
        (Column("Progress", justify="right"), lambda g: _progress_text(measured.get(g.id))),
        (Column("Pace"), lambda g: _pace_text(measured.get(g.id))),
        (Column("Deadline"), lambda g: g.deadline.isoformat() if g.deadline else "-"),
        (Column("Status"), lambda g: label(g.status)),
        (Column("People", wrap=True), people),
        (Column("Id", style="dim"), lambda g: g.id),
    ]
    out.listing(
        found, fields, title="Goals", empty="No goals yet (add one with 'relnet goal add')."
    )


@click.group()
def goal() -> None:
    """Manage goals (see 'relnet goals' for the list)."""


@goal.command("add")
@click.argument("title")
@kind_option(
    GoalKind, help="mentorship, job_search, collaboration, knowledge, visibility, community."
)
@click.option(
    "--target",
    "count",
    type=click.IntRange(min=1),
    help="How many to reach (makes the goal measurable).",
)
@enum_option(
    "--measure",
    kind=TargetMeasure,
    default="interactions",
    show_default=True,
    help="What the target counts.",
)
@enum_option(
    "--channel",
    "channels",
    kind=Channel,
    multiple=True,
    help="Only interactions on this channel count (repeat).",
)
@click.option("--tag", help="Interactions with (or new contacts with) this tag count.")
@click.option(
    "--start", metavar="DATE", help="When counting starts (default: the first thing counted)."
)
@click.option("--deadline", metavar="DATE", help="When the goal is due.")
@click.option(
    "--weight",
    type=click.FloatRange(min=0, min_open=True, max=1),
    default=1.0,
    show_default=True,
    help="How much it matters, in (0, 1].",
)
@cadence_option(help="How often to touch each linked contact while the goal is active.")
@click.option(
    "--contact",
    "people",
    multiple=True,
    metavar="WHO",
    help="A person this goal involves (repeat).",
)
@command_options
def goal_add(
    title: str,
    kind: str,
    count: int | None,
    measure: str,
    channels: tuple[str, ...],
    tag: str | None,
    start: str | None,
    deadline: str | None,
    weight: float,
    cadence: str | None,
    people: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add a goal, measurable when it has a --target.

    \b
    Example:
      relnet goal add "Six coffee chats with data engineers" --kind knowledge \\
          --target 6 --channel meeting --tag data --deadline 2026-03-31
    """
    state = session()
    with in_option_words({"cadence": "--cadence"}, {"cadence": cadence or ""}):
        rhythm = parse_cadence(cadence)
    with state.open() as store, store.transaction():
        day = today(state, store)
        start_day = None if start is None else parse_date(start, today=day, field="--start")
        due = None if deadline is None else parse_date(deadline, today=day, field="--deadline")
        if start_day is not None and due is not None and start_day > due:
            raise CliError(
                f"--start {start} ({start_day.isoformat()}) is after --deadline {deadline} "
                f"({due.isoformat()}): counting must start by the deadline"
                if (start, deadline) != (start_day.isoformat(), due.isoformat())
                else f"--start {start} is after --deadline {deadline}: counting must start "
                "by the deadline"
            )
        target = None
        if count is not None:
            target = Target(
                count, measure.lower(), frozenset(c.lower() for c in channels), tag, start_day
            )
        elif channels or tag or start:
            raise click.UsageError("--channel, --tag and --start need a --target")
        linked = frozenset(c.id for c in resolve_contacts(store, people, option="--contact"))
        with in_option_words({"title": "TITLE"}, {"title": title}):
            made = Goal(
                title,
                kind=kind.lower(),
                contacts=linked,
                weight=weight,
                deadline=due,
                cadence=rhythm,
                target=target,
            )
        stored = store.add_goal(made)
    print_stored(as_json, stored, f"Added goal {stored.title!r} (id {stored.id}).")


def _with_status() -> None:
    from relnet.cli.changes import goal_status

    goal.add_command(goal_status)


_with_status()
