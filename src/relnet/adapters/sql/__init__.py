"""What relnet's SQL stores share, one concern a module:

* :mod:`~relnet.adapters.sql.dialect` — where SQLite and PostgreSQL differ, and
  :class:`~relnet.adapters.sql.dialect.Result` (rows read by column name);
* :mod:`~relnet.adapters.sql.tables` — the tables of today's schema, once, as data;
* :mod:`~relnet.adapters.sql.schema` — the migrations and each table's columns;
* :mod:`~relnet.adapters.sql.shared` — PostgreSQL's shared-table layout, written from
  the tables;
* :mod:`~relnet.adapters.sql.rows` — records to rows and JSON documents, and back;
* :mod:`~relnet.adapters.sql.summaries` — the ``summaries`` table and the queries that
  fold touches into :class:`~relnet.model.TouchSummary` values;
* :mod:`~relnet.adapters.sql.facts` — contact facts read from the stored documents;
* :mod:`~relnet.adapters.sql.bulk` — ``add_records``, the bulk writer;
* :mod:`~relnet.adapters.sql.connection` and :mod:`~relnet.adapters.sql.store` — the
  :class:`SQLStore` logic over a driver's connection.

The drivers are :mod:`relnet.adapters.sqlite` and :mod:`relnet.adapters.postgres`.
"""

from relnet.adapters.sql.dialect import Dialect, Result
from relnet.adapters.sql.schema import MIGRATIONS
from relnet.adapters.sql.store import SQLStore

__all__ = ["MIGRATIONS", "Dialect", "Result", "SQLStore"]
