"""relnet: professional networking as a domain you can compute with.

Record whom you know, what happened between you, what you want from your network and
how often each relationship deserves attention; relnet's follow-up engine tells you
whom to reach out to, when, why and what to offer.
"""

from typing import TYPE_CHECKING

# Imported when first asked for (``relnet.Contact``, ``from relnet import Engine``), so
# that ``import relnet`` alone, and ``relnet --version``, stay fast.
if TYPE_CHECKING:
    from relnet.errors import (
        ConflictError,
        NotFoundError,
        RelnetError,
        StorageError,
        ValidationError,
    )
    from relnet.model import (
        Cadence,
        CadenceUnit,
        Channel,
        Circle,
        Commitment,
        CommitmentId,
        Community,
        CommunityId,
        CommunityKind,
        Contact,
        ContactId,
        ContactStatus,
        Direction,
        Dismissal,
        Event,
        EventId,
        Goal,
        GoalId,
        GoalKind,
        GoalStatus,
        Interaction,
        InteractionId,
        MonthDay,
        Party,
        Profile,
        Role,
        Settings,
        Stage,
        Target,
        TargetMeasure,
        TouchSummary,
        Value,
    )
    from relnet.policy import (
        Agenda,
        Context,
        Engine,
        FollowUp,
        Proposal,
        Reason,
        Rule,
        Suppression,
        default_rules,
    )
    from relnet.storage import (
        FactSource,
        FileBacked,
        InMemoryStore,
        InteractionsAt,
        Store,
        SummarySieve,
        SummarySource,
    )

__version__ = "0.1.0"

__all__ = [
    "Agenda",
    "Cadence",
    "CadenceUnit",
    "Channel",
    "Circle",
    "Commitment",
    "CommitmentId",
    "Community",
    "CommunityId",
    "CommunityKind",
    "ConflictError",
    "Contact",
    "ContactId",
    "Context",
    "ContactStatus",
    "Direction",
    "Dismissal",
    "Engine",
    "Event",
    "EventId",
    "FactSource",
    "FileBacked",
    "FollowUp",
    "Goal",
    "GoalId",
    "GoalKind",
    "GoalStatus",
    "InMemoryStore",
    "InteractionsAt",
    "Interaction",
    "InteractionId",
    "MonthDay",
    "NotFoundError",
    "Party",
    "Profile",
    "Proposal",
    "Reason",
    "RelnetError",
    "Role",
    "Rule",
    "Settings",
    "Stage",
    "StorageError",
    "Store",
    "SummarySieve",
    "SummarySource",
    "Suppression",
    "Target",
    "TargetMeasure",
    "TouchSummary",
    "ValidationError",
    "Value",
    "__version__",
    "default_rules",
]


#: Where the names of :data:`__all__` live, searched in order on first use.
_HOMES = ("relnet.errors", "relnet.model", "relnet.policy", "relnet.storage")


# Hidden from type checkers, so that a misspelt name still fails their checks.
if TYPE_CHECKING:
    from relnet.model.enums import Status as Status
else:

    def __getattr__(name: str) -> object:
        """A public name, imported from its module on first use (and kept)."""
        if name in __all__:
            import importlib

            for home in _HOMES:
                module = importlib.import_module(home)
                if hasattr(module, name):
                    value = getattr(module, name)
                    globals()[name] = value
                    return value
        from relnet.model.enums import deprecated_names

        return deprecated_names(__name__)(name)
