"""Many networks at once: ``relnet batch agendas``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from relnet.batch import (
    AgendaResult,
    PostgresSchemas,
    SQLiteFiles,
    StoreFor,
    agendas,
    postgres_networks,
    sqlite_networks,
)
from relnet.cli._app import common_options, session
from relnet.cli._session import CliError
from relnet.model import Settings

__all__ = ["batch"]


@click.group(name="batch")
def batch() -> None:
    """Work on many networks at once (one per user of an app)."""


@batch.command(name="agendas")
@click.option(
    "--dsn",
    metavar="DSN",
    envvar="RELNET_DSN",
    help="A PostgreSQL database holding one schema per network ($RELNET_DSN).",
)
@click.option(
    "--folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder holding one SQLite file per network, NETWORK.db.",
)
@click.option(
    "--network",
    "networks",
    metavar="ID",
    multiple=True,
    help="A network to compute (repeatable; default: every network found).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes (default: the machine's cores; 0 runs in this process).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON record per network, as each finishes (JSON lines).",
)
@common_options
def agendas_command(
    dsn: str | None,
    folder: Path | None,
    networks: Sequence[str],
    workers: int | None,
    as_json: bool,
) -> int:
    """Compute the day's agenda of many networks in worker processes.

    Each network's agenda is computed as of --now (default: now) in the network's own
    time zone. A progress bar shows on standard error; a network that fails is reported
    and the others go on (the exit status is then 1).
    """
    store_for, names = _where(dsn, folder, networks)
    now = session().now(Settings(timezone="UTC"))
    failed = 0
    results = agendas(store_for, names, now=now, workers=workers)
    with click.progressbar(
        results,
        length=len(names),
        label="agendas",
        file=sys.stderr,
        item_show_func=lambda r: None if r is None else r.network,
    ) as bar:
        for result in bar:
            failed += not result.ok
            _show(result, as_json)
    if not as_json:
        done = len(names) - failed
        click.echo(f"{done} of {len(names)} agendas computed, {failed} failed.")
    return 1 if failed else 0


def _where(
    dsn: str | None, folder: Path | None, networks: Sequence[str]
) -> tuple[StoreFor, list[str]]:
    """The store opener and the networks to compute."""
    if (dsn is None) == (folder is None):
        raise CliError("give one of --dsn (PostgreSQL schemas) and --folder (SQLite files)")
    store_for: StoreFor
    if dsn is not None:
        store_for = PostgresSchemas(dsn)
        found = list(networks) or postgres_networks(dsn)
    else:
        assert folder is not None
        if not folder.is_dir():
            raise CliError(
                f"--folder {str(folder)!r}: expected a folder holding one NETWORK.db file per "
                "network, and there is no folder there"
            )
        store_for = SQLiteFiles(folder)
        found = list(networks) or sqlite_networks(folder)
    return store_for, list(dict.fromkeys(found))


def _show(result: AgendaResult, as_json: bool) -> None:
    """One network's outcome, on standard output."""
    if as_json:
        record = json.dumps(result.to_record(), ensure_ascii=False, allow_nan=False)
        sys.stdout.write(record + "\n")
        sys.stdout.flush()
        return
    if result.agenda is not None:
        count = len(result.agenda)
        noun = "follow-up" if count == 1 else "follow-ups"
        click.echo(f"{result.network}: {count} {noun} for {result.agenda.today.isoformat()}")
    else:
        click.echo(f"{result.network}: failed: {result.error}")
