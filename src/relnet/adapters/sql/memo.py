"""The SQL stores' import memo (:class:`~relnet.storage.ImportMemory`): a stamp of the
stored contacts, and the memo of the last import in the ``imports`` table."""

from __future__ import annotations

import hashlib

from relnet.adapters.sql.connection import SQLConnection

__all__ = ["SQLImportMemory"]

#: The key of the one memo a store keeps.
_MEMO_KEY = "last"


class SQLImportMemory(SQLConnection):
    """``contacts_stamp``, ``import_memo`` and ``remember_import`` over the store's
    connection."""

    def contacts_stamp(self) -> str:
        """A digest of every stored contact's document (what :meth:`contacts` decodes),
        in the order the database scans them: it changes whenever what :meth:`contacts`
        gives changes (and when only the order of the scan does, which costs nothing
        but a plain import)."""
        docs = self._query("SELECT doc FROM contacts").column("doc")
        # JSON text holds no raw NUL, so the joined text tells the documents apart
        text = "\0".join(map(str, docs)).encode("utf-8", "surrogatepass")
        return f"{len(docs)}:{hashlib.sha1(text, usedforsecurity=False).hexdigest()}"

    def import_memo(self) -> str | None:
        """The memo last given to :meth:`remember_import`, or None."""
        result = self._query("SELECT doc FROM imports WHERE key = :key", key=_MEMO_KEY)
        return str(result.first("doc")) if result else None

    def remember_import(self, memo: str | None) -> None:
        """Keep ``memo`` in place of the one kept (None: keep none)."""
        with self.transaction():
            self._query("DELETE FROM imports WHERE key = :key", key=_MEMO_KEY)
            if memo is not None:
                self._query(
                    "INSERT INTO imports (key, doc) VALUES (:key, :doc)", key=_MEMO_KEY, doc=memo
                )
