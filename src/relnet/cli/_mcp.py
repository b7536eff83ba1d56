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
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import attrs
import click
import pendulum
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import MCPServerError, ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from relnet import __version__, editing, services
from relnet.cli._options import label
from relnet.cli._output import jsonable
from relnet.cli._session import CliError, Session
from relnet.cli._time import parse_date, parse_instant_phrase
from relnet.cli._versions import refuse_upgrade
from relnet.cli._who import _describe, resolve_commitment, resolve_contact
from relnet.cli.activity import keep_promise, log_interaction, record_promise
from relnet.cli.agenda import agenda_of, agenda_record, draft_of, draft_record, explanation_record
from relnet.cli.goals import goal_records, goals_of
from relnet.cli.insight import health_record
from relnet.cli.network import ledger_record
from relnet.cli.people import add_contact, contact_fields, snooze_contact
from relnet.errors import NotFoundError, RelnetError, ValidationError
from relnet.model import Contact, ContactId, Dismissal, Goal, Interaction, epoch_us
from relnet.network import intro_paths, ledger, offers
from relnet.policy import Agenda, Engine, FollowUp, GoalProgress, Reason, health
from relnet.serialization import to_dict
from relnet.storage import Store

__all__ = ["READ_TOOLS", "WRITE_TOOLS", "build_server", "resolve_who"]

T = TypeVar("T")
log = logging.getLogger("relnet.mcp")

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


