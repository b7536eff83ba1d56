"""``relnet import json FILE``: a dump made by ``relnet export json`` restored, merged
by id into the network or, with ``--replace`` (after a confirmation), in place of it.

The merge is :func:`relnet.editing.restore`, one transaction. A replacement writes the
whole new database beside the old one and renames it into place, so a failure
leaves the old one as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from relnet import editing
from relnet.cli._app import output
from relnet.cli._session import CliError, Session, close_store, open_store, shown
from relnet.cli._words import confirm
from relnet.errors import ValidationError
from relnet.storage import InMemoryStore, Store
from relnet.storage.copy import copy_store

__all__ = ["counts_of", "import_json", "replace_database"]

_SIDE_FILES = ("-wal", "-shm", "-journal")


_ONE = {"communities": "community"}


def _count(number: int, kind: str) -> str:
    """``1 contact``, ``2 contacts``, ``1 community``."""
    return f"{number} {kind if number != 1 else _ONE.get(kind, kind.removesuffix('s'))}"


def counts_of(store: Store) -> dict[str, int]:
    """How many records of each kind ``store`` holds."""
    return {
        "contacts": len(store.contacts()),
        "interactions": len(store.interactions()),
        "commitments": len(store.commitments()),
        "goals": len(store.goals()),
        "communities": len(store.communities()),
        "events": len(store.events()),
    }


def _load(file: Path) -> InMemoryStore:
    from relnet.serialization import load_store

    try:
        return load_store(file)
    except ValidationError as error:
        raise CliError(f"{file} is not a relnet JSON document: {error}") from None


def replace_database(path: Path, source: Store) -> None:
    """Make the database at ``path`` hold exactly what ``source`` holds (settings and
    profile included): a new database is written beside it and renamed into place."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=directory)
    os.close(handle)
    temporary = Path(name)
    temporary.unlink()
    try:
        store = open_store(temporary)
        try:
            copy_store(source, store)
        finally:
            close_store(store)
        for suffix in _SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                Path(f"{temporary}{suffix}").unlink()
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()
        os.replace(temporary, path)
    finally:
        for suffix in ("", *_SIDE_FILES, ".lock"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{temporary}{suffix}").unlink()


def _write_whole(state: Session, dump: Store, *, exists: bool) -> None:
    """Make the run's database hold exactly ``dump``: a file is replaced; a store at a
    URL, which may only be new here, is created and filled."""
    location = state.location()
    if isinstance(location, str):
        with state.open(create=True) as store:
            copy_store(dump, store)
        return
    if not exists:
        with state.open(create=True):
            pass
    replace_database(location, dump)


def import_json(
    state: Session, file: Path, *, replace: bool, yes: bool, dry_run: bool, as_json: bool
) -> None:
    """Restore ``file`` into the run's database and report what it did."""
    dump = _load(file)
    location = state.location()
    exists = state.exists()
    if replace and exists and isinstance(location, str):
        raise CliError(
            f"--replace rewrites a database file, and {shown(location)} is a URL: restore "
            "into a new store there, or merge (without --replace)"
        )
    incoming = counts_of(dump)
    out = output(as_json)
    if replace or not exists:
        current = {}
        if exists:
            with state.open() as store:
                current = counts_of(store)
        if dry_run:
            _replace_report(out, file, incoming, current, dry_run=True)
            return
        if exists and any(current.values()) and not yes:
            held = ", ".join(_count(n, k) for k, n in current.items() if n)
            confirm(f"Replace everything in {shown(location)} ({held}) with {file.name}?")
        _write_whole(state, dump, exists=exists)
        _replace_report(out, file, incoming, current, dry_run=False)
        return
    with state.open() as store:
        report = editing.restore(store, dump, dry_run=dry_run)
    record = {"file": str(file), "dry_run": dry_run, "replace": False, **report.to_record()}
    if as_json:
        out.json(record)
        return
    verb = "Would merge" if dry_run else "Merged"
    parts = [
        f"{report.total('added')} added",
        f"{report.total('updated')} updated",
        f"{report.total('unchanged')} unchanged",
    ]
    if report.total("kept"):
        parts.append(f"{report.total('kept')} kept as stored (communities and events differ)")
    out.line(f"{verb} {file.name}: " + ", ".join(parts) + ".")
    for part in ("added", "updated", "kept"):
        counts: dict[str, int] = getattr(report, part)
        detail = ", ".join(_count(n, kind) for kind, n in counts.items() if n)
        if detail:
            out.line(f"  {part}: {detail}")


def _replace_report(
    out: Any, file: Path, incoming: dict[str, int], current: dict[str, int], *, dry_run: bool
) -> None:
    if out.as_json:
        out.json(
            {
                "file": str(file),
                "dry_run": dry_run,
                "replace": True,
                "restored": incoming,
                "replaced": current,
            }
        )
        return
    restored = ", ".join(_count(n, kind) for kind, n in incoming.items() if n) or "nothing"
    dropped = ", ".join(_count(n, kind) for kind, n in current.items() if n) or "nothing"
    if dry_run:
        out.line(f"Would replace {dropped} with {file.name}: {restored}; nothing written.")
    else:
        out.line(f"Restored {file.name}: {restored} (replacing {dropped}).")
