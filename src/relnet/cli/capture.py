"""``relnet import mail|calendar|linkedin-archive PATH``: interactions captured from exports.

Reading shows a progress bar on a terminal; the end is a summary table of what was
read, skipped, matched and added. ``--dry-run`` prints the same counts and writes
nothing. Your own addresses come from ``--me`` or, when it is not given, from
``relnet init --email … --linkedin …``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pendulum
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from relnet.cli._app import output, session
from relnet.cli._output import Column
from relnet.cli._session import CliError
from relnet.cli._time import parse_date
from relnet.cli._words import refused
from relnet.errors import ValidationError
from relnet.interop.capture import (
    CaptureReport,
    CaptureResult,
    CreateMode,
    capture_into,
    stored,
)
from relnet.model import Settings
from relnet.storage import Store
from relnet.storage.memory import InMemoryStore

__all__ = ["CAPTURE_KINDS", "run_capture"]

#: The capture sources ``relnet import`` reads, and how it names them.
CAPTURE_KINDS = {
    "mail": "mail archive",
    "calendar": "calendar",
    "linkedin-archive": "LinkedIn archive",
}
#: How far ahead a calendar is read when ``--until`` is not given, in days.
CALENDAR_AHEAD_DAYS = 90


def _progress() -> Progress:
    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} read"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _bound(text: str | None, field: str, settings: Settings, now: pendulum.DateTime) -> Any:
    if text is None:
        return None
    day = parse_date(text, today=settings.today(now), field=field)
    return pendulum.datetime(day.year, day.month, day.day, tz=settings.timezone)


def _typed(option: str, text: str | None, bound: dt.datetime) -> str:
    """``--since friday (2026-03-06)``, or ``--since 2026-03-06`` when typed as a date."""
    day = bound.date().isoformat()
    return f"{option} {text}" if text == day else f"{option} {text} ({day})"


def _in_command_words(
    error: ValidationError, path: Path, owner: Sequence[str], *, typed: bool
) -> str:
    """A reader's refusal of your addresses or of the file, naming what the command
    calls them: ``--me`` (or relnet init's addresses) and FILE."""
    mine = "--me" if typed else "your addresses (relnet init --email/--linkedin)"
    value = error.value if isinstance(error.value, str) else ", ".join(owner)
    return refused(error, {"me": mine, "source": "FILE"}, {"me": value, "source": str(path)})


def _read(
    kind: str,
    path: Path,
    store: Store,
    *,
    me: Sequence[str],
    since: dt.datetime | None,
    until: dt.datetime | None,
    create: CreateMode,
    progress: Callable[[int], None],
) -> CaptureResult:
    if kind == "mail":
        from relnet.interop.mail import read_mail

        return read_mail(
            path,
            me=me,
            since=since,
            until=until,
            create=create,
            progress=progress,
            known=lambda i: stored(store, i),
        )
    if kind == "calendar":
        from relnet.interop.calendar import read_calendar

        assert until is not None
        return read_calendar(
            path,
            me=me,
            since=since,
            until=until,
            create=create,
            timezone=store.get_settings().timezone,
        )
    from relnet.interop.linkedin import read_archive

    return read_archive(path, me=me, create=create)


@contextlib.contextmanager
def _store(dry_run: bool) -> Iterator[Store]:
    state = session()
    if dry_run and not state.exists():
        memory = InMemoryStore()
        memory.set_settings(Settings(timezone=state.zone()))
        yield memory
        return
    with state.open(create=True) as store:
        yield store


def run_capture(
    kind: str,
    path: Path,
    *,
    me: Sequence[str],
    since: str | None,
    until: str | None,
    create: CreateMode,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Read ``path`` as a ``kind`` source, capture it into the database, and report."""
    state = session()
    with _store(dry_run) as store:
        settings = store.get_settings()
        now = state.now(settings)
        owner = tuple(me) or settings.me
        if not owner:
            raise CliError(
                "relnet does not know your addresses: pass --me, or set them once with "
                "'relnet init --email you@example.org --linkedin https://linkedin.com/in/you'"
            )
        start = _bound(since, "--since", settings, now)
        end = _bound(until, "--until", settings, now)
        if kind == "calendar" and end is None:
            end = now.add(days=CALENDAR_AHEAD_DAYS)
        if start is not None and end is not None and start >= end:
            raise CliError(
                f"{_typed('--since', since, start)} is not before "
                + (
                    _typed("--until", until, end)
                    if until is not None
                    else f"the calendar's default end, {end.date().isoformat()} (give --until)"
                )
                + ": nothing can be read between them"
            )
        with _progress() as bar:
            task = bar.add_task(f"Reading {path.name}", total=None)
            try:
                result = _read(
                    kind,
                    path,
                    store,
                    me=owner,
                    since=start,
                    until=end,
                    create=create,
                    progress=lambda n: bar.advance(task, n),
                )
            except ValidationError as error:
                raise CliError(_in_command_words(error, path, owner, typed=bool(me))) from None
            bar.update(task, description="Capturing")
            report = capture_into(store, result, dry_run=dry_run)
    _report(kind, path, result, report, dry_run=dry_run, as_json=as_json)


def _report(
    kind: str,
    path: Path,
    result: CaptureResult,
    report: CaptureReport,
    *,
    dry_run: bool,
    as_json: bool,
) -> None:
    out = output(as_json)
    if as_json:
        out.json(
            {
                "path": str(path),
                "format": kind,
                "dry_run": dry_run,
                "read": len(result.interactions),
                "people_seen": len(result.contacts),
                "skipped": dict(result.skipped),
                "errors": [
                    {"where": e.where, "field": e.field, "message": e.message}
                    for e in result.errors
                ],
                "people_added": list(report.people_added),
                "people_matched": list(report.people_matched),
                "interactions_added": len(report.interactions_added),
                "interactions_already_there": len(report.interactions_present),
                "interactions_left_out": report.interactions_left_out,
            }
        )
        return
    verb = "Read" if dry_run else "Captured"
    tail = " (dry run: nothing written)" if dry_run else ""
    out.line(f"{verb} {path.name} ({CAPTURE_KINDS[kind]}){tail}.")
    rows = [
        ("interactions read", str(len(result.interactions))),
        ("people seen", str(len(result.contacts))),
        *((f"skipped: {why}", str(count)) for why, count in sorted(result.skipped.items())),
        ("errors", str(len(result.errors))),
        *((what, str(count)) for what, count in report.counts.items()),
    ]
    out.table([Column("what"), Column("count", justify="right")], rows, title="Summary")
    for issue in result.errors[:50]:
        out.line(f"  {issue}", style="red")
    if len(result.errors) > 50:
        out.line(f"  … and {len(result.errors) - 50} more errors", style="red")
