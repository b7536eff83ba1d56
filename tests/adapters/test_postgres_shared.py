"""PostgresStore on shared tables: many networks in one set of tables, kept apart by
row-level security, against the real server.

The test server's DSN is a superuser's, and superusers bypass row-level security, so
these tests make two roles of their own: an owner of the shared tables (who may create
tables, but is bound by the policies like anyone else), and an application role that
may only read and write rows. Both, and the schema, are dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("psycopg")

import attrs
import pendulum
import psycopg
from hypothesis import given
from hypothesis import strategies as st
from psycopg import sql
from psycopg.conninfo import make_conninfo

from relnet import (
    Commitment,
    CommitmentId,
    ConflictError,
    Contact,
    ContactId,
    Dismissal,
    Goal,
    GoalId,
    Interaction,
    InteractionId,
    NotFoundError,
    StorageError,
    ValidationError,
)
from relnet.adapters.postgres import PostgresStore, migrate, move_to_shared
from relnet.adapters.sql.shared import (
    PARTITIONED,
    SHARED_TABLES,
    check_network,
    scope_statement,
)
from relnet.model import summarize
from relnet.storage import Store
from relnet.storage.facts import ContactFacts
from relnet.synth import SyntheticNetwork, network
from relnet.testing import Reopen, StoreContract, StoreFactory
from relnet.testing.contract._base import add_forget_scene
from tests.adapters.test_postgres_store import require_dsn

PARTITIONS = 4
NOW = pendulum.datetime(2026, 6, 1, 12, tz="UTC")


def synthetic(seed: int) -> SyntheticNetwork:
    return network(
        25,
        150,
        seed=seed,
        start=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        end=dt.datetime(2026, 5, 31, tzinfo=dt.UTC),
    )


class Server:
    """The shared tables of one test session: the roles, the schema and their DSNs."""

    def __init__(self, dsn: str) -> None:
        tag = secrets.token_hex(5)
        self.superuser = dsn
        self.owner_role = f"relnet_owner_{tag}"
        self.app_role = f"relnet_app_{tag}"
        self.schema = f"relnet_shared_{tag}"
        self.owner = make_conninfo(dsn, user=self.owner_role)
        self.app = make_conninfo(dsn, user=self.app_role)
        self.schemas: list[str] = []

    def execute(self, statement: sql.Composable | str, *args: Any) -> list[tuple[Any, ...]]:
        """Run ``statement`` as the superuser; its rows."""
        with psycopg.connect(self.superuser, autocommit=True) as conn:
            cursor = conn.execute(statement, args or None)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def set_up(self) -> None:
        for role in (self.owner_role, self.app_role):
            self.execute(
                sql.SQL(
                    "CREATE ROLE {} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE LOGIN"
                ).format(sql.Identifier(role))
            )
        self.execute(
            sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                sql.Identifier(self.schema), sql.Identifier(self.owner_role)
            )
        )
        # The deploy step, as the owner; then the owner grants rows, and nothing else.
        migrate(self.owner, schema=self.schema, shared=True, partitions=PARTITIONS)
        with psycopg.connect(self.owner, autocommit=True) as conn:
            conn.execute(
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                    sql.Identifier(self.schema), sql.Identifier(self.app_role)
                )
            )
            conn.execute(
                sql.SQL(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}"
                ).format(sql.Identifier(self.schema), sql.Identifier(self.app_role))
            )

    def tear_down(self) -> None:
        for schema in [self.schema, *self.schemas]:
            self.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        for role in (self.app_role, self.owner_role):
            exists = self.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", role)
            if exists:
                self.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                self.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))

    def store(self, network: str, *, as_owner: bool = False) -> PostgresStore:
        """A store of ``network``: the application role's (no DDL), or the owner's."""
        if as_owner:
            return PostgresStore(self.owner, schema=self.schema, network=network)
        return PostgresStore(self.app, schema=self.schema, network=network, migrate=False)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """Roles, the shared tables, and other networks' data in them."""
    made = Server(require_dsn_or_skip())
    try:
        made.set_up()
        # Other networks' records, under the ids the contract's tests use too.
        with made.store("noise-a") as noise:
            add_forget_scene(noise)
            noise.add_contact(Contact("Eve", id="eve"))
        with made.store("noise-b") as noise:
            synthetic(7).load_into(noise)
        yield made
    finally:
        made.tear_down()


