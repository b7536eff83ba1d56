"""What every command shares: where the database is, what time it is, and the open store.

The command line is the edge of relnet: the one place that reads the clock, the
environment and files. A :class:`Session` gathers those readings once per run and hands
the core what it needs as plain arguments.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import attrs
import click
import pendulum

from relnet.cli._collector import collector_paused
from relnet.cli._time import machine_timezone, parse_instant_phrase
from relnet.errors import StorageError
from relnet.model import Settings
from relnet.storage import Store

__all__ = [
    "DB_ENV",
    "CliError",
    "Session",
    "check_scheme",
    "default_db_path",
    "is_url",
    "shown",
    "open_store",
]

#: The environment variable naming the database when ``--db`` is not given.
DB_ENV = "RELNET_DB"


class CliError(click.ClickException):
    """A command cannot go on (unknown person, missing database, ...): exit status 2."""

    exit_code = 2


def _real_clock() -> pendulum.DateTime:
    return pendulum.now("UTC")


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$RELNET_DB`` when set, else ``relnet.db`` in the user's data directory."""
    env = os.environ if environ is None else environ
    named = env.get(DB_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("relnet", appauthor=False)) / "relnet.db"


def open_store(path: Path) -> Store:
    """Open the store kept at ``path``: a JSON document for ``*.json``, else SQLite."""
    from relnet.adapters.registry import open_path

    return open_path(path)


def is_url(location: Path | str) -> bool:
    """Whether ``location`` (``--db`` or ``$RELNET_DB``) is a ``scheme://...`` URL."""
    from relnet.adapters.registry import split_url

    return isinstance(location, str) and split_url(location) is not None


def shown(location: Path | str) -> str:
    """``location`` as messages and output show it: a URL without its password."""
    if isinstance(location, Path):
        return str(location)
    from relnet.adapters.registry import safe_url

    return safe_url(location)


def check_scheme(url: str) -> None:
    """A command-line error naming the known schemes unless ``url``'s scheme is one."""
    from relnet.adapters.registry import schemes, split_url

    parts = split_url(url)
    known = schemes()
    if parts is not None and parts[0] not in known:
        raise CliError(
            f"unknown database scheme {parts[0]!r} in {shown(url)!r}; known schemes: "
            f"{', '.join(known)} (or give a file path)"
        )


def close_store(store: Store) -> None:
    """Close ``store`` if it holds anything open."""
    close = getattr(store, "close", None)
    if callable(close):
        close()


def _remove_files(store: Store) -> None:
    """Remove the files of a store this run created at a URL (when it names them)."""
    from relnet.storage import FileBacked

    if isinstance(store, FileBacked):
        for file in store.files():
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                Path(file).unlink()


def _remove_database(path: Path) -> None:
    """Remove a database this run created, with its SQLite or JSON side files."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _check_existing(path: Path, existed: bool, *, create: bool) -> None:
    """Refuse a directory, and (unless the command creates databases) an empty file:
    a command that only reads never turns a file into a database."""
    if existed and path.is_dir():
        raise CliError(f"the database path {path} is a directory")
    if existed and not create and path.stat().st_size == 0:
        raise CliError(
            f"{path} is an empty file, not a relnet database; 'relnet init --db {path}' "
            "makes one there"
        )


@attrs.define
class Session:
    """One run of the command: its options, environment and clock.

    ``db`` and ``now_text`` come from ``--db`` and ``--now`` (at the top level or on the
    subcommand); ``environ`` and ``clock`` are the process's unless a test passes others.
    ``db`` is a path, or a ``scheme://...`` URL (a string) opened through
    :mod:`relnet.adapters.registry`.
    """

    db: Path | str | None = None
    now_text: str | None = None
    debug: bool = False
    environ: Mapping[str, str] = attrs.field(factory=lambda: os.environ)
    clock: Callable[[], pendulum.DateTime] = _real_clock
    _now: pendulum.DateTime | None = attrs.field(default=None, init=False)

    def location(self) -> Path | str:
        """The database this run works on: ``--db``, else ``$RELNET_DB``, else the
        default file; a ``scheme://...`` URL stays a string."""
        if self.db is not None:
            return self.db if is_url(self.db) else Path(self.db).expanduser()
        named = self.environ.get(DB_ENV, "").strip()
        if is_url(named):
            return named
        return default_db_path(self.environ)

    def db_path(self) -> Path:
        """The database file this run works on (a command-line error for a URL: the
        command needs a file)."""
        location = self.location()
        if isinstance(location, str):
            raise CliError(f"this command needs a database file, not the URL {shown(location)}")
        return location

    def exists(self) -> bool:
        """Whether the database is there (a file, or a store at the URL), found out
        without creating or changing anything."""
        location = self.location()
        if not isinstance(location, str):
            return location.exists()
        from relnet.adapters.registry import MissingStoreError, open_store

        check_scheme(location)
        try:
            close_store(open_store(location, create=False))
        except MissingStoreError:
            return False
        return True

    def zone(self) -> str:
        """The machine's time zone (for a new database)."""
        return machine_timezone(self.environ)

    @contextlib.contextmanager
    def open(self, *, create: bool = False) -> Iterator[Store]:
        """Open the database; with ``create``, make it when it does not exist yet.

        A database this call creates starts with the machine's time zone in its settings,
        and is removed again if the command fails, so a failed command leaves nothing.
        The cyclic collector is paused from opening to closing (:func:`collector_paused`).
        """
        with collector_paused():
            location = self.location()
            if isinstance(location, str):
                store, existed = self._open_url(location, create=create)
                remove: Callable[[], None] = functools.partial(_remove_files, store)
            else:
                store, existed = self._open_path(location, create=create)
                remove = functools.partial(_remove_database, location)
            done = False
            try:
                if not existed:
                    with store.transaction():
                        store.set_settings(Settings(timezone=self.zone()))
                yield store
                done = True
            finally:
                close_store(store)
                if not done and not existed:
                    remove()

    def _open_path(self, path: Path, *, create: bool) -> tuple[Store, bool]:
        """The store in the file at ``path``, and whether the file was there before."""
        existed = path.exists()
        _check_existing(path, existed, create=create)
        if not existed:
            if not create:
                raise CliError(
                    f"no relnet database at {path}; create one with 'relnet init' "
                    f"(or choose another with --db or ${DB_ENV})"
                )
            if self.db is None and DB_ENV not in self.environ:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif not path.parent.is_dir():
                raise CliError(f"the directory {path.parent} does not exist")
        try:
            return open_store(path), existed
        except StorageError:
            if not existed:
                _remove_database(path)
            raise

    def _open_url(self, url: str, *, create: bool) -> tuple[Store, bool]:
        """The store at ``url`` (through its scheme's opener), and whether it was there
        before: opened as it is first, made only if ``create`` and it is not there."""
        from relnet.adapters.registry import MissingStoreError, open_store

        check_scheme(url)
        try:
            return open_store(url, create=False), True
        except MissingStoreError as error:
            if not create:
                raise CliError(
                    f"{error}; create one with 'relnet init --db {shown(url)}' "
                    f"(or choose another with --db or ${DB_ENV})"
                ) from None
        return open_store(url, create=True), False

    def now(self, settings: Settings) -> pendulum.DateTime:
        """The instant the command runs at, in the owner's zone (``--now`` or the clock)."""
        if self._now is None:
            real = self.clock()
            if self.now_text is None:
                self._now = real.in_timezone(settings.timezone)
            else:
                self._now = parse_instant_phrase(
                    self.now_text, zone=settings.timezone, now=real, field="--now"
                )
        return self._now.in_timezone(settings.timezone)
