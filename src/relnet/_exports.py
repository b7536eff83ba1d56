"""The model's names that :mod:`relnet` exports too, listed once.

:mod:`relnet.model` and :mod:`relnet` both build their ``__all__`` from this list. It
is plain data that imports nothing, so ``import relnet`` stays lazy: the model loads
only when one of its names is first asked for.
"""

__all__ = ["MODEL"]

#: The model's records, ids and vocabularies, in alphabetical order.
MODEL: tuple[str, ...] = (
    "Cadence",
    "CadenceUnit",
    "Channel",
    "Circle",
    "Commitment",
    "CommitmentId",
    "Community",
    "CommunityId",
    "CommunityKind",
    "Contact",
    "ContactId",
    "ContactStatus",
    "Direction",
    "Dismissal",
    "Event",
    "EventId",
    "Goal",
    "GoalId",
    "GoalKind",
    "GoalStatus",
    "Interaction",
    "InteractionId",
    "MonthDay",
    "Party",
    "Profile",
    "Role",
    "Settings",
    "Stage",
    "Target",
    "TargetMeasure",
    "TouchSummary",
    "Value",
)
