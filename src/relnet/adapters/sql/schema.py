"""The schema of relnet's SQL stores, its migrations, and each table's columns.

``MIGRATIONS[n]`` takes a database at schema version ``n`` to ``n + 1``; the
``schema_version`` table holds the version. Each table's columns, in the order of the
rows the stores insert, are the fields of its row type in :mod:`relnet.adapters.sql.rows`
(the ``summaries`` table's, those of :class:`~relnet.model.TouchSummary`).
"""

from __future__ import annotations

from collections.abc import Mapping

from relnet.adapters.sql import rows
from relnet.adapters.sql.dialect import Dialect, statements
from relnet.adapters.sql.facts import fields_index
from relnet.adapters.sql.summaries import SUMMARY_COLUMNS, fold_all
from relnet.adapters.sql.tables import TABLES, per_network_ddl

__all__ = [
    "COLUMNS",
    "MIGRATIONS",
    "VERSION_TABLE",
    "insert_sql",
    "migration_script",
    "migration_statements",
]


def _link_table(name: str, owner: str, owner_table: str, other: str, other_table: str = "") -> str:
    """The DDL of a table that links each row of ``owner_table`` (and goes with it) to
    values of ``other``, references into ``other_table`` when one is named."""
    reference = f" REFERENCES {other_table} (id)" if other_table else ""
    return (
        f"CREATE TABLE {name} (\n"
        f"    {owner} {{key}} NOT NULL REFERENCES {owner_table} (id) ON DELETE CASCADE,\n"
        f"    {other} {{key}} NOT NULL{reference},\n"
        f"    PRIMARY KEY ({owner}, {other})\n"
        "){table_options};\n"
    )


def _timed_table(name: str, link: str, linked_table: str) -> str:
    """The DDL of a table of documents at an instant (epoch microseconds and the zone's
    name), indexed by time, each with an optional reference into ``linked_table``."""
    return (
        f"CREATE TABLE {name} (\n"
        "    id {key} PRIMARY KEY,\n"
        "    at_us {int64} NOT NULL,\n"
        "    at_zone TEXT NOT NULL,\n"
        f"    {link} {{key}} REFERENCES {linked_table} (id),\n"
        "    doc TEXT NOT NULL\n"
        "){table_options};\n"
        f"CREATE INDEX {name}_by_time ON {name} (at_us, id);\n"
    )


_SCHEMA_1 = (
    """
CREATE TABLE owner (
    key {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
CREATE TABLE communities (
    id {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
"""
    + _timed_table("events", "community_id", "communities")
    + """CREATE TABLE contacts (
    id {key} PRIMARY KEY,
    version {int64} NOT NULL,
    active {int64} NOT NULL,
    introduced_by {key} REFERENCES contacts (id),
    doc TEXT NOT NULL
){table_options};
CREATE INDEX contacts_by_introducer ON contacts (introduced_by);
"""
    + _link_table("contact_tags", "contact_id", "contacts", "tag")
    + """CREATE INDEX contact_tags_by_tag ON contact_tags (tag);
"""
    + _link_table("contact_communities", "contact_id", "contacts", "community_id", "communities")
    + """CREATE TABLE goals (
    id {key} PRIMARY KEY,
    doc TEXT NOT NULL
){table_options};
"""
    + _link_table("goal_contacts", "goal_id", "goals", "contact_id", "contacts")
    + """CREATE INDEX goal_contacts_by_contact ON goal_contacts (contact_id);
"""
    + _timed_table("interactions", "event_id", "events")
    + """"""
    + _link_table(
        "interaction_contacts", "interaction_id", "interactions", "contact_id", "contacts"
    )
    + """CREATE INDEX interaction_contacts_by_contact ON interaction_contacts (contact_id);
"""
    + _link_table("interaction_goals", "interaction_id", "interactions", "goal_id", "goals")
    + """CREATE TABLE touches (
    interaction_id {key} NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    at_us {int64} NOT NULL,
    direction TEXT NOT NULL,
    expects_reply {int64} NOT NULL,
    introducer {int64} NOT NULL,
    meeting {int64} NOT NULL,
    gave {int64} NOT NULL,
    received {int64} NOT NULL,
    advice {int64} NOT NULL,
    PRIMARY KEY (interaction_id, contact_id)
){table_options};
CREATE INDEX touches_by_contact ON touches (contact_id, at_us);
CREATE TABLE commitments (
    id {key} PRIMARY KEY,
    contact_id {key} NOT NULL REFERENCES contacts (id),
    due {key} NOT NULL,
    is_open {int64} NOT NULL,
    doc TEXT NOT NULL
){table_options};
CREATE INDEX commitments_by_due ON commitments (due, id);
CREATE INDEX commitments_by_contact ON commitments (contact_id);
"""
)

# Version 2: the touch summaries read only an index. Every column they need follows
# (contact, instant), so each contact's touches are one range of the index and its
# rows are never visited.
_SCHEMA_2 = """
CREATE INDEX touches_covering ON touches (contact_id, at_us, direction, expects_reply,
    introducer, meeting, gave, received, advice, interaction_id);
DROP INDEX touches_by_contact;
"""

# The ``summaries`` table of today, from version 4 on. Versions 3 and 4 write it from its
# one definition; a later change to its columns needs a migration that remakes it, as
# version 4 does.
_SUMMARIES_TABLE = per_network_ddl(TABLES["summaries"])

