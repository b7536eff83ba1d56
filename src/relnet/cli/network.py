"""Views of the network: ``paths``, ``targets``, ``ledger``, ``mentors``, ``stages``,
``communities`` and ``community add``, and ``event add|log|report|list``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import click

from relnet.cli._app import command_options, output, print_stored, read, session
from relnet.cli._options import enum_option, kind_option, label, received_option
from relnet.cli._output import Column, Output
from relnet.cli._time import parse_instant_phrase
from relnet.cli._who import (
    resolve_community,
    resolve_contact,
    resolve_contacts,
    resolve_event,
)
from relnet.cli._words import in_option_words
from relnet.model import Community, CommunityKind, Contact, Event, Value
from relnet.network import (
    Balance,
    EventContact,
    IntroPath,
    Ledger,
    LedgerEntry,
    MentorshipTie,
    StageSuggestion,
    communities_report,
    event_report,
    givers_and_takers,
    intro_paths,
    ledger,
    log_event,
    mentorship,
    offers,
    suggest_stages,
    targets,
)

__all__ = [
    "communities",
    "community",
    "event",
    "ledger_command",
    "ledger_record",
    "mentors",
    "paths",
    "stages",
    "targets_command",
]


@click.command()
@click.argument("who")
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="How many people may stand between you and them.",
)
@command_options
def paths(who: str, hops: int, as_json: bool) -> None:
    """Show the best ways to be introduced to someone, through people you know."""
    state = session()
    with state.open() as store:
        contact = resolve_contact(store, who)
        found = intro_paths(store, contact.id, now=state.now(store.get_settings()), max_hops=hops)
    out = output(as_json)
    if as_json:
        out.json([p.to_record() for p in found])
        return
    fields: list[tuple[Column, Callable[[tuple[int, IntroPath]], str]]] = [
        (Column("#", justify="right", style="dim"), lambda n_p: str(n_p[0])),
        (Column("Route", style="bold", wrap=True), lambda n_p: n_p[1].route),
        (Column("Score", justify="right"), lambda n_p: f"{n_p[1].score:.2f}"),
        (Column("Why", wrap=True), lambda n_p: n_p[1].explanation),
    ]
    out.listing(
        enumerate(found, 1),
        fields,
        title=f"Paths to {contact.name}",
        empty=f"No path to {contact.name} within {hops} hops.",
    )


@click.command("targets")
@command_options
def targets_command(as_json: bool) -> None:
    """Show the people (stage target) and communities you want to reach, and how."""
    state = session()
    with state.open() as store:
        report = targets(store, now=state.now(store.get_settings()))
        names = {c.id: c.name for c in store.contacts()}
    out = output(as_json)
    records = report.to_records()
    if as_json:
        out.json(records)
        return
    fields: list[tuple[Column, Callable[[dict[str, Any]], str]]] = [
        (Column("Kind"), lambda r: r["kind"]),
        (Column("Target", style="bold"), lambda r: r["name"]),
        (Column("Ask"), lambda r: names.get(r["ask"], "-") if r["ask"] else "-"),
        (Column("Why", wrap=True), lambda r: r["explanation"]),
    ]
    out.listing(
        records,
        fields,
        title="Targets",
        empty="No targets (add people with --stage target, communities with --target).",
    )


@click.command("ledger")
@click.argument("who", required=False)
@command_options
def ledger_command(who: str | None, as_json: bool) -> None:
    """Show what you gave and received with someone (or, without WHO, whom you owe)."""
    state = session()
    with state.open() as store:
        now = state.now(store.get_settings())
        if who is None:
            balances = givers_and_takers(store, now=now)
            contact = None
        else:
            contact = resolve_contact(store, who)
            book = ledger(store, contact.id, now=now)
            ideas = offers(store, contact.id, now=now)
    out = output(as_json)
    if contact is None:
        _show_balances(out, balances)
    else:
        _show_ledger(out, contact, book, ideas)


def _show_balances(out: Output, balances: Sequence[Balance]) -> None:
    if out.as_json:
        out.json([b.to_record() for b in balances])
        return
    fields: list[tuple[Column, Callable[[Balance], str]]] = [
        (Column("Who", style="bold"), lambda b: b.name),
        (Column("Balance"), lambda b: label(b.state)),
        (Column("Gave", justify="right"), lambda b: str(b.gave)),
        (Column("Received", justify="right"), lambda b: str(b.received)),
        (Column("Why", wrap=True), lambda b: b.explanation),
    ]
    out.listing(
        balances,
        fields,
        title="Give and take over the last year",
        empty="Give and take are in balance with everyone.",
    )


def ledger_record(contact: Contact, book: Ledger, ideas: Sequence[str]) -> dict[str, Any]:
    """The ledger with ``contact`` as JSON-ready data, as ``relnet ledger WHO --json``
    prints it: the entries, the counts each way, and ideas to offer."""
    return {
        "contact": contact.id,
        "name": contact.name,
        "entries": book.to_records(),
        "gave": {k.value: v for k, v in book.gave.items()},
        "received": {k.value: v for k, v in book.received.items()},
        "offers": list(ideas),
    }


def _show_ledger(out: Output, contact: Contact, book: Ledger, ideas: Sequence[str]) -> None:
    if out.as_json:
        out.json(ledger_record(contact, book, ideas))
        return
    fields: list[tuple[Column, Callable[[LedgerEntry], str]]] = [
        (Column("Date"), lambda e: e.date.isoformat()),
        (Column("Flow"), lambda e: e.flow.value),
        (Column("Values"), lambda e: ", ".join(v.value for v in e.values)),
        (Column("Summary", wrap=True), lambda e: e.summary),
    ]
    out.listing(
        book.entries,
        fields,
        title=f"Ledger with {contact.name}",
        empty=f"No value has changed hands with {contact.name} yet.",
    )
    out.line(f"You gave {book.given_count}×, received {book.received_count}×.")
    if ideas:
        out.line("Ideas to offer:")
        for idea in ideas[:3]:
            out.line(f"  - {idea}")


def _since_text(tie: MentorshipTie) -> str:
    return "never" if tie.days_since is None else f"{tie.days_since} days ago"


def _open_loop_text(tie: MentorshipTie) -> str:
    loop = tie.open_loop
    return "" if loop is None else f"report back by {loop.due.isoformat()}"


@click.command()
@command_options
def mentors(as_json: bool) -> None:
    """Show your mentors and mentees, advice to report back on, and mentorship goals."""
    report = read(lambda store, now: mentorship(store, now=now))
    out = output(as_json)
    if as_json:
        out.json(
            {
                "mentors": [t.to_record() for t in report.mentors],
                "mentees": [t.to_record() for t in report.mentees],
                "open_loops": [loop.to_record() for loop in report.open_loops],
                "goals": [g.to_record() for g in report.goals],
            }
        )
        return
    fields: list[tuple[Column, Callable[[MentorshipTie], str]]] = [
        (Column("Who", style="bold"), lambda t: t.name),
        (Column("Role"), lambda t: t.role.value),
        (Column("Last touch"), _since_text),
        (Column("Open loop", wrap=True), _open_loop_text),
    ]
    out.listing(
        (*report.mentors, *report.mentees),
        fields,
        title="Mentorship",
        empty="No mentors or mentees yet (add one with --role mentor).",
    )
    for loop in report.open_loops:
        out.line(("Overdue: " if loop.overdue else "Open: ") + loop.explanation)
    for item in report.goals:
        made = item.progress
        where = (
            f"{made.count}/{made.target}, {label(made.pace)}"
            if made is not None
            else f"{item.interactions} interactions"
        )
        out.line(f"Goal: {item.goal.title} ({where}).")


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Include contacts whose stage fits.")
@click.option(
    "--apply", "apply_changes", is_flag=True, help="Move every contact to the suggested stage."
)
@command_options
def stages(show_all: bool, apply_changes: bool, as_json: bool) -> None:
    """Suggest each relationship's stage from its history (target → ... → ally, dormant)."""
    state = session()
    with state.open() as store:
        found = suggest_stages(store, now=state.now(store.get_settings()))
        changes = [s for s in found if s.changed]
        if apply_changes:
            with store.transaction():
                for suggestion in changes:
                    contact = store.get_contact(suggestion.contact)
                    store.update_contact(attrs.evolve(contact, stage=suggestion.suggested))
    shown = found if show_all else changes
    out = output(as_json)
    if as_json:
        out.json({"applied": apply_changes, "suggestions": [s.to_record() for s in shown]})
        return
    fields: list[tuple[Column, Callable[[StageSuggestion], str]]] = [
        (Column("Who", style="bold"), lambda s: s.name),
        (Column("Now"), lambda s: s.current.value),
        (Column("Suggested"), lambda s: s.suggested.value),
        (Column("Why", wrap=True), lambda s: s.reason),
    ]
    out.listing(shown, fields, title="Stages", empty="Every stage fits its history.")
    if apply_changes and changes:
        out.line(
            f"Moved {len(changes)} contact{'s' if len(changes) != 1 else ''} to the "
            "suggested stage."
        )