def require_dsn_or_skip() -> str:
    return require_dsn(os.environ)


def fresh_network() -> str:
    return f"net-{secrets.token_hex(6)}"


# -- the layout ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_every_table_of_the_schema_has_a_shared_twin(server: Server) -> None:
    """The shared layout holds each table of the one-network schema, with the same
    columns plus ``network``, a key that starts with it, row-level security forced on it
    and on each of its partitions; the big tables are hash-partitioned by network."""
    plain = f"relnet_plain_{secrets.token_hex(5)}"
    server.schemas.append(plain)
    PostgresStore(server.superuser, schema=plain).close()

    def columns(schema: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for table, column in server.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.table_schema = %s AND t.table_type = 'BASE TABLE'",
            schema,
        ):
            found.setdefault(table, set()).add(column)
        return found

    schema_tables = columns(plain)
    schema_tables.pop("schema_version")
    shared_tables = columns(server.schema)
    shared_tables.pop("shared_version")
    partitions = dict(
        server.execute(
            "SELECT c.relname, p.relname FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
            "JOIN pg_namespace n ON n.oid = p.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            server.schema,
        )
    )
    for child in partitions:
        shared_tables.pop(child)
    assert set(SHARED_TABLES) == set(schema_tables) == set(shared_tables)
    for table, names in schema_tables.items():
        assert shared_tables[table] == names | {"network"}, table

    security = {
        name: (enabled, forced)
        for name, enabled, forced in server.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            server.schema,
        )
    }
    policies = {
        name
        for (name,) in server.execute(
            "SELECT tablename FROM pg_policies WHERE schemaname = %s", server.schema
        )
    }
    for table in [*SHARED_TABLES, *partitions]:
        assert security[table] == (True, True), table
        assert table in policies, table
    assert sorted(set(partitions.values())) == sorted(PARTITIONED)
    for table in PARTITIONED:
        assert sum(parent == table for parent in partitions.values()) == PARTITIONS
    keys = server.execute(
        "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
        "WHERE n.nspname = %s AND i.indisprimary",
        server.schema,
    )
    assert {table for table, first in keys if first == "network"} >= set(SHARED_TABLES)
    assert all(first == "network" for table, first in keys if table != "shared_version")


# -- network ids --------------------------------------------------------------------------

