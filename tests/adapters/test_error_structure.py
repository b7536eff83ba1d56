"""What the SQL drivers' own integrity errors become: relnet errors with their structure
(the conflicting record's kind and id and the reason; the missing record's role)."""

from __future__ import annotations

import sqlite3

import pytest

from relnet import ConflictError, Contact, NotFoundError
from relnet.adapters.sqlite import SQLiteStore
from tests.adapters.sql_stores import postgres_stores


def test_sqlite_integrity_errors_say_what_they_are() -> None:
    with SQLiteStore(":memory:") as store:
        store.add_contact(Contact("Ada", id="ada"))
        with pytest.raises(ConflictError) as conflict:
            store._run("INSERT INTO contacts (id, version, active, doc) VALUES ('ada', 0, 1, '')")
        assert isinstance(conflict.value.__cause__, sqlite3.IntegrityError)
        assert (conflict.value.reason, conflict.value.retryable) == ("duplicate", False)
        with pytest.raises(NotFoundError) as missing:
            store._run("INSERT INTO goal_contacts (goal_id, contact_id) VALUES ('no-goal', 'ada')")
        assert missing.value.role == "reference"
        assert [c.id for c in store.contacts()] == ["ada"]


@pytest.mark.postgres
def test_postgres_integrity_errors_name_the_record() -> None:
    with postgres_stores() as make:
        store = make()
        store.add_contact(Contact("Ada", id="ada"))
        with pytest.raises(ConflictError) as conflict:
            store._run("INSERT INTO contacts (id, version, active, doc) VALUES ('ada', 0, 1, '')")
        found = conflict.value
        assert (found.kind, found.id, found.reason, found.retryable) == (
            "contact",
            "ada",
            "duplicate",
            False,
        )
        with pytest.raises(NotFoundError) as missing:
            store._run("INSERT INTO goal_contacts (goal_id, contact_id) VALUES ('no-goal', 'ada')")
        assert (missing.value.kind, missing.value.id, missing.value.role) == (
            "goal",
            "no-goal",
            "reference",
        )
