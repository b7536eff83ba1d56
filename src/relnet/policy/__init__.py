"""The follow-up engine: rules, the agenda, and what explains each proposal."""

from relnet.policy.circles import CIRCLE_CADENCE, CIRCLE_MULTIPLIER, cadence_for
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason

__all__ = [
    "CIRCLE_CADENCE",
    "CIRCLE_MULTIPLIER",
    "MUST_DO",
    "Breakdown",
    "FollowUp",
    "Reason",
    "cadence_for",
]
