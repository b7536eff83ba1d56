"""The server behind ``relnet mcp``: the network, its agenda and its history as MCP tools.

Each tool opens the store (the command line's database rules), does what the matching
command does — through the same functions — and closes it again, so other processes
(``relnet log`` in a terminal, say) write between calls. A write is one transaction:
it commits whole or not at all. Every failure a person can fix comes back as a tool
error of one line; nothing here reads or writes a file other than the store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

import attrs
import pendulum
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp.types import CallToolResult, ToolAnnotations

from relnet import __version__
from relnet.cli._mcp_calls import (
    READ,
    WRITE,
    Days,
    Limit,
    Server,
    resolve_who,
    result,
)
from relnet.cli._mcp_write import WriteTools
from relnet.cli._options import label
from relnet.cli._output import jsonable
from relnet.cli._session import CliError, Session
from relnet.cli._time import parse_date, parse_instant_phrase
from relnet.cli.agenda import agenda_of, agenda_record, draft_of, draft_record, explanation_record
from relnet.cli.goals import goal_records, goals_of
from relnet.cli.insight import health_record
from relnet.cli.network import ledger_record
from relnet.errors import NotFoundError, ValidationError
from relnet.model import Contact, ContactId, Goal, Interaction, epoch_us
from relnet.network import intro_paths, ledger, offers
from relnet.policy import Agenda, Engine, FollowUp, GoalProgress, health
from relnet.serialization import to_dict
from relnet.storage import Store

__all__ = ["READ_TOOLS", "WRITE_TOOLS", "build_server", "resolve_who"]

#: The tools every server lists.
READ_TOOLS = (
    "search_contacts",
    "get_contact",
    "agenda",
    "follow_ups",
    "explain",
    "draft",
    "intro_paths",
    "goals",
    "health",
    "history",
)
#: The tools a server lists unless it is read-only.
WRITE_TOOLS = (
    "add_contact",
    "log_interaction",
    "record_promise",
    "complete_promise",
    "snooze",
    "dismiss",
    "edit_contact",
)

_RECENT = 10
_INSTRUCTIONS = (
    "relnet keeps the owner's professional network: contacts, what happened with each "
    "(interactions), promises, goals, and an explainable agenda of whom to reach out to "
    "and why. Start from `agenda`; `explain` says why someone is (or is not) on it and "
    "`draft` words a message. Wherever a tool takes `who`, give a contact's id (best), "
    "email or name; an ambiguous name is refused with the candidates and their ids."
)


def _follow_up_record(item: FollowUp | None, day: Agenda) -> Any:
    """``item`` as the agenda's records show it (None stays None)."""
    if item is None:
        return None
    return Agenda((item,), day.now, day.today).to_records()[0]


def _lines(items: Iterable[str], empty: str) -> str:
    text = "\n".join(items)
    return text or empty


def _item_line(item: FollowUp) -> str:
    others = "".join(f" + {label(r)}" for r in item.also)
    must = "!" if item.must_do else ""
    return (
        f"- {item.name} ({item.contact}): {label(item.reason)}{must}{others}, "
        f"due {item.due.isoformat()} — {item.details}"
    )


def _goal_line(goal: Goal, made: GoalProgress | None) -> str:
    pace = "" if made is None else f": {made.count}/{made.target}, {label(made.pace)}"
    return f"- {goal.title} ({goal.id}){pace}"


def _interaction_line(item: Interaction, names: dict[ContactId, str], zone: str) -> str:
    who = ", ".join(names.get(p, p) for p in item.participants)
    moment = item.at.in_timezone(zone).format("YYYY-MM-DD HH:mm")
    about = f": {item.summary}" if item.summary else ""
    return f"- {moment} {item.channel.value} with {who}{about} (id {item.id})"


