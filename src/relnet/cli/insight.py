"""How the network is doing: ``relnet health``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click
import pendulum

from relnet.cli._app import command_options, output, session
from relnet.cli._options import label
from relnet.cli._output import Column, Output
from relnet.model import Contact, ContactId
from relnet.model.facts import ContactView
from relnet.policy import Health, HealthState, health
from relnet.storage import ContactFacts

__all__ = ["health_command", "health_record", "left_out", "render_health"]

_SHOWN = 8
_STATE_STYLE = {
    HealthState.ON_TRACK: "green",
    HealthState.DUE: "yellow",
    HealthState.OVERDUE: "red",
    HealthState.DORMANT: "magenta",
    HealthState.NEVER_CONTACTED: "dim",
}


def health_record(found: Health, today: pendulum.Date) -> dict[str, Any]:
    """Health as JSON-ready data: per circle, totals, each contact's state, and the
    snoozed contacts (counted in their state as if not snoozed)."""
    return {
        "today": today.isoformat(),
        "circles": found.to_records(),
        "totals": {state.value: found.total(state) for state in HealthState},
        "contacts": {contact: state.value for contact, state in found.states.items()},
        "snoozed": list(found.snoozed),
    }


def left_out(found: Health, people: Iterable[ContactView]) -> list[tuple[str, str]]:
    """The people health does not count, by name, and why (archived, do not contact)."""
    return sorted(
        ((c.name, label(c.status)) for c in people if c.id not in found.states),
        key=lambda pair: pair[0].casefold(),
    )


def render_health(
    out: Output,
    found: Health,
    names: Mapping[ContactId, str],
    title: str,
    *,
    excluded: Sequence[tuple[str, str]] = (),
) -> None:
    """Print health as a table (a row per circle), who needs attention, and who is left
    out of it (``excluded``: names and why)."""
    states = list(HealthState)
    rows = []
    for record in found.to_records():
        if record["total"] == 0:
            continue
        rows.append(
            [record["circle"], *(str(record[s.value]) for s in states), str(record["total"])]
        )
    rows.append(["all", *(str(found.total(s)) for s in states), str(found.total())])
    columns = [
        Column("Circle", style="bold"),
        *(Column(label(s), justify="right", style=_STATE_STYLE[s]) for s in states),
        Column("Total", justify="right", style="bold"),
    ]
    out.table(columns, rows, title=title)
    total = found.total()
    if total:
        share = round(100 * found.total(HealthState.ON_TRACK) / total)
        note = found.snoozed_note()
        out.line(f"{share}% of {total} relationships are on track." + (f" {note}" if note else ""))
    for state in (HealthState.OVERDUE, HealthState.DORMANT):
        people = sorted((names.get(c, c) for c in found.contacts(state)), key=str.casefold)
        if people:
            shown = ", ".join(people[:_SHOWN])
            more = f" and {len(people) - _SHOWN} more" if len(people) > _SHOWN else ""
            out.line(f"{label(state).capitalize()}: {shown}{more}.")
    if excluded:
        listed = ", ".join(f"{name} ({why})" for name, why in excluded[:_SHOWN])
        more = f" and {len(excluded) - _SHOWN} more" if len(excluded) > _SHOWN else ""
        noun = "person" if len(excluded) == 1 else "people"
        out.line(f"Not counted: {len(excluded)} {noun}, {listed}{more}.")


def _everyone(store: Any) -> Sequence[Contact] | Sequence[ContactFacts]:
    """Every contact, archived ones too, as far as health and its report read them: a
    SQL store lists their facts without building whole contacts."""
    # A SQL store's module is loaded already when the store is one.
    sql = sys.modules.get("relnet.adapters.sql.store")
    if sql is not None and isinstance(store, sql.SQLStore):
        facts: Sequence[ContactFacts] = store.contact_facts(reachable_only=False)
        return facts
    people: Sequence[Contact] = store.contacts()
    return people


@click.command("health")
@command_options
def health_command(as_json: bool) -> None:
    """Show how your relationships stand against their cadences, circle by circle."""
    state = session()
    with state.open() as store:
        settings = store.get_settings()
        now = state.now(settings)
        people = _everyone(store)
        found = health(store, now=now, contacts=people)
    names = {c.id: c.name for c in people}
    out = output(as_json)
    today = settings.today(now)
    if as_json:
        out.json(health_record(found, today))
        return
    render_health(
        out,
        found,
        names,
        f"Network health on {today.isoformat()}",
        excluded=left_out(found, people),
    )