HOSTILE = [
    "",
    "a'b",
    'a"b',
    "50%",
    "a%s",
    "a\x00b",
    "x" * 129,
    "a b",
    "a;b",
    "a\\b",
    "a\nb",
    "réseau",
    "'; DROP TABLE contacts; --",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_network_id_is_refused_before_connecting(hostile: str) -> None:
    """A ValidationError naming the field, the value and what is expected, before
    anything reaches the server (the DSN here has none)."""
    with pytest.raises(ValidationError) as refused:
        PostgresStore("postgresql://nobody@127.0.0.1:1/nothing", network=hostile)
    assert refused.value.field == "network"
    assert refused.value.value == hostile
    assert "1 to 128 characters" in refused.value.expected
    with pytest.raises(ValidationError):
        move_to_shared("postgresql://nobody@127.0.0.1:1/nothing", schema="s", network=hostile)


@pytest.mark.parametrize("wrong", [None, 7, b"net", ["net"]])
def test_a_network_id_is_text(wrong: object) -> None:
    with pytest.raises(ValidationError, match="network"):
        check_network(wrong)


@given(st.text(max_size=140))
def test_network_ids_are_short_plain_text(text: str) -> None:
    """Exactly the ids of 1 to 128 letters, digits and ``- _ . : @ +`` are accepted."""
    plain = 1 <= len(text) <= 128 and all(
        (ch.isascii() and ch.isalnum()) or ch in "-_.:@+" for ch in text
    )
    if plain:
        assert check_network(text) == text
    else:
        with pytest.raises(ValidationError):
            check_network(text)


# -- two networks in one database ----------------------------------------------------------


def everything(store: Store) -> dict[str, Any]:
    """What a store shows through every read of the Store protocol."""
    contacts = store.contacts()
    interactions = store.interactions()
    goals = store.goals()
    commitments = store.commitments()
    shown: dict[str, Any] = {
        "contacts": contacts,
        "reachable": store.contacts(include_archived=False),
        "each contact": [store.get_contact(c.id) for c in contacts],
        "interactions": interactions,
        "each interaction": [store.get_interaction(i.id) for i in interactions],
        "goals": goals,
        "each goal": [store.get_goal(g.id) for g in goals],
        "commitments": commitments,
        "open commitments": store.commitments(open_only=True),
        "each commitment": [store.get_commitment(c.id) for c in commitments],
        "communities": store.communities(),
        "each community": [store.get_community(c.id) for c in store.communities()],
        "events": store.events(),
        "each event": [store.get_event(e.id) for e in store.events()],
        "settings": store.get_settings(),
        "profile": store.get_profile(),
        "dismissals": store.dismissals(),
    }
    for contact in contacts[:5]:
        shown[f"interactions of {contact.id}"] = store.interactions(contact=contact.id)
        shown[f"goals of {contact.id}"] = store.goals(contact=contact.id)
        shown[f"commitments of {contact.id}"] = store.commitments(contact=contact.id)
    for tag in sorted({tag for contact in contacts for tag in contact.tags})[:3]:
        shown[f"tagged {tag}"] = store.contacts(tag=tag)
    summaries = getattr(store, "touch_summaries", None)
    if summaries is not None:
        shown["summaries"] = dict(summaries(now=NOW))
        shown["sieved"] = dict(store.touch_summaries_since(now=NOW, since={"last_touch": 0}))  # type: ignore[attr-defined]
    facts = getattr(store, "contact_facts", None)
    shown["facts"] = (
        list(facts())
        if facts is not None
        else [ContactFacts.of(c) for c in contacts if c.status == "active"]
    )
    return shown


@pytest.mark.postgres
def test_a_network_sees_only_its_own_records(server: Server) -> None:
    """Network B holds the same ids as A and more: every read of A's store shows exactly
    what A holds, as the same records in memory do."""
    mine, _theirs = synthetic(1), synthetic(2)
    a, b = fresh_network(), fresh_network()
    with server.store(a) as store_a, server.store(b) as store_b:
        mine.load_into(store_a)
        mine.load_into(store_b)  # the same ids in B...
        with store_b.transaction():  # ...changed there, with more besides
            for contact in store_b.contacts()[:10]:
                store_b.update_contact(attrs.evolve(contact, name=contact.name + " in B"))
            store_b.add_contact(Contact("Only in B", id="only-b"))
            store_b.add_goal(Goal("B's goal", contacts={"only-b"}, id="goal-b"))
            store_b.add_commitment(
                Commitment("only-b", "B's promise", pendulum.date(2026, 7, 1), id="promise-b")
            )
            store_b.add_interaction(
                Interaction(
                    ["only-b"],
                    NOW.subtract(days=1),
                    "email",
                    direction="inbound",
                    expects_reply=True,
                    id="mail-b",
                )
            )
            store_b.add_dismissal(Dismissal("only-b", "reply_owed", "mail-b", NOW))
            first = store_b.contacts()[0].id
            store_b.add_dismissal(Dismissal(first, "keep_in_touch", "never", NOW))
        shown, expected = everything(store_a), everything(mine.to_store())
        assert shown.keys() == expected.keys()
        for key, value in expected.items():
            assert shown[key] == value, key
        reads: list[tuple[str, str, Callable[[], object]]] = [
            ("only-b", "contact", lambda: store_a.get_contact(ContactId("only-b"))),
            ("goal-b", "goal", lambda: store_a.get_goal(GoalId("goal-b"))),
            ("promise-b", "commitment", lambda: store_a.get_commitment(CommitmentId("promise-b"))),
            ("mail-b", "interaction", lambda: store_a.get_interaction(InteractionId("mail-b"))),
        ]
        for record_id, kind, read in reads:
            with pytest.raises(NotFoundError) as missing:
                read()
            assert (missing.value.kind, missing.value.id) == (kind, record_id)
        # A's writes may not point at B's records either.
        with pytest.raises(NotFoundError) as dangling:
            store_a.add_interaction(Interaction(["only-b"], NOW, "call", id="reach-b"))
        assert (dangling.value.kind, dangling.value.id) == ("contact", "only-b")
        assert "only-b" not in {c.id for c in store_a.contacts()}


@pytest.mark.postgres
def test_summaries_agree_with_memory_beside_another_network(server: Server) -> None:
    """The touch summaries of a network are those of its records alone."""
    mine = synthetic(3)
    with server.store(fresh_network()) as store_a, server.store(fresh_network()) as store_b:
        mine.load_into(store_a)
        mine.load_into(store_b)
        for interaction in mine.interactions[:20]:
            store_b.remove_interaction(interaction.id)
        memory = mine.to_store()
        expected = summarize(
            memory.interactions(), now=NOW, contacts=[c.id for c in memory.contacts()]
        )
        assert dict(store_a.touch_summaries(now=NOW)) == expected


def raw(store: PostgresStore, statement: str) -> list[tuple[Any, ...]]:
    """``statement`` as written, on the connection of the store's open transaction."""
    conn = store._held.conn
    cursor = conn.execute(statement)
    return cursor.fetchall() if cursor.description else []


@pytest.mark.postgres
def test_raw_sql_on_the_store_connection_reaches_one_network(server: Server) -> None:
    """Inside the store's transaction, SQL of any kind, on any table or partition, sees
    and changes only the store's network; rows of another are refused."""
    a, b = fresh_network(), fresh_network()
    with server.store(b) as store_b:
        add_forget_scene(store_b)
        before_b = everything(store_b)
    partitions = [
        name
        for (name,) in server.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            server.schema,
        )
    ]
    with server.store(a) as store_a:
        add_forget_scene(store_a)
        with store_a.transaction():
            for table in [*SHARED_TABLES, *partitions]:
                seen = raw(store_a, f"SELECT DISTINCT network FROM {table}")
                assert set(seen) <= {(a,)}, table
                assert not raw(store_a, f"SELECT 1 FROM {table} WHERE network = '{b}'")
                changed = raw(
                    store_a,
                    f"WITH changed AS (UPDATE {table} SET network = network "
                    f"WHERE network = '{b}' RETURNING 1) SELECT count(*) FROM changed",
                )
                assert changed == [(0,)], table
                deleted = raw(
                    store_a,
                    f"WITH gone AS (DELETE FROM {table} WHERE network <> '{a}' RETURNING 1) "
                    "SELECT count(*) FROM gone",
                )
                assert deleted == [(0,)], table
        # Writing a row of B, or moving one of A's into B, is refused by the policy.
        for statement in (
            f"INSERT INTO contacts (network, id, version, active, doc) "
            f"VALUES ('{b}', 'mole', 0, 1, '{{}}')",
            f"UPDATE contacts SET network = '{b}' WHERE id = 'ada'",
            f"INSERT INTO owner (network, key, doc) VALUES ('{b}', 'settings', '{{}}')",
            f"INSERT INTO contact_tags_p0 (network, contact_id, tag) VALUES ('{b}', 'ada', 'x')",
        ):
            with pytest.raises(StorageError, match="row-level security"), store_a.transaction():
                raw(store_a, statement)
        assert len(store_a.contacts()) == 4
    with server.store(b) as store_b:
        assert everything(store_b) == before_b


