"""Mail capture against the standard library reading the same headers (used by run.py).

Usage alone::

    python benchmarks/capture_mail.py --messages 100000

``mail_stdlib_s``
    The floor: :class:`mailbox.mbox` and :class:`email.parser.BytesHeaderParser` with
    ``policy.default`` reading each message's From, To, Cc, Date, Subject and Message-ID
    (addresses and aware dates), nothing else.
``mail_capture_s`` and ``mail_capture_ratio``
    :func:`relnet.interop.mail.read_mail` and :func:`relnet.interop.capture_into` into a
    fresh SQLite file; the ratio is over the floor (target: at most 2).
``mail_recapture_s`` and ``mail_recapture_ratio``
    The same archive captured again into the same file (nothing new), passing the
    store's ``known`` test so known messages are not parsed; the ratio is over the
    first capture (target: at most 0.5).
"""

from __future__ import annotations

import argparse
import email.policy
import mailbox
import random
import sys
import tempfile
import time
from collections.abc import Callable
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from relnet.adapters.sqlite import SQLiteStore
from relnet.interop import capture_into
from relnet.interop.capture import stored
from relnet.interop.mail import read_mail

ME = "me@example.com"
_NAMES = ["Ada Lovelace", "Bob Babbage", "Chloé Durand", "Dmitri Ivanov", "Eve Hopper"]


def write_archive(path: Path, messages: int, people: int = 2_000, seed: int = 7) -> None:
    """An mbox of ``messages`` with the headers real mail carries, a third of them sent."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(messages):
            other = rng.randrange(people)
            name = _NAMES[other % len(_NAMES)]
            address = f"person{other}@example.org"
            sent = n % 3 == 0
            sender = f"Me <{ME}>" if sent else f"=?utf-8?q?{name.replace(' ', '_')}?= <{address}>"
            to = f"{name} <{address}>" if sent else f"Me <{ME}>"
            cc = f"person{(other + 1) % people}@example.org" if n % 5 == 0 else ""
            day = 1 + n % 28
            bulk = "List-Id: <news.example.org>\n" if n % 17 == 0 else ""
            out.write(
                f"From {address} Mon Jan  5 10:00:00 2026\n"
                f"Return-Path: <{address}>\n"
                f"Received: from mx.example.org (mx.example.org [192.0.2.1])\n"
                f"\tby mail.example.com with ESMTPS id {n:08x}\n"
                f"\tfor <{ME}>; Mon, {day:02d} Jun 2025 10:{n % 60:02d}:00 +0000\n"
                f"From: {sender}\nTo: {to}\n"
                + (f"Cc: {cc}\n" if cc else "")
                + f"Subject: Message number {n} about the plan\n"
                f"Date: Mon, {day:02d} Jun 2025 10:{n % 60:02d}:00 +0200\n"
                f"Message-ID: <{n}.{seed}@example.org>\n"
                f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n{bulk}\n"
                f"Hello,\n\nthe body of message {n}, which capture never reads.\n\n"
            )


def stdlib_floor(path: Path) -> int:
    """Read every message's headers with the standard library alone; returns a count."""
    parser = BytesHeaderParser(policy=email.policy.default)
    box = mailbox.mbox(path, factory=None, create=False)
    seen = 0
    for key in box.iterkeys():
        message = parser.parsebytes(box.get_bytes(key))
        for name in ("From", "To", "Cc"):
            header = message.get(name)
            if header is not None:
                seen += len(header.addresses)
        date = message.get("Date")
        if date is not None and date.datetime is not None:
            seen += 1
        seen += len(str(message.get("Subject", ""))) > 0
        seen += len(str(message.get("Message-ID", ""))) > 0
    box.close()
    return seen


def seconds(call: Callable[[], Any]) -> tuple[float, Any]:
    """Wall-clock seconds of one call, and what it returned."""
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def figures(messages: int, show: Callable[..., None]) -> None:
    """Measure the capture figures on a generated archive of ``messages``."""
    with tempfile.TemporaryDirectory(prefix="relnet-mail-") as folder:
        path = Path(folder) / "All mail.mbox"
        write_archive(path, messages)
        floor, _ = seconds(lambda: stdlib_floor(path))
        show("mail_stdlib_s", floor, f"{messages} messages")
        store = SQLiteStore(Path(folder) / "capture.db")
        try:
            first, report = seconds(
                lambda: capture_into(store, read_mail(path, me=ME, create="all"))
            )
            show(
                "mail_capture_s",
                first,
                f"{len(report.interactions_added)} interactions, {len(report.people_added)} people",
            )
            show("mail_capture_ratio", first / floor, "target <= 2")
            again, result = seconds(
                lambda: read_mail(path, me=ME, create="all", known=lambda i: stored(store, i))
            )
            extra, report = seconds(lambda: capture_into(store, result))
            again += extra
            show(
                "mail_recapture_s",
                again,
                f"{result.skipped.get('already captured', 0)} already captured, "
                f"{len(report.interactions_added)} added",
            )
            show("mail_recapture_ratio", again / first, "target <= 0.5")
        finally:
            store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args(argv)

    def show(key: str, value: float, note: str = "") -> None:
        print(f"  {key:<24} {value:12.4f}{f'   ({note})' if note else ''}", flush=True)

    figures(args.messages, show)


if __name__ == "__main__":
    main(sys.argv[1:])
