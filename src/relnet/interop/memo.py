"""The memo of a store's last import: an unchanged file into unchanged contacts.

A store with :class:`~relnet.storage.ImportMemory` keeps, after an import, what importing
the same file again would report — only when that import would write nothing — with
the stamp of its contacts at that moment. An import of a file whose key
(:func:`import_key`: relnet's version, the reader, its options and the file's bytes)
is the memo's, into a store whose contacts' stamp is still the memo's, is answered from
the memo: the reader's result is a function of the key and the merge a function of that
result and the stored contacts, so the answer is the one reading and merging would give.

What the memo says is found when it is made:

* after an import that wrote nothing, it is that import's own report;
* after one that wrote, :func:`~relnet.interop.merge.report_again` works out, in
  memory, the report of merging the same contacts into the contacts as written; when
  that merge would write something or find an imported person among several stored
  contacts, no memo is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import relnet
from relnet.interop.merge import MergeReport, MergeState, report_again
from relnet.model import Contact
from relnet.storage import ImportMemory

__all__ = ["import_key", "recall", "remember"]


def import_key(read: Callable[..., Any], options: Mapping[str, Any], data: bytes | str) -> str:
    """The key of reading ``data`` with ``read(…, **options)``: a digest of relnet's
    version, the reader's name, the options (by ``repr``) and the data.

    A reader without a name of its own in its module (a lambda, a local function, a
    ``functools.partial``…) is named by its ``repr`` too, which holds its address: its
    memo serves only the process that made it.
    """
    digest = hashlib.blake2b(digest_size=20)
    name = getattr(read, "__qualname__", "")
    if not name or "<" in name:
        name = f"{name} {read!r}"
    head = [relnet.__version__, getattr(read, "__module__", ""), name]
    head += [f"{name}={value!r}" for name, value in sorted(options.items())]
    digest.update("\0".join(head).encode("utf-8", "surrogatepass"))
    if isinstance(data, str):
        digest.update(b"\0text\0" + data.encode("utf-8", "surrogatepass"))
    else:
        digest.update(b"\0bytes\0" + data)
    return digest.hexdigest()


def recall(store: ImportMemory, key: str) -> tuple[MergeReport, int] | None:
    """The report kept for an import of ``key`` (and how many contacts the file gave),
    when the store's contacts are still those it was made for; else None."""
    text = store.import_memo()
    if text is None:
        return None
    try:
        memo = json.loads(text)
        if memo["key"] != key or memo["stamp"] != store.contacts_stamp():
            return None
        report = MergeReport(
            unchanged=tuple(memo["unchanged"]),
            ambiguous=tuple(tuple(ids) for ids in memo["ambiguous"]),
        )
        return report, int(memo["count"])
    except (ValueError, TypeError, KeyError):
        return None  # a memo of another shape: not trusted


def remember(store: ImportMemory, key: str, incoming: Sequence[Contact], state: MergeState) -> None:
    """Keep the memo of an import of ``key`` that merged ``incoming`` and did ``state``,
    or none when importing it again would write something."""
    done = state.report
    again = report_again(incoming, state) if done.added or done.merged else done
    if again is None:
        store.remember_import(None)
        return
    memo = {
        "key": key,
        "stamp": store.contacts_stamp(),
        "count": len(incoming),
        "unchanged": list(again.unchanged),
        "ambiguous": [list(ids) for ids in again.ambiguous],
    }
    store.remember_import(json.dumps(memo, separators=(",", ":")))
