"""Every tool of ``relnet mcp`` through the SDK's in-memory client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")
pytest.importorskip("click")

from click.testing import CliRunner
from mcp import Client
from mcp.server import MCPServer

from relnet.cli import cli
from relnet.cli._mcp import READ_TOOLS, WRITE_TOOLS, _OneHistory
from relnet.cli._session import close_store, open_store
from relnet.model import Channel, Circle, ContactId, Direction, Party
from tests.mcp_server.conftest import MOMENT, NOW, call, data, dump, error, text, with_client


def relnet_json(db: Path, *args: str) -> Any:
    """What ``relnet --db DB --now NOW ARGS... --json`` prints, parsed."""
    result = CliRunner().invoke(cli, ["--db", str(db), "--now", NOW, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_tool_is_listed_with_a_description_and_a_schema(server: MCPServer[Any]) -> None:
    async def work(client: Client) -> Any:
        return await client.list_tools()

    listed = {tool.name: tool for tool in with_client(server, work).tools}
    assert set(listed) == set(READ_TOOLS) | set(WRITE_TOOLS)
    for tool in listed.values():
        assert tool.description is not None
        assert len(tool.description) > 40, tool.name
        assert tool.input_schema["type"] == "object"
    assert listed["log_interaction"].input_schema["required"] == ["who", "channel"]
    assert set(listed["log_interaction"].input_schema["properties"]) == {
        "who",
        "channel",
        "direction",
        "at",
        "summary",
        "expects_reply",
    }
    assert listed["agenda"].annotations is not None
    assert listed["agenda"].annotations.read_only_hint is True
    assert listed["dismiss"].annotations is not None
    assert listed["dismiss"].annotations.read_only_hint is False


# -- reading --------------------------------------------------------------------------


def test_agenda_is_the_command_line_s_agenda(server: MCPServer[Any], db: Path) -> None:
    result = call(server, "agenda")
    printed = relnet_json(db, "agenda")
    assert data(result) == {**printed, "more": None}
    assert [i["name"] for i in data(result)["items"]][:1] == ["Ada Lovelace"]
    assert text(result).startswith("Agenda for 2026-03-02")
    assert "- Ada Lovelace (ada): reply owed!, due 2026-03-02" in text(result)


def test_agenda_of_another_day(server: MCPServer[Any]) -> None:
    later = data(call(server, "agenda", date="2026-03-05"))
    assert later["today"] == "2026-03-05"
    assert later["now"].startswith("2026-03-05T10:00:00")
    error(call(server, "agenda", date="someday"), "date", "someday")


def test_follow_ups_look_ahead(server: MCPServer[Any]) -> None:
    near = data(call(server, "follow_ups", days=0))
    ahead = data(call(server, "follow_ups", days=60))
    assert near["until"] == "2026-03-02"
    assert ahead["until"] == "2026-05-01"
    assert {i["contact"] for i in near["items"]} <= {i["contact"] for i in ahead["items"]}
    assert "grace" in {i["contact"] for i in ahead["items"]}
    assert call(server, "follow_ups", days=-1).is_error


def test_search_contacts_by_name_email_organization_and_tag(server: MCPServer[Any]) -> None:
    def ids(**arguments: Any) -> list[str]:
        return [c["id"] for c in data(call(server, "search_contacts", **arguments))["contacts"]]

    assert ids(query="ada") == ["byron", "ada"]  # both names start with "Ada", by name
    assert ids(query="Ada Lovelace") == ["ada"]
    assert ids(query="navy.mil") == ["grace"]
    assert ids(query="kernel") == ["linus"]
    assert ids(query="MATH") == ["ada"]
    assert ids(query="ada", limit=1) == ["byron"]
    assert ids(query="nobody") == []
    error(call(server, "search_contacts", query="  "), "query")
    assert call(server, "search_contacts", query="ada", limit=0).is_error


def test_get_contact_by_id_email_or_name(server: MCPServer[Any]) -> None:
    by_id = data(call(server, "get_contact", who="ada"))
    assert data(call(server, "get_contact", who="ADA@example.org")) == by_id
    assert data(call(server, "get_contact", who="ada lovelace")) == by_id
    assert by_id["contact"]["name"] == "Ada Lovelace"
    assert by_id["next"]["reason"] == "reply_owed"
    assert [i["summary"] for i in by_id["recent"]] == ["asked about the difference engine"]
    assert by_id["open_promises"] == []
    assert by_id["ledger"]["contact"] == "ada"
    grace = data(call(server, "get_contact", who="grace"))
    assert [p["id"] for p in grace["open_promises"]] == ["p1"]


def test_an_ambiguous_or_unknown_who_is_an_error_listing_the_candidates(
    server: MCPServer[Any], db: Path
) -> None:
    before = dump(db)
    message = error(
        call(server, "get_contact", who="Ada"), "Ada Lovelace (ada)", "Ada Byron (byron)"
    )
    assert "2 contacts" in message
    error(call(server, "log_interaction", who="Ada", channel="meeting"), "(ada)", "(byron)")
    error(call(server, "snooze", who="Adda Lovelace", until="friday"), "no contact matches")
    assert dump(db) == before


def test_explain_and_draft(server: MCPServer[Any], db: Path) -> None:
    explained = call(server, "explain", who="ada")
    assert data(explained) == relnet_json(db, "explain", "ada")
    assert text(explained).startswith("Ada Lovelace on 2026-03-02")
    drafted = call(server, "draft", who="ada@example.org")
    assert data(drafted) == relnet_json(db, "draft", "ada")
    assert text(drafted) == data(drafted)["draft"]
    first = call(server, "draft", who="linus")  # never in touch: a first message
    assert data(first) == relnet_json(db, "draft", "linus")
    error(call(server, "draft", who="nobody at all"), "no contact matches")


def test_intro_paths_goals_and_health(server: MCPServer[Any], db: Path) -> None:
    paths = data(call(server, "intro_paths", who="grace"))
    assert paths["contact"] == "grace"
    assert paths["paths"] == relnet_json(db, "paths", "grace")
    assert data(call(server, "goals")) == {"goals": relnet_json(db, "goals")}
    assert data(call(server, "health")) == relnet_json(db, "health")
    assert "4 relationships" in text(call(server, "health"))


def test_history_with_anyone_or_one_person(server: MCPServer[Any]) -> None:
    everything = data(call(server, "history"))["interactions"]
    assert [i["summary"] for i in everything] == ["asked about the difference engine", "coffee"]
    assert [i["summary"] for i in data(call(server, "history", who="grace"))["interactions"]] == [
        "coffee"
    ]
    recent = data(call(server, "history", since="2026-02-01"))["interactions"]
    assert [i["summary"] for i in recent] == ["asked about the difference engine"]
    assert len(data(call(server, "history", since="3 days ago"))["interactions"]) == 1
    assert len(data(call(server, "history", limit=1))["interactions"]) == 1
    error(call(server, "history", since="whenever"), "since", "whenever")


def test_resources(server: MCPServer[Any], db: Path) -> None:
    async def work(client: Client) -> tuple[Any, Any, list[str], list[str]]:
        today = await client.read_resource("relnet://agenda/today")
        person = await client.read_resource("relnet://contact/ada")
        listed = [str(r.uri) for r in (await client.list_resources()).resources]
        templates = [
            t.uri_template for t in (await client.list_resource_templates()).resource_templates
        ]
        return today.contents[0], person.contents[0], listed, templates

    today, person, listed, templates = with_client(server, work)
    assert listed == ["relnet://agenda/today"]
    assert templates == ["relnet://contact/{contact_id}"]
    assert json.loads(today.text) == {**relnet_json(db, "agenda"), "more": None}
    assert json.loads(person.text) == data(call(server, "get_contact", who="ada"))


def test_an_unknown_contact_resource_is_not_found(server: MCPServer[Any]) -> None:
    async def work(client: Client) -> str:
        try:
            await client.read_resource("relnet://contact/nobody")
        except Exception as failure:
            return str(failure)
        return ""

    assert "no contact has the id 'nobody'" in with_client(server, work)


# -- writing --------------------------------------------------------------------------


def test_add_contact(server: MCPServer[Any], db: Path) -> None:
    result = call(
        server,
        "add_contact",
        name="Katherine Johnson",
        circle="Close",
        cadence="every 6 weeks",
        emails=["kj@nasa.gov"],
        roles=["mentor"],
        birthday="08-26",
        introduced_by="grace@navy.mil",
    )
    stored = data(result)
    assert text(result) == f"Added Katherine Johnson (id {stored['id']})."
    store = open_store(db)
    try:
        contact = store.get_contact(stored["id"])
    finally:
        close_store(store)
    assert contact.circle is Circle.CLOSE
    assert str(contact.cadence) == "every 6 weeks"
    assert contact.introduced_by == "grace"
    assert contact.created_at is not None
    assert contact.created_at.isoformat() == "2026-03-02T10:00:00+01:00"


def test_log_interaction(server: MCPServer[Any], db: Path) -> None:
    result = call(
        server,
        "log_interaction",
        who="ada@example.org",
        channel="email",
        direction="outbound",
        at="yesterday 15:00",
        summary="answered",
        expects_reply=False,
    )
    assert text(result).startswith("Logged email with Ada Lovelace at 2026-03-01 15:00")
    store = open_store(db)
    try:
        found = store.get_interaction(data(result)["id"])
    finally:
        close_store(store)
    assert found.participants == ("ada",)
    assert found.channel is Channel.EMAIL
    assert found.direction is Direction.OUTBOUND
    assert found.expects_reply is False
    assert found.at.isoformat() == "2026-03-01T15:00:00+01:00"
    planned = call(server, "log_interaction", who="grace", channel="meeting", at="tomorrow 12:00")
    assert "(planned)" in text(planned)


def test_record_and_complete_a_promise(server: MCPServer[Any], db: Path) -> None:
    made = data(call(server, "record_promise", who="ada", what="lend the notes", due="friday"))
    assert made["due"] == "2026-03-06"
    assert made["owed_by"] == "me"
    theirs = data(
        call(server, "record_promise", who="ada", what="a reply", due="in 2 weeks", theirs=True)
    )
    assert theirs["owed_by"] == "them"
    kept = call(server, "complete_promise", promise_id=made["id"])
    assert data(kept)["done_on"] == "2026-03-02"
    store = open_store(db)
    try:
        assert store.get_commitment(made["id"]).done_on is not None
        assert store.get_commitment(theirs["id"]).owed_by is Party.THEM
    finally:
        close_store(store)
    error(call(server, "complete_promise", promise_id=made["id"]), "already kept")
    assert data(call(server, "complete_promise", promise_id="COBOL"))["id"] == "p1"


def test_snooze_dismiss_and_edit(server: MCPServer[Any], db: Path) -> None:
    snoozed = data(call(server, "snooze", who="ada", until="2026-03-20"))
    assert snoozed["snoozed_until"] == "2026-03-20"
    assert "ada" not in {i["contact"] for i in data(call(server, "agenda"))["items"]}
    before = data(call(server, "get_contact", who="grace"))["next"]["reason"]
    dismissed = call(server, "dismiss", who="grace")
    assert data(dismissed)["contact"] == "grace"
    assert data(dismissed)["reason"] == before
    assert text(dismissed).startswith("Dismissed the ")
    assert text(dismissed).endswith(" item of Grace Hopper; their other follow-ups are unchanged.")
    error(call(server, "dismiss", who="grace", reason=before), "reason", before)
    error(call(server, "dismiss", who="grace", reason="whim"), "reason", "whim")
    edited = data(
        call(server, "edit_contact", who="linus", organization="Linux Foundation", tags=["oss"])
    )
    assert edited["organization"] == "Linux Foundation"
    assert edited["tags"] == ["oss"]
    assert edited["name"] == "Linus Torvalds"
    store = open_store(db)
    try:
        assert [d.reason for d in store.dismissals(contact=ContactId("grace"))] == [before]
        assert store.get_contact(ContactId("linus")).organization == "Linux Foundation"
        assert store.get_contact(ContactId("linus")).version == 1
    finally:
        close_store(store)
    error(call(server, "edit_contact", who="linus"), "nothing to change")


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("add_contact", {"name": "X", "circle": "bestie"}, ["circle", "bestie"]),
        ("add_contact", {"name": "X", "cadence": "sometimes"}, ["cadence", "sometimes"]),
        ("add_contact", {"name": "X", "introduced_by": "nobody"}, ["no contact matches"]),
        ("add_contact", {"name": "  "}, ["name"]),
        ("log_interaction", {"who": "ada", "channel": "email"}, ["direction"]),
        ("log_interaction", {"who": "ada", "channel": "pigeon"}, ["channel", "pigeon"]),
        ("log_interaction", {"who": "ada", "channel": "call", "at": "soon"}, ["at", "soon"]),
        ("record_promise", {"who": "ada", "what": "x", "due": "later"}, ["due", "later"]),
        ("complete_promise", {"promise_id": "zzz"}, ["no promise matches"]),
        ("snooze", {"who": "ada", "until": "2026-02-30"}, ["until", "2026-02-30"]),
        ("edit_contact", {"who": "ada", "circle": "bestie"}, ["circle", "bestie"]),
        ("edit_contact", {"who": "ada", "birthday": "13-45"}, ["birthday"]),
        ("edit_contact", {"who": "ada", "timezone": "Mars/Olympus"}, ["timezone"]),
    ],
)
def test_bad_input_is_a_one_line_error_and_writes_nothing(
    server: MCPServer[Any], db: Path, tool: str, arguments: dict[str, Any], words: list[str]
) -> None:
    before = dump(db)
    error(call(server, tool, **arguments), *words)
    assert dump(db) == before


def test_arguments_of_the_wrong_type_and_unknown_tools_are_refused(
    server: MCPServer[Any], db: Path
) -> None:
    before = dump(db)

    async def work(client: Client) -> list[bool]:
        outcomes = [
            (await client.call_tool("nothing_such", {})).is_error,
            (await client.call_tool("log_interaction", {"who": 3})).is_error,
            (await client.call_tool("history", {"limit": "many"})).is_error,
        ]
        # The server is still there afterwards.
        outcomes.append((await client.call_tool("agenda", {})).is_error)
        return outcomes

    assert with_client(server, work) == [True, True, True, False]
    assert dump(db) == before


def test_get_contact_s_ledger_is_the_command_line_s(server: MCPServer[Any], db: Path) -> None:
    call(server, "log_interaction", who="ada", channel="call", at="yesterday 10:00")
    for who in ("ada", "grace", "linus"):
        view = data(call(server, "get_contact", who=who))
        assert view["ledger"] == relnet_json(db, "ledger", who)


def test_one_contact_s_history_read_once_answers_as_the_store(db: Path) -> None:
    store = open_store(db)
    try:
        for who in ("ada", "grace", "linus"):
            contact = ContactId(who)
            known = _OneHistory(store, contact)
            assert list(known.history) == list(store.interactions(contact=contact))
            for until in (MOMENT.subtract(days=41), MOMENT.subtract(days=40), MOMENT):
                assert list(known.interactions(contact=contact, until=until)) == list(
                    store.interactions(contact=contact, until=until)
                )
            assert list(known.interactions(contact=ContactId("ada"), since=MOMENT)) == []
    finally:
        close_store(store)
