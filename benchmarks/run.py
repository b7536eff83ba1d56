"""Benchmarks for the engine and the stores, each set against a floor measured in the same run.

Usage::

    python benchmarks/run.py --contacts 100000 --interactions 1000000 --repeat 3 \\
        --json figures.json

It generates a synthetic network (:func:`relnet.synth.network`, a fixed seed by
default), then prints one line per figure, the median of ``--repeat`` runs (timings
in seconds unless the key says ``_ms``), and with ``--json`` writes them to a file:

``agenda_memory_s``
    ``Engine().agenda`` on an :class:`~relnet.storage.InMemoryStore` holding the network.
``agenda_sqlite_cold_s``
    Open the SQLite file built once (a new :class:`~relnet.adapters.sqlite.SQLiteStore`)
    and compute the agenda.
``sql_last_touch_s`` and ``agenda_sqlite_ratio``
    One hand-written ``GROUP BY`` over the same file giving each contact's last touch:
    the floor any SQL-backed agenda pays. The ratio is agenda over floor.
``pandas_cadence_s`` and ``agenda_pandas_ratio``
    The keep-in-touch rule alone, written directly in pandas over a prebuilt frame of
    touches (last touch per contact, local date, plus cadence, overdue filter). The
    ratio is the in-memory agenda (every rule, scored and explained) over it.
``import_sqlite_s``, ``raw_sqlite_insert_s`` and ``import_ratio``
    Loading the network into a fresh SQLite file through the store's API
    (:func:`~relnet.storage.copy_records`: ``add_records`` for the SQL stores),
    against plain ``executemany`` of the very rows the store writes, built beforehand,
    into the same schema with the same settings.
``incremental_ms``, ``incremental_small_ms`` and ``incremental_ratio``
    Adding one interaction for the contact with the longest history and asking
    ``next_follow_up`` for that contact (median of many additions, made to both stores
    in turns), in a store holding
    the whole network, and in one holding the same records but only every 100th
    interaction up to ``NOW`` (1 % of the history; the same contacts, commitments,
    goals, and interactions planned after ``NOW``). The ratio is full over small.
``cli_version_s``, ``cli_agenda_s``, ``cli_show_s``, ``cli_contacts_s``, ``cli_health_s``
    What a person feels: the wall time of ``relnet --version`` (target 0.15 s) and of
    ``relnet agenda``, ``show`` (the contact with the longest history), ``contacts``
    and ``health`` on the SQLite file (target 0.4 s each), each a whole new process
    with its output piped away (median of at least 5 runs after one to warm the cache;
    the line printed also gives the median processor time of the same runs),
    with relnet's bytecode compiled beforehand, as an installed package has it (so an
    environment setting ``PYTHONDONTWRITEBYTECODE`` does not time Python compiling
    every module of the package on every run).
``agenda_memory_unbounded_s`` (not a target)
    The in-memory agenda with a capacity of one item per contact: when the must-do
    items do not fill the day, every contact with something available today is
    evaluated in full to rank the optional items.
``follow_ups_memory_s`` and ``follow_ups_pandas_ratio``
    ``Engine().follow_ups`` on the in-memory store: every reachable contact's next item,
    against the pandas keep-in-touch floor.
``health_memory_s`` and ``health_pandas_ratio``
    :func:`relnet.policy.health` (every reachable contact's state, counted per circle)
    on the in-memory store, against the same floor.
``follow_ups_sqlite_cold_s`` and ``follow_ups_sqlite_ratio``
    Open the SQLite file and compute ``follow_ups``, against the ``GROUP BY`` floor.
``postgres_*`` (only with ``--dsn`` or ``RELNET_TEST_POSTGRES_DSN``)
    The same network in a PostgreSQL schema: ``postgres_import_s`` (through the store's
    bulk writer), ``postgres_last_touch_s`` (the same ``GROUP BY`` on the server),
    ``agenda_postgres_cold_s`` / ``agenda_postgres_ratio`` and
    ``follow_ups_postgres_cold_s`` / ``follow_ups_postgres_ratio`` (a new store opened on
    the schema, over the floor). Without a DSN the script says so and skips them.
``mcp_agenda_ms``, ``mcp_get_contact_ms`` and ``mcp_get_contact_typical_ms``
    The ``relnet mcp`` tools ``agenda`` and ``get_contact`` (by id: for the contact with
    the longest history, and for one with the median number of interactions) on the
    SQLite file, called through the MCP SDK's in-memory client: each call opens the
    file, answers, and closes it, as the server does (median of at least 5 calls after
    one untimed call; target: 100 ms or less each). Left out when the ``mcp`` package is
    not installed.
``bytes_per_interaction``
    What the in-memory store holds per interaction (the records and every index),
    measured with ``tracemalloc``: the memory released when a store is dropped,
    less what an equal store without interactions holds.
``mail_stdlib_s``, ``mail_capture_s``, ``mail_recapture_s`` and their ratios
    Capturing a generated mbox of ``--messages`` messages into SQLite, against the
    standard library alone reading the same headers, and capturing it again (see
    ``benchmarks/capture_mail.py``).
``linkedin_import_s``, ``linkedin_reimport_s``, ``linkedin_raw_s``,
``linkedin_import_ratio``, ``linkedin_reimport_ratio``, ``linkedin_reimport_read_s``,
``linkedin_contacts_s``, ``linkedin_store_s`` and ``find_duplicates_s``
    Importing a LinkedIn file of ``min(5000, --contacts)`` rows into SQLite, importing
    it again (answered by the store's import memo), the ``csv`` + ``executemany`` floor,
    the re-import with the rows read and matched again (context), constructing the
    file's contacts alone and storing them alone (context), and ``find_duplicates`` on
    ``10 × --contacts`` contacts (see ``benchmarks/contact_figures.py``).

With ``--cli-only``, only the ``cli_*`` figures are measured (on the same network).

``now`` is two weeks before the end of the generated history, so some interactions
are planned (after ``now``), as in a real calendar.
"""

