"""The follow-up engine: rules, the agenda, and what explains each proposal."""

from relnet.policy.circles import CIRCLE_CADENCE, CIRCLE_MULTIPLIER, cadence_for
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason

# isort: split
# -- the engine: rules, contexts, scoring, the agenda and explanations --------------------
from relnet.policy.agenda import Agenda
from relnet.policy.context import Context
from relnet.policy.engine import Engine
from relnet.policy.explain import Considered, Explanation
from relnet.policy.rule import Candidate, Proposal, Rule, Suppression
from relnet.policy.rules import (
    BASES,
    OVERRIDES,
    Birthday,
    CheckIn,
    IntroLoop,
    KeepInTouch,
    MentorLoop,
    Nudge,
    Promise,
    ReplyOwed,
    RuleSet,
    ThankYou,
    default_rules,
)
from relnet.policy.scoring import ContactFactors, Scoring

# isort: split
# -- insights: tie strength and health, message drafts, goal progress ----------------------
from relnet.policy.drafts import (
    DEFAULT_OFFERS,
    DEFAULT_SIGN_OFF,
    DEFAULT_TEMPLATES,
    OFFER_FACTOR,
    draft,
    draft_fields,
)
from relnet.policy.progress import (
    PACE_SLACK,
    PACE_TOLERANCE,
    GoalProgress,
    Pace,
    goals_progress,
    progress,
)
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

# -- the engine ------------------------------------------------------------------------------
__all__ += [
    "BASES",
    "OVERRIDES",
    "Agenda",
    "Birthday",
    "Candidate",
    "CheckIn",
    "Considered",
    "ContactFactors",
    "Context",
    "Engine",
    "Explanation",
    "IntroLoop",
    "KeepInTouch",
    "MentorLoop",
    "Nudge",
    "Promise",
    "Proposal",
    "ReplyOwed",
    "Rule",
    "RuleSet",
    "Scoring",
    "Suppression",
    "ThankYou",
    "default_rules",
]

# -- insights ------------------------------------------------------------------------------
__all__ += [
    "CIRCLE_CLOSENESS",
    "DEFAULT_OFFERS",
    "DEFAULT_SIGN_OFF",
    "DEFAULT_TEMPLATES",
    "DUE_SOON_DAYS",
    "OFFER_FACTOR",
    "PACE_SLACK",
    "PACE_TOLERANCE",
    "GoalProgress",
    "Health",
    "HealthState",
    "Pace",
    "StrengthWeights",
    "contact_health",
    "draft",
    "draft_fields",
    "goals_progress",
    "health",
    "progress",
    "strengths",
    "tie_strength",
]
