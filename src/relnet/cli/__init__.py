"""The ``relnet`` command: your network, today's agenda and why, from a terminal.

``relnet`` is the edge of the system, the one place that reads the clock, environment
variables and files. Each group of commands lives in its own module; this package
assembles them into the :data:`cli` group, and :func:`main` runs it.
"""

from __future__ import annotations

import click

from relnet.cli._app import RelnetGroup, common_options
from relnet.cli.activity import done, log, promise, promises
from relnet.cli.agenda import agenda_command, dismiss, draft_command, explain, undismiss
from relnet.cli.assistant import mcp_command
from relnet.cli.batch import batch
from relnet.cli.demo import demo_command
from relnet.cli.goals import goal, goals_command
from relnet.cli.identity import duplicates, merge
from relnet.cli.insight import health_command
from relnet.cli.network import (
    communities,
    community,
    event,
    ledger_command,
    mentors,
    paths,
    stages,
    targets_command,
)
from relnet.cli.people import add, contacts, snooze
from relnet.cli.setup import init
from relnet.cli.sync import sync
from relnet.cli.transfer import export, import_command

__all__ = ["cli", "main"]


@click.group(
    name="relnet", cls=RelnetGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="relnet", prog_name="relnet", message="%(prog)s %(version)s")
@common_options
def cli() -> None:
    """relnet: whom to reach out to today, when, why, and what to offer.

    The network lives in one database (--db, else $RELNET_DB, else relnet.db in your
    data directory). Try 'relnet demo' for a tour on a sample network.
    """


for _command in (
    demo_command,
    init,
    add,
    contacts,
    log,
    promise,
    promises,
    done,
    agenda_command,
    explain,
    snooze,
    dismiss,
    undismiss,
    draft_command,
    goals_command,
    goal,
    health_command,
    paths,
    targets_command,
    ledger_command,
    mentors,
    stages,
    communities,
    community,
    event,
    import_command,
    export,
    batch,
    duplicates,
    merge,
    sync,
    mcp_command,
):
    cli.add_command(_command)


def main() -> None:
    """Run the ``relnet`` command with the process's arguments, and exit."""
    cli.main(prog_name="relnet")