@pytest.mark.postgres
def test_a_connection_without_a_network_sees_nothing(server: Server) -> None:
    """The application role on a plain connection, no network set, reads no row and
    writes none; one set by a finished transaction is gone with it."""
    with server.store(fresh_network()) as store:
        add_forget_scene(store)
    with psycopg.connect(server.app, autocommit=True) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(server.schema)))
        for table in SHARED_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        with pytest.raises(psycopg.errors.Error):
            conn.execute("INSERT INTO contacts (id, version, active, doc) VALUES ('x', 0, 1, '{}')")
        with conn.transaction():
            conn.execute("SELECT set_config('relnet.network', 'noise-a', true)")
            assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (5,)
        assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (0,)


@pytest.mark.postgres
def test_a_pooled_connection_carries_no_network_into_the_next_transaction(
    server: Server,
) -> None:
    """Stores of two networks on one pool, used from threads at once: each sees its own;
    a connection back in the pool has no network set."""
    pool_module = pytest.importorskip("psycopg_pool")
    a, b = fresh_network(), fresh_network()
    with pool_module.ConnectionPool(server.app, min_size=1, max_size=2, open=True) as pool:
        errors: list[BaseException] = []

        def work(name: str) -> None:
            try:
                store = PostgresStore(pool, schema=server.schema, network=name, migrate=False)
                for number in range(15):
                    store.add_contact(Contact(f"{name} {number}", id=f"p{number}"))
                    assert {c.name.split()[0] for c in store.contacts()} == {name}
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=work, args=(name,)) for name in (a, b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for _ in range(2):
            with pool.connection() as conn:
                assert conn.execute(
                    "SELECT NULLIF(current_setting('relnet.network', true), '')"
                ).fetchone() == (None,)
        with PostgresStore(pool, schema=server.schema, network=a, migrate=False) as store:
            assert len(store.contacts()) == 15


@pytest.mark.postgres
def test_forget_in_one_network_leaves_the_other_untouched(server: Server) -> None:
    """Forgetting Ada in A erases her there; B's Ada and all B holds stay as they were."""
    a, b = fresh_network(), fresh_network()
    with server.store(a) as store_a, server.store(b) as store_b:
        for store in (store_a, store_b):
            add_forget_scene(store)
            store.add_dismissal(Dismissal("ada", "birthday", "2026", NOW))
        before_b = everything(store_b)
        store_a.forget(ContactId("ada"))
        assert store_a.dismissals() == []
        with pytest.raises(NotFoundError):
            store_a.get_contact(ContactId("ada"))
        assert everything(store_b) == before_b
        assert store_b.get_contact(ContactId("ada")).name == "Ada"


@pytest.mark.postgres
def test_a_role_that_bypasses_row_level_security_is_refused(server: Server) -> None:
    """A superuser would see every network: the store says so rather than open."""
    with pytest.raises(StorageError, match="bypasses row-level security"):
        PostgresStore(server.superuser, schema=server.schema, network="net-1")


@pytest.mark.postgres
def test_the_application_role_cannot_create_the_tables(server: Server) -> None:
    """migrate=False runs no DDL; a schema without the shared tables says how to deploy,
    and asking the application role to create them fails on its rights."""
    empty = f"relnet_empty_{secrets.token_hex(5)}"
    server.schemas.append(empty)
    server.execute(
        sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
            sql.Identifier(empty), sql.Identifier(server.owner_role)
        )
    )
    server.execute(
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
            sql.Identifier(empty), sql.Identifier(server.app_role)
        )
    )
    with pytest.raises(StorageError, match=r"migrate\(\)"):
        PostgresStore(server.app, schema=empty, network="net-1", migrate=False)
    with pytest.raises(StorageError, match="permission denied"):
        PostgresStore(server.app, schema=empty, network="net-1")


