"""The tables of the current schema, once, as data: their columns, keys, references and
indexes, written out in either layout.

The per-network layout (one network a schema or file) reaches this schema through the
migrations of :mod:`relnet.adapters.sql.schema`, which are its history; the shared layout
(:mod:`relnet.adapters.sql.shared`) is written from :data:`TABLES` directly, each table
with a leading ``network`` column that every key, reference and index starts with. A
test creates a schema both ways and compares their columns.

Column types are ``{key}`` and ``{int64}`` (filled in by :meth:`Dialect.ddl`) or ``TEXT``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from relnet.adapters.sql.summaries import SUMMARY_COLUMNS

__all__ = ["TABLES", "Reference", "Table", "per_network_ddl", "shared_ddl"]


@attrs.frozen
class Reference:
    """``column`` refers to the ``id`` of ``table``; with ``cascade`` its rows go when the
    row they refer to goes."""

    column: str
    table: str
    cascade: bool = False


@attrs.frozen
class Table:
    """One table: ``columns`` (each ``name type [NOT NULL]``, in the order the stores
    insert them), its primary ``key``, its ``references`` and its ``indexes`` (name and
    the columns it leads with)."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ("id",)
    references: tuple[Reference, ...] = ()
    indexes: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _link(name: str, owner: Reference, other: str, other_table: str = "") -> Table:
    """A table that links each row of ``owner.table`` (and goes with it) to values of
    ``other``, references into ``other_table`` when one is named."""
    return Table(
        name,
        (f"{owner.column} {{key}} NOT NULL", f"{other} {{key}} NOT NULL"),
        key=(owner.column, other),
        references=(owner, *([Reference(other, other_table)] if other_table else [])),
    )


_INT64 = "{int64} NOT NULL"
_DOC = "doc TEXT NOT NULL"
_TIMED = ("id {key} NOT NULL", f"at_us {_INT64}", "at_zone TEXT NOT NULL")
_OF_CONTACT = Reference("contact_id", "contacts", cascade=True)
_OF_INTERACTION = Reference("interaction_id", "interactions", cascade=True)
_TOUCH_FLAGS = ("expects_reply", "introducer", "meeting", "gave", "received", "advice")
#: The types of the summaries' columns (:data:`SUMMARY_COLUMNS`, from the fields of
#: :class:`~relnet.model.TouchSummary`) other than instants, which may be NULL.
_SUMMARY_TYPES = {
    "contact_id": "{key} NOT NULL",
    "touches": _INT64,
    "open_asks": _INT64,
    "gave_at": "TEXT",
    "received_at": "TEXT",
    "latest_us": _INT64,
}

