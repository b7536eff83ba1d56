"""Stores that keep a network somewhere real. Import the one you need; nothing here is
imported by ``import relnet`` or by this package itself.

* :class:`relnet.adapters.sqlite.SQLiteStore` — one SQLite file (standard library, no
  server): the default for one person on one machine, safe with several processes.
* :class:`relnet.adapters.postgres.PostgresStore` — a PostgreSQL database (extra
  ``relnet[postgres]``): for a server or a shared deployment.
* :class:`relnet.adapters.jsonfile.JSONFileStore` — one human-readable, diff-friendly
  JSON document: for small networks kept in version control or edited by hand.

Every store passes :class:`relnet.testing.StoreContract`; the SQL stores also compute
touch summaries in the database (:class:`relnet.storage.SummarySource`). See
``docs/storage.md`` for how they compare and ``docs/adapters.md`` for writing your own.
"""

__all__: list[str] = []