@pytest.mark.postgres
def test_shared_tables_and_one_network_schemas_are_not_mistaken(server: Server) -> None:
    """A one-network schema opened with network= points to move_to_shared; shared tables
    opened without network= are not taken for a one-network store."""
    plain = f"relnet_plain_{secrets.token_hex(5)}"
    server.schemas.append(plain)
    PostgresStore(server.superuser, schema=plain).close()
    server.execute(
        sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(
            sql.Identifier(plain), sql.Identifier(server.owner_role)
        )
    )
    with pytest.raises(StorageError, match="move_to_shared"):
        PostgresStore(server.owner, schema=plain, network="net-1")
    with pytest.raises(StorageError, match="not a relnet store"):
        PostgresStore(server.superuser, schema=server.schema)


@pytest.mark.postgres
def test_migrate_is_safe_to_run_at_once(server: Server) -> None:
    """Several deploy steps on a new schema at once: each returns the version, the
    tables are made once."""
    fresh = f"relnet_deploy_{secrets.token_hex(5)}"
    server.schemas.append(fresh)
    versions: list[int] = []
    errors: list[BaseException] = []

    def deploy() -> None:
        try:
            versions.append(migrate(server.superuser, schema=fresh, shared=True, partitions=2))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=deploy) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(versions)) == 1
    assert len(versions) == 3
    with pytest.raises(ValidationError, match="partitions"):
        migrate(server.superuser, schema=fresh, shared=True, partitions=0)


