"""Worker processes for the crash-safety and concurrency tests of the file stores.

Workers are forked (cheap: relnet is already imported) where the platform allows it, and
report progress through a pipe, one short line per event, so that a worker killed in
the middle of a write cannot garble what it reported before.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pendulum

from relnet import Contact, ContactId, Interaction, Profile
from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sqlite import SQLiteStore

FileStore = SQLiteStore | JSONFileStore
OPENERS: dict[str, Callable[[Path], FileStore]] = {"sqlite": SQLiteStore, "json": JSONFileStore}
START = pendulum.datetime(2026, 1, 5, 9, tz="Europe/Paris")


def context() -> Any:
    """A multiprocessing context: fork where available (no re-import), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def open_store(kind: str, path: Path) -> FileStore:
    """The store of ``kind`` (``sqlite`` or ``json``) on ``path``."""
    return OPENERS[kind](path)


def batch_contact(batch: int) -> ContactId:
    """The id of the contact a crash-test batch adds."""
    return ContactId(f"batch-{batch:05d}")


def worker_contact(worker: int) -> ContactId:
    """The id of the contact a concurrent writer logs its interactions with."""
    return ContactId(f"worker-{worker}")


def write_batches(kind: str, path: Path, first: int, size: int, report: int) -> None:
    """Forever: one transaction per batch (a contact, ``size`` interactions with it and a
    new profile), reporting ``begin N`` and ``commit N`` on the ``report`` descriptor."""
    store = open_store(kind, path)
    batch = first
    padding = "x" * 2000
    while True:
        os.write(report, f"begin {batch}\n".encode())
        person = batch_contact(batch)
        with store.transaction():
            store.add_contact(Contact(f"Person {batch}", id=person))
            for number in range(size):
                store.add_interaction(
                    Interaction(
                        [person],
                        START.add(minutes=batch * size + number),
                        "email",
                        direction="outbound",
                        summary=f"{batch}/{number} {padding}",
                        id=f"{person}-{number:04d}",
                    )
                )
            store.set_profile(Profile(headline=f"after batch {batch}"))
        os.write(report, f"commit {batch}\n".encode())
        batch += 1


def run_writer_and_kill(
    kind: str, path: Path, first: int, size: int, delay: float
) -> tuple[list[int], list[int]]:
    """Start a batch writer, SIGKILL it ``delay`` seconds after its first batch began,
    and return the batches it reported as begun and as committed."""
    reader, writer = os.pipe()
    process: BaseProcess = context().Process(
        target=write_batches, args=(kind, path, first, size, writer), daemon=True
    )
    process.start()
    os.close(writer)
    received = b""
    try:
        while b"begin" not in received:
            chunk = os.read(reader, 4096)
            if not chunk:
                break
            received += chunk
        time.sleep(delay)
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
        while chunk := os.read(reader, 4096):
            received += chunk
    finally:
        os.close(reader)
        if process.is_alive():  # pragma: no cover - only if the kill failed
            process.kill()
    begun: list[int] = []
    committed: list[int] = []
    for line in received.decode().splitlines():
        word, _, number = line.partition(" ")
        (begun if word == "begin" else committed).append(int(number))
    return begun, committed


def add_interactions(kind: str, path: Path, worker: int, count: int) -> None:
    """Add ``count`` interactions with contact ``worker-N``, one write call each (the
    contact exists already), in time order as someone logging them would."""
    store = open_store(kind, path)
    for number in range(count):
        store.add_interaction(
            Interaction(
                [worker_contact(worker)],
                START.add(seconds=worker * count + number),
                "message",
                direction="inbound",
                id=f"w{worker}-{number:04d}",
            )
        )
    store.close()


def run_concurrent_writers(kind: str, path: Path, workers: int, count: int) -> list[int | None]:
    """Run ``workers`` processes of :func:`add_interactions` at once; their exit codes."""
    processes = [
        context().Process(target=add_interactions, args=(kind, path, worker, count))
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(300)
    return [process.exitcode for process in processes]
