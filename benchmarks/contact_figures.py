"""The contact figures of ``benchmarks/run.py``: LinkedIn imports and dedupe.

``linkedin_import_s``, ``linkedin_reimport_s``, ``linkedin_raw_s`` and their ratios
    Reading a LinkedIn ``Connections.csv`` of ``rows`` rows (a quarter with a profile
    URL, the rest with none, as in old exports) and merging it into a fresh SQLite
    store (:func:`relnet.services.import_source`); then importing the same file again
    into that store (nothing changes: the store's import memo answers). The floor: the
    same rows read with ``csv`` and inserted with plain ``executemany`` into one table,
    in the same run.
``linkedin_reimport_read_s``
    Context, not a target: the same re-import with the rows read and matched again
    (the reader, then :func:`relnet.services.import_contacts`), which is what a
    re-import costs when the memo cannot answer (the file or the contacts changed).
``linkedin_contacts_s``, ``linkedin_store_s``
    Context, not targets: the least any import must spend on the same file whatever its
    reader does. The first constructs the file's :class:`~relnet.model.Contact` records
    from their fields already parsed (each validated and converted, as every record
    is); the second stores those records in a fresh SQLite file with
    ``add_records`` (its rows, indexes and summaries).
``find_duplicates_s``
    :func:`relnet.identity.find_duplicates` on an in-memory store of ``contacts``
    contacts, one in fifty sharing an email with another and one in fifty a phone.
"""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import time
from pathlib import Path

import attrs

from relnet.adapters.sqlite import SQLiteStore
from relnet.identity import find_duplicates
from relnet.interop.linkedin import read_connections
from relnet.model import Contact
from relnet.services import import_contacts, import_source
from relnet.storage import InMemoryStore

__all__ = ["dedupe", "linkedin_file", "linkedin_import", "linkedin_parts", "linkedin_raw"]

_FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Joan",
    "Tommy",
    "Barbara",
    "Ken",
    "Radia",
    "Donald",
    "Margaret",
    "Linus",
    "Guido",
]
_LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Clarke",
    "Flowers",
    "Liskov",
    "Thompson",
    "Perlman",
    "Knuth",
    "Hamilton",
]


def linkedin_file(rows: int, seed: int) -> str:
    """A ``Connections.csv`` of ``rows`` people (made up, reproducible from ``seed``)."""
    draw = random.Random(seed)
    out = io.StringIO()
    out.write('Notes:\n"When exporting your connection data…"\n\n')
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for n in range(rows):
        first, last = draw.choice(_FIRST), f"{draw.choice(_LAST)}{n}"
        url = f"https://www.linkedin.com/in/{first}-{last}".lower() if n % 4 == 0 else ""
        day = f"{1 + n % 28} {draw.choice(['Jan', 'Mar', 'Oct'])} {2015 + n % 10}"
        writer.writerow([first, last, url, "", f"Company {n % 97}", "Engineer", day])
    return out.getvalue()


def _median(samples: list[float]) -> float:
    samples.sort()
    return samples[len(samples) // 2]


def linkedin_import(text: str, folder: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds of the first import into a fresh SQLite file, of a re-import, and
    of a re-import that reads and matches the rows again."""
    first: list[float] = []
    again: list[float] = []
    again_read: list[float] = []
    for run in range(repeat):
        path = folder / f"linkedin-{run}.db"
        store = SQLiteStore(path)
        try:
            started = time.perf_counter()
            import_source(store, read_connections, io.StringIO(text))
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = import_source(store, read_connections, io.StringIO(text))
            again.append(time.perf_counter() - started)
            assert not report.added
            assert not report.merged
            started = time.perf_counter()
            plain = import_contacts(store, read_connections(io.StringIO(text)).contacts)
            again_read.append(time.perf_counter() - started)
            assert plain == report
        finally:
            store.close()
    return _median(first), _median(again), _median(again_read)


def linkedin_raw(text: str, folder: Path, repeat: int) -> float:
    """Median seconds of ``csv`` and plain ``executemany`` of the same rows."""
    samples: list[float] = []
    for run in range(repeat):
        path = folder / f"raw-{run}.db"
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE people (first TEXT, last TEXT, url TEXT, email TEXT, company TEXT,"
            " position TEXT, connected TEXT)"
        )
        started = time.perf_counter()
        rows = [row for row in csv.reader(io.StringIO(text)) if len(row) == 7][1:]
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        connection.execute("COMMIT")
        samples.append(time.perf_counter() - started)
        connection.close()
    return _median(samples)


def linkedin_parts(text: str, folder: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of constructing the file's contacts from their parsed fields, and
    of storing them in a fresh SQLite file with ``add_records``."""
    contacts = read_connections(io.StringIO(text)).contacts
    fields = [
        {field.name: getattr(person, field.name) for field in attrs.fields(Contact)}
        for person in contacts
    ]
    built: list[float] = []
    stored: list[float] = []
    for run in range(repeat):
        started = time.perf_counter()
        again = [Contact(**given) for given in fields]
        built.append(time.perf_counter() - started)
        assert again == list(contacts)
        store = SQLiteStore(folder / f"parts-{run}.db")
        try:
            started = time.perf_counter()
            store.add_records(contacts=contacts)
            stored.append(time.perf_counter() - started)
        finally:
            store.close()
    return _median(built), _median(stored)


def dedupe(contacts: int, repeat: int, seed: int) -> tuple[float, int]:
    """Median seconds of ``find_duplicates`` on ``contacts`` contacts; groups found."""
    draw = random.Random(seed)
    store = InMemoryStore()
    for n in range(contacts):
        twin = n - 1 if n % 50 == 1 else n
        phone = f"+1 202 555 {n - 2 if n % 50 == 2 else n:07d}"
        store.add_contact(
            Contact(
                f"{draw.choice(_FIRST)} {draw.choice(_LAST)}{n // 3}",
                emails=(f"person{twin}@example.org",),
                phones=(phone,),
            )
        )
    samples: list[float] = []
    groups = 0
    for _ in range(repeat):
        started = time.perf_counter()
        groups = len(find_duplicates(store))
        samples.append(time.perf_counter() - started)
    return _median(samples), groups
