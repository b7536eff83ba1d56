"""Typed ids for every kind of record, and the factory that makes fresh ones.

Ids are plain strings at run time; the ``NewType`` wrappers let a type checker tell a
contact id from a goal id. Callers may bring their own ids (from another system, say);
relnet generates one otherwise.
"""

from __future__ import annotations

import uuid
from typing import NewType

__all__ = [
    "CommitmentId",
    "CommunityId",
    "ContactId",
    "EventId",
    "GoalId",
    "InteractionId",
    "new_id",
]

ContactId = NewType("ContactId", str)
InteractionId = NewType("InteractionId", str)
CommitmentId = NewType("CommitmentId", str)
GoalId = NewType("GoalId", str)
CommunityId = NewType("CommunityId", str)
EventId = NewType("EventId", str)


def new_id() -> str:
    """Return a fresh random id: 16 lower-case hex digits (64 random bits)."""
    return uuid.uuid4().hex[:16]
