"""Files in and out: ``relnet import linkedin|google|vcard FILE`` and ``relnet export ...``.

Imports keep the good rows and report the bad ones with their line (or card) numbers;
a file with nothing readable in it is an error and writes nothing, and so is any bad
row with ``--strict``. Exports write the whole file or nothing (a temporary file is
renamed into place), or to standard output when FILE is ``-``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from relnet.cli._app import command_options, output, session
from relnet.cli._options import FilledPath, cadence_option, enum_option, parse_cadence
from relnet.cli._output import Output
from relnet.cli._session import CliError, Session
from relnet.cli._words import in_option_words
from relnet.cli.capture import CAPTURE_KINDS, run_capture
from relnet.interop import ImportIssue, ImportResult, MergeReport
from relnet.interop.capture import CREATE_MODES, CreateMode
from relnet.interop.memo import import_key
from relnet.model import Circle, Contact
from relnet.policy import Engine
from relnet.services import (
    IMPORT_CHUNK,
    ImportRefusedError,
    SortedIssues,
    check_import,
    import_contacts,
    sort_issues,
)
from relnet.storage import Store

__all__ = ["export", "import_command"]

#: Contacts merged per step (each step shows on the progress bar).
CHUNK = IMPORT_CHUNK

_EVERYTHING = "contacts (and everything else)"
_FORMATS = {"linkedin": "LinkedIn connections", "google": "Google contacts", "vcard": "vCards"}


def _reader(kind: str) -> Callable[..., ImportResult]:
    if kind == "linkedin":
        from relnet.interop.linkedin import read_connections

        return read_connections
    if kind == "google":
        from relnet.interop.google import read_contacts

        return read_contacts
    from relnet.interop.vcard import read_vcards

    return read_vcards


def _progress() -> Progress:
    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _merge(
    store: Store, contacts: Sequence[Contact], progress: Progress, *, key: str | None
) -> MergeReport:
    """Merge ``contacts`` read as ``key`` in steps (one transaction in all), advancing
    the progress bar; the store's memo answers a file imported before unchanged (a dry
    run passes no key: it neither reads nor keeps a memo)."""
    task = progress.add_task("Merging", total=len(contacts))
    return import_contacts(
        store,
        contacts,
        chunk=CHUNK,
        advance=lambda done: progress.advance(task, done),
        key=key,
    )


def _reader_options(
    tags: tuple[str, ...], circle: str | None, cadence: str | None, encoding: str | None
) -> dict[str, Any]:
    """The keyword arguments of a contacts reader for the command's options."""
    options: dict[str, Any] = {"cadence": parse_cadence(cadence), "encoding": encoding}
    if tags:
        options.update(tag=tags[0], tags=tags[1:])
    if circle is not None:
        options["circle"] = circle.lower()
    return options


def _read_and_merge(
    kind: str, file: Path, options: dict[str, Any], *, strict: bool, dry_run: bool
) -> tuple[ImportResult, MergeReport]:
    """Read ``file`` with the reader of ``kind`` and merge what it holds (or count what
    merging would do, for a dry run), with a progress bar on a terminal."""
    where = "card" if kind == "vcard" else "line"
    state = session()
    with _progress() as progress:
        task = progress.add_task(f"Reading {file.name}", total=None)
        # Read once: the reader takes the bytes, and the import memo's key is theirs.
        data = file.read_bytes()
        result = _reader(kind)(io.BytesIO(data), **options)
        progress.update(task, total=1, completed=1)
        try:
            check_import(result, strict=strict)
        except ImportRefusedError as refused:
            raise CliError(_refusal(refused, file, kind, where)) from None
        if dry_run:
            return result, _dry_merge(state, result.contacts, progress)
        key = import_key(_reader(kind), options, data)
        with state.open(create=True) as store:
            return result, _merge(store, result.contacts, progress, key=key)


#: What ``relnet import --help`` says.
_IMPORT_HELP = """Import contacts from a LinkedIn, Google Contacts or vCard export, capture
interactions from a mail archive, a calendar or the LinkedIn data archive, or
restore a dump made by 'relnet export json'.

People already in your network (same id, email, profile URL or source row; a
phone number only together with a compatible name) are merged, the others added
to the acquaintance circle, which has no cadence: promote the few you care about
(or pass --circle/--cadence). Importing the same file again changes nothing.
Rejected rows are listed with their line numbers (card numbers for vCards) and the
good rows kept, unless --strict.

Capture (mail, calendar, linkedin-archive) reads headers, events and messages into
interactions; importing a newer export again adds only what is new. See
docs/capture.md for how to export each source.

A JSON dump is merged by id (new records added, changed ones updated); with
--replace it takes the place of everything in the database, after a confirmation.

\b
Example:
  relnet import linkedin ~/Downloads/Connections.csv
  relnet import mail ~/Takeout/Mail/All.mbox --since 2025-01-01
  relnet import google contacts.csv --tag friends --circle network
"""