from __future__ import annotations

import argparse
import collections
import compileall
import gc
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import capture_mail
import pandas as pd
import pendulum
from postgres_figures import postgres_figures

import relnet
from relnet import Channel, ContactStatus, Direction, Engine, InMemoryStore, Interaction
from relnet.adapters.sql import bulk, schema
from relnet.adapters.sql import rows as sql_rows
from relnet.adapters.sqlite import SQLITE, SQLiteStore
from relnet.model import ContactId, epoch_us
from relnet.policy import health
from relnet.policy.circles import cadence_for
from relnet.storage import Store
from relnet.synth import SyntheticNetwork, network

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contact_figures

START = pendulum.datetime(2021, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 12, 31, 18, tz="Europe/London")
NOW = END.subtract(days=14)
DEFAULT_SEED = 20261125
#: Additions timed per run for the incremental figures (each is well under a millisecond,
#: and a single one is at the mercy of the machine's load).
INCREMENTAL_SAMPLES = 200

KEYS = (
    "agenda_memory_s",
    "agenda_sqlite_cold_s",
    "sql_last_touch_s",
    "agenda_sqlite_ratio",
    "pandas_cadence_s",
    "agenda_pandas_ratio",
    "import_sqlite_s",
    "raw_sqlite_insert_s",
    "import_ratio",
    "incremental_ms",
    "incremental_small_ms",
    "incremental_ratio",
    "bytes_per_interaction",
    "follow_ups_memory_s",
    "follow_ups_pandas_ratio",
    "health_memory_s",
    "health_pandas_ratio",
    "follow_ups_sqlite_cold_s",
    "follow_ups_sqlite_ratio",
    "mail_stdlib_s",
    "mail_capture_s",
    "mail_capture_ratio",
    "mail_recapture_s",
    "mail_recapture_ratio",
    "linkedin_import_s",
    "linkedin_reimport_s",
    "linkedin_raw_s",
    "linkedin_import_ratio",
    "linkedin_reimport_ratio",
    "linkedin_reimport_read_s",
    "linkedin_contacts_s",
    "linkedin_store_s",
    "find_duplicates_s",
)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector around one timed call, as the engine's caller may."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def timed(call: Callable[[], object], repeat: int, setup: Callable[[], Any] | None = None) -> float:
    """The median wall-clock seconds of ``repeat`` calls (``setup`` runs untimed before each)."""
    runs = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


