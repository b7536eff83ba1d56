"""Who is who: ``relnet duplicates`` and ``relnet merge KEEP OTHER…``."""

from __future__ import annotations

import click

from relnet.cli._app import command_options, output, session
from relnet.cli._session import CliError
from relnet.cli._who import resolve_contact
from relnet.identity import find_duplicates, merge_contacts
from relnet.serialization import to_dict

__all__ = ["duplicates", "merge"]


@click.command()
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Only groups at least this sure (1.0 email/profile/source, 0.8 phone and name, "
    "0.5 same name).",
)
@command_options
def duplicates(min_confidence: float, as_json: bool) -> None:
    """List the contacts that look like one person, surest first.

    Join them with 'relnet merge KEEP OTHER…'.
    """
    with session().open() as store:
        groups = [g for g in find_duplicates(store) if g.confidence >= min_confidence]
    out = output(as_json)
    if as_json:
        out.json(
            [
                {
                    "contacts": [{"id": c.id, "name": c.name} for c in group.contacts],
                    "evidence": list(group.evidence),
                    "confidence": group.confidence,
                }
                for group in groups
            ]
        )
        return
    if not groups:
        out.line("No duplicates found.")
        return
    for group in groups:
        people = ", ".join(f"{c.name} ({c.id})" for c in group.contacts)
        out.line(f"{group.confidence:.1f}  {people}: {'; '.join(group.evidence)}")
        ids = " ".join(c.id for c in group.contacts)
        out.line(f"     relnet merge {ids}", style="dim")


@click.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@command_options
def merge(keep: str, others: tuple[str, ...], as_json: bool) -> None:
    """Merge OTHERS into KEEP: one person, with everything either had.

    Interactions, commitments, goals and introductions move to KEEP; the other names
    are kept as aliases; the others are removed. Each of KEEP and OTHERS is an id, a
    name or a unique part of one.
    """
    state = session()
    with state.open() as store, store.transaction():
        kept = resolve_contact(store, keep)
        absorbed = [resolve_contact(store, who) for who in others]
        if any(other.id == kept.id for other in absorbed):
            raise CliError(f"{kept.name} ({kept.id}) is both kept and merged")
        result = merge_contacts(store, kept.id, *(other.id for other in absorbed))
    out = output(as_json)
    if as_json:
        out.json(to_dict(result))
        return
    names = ", ".join(f"{o.name} ({o.id})" for o in absorbed)
    out.line(f"Merged {names} into {result.name} ({result.id}).")
