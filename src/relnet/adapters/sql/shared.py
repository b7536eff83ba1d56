"""The shared-table layout of PostgreSQL: many networks in one set of tables.

Every table of the per-network schema (:mod:`relnet.adapters.sql.schema`) has a twin
here with the same columns plus ``network``, the id of the network a row belongs to:
keys are ``(network, id)``, foreign keys carry the network (so no row can point into
another network), and every index leads with it. The network column defaults to the
transaction's ``relnet.network`` setting, and a row-level security policy on every table
(forced, so it holds for the tables' owner too) lets a transaction see and write only
the rows of the network it set. The relnet queries are the same text in both layouts;
only the upserts' conflict targets name the network (``Dialect.scope``).

The big tables (:data:`PARTITIONED`) are hash-partitioned by network, so one network's
rows of a table sit in one partition and a query, carrying the network through the
policy, reads only that partition.

Everything here is generic over :data:`SHARED_TABLES`, which is written from the one
definition of the tables (:data:`relnet.adapters.sql.tables.TABLES`): a table added to the
schema needs only its entry there; policies, partitions, grants, the copy from a
per-network schema and the tests follow from the list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from relnet.adapters.sql.dialect import Dialect
from relnet.adapters.sql.tables import TABLES, shared_ddl
from relnet.errors import ValidationError

__all__ = [
    "LAYOUT_VERSION_TABLE",
    "NETWORK_PARAMETER",
    "NETWORK_SETTING",
    "PARTITIONED",
    "SHARED_PARTITIONS",
    "SHARED_TABLES",
    "check_network",
    "layout_statements",
    "policy_statements",
    "scope_statement",
]

#: The setting each transaction of a shared-table store sets to its network.
NETWORK_SETTING = "relnet.network"

#: The network the transaction set, NULL when it set none (an unset custom setting
#: reads as NULL, one a finished transaction set reads as the empty string).
CURRENT_NETWORK = f"NULLIF(current_setting('{NETWORK_SETTING}', true), '')"

#: How many hash partitions each big table gets unless told otherwise.
SHARED_PARTITIONS = 16

#: The table recording the layout's version (the per-network schema's version whose
#: tables it holds); no network's data, so no policy.
LAYOUT_VERSION_TABLE = "CREATE TABLE shared_version (version {int64} NOT NULL)"

_NETWORK_ID = re.compile(r"[A-Za-z0-9_.:@+-]{1,128}")
_EXPECTED = (
    "a network id of 1 to 128 characters, each a letter, a digit or one of - _ . : @ + "
    "(no quotes, %, spaces or control characters)"
)


def check_network(network: object) -> str:
    """``network`` if it is a valid network id, else :class:`~relnet.errors.ValidationError`
    naming the field ``network``.

    Ids are short and plain (letters, digits, ``- _ . : @ +``; UUIDs, slugs and e-mail
    addresses fit), so that one is never taken for SQL, a pattern or a path wherever
    an application logs, quotes or shards by it.
    """
    if not isinstance(network, str) or _NETWORK_ID.fullmatch(network) is None:
        raise ValidationError("network", network, _EXPECTED)
    return network


#: The column every shared table starts with.
_NETWORK = f"network {{key}} NOT NULL DEFAULT {CURRENT_NETWORK}"

#: Each table of the schema (:data:`~relnet.adapters.sql.tables.TABLES`) in the shared
#: layout, in an order in which each table comes after the tables it references.
#: ``{network}`` is the network column, ``{partitioned}`` the partitioning clause of the
#: tables in PARTITIONED.
SHARED_TABLES: Mapping[str, str] = {name: shared_ddl(table) for name, table in TABLES.items()}

#: The big tables, hash-partitioned by network: each grows with a network's history
#: (interactions and what hangs off them) or with its contacts many times over.
PARTITIONED: frozenset[str] = frozenset(
    {
        "contact_tags",
        "contact_communities",
        "goal_contacts",
        "interactions",
        "interaction_contacts",
        "interaction_goals",
        "touches",
        "summaries",
    }
)


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def policy_statements(table: str) -> list[str]:
    """Row-level security on ``table`` (a shared table or one of its partitions): a
    transaction sees and writes only the rows of the network it set, whoever owns the
    table."""
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY network_only ON {table} "
        f"USING (network = {CURRENT_NETWORK}) WITH CHECK (network = {CURRENT_NETWORK})",
    ]


def layout_statements(
    dialect: Dialect, table: str, *, partitions: int = SHARED_PARTITIONS
) -> list[str]:
    """The statements that create ``table`` of :data:`SHARED_TABLES` in ``dialect``:
    the table and its indexes, its partitions, and the policies on each."""
    if partitions < 1:
        raise ValidationError("partitions", partitions, "a positive number of partitions")
    partitioned = table in PARTITIONED
    script = dialect.ddl(
        SHARED_TABLES[table],
        network=dialect.ddl(_NETWORK),
        partitioned=" PARTITION BY HASH (network)" if partitioned else "",
    )
    made = _statements(script) + policy_statements(table)
    if partitioned:
        for remainder in range(partitions):
            part = f"{table}_p{remainder}"
            made.append(
                f"CREATE TABLE {part} PARTITION OF {table} "
                f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {remainder})"
            )
            made += policy_statements(part)
    return made


#: The parameter that carries the network in a statement of :func:`scope_statement`.
NETWORK_PARAMETER = "%(network)s"

# Words that may follow a table in FROM or JOIN where no alias is given.
_NOT_ALIASES = frozenset(
    [
        "WHERE",
        "ORDER",
        "GROUP",
        "JOIN",
        "LEFT",
        "RIGHT",
        "INNER",
        "FULL",
        "CROSS",
        "ON",
        "USING",
        "LIMIT",
        "OFFSET",
        "FOR",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        "HAVING",
        "WINDOW",
        "RETURNING",
        "NATURAL",
    ]
)


@functools.lru_cache(maxsize=512)  # bounded by the distinct statements the store runs
def scope_statement(statement: str) -> str:
    """``statement`` (rendered for psycopg) with the network it reads or changes named in
    it, as the parameter ``%(network)s``, for every shared table it names.

    A table read (``FROM`` or ``JOIN``) becomes the sub-select of that network's rows,
    which PostgreSQL flattens back into the query; ``DELETE`` and ``UPDATE`` get the
    condition in front of their own. Inserts need none: the network column defaults to
    the transaction's. So PostgreSQL sees the network when it plans the statement
    (pruning partitions then, not per execution), the statement alone keeps to one
    network, and a distributed PostgreSQL (Citus) can route it to one node; row-level
    security checks the same condition again. Tables named with a schema are left as
    they are.
    """
    scoped = statement
    for table in SHARED_TABLES:
        if table not in scoped:
            continue
        changed = re.sub(
            rf"^(\s*DELETE\s+FROM\s+{table}\s+WHERE\s)(.*?)(\sRETURNING\s.*)?$",
            rf"\1network = {NETWORK_PARAMETER} AND (\2)\3",
            scoped,
            flags=re.DOTALL | re.IGNORECASE,
        )
        changed = re.sub(
            rf"^(\s*UPDATE\s+{table}\s+SET\s.*?\sWHERE\s)(.*?)(\sRETURNING\s.*)?$",
            rf"\1network = {NETWORK_PARAMETER} AND (\2)\3",
            changed,
            flags=re.DOTALL | re.IGNORECASE,
        )
        scoped = re.sub(
            rf"(?<![\w.\"])(FROM|JOIN)(\s+){table}(?![\w.\"])(\s+(?:AS\s+)?(\w+))?",
            functools.partial(_read_of, table),
            changed,
            flags=re.IGNORECASE,
        )
    return scoped


def _read_of(table: str, found: re.Match[str]) -> str:
    keyword, space, alias = found[1], found[2], found[4]
    rows = f"(SELECT * FROM {table} WHERE network = {NETWORK_PARAMETER})"
    if keyword.upper() == "FROM" and _deleting(found):
        return found[0]
    if alias is not None and alias.upper() not in _NOT_ALIASES:
        return f"{keyword}{space}{rows} {alias}"
    rest = found[3] or ""
    return f"{keyword}{space}{rows} AS {table}{rest}"


def _deleting(found: re.Match[str]) -> bool:
    """Whether the FROM found is that of a DELETE (its target, already scoped)."""
    before = found.string[: found.start()]
    return re.search(r"DELETE\s+$", before, flags=re.IGNORECASE) is not None