# -- the in-memory agenda ------------------------------------------------------------


def agenda_memory(
    store: InMemoryStore, repeat: int, capacity: int | None = None
) -> tuple[float, int]:
    """Median seconds of ``Engine().agenda`` on ``store`` (after one untimed call)."""
    engine = Engine()
    agenda = engine.agenda(store, now=NOW, capacity=capacity)  # the summary caches warm up
    return timed(lambda: engine.agenda(store, now=NOW, capacity=capacity), repeat), len(agenda)


def follow_ups_memory(store: InMemoryStore, repeat: int) -> tuple[float, int]:
    """Median seconds of ``Engine().follow_ups`` on ``store`` (after one untimed call)."""
    engine = Engine()
    found = len(engine.follow_ups(store, now=NOW))
    return timed(lambda: engine.follow_ups(store, now=NOW), repeat), found


def health_memory(store: InMemoryStore, repeat: int) -> tuple[float, int]:
    """Median seconds of :func:`relnet.policy.health` on ``store`` (after one untimed call)."""
    counted = sum(sum(states.values()) for states in health(store, now=NOW).counts.values())
    return timed(lambda: health(store, now=NOW), repeat), counted


# -- SQLite ----------------------------------------------------------------------------


def load(net: SyntheticNetwork, store: Store) -> None:
    """Load ``net`` with :func:`relnet.storage.copy_records` (the store's bulk writer when
    it has one)."""
    net.load_into(store)


def import_sqlite(net: SyntheticNetwork, folder: Path, repeat: int) -> tuple[float, Path]:
    """Median seconds to load ``net`` into a fresh SQLite file; returns the last file."""
    runs = []
    path = folder / "import-0.sqlite"
    for run in range(repeat):
        path = folder / f"import-{run}.sqlite"
        gc.collect()
        started = time.perf_counter()
        with SQLiteStore(path) as store:
            load(net, store)
        runs.append(time.perf_counter() - started)
        if run < repeat - 1:
            remove_database(path)
    return statistics.median(runs), path


def remove_database(path: Path) -> None:
    """Delete a SQLite file and its write-ahead log."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def store_rows(net: SyntheticNetwork) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row the SQL store writes for ``net``: (insert statement, rows) per table."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    interactions = sql_rows.interaction_rows(net.interactions)
    for part in (
        sql_rows.community_rows(net.communities),
        sql_rows.event_rows(net.events),
        sql_rows.contact_rows(net.contacts),
        sql_rows.goal_rows(net.goals),
        interactions,
        sql_rows.commitment_rows(net.commitments),
        bulk.summary_rows(interactions["touches"]),
    ):
        for table, rows in part.items():
            tables.setdefault(table, []).extend(rows)
    return [(schema.insert_sql(SQLITE, table), rows) for table, rows in tables.items()]


def raw_insert(net: SyntheticNetwork, folder: Path, repeat: int) -> float:
    """Median seconds of plain ``executemany`` of the store's rows into its own schema."""
    tables = store_rows(net)
    runs = []
    for run in range(repeat):
        path = folder / f"raw-{run}.sqlite"
        conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN")
        conn.execute(schema.migration_script(SQLITE, schema.VERSION_TABLE))
        for script in schema.MIGRATIONS:
            for statement in schema.migration_statements(SQLITE, script):
                conn.execute(statement)
        conn.execute("COMMIT")
        gc.collect()
        started = time.perf_counter()
        conn.execute("BEGIN")
        for sql, rows in tables:
            conn.executemany(sql, rows)
        conn.execute("COMMIT")
        runs.append(time.perf_counter() - started)
        conn.close()
        remove_database(path)
    return statistics.median(runs)


