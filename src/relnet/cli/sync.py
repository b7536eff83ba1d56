"""Two-way sync: ``relnet sync vdir FOLDER``."""

from __future__ import annotations

from pathlib import Path

import click

from relnet.cli._app import command_options, output, session
from relnet.cli._options import FilledPath
from relnet.cli._session import CliError

__all__ = ["sync"]


@click.group()
def sync() -> None:
    """Keep your contacts in step with phones and servers."""


@sync.command("vdir")
@click.argument(
    "folder",
    type=FilledPath(expected="a folder (. for the current one)", file_okay=False, path_type=Path),
)
@command_options
def vdir(folder: Path, as_json: bool) -> None:
    """Sync contacts both ways with a vdir: a folder of .vcf files, one per contact.

    vdirsyncer syncs such a folder with any CardDAV server (Nextcloud, iCloud,
    Radicale…), and khard reads it. New cards become contacts, contacts without a card
    get one, and changes flow both ways; when both sides changed a contact, lists are
    united and the card's values win. The folder is made if it does not exist.
    """
    from relnet.interop.vdir import sync as sync_vdir

    state = session()
    with state.open(create=True) as store:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as refused:
            raise CliError(
                f"FOLDER {str(folder)!r}: expected a folder, and none can be made there "
                f"({refused.strerror or refused})"
            ) from None
        report = sync_vdir(store, folder, now=state.now(store.get_settings()))
    out = output(as_json)
    if as_json:
        out.json(
            {
                "folder": str(folder),
                "added": list(report.added),
                "updated": list(report.updated),
                "written": list(report.written),
                "conflicts": list(report.conflicts),
                "archived": list(report.archived),
                "errors": [{"file": e.field, "message": e.message} for e in report.errors],
            }
        )
        return
    out.line(f"Synced {folder}: {report}.")
    for error in report.errors:
        out.line(f"  {error.field}: {error.message}", style="yellow")
