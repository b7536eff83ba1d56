"""``relnet mcp --db URL``: the server opens its store through the registry, as the
command line does, and a read-only server still neither makes nor upgrades one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("mcp")
pytest.importorskip("click")

from relnet.cli._mcp import build_server
from relnet.cli._session import CliError, Session
from tests.mcp_server.conftest import NOW, call, data, dump, make_network


def _server(db: str, *, read_only: bool = False) -> object:
    return build_server(Session(db=db, now_text=NOW), read_only=read_only)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_sqlite_url_is_served(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "network.db"
    make_network(path)
    before = dump(path)
    server = build_server(Session(db=f"sqlite://{path}", now_text=NOW), read_only=read_only)
    agenda = data(call(server, "agenda"))
    assert agenda["items"][0]["name"] == "Ada Lovelace"
    logged = call(server, "log_interaction", who="ada", channel="call")
    assert logged.is_error == read_only
    assert (dump(path) == before) == read_only


def test_a_json_url_is_served(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    make_network(tmp_path / "source.db")
    path.write_text(dump(tmp_path / "source.db"), encoding="utf-8")
    server = build_server(Session(db=f"json://{path}", now_text=NOW))
    assert not call(server, "log_interaction", who="ada", channel="call").is_error
    assert '"channel": "call"' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("read_only", [False, True])
def test_no_store_at_the_url_fails_at_start_and_makes_none(tmp_path: Path, read_only: bool) -> None:
    url = f"sqlite://{tmp_path}/network.db"
    with pytest.raises(CliError, match=f"no relnet store at {tmp_path}/network.db"):
        _server(url, read_only=read_only)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_scheme_fails_at_start_naming_the_known_ones() -> None:
    with pytest.raises(CliError, match=r"unknown database scheme 'nosuch'.*known schemes: json"):
        _server("nosuch://x")


def test_a_read_only_server_does_not_upgrade_an_older_file_at_a_url(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    shutil.copyfile(
        Path(__file__).resolve().parents[1] / "data" / "release" / "network-v4.sqlite", path
    )
    before = path.read_bytes()
    with pytest.raises(CliError, match="written by an older relnet"):
        _server(f"sqlite://{path}", read_only=True)
    assert path.read_bytes() == before