@click.command()
@command_options
def communities(as_json: bool) -> None:
    """List your communities: members you know, recent activity, last event."""
    reports = read(lambda store, now: communities_report(store, now=now))
    out = output(as_json)
    records = [r.to_record() for r in reports]
    if as_json:
        out.json(records)
        return
    fields: list[tuple[Column, Callable[[dict[str, Any]], str]]] = [
        (Column("Community", style="bold"), lambda r: r["name"]),
        (Column("Kind"), lambda r: r["kind"]),
        (Column("Target"), lambda r: "yes" if r["target"] else ""),
        (Column("Members", justify="right"), lambda r: str(r["members"])),
        (Column("Touches (90d)", justify="right"), lambda r: str(r["touches"])),
        (Column("Last event"), lambda r: r["last_event"] or "-"),
        (Column("Id", style="dim"), lambda r: r["community"]),
    ]
    out.listing(
        records,
        fields,
        title="Communities",
        empty="No communities yet (add one with 'relnet community add').",
    )


@click.group()
def community() -> None:
    """Manage communities (see 'relnet communities' for the list)."""


@community.command("add")
@click.argument("name")
@kind_option(CommunityKind, help="association, conference, forum, meetup, online, company, school.")
@click.option("--url", help="Its web site.")
@click.option("--target", "is_target", is_flag=True, help="One you want to join.")
@click.option(
    "--member",
    "members",
    multiple=True,
    metavar="WHO",
    help="A contact who belongs to it (repeat).",
)
@command_options
def community_add(
    name: str, kind: str, url: str | None, is_target: bool, members: tuple[str, ...], as_json: bool
) -> None:
    """Add a community (an association, a meetup, a forum...)."""
    state = session()
    with state.open() as store, store.transaction():
        with in_option_words({"name": "NAME", "url": "--url"}, {"name": name, "url": url or ""}):
            made = Community(name, kind=kind.lower(), url=url, target=is_target)
        stored = store.add_community(made)
        for person in resolve_contacts(store, members, option="--member"):
            store.update_contact(attrs.evolve(person, communities=person.communities | {stored.id}))
    print_stored(as_json, stored, f"Added community {stored.name!r} (id {stored.id}).")


