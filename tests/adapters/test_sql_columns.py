"""The SQL stores' column lists follow the model: the ``summaries`` table and the summary
queries have exactly :class:`~relnet.model.TouchSummary`'s fields, and every table the
stores write has the columns of its row type."""

from __future__ import annotations

import attrs

from relnet.adapters.sql.schema import COLUMNS
from relnet.adapters.sql.summaries import SUMMARY_COLUMNS, summary_query, tail_query
from relnet.adapters.sql.tables import TABLES
from relnet.model import TouchSummary
from tests.adapters.sql_stores import Factory, make_store

__all__ = ["make_store"]  # the fixture, run on each SQL engine

FIELDS = [field.name for field in attrs.fields(TouchSummary)]


def test_the_summaries_table_has_the_fields_of_touch_summary(make_store: Factory) -> None:
    """The table's columns, as the database lists them: the contact, every field but
    next_planned (not part of a summary with every touch past), then latest_us."""
    store = make_store()
    stored = store._run("SELECT * FROM summaries WHERE 1 = 0").columns
    assert stored == ("contact_id", *FIELDS[1:-1], "latest_us") == SUMMARY_COLUMNS


def test_the_summary_queries_name_their_columns_as_the_fields(make_store: Factory) -> None:
    store = make_store()
    ids = store.dialect.pack_ids(["nobody"])
    for sql in (summary_query(store.dialect, chosen=True), tail_query(store.dialect)):
        assert list(store._run(sql, {"ids": ids, "now": 0}).columns) == FIELDS


def test_every_table_has_the_columns_of_its_rows(make_store: Factory) -> None:
    store = make_store()
    for table, columns in COLUMNS.items():
        assert store._run(f"SELECT * FROM {table} WHERE 1 = 0").columns == columns, table


def test_the_table_definitions_have_the_columns_of_the_rows(make_store: Factory) -> None:
    """The one definition of the tables (from which the shared layout is written) has
    the columns the migrations made, in the same order."""
    store = make_store()
    for name, table in TABLES.items():
        defined = tuple(column.split()[0] for column in table.columns)
        assert store._run(f"SELECT * FROM {name} WHERE 1 = 0").columns == defined, name
        assert defined == COLUMNS.get(name, defined), name
