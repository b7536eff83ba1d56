"""A random sequence of commands never loses a committed record.

Each step runs one command through click's runner on one database, and a model keeps
the ids of the contacts, interactions and promises that must be stored: a command
that succeeds changes them only as it says (forget erases a person, unlog and cancel
remove one record, import json brings back what the dump held); a refused command
changes nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet.cli import cli
from tests.cli.conftest import NOW, ZONE, dump

NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
BOGUS = "no-such-id"


@attrs.define
class Model:
    """The ids that must be stored, and the dump exported last (with its ids)."""

    contacts: set[str] = attrs.field(factory=set)
    interactions: dict[str, str] = attrs.field(factory=dict)  # id -> its one participant
    promises: dict[str, str] = attrs.field(factory=dict)  # id -> its contact
    names: dict[str, str] = attrs.field(factory=dict)  # contact id -> name
    exported: Model | None = None

    def copy(self) -> Model:
        return Model(
            set(self.contacts), dict(self.interactions), dict(self.promises), dict(self.names)
        )


def stored_ids(db: Path) -> tuple[set[str], set[str], set[str]]:
    document = json.loads(dump(db))
    return (
        {c["id"] for c in document.get("contacts", [])},
        {i["id"] for i in document.get("interactions", [])},
        {c["id"] for c in document.get("commitments", [])},
    )


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "add",
                "add-again",
                "log",
                "promise",
                "unlog",
                "cancel",
                "forget",
                "archive",
                "unarchive",
                "edit",
                "bad-edit",
                "snooze-past",
                "snooze",
                "unsnooze",
                "export",
                "import",
            ]
        ),
        st.integers(0, 10),
        st.booleans(),
    ),
    min_size=1,
    max_size=14,
)


def pick(pool: list[str], index: int, real: bool) -> str:
    """One of ``pool`` (by ``index``), or an id nothing has when ``real`` is false or
    the pool is empty."""
    return pool[index % len(pool)] if real and pool else BOGUS


def step(  # noqa: C901, PLR0912, PLR0915 - one branch per operation
    invoke: Any, model: Model, backup: Path, name: str, index: int, real: bool
) -> Any:
    """Run one operation; return the result and the model it should leave (or None:
    the command must be refused and change nothing)."""
    people = sorted(model.contacts)
    after = model.copy()
    after.exported = model.exported
    if name in ("add", "add-again"):
        who = NAMES[index % len(NAMES)]
        args = ["add", who, "--json", *(["--again"] if name == "add-again" else [])]
        result = invoke(*args)
        taken = who in model.names.values()
        if taken and name == "add":
            return result, None
        record = json.loads(result.stdout)
        after.contacts.add(record["id"])
        after.names[record["id"]] = who
        return result, after
    if name == "log":
        who = pick(people, index, real)
        at = f"2026-02-{index + 1:02d} 10:00"
        result = invoke("log", who, "--channel", "call", "--at", at, "--json")
        if who == BOGUS:
            return result, None
        after.interactions[json.loads(result.stdout)["id"]] = who
        return result, after
    if name == "promise":
        who = pick(people, index, real)
        result = invoke("promise", who, f"thing {index}", "--due", "2026-04-01", "--json")
        if who == BOGUS:
            return result, None
        after.promises[json.loads(result.stdout)["id"]] = who
        return result, after
    if name == "unlog":
        chosen = pick(sorted(model.interactions), index, real)
        result = invoke("unlog", chosen)
        if chosen == BOGUS:
            return result, None
        del after.interactions[chosen]
        return result, after
    if name == "cancel":
        chosen = pick(sorted(model.promises), index, real)
        result = invoke("promise", "cancel", chosen)
        if chosen == BOGUS:
            return result, None
        del after.promises[chosen]
        return result, after
    if name == "forget":
        who = pick(people, index, real)
        result = invoke("forget", who, "--yes")
        if who == BOGUS:
            return result, None
        after.contacts.discard(who)
        after.names.pop(who)
        after.interactions = {i: c for i, c in after.interactions.items() if c != who}
        after.promises = {p: c for p, c in after.promises.items() if c != who}
        return result, after
    if name in ("archive", "unarchive", "unsnooze", "edit", "snooze"):
        who = pick(people, index, real)
        extra = {
            "edit": ["--org", f"Org {index}", "--tag", "t"],
            "snooze": ["--until", "2026-06-01"],
        }.get(name, [])
        result = invoke(name, who, *extra)
        return result, (None if who == BOGUS else after)
    if name == "bad-edit":
        return invoke("edit", pick(people, index, True), "--cadence", "every 0 weeks"), None
    if name == "snooze-past":
        return invoke("snooze", pick(people, index, True), "--until", "2020-01-01"), None
    if name == "export":
        result = invoke("export", "json", str(backup))
        after.exported = model.copy()
        return result, after
    # import: the last export merged back (refused when there is none yet)
    if model.exported is None:
        return invoke("import", "json", str(backup.with_name("missing.json"))), None
    result = invoke("import", "json", str(backup))
    saved = model.exported
    after.contacts |= saved.contacts
    after.names.update(saved.names)
    after.interactions.update(saved.interactions)
    after.promises.update(saved.promises)
    return result, after


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_no_committed_record_is_ever_lost(
    operations: list[tuple[str, int, bool]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("sequence")
    db = folder / "relnet.db"
    backup = folder / "backup.json"
    runner = CliRunner(env={"RELNET_DB": None, "TZ": ZONE})

    def invoke(*args: str) -> Any:
        return runner.invoke(
            cli, ["--db", str(db), "--now", NOW, *args], catch_exceptions=False, input=""
        )

    assert invoke("init", "--timezone", ZONE).exit_code == 0
    model = Model()
    for name, index, real in operations:
        before = dump(db)
        result, expected = step(invoke, model, backup, name, index, real)
        if expected is None:
            assert result.exit_code == 2, (name, result.stdout, result.stderr)
            assert result.stderr.startswith("relnet: error: "), result.stderr
            assert dump(db) == before, name
            continue
        assert result.exit_code == 0, (name, result.stdout, result.stderr)
        model = expected
        contacts, interactions, promises = stored_ids(db)
        assert contacts == model.contacts, name
        assert interactions == set(model.interactions), name
        assert promises == set(model.promises), name
