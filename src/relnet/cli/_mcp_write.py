"""The write tools of ``relnet mcp``: each does what the matching command does, through
the same functions, in one transaction."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
from mcp.types import CallToolResult

from relnet import editing, services
from relnet.cli._mcp_calls import Server, resolve_who, result
from relnet.cli._options import label
from relnet.cli._session import CliError
from relnet.cli._who import resolve_commitment
from relnet.cli.activity import keep_promise, log_interaction, record_promise
from relnet.cli.people import add_contact, card_of, contact_fields, snooze_contact
from relnet.model import Contact
from relnet.policy import Reason
from relnet.serialization import to_dict
from relnet.storage import Store

__all__ = ["WriteTools"]


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


@attrs.frozen
class WriteTools:
    """The write tools over ``server``; each method is one tool, named as the method."""

    server: Server

    def add_contact(
        self,
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
        card = card_of(locals())

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            fields = contact_fields(**card)
            stored = add_contact(
                store, fields, introduced_by=introduced_by, now=now, resolve=resolve_who
            )
            return result(to_dict(stored), f"Added {stored.name} (id {stored.id}).")

        return self.server.write(action)

    def log_interaction(
        self,
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
            return result(
                to_dict(stored),
                f"Logged {stored.channel.value} with {contact.name} at {moment}{planned} "
                f"(id {stored.id}).",
            )

        return self.server.write(action)

    def record_promise(self, who: str, what: str, due: str, theirs: bool = False) -> CallToolResult:
        """Record a promise: the owner's to a person, or with `theirs` the person's to the
        owner. `due`: YYYY-MM-DD, today, tomorrow, friday, 'in 2 weeks'... `who` is an
        id, email or name. Returns the promise and its id."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            stored = record_promise(store, contact, what, due, theirs=theirs, now=now, field="due")
            owner = f"{contact.name} owes you" if theirs else f"You owe {contact.name}"
            return result(
                to_dict(stored),
                f"{owner}: {what}, due {stored.due.isoformat()} (id {stored.id}).",
            )

        return self.server.write(action)

    def complete_promise(self, promise_id: str) -> CallToolResult:
        """Mark a promise kept today. `promise_id` is its id (from `get_contact`), a
        unique start of the id, or a unique part of what was promised."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            stored = keep_promise(store, resolve_commitment(store, promise_id), now=now)
            kept = stored.done_on.isoformat() if stored.done_on else ""
            return result(to_dict(stored), f"Kept on {kept}: {stored.what!r} (id {stored.id}).")

        return self.server.write(action)

    def snooze(self, who: str, until: str) -> CallToolResult:
        """Keep someone off the agenda until a date (YYYY-MM-DD, friday, 'in 2 weeks'...);
        on that day everything that was due comes back. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            stored = snooze_contact(store, resolve_who(store, who), until, now=now, field="until")
            day = stored.snoozed_until.isoformat() if stored.snoozed_until else ""
            return result(to_dict(stored), f"Snoozed {stored.name} until {day}.")

        return self.server.write(action)

    def dismiss(self, who: str, reason: str | None = None) -> CallToolResult:
        """Dismiss one item ("not this one"): someone's current follow-up, or with
        `reason` their item of that reason (reply_owed, thank_you, promise,
        event_follow_up, intro_loop, mentor_loop, nudge, check_in, keep_in_touch,
        reconnect, birthday), and nothing else; their other follow-ups go on, and a newer
        message brings the reason back. To keep a person off the agenda for a while, use
        `snooze`. `who` is an id, email or name."""

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            stored = services.dismiss(store, contact.id, now=now, reason=reason)
            what = label(Reason(stored.reason))
            return result(
                to_dict(stored),
                f"Dismissed the {what} item of {contact.name}; "
                "their other follow-ups are unchanged.",
            )

        return self.server.write(action)

    def edit_contact(
        self,
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
        card = card_of(locals())

        def action(store: Store, now: pendulum.DateTime) -> CallToolResult:
            contact = resolve_who(store, who)
            changes = contact_fields(**card, given_only=True)
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
            return result(to_dict(stored), f"Updated {stored.name} ({stored.id}): {changed}.")

        return self.server.write(action)
