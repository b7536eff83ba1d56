"""Fixtures for ``relnet mcp``: a small network in a SQLite file, a server over it, and
a way to call its tools through the SDK's in-memory client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("mcp")
pytest.importorskip("click")

import anyio
import pendulum
from mcp import Client
from mcp.server import MCPServer
from mcp.types import CallToolResult

from relnet.adapters.sqlite import SQLiteStore
from relnet.cli._mcp import build_server
from relnet.cli._session import Session, close_store, open_store
from relnet.model import Channel, Commitment, Contact, Direction, Interaction, Settings
from relnet.serialization import dump_store

T = TypeVar("T")

#: The instant every test runs at (a Monday morning in Paris), as --now.
NOW = "2026-03-02T10:00:00+01:00"
ZONE = "Europe/Paris"
MOMENT = pendulum.datetime(2026, 3, 2, 10, tz=ZONE)


def make_network(path: Path) -> None:
    """Ada Lovelace (close, wrote to you and waits for an answer), Ada Byron, Grace Hopper
    (a promise you owe her), Linus (no history), Dora (not to be contacted)."""
    store = SQLiteStore(path)
    try:
        with store.transaction():
            store.set_settings(Settings(timezone=ZONE))
            ada = store.add_contact(
                Contact(
                    "Ada Lovelace",
                    id="ada",
                    circle="close",
                    emails=("ada@example.org",),
                    organization="Analytical Engines",
                    tags=frozenset({"math"}),
                )
            )
            store.add_contact(Contact("Ada Byron", id="byron"))
            grace = store.add_contact(
                Contact("Grace Hopper", id="grace", circle="active", emails=("grace@navy.mil",))
            )
            store.add_contact(Contact("Linus Torvalds", id="linus", organization="Kernel"))
            store.add_contact(Contact("Dora Quiet", id="dora", status="do_not_contact"))
            store.add_interaction(
                Interaction(
                    participants=(ada.id,),
                    at=MOMENT.subtract(days=2),
                    channel=Channel.EMAIL,
                    direction=Direction.INBOUND,
                    expects_reply=True,
                    summary="asked about the difference engine",
                )
            )
            store.add_interaction(
                Interaction(
                    participants=(grace.id,),
                    at=MOMENT.subtract(days=40),
                    channel=Channel.MEETING,
                    summary="coffee",
                )
            )
            store.add_commitment(
                Commitment(grace.id, "send the COBOL notes", MOMENT.date().add(days=3), id="p1")
            )
    finally:
        store.close()


def dump(path: Path) -> str:
    """The whole database at ``path`` as a relnet JSON document."""
    store = open_store(path)
    try:
        return dump_store(store)
    finally:
        close_store(store)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite file holding the small network."""
    path = tmp_path / "relnet.db"
    make_network(path)
    return path


def server_over(path: Path, *, read_only: bool = False) -> MCPServer[Any]:
    """A server over ``path`` at :data:`NOW`."""
    return build_server(Session(db=path, now_text=NOW), read_only=read_only)


@pytest.fixture
def server(db: Path) -> MCPServer[Any]:
    """A read-write server over :func:`db`."""
    return server_over(db)


def with_client(server: MCPServer[Any], work: Callable[[Client], Awaitable[T]]) -> T:
    """Run ``work`` with an in-memory client connected to ``server``."""

    async def main() -> T:
        async with Client(server) as client:
            return await work(client)

    return anyio.run(main)


def call(server: MCPServer[Any], tool: str, /, **arguments: Any) -> CallToolResult:
    """Call ``tool`` through the in-memory client."""

    async def work(client: Client) -> CallToolResult:
        return await client.call_tool(tool, arguments)

    return with_client(server, work)


def data(result: CallToolResult) -> Any:
    """A successful call's structured result."""
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    return result.structured_content


def text(result: CallToolResult) -> str:
    """The readable text of a call's result (its first content block)."""
    block = result.content[0]
    assert block.type == "text"
    return block.text


def error(result: CallToolResult, *words: str) -> str:
    """Assert the call failed with a one-line message holding ``words``; return it."""
    assert result.is_error
    message = text(result)
    assert "\n" not in message, message
    assert "Traceback" not in message
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    return message