def resolve_who(store: Store, who: str) -> Contact:
    """The one contact ``who`` names: an id, else an email address (any case), else a
    name as the command line reads it (exact, then a unique part). Anything else is a
    CliError listing the candidates with their ids."""
    text = who.strip()
    if text:
        try:
            return store.get_contact(ContactId(text))
        except (NotFoundError, ValidationError):
            pass
    if "@" in text:
        needle = text.casefold()
        found = [
            c
            for c in store.contacts(include_archived=True)
            if any(e.casefold() == needle for e in c.emails)
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise CliError(f"{who!r} is the email of {len(found)} contacts: {_describe(found)}")
    return resolve_contact(store, who)


def _message(error: Exception) -> str:
    text = error.format_message() if isinstance(error, click.ClickException) else str(error)
    return " ".join(text.split())


def _result(data: Any, text: str) -> CallToolResult:
    """A tool's answer: structured ``data`` and a short readable ``text``."""
    structured = jsonable(data)
    if not isinstance(structured, dict):
        structured = {"result": structured}
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
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


def _dismiss(
    store: Store, contact: Contact, *, now: pendulum.DateTime, reason: str | None
) -> Dismissal:
    """Dismiss ``contact``'s current item, or its item of ``reason``, and only that one,
    as ``relnet dismiss`` does."""
    return services.dismiss(store, contact.id, now=now, reason=reason)


@attrs.frozen
class _Server:
    """Opens the store for each call, as the command line's :class:`Session` would."""

    base: Session
    read_only: bool

    def session(self) -> Session:
        # A fresh session per call: the clock is read again (unless --now pins it).
        return Session(
            db=self.base.db,
            now_text=self.base.now_text,
            environ=self.base.environ,
            clock=self.base.clock,
        )

    def _guarded(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except MCPServerError:
            raise
        except (click.ClickException, RelnetError) as error:
            raise ToolError(_message(error)) from error
        except Exception as error:
            log.exception("unexpected failure in a tool")
            raise ToolError(f"unexpected {type(error).__name__}: {_message(error)}") from error

    def read(self, query: Callable[[Store, pendulum.DateTime], T]) -> T:
        """What ``query`` finds in the store, as of now."""

        def work() -> T:
            state = self.session()
            with state.open() as store:
                if self.read_only:
                    _refuse_writes(store)
                return query(store, state.now(store.get_settings()))

        return self._guarded(work)

    def write(self, action: Callable[[Store, pendulum.DateTime], T]) -> T:
        """Do ``action`` in one transaction: all of it is stored, or nothing."""
        if self.read_only:
            raise ToolError("this relnet server is read-only (started with --read-only)")

        def work() -> T:
            state = self.session()
            with state.open() as store, store.transaction():
                return action(store, state.now(store.get_settings()))

        return self._guarded(work)

    def check(self) -> None:
        """Open the store once, so that a missing database or a bad --now fails at start
        (with the command line's error, not a tool's); a read-only server refuses a
        database an older relnet wrote, which opening would upgrade."""
        state = self.session()
        file = _file_of(state.location())
        if self.read_only and file is not None:
            refuse_upgrade(file)
        with state.open() as store:
            state.now(store.get_settings())


def _file_of(location: Path | str) -> Path | None:
    """The database file a path or a ``sqlite://`` or ``json://`` URL names (None for
    other URLs, whose stores say for themselves what opening them changes)."""
    if isinstance(location, Path):
        return location
    from relnet.adapters.registry import split_url, url_path

    parts = split_url(location)
    if parts is None or parts[0] not in ("sqlite", "json") or parts[1] == ":memory:":
        return None
    return url_path(location)


def _list_changes(
    contact: Contact, lists: dict[str, Any]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """What to add to and remove from ``contact``'s list fields so that each given list
    replaces the whole of the stored one."""
    add: dict[str, list[Any]] = {}
    remove: dict[str, list[Any]] = {}
    for field, wanted in lists.items():
        stored = list(getattr(contact, field))
        add[field] = [value for value in wanted if value not in stored]
        remove[field] = [value for value in stored if value not in wanted]
    return add, remove


def _refuse_writes(store: Store) -> None:
    """Make a SQLite connection refuse every write (the tools offered write nothing)."""
    from relnet.adapters.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        store._pragma("query_only = ON")


_READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

Limit = Annotated[int, Field(ge=1, le=1000)]
Days = Annotated[int, Field(ge=0, le=3660)]


def build_server(state: Session, *, read_only: bool = False) -> MCPServer[Any]:
    """The MCP server over the database ``state`` names (``--db``, ``--now``).

    With ``read_only`` the store is opened read-only and the write tools are not listed.
    Raises CliError (or StorageError) at once if the database cannot be opened.
    """
    server = _Server(state, read_only)
    server.check()
    mcp = MCPServer(
        name="relnet", version=__version__, instructions=_INSTRUCTIONS, log_level="WARNING"
    )
    _add_read_tools(mcp, server)
    _add_resources(mcp, server)
    if not read_only:
        _add_write_tools(mcp, server)
    return mcp


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


def _add_read_tools(mcp: MCPServer[Any], server: _Server) -> None:  # noqa: C901, PLR0915
    @mcp.tool(annotations=_READ)
    def search_contacts(query: str, limit: Limit = 20) -> CallToolResult:
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
            return _result({"contacts": records}, text)

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def get_contact(who: str) -> CallToolResult:
        """One person in full: their card, their next follow-up (with the other reasons
        in `also`), their recent interactions (newest first), open promises either way,
        and the ledger of what was given and received. `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            view = _contact_view(store, contact, now)
            return _result(view, _contact_text(view, contact))

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def agenda(date: str | None = None) -> CallToolResult:
        """Whom to reach out to today, and why: the must-do items (a reply owed, a
        thank-you, promises) and the best optional ones up to the owner's daily capacity.
        `date` (YYYY-MM-DD, tomorrow, friday, 'in 3 days'...) shows that day's agenda
        instead. Each item has the contact's id, the reason, the due date and details.
        Optional items beyond the capacity are not counted here (`more` is null):
        `follow_ups(days=0)` lists every follow-up available today."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            items, more = agenda_of(store, now=_day_now(store, now, date), count_more=False)
            text = _lines((_item_line(i) for i in items), "Nothing to do.")
            return _result(agenda_record(items, more=more), f"{items.title}\n{text}")

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def follow_ups(days: Days = 14) -> CallToolResult:
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
            return _result(record, text)

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def explain(who: str) -> CallToolResult:
        """Why someone is, or is not, on today's agenda: every rule's verdict, with the
        facts it used. `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            found = Engine().explain(store, contact.id, now=now)
            return _result(explanation_record(found), found.text)

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def draft(who: str) -> CallToolResult:
        """A draft message for someone's next follow-up, ready to edit and send (the
        owner sends it; relnet sends nothing). For someone never contacted it is a first
        message, or, when `via` is set, a request to that person for an introduction.
        `who` is an id, email or name."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            drafted = draft_of(store, contact, now=now)
            return _result(draft_record(drafted), drafted.text)

        return server.read(query_store)

    @mcp.tool(name="intro_paths", annotations=_READ)
    def intro_paths_tool(who: str) -> CallToolResult:
        """The best ways to be introduced to someone through people the owner knows
        (up to two people in between), best first, each with its route and why."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            found = intro_paths(store, contact.id, now=now)
            text = _lines(
                (f"- {p.route} ({p.score:.2f}): {p.explanation}" for p in found),
                f"No path to {contact.name}.",
            )
            return _result({"contact": contact.id, "paths": [p.to_record() for p in found]}, text)

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def goals() -> CallToolResult:
        """The owner's active goals, with progress and pace (ahead, on track, behind)
        for the measurable ones."""

        def query_store(store: Store, now: pendulum.DateTime) -> CallToolResult:
            found, measured = goals_of(store, now=now)
            text = _lines((_goal_line(g, measured.get(g.id)) for g in found), "No active goals.")
            return _result({"goals": goal_records(found, measured)}, text)

        return server.read(query_store)

    @mcp.tool(name="health", annotations=_READ)
    def health_tool() -> CallToolResult:
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
            return _result(health_record(found, today), text)

        return server.read(query_store)

    @mcp.tool(annotations=_READ)
    def history(
        who: str | None = None, since: str | None = None, limit: Limit = 50
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
            return _result({"interactions": [to_dict(i) for i in found]}, text)

        return server.read(query_store)


def _participants(store: Store, found: Sequence[Interaction]) -> list[Contact]:
    wanted = {p for i in found for p in i.participants}
    people = []
    for contact_id in wanted:
        try:
            people.append(store.get_contact(contact_id))
        except NotFoundError:
            continue
    return people


def _add_resources(mcp: MCPServer[Any], server: _Server) -> None:
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


def _add_write_tools(mcp: MCPServer[Any], server: _Server) -> None:  # noqa: C901
    @mcp.tool(name="add_contact", annotations=_WRITE)
    def add_contact_tool(
        name: str,
        circle: str | None = None,
        cadence: str | None = None,
        tags: list[str] | None = None,
        emails: list[str] | None = None,
        phones: list[str] | None = None,
        urls: list[str] | None = None,
        roles: list[str] | None = None,
        organization: str | None = None,
        headline: str | None = None,
        birthday: str | None = None,
        interests: list[str] | None = None,
        stage: str | None = None,
        introduced_by: str | None = None,
        how_met: str | None = None,
        timezone: str | None = None,
        notes: str | None = None,
    ) -> CallToolResult:
        """Add a person. `circle`: inner, close, active, network (default) or
        acquaintance; `cadence`: 'every 6 weeks', monthly...; `birthday`: YYYY-MM-DD or
        MM-DD; `roles`: mentor, mentee, peer, client...; `stage`: target, introduced,
        connected (default)...; `introduced_by`: who introduced them (id, email or name);
        `timezone`: an IANA zone. Returns the stored contact and its id."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            fields = contact_fields(
                name=name,
                circle=circle,
                cadence=cadence,
                tags=tags,
                emails=emails,
                phones=phones,
                urls=urls,
                roles=roles,
                organization=organization,
                headline=headline,
                birthday=birthday,
                interests=interests,
                stage=stage,
                how_met=how_met,
                timezone=timezone,
                notes=notes,
            )
            stored = add_contact(
                store, fields, introduced_by=introduced_by, now=now, resolve=resolve_who
            )
            return _result(to_dict(stored), f"Added {stored.name} (id {stored.id}).")

        return server.write(action)

    @mcp.tool(name="log_interaction", annotations=_WRITE)
    def log_interaction_tool(
        who: str,
        channel: str,
        direction: str | None = None,
        at: str | None = None,
        summary: str = "",
        expects_reply: bool | None = None,
    ) -> CallToolResult:
        """Record something that happened with a person (or is planned, when `at` is
        later than now). `channel`: meeting, call, video, event, email, message, social,
        intro or note; `direction` (needed for email, message and social): inbound (they
        wrote) or outbound (the owner wrote); `at`: when ('2026-03-02 15:00' in the
        owner's zone, 'yesterday 15:00', '3 days ago'; default now); `expects_reply`:
        true when the owner asked for something, false when they wrote and need no
        answer. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            stored = log_interaction(
                store,
                [contact],
                channel=channel,
                direction=direction,
                when="now" if at is None else at,
                expects_reply=expects_reply,
                summary=summary,
                now=now,
                field="at",
                resolve=resolve_who,
            )
            zone = store.get_settings().timezone
            moment = stored.at.in_timezone(zone).format("YYYY-MM-DD HH:mm")
            planned = " (planned)" if stored.at > now else ""
            return _result(
                to_dict(stored),
                f"Logged {stored.channel.value} with {contact.name} at {moment}{planned} "
                f"(id {stored.id}).",
            )

        return server.write(action)

    @mcp.tool(name="record_promise", annotations=_WRITE)
    def record_promise_tool(who: str, what: str, due: str, theirs: bool = False) -> CallToolResult:
        """Record a promise: the owner's to a person, or with `theirs` the person's to the
        owner. `due`: YYYY-MM-DD, today, tomorrow, friday, 'in 2 weeks'... `who` is an
        id, email or name. Returns the promise and its id."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            stored = record_promise(store, contact, what, due, theirs=theirs, now=now, field="due")
            owner = f"{contact.name} owes you" if theirs else f"You owe {contact.name}"
            return _result(
                to_dict(stored),
                f"{owner}: {what}, due {stored.due.isoformat()} (id {stored.id}).",
            )

        return server.write(action)

    @mcp.tool(annotations=_WRITE)
    def complete_promise(promise_id: str) -> CallToolResult:
        """Mark a promise kept today. `promise_id` is its id (from `get_contact`), a
        unique start of the id, or a unique part of what was promised."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            stored = keep_promise(store, resolve_commitment(store, promise_id), now=now)
            kept = stored.done_on.isoformat() if stored.done_on else ""
            return _result(to_dict(stored), f"Kept on {kept}: {stored.what!r} (id {stored.id}).")

        return server.write(action)

    @mcp.tool(annotations=_WRITE)
    def snooze(who: str, until: str) -> CallToolResult:
        """Keep someone off the agenda until a date (YYYY-MM-DD, friday, 'in 2 weeks'...);
        on that day everything that was due comes back. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            stored = snooze_contact(store, resolve_who(store, who), until, now=now, field="until")
            day = stored.snoozed_until.isoformat() if stored.snoozed_until else ""
            return _result(to_dict(stored), f"Snoozed {stored.name} until {day}.")

        return server.write(action)

    @mcp.tool(annotations=_WRITE)
    def dismiss(who: str, reason: str | None = None) -> CallToolResult:
        """Dismiss one item ("not this one"): someone's current follow-up, or with
        `reason` their item of that reason (reply_owed, thank_you, promise,
        event_follow_up, intro_loop, mentor_loop, nudge, check_in, keep_in_touch,
        reconnect, birthday), and nothing else; their other follow-ups go on, and a newer
        message brings the reason back. To keep a person off the agenda for a while, use
        `snooze`. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            stored = _dismiss(store, contact, now=now, reason=reason)
            what = label(Reason(stored.reason))
            return _result(
                to_dict(stored),
                f"Dismissed the {what} item of {contact.name}; "
                "their other follow-ups are unchanged.",
            )

        return server.write(action)

    @mcp.tool(annotations=_WRITE)
    def edit_contact(
        who: str,
        name: str | None = None,
        circle: str | None = None,
        cadence: str | None = None,
        tags: list[str] | None = None,
        emails: list[str] | None = None,
        phones: list[str] | None = None,
        urls: list[str] | None = None,
        roles: list[str] | None = None,
        organization: str | None = None,
        headline: str | None = None,
        birthday: str | None = None,
        interests: list[str] | None = None,
        stage: str | None = None,
        how_met: str | None = None,
        timezone: str | None = None,
        notes: str | None = None,
    ) -> CallToolResult:
        """Change a person's card: only the fields given change (a list replaces the
        whole list). Values read as in `add_contact`. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            changes = contact_fields(
                name=name,
                circle=circle,
                cadence=cadence,
                tags=tags,
                emails=emails,
                phones=phones,
                urls=urls,
                roles=roles,
                organization=organization,
                headline=headline,
                birthday=birthday,
                interests=interests,
                stage=stage,
                how_met=how_met,
                timezone=timezone,
                notes=notes,
                given_only=True,
            )
            if not changes:
                raise CliError("nothing to change: give at least one field besides who")
            lists = {k: v for k, v in changes.items() if k in editing.LISTS}
            add, remove = _list_changes(contact, lists)
            stored = editing.edit_contact(
                store,
                contact.id,
                values={k: v for k, v in changes.items() if k not in lists},
                add=add,
                remove=remove,
                version=contact.version,
            )
            changed = ", ".join(sorted(changes))
            return _result(to_dict(stored), f"Updated {stored.name} ({stored.id}): {changed}.")

        return server.write(action)