@click.command("import", help=_IMPORT_HELP)
@click.argument(
    "kind",
    type=click.Choice(sorted([*_FORMATS, *CAPTURE_KINDS, "json"]), case_sensitive=False),
)
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--tag",
    "tags",
    multiple=True,
    help="Tag every imported contact (repeat for several; default: 'linkedin' for LinkedIn).",
)
@enum_option(
    "--circle",
    kind=Circle,
    help="The circle of the people added (default: acquaintance, which has no cadence).",
)
@cadence_option(help="A cadence for the people added, e.g. 'every 6 months' (default: none).")
@click.option(
    "--encoding",
    metavar="NAME",
    help="The file's text encoding when it is not UTF-8, e.g. cp1252 (Excel on Windows).",
)
@click.option("--strict", is_flag=True, help="Import nothing if any row has a problem.")
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@click.option(
    "--me",
    multiple=True,
    metavar="ADDRESS",
    help="Capture: your email address or profile URL (repeat; default: relnet init's).",
)
@click.option(
    "--since", metavar="DATE", help="mail, calendar: leave out what happened before DATE."
)
@click.option(
    "--until",
    metavar="DATE",
    help="mail, calendar: leave out what happens from DATE on (calendar default: in 90 days).",
)
@click.option(
    "--create",
    type=click.Choice(CREATE_MODES),
    default="contacted",
    show_default=True,
    help="Capture: which unknown people become contacts.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="json: replace everything in the database with the dump (asks first).",
)
@click.option("--yes", is_flag=True, help="json --replace: do not ask for confirmation.")
@command_options
def import_command(
    kind: str,
    file: Path,
    tags: tuple[str, ...],
    circle: str | None,
    cadence: str | None,
    encoding: str | None,
    strict: bool,
    dry_run: bool,
    me: tuple[str, ...],
    since: str | None,
    until: str | None,
    create: CreateMode,
    replace: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """``relnet import`` (its help text is ``_IMPORT_HELP``)."""
    kind = kind.lower()
    _check_options_apply(kind)
    if kind == "json":
        from relnet.cli.restore import import_json

        import_json(session(), file, replace=replace, yes=yes, dry_run=dry_run, as_json=as_json)
        return
    if replace or yes:
        raise click.UsageError("--replace and --yes are for 'relnet import json' only")
    if kind in CAPTURE_KINDS:
        run_capture(
            kind,
            file,
            me=me,
            since=since,
            until=until,
            create=create,
            dry_run=dry_run,
            as_json=as_json,
        )
        return
    if file.is_dir():
        raise CliError(f"{file} is a folder; {_FORMATS[kind]} are read from a file")
    typed = {"cadence": cadence or "", "encoding": encoding or ""}
    with in_option_words({"cadence": "--cadence", "encoding": "--encoding"}, typed):
        options = _reader_options(tags, circle, cadence, encoding)
        _import_contacts(kind, file, options, strict=strict, dry_run=dry_run, as_json=as_json)


#: The options of ``relnet import`` that only some kinds of file take, and those kinds.
_OPTION_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tags": ("--tag", tuple(_FORMATS)),
    "circle": ("--circle", tuple(_FORMATS)),
    "cadence": ("--cadence", tuple(_FORMATS)),
    "encoding": ("--encoding", tuple(_FORMATS)),
    "strict": ("--strict", tuple(_FORMATS)),
    "me": ("--me", tuple(CAPTURE_KINDS)),
    "since": ("--since", ("mail", "calendar")),
    "until": ("--until", ("mail", "calendar")),
    "create": ("--create", tuple(CAPTURE_KINDS)),
}


