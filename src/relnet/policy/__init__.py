"""The follow-up engine: rules, the agenda, and what explains each proposal."""

from relnet.policy.circles import CIRCLE_CADENCE, CIRCLE_MULTIPLIER, cadence_for
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason

# -- insights: tie strength and health, message drafts, goal progress ----------------------
from relnet.policy.strength import (
    CIRCLE_CLOSENESS,
    DUE_SOON_DAYS,
    Health,
    HealthState,
    StrengthWeights,
    contact_health,
    health,
    strengths,
    tie_strength,
)

__all__ = [
    "CIRCLE_CADENCE",
    "CIRCLE_MULTIPLIER",
    "MUST_DO",
    "Breakdown",
    "FollowUp",
    "Reason",
    "cadence_for",
]

# -- insights ------------------------------------------------------------------------------
__all__ += [
    "CIRCLE_CLOSENESS",
    "DUE_SOON_DAYS",
    "Health",
    "HealthState",
    "StrengthWeights",
    "contact_health",
    "health",
    "strengths",
    "tie_strength",
]
