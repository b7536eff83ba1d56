"""What the command line and the MCP server both do to a store: one implementation,
two faces.

Each function takes an open store (and ``now`` where time matters) and returns data;
the faces parse their input, call it, and print or send the result. Nothing here reads
the clock, the environment or a file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs

from relnet.errors import RelnetError, ValidationError
from relnet.interop import ImportIssue, ImportResult, MergeReport
from relnet.interop._source import Source, read_source
from relnet.interop.memo import import_key, recall, remember
from relnet.interop.merge import merge_with_state
from relnet.model import Contact, ContactId, Dismissal
from relnet.network import intro_paths
from relnet.policy import Engine, FollowUp, Reason, draft, first_message
from relnet.storage import ImportMemory, Store

__all__ = [
    "IMPORT_CHUNK",
    "ImportRefusedError",
    "SortedIssues",
    "Drafted",
    "check_import",
    "dismiss",
    "draft_message",
    "import_contacts",
    "snooze_cycle",
    "sort_issues",
    "undismiss",
    "import_source",
]


@attrs.frozen
class Drafted:
    """A message drafted by :func:`draft_message`: for ``item`` (None for a first
    message to someone with no item today), sent to ``via`` when it asks them for an
    introduction."""

    contact: Contact
    item: FollowUp | None
    via: ContactId | None
    text: str


def draft_message(
    store: Store, contact_id: ContactId, *, now: dt.datetime, engine: Engine | None = None
) -> Drafted:
    """A draft for someone, ready to edit and send.

    Their next follow-up's draft (:func:`relnet.policy.draft`); for someone you have never
    been in touch with, a first message — or, when :func:`relnet.network.intro_paths`
    finds a warm path through someone, a request to the first person on it for an
    introduction — whether or not they have an item today
    (:func:`relnet.policy.first_message`). Raises NotFoundError for an unknown id and
    ValidationError when there is nothing to draft (in touch, and no item today).
    """
    chosen = Engine() if engine is None else engine
    contact = store.get_contact(contact_id)
    item = chosen.next_follow_up(store, contact.id, now=now)
    never = not store.interactions(contact=contact.id)
    via = None
    if never:
        paths = intro_paths(store, contact.id, now=now)
        via = paths[0].ask if paths and paths[0].via else None
    if item is not None:
        return Drafted(contact, item, via, draft(item, store, via=via))
    if not never:
        raise ValidationError(
            "contact", contact_id, "someone with a follow-up today, or never contacted"
        )
    return Drafted(contact, None, via, first_message(contact.id, store, via=via))


#: Contacts merged per step of :func:`import_contacts`.
IMPORT_CHUNK = 50


def dismiss(
    store: Store,
    contact_id: ContactId,
    *,
    now: dt.datetime,
    reason: Reason | str | None = None,
    engine: Engine | None = None,
) -> Dismissal:
    """Dismiss one item in one transaction: :meth:`relnet.policy.Engine.dismiss` (the
    contact's current item, or its item of ``reason``, and only that one).

    Returns the stored dismissal. Raises NotFoundError for an unknown id, ConflictError
    if the item is already dismissed, and ValidationError for a naive ``now``, a bad
    ``reason`` or nothing to dismiss. (Before policy revision 2 this snoozed the whole
    contact to its next cycle; that is :func:`snooze_cycle` now.)
    """
    chosen = Engine() if engine is None else engine
    with store.transaction():
        return chosen.dismiss(store, contact_id, now=now, reason=reason)


def undismiss(
    store: Store,
    contact_id: ContactId,
    *,
    reason: Reason | str | None = None,
    engine: Engine | None = None,
) -> tuple[Dismissal, ...]:
    """Bring back the contact's dismissed items (of ``reason`` only, when given) in one
    transaction: :meth:`relnet.policy.Engine.undismiss`. Returns the dismissals removed."""
    chosen = Engine() if engine is None else engine
    with store.transaction():
        return chosen.undismiss(store, contact_id, reason=reason)


def snooze_cycle(
    store: Store, contact_id: ContactId, *, now: dt.datetime, engine: Engine | None = None
) -> Contact:
    """ "Dismiss this cycle" as it was before policy revision 2, in one transaction:
    snooze the whole contact to its next anchored cycle
    (:meth:`relnet.policy.Engine.snooze_cycle`). Returns the updated contact."""
    chosen = Engine() if engine is None else engine
    with store.transaction():
        return chosen.snooze_cycle(store, contact_id, now=now)


class ImportRefusedError(RelnetError, ValueError):
    """An import that writes nothing: ``why`` is ``"unreadable"`` (no row could be read)
    or ``"strict"`` (some row was rejected and the import is strict); ``issues`` are
    the file's problems, the first one first."""

    def __init__(self, why: Literal["unreadable", "strict"], issues: Sequence[ImportIssue]) -> None:
        self.why = why
        self.issues = tuple(issues)
        first = self.issues[0]
        super().__init__(
            f"import refused ({why}): {len(self.issues)} problem(s), the first at "
            f"{first.line_or_record}: {first.message}"
        )


def check_import(result: ImportResult, *, strict: bool) -> None:
    """Whether ``result`` may be imported: raises :class:`ImportRefusedError` when
    nothing in it could be read, or when ``strict`` and any row was rejected."""
    if result.errors and not result.contacts:
        raise ImportRefusedError("unreadable", result.errors)
    if strict and result.errors:
        raise ImportRefusedError("strict", result.errors)


@attrs.frozen
class SortedIssues:
    """A file's problems: ``rejected`` rows (left out) and ``warnings`` on rows kept
    (a value left out, or the row merged into another)."""

    rejected: tuple[ImportIssue, ...]
    warnings: tuple[ImportIssue, ...]

    @property
    def rejected_rows(self) -> list[int]:
        """The lines (or cards) of the rejected rows, in order, each once."""
        return sorted({issue.line_or_record for issue in self.rejected})


def sort_issues(result: ImportResult) -> SortedIssues:
    """Tell the rows ``result`` left out from those it kept with a warning."""
    kept = set(result.origins) | {d.line_or_record for d in result.duplicates}
    return SortedIssues(
        rejected=tuple(e for e in result.errors if e.line_or_record not in kept),
        warnings=tuple(e for e in result.errors if e.line_or_record in kept),
    )


def import_contacts(
    store: Store,
    contacts: Sequence[Contact],
    *,
    chunk: int = IMPORT_CHUNK,
    advance: Callable[[int], None] | None = None,
    key: str | None = None,
) -> MergeReport:
    """Merge ``contacts`` into ``store`` (see :func:`relnet.interop.merge_into`) in one
    transaction: on any error nothing is written.

    The contacts are matched with the store once; ``advance(n)`` is called about every
    ``chunk`` contacts written, with the number written since the last call.

    ``key`` names what ``contacts`` were read from (:func:`relnet.interop.memo.import_key`
    of the reader, its options and the file's data). With it, a store with
    :class:`~relnet.storage.ImportMemory` answers an import of the same key while its
    contacts are unchanged from its memo, without matching, and remembers this import
    for the next one.
    """
    if chunk < 1:
        raise ValidationError("chunk", chunk, "a positive number of contacts")
    memory = store if key is not None and isinstance(store, ImportMemory) else None
    with store.transaction():
        recalled = None if memory is None or key is None else recall(memory, key)
        if recalled is not None:
            return _recalled(recalled, advance)
        return _merge(store, contacts, chunk, advance, memory, key)


def _recalled(
    recalled: tuple[MergeReport, int], advance: Callable[[int], None] | None
) -> MergeReport:
    """The report a memo gave, advancing the progress by the contacts it stands for."""
    report, count = recalled
    if advance is not None and count:
        advance(count)
    return report


def _merge(
    store: Store,
    contacts: Sequence[Contact],
    chunk: int,
    advance: Callable[[int], None] | None,
    memory: ImportMemory | None,
    key: str | None,
) -> MergeReport:
    """Merge ``contacts``, advancing about every ``chunk``; remember the import under
    ``key`` in ``memory`` when both are given."""
    pending = 0

    def step(done: int) -> None:
        nonlocal pending
        pending += done
        if advance is not None and pending >= chunk:
            advance(pending)
            pending = 0

    state = merge_with_state(store, contacts, advance=step)
    if memory is not None and key is not None:
        remember(memory, key, contacts, state)
    if advance is not None and pending:
        advance(pending)
    return state.report


def import_source(
    store: Store,
    read: Callable[..., ImportResult],
    source: Source,
    *,
    chunk: int = IMPORT_CHUNK,
    advance: Callable[[int], None] | None = None,
    **options: Any,
) -> MergeReport:
    """Read ``source`` with the reader ``read`` (``read(source, **options)``, such as
    :func:`relnet.interop.linkedin.read_connections`) and merge what it gives into
    ``store``: what :func:`import_contacts` of ``read(source, **options).contacts``
    does, in one transaction.

    A store with :class:`~relnet.storage.ImportMemory` remembers its last import (see
    :mod:`relnet.interop.memo`): the same file, read with the same reader and options,
    imported again while the store's contacts are unchanged, is answered without
    reading its rows or matching them, with the report reading and merging would give.
    The reader's issues are not reported here: call the reader and
    :func:`import_contacts` (with ``key=``) to see them.
    """
    if chunk < 1:
        raise ValidationError("chunk", chunk, "a positive number of contacts")
    data = read_source(source)
    key = import_key(read, options, data)
    memory = store if isinstance(store, ImportMemory) else None
    with store.transaction():
        recalled = None if memory is None else recall(memory, key)
        if recalled is not None:
            return _recalled(recalled, advance)
        opened = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
        incoming = read(opened, **options).contacts
        return _merge(store, incoming, chunk, advance, memory, key)
