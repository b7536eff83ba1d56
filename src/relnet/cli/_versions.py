"""Whether opening a database file would upgrade it, found out without writing to it
(a read-only server must not upgrade what it serves)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from relnet.cli._session import CliError

__all__ = ["refuse_upgrade"]


def _stored_version(path: Path) -> tuple[int, int] | None:
    """The version a database file was written at and the one this relnet writes
    (None for a file that is not there or holds no version yet), read without writing."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    if path.suffix.lower() == ".json":
        from relnet.serialization import DOCUMENT_VERSION

        try:
            with path.open(encoding="utf-8") as file:
                document = json.load(file)
        except (OSError, ValueError):
            return None  # the store's own open says what is wrong with it
        version = document.get("relnet") if isinstance(document, dict) else None
        return (version, DOCUMENT_VERSION) if isinstance(version, int) else None
    from relnet.adapters.sql.schema import MIGRATIONS

    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        try:
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        except sqlite3.DatabaseError:
            return None
    return (row[0], len(MIGRATIONS)) if row and isinstance(row[0], int) else None


def refuse_upgrade(path: Path) -> None:
    """Raise a command-line error when opening ``path`` would upgrade it."""
    found = _stored_version(path)
    if found is not None and found[0] < found[1]:
        raise CliError(
            f"{path} was written by an older relnet (version {found[0]}; this one writes "
            f"{found[1]}): a read-only server does not upgrade it; open it once without "
            "--read-only (any relnet command) to upgrade it"
        )