def agenda_sqlite_cold(path: Path, repeat: int) -> float:
    """Median seconds to open the SQLite file and compute the agenda."""

    def run() -> None:
        with SQLiteStore(path) as store:
            Engine().agenda(store, now=NOW)

    return timed(run, repeat)


def follow_ups_sqlite_cold(path: Path, repeat: int) -> tuple[float, int]:
    """Median seconds to open the SQLite file and compute every contact's follow-up."""
    found = 0

    def run() -> None:
        nonlocal found
        with SQLiteStore(path) as store:
            found = len(Engine().follow_ups(store, now=NOW))

    return timed(run, repeat), found


def sql_last_touch(path: Path, repeat: int) -> tuple[float, int]:
    """Median seconds of one ``GROUP BY`` giving each contact's last past touch."""
    found = 0

    def run() -> None:
        nonlocal found
        found = last_touch_rows(path)

    return timed(run, repeat), found


def last_touch_rows(path: Path) -> int:
    """Run the floor's ``GROUP BY`` once on a new connection to ``path``; its row count."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT contact_id, MAX(at_us) FROM touches WHERE at_us <= ? GROUP BY contact_id",
        (epoch_us(NOW),),
    ).fetchall()
    conn.close()
    return len(rows)


# -- pandas ----------------------------------------------------------------------------


def pandas_frames(net: SyntheticNetwork) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a notebook would start from: one row per touch, and one per reachable contact."""
    people: list[str] = []
    instants: list[int] = []
    for interaction in net.interactions:
        at = epoch_us(interaction.at)
        for touch in interaction.touches():
            people.append(touch.contact)
            instants.append(at)
    touches = pd.DataFrame(
        {
            "contact": pd.array(people, dtype="string"),
            "at": pd.to_datetime(pd.Series(instants, dtype="int64"), unit="us", utc=True),
        }
    )
    reachable = [
        c
        for c in net.contacts
        if c.status is not ContactStatus.ARCHIVED and c.reachable and cadence_for(c) is not None
    ]
    created = [0 if c.created_at is None else epoch_us(c.created_at) for c in reachable]
    contacts = pd.DataFrame(
        {
            "contact": pd.array([c.id for c in reachable], dtype="string"),
            "name": pd.array([c.name for c in reachable], dtype="string"),
            "cadence_days": [cadence_for(c).approximate_days() for c in reachable],  # type: ignore[union-attr]
            "created_at": pd.to_datetime(pd.Series(created, dtype="int64"), unit="us", utc=True),
        }
    )
    return touches, contacts


def pandas_cadence(touches: pd.DataFrame, contacts: pd.DataFrame, timezone: str) -> pd.DataFrame:
    """Keep-in-touch in pandas: last touch, its local date, plus the cadence, overdue ones."""
    now = pd.Timestamp(NOW.in_timezone("UTC").isoformat())
    last = touches[touches["at"] <= now].groupby("contact")["at"].max().rename("last")
    frame = contacts.join(last, on="contact")
    anchor = frame["last"].fillna(frame["created_at"])
    local = anchor.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    frame["due"] = local + pd.to_timedelta(frame["cadence_days"], unit="D")
    today = now.tz_convert(timezone).tz_localize(None).normalize()
    return frame[frame["due"] <= today].sort_values("due")


def pandas_figure(net: SyntheticNetwork, repeat: int) -> tuple[float, int, int]:
    """Median seconds of :func:`pandas_cadence`, how many it finds overdue, how many touches."""
    touches, people = pandas_frames(net)
    timezone = net.settings.timezone
    overdue = len(pandas_cadence(touches, people, timezone))
    return timed(lambda: pandas_cadence(touches, people, timezone), repeat), overdue, len(touches)


# -- incremental -----------------------------------------------------------------------


def busiest(net: SyntheticNetwork) -> ContactId:
    """The reachable contact with the most interactions."""
    counts = collections.Counter(p for i in net.interactions for p in i.contacts)
    reachable = {
        c.id for c in net.contacts if c.status is not ContactStatus.ARCHIVED and c.reachable
    }
    return next(ContactId(p) for p, _ in counts.most_common() if p in reachable)


