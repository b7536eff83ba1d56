"""Stores by URL: the ``relnet.stores`` entry-point group and :func:`open_store`.

A package that provides a store registers an opener for a URL scheme in its
``pyproject.toml``::

    [project.entry-points."relnet.stores"]
    mystore = "mypackage:open_url"

and ``relnet --db mystore://...``, the MCP server, and :func:`open_store` in programs
open it. An opener (:class:`StoreOpener`) takes the whole URL and ``create``, and
returns a :class:`~relnet.storage.Store`:

* ``create=True``: open the store at the URL, making it (empty) when there is none;
* ``create=False``: open only a store that is already there, and raise
  :class:`MissingStoreError` (writing nothing, converting nothing) when there is none.
  The command line opens with ``create=False`` first, and with ``create=True`` only
  for commands that make a database (``relnet init``, ``add``, imports, ...).

relnet registers its own stores the same way: ``sqlite`` (:func:`sqlite_store`),
``json`` (:func:`json_store`), ``postgresql`` and ``postgres`` (:func:`postgres_store`).
A plain path, without ``scheme://``, opens as it always has: a SQLite file, or a JSON
document for a name ending in ``.json``.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with open_store(f"sqlite://{folder}/network.db") as store:
...     type(store).__name__
'SQLiteStore'
>>> open_store(folder / "none.json", create=False)
Traceback (most recent call last):
...
relnet.adapters.registry.MissingStoreError: no relnet store at .../none.json
>>> open_store("nosuch://x")
Traceback (most recent call last):
...
relnet.errors.ValidationError: url: expected ... a URL of a known scheme (...sqlite...), got 'nosuch://x'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from relnet.errors import StorageError, ValidationError
from relnet.storage import Store

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from relnet.adapters.jsonfile import JSONFileStore
    from relnet.adapters.postgres import PostgresStore
    from relnet.adapters.sqlite import SQLiteStore

__all__ = [
    "ENTRY_POINT_GROUP",
    "MissingStoreError",
    "StoreOpener",
    "json_store",
    "open_path",
    "open_store",
    "opener",
    "postgres_store",
    "safe_url",
    "schemes",
    "split_url",
    "sqlite_store",
    "url_path",
]

#: The entry-point group that maps URL schemes to store openers.
ENTRY_POINT_GROUP = "relnet.stores"

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.DOTALL)


class StoreOpener(Protocol):
    """What a ``relnet.stores`` entry point names: a callable opening the store at a URL."""

    def __call__(self, url: str, *, create: bool = True) -> Store:
        """The store at ``url``; made when missing if ``create``, else
        :class:`MissingStoreError` with nothing written."""
        ...


class MissingStoreError(StorageError):
    """There is no store at the URL or path (raised when opening with ``create=False``)."""


def split_url(location: str) -> tuple[str, str] | None:
    """``(scheme, rest)`` for ``"scheme://rest"`` (the scheme in lower case), None for
    anything else, such as a file path.

    >>> split_url("PostgreSQL://db.example.org/relnet")
    ('postgresql', 'db.example.org/relnet')
    >>> split_url("notes/relnet.db") is None
    True
    """
    found = _SCHEME.fullmatch(location)
    return None if found is None else (found.group(1).lower(), found.group(2))


def url_path(url: str) -> Path:
    """The file a file-like URL names: everything after ``scheme://``, ``~`` expanded
    (``sqlite:///home/ada/relnet.db`` is absolute, ``sqlite://relnet.db`` relative).

    >>> str(url_path("json:///srv/network.json"))
    '/srv/network.json'
    """
    parts = split_url(url)
    if parts is None or not parts[1]:
        raise ValidationError("url", url, "scheme://path, with a path after the scheme")
    return Path(parts[1]).expanduser()


_BUILT_IN = {
    "json": "relnet.adapters.registry:json_store",
    "postgres": "relnet.adapters.registry:postgres_store",
    "postgresql": "relnet.adapters.registry:postgres_store",
    "sqlite": "relnet.adapters.registry:sqlite_store",
}


def schemes() -> dict[str, EntryPoint]:
    """Every known scheme and its entry point, by name: those installed packages
    register in ``relnet.stores``, and relnet's own (also when relnet runs from a
    source tree without its metadata)."""
    # Read only when a URL names a scheme: opening a plain path needs no metadata.
    from importlib.metadata import EntryPoint, entry_points

    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name.lower(), point)
    for name, value in _BUILT_IN.items():
        found.setdefault(name, EntryPoint(name, value, ENTRY_POINT_GROUP))
    return dict(sorted(found.items()))


def opener(url: str) -> StoreOpener:
    """The opener registered for ``url``'s scheme. Raises
    :class:`~relnet.errors.ValidationError` (field ``url``) naming the known schemes for
    an unknown one, and :class:`~relnet.errors.StorageError` if its entry point cannot
    be loaded."""
    parts = split_url(url)
    known = schemes()
    if parts is None or parts[0] not in known:
        names = ", ".join(known)
        raise ValidationError("url", url, f"a file path, or a URL of a known scheme ({names})")
    point = known[parts[0]]
    try:
        loaded: Callable[..., Store] = point.load()
    except (ImportError, AttributeError) as error:
        raise StorageError(
            f"the store for {parts[0]}:// ({point.value}) cannot be loaded: {error}"
        ) from error
    return loaded


def open_store(location: str | os.PathLike[str], *, create: bool = True) -> Store:
    """The store at ``location``: a ``scheme://`` URL, opened by its scheme's opener, or
    a path (:func:`open_path`). With ``create=False``, a store that is not there raises
    :class:`MissingStoreError` and nothing is written."""
    text = os.fspath(location)
    if split_url(text) is None:
        return open_path(text, create=create)
    return opener(text)(text, create=create)


def _require_file(path: Path) -> None:
    """MissingStoreError unless ``path`` is a non-empty file (a directory is refused)."""
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a relnet store")
    if not path.exists() or path.stat().st_size == 0:
        raise MissingStoreError(f"no relnet store at {path}")


def open_path(path: str | os.PathLike[str], *, create: bool = True) -> Store:
    """The store in the file at ``path``: a JSON document
    (:class:`~relnet.adapters.jsonfile.JSONFileStore`) for a name ending in ``.json``,
    else SQLite (:class:`~relnet.adapters.sqlite.SQLiteStore`). With ``create=False`` a
    missing or empty file is :class:`MissingStoreError`, left as it is."""
    file = Path(path)
    if file.suffix.lower() == ".json":
        return _json_file(file, create=create)
    return _sqlite_file(file, create=create)


def _json_file(path: Path, *, create: bool) -> JSONFileStore:
    from relnet.adapters.jsonfile import JSONFileStore

    if not create:
        _require_file(path)
    return JSONFileStore(path)


def _sqlite_file(path: Path, *, create: bool) -> SQLiteStore:
    from relnet.adapters.sqlite import SQLiteStore

    if not create:
        _require_file(path)
    return SQLiteStore(path)


def sqlite_store(url: str, *, create: bool = True) -> SQLiteStore:
    """``sqlite://PATH``: a :class:`~relnet.adapters.sqlite.SQLiteStore` in the file
    :func:`url_path` names (``sqlite://:memory:`` for one in memory)."""
    if split_url(url) == ("sqlite", ":memory:"):
        from relnet.adapters.sqlite import SQLiteStore

        return SQLiteStore(":memory:")
    return _sqlite_file(url_path(url), create=create)


def json_store(url: str, *, create: bool = True) -> JSONFileStore:
    """``json://PATH``: a :class:`~relnet.adapters.jsonfile.JSONFileStore` in the file
    :func:`url_path` names, whatever its suffix."""
    return _json_file(url_path(url), create=create)


#: Query parameters of a PostgreSQL URL that relnet reads and libpq does not know.
_POSTGRES_OPTIONS = ("schema", "network")


def postgres_store(url: str, *, create: bool = True) -> PostgresStore:
    """``postgresql://...`` (or ``postgres://``): a
    :class:`~relnet.adapters.postgres.PostgresStore` on the libpq URI, with two query
    parameters of relnet's own, taken out before connecting: ``schema`` (the schema to
    keep the network in) and ``network`` (a network in shared tables), as in
    ``postgresql://ada@db.example.org/crm?schema=relnet``.

    With ``create=False`` the schema must already hold relnet's tables; none are made.
    """
    from relnet.adapters.postgres import PostgresStore

    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    options = {key: value for key, value in query if key in _POSTGRES_OPTIONS}
    rest = [(key, value) for key, value in query if key not in _POSTGRES_OPTIONS]
    dsn = urlunsplit(parts._replace(query=urlencode(rest)))
    schema, network = options.get("schema") or None, options.get("network") or None
    if not create and not _holds_relnet(dsn, schema):
        raise MissingStoreError(
            f"no relnet store in PostgreSQL schema {schema or '(the default)'} at {safe_url(url)}"
        )
    return PostgresStore(dsn, schema=schema, network=network)


def safe_url(url: str) -> str:
    """``url`` with its password, if it has one, written ``***``: for messages and output.

    >>> safe_url("postgresql://ada:s3cret@db.example.org/crm")
    'postgresql://ada:***@db.example.org/crm'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _holds_relnet(dsn: str, schema: str | None) -> bool:
    """Whether the schema (the connection's default without one) holds relnet's tables,
    found out without writing."""
    from relnet.adapters.postgres import _psycopg

    driver = _psycopg()
    try:
        with driver.connect(dsn, autocommit=True) as conn:
            prefix = "" if schema is None else driver.sql.Identifier(schema).as_string(conn) + "."
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL OR to_regclass(%s) IS NOT NULL",
                [f"{prefix}schema_version", f"{prefix}shared_version"],
            ).fetchone()
    except driver.Error as error:
        raise StorageError(f"cannot connect to PostgreSQL: {error}", retryable=True) from error
    return bool(row and row[0])
