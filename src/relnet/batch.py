"""The day's agendas of many networks at once, in worker processes.

A nightly digest, or a morning notification for every user, needs one agenda per
network. :func:`agendas` computes them in a pool of worker processes and hands each
result back as soon as it is ready (so the first digests go out while the last agendas
are still being computed); a network that fails is reported and the others go on.

>>> import pendulum
>>> from relnet import Contact, InMemoryStore, Settings
>>> from relnet.batch import agendas
>>> def store_for(network: str) -> InMemoryStore:
...     store = InMemoryStore(Settings(timezone="Europe/London"))
...     if network == "broken":
...         raise LookupError(f"no network {network!r}")
...     store.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
...     return store
>>> now = pendulum.datetime(2026, 11, 25, 9, tz="UTC")
>>> for result in agendas(store_for, ["ada", "broken"], now=now, workers=0):
...     print(result.network, result.ok, len(result.agenda or ()), result.error)
ada True 1 None
broken False 0 no network 'broken'

``store_for`` turns a network id into an open store. With worker processes (the
default) it is sent to them, so it must be picklable: a function defined at the top of
a module, or an instance of a class such as :class:`SQLiteFiles` (a folder of SQLite
files, one per network) or :class:`PostgresSchemas` (a PostgreSQL schema per network).
Each worker opens a store per network, computes its agenda and closes the store.

This module stands at the edge: it opens stores and starts processes. The command
``relnet batch agendas`` runs it with a progress bar.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import pickle
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from relnet.errors import NotFoundError, RelnetError, StorageError, ValidationError
from relnet.policy import Agenda, Engine
from relnet.storage import Store

__all__ = [
    "AHEAD",
    "AgendaResult",
    "BatchError",
    "PostgresNetworks",
    "PostgresSchemas",
    "SQLiteFiles",
    "StoreFor",
    "agendas",
    "postgres_networks",
    "shared_networks",
    "sqlite_networks",
]

#: How many networks each worker may have waiting for it: enough to keep it busy,
#: few enough that a long (or endless) iterable of networks is read as it goes.
AHEAD = 4

#: What opens a network's store: ``store_for(network) -> Store``.
StoreFor = Callable[[str], Store]


class BatchError(RelnetError):
    """A failure in a worker that could not cross back to this process as itself (its
    exception does not pickle, or the worker process died); the message names it."""

    code = "batch"


@attrs.frozen
class AgendaResult:
    """One network's outcome: its ``agenda``, or the ``error`` that stopped it.

    ``network`` is the id given to :func:`agendas`. Exactly one of ``agenda`` and
    ``error`` is None. Errors are relnet's own when the store raised one (a
    :class:`~relnet.errors.StorageError` for an unreachable database, say), else
    whatever the worker raised, or a :class:`BatchError`.
    """

    network: str
    agenda: Agenda | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """Whether the agenda was computed."""
        return self.error is None

    def to_record(self) -> dict[str, Any]:
        """The outcome as a plain dict for JSON (one line of ``relnet batch agendas``):
        ``network``, ``ok``, ``agenda`` (:meth:`Agenda.to_record
        <relnet.policy.Agenda.to_record>`, or None) and ``error`` (the error's
        :meth:`~relnet.errors.RelnetError.to_record`, ``{"error": "exception", ...}`` for
        another exception, or None)."""
        return {
            "network": self.network,
            "ok": self.ok,
            "agenda": None if self.agenda is None else self.agenda.to_record(),
            "error": None if self.error is None else _error_record(self.error),
        }


def _error_record(error: BaseException) -> dict[str, Any]:
    if isinstance(error, RelnetError):
        return error.to_record()
    return {"error": "exception", "message": f"{type(error).__name__}: {error}"}


def agendas(
    store_for: StoreFor,
    networks: Iterable[str],
    *,
    now: dt.datetime,
    workers: int | None = None,
    engine: Engine | None = None,
) -> Iterator[AgendaResult]:
    """Compute each network's agenda as of ``now``, and yield an :class:`AgendaResult`
    per network as soon as it is ready (in the order they finish, not the order given).

    ``store_for(network)`` opens a network's store; the store is closed after its
    agenda (when it has ``close``). ``workers`` is the number of worker processes
    (default: the machine's cores); ``0`` computes everything in this process, one
    network after the other, which is handy in a debugger. ``engine`` defaults to
    ``Engine()``, each network's own settings then deciding its time zone and capacity;
    it is sent to the workers, so its rules must pickle.

    A network whose store cannot be opened, or whose agenda fails, gives a result with
    its ``error``; the others go on. Raises ValidationError for a naive ``now`` or a
    bad ``workers`` before anything starts. Closing the iterator early stops the
    workers without computing the networks not yet started.
    """
    if not isinstance(now, dt.datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValidationError("now", now, "an aware datetime (with a time zone)")
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValidationError("workers", workers, "a number of worker processes (0 or more)")
    if workers == 0:
        return (_agenda_of(store_for, network, now, engine) for network in networks)
    return _in_processes(store_for, networks, now, engine, workers)


def _in_processes(
    store_for: StoreFor,
    networks: Iterable[str],
    now: dt.datetime,
    engine: Engine | None,
    workers: int,
) -> Iterator[AgendaResult]:
    """Run the networks in a pool; when a worker dies (the pool breaks), run each network
    that was in flight alone in a pool of its own, then go on with the rest."""
    todo = iter(networks)
    while True:
        suspects = yield from _in_pool(store_for, todo, now, engine, workers)
        if not suspects:
            return
        for network in suspects:
            yield from _in_pool(store_for, iter([network]), now, engine, 1, alone=True)


def _in_pool(
    store_for: StoreFor,
    todo: Iterator[str],
    now: dt.datetime,
    engine: Engine | None,
    workers: int,
    *,
    alone: bool = False,
) -> Generator[AgendaResult, None, list[str]]:
    """Keep up to ``AHEAD`` networks per worker submitted, and yield each result as it
    finishes. Returns the networks in flight when the pool broke (none when it did not):
    a network alone in its pool is then reported as failed instead."""
    pending: dict[Future[AgendaResult], str] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        try:
            while True:
                for network in todo:
                    pending[pool.submit(_agenda_of, store_for, network, now, engine)] = network
                    if len(pending) >= workers * AHEAD:
                        break
                if not pending:
                    return []
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    network = pending.pop(future)
                    if isinstance(future.exception(), BrokenProcessPool) and not alone:
                        return [network, *pending.values()]
                    yield _outcome(future, network)
        finally:
            for future in pending:
                future.cancel()


def _context() -> Any:
    """Fork where the platform has it (workers start at once, relnet already imported),
    else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _outcome(future: Future[AgendaResult], network: str) -> AgendaResult:
    try:
        return future.result()
    except BrokenProcessPool:
        died = BatchError(f"the worker process computing network {network!r} died")
        return AgendaResult(network, error=died)
    except Exception as error:  # the answer could not be sent back
        return AgendaResult(network, error=BatchError(f"{type(error).__name__}: {error}"))


def _agenda_of(
    store_for: StoreFor, network: str, now: dt.datetime, engine: Engine | None
) -> AgendaResult:
    """One network's result (runs in a worker): never raises for the network's faults."""
    try:
        store = store_for(network)
        with contextlib.ExitStack() as stack:
            close = getattr(store, "close", None)
            if callable(close):
                stack.callback(close)
            agenda = (engine or Engine()).agenda(store, now=now)
    except Exception as error:
        return AgendaResult(network, error=_sendable(error))
    return AgendaResult(network, agenda=agenda)


def _sendable(error: Exception) -> BaseException:
    """``error`` itself when it survives pickling, else a BatchError naming it."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return BatchError(f"{type(error).__name__}: {error}")
    error.__traceback__ = None
    return error


# -- where networks live ---------------------------------------------------------------

_NETWORK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")


def _network_id(network: Any) -> str:
    if not isinstance(network, str) or not _NETWORK.match(network):
        raise ValidationError(
            "network",
            network,
            "a network id of letters, digits, '_', '.' and '-' (at most 63, not starting "
            "with '.' or '-')",
        )
    return network


@attrs.frozen
class SQLiteFiles:
    """``store_for`` for a folder holding one SQLite file per network, ``NETWORK.db``.

    A network without its file raises :class:`~relnet.errors.NotFoundError` (kind
    ``"network"``) instead of creating an empty store; a malformed id raises
    ValidationError.
    """

    folder: Path = attrs.field(converter=Path)
    suffix: str = ".db"

    def path(self, network: str) -> Path:
        """The file of ``network``."""
        return self.folder / f"{_network_id(network)}{self.suffix}"

    def __call__(self, network: str) -> Store:
        """Open the store of ``network``."""
        from relnet.adapters.sqlite import SQLiteStore

        path = self.path(network)
        if not path.is_file():
            raise NotFoundError("network", network)
        return SQLiteStore(path)


def sqlite_networks(folder: str | os.PathLike[str], suffix: str = ".db") -> list[str]:
    """The networks of a folder of SQLite files (what :class:`SQLiteFiles` opens), by id."""
    found = Path(folder)
    if not found.is_dir():
        raise NotFoundError("folder", str(folder))
    return sorted(
        path.name[: -len(suffix)]
        for path in found.iterdir()
        if path.name.endswith(suffix)
        and path.is_file()
        and _NETWORK.match(path.name[: -len(suffix)])
    )


@attrs.frozen
class PostgresSchemas:
    """``store_for`` for a PostgreSQL database holding one schema per network (the
    schema is the network id).

    Stores open with ``migrate=False``: no DDL, so a role with only read and write
    rights will do, and a schema that does not exist is an error rather than a new empty
    network.
    """

    dsn: str

    def __call__(self, network: str) -> Store:
        """Open the store of ``network``."""
        from relnet.adapters.postgres import PostgresStore

        return PostgresStore(self.dsn, schema=_network_id(network), migrate=False)


def postgres_networks(dsn: str) -> list[str]:
    """The schemas of the database at ``dsn`` that hold a relnet store, by name."""
    from relnet.adapters.postgres import _psycopg

    driver = _psycopg()
    try:
        with driver.connect(dsn, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT table_schema FROM information_schema.tables "
                "WHERE table_name = 'schema_version' AND table_schema IN ("
                "  SELECT table_schema FROM information_schema.tables"
                "  WHERE table_name = 'summaries') "
                "ORDER BY table_schema"
            ).fetchall()
    except driver.Error as error:
        retryable = isinstance(error, driver.OperationalError)
        raise StorageError(f"PostgreSQL: {error}", retryable=retryable) from error
    return [str(row[0]) for row in rows]


@attrs.frozen
class PostgresNetworks:
    """``store_for`` for many networks in one set of shared tables (``schema``), kept
    apart by row-level security (see :class:`relnet.adapters.postgres.PostgresStore`'s
    ``network=``).

    Stores open with ``migrate=False``, as the application's role (one without DDL
    rights, not a superuser: shared tables refuse roles that bypass the policies).
    """

    dsn: str
    schema: str

    def __call__(self, network: str) -> Store:
        """Open the store of ``network``."""
        from relnet.adapters.postgres import PostgresStore

        return PostgresStore(self.dsn, schema=self.schema, network=network, migrate=False)


def shared_networks(dsn: str, schema: str) -> list[str]:
    """The networks that hold contacts in the shared tables of ``schema``, by id.

    Row-level security shows a role only the network it has set, so ``dsn`` must be the
    tables' owner's or a superuser's (the deploy role), not the application's.
    """
    from psycopg import sql

    from relnet.adapters.postgres import _psycopg

    driver = _psycopg()
    try:
        with driver.connect(dsn, autocommit=True) as conn:
            rows = conn.execute(
                sql.SQL("SELECT DISTINCT network FROM {}.contacts ORDER BY network").format(
                    sql.Identifier(schema)
                )
            ).fetchall()
    except driver.Error as error:
        retryable = isinstance(error, driver.OperationalError)
        raise StorageError(f"PostgreSQL: {error}", retryable=retryable) from error
    return [str(row[0]) for row in rows]