@click.group()
def event() -> None:
    """Events: conferences and meetups where you met several people at once."""


@event.command("add")
@click.argument("name")
@click.option("--at", "when", required=True, metavar="WHEN", help="When it took place.")
@click.option(
    "--community", "community_name", metavar="COMMUNITY", help="The community that held it."
)
@click.option("--location", default="", help="Where.")
@command_options
def event_add(
    name: str, when: str, community_name: str | None, location: str, as_json: bool
) -> None:
    """Add an event."""
    state = session()
    with state.open() as store, store.transaction():
        settings = store.get_settings()
        at = parse_instant_phrase(when, zone=settings.timezone, now=state.now(settings))
        held_by = None if community_name is None else resolve_community(store, community_name).id
        with in_option_words(
            {"name": "NAME", "location": "--location"}, {"name": name, "location": location}
        ):
            made = Event(name, at, community=held_by, location=location)
        stored = store.add_event(made)
    print_stored(as_json, stored, f"Added event {stored.name!r} (id {stored.id}).")


@event.command("log")
@click.argument("event_name", metavar="EVENT")
@click.argument("people", metavar="WHO...", nargs=-1, required=True)
@click.option("--summary", default="", help="A line about it (default: the event's name).")
@enum_option("--gave", kind=Value, multiple=True, help="What you gave (repeat).")
@received_option
@command_options
def event_log(
    event_name: str,
    people: tuple[str, ...],
    summary: str,
    gave: tuple[str, ...],
    received: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record the people you met at an event (one interaction with all of them)."""
    state = session()
    with state.open() as store, store.transaction():
        found = resolve_event(store, event_name)
        met = resolve_contacts(store, people)
        stored = log_event(
            store,
            found.id,
            [c.id for c in met],
            summary=summary,
            gave=[Value(v.lower()) for v in gave],
            received=[Value(v.lower()) for v in received],
        )
    print_stored(
        as_json,
        stored,
        f"Logged {found.name} with {', '.join(c.name for c in met)} (id {stored.id}).",
    )


@event.command("report")
@click.argument("event_name", metavar="EVENT")
@command_options
def event_report_command(event_name: str, as_json: bool) -> None:
    """Whom you met at an event, whom you followed up with, which ties became ongoing."""
    state = session()
    with state.open() as store:
        found = resolve_event(store, event_name)
        settings = store.get_settings()
        report = event_report(store, found.id, now=state.now(settings))
    out = output(as_json)
    if as_json:
        out.json(
            {"event": found, "follow_up_rate": report.follow_up_rate, "met": report.to_records()}
        )
        return
    fields: list[tuple[Column, Callable[[EventContact], str]]] = [
        (Column("Who", style="bold"), lambda m: m.name),
        (Column("Followed up"), lambda m: "yes" if m.followed_up else "no"),
        (Column("Touches since", justify="right"), lambda m: str(m.touches_after)),
        (Column("Ongoing"), lambda m: "yes" if m.ongoing else "no"),
    ]
    day = found.at.in_timezone(settings.timezone).date().isoformat()
    title = f"{found.name} ({day})"
    out.listing(report.met, fields, title=title, empty="You met nobody there yet.")
    if report.met:
        out.line(f"Followed up with {round(100 * report.follow_up_rate)}% of the people met.")


@event.command("list")
@command_options
def event_list(as_json: bool) -> None:
    """List events, oldest first."""
    state = session()
    with state.open() as store:
        found = list(store.events())
        zone = store.get_settings().timezone
        names = {c.id: c.name for c in store.communities()}
    out = output(as_json)
    if as_json:
        out.json(found)
        return
    fields: list[tuple[Column, Callable[[Event], str]]] = [
        (Column("When"), lambda e: e.at.in_timezone(zone).format("YYYY-MM-DD HH:mm")),
        (Column("Event", style="bold"), lambda e: e.name),
        (Column("Community"), lambda e: names.get(e.community, "") if e.community else ""),
        (Column("Where"), lambda e: e.location),
        (Column("Id", style="dim"), lambda e: e.id),
    ]
    out.listing(found, fields, title="Events", empty="No events yet.")


def _with_remove() -> None:
    from relnet.cli.changes import community_remove

    community.add_command(community_remove)


_with_remove()