def _search(store: Store, query: str, limit: int) -> list[Contact]:
    needle = " ".join(query.split()).casefold()
    if not needle:
        raise CliError("query is empty: give part of a name, an email, an organization or a tag")
    ranked: list[tuple[int, str, Contact]] = []
    for contact in store.contacts():
        name = contact.name.casefold()
        if name == needle:
            rank = 0
        elif name.startswith(needle):
            rank = 1
        elif needle in name:
            rank = 2
        elif any(needle in e.casefold() for e in contact.emails):
            rank = 3
        elif (
            needle
            in " ".join(
                [
                    contact.organization or "",
                    contact.headline or "",
                    *contact.tags,
                    *contact.interests,
                ]
            ).casefold()
        ):
            rank = 4
        else:
            continue
        ranked.append((rank, name, contact))
    ranked.sort(key=lambda entry: (entry[0], entry[1], entry[2].id))
    return [contact for _, _, contact in ranked[:limit]]


def _day_now(store: Store, now: pendulum.DateTime, date: str | None) -> pendulum.DateTime:
    """``now``, or the same time of day on the day ``date`` names."""
    if date is None:
        return now
    settings = store.get_settings()
    day = parse_date(date, today=settings.today(now), field="date")
    return pendulum.datetime(
        day.year, day.month, day.day, now.hour, now.minute, now.second, tz=settings.timezone
    )


def _since(store: Store, text: str, now: pendulum.DateTime) -> pendulum.DateTime:
    """A date (its first instant) or an instant, as the command line reads either."""
    zone = store.get_settings().timezone
    try:
        day = parse_date(text, today=store.get_settings().today(now), field="since")
    except ValidationError:
        return parse_instant_phrase(text, zone=zone, now=now, field="since")
    return pendulum.datetime(day.year, day.month, day.day, tz=zone)


def build_server(state: Session, *, read_only: bool = False) -> MCPServer[Any]:
    """The MCP server over the database ``state`` names (``--db``, ``--now``).

    With ``read_only`` the store is opened read-only and the write tools are not listed.
    Raises CliError (or StorageError) at once if the database cannot be opened.
    """
    server = Server(state, read_only)
    server.check()
    mcp = MCPServer(
        name="relnet", version=__version__, instructions=_INSTRUCTIONS, log_level="WARNING"
    )
    _add_tools(mcp, _ReadTools(server), READ_TOOLS, READ)
    _add_resources(mcp, server)
    if not read_only:
        _add_tools(mcp, WriteTools(server), WRITE_TOOLS, WRITE)
    return mcp


def _add_tools(
    mcp: MCPServer[Any], tools: object, names: Sequence[str], annotations: ToolAnnotations
) -> None:
    """List each tool of ``names``: the method of ``tools`` of that name."""
    for name in names:
        mcp.tool(name=name, annotations=annotations)(getattr(tools, name))


def _contact_view(store: Store, contact: Contact, now: pendulum.DateTime) -> dict[str, Any]:
    """Everything an assistant needs about one person."""
    engine = Engine()
    item = engine.next_follow_up(store, contact.id, now=now)
    settings = store.get_settings()
    day = Agenda((), now, settings.today(now))
    known = _OneHistory(store, contact.id)
    recent = list(known.history[-_RECENT:])
    recent.reverse()
    # The ledger and the offers read the same history: from memory, not the store again.
    reader = cast(Store, known)
    return {
        "contact": to_dict(contact),
        "next": _follow_up_record(item, day),
        "recent": [to_dict(i) for i in recent],
        "open_promises": [
            to_dict(c) for c in store.commitments(contact=contact.id, open_only=True)
        ],
        "ledger": ledger_record(
            contact, ledger(reader, contact.id, now=now), offers(reader, contact.id, now=now)
        ),
    }