def _typed(name: str) -> bool:
    """Whether the option of parameter ``name`` was typed (not left at its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source not in (None, click.core.ParameterSource.DEFAULT)


def _check_options_apply(kind: str) -> None:
    """A usage error for an option typed that ``kind`` of file does not take (it would
    do nothing)."""
    for name, (option, kinds) in _OPTION_KINDS.items():
        if kind not in kinds and _typed(name):
            raise click.UsageError(
                f"{option} does not apply to 'relnet import {kind}': it is for "
                f"{_either(kinds)} only"
            )


def _either(kinds: Sequence[str]) -> str:
    """``'relnet import a'``, ``'relnet import a' and 'relnet import b'``..."""
    named = [f"'relnet import {k}'" for k in kinds]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _import_contacts(
    kind: str,
    file: Path,
    options: dict[str, Any],
    *,
    strict: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """``relnet import`` of a contacts export (LinkedIn, Google, vCard): read, merge,
    report."""
    where = "card" if kind == "vcard" else "line"
    result, report = _read_and_merge(kind, file, options, strict=strict, dry_run=dry_run)
    issues = sort_issues(result)
    out = output(as_json)
    if as_json:
        out.json(_import_record(file, kind, result, report, issues, where, dry_run=dry_run))
        return
    summary = _import_summary(file, kind, result, report, dry_run=dry_run)
    out.line(summary + _rejected_rows(issues.rejected_rows, where) + ".")
    _print_import_details(out, result, report, issues, where)


def _import_record(
    file: Path,
    kind: str,
    result: ImportResult,
    report: MergeReport,
    issues: SortedIssues,
    where: str,
    *,
    dry_run: bool,
) -> dict[str, Any]:
    """What ``relnet import --json`` prints of a contacts import."""
    return {
        "file": str(file),
        "format": kind,
        "dry_run": dry_run,
        "read": len(result.contacts),
        "added": list(report.added),
        "merged": list(report.merged),
        "unchanged": list(report.unchanged),
        "rejected": [_issue(e, where) for e in issues.rejected],
        "warnings": [_issue(e, where) for e in issues.warnings],
        "notices": [_issue(e, where) for e in result.notices],
        "ambiguous": [list(group) for group in report.ambiguous],
        "duplicates": [
            {
                where: d.line_or_record,
                "duplicate_of": d.duplicate_of,
                "matched_on": d.matched_on,
            }
            for d in result.duplicates
        ],
    }


def _print_import_details(
    out: Output, result: ImportResult, report: MergeReport, issues: SortedIssues, where: str
) -> None:
    """The lines under a contacts import's summary: each problem, notice, ambiguous
    match and duplicate row."""
    for issue in result.errors:
        field = f", {issue.field}" if issue.field else ""
        style = "red" if issue in issues.rejected else "yellow"
        out.line(f"  {where} {issue.line_or_record}{field}: {issue.message}", style=style)
    for notice in result.notices:
        out.line(f"  {where} {notice.line_or_record}: {notice.message}", style="yellow")
    for group in report.ambiguous:
        out.line(
            f"  the same person as several stored contacts ({', '.join(group)}); "
            f"merged into {group[0] if group[0] in report.merged else 'one of them'} — "
            "see 'relnet duplicates'",
            style="yellow",
        )
    for duplicate in result.duplicates:
        out.line(
            f"  {where} {duplicate.line_or_record}: the same person as {where} "
            f"{duplicate.duplicate_of} ({duplicate.matched_on}); merged",
            style="dim",
        )


class _DryRunError(Exception):
    """Raised inside a dry run's transaction so that nothing it wrote is kept."""


def _dry_merge(state: Session, contacts: Sequence[Contact], progress: Progress) -> MergeReport:
    """What merging ``contacts`` would do, with nothing written (and no file made)."""
    if not state.exists():
        from relnet.storage import InMemoryStore

        return _merge(InMemoryStore(), contacts, progress, key=None)
    report = MergeReport()
    with state.open() as store:
        try:
            with store.transaction():
                report = _merge(store, contacts, progress, key=None)
                raise _DryRunError
        except _DryRunError:
            pass
    return report


def _import_summary(
    file: Path, kind: str, result: ImportResult, report: MergeReport, *, dry_run: bool
) -> str:
    people = f"{len(result.contacts)} {'person' if len(result.contacts) == 1 else 'people'}"
    counts = report.counts
    if dry_run:
        return (
            f"Read {file.name} ({_FORMATS[kind]}): {people} — would add {counts['added']}, "
            f"merge {counts['merged']}, leave {counts['unchanged']} unchanged; nothing written"
        )
    return (
        f"Imported {file.name} ({_FORMATS[kind]}): {people} — {counts['added']} added, "
        f"{counts['merged']} merged, {counts['unchanged']} unchanged"
    )


def _rejected_rows(rows: Sequence[int], where: str) -> str:
    """ "; 3 rejected (lines 4, 9, 12)", naming the first twenty rows."""
    if not rows:
        return "; none rejected"
    listed = ", ".join(str(n) for n in rows[:20])
    more = f" and {len(rows) - 20} more" if len(rows) > 20 else ""
    plural = "s" if len(rows) > 1 else ""
    return f"; {len(rows)} rejected ({where}{plural} {listed}{more})"


def _refusal(refused: ImportRefusedError, file: Path, kind: str, where: str) -> str:
    first = refused.issues[0]
    if refused.why == "unreadable":
        return (
            f"{file}: no {_FORMATS[kind]} could be read ({where} {first.line_or_record}: "
            f"{first.message})"
        )
    return (
        f"{file}: {len(refused.issues)} rejected (first at {where} "
        f"{first.line_or_record}: {first.message}); nothing imported (--strict)"
    )