@pytest.mark.postgres
def test_a_table_added_to_the_schema_is_added_to_existing_shared_tables(
    server: Server,
) -> None:
    """Shared tables missing one table of the layout (made by a release before it was
    added) get it, with its policies and partitions, from migrate; the rest is kept."""
    fresh = f"relnet_grow_{secrets.token_hex(5)}"
    server.schemas.append(fresh)
    migrate(server.superuser, schema=fresh, shared=True, partitions=2)
    server.execute(sql.SQL("DROP TABLE {}.summaries").format(sql.Identifier(fresh)))
    server.execute(
        sql.SQL("UPDATE {}.shared_version SET version = version - 1").format(sql.Identifier(fresh))
    )
    migrate(server.superuser, schema=fresh, shared=True, partitions=2)
    found = server.execute(
        "SELECT c.relname, c.relforcerowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname LIKE 'summaries%%' AND c.relkind IN ('r', 'p')",
        fresh,
    )
    assert sorted(found) == [("summaries", True), ("summaries_p0", True), ("summaries_p1", True)]


# -- moving a one-network schema into shared tables ----------------------------------------


@pytest.mark.postgres
def test_move_to_shared_copies_every_table(server: Server) -> None:
    """A network kept in a schema of its own moves into the shared tables whole: every
    table's rows, counted; the application role then reads it as the records in memory;
    moving into a network that holds something is refused; ``drop`` drops the schema."""
    plain = f"relnet_plain_{secrets.token_hex(5)}"
    server.schemas.append(plain)
    net = synthetic(11)
    with PostgresStore(server.superuser, schema=plain) as source:
        net.load_into(source)
        add_forget_scene(source)
        expected_counts = {
            table: source._run(f"SELECT count(*) AS n FROM {table}").first("n")
            for table in SHARED_TABLES
        }
        before = everything(source)
    moved_to = fresh_network()
    counts = move_to_shared(server.superuser, schema=plain, network=moved_to, into=server.schema)
    assert counts == expected_counts
    assert counts["touches"] > 0
    assert counts["summaries"] > 0
    with server.store(moved_to) as moved:
        assert everything(moved) == before
        moved.add_contact(Contact("After the move", id="after"))
    with pytest.raises(ConflictError, match="already holds"):
        move_to_shared(server.superuser, schema=plain, network=moved_to, into=server.schema)
    other = fresh_network()
    move_to_shared(server.superuser, schema=plain, network=other, into=server.schema, drop=True)
    assert not server.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", plain)
    with server.store(other) as copy:
        assert everything(copy) == before
    with pytest.raises(StorageError, match="holds no relnet store"):
        move_to_shared(server.superuser, schema=plain, network=fresh_network(), into=server.schema)


