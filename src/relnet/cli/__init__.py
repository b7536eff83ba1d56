"""The ``relnet`` command: your network, today's agenda and why, from a terminal.

``relnet`` is the edge of the system, the one place that reads the clock, environment
variables and files. Each group of commands lives in its own module; the :data:`cli`
group (in :mod:`relnet.cli._group`) names them and imports each only when a run needs
it, and :func:`main` runs it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relnet.cli._group import cli as cli

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name == "cli":
        from relnet.cli._group import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the ``relnet`` command with the process's arguments, and exit."""
    if sys.argv[1:] == ["--version"]:
        # What a person feels first: answered without loading any command.
        from relnet import __version__

        sys.stdout.write(f"relnet {__version__}\n")
        sys.exit(0)
    import contextlib
    import importlib

    from relnet.cli._collector import importing

    # The command line and the command's module make objects that live as long as the
    # process: imported before anything else, they are kept out of the cyclic
    # collector's way (the first argument naming a command names the module to load).
    with importing():
        from relnet.cli._group import COMMANDS, cli

        named = next((arg for arg in sys.argv[1:] if arg in COMMANDS), None)
        # A module that fails to load (an optional package missing) fails again when
        # the command is looked up, where the failure is reported as for any command.
        with contextlib.suppress(Exception):
            if named is not None:
                importlib.import_module(COMMANDS[named][0])
    cli.main(prog_name="relnet")
