"""``relnet mcp`` as a real process on stdio: the SDK's stdio client, raw protocol
lines, a client that goes away, a store locked by another writer, and the command line
writing while the server runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

pytest.importorskip("mcp")
pytest.importorskip("click")

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import LATEST_PROTOCOL_VERSION

from relnet.adapters.sqlite import SQLiteStore
from relnet.cli._session import close_store, open_store
from relnet.model import Channel, Contact, ContactId
from tests.mcp_server.conftest import NOW

SRC = Path(__file__).resolve().parents[2] / "src"


def env() -> dict[str, str]:
    """The child's environment: this relnet first on the path, no inherited database."""
    base = {k: v for k, v in os.environ.items() if k not in {"RELNET_DB", "FORCE_COLOR"}}
    base["PYTHONPATH"] = os.pathsep.join([str(SRC), base.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    base["TZ"] = "Europe/Paris"
    return base


def command(db: Path, *extra: str) -> list[str]:
    """``relnet mcp --db DB --now NOW`` as the child runs it."""
    return ["-m", "relnet.cli", "mcp", "--db", str(db), "--now", NOW, *extra]


def interactions_with(db: Path, contact: str) -> list[str]:
    """The summaries of what is logged with ``contact``, read with the library."""
    store = open_store(db)
    try:
        return [i.summary for i in store.interactions(contact=ContactId(contact))]
    finally:
        close_store(store)


def test_a_round_trip_over_stdio(db: Path, tmp_path: Path) -> None:
    """Initialise, list the tools, read the agenda and log an interaction: the file
    holds it afterwards. Logs, if any, went to standard error, never to the protocol."""
    params = StdioServerParameters(command=sys.executable, args=command(db), env=env())

    async def main() -> tuple[list[str], Any, Any]:
        with (tmp_path / "stderr.txt").open("w", encoding="utf-8") as errors:
            async with stdio_client(params, errlog=errors) as (read, write):  # noqa: SIM117
                async with ClientSession(read, write) as session:
                    started = await session.initialize()
                    assert started.server_info.name == "relnet"
                    tools = [t.name for t in (await session.list_tools()).tools]
                    agenda = await session.call_tool("agenda", {})
                    logged = await session.call_tool(
                        "log_interaction",
                        {"who": "ada@example.org", "channel": "call", "summary": "by phone"},
                    )
                    return tools, agenda, logged

    tools, agenda, logged = anyio.run(main)
    assert {"agenda", "log_interaction", "get_contact"} <= set(tools)
    assert not agenda.is_error
    assert agenda.structured_content["today"] == "2026-03-02"
    assert not logged.is_error, logged.content
    assert interactions_with(db, "ada")[-1] == "by phone"
    assert "Traceback" not in (tmp_path / "stderr.txt").read_text(encoding="utf-8")


class Raw:
    """The server as a child process spoken to in raw JSON-RPC lines."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *command(db, *extra)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        self.next_id = 0

    @property
    def stdin(self) -> IO[str]:
        assert self.process.stdin is not None
        return self.process.stdin

    def send(self, line: str) -> None:
        self.stdin.write(line + "\n")
        self.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> int:
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.send(json.dumps(message))
        return self.next_id

    def answer(self, wanted: int) -> dict[str, Any]:
        """The response to request ``wanted`` (skipping anything else the server says)."""
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            assert line, self.finish()
            message: dict[str, Any] = json.loads(line)  # stdout carries only protocol
            if message.get("id") == wanted:
                return message

    def start(self) -> None:
        asked = self.request(
            "initialize",
            {
                "protocolVersion": LATEST_PROTOCOL_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        )
        assert "result" in self.answer(asked)
        self.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        return self.answer(self.request("tools/call", {"name": name, "arguments": arguments}))

    def finish(self) -> str:
        """Close standard input and wait: the server ends by itself. Its stderr."""
        self.stdin.close()
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        with self.process.stdout, self.process.stderr:
            self.process.stdout.read()
            errors = self.process.stderr.read()
        self.process.wait(timeout=60)
        return errors


def test_the_server_survives_malformed_requests_and_unknown_tools(db: Path) -> None:
    server = Raw(db)
    try:
        server.start()
        server.send("this is not json")
        server.send('{"jsonrpc": "2.0", "id": 90, "method": 42}')
        unknown = server.answer(server.request("no/such/method", {}))
        assert "error" in unknown
        tool = server.call("no_such_tool", {})
        assert tool["result"]["isError"] is True
        bad = server.call("agenda", {"date": ["not", "a", "date"]})
        assert bad["result"]["isError"] is True
        good = server.call("get_contact", {"who": "ada"})
        assert good["result"].get("isError") is not True
        assert good["result"]["structuredContent"]["contact"]["name"] == "Ada Lovelace"
    finally:
        errors = server.finish()
    assert server.process.returncode == 0, errors


def test_a_client_that_goes_away_mid_call_leaves_a_sound_store(db: Path) -> None:
    """The client sends a write and leaves at once: the server ends cleanly, and the
    store holds the interaction whole or not at all."""
    server = Raw(db)
    server.start()
    server.request(
        "tools/call",
        {"name": "log_interaction", "arguments": {"who": "grace", "channel": "note"}},
    )
    errors = server.finish()
    assert server.process.returncode == 0, errors
    assert "Traceback" not in errors
    store = open_store(db)
    try:
        notes = [i for i in store.interactions() if i.channel is Channel.NOTE]
        assert len(notes) <= 1
        store.get_contact(ContactId("grace"))
    finally:
        close_store(store)


def test_a_missing_database_stops_the_server_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, *command(tmp_path / "none.db")],
        input="",
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("relnet: error: no relnet database at ")
    assert not (tmp_path / "none.db").exists()


def test_a_write_waits_for_a_store_locked_by_another_writer(db: Path) -> None:
    """While another connection holds the write lock, reads go on and a write waits its
    turn, then lands."""
    locked = threading.Event()
    release = threading.Event()

    def hold() -> None:
        store = SQLiteStore(db)
        try:
            with store.transaction():
                store.add_contact(Contact("Held Writer", id="held"))
                locked.set()
                release.wait(30)
        finally:
            store.close()

    holder = threading.Thread(target=hold)
    holder.start()
    server = Raw(db)
    try:
        assert locked.wait(30)
        server.start()
        read = server.call("agenda", {})
        assert read["result"].get("isError") is not True
        asked = server.request(
            "tools/call",
            {"name": "log_interaction", "arguments": {"who": "ada", "channel": "call"}},
        )
        time.sleep(0.5)  # let the server meet the lock before it is released
        release.set()
        written = server.answer(asked)
        assert written["result"].get("isError") is not True, written
    finally:
        release.set()
        holder.join()
        server.finish()
    assert len(interactions_with(db, "ada")) == 2


def test_command_line_writes_while_the_server_runs(db: Path) -> None:
    """``relnet log`` in other processes and the server's own writes interleave; every
    one of them is kept, and the server reads what the others wrote."""
    server = Raw(db)
    try:
        server.start()
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "relnet.cli",
                    "--db",
                    str(db),
                    "--now",
                    NOW,
                    "log",
                    "grace",
                    "--channel",
                    "call",
                    "--summary",
                    f"cli {n}",
                ],
                env=env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        for n in range(4):
            done = server.call(
                "log_interaction", {"who": "grace", "channel": "note", "summary": f"mcp {n}"}
            )
            assert done["result"].get("isError") is not True, done
        for child in children:
            _, errors = child.communicate(timeout=120)
            assert child.returncode == 0, errors
        seen = server.call("history", {"who": "grace"})
        summaries = {i["summary"] for i in seen["result"]["structuredContent"]["interactions"]}
    finally:
        server.finish()
    expected = {f"cli {n}" for n in range(4)} | {f"mcp {n}" for n in range(4)} | {"coffee"}
    assert summaries == expected
    assert set(interactions_with(db, "grace")) == expected


def test_without_the_sdk_the_command_says_what_to_install(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from relnet.cli import cli

    for name in [n for n in sys.modules if n == "mcp" or n.startswith("mcp.")]:
        monkeypatch.setitem(sys.modules, name, None)  # what a missing package looks like
    monkeypatch.delitem(sys.modules, "relnet.cli._mcp", raising=False)
    result = CliRunner().invoke(cli, ["--db", str(db), "mcp"])
    assert result.exit_code == 2  # a missing optional package is the user's to install
    assert result.stdout == ""
    assert (
        result.stderr
        == "relnet: error: relnet mcp needs the MCP SDK: pip install 'relnet[cli,mcp]'\n"
    )