# -- the contract -------------------------------------------------------------------------


def _factory(server: Server, *, as_owner: bool) -> Iterator[StoreFactory]:
    made: list[PostgresStore] = []

    def factory() -> Store:
        store = server.store(fresh_network(), as_owner=as_owner)
        made.append(store)
        return store

    yield factory
    for store in made:
        store.close()


def _reopen(server: Server, *, as_owner: bool) -> Reopen:
    def again(store: Store) -> Store:
        assert isinstance(store, PostgresStore)
        assert store.network is not None
        store.close()
        return server.store(store.network, as_owner=as_owner)

    return again


@pytest.mark.postgres
class TestSharedTablesAsOwner(StoreContract):
    """The contract on shared tables holding other networks' data, each store a new
    network, as the tables' owner (opening with migrate=True, bound by the policies)."""

    max_examples = 10
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self, server: Server) -> Iterator[StoreFactory]:
        yield from _factory(server, as_owner=True)

    @pytest.fixture
    def reopen(self, server: Server) -> Reopen:
        return _reopen(server, as_owner=True)


@pytest.mark.postgres
class TestSharedTablesWithoutDDLRights(StoreContract):
    """The same as a role that may only read and write rows (migrate=False)."""

    max_examples = 10
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self, server: Server) -> Iterator[StoreFactory]:
        yield from _factory(server, as_owner=False)

    @pytest.fixture
    def reopen(self, server: Server) -> Reopen:
        return _reopen(server, as_owner=False)


@pytest.mark.postgres
def test_the_statements_alone_keep_to_one_network(server: Server) -> None:
    """With the policies switched off for the owner (NO FORCE), the store's statements
    still read and change only its network: each names it."""
    loose = f"relnet_loose_{secrets.token_hex(5)}"
    server.schemas.append(loose)
    server.execute(
        sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
            sql.Identifier(loose), sql.Identifier(server.owner_role)
        )
    )
    migrate(server.owner, schema=loose, shared=True, partitions=2)
    with psycopg.connect(server.owner, autocommit=True) as conn:
        for (table,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (loose,)
        ).fetchall():
            conn.execute(
                sql.SQL("ALTER TABLE {}.{} NO FORCE ROW LEVEL SECURITY").format(
                    sql.Identifier(loose), sql.Identifier(table)
                )
            )
    mine, theirs = synthetic(5), synthetic(6)
    with (
        PostgresStore(server.owner, schema=loose, network="a") as store_a,
        PostgresStore(server.owner, schema=loose, network="b") as store_b,
    ):
        with store_a.transaction():  # the owner, unbound, sees both networks' rows now
            mine.load_into(store_a)
        theirs.load_into(store_b)
        add_forget_scene(store_b)
        assert {row[0] for row in raw_outside(store_a, "SELECT network FROM contacts")} == {
            "a",
            "b",
        }
        shown, expected = everything(store_a), everything(mine.to_store())
        for key, value in expected.items():
            assert shown[key] == value, key
        before_b = everything(store_b)
        # The same ids in both; every kind of write in A.
        add_forget_scene(store_a)
        store_a.forget(ContactId("ada"))
        store_a.remove_interaction(InteractionId("other"))
        store_a.update_contact(attrs.evolve(store_a.get_contact(ContactId("bob")), name="B."))
        store_a.update_goal(attrs.evolve(store_a.get_goal(GoalId("g-both")), title="Other"))
        store_a.update_commitment(
            store_a.get_commitment(CommitmentId("k-bob")).done(pendulum.date(2026, 4, 1))
        )
        store_a.set_settings(attrs.evolve(store_b.get_settings(), timezone="Asia/Tokyo"))
        assert everything(store_b) == before_b


