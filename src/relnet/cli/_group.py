"""The ``relnet`` group itself, its commands loaded only when a run needs them.

A command's module (and what it imports: pandas, the policy engine, the importers...)
is imported when the command runs, when help lists the commands, or when shell
completion asks for them; ``relnet --version`` imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

import click

from relnet import __version__
from relnet.cli._app import RelnetGroup, common_options

__all__ = ["COMMANDS", "LazyGroup", "cli"]

#: Every command of ``relnet``: its name, and the module and attribute defining it.
COMMANDS: Mapping[str, tuple[str, str]] = {
    "demo": ("relnet.cli.demo", "demo_command"),
    "init": ("relnet.cli.setup", "init"),
    "add": ("relnet.cli.people", "add"),
    "contacts": ("relnet.cli.people", "contacts"),
    "log": ("relnet.cli.activity", "log"),
    "promise": ("relnet.cli.changes", "promise_command"),
    "promises": ("relnet.cli.activity", "promises"),
    "done": ("relnet.cli.activity", "done"),
    "agenda": ("relnet.cli.agenda", "agenda_command"),
    "explain": ("relnet.cli.agenda", "explain"),
    "snooze": ("relnet.cli.people", "snooze"),
    "dismiss": ("relnet.cli.agenda", "dismiss"),
    "undismiss": ("relnet.cli.agenda", "undismiss"),
    "draft": ("relnet.cli.agenda", "draft_command"),
    "goals": ("relnet.cli.goals", "goals_command"),
    "goal": ("relnet.cli.goals", "goal"),
    "health": ("relnet.cli.insight", "health_command"),
    "paths": ("relnet.cli.network", "paths"),
    "targets": ("relnet.cli.network", "targets_command"),
    "ledger": ("relnet.cli.network", "ledger_command"),
    "mentors": ("relnet.cli.network", "mentors"),
    "stages": ("relnet.cli.network", "stages"),
    "communities": ("relnet.cli.network", "communities"),
    "community": ("relnet.cli.network", "community"),
    "event": ("relnet.cli.network", "event"),
    "import": ("relnet.cli.transfer", "import_command"),
    "export": ("relnet.cli.transfer", "export"),
    "show": ("relnet.cli.person", "show"),
    "edit": ("relnet.cli.person", "edit"),
    "archive": ("relnet.cli.person", "archive"),
    "unarchive": ("relnet.cli.person", "unarchive"),
    "do-not-contact": ("relnet.cli.person", "do_not_contact"),
    "forget": ("relnet.cli.person", "forget"),
    "unsnooze": ("relnet.cli.person", "unsnooze"),
    "history": ("relnet.cli.changes", "history"),
    "unlog": ("relnet.cli.changes", "unlog"),
    "batch": ("relnet.cli.batch", "batch"),
    "duplicates": ("relnet.cli.identity", "duplicates"),
    "merge": ("relnet.cli.identity", "merge"),
    "sync": ("relnet.cli.sync", "sync"),
    "mcp": ("relnet.cli.assistant", "mcp_command"),
}


class LazyGroup(RelnetGroup):
    """A :class:`RelnetGroup` whose commands are named in :data:`COMMANDS` and imported
    on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted, without importing any."""
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command named ``cmd_name``, imported now if it was not yet."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(name="relnet", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="relnet", message="%(prog)s %(version)s")
@common_options
def cli() -> None:
    """relnet: whom to reach out to today, when, why, and what to offer.

    The network lives in one database (--db, else $RELNET_DB, else relnet.db in your
    data directory). Try 'relnet demo' for a tour on a sample network.
    """