#: The tables, each after the tables it refers to.
TABLES: Mapping[str, Table] = {
    t.name: t
    for t in (
        Table("owner", ("key {key} NOT NULL", _DOC), key=("key",)),
        Table("communities", ("id {key} NOT NULL", _DOC)),
        Table(
            "events",
            (*_TIMED, "community_id {key}", _DOC),
            references=(Reference("community_id", "communities"),),
            indexes=(("events_by_time", ("at_us", "id")),),
        ),
        Table(
            "contacts",
            (
                "id {key} NOT NULL",
                f"version {_INT64}",
                f"active {_INT64}",
                "introduced_by {key}",
                _DOC,
            ),
            references=(Reference("introduced_by", "contacts"),),
            indexes=(("contacts_by_introducer", ("introduced_by",)),),
        ),
        attrs.evolve(
            _link("contact_tags", _OF_CONTACT, "tag"),
            indexes=(("contact_tags_by_tag", ("tag",)),),
        ),
        _link("contact_communities", _OF_CONTACT, "community_id", "communities"),
        Table("goals", ("id {key} NOT NULL", _DOC)),
        attrs.evolve(
            _link("goal_contacts", Reference("goal_id", "goals", True), "contact_id", "contacts"),
            indexes=(("goal_contacts_by_contact", ("contact_id",)),),
        ),
        Table(
            "interactions",
            (*_TIMED, "event_id {key}", _DOC),
            references=(Reference("event_id", "events"),),
            indexes=(("interactions_by_time", ("at_us", "id")),),
        ),
        attrs.evolve(
            _link("interaction_contacts", _OF_INTERACTION, "contact_id", "contacts"),
            indexes=(("interaction_contacts_by_contact", ("contact_id",)),),
        ),
        _link("interaction_goals", _OF_INTERACTION, "goal_id", "goals"),
        Table(
            "touches",
            (
                "interaction_id {key} NOT NULL",
                "contact_id {key} NOT NULL",
                f"at_us {_INT64}",
                "direction TEXT NOT NULL",
                *(f"{flag} {_INT64}" for flag in _TOUCH_FLAGS),
            ),
            key=("interaction_id", "contact_id"),
            references=(_OF_INTERACTION, Reference("contact_id", "contacts")),
            indexes=(
                (
                    "touches_covering",
                    ("contact_id", "at_us", "direction", *_TOUCH_FLAGS, "interaction_id"),
                ),
            ),
        ),
        Table(
            "commitments",
            (
                "id {key} NOT NULL",
                "contact_id {key} NOT NULL",
                "due {key} NOT NULL",
                f"is_open {_INT64}",
                _DOC,
            ),
            references=(Reference("contact_id", "contacts"),),
            indexes=(
                ("commitments_by_due", ("due", "id")),
                ("commitments_by_contact", ("contact_id",)),
            ),
        ),
        Table(
            "dismissals",
            (
                "contact_id {key} NOT NULL",
                "reason {key} NOT NULL",
                "anchor {key} NOT NULL",
                f"at_us {_INT64}",
                "at_zone TEXT NOT NULL",
            ),
            key=("contact_id", "reason", "anchor"),
            references=(_OF_CONTACT,),
        ),
        Table(
            "summaries",
            tuple(f"{name} {_SUMMARY_TYPES.get(name, '{int64}')}" for name in SUMMARY_COLUMNS),
            key=("contact_id",),
            references=(_OF_CONTACT,),
            indexes=(("summaries_by_latest", ("latest_us",)),),
        ),
        Table("imports", ("key {key} NOT NULL", _DOC), key=("key",)),
    )
}


def _ddl(table: Table, lead: tuple[str, ...], first: str, options: str) -> str:
    """``table``'s statements, each key, reference and index led by the columns ``lead``,
    the column ``first`` (if any) before the others, ``options`` after the columns."""
    front = ", ".join(lead + table.key)
    lines = [*([first] if first else []), *table.columns, f"PRIMARY KEY ({front})"]
    for ref in table.references:
        into = ", ".join((*lead, "id"))
        cascade = " ON DELETE CASCADE" if ref.cascade else ""
        lines.append(
            f"FOREIGN KEY ({', '.join((*lead, ref.column))}) "
            f"REFERENCES {ref.table} ({into}){cascade}"
        )
    body = ",\n    ".join(lines)
    statements = [f"CREATE TABLE {table.name} (\n    {body}\n){options}"]
    statements += [
        f"CREATE INDEX {name} ON {table.name} ({', '.join((*lead, *columns))})"
        for name, columns in table.indexes
    ]
    return ";\n".join(statements)


def per_network_ddl(table: Table) -> str:
    """``table`` in the per-network layout (``{table_options}`` after the columns), its
    statements each ended by ``;`` and a new line, as a migration script has them."""
    return _ddl(table, (), "", "{table_options}") + ";\n"


def shared_ddl(table: Table) -> str:
    """``table`` in the shared layout: ``{network}`` is the network column, and
    ``{partitioned}`` the partitioning clause (empty for a table not partitioned)."""
    return _ddl(table, ("network",), "{network}", "{partitioned}")