def raw_outside(store: PostgresStore, statement: str) -> list[tuple[Any, ...]]:
    """``statement`` as written, in a transaction of the store's."""
    with store.transaction():
        return raw(store, statement)


@pytest.mark.postgres
def test_every_statement_names_its_network(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each statement a store runs on shared tables, reading or writing, names the
    network for every shared table it reads, deletes from or updates."""
    import relnet.adapters.postgres as postgres

    ran: list[str] = []
    original = scope_statement

    def recorded(statement: str) -> str:
        scoped = original(statement)
        ran.append(scoped)
        return scoped

    monkeypatch.setattr(postgres, "scope_statement", recorded)
    with server.store(fresh_network()) as store:
        synthetic(9).load_into(store)
        add_forget_scene(store)
        everything(store)
        store.forget(ContactId("ada"))
        store.remove_interaction(InteractionId("other"))
        store.update_contact(attrs.evolve(store.get_contact(ContactId("bob")), name="B."))
        store.update_goal(attrs.evolve(store.get_goal(GoalId("g-both")), title="Other"))
        store.update_commitment(
            store.get_commitment(CommitmentId("k-bob")).done(pendulum.date(2026, 4, 1))
        )
    tables = "|".join(SHARED_TABLES)
    unscoped = re.compile(rf"\b(FROM|JOIN|UPDATE)\s+({tables})\b(?!\s+WHERE network = )")
    scoped_read = re.compile(rf"\(SELECT \* FROM ({tables}) WHERE network = %\(network\)s\)")
    scoped_write = re.compile(rf"\b(DELETE FROM|UPDATE) ({tables}) (SET .*?)?WHERE network = ")
    # A table joined with a comma would escape the rewriting: relnet's statements have none.
    comma_join = re.compile(
        rf",\s*({tables})\s+(?:AS\s+)?(?!FROM\b|AS\b)\w+\s*(?:,|\bWHERE\b|\bJOIN\b|\)|$)",
        re.IGNORECASE,
    )
    assert len(ran) > 50
    for statement in ran:
        rest = scoped_write.sub("", scoped_read.sub("", statement))
        assert not unscoped.search(rest), statement
        assert not comma_join.search(rest), statement
    assert comma_join.search("SELECT 1 FROM contacts c, touches t WHERE t.contact_id = c.id")
    assert not comma_join.search("SELECT contact_id, touches FROM summaries")


@pytest.mark.postgres
def test_opening_from_a_pool_a_second_time_asks_the_server_nothing(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a store of a pool found the shared tables current, other stores of that pool
    open without a statement (whatever their network); the first one checks the role."""
    pool_module = pytest.importorskip("psycopg_pool")
    with pool_module.ConnectionPool(server.app, min_size=1, max_size=1, open=True) as pool:
        PostgresStore(pool, schema=server.schema, network="net-1", migrate=False).close()
        ran: list[str] = []
        original = PostgresStore._run

        def counted(self: PostgresStore, statement: str, params: Any = None) -> Any:
            ran.append(statement)
            return original(self, statement, params)

        monkeypatch.setattr(PostgresStore, "_run", counted)
        store = PostgresStore(pool, schema=server.schema, network="net-2", migrate=False)
        assert ran == []
        assert store.schema == server.schema
        assert store.contacts() == []
        store.close()
    with (
        pool_module.ConnectionPool(server.superuser, min_size=1, max_size=1) as admin,
        pytest.raises(StorageError, match="bypasses row-level security"),
    ):
        PostgresStore(admin, schema=server.schema, network="net-1", migrate=False)


def test_each_network_keeps_its_own_import_memo(server: Server) -> None:
    one, two = fresh_network(), fresh_network()
    with server.store(one) as first, server.store(two) as second:
        first.remember_import("one's memo")
        assert second.import_memo() is None
        second.remember_import("two's memo")
        assert first.import_memo() == "one's memo"
        first.add_contact(Contact("Ada", id="ada"))
        assert first.contacts_stamp() != second.contacts_stamp()
