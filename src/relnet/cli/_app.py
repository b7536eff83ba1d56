"""The ``relnet`` command group: shared options, and errors turned into one clear line.

Every failure ends as one line on standard error, ``relnet: error: ...``, and an exit
status: 2 for bad input of any kind (a usage error, an unknown person, a refused value,
a missing file, a missing optional package), 1 for anything unexpected. ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import pendulum

from relnet.cli._options import FilledPath
from relnet.cli._output import Output
from relnet.cli._session import CliError, Session, check_scheme, is_url
from relnet.cli._who import resolve_contact
from relnet.errors import RelnetError
from relnet.model import Contact
from relnet.storage import Store

__all__ = [
    "RelnetGroup",
    "about",
    "command_options",
    "common_options",
    "json_option",
    "output",
    "print_stored",
    "read",
    "read_about",
    "session",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _error(message: str) -> None:
    sys.stderr.write(f"relnet: error: {_one_line(message)}\n")
    sys.stderr.flush()


class _Database(FilledPath):
    """``--db``: a file path, or the ``scheme://...`` URL of a registered store (a
    string; an unknown scheme is a usage error naming the known ones)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_url(value):
            try:
                check_scheme(value)
            except CliError as error:
                self.fail(error.message, param, ctx)
            return value
        return super().convert(value, param, ctx)


def _set_db(ctx: click.Context, _: click.Parameter, value: Path | str | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).db = value


def _set_now(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).now_text = value


def _set_debug(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Session).debug = True


def common_options(function: F) -> F:
    """Add ``--db``, ``--now`` and ``--debug``, accepted before or after the subcommand."""
    options = [
        click.option(
            "--db",
            type=_Database(expected="a database file or URL", path_type=Path, dir_okay=False),
            metavar="FILE|URL",
            expose_value=False,
            is_eager=True,
            callback=_set_db,
            help="The database file (default: $RELNET_DB, else relnet.db in your data "
            "directory). A name ending in .json keeps the network in a JSON document. "
            "A URL opens a store by its scheme: sqlite:///PATH, json:///PATH, "
            "postgresql://HOST/DB?schema=NAME, or one an installed package registers.",
        ),
        click.option(
            "--now",
            metavar="WHEN",
            expose_value=False,
            is_eager=True,
            callback=_set_now,
            help="Run as if it were this instant (for scripts and reproducible output).",
        ),
        click.option(
            "--debug",
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_debug,
            help="Show the full traceback when something fails.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def json_option(function: F) -> F:
    """Add ``--json``: print valid JSON on standard output and nothing else."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of text."
    )(function)


def command_options(function: F) -> F:
    """Add what every command that prints takes: ``--json``, ``--db``, ``--now`` and
    ``--debug`` (in that order in its help)."""
    return json_option(common_options(function))


def session() -> Session:
    """The current run's :class:`Session`."""
    return click.get_current_context().ensure_object(Session)


def read(query: Callable[[Store, pendulum.DateTime], T]) -> T:
    """What ``query`` finds in the store as of the run's now (the store is closed after)."""
    state = session()
    with state.open() as store:
        return query(store, state.now(store.get_settings()))


def read_about(who: str, query: Callable[[Store, Contact, pendulum.DateTime], T]) -> T:
    """What ``query`` finds about the person ``who`` names, as of the run's now."""
    return about(
        who, lambda store, contact: query(store, contact, session().now(store.get_settings()))
    )


def about(who: str, act: Callable[[Store, Contact], T]) -> T:
    """What ``act`` does or finds with the person ``who`` names (the store is closed
    after)."""
    with session().open() as store:
        return act(store, resolve_contact(store, who))


def output(as_json: bool = False) -> Output:
    """An :class:`Output` on the current standard output."""
    return Output(as_json=as_json, stream=sys.stdout)


def print_stored(as_json: bool, record: object, message: str) -> None:
    """Report what a command wrote: the stored record as JSON with ``--json``, else
    ``message``, one line."""
    out = output(as_json)
    if as_json:
        out.json(record)
    else:
        out.line(message)


class RelnetGroup(click.Group):
    """A click group whose ``main`` turns every failure into one line and an exit status."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; exit with 0, 1 (unexpected failure) or 2 (bad input)."""
        state = extra.pop("obj", None)
        if not isinstance(state, Session):
            state = Session()
        argv = list(sys.argv[1:] if args is None else args)
        code = self._run(argv, prog_name or "relnet", complete_var, state, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self,
        argv: list[str],
        prog_name: str,
        complete_var: str | None,
        state: Session,
        extra: dict[str, Any],
    ) -> int:
        try:
            result = super().main(
                args=argv,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                obj=state,
                **extra,
            )
        except (click.exceptions.Abort, KeyboardInterrupt):
            _error("interrupted")
            return 130
        except click.exceptions.NoArgsIsHelpError as error:
            # ``relnet`` or ``relnet goal`` alone: show what there is to do.
            click.echo(error.format_message())
            return 0
        except Exception as error:
            if state.debug or "--debug" in argv:
                traceback.print_exc()
            message, code = _failure(error, prog_name)
            _error(message)
            return code
        return result if isinstance(result, int) and not isinstance(result, bool) else 0


def _failure(error: Exception, prog_name: str) -> tuple[str, int]:
    """The one line that reports ``error``, and the exit status: 2 for bad input."""
    if isinstance(error, click.ClickException):
        message = error.format_message()
        if isinstance(error, click.UsageError) and not isinstance(error, CliError):
            ctx = error.ctx
            path = ctx.command_path if ctx is not None else prog_name
            message = f"{_one_line(message)} (see '{path} --help')"
        return message, 2
    if isinstance(error, RelnetError):
        return str(error), 2
    if isinstance(error, ImportError) and "pip install" in str(error):
        # An optional extra is missing: bad setup, not a bug; the message says what to
        # install.
        return str(error), 2
    return (
        f"unexpected {type(error).__name__}: {error} "
        "(run again with --debug to see where it happened)"
    ), 1