# Version 3: each contact's summary with every touch past, kept as touches come and go
# (``latest_us``: the instant of its latest touch; ``gave_at``/``received_at``: instants
# joined by commas). A contact without touches has no row. The table is filled by
# version 4, which remakes it with the summary's fields of today.
_SCHEMA_3 = _SUMMARIES_TABLE.replace("    first_event {int64},\n", "")

# Version 4: a contact's summary says whether its first touch was an event
# (``first_event``), so an event's touches are marked (``meeting`` = 2, see
# :data:`~relnet.adapters.sql.rows.EVENT_MEETING`); the summaries are folded again.
_SCHEMA_4 = (
    """
UPDATE touches SET meeting = 2 WHERE interaction_id IN (
    SELECT id FROM interactions WHERE doc LIKE '%"channel":"event"%');
DROP TABLE summaries;
"""
    + _SUMMARIES_TABLE
    + """INSERT INTO summaries ({summary_columns}) {fold_all}
"""
)

# Version 5: dismissed follow-up items, one row per (contact, reason, anchor), with
# the instant they were dismissed (epoch microseconds and the zone's name).
_SCHEMA_5 = """
CREATE TABLE dismissals (
    contact_id {key} NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    reason {key} NOT NULL,
    anchor {key} NOT NULL,
    at_us {int64} NOT NULL,
    at_zone TEXT NOT NULL,
    PRIMARY KEY (contact_id, reason, anchor)
){table_options};
"""

# Version 6: the memo of the last import of a file (one row, key ``last``; see
# :class:`~relnet.storage.ImportMemory`).
_SCHEMA_6 = per_network_ddl(TABLES["imports"])

# Version 7: the contact fields that contact facts and lists of contacts read, indexed
# by the expressions their queries use (``contacts_fields``, see
# :func:`relnet.adapters.sql.facts.fields_index`), so that they are read from the index,
# not parsed out of every document. Only where the engine reads JSON text (SQLite 3.38
# and later); elsewhere the version changes and nothing else. A change to the fields
# those queries read needs a migration that makes the index again.
_SCHEMA_7 = "{contact_fields_index}"

# Version 8: the rows the agenda looks up among many, indexed on their own (partial
# indexes: only the rows that have the value). The summaries with a reply owed or a first
# meeting, the fields the built-in must-do rules' sieve bounds (see
# :class:`~relnet.storage.SummarySieve`), so that the sieve reads index ranges instead of
# every summary (a sieve on another field still reads every row); and the open
# commitments in the order they are listed, so that listing them visits none of those
# done or dropped. And the touches of meetings, calls, videos and events by instant, with
# their contact (see :class:`~relnet.storage.FirstMeetings`): the meetings planned soon
# are one range of it.
_SCHEMA_8 = """
CREATE INDEX summaries_by_pending_reply ON summaries (pending_reply)
    WHERE pending_reply IS NOT NULL;
CREATE INDEX summaries_by_first_meeting ON summaries (first_meeting)
    WHERE first_meeting IS NOT NULL;
CREATE INDEX commitments_open_by_due ON commitments (due, id) WHERE is_open = 1;
CREATE INDEX touches_meetings_by_time ON touches (at_us, contact_id) WHERE meeting <> 0;
"""

#: The schema's history: ``MIGRATIONS[n]`` takes a version-``n`` schema to ``n + 1``.
#: A store refuses a database whose version is beyond ``len(MIGRATIONS)``.
MIGRATIONS: tuple[str, ...] = (
    _SCHEMA_1,
    _SCHEMA_2,
    _SCHEMA_3,
    _SCHEMA_4,
    _SCHEMA_5,
    _SCHEMA_6,
    _SCHEMA_7,
    _SCHEMA_8,
)

VERSION_TABLE = "CREATE TABLE schema_version (version {int64} NOT NULL){table_options}"


def migration_script(dialect: Dialect, script: str) -> str:
    """One migration script (or :data:`VERSION_TABLE`) in ``dialect``."""
    parts = {}
    if "{fold_all}" in script:
        parts = {"fold_all": fold_all(dialect), "summary_columns": ", ".join(SUMMARY_COLUMNS)}
    if "{contact_fields_index}" in script:
        parts = {"contact_fields_index": fields_index(dialect)}
    return dialect.ddl(script, **parts)


def migration_statements(dialect: Dialect, script: str) -> list[str]:
    """The statements of :func:`migration_script`, one by one."""
    return statements(migration_script(dialect, script))


#: The columns the stores fill, per table, in the order of their row tuples.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "communities": rows.CommunityRow._fields,
    "events": rows.EventRow._fields,
    "contacts": rows.ContactRow._fields,
    "contact_tags": rows.ContactTagRow._fields,
    "contact_communities": rows.ContactCommunityRow._fields,
    "goals": rows.GoalRow._fields,
    "goal_contacts": rows.GoalContactRow._fields,
    "interactions": rows.InteractionRow._fields,
    "interaction_contacts": rows.InteractionContactRow._fields,
    "interaction_goals": rows.InteractionGoalRow._fields,
    "touches": rows.TouchRow._fields,
    "commitments": rows.CommitmentRow._fields,
    "dismissals": rows.DismissalRow._fields,
    "summaries": SUMMARY_COLUMNS,
    "imports": ("key", "doc"),
}


def insert_sql(dialect: Dialect, table: str) -> str:
    """An ``INSERT`` of a row of :data:`COLUMNS` into ``table``, with positional parameters."""
    columns = COLUMNS[table]
    mark = "%s" if dialect.pyformat else "?"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
