"""The closed vocabularies of the domain, as ``StrEnum`` with lower-case values."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

__all__ = [
    "Channel",
    "Circle",
    "CommunityKind",
    "ContactStatus",
    "Direction",
    "GoalKind",
    "GoalStatus",
    "Party",
    "Role",
    "Stage",
    "TargetMeasure",
    "Value",
]


class Channel(StrEnum):
    """How an interaction took place."""

    MEETING = "meeting"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"
    EMAIL = "email"
    MESSAGE = "message"
    SOCIAL = "social"
    INTRO = "intro"
    NOTE = "note"

    @property
    def is_sync(self) -> bool:
        """Whether both sides took part at once (always a mutual touch)."""
        return self in _SYNC

    @property
    def is_async(self) -> bool:
        """Whether one side wrote to the other (needs a direction)."""
        return self in _ASYNC


_SYNC = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT})
_ASYNC = frozenset({Channel.EMAIL, Channel.MESSAGE, Channel.SOCIAL, Channel.INTRO})


class Direction(StrEnum):
    """Who reached out: ``outbound`` you, ``inbound`` they, ``mutual`` a conversation."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    MUTUAL = "mutual"


class Circle(StrEnum):
    """How close a relationship is, after Dunbar's layers (closest first)."""

    INNER = "inner"
    CLOSE = "close"
    ACTIVE = "active"
    NETWORK = "network"
    ACQUAINTANCE = "acquaintance"


class ContactStatus(StrEnum):
    """Whether relnet may propose reaching out to a contact."""

    ACTIVE = "active"
    ARCHIVED = "archived"
    DO_NOT_CONTACT = "do_not_contact"


class Role(StrEnum):
    """What a contact is to you; a contact may hold several roles."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    PEER = "peer"
    COLLABORATOR = "collaborator"
    SPONSOR = "sponsor"
    RECRUITER = "recruiter"
    CLIENT = "client"
    FRIEND = "friend"


class Value(StrEnum):
    """Something of value that changed hands in an interaction."""

    ADVICE = "advice"
    INTRO = "intro"
    REFERRAL = "referral"
    RESOURCE = "resource"
    FEEDBACK = "feedback"
    ENDORSEMENT = "endorsement"
    OPPORTUNITY = "opportunity"
    SUPPORT = "support"


class Party(StrEnum):
    """Who owes a commitment."""

    ME = "me"
    THEM = "them"


class Stage(StrEnum):
    """Where a relationship stands: target → introduced → connected → engaged → ally."""

    TARGET = "target"
    INTRODUCED = "introduced"
    CONNECTED = "connected"
    ENGAGED = "engaged"
    ALLY = "ally"
    DORMANT = "dormant"


class GoalKind(StrEnum):
    """What a networking goal is for."""

    MENTORSHIP = "mentorship"
    JOB_SEARCH = "job_search"
    COLLABORATION = "collaboration"
    KNOWLEDGE = "knowledge"
    VISIBILITY = "visibility"
    COMMUNITY = "community"
    OTHER = "other"


class GoalStatus(StrEnum):
    """Whether a goal is being pursued."""

    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class TargetMeasure(StrEnum):
    """What a goal's target counts."""

    INTERACTIONS = "interactions"
    NEW_CONTACTS = "new_contacts"
    VALUE_GIVEN = "value_given"


class CommunityKind(StrEnum):
    """What kind of group a community is."""

    ASSOCIATION = "association"
    CONFERENCE = "conference"
    FORUM = "forum"
    MEETUP = "meetup"
    ONLINE = "online"
    COMPANY = "company"
    SCHOOL = "school"
    OTHER = "other"


def deprecated_names(module: str) -> Callable[[str], object]:
    """A module ``__getattr__`` for the names kept for one release: ``Status`` (now
    :class:`ContactStatus`), given with a :class:`DeprecationWarning`."""

    def deprecated(name: str) -> object:
        if name == "Status":
            warnings.warn(
                "relnet's Status is now called ContactStatus; "
                "the old name will be removed in the next release",
                DeprecationWarning,
                stacklevel=2,
            )
            return ContactStatus
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return deprecated


# Hidden from type checkers, so that a misspelt name still fails their checks.
if TYPE_CHECKING:
    Status = ContactStatus
else:
    __getattr__ = deprecated_names(__name__)
