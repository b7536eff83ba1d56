"""``relnet mcp --read-only``: no write tool is listed, none runs, the file is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")
pytest.importorskip("click")

from mcp import Client

from relnet.cli._mcp import READ_TOOLS, WRITE_TOOLS
from relnet.cli._mcp_calls import refuse_writes
from relnet.cli._session import close_store, open_store
from relnet.errors import StorageError
from relnet.model import Contact, ContactId
from relnet.serialization import dump_store
from tests.mcp_server.conftest import call, data, dump, server_over, with_client


def test_read_only_lists_no_write_tool_and_refuses_writes(db: Path) -> None:
    before = db.read_bytes()
    server = server_over(db, read_only=True)

    async def work(client: Client) -> tuple[list[str], list[bool]]:
        names = [t.name for t in (await client.list_tools()).tools]
        refused = [
            (await client.call_tool(name, {"who": "ada", "name": "X"})).is_error
            for name in WRITE_TOOLS
        ]
        return names, refused

    names, refused = with_client(server, work)
    assert sorted(names) == sorted(READ_TOOLS)
    assert all(refused)
    for tool in READ_TOOLS:
        arguments: dict[str, Any] = {}
        if tool in {"get_contact", "explain", "draft", "intro_paths"}:
            arguments["who"] = "ada"
        if tool == "search_contacts":
            arguments["query"] = "ada"
        assert not call(server, tool, **arguments).is_error, tool
    assert db.read_bytes() == before


def test_the_read_only_connection_itself_refuses_writes(db: Path) -> None:
    store = open_store(db)
    try:
        refuse_writes(store)
        with pytest.raises(StorageError), store.transaction():
            store.add_contact(Contact("Sneaky Writer"))
        assert [c.name for c in store.contacts() if c.name == "Sneaky Writer"] == []
    finally:
        close_store(store)


def test_a_json_store_is_served_read_only_too(db: Path, tmp_path: Path) -> None:
    document = tmp_path / "network.json"
    document.write_text(dump(db), encoding="utf-8")
    before = document.read_bytes()
    server = server_over(document, read_only=True)
    agenda = data(call(server, "agenda"))
    assert agenda["items"][0]["name"] == "Ada Lovelace"
    assert call(server, "log_interaction", who="ada", channel="call").is_error
    assert document.read_bytes() == before
    writable = server_over(document)
    assert not call(writable, "log_interaction", who="ada", channel="call").is_error
    store = open_store(document)
    try:
        assert len(store.interactions(contact=ContactId("ada"))) == 2
        assert dump_store(store) != before.decode("utf-8")
    finally:
        close_store(store)


@pytest.mark.parametrize("name", ["network-v4.sqlite", "network-v1.json"])
def test_a_read_only_server_does_not_upgrade_an_older_database(name: str, tmp_path: Path) -> None:
    """A file an older relnet wrote would be upgraded by opening it: a read-only server
    refuses it, says how to upgrade, and leaves every byte as it was; once upgraded (by
    any relnet command), it is served."""
    import shutil

    from relnet.cli._session import CliError

    release = Path(__file__).resolve().parents[1] / "data" / "release" / name
    path = tmp_path / name
    shutil.copyfile(release, path)
    before = path.read_bytes()
    with pytest.raises(CliError) as refused:
        server_over(path, read_only=True)
    assert "written by an older relnet" in str(refused.value)
    assert "without --read-only" in str(refused.value)
    assert path.read_bytes() == before
    close_store(open_store(path))  # any relnet command upgrades it
    assert path.read_bytes() != before
    server_over(path, read_only=True)
