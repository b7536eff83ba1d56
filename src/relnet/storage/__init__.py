"""Where a network is kept: the :class:`Store` protocol and the in-memory reference store."""

from relnet.storage.copy import copy_records, copy_store
from relnet.storage.facts import ContactFacts
from relnet.storage.memory import InMemoryStore
from relnet.storage.protocol import (
    FactSource,
    FileBacked,
    FirstMeetings,
    ImportMemory,
    InteractionsAt,
    OpenCommitments,
    ReachableSummaries,
    Store,
    SummarySieve,
    SummarySource,
)
from relnet.storage.summaries import touch_summaries_of

__all__ = [
    "ContactFacts",
    "FactSource",
    "FileBacked",
    "InMemoryStore",
    "InteractionsAt",
    "Store",
    "SummarySieve",
    "SummarySource",
    "copy_records",
    "copy_store",
    "touch_summaries_of",
    "ImportMemory",
    "FirstMeetings",
    "OpenCommitments",
    "ReachableSummaries",
]