def _issue(issue: ImportIssue, where: str) -> dict[str, Any]:
    return {
        where: issue.line_or_record,
        "field": issue.field,
        "message": issue.message,
        "raw": issue.raw,
    }


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CliError(f"the directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _csv(write: Callable[[Any, TextIO], object], rows: Any) -> bytes:
    """What a CSV writer of :mod:`relnet.interop.csvexport` writes, as UTF-8."""
    buffer = io.StringIO(newline="")
    write(rows, buffer)
    return buffer.getvalue().encode("utf-8")


def _export_data(
    kind: str,
    store: Store,
    state: Session,
    *,
    follow_ups: bool,
    only_agenda: bool,
    tag: str | None,
) -> tuple[bytes, int, str]:
    """The file's bytes, how many records it holds and what they are called."""
    if kind == "json":
        from relnet.serialization import dump_store

        return (dump_store(store) + "\n").encode("utf-8"), len(store.contacts()), _EVERYTHING
    if kind == "vcard" or (kind == "csv" and not follow_ups):
        people = list(store.contacts(tag=tag))
        if kind == "vcard":
            from relnet.interop.vcard import write_vcards

            return write_vcards(people).encode("utf-8"), len(people), "contacts"
        from relnet.interop.csvexport import write_contacts_csv

        return _csv(write_contacts_csv, people), len(people), "contacts"
    engine, at = Engine(), state.now(store.get_settings())
    items = engine.agenda(store, now=at) if only_agenda else engine.follow_ups(store, now=at)
    if kind == "ics":
        from relnet.interop.ical import to_ical

        return to_ical(items, store, now=at), len(items), "follow-ups"
    from relnet.interop.csvexport import write_follow_ups_csv

    return _csv(write_follow_ups_csv, items), len(items), "follow-ups"


def _check_export_options(
    kind: str, *, follow_ups: bool, only_agenda: bool, tag: str | None
) -> None:
    """A usage error for an option that would do nothing in an export of ``kind``."""
    contacts = kind == "vcard" or (kind == "csv" and not follow_ups)
    if follow_ups and kind != "csv":
        raise click.UsageError(
            f"--follow-ups does not apply to 'relnet export {kind}': it is for csv"
        )
    if only_agenda and (contacts or kind == "json"):
        raise click.UsageError(
            f"--agenda does not apply to 'relnet export {kind}'"
            + (" without --follow-ups" if kind == "csv" else "")
            + ": it is for ics and csv --follow-ups"
        )
    if tag is not None and not contacts:
        raise click.UsageError(
            f"--tag does not apply to 'relnet export {kind}"
            + (" --follow-ups" if kind == "csv" else "")
            + "': it is for vcard and csv (contacts)"
        )


def _to_stdout(data: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    stream.write(data)
    stream.flush()


@click.command("export")
@click.argument("kind", type=click.Choice(["ics", "vcard", "json", "csv"], case_sensitive=False))
@click.argument(
    "file",
    type=FilledPath(
        expected="a file path, or - for standard output",
        dir_okay=False,
        allow_dash=True,
        path_type=Path,
    ),
)
@click.option(
    "--follow-ups", "follow_ups", is_flag=True, help="csv: write follow-ups instead of contacts."
)
@click.option(
    "--agenda",
    "only_agenda",
    is_flag=True,
    help="ics, csv --follow-ups: only today's agenda (default: every contact's next follow-up).",
)
@click.option("--tag", help="vcard, csv: only contacts with this tag.")
@command_options
def export(
    kind: str, file: Path, follow_ups: bool, only_agenda: bool, tag: str | None, as_json: bool
) -> None:
    """Export follow-ups to a calendar (ics), contacts (vcard, csv) or everything (json).

    \b
    ics    every contact's next follow-up as calendar events with a reminder
    vcard  your contacts as vCards
    json   the whole network as a versioned relnet document (readable by load_store)
    csv    your contacts (or, with --follow-ups, follow-ups) for a spreadsheet
    Use - as FILE to write to standard output.
    """
    kind = kind.lower()
    _check_export_options(kind, follow_ups=follow_ups, only_agenda=only_agenda, tag=tag)
    state = session()
    with state.open() as store:
        data, count, noun = _export_data(
            kind,
            store,
            state,
            follow_ups=follow_ups,
            only_agenda=only_agenda,
            tag=tag,
        )
    if str(file) == "-":
        _to_stdout(data)
        return
    try:
        _write_atomically(file, data)
    except OSError as error:
        raise CliError(f"cannot write {file}: {error.strerror or error}") from error
    out = output(as_json)
    if as_json:
        out.json({"file": str(file), "format": kind, "count": count, "bytes": len(data)})
        return
    out.line(f"Wrote {count} {noun} to {file}.")