class _OneHistory:
    """``store`` for the span of one call, with one contact's interactions read once:
    ``interactions(contact=that one, until=...)`` is answered from them, in the store's
    order; everything else goes to ``store``."""

    def __init__(self, store: Store, contact: ContactId) -> None:
        self._store = store
        self._contact = contact
        self.history: Sequence[Interaction] = store.interactions(contact=contact)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def interactions(
        self,
        *,
        contact: ContactId | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[Interaction]:
        if contact != self._contact or since is not None:
            return self._store.interactions(contact=contact, since=since, until=until)
        if until is None:
            return self.history
        bound = epoch_us(until)
        return [i for i in self.history if epoch_us(i.at) < bound]


def _contact_text(view: dict[str, Any], contact: Contact) -> str:
    parts = [f"{contact.name} ({contact.id}), {contact.circle.value} circle"]
    if contact.organization:
        parts.append(f"at {contact.organization}")
    nxt = view["next"]
    lines = [" ".join(parts) + "."]
    if nxt is None:
        lines.append("Nothing to follow up.")
    else:
        lines.append(
            f"Next: {nxt['reason'].replace('_', ' ')}, due {nxt['due']} — {nxt['details']}"
        )
    lines.append(
        f"{len(view['recent'])} recent interactions, {len(view['open_promises'])} open promises."
    )
    return "\n".join(lines)


@attrs.frozen
class _ReadTools:
    """The read tools over ``server``; each method is one tool, named as the method."""

    server: Server

    def search_contacts(self, query: str, limit: Limit = 20) -> CallToolResult:
        """Find contacts by part of a name, an email address, an organization, a headline,
        a tag or an interest; the closest name matches first. Returns each contact's id
        (use it as `who` in other tools), name, circle, organization and emails."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            found = _search(store, query, limit)
            records = [
                {
                    "id": c.id,
                    "name": c.name,
                    "circle": c.circle,
                    "organization": c.organization,
                    "headline": c.headline,
                    "emails": c.emails,
                    "tags": c.tags,
                }
                for c in found
            ]
            text = _lines(
                (
                    f"- {c.name} ({c.id}){', ' + c.organization if c.organization else ''}"
                    for c in found
                ),
                f"No contact matches {query!r}.",
            )
            return result({"contacts": records}, text)

        return self.server.read(query_store)

    def get_contact(self, who: str) -> CallToolResult:
        """One person in full: their card, their next follow-up (with the other reasons
        in `also`), their recent interactions (newest first), open promises either way,
        and the ledger of what was given and received. `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            view = _contact_view(store, contact, now)
            return result(view, _contact_text(view, contact))

        return self.server.read(query_store)

    def agenda(self, date: str | None = None) -> CallToolResult:
        """Whom to reach out to today, and why: the must-do items (a reply owed, a
        thank-you, promises) and the best optional ones up to the owner's daily capacity.
        `date` (YYYY-MM-DD, tomorrow, friday, 'in 3 days'...) shows that day's agenda
        instead. Each item has the contact's id, the reason, the due date and details.
        Optional items beyond the capacity are not counted here (`more` is null):
        `follow_ups(days=0)` lists every follow-up available today."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            items, more = agenda_of(store, now=_day_now(store, now, date), count_more=False)
            text = _lines((_item_line(i) for i in items), "Nothing to do.")
            return result(agenda_record(items, more=more), f"{items.title}\n{text}")

        return self.server.read(query_store)

    def follow_ups(self, days: Days = 14) -> CallToolResult:
        """Every follow-up that becomes available within `days` days from today (one per
        contact, soonest first): what is coming, beyond today's agenda."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            everything, _ = agenda_of(store, now=now, show_all=True)
            horizon = everything.today.add(days=days)
            chosen = [i for i in everything if i.available_from <= horizon]
            chosen.sort(key=lambda i: (i.due, i.name.casefold(), i.contact))
            found = Agenda(tuple(chosen), everything.now, everything.today)
            record = {
                "today": found.today.isoformat(),
                "until": horizon.isoformat(),
                "items": found.to_records(),
            }
            text = _lines((_item_line(i) for i in found), f"No follow-up in the next {days} days.")
            return result(record, text)

        return self.server.read(query_store)

    def explain(self, who: str) -> CallToolResult:
        """Why someone is, or is not, on today's agenda: every rule's verdict, with the
        facts it used. `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            found = Engine().explain(store, contact.id, now=now)
            return result(explanation_record(found), found.text)

        return self.server.read(query_store)

    def draft(self, who: str) -> CallToolResult:
        """A draft message for someone's next follow-up, ready to edit and send (the
        owner sends it; relnet sends nothing). For someone never contacted it is a first
        message, or, when `via` is set, a request to that person for an introduction.
        `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            drafted = draft_of(store, contact, now=now)
            return result(draft_record(drafted), drafted.text)

        return self.server.read(query_store)

    def intro_paths(self, who: str) -> CallToolResult:
        """The best ways to be introduced to someone through people the owner knows
        (up to two people in between), best first, each with its route and why."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            found = intro_paths(store, contact.id, now=now)
            text = _lines(
                (f"- {p.route} ({p.score:.2f}): {p.explanation}" for p in found),
                f"No path to {contact.name}.",
            )
            return result({"contact": contact.id, "paths": [p.to_record() for p in found]}, text)

        return self.server.read(query_store)

    def goals(self) -> CallToolResult:
        """The owner's active goals, with progress and pace (ahead, on track, behind)
        for the measurable ones."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            found, measured = goals_of(store, now=now)
            text = _lines((_goal_line(g, measured.get(g.id)) for g in found), "No active goals.")
            return result({"goals": goal_records(found, measured)}, text)

        return self.server.read(query_store)

    def health(self) -> CallToolResult:
        """How the owner's relationships stand against their cadences, circle by circle:
        on track, due, overdue, dormant, never contacted."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            found = health(store, now=now)
            today = store.get_settings().today(now)
            total = found.total()
            lines = [
                f"- {r['circle']}: " + ", ".join(f"{k} {v}" for k, v in r.items() if k != "circle")
                for r in found.to_records()
                if r["total"]
            ]
            text = f"Network health on {today.isoformat()}, {total} relationships.\n" + "\n".join(
                lines
            )
            return result(health_record(found, today), text)

        return self.server.read(query_store)

    def history(
        self, who: str | None = None, since: str | None = None, limit: Limit = 50
    ) -> CallToolResult:
        """Logged interactions, newest first: with one person (`who`: id, email or name)
        or with anyone, since a date or instant (`since`: 2026-03-01, '3 days ago'...),
        at most `limit`. Planned interactions (after now) are included."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = None if who is None else resolve_who(store, who)
            start = None if since is None else _since(store, since, now)
            found = list(
                store.interactions(contact=None if contact is None else contact.id, since=start)
            )[-limit:]
            found.reverse()
            names = {c.id: c.name for c in _participants(store, found)}
            zone = store.get_settings().timezone
            text = _lines((_interaction_line(i, names, zone) for i in found), "No interactions.")
            return result({"interactions": [to_dict(i) for i in found]}, text)

        return self.server.read(query_store)


def _participants(store: Store, found: Sequence[Interaction]) -> list[Contact]:
    wanted = {p for i in found for p in i.participants}
    people = []
    for contact_id in wanted:
        try:
            people.append(store.get_contact(contact_id))
        except NotFoundError:
            continue
    return people


def _add_resources(mcp: MCPServer[Any], server: Server) -> None:
    @mcp.resource("relnet://agenda/today", mime_type="application/json")
    def agenda_today() -> str:
        """Today's agenda, as the `agenda` tool gives it."""

        def query_store(store: Store, now: pendulum.DateTime) -> str:
            items, more = agenda_of(store, now=now, count_more=False)
            return json.dumps(jsonable(agenda_record(items, more=more)), ensure_ascii=False)

        return server.read(query_store)

    @mcp.resource("relnet://contact/{contact_id}", mime_type="application/json")
    def contact(contact_id: str) -> str:
        """One contact in full, as the `get_contact` tool gives it."""

        def query_store(store: Store, now: pendulum.DateTime) -> str:
            try:
                found = store.get_contact(ContactId(contact_id))
            except (NotFoundError, ValidationError) as error:
                raise ResourceNotFoundError(f"no contact has the id {contact_id!r}") from error
            return json.dumps(jsonable(_contact_view(store, found, now)), ensure_ascii=False)

        return server.read(query_store)