def incremental_store(net: SyntheticNetwork, every: int) -> InMemoryStore:
    """A store holding ``net`` with only every ``every``-th interaction up to ``NOW``,
    and every interaction after it: the history is cut, the plans are the same."""
    now = epoch_us(NOW)
    past = [i for i in net.interactions if epoch_us(i.at) <= now]
    planned = [i for i in net.interactions if epoch_us(i.at) > now]
    return InMemoryStore.from_records(
        settings=net.settings,
        profile=net.profile,
        contacts=net.contacts,
        communities=net.communities,
        events=net.events,
        goals=net.goals,
        interactions=[*past[::every], *planned],
        commitments=net.commitments,
    )


def incremental(
    net: SyntheticNetwork,
    repeat: int,
    person: ContactId,
    *,
    every: int = 100,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Median milliseconds to add one interaction with ``person`` and ask for their next
    item, in a store holding all of ``net`` and in one holding every ``every``-th
    interaction up to ``NOW`` (see :func:`incremental_store`), with each contact's
    history size. The two are timed in turns, so that the machine's load weighs on both
    alike; ``clock`` is wall-clock seconds unless told (``time.process_time``: CPU)."""
    stores = (incremental_store(net, 1), incremental_store(net, every))
    engine = Engine()
    histories = [len(store.interactions(contact=person)) for store in stores]
    for store in stores:
        engine.next_follow_up(store, person, now=NOW)
    samples = INCREMENTAL_SAMPLES * repeat
    runs: tuple[list[float], list[float]] = ([], [])
    with gc_paused():
        for n in range(samples):
            for store, times in zip(stores, runs, strict=True):
                interaction = Interaction(
                    [person],
                    NOW.subtract(seconds=samples - n),
                    Channel.EMAIL,
                    direction=Direction.INBOUND if n % 2 else Direction.OUTBOUND,
                    id=f"bench-{n:06d}",
                )
                started = clock()
                store.add_interaction(interaction)
                engine.next_follow_up(store, person, now=NOW)
                times.append(clock() - started)
    full, small = (statistics.median(times) * 1000 for times in runs)
    return (full, histories[0]), (small, histories[1])


# -- memory ----------------------------------------------------------------------------


def bytes_per_interaction(contacts: int, interactions: int, seed: int) -> float:
    """Memory an in-memory store holds per interaction, with its summaries warm."""
    if not interactions:
        return 0.0
    gc.collect()
    tracemalloc.start()
    net = network(contacts, interactions, seed=seed, start=START, end=END)
    store = net.to_store()
    Engine().agenda(store, now=NOW)
    others: dict[str, Any] = {
        "settings": net.settings,
        "profile": net.profile,
        "contacts": net.contacts,
        "communities": net.communities,
        "events": net.events,
        "goals": net.goals,
        "commitments": net.commitments,
    }
    del net
    gc.collect()
    with_interactions, _ = tracemalloc.get_traced_memory()
    bare = InMemoryStore.from_records(**others)
    Engine().agenda(bare, now=NOW)
    del store, others
    gc.collect()
    without, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del bare
    return (with_interactions - without) / interactions


# -- the run ---------------------------------------------------------------------------


# -- the sections of a run -------------------------------------------------------------

#: How a section reports one figure: ``show(key, value, note)``.
Show = Callable[..., None]


def memory_figures(net: SyntheticNetwork, repeat: int, show: Show) -> dict[str, float]:
    """The in-memory figures and their ratios to the pandas floor."""
    figures: dict[str, float] = {}

    def keep(key: str, value: float, note: str = "") -> None:
        figures[key] = value
        show(key, value, note)

    store = net.to_store()
    seconds, items = agenda_memory(store, repeat)
    keep("agenda_memory_s", seconds, f"{items} items")
    # With room for everyone, every contact with something today is evaluated in full.
    seconds, items = agenda_memory(store, repeat, capacity=len(net.contacts))
    keep("agenda_memory_unbounded_s", seconds, f"capacity {len(net.contacts)}: {items} items")
    seconds, items = follow_ups_memory(store, repeat)
    keep("follow_ups_memory_s", seconds, f"{items} follow-ups")
    seconds, items = health_memory(store, repeat)
    keep("health_memory_s", seconds, f"{items} contacts")
    del store

    seconds, overdue, rows = pandas_figure(net, repeat)
    keep("pandas_cadence_s", seconds, f"{overdue} overdue, {rows} touches")
    keep("agenda_pandas_ratio", figures["agenda_memory_s"] / seconds)
    keep("follow_ups_pandas_ratio", figures["follow_ups_memory_s"] / seconds)
    keep("health_pandas_ratio", figures["health_memory_s"] / seconds)
    return figures


def sqlite_figures(net: SyntheticNetwork, repeat: int, show: Show) -> None:
    """The SQLite figures: import against raw inserts, cold reads against a ``GROUP BY``."""
    with tempfile.TemporaryDirectory(prefix="relnet-bench-") as folder:
        imported, path = import_sqlite(net, Path(folder), repeat)
        show("import_sqlite_s", imported)
        raw = raw_insert(net, Path(folder), repeat)
        show("raw_sqlite_insert_s", raw)
        show("import_ratio", imported / raw)
        cold = agenda_sqlite_cold(path, repeat)
        show("agenda_sqlite_cold_s", cold)
        floor, found = sql_last_touch(path, repeat)
        show("sql_last_touch_s", floor, f"{found} contacts")
        show("agenda_sqlite_ratio", cold / floor)
        cold, found = follow_ups_sqlite_cold(path, repeat)
        show("follow_ups_sqlite_cold_s", cold, f"{found} follow-ups")
        show("follow_ups_sqlite_ratio", cold / floor)
        show_walls(show, path, busiest(net), repeat)
        show_mcp(net, path, repeat, show)


#: The commands timed as whole processes: a name, and the arguments after ``relnet``
#: (``{db}``, ``{now}`` and ``{who}`` filled in).
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("version", ("--version",)),
    ("agenda", ("--db", "{db}", "--now", "{now}", "agenda")),
    ("show", ("--db", "{db}", "--now", "{now}", "show", "{who}")),
    ("contacts", ("--db", "{db}", "--now", "{now}", "contacts")),
    ("health", ("--db", "{db}", "--now", "{now}", "health")),
)


def command_wall_times(path: Path, who: str, repeat: int) -> dict[str, float]:
    """The median wall time of each of :data:`COMMANDS` run as a new ``relnet`` process
    on the SQLite file at ``path`` (output discarded, as a pipe would take it)."""
    return {name: wall for name, (wall, _) in command_times(path, who, repeat).items()}


def command_times(path: Path, who: str, repeat: int) -> dict[str, tuple[float, float]]:
    """:func:`command_wall_times`, each with the median processor time (user and
    system) of the same runs: on a loaded machine the wall time includes waiting for a
    processor, and the processor time says what the command itself cost."""
    times: dict[str, tuple[float, float]] = {}
    env = {**os.environ, "RELNET_DB": str(path)}
    # An installed package carries its bytecode; a source checkout gets it here once.
    compileall.compile_dir(Path(relnet.__file__).parent, quiet=1)
    for name, template in COMMANDS:
        args = [a.format(db=path, now=NOW.isoformat(), who=who) for a in template]
        runs = []
        spent = []
        for _ in range(repeat + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "relnet.cli", *args],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=True,
            )
            runs.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        # The first run warms the file cache.
        times[name] = (statistics.median(runs[1:]), statistics.median(spent[1:]))
    return times


def show_walls(show: Callable[[str, float, str], None], path: Path, who: str, repeat: int) -> None:
    """Print the ``cli_*_s`` figures (see :func:`command_times`)."""
    for name, (wall, cpu) in command_times(path, who, max(repeat, 5)).items():
        target = 0.15 if name == "version" else 0.4
        show(
            f"cli_{name}_s",
            wall,
            f"relnet {name}, whole process; target {target} s; processor {cpu:.3f} s",
        )


def mcp_latency(
    path: Path, people: tuple[ContactId, ContactId], repeat: int
) -> tuple[float, float, float, int] | None:
    """Median milliseconds of the MCP tools ``agenda`` and ``get_contact`` (for each of
    ``people``) over the SQLite file, through the SDK's in-memory client, and the
    agenda's length; None without the ``mcp`` package."""
    try:
        import anyio
        from mcp import Client

        from relnet.cli._mcp import build_server
        from relnet.cli._session import Session
    except ImportError:
        return None
    server = build_server(Session(db=path, now_text=NOW.isoformat()), read_only=True)
    calls = max(5, repeat)

    async def measure() -> tuple[float, float, float, int]:
        async with Client(server) as client:

            async def median_ms(name: str, arguments: dict[str, Any]) -> tuple[float, Any]:
                first = await client.call_tool(name, arguments)  # untimed
                if first.is_error:
                    raise RuntimeError(f"{name} failed: {first.content}")
                times = []
                for _ in range(calls):
                    started = time.perf_counter()
                    await client.call_tool(name, arguments)
                    times.append(time.perf_counter() - started)
                return statistics.median(times) * 1000, first.structured_content

            agenda_ms, agenda = await median_ms("agenda", {})
            contact_ms, _ = await median_ms("get_contact", {"who": people[0]})
            typical_ms, _ = await median_ms("get_contact", {"who": people[1]})
            return agenda_ms, contact_ms, typical_ms, len(agenda["items"])

    return anyio.run(measure)


def typical(net: SyntheticNetwork) -> tuple[ContactId, int]:
    """A contact with the median number of interactions, and that number."""
    counts = collections.Counter(p for i in net.interactions for p in i.contacts)
    ranked = sorted(counts, key=lambda c: (counts[c], c))
    person = ranked[len(ranked) // 2]
    return person, counts[person]


def show_mcp(net: SyntheticNetwork, path: Path, repeat: int, show: Show) -> None:
    """Show the MCP figures; none, with a note, without ``mcp``."""
    busy, (usual, count) = busiest(net), typical(net)
    latency = mcp_latency(path, (busy, usual), repeat)
    if latency is None:
        print("  (mcp is not installed: no MCP tool latency)")
        return
    agenda_ms, contact_ms, typical_ms, items = latency
    show("mcp_agenda_ms", agenda_ms, f"{items} items")
    show("mcp_get_contact_ms", contact_ms, f"contact {busy}, the longest history")
    show("mcp_get_contact_typical_ms", typical_ms, f"contact {usual}, {count} interactions")


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pandas": pd.__version__,
        "platform": platform.platform(),
    }


def contact_benchmarks(
    contacts: int, seed: int, repeat: int, show: Callable[[str, float, str], None]
) -> None:
    """The contact figures: LinkedIn import and re-import against their floor, dedupe."""
    rows = min(5000, contacts)
    text = contact_figures.linkedin_file(rows, seed)
    with tempfile.TemporaryDirectory(prefix="relnet-bench-") as folder:
        first, again, again_read = contact_figures.linkedin_import(text, Path(folder), repeat)
        raw = contact_figures.linkedin_raw(text, Path(folder), repeat)
        built, stored = contact_figures.linkedin_parts(text, Path(folder), repeat)
    show("linkedin_import_s", first, f"{rows} rows")
    show("linkedin_reimport_s", again, "nothing changes")
    show("linkedin_raw_s", raw, "csv + executemany")
    show("linkedin_import_ratio", first / raw, "")
    show("linkedin_reimport_ratio", again / raw, "")
    show("linkedin_reimport_read_s", again_read, "context: rows read and matched again")
    show("linkedin_contacts_s", built, "context: constructing the contacts alone")
    show("linkedin_store_s", stored, "context: add_records of them alone")
    seconds, groups = contact_figures.dedupe(10 * contacts, repeat, seed)
    show("find_duplicates_s", seconds, f"{10 * contacts} contacts, {groups} groups")


def network_figures(
    net: SyntheticNetwork, groups: set[str], dsn: str | None, repeat: int, show: Show
) -> None:
    """The figures measured on the synthetic network, for the groups asked for."""
    if "memory" in groups:
        memory_figures(net, repeat, show)
    if "sqlite" in groups:
        sqlite_figures(net, repeat, show)
    if "postgres" in groups:
        if dsn:
            for key, value, note in postgres_figures(net, dsn, NOW, repeat):
                show(key, value, note)
        else:
            print("  postgres: skipped (no --dsn and no RELNET_TEST_POSTGRES_DSN)")
    if "incremental" in groups:
        person = busiest(net)
        (ms, history), (small_ms, small_history) = incremental(net, repeat, person)
        show("incremental_ms", ms, f"contact {person}, {history} interactions")
        note = f"every 100th interaction: {small_history} with them"
        show("incremental_small_ms", small_ms, note)
        show("incremental_ratio", ms / small_ms)


#: The groups of figures ``--only`` can pick.
GROUPS = ("memory", "sqlite", "postgres", "incremental", "bytes", "contacts", "mail")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line's arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--dsn",
        default=os.environ.get("RELNET_TEST_POSTGRES_DSN"),
        help="a PostgreSQL database for the postgres_* figures (default: "
        "$RELNET_TEST_POSTGRES_DSN; none skips them)",
    )
    parser.add_argument("--messages", type=int, default=10_000, help="messages in the mbox")
    parser.add_argument(
        "--cli-only",
        action="store_true",
        help="only the cli_* figures (the network is still generated and imported)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=GROUPS,
        help="measure only this group of figures (repeatable; default: every group)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse(argv)
    groups = set(args.only or GROUPS)
    repeat = max(1, args.repeat)

    info = machine()
    print(
        f"machine: {info['cpus']} CPUs, Python {info['python']}, SQLite {info['sqlite']}, "
        f"pandas {info['pandas']}, {info['platform']}\n"
        f"parameters: {args.contacts} contacts, {args.interactions} interactions, "
        f"seed {args.seed}, median of {repeat}, now {NOW.isoformat()}"
    )
    started = time.perf_counter()
    net = network(args.contacts, args.interactions, seed=args.seed, start=START, end=END)
    print(f"generated in {time.perf_counter() - started:.1f} s")
    figures: dict[str, float] = {}

    def show(key: str, value: float, note: str = "") -> None:
        figures[key] = value
        unit = "" if key.endswith(("_ratio", "_interaction")) else " s"
        if key.endswith("_ms"):
            unit = " ms"
        print(f"  {key:<24} {value:12.4f}{unit}{f'   ({note})' if note else ''}", flush=True)

    if args.cli_only:
        with tempfile.TemporaryDirectory(prefix="relnet-bench-") as folder:
            path = Path(folder) / "cli.sqlite"
            with SQLiteStore(path) as store:
                load(net, store)
            show_walls(show, path, busiest(net), repeat)
        return report(figures, info, args, repeat)
    network_figures(net, groups, args.dsn, repeat, show)
    del net

    if "bytes" in groups:
        show(
            "bytes_per_interaction",
            bytes_per_interaction(args.contacts, args.interactions, args.seed),
        )
    if "contacts" in groups:
        contact_benchmarks(args.contacts, args.seed, repeat, show)
    if "mail" in groups:
        capture_mail.figures(args.messages, show)
    return report(figures, info, args, repeat)


def report(
    figures: dict[str, float], info: dict[str, Any], args: argparse.Namespace, repeat: int
) -> dict[str, Any]:
    """The figures with the machine and parameters, written to ``--json`` when given."""
    result = {
        **figures,
        "machine": info,
        "parameters": {
            "contacts": args.contacts,
            "interactions": args.interactions,
            "repeat": repeat,
            "seed": args.seed,
            "now": NOW.isoformat(),
            "messages": args.messages,
        },
    }
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
