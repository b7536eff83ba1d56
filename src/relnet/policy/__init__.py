"""The follow-up engine: rules, the agenda, and what explains each proposal.

:class:`Engine` runs :class:`Rule` objects (by default :func:`default_rules`) over every
contact's :class:`Context` and returns an :class:`Agenda` of :class:`FollowUp` values;
:meth:`Engine.explain` says why a contact is, or is not, on it. Beside it: tie strength
and network health, message drafts, and goal progress.
"""

from relnet.policy.agenda import Agenda
from relnet.policy.circles import CIRCLE_CADENCE, CIRCLE_MULTIPLIER, cadence_for
from relnet.policy.context import Context
from relnet.policy.drafts import (
    DEFAULT_OFFERS,
    DEFAULT_SIGN_OFF,
    DEFAULT_TEMPLATES,
    OFFER_FACTOR,
    draft,
    draft_fields,
)
from relnet.policy.engine import Engine
from relnet.policy.explain import Considered, Explanation
from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason
from relnet.policy.progress import (
    PACE_SLACK,
    PACE_TOLERANCE,
    GoalProgress,
    Pace,
    goals_progress,
    progress,
)
from relnet.policy.rule import (
    Candidate,
    Cyclic,
    DeclaredRule,
    Planning,
    Proposal,
    Quiet,
    QuietTest,
    Rule,
    Suppression,
    Wake,
    Wakeful,
    planning_of,
)
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
    "BASES",
    "CIRCLE_CADENCE",
    "CIRCLE_CLOSENESS",
    "CIRCLE_MULTIPLIER",
    "DEFAULT_OFFERS",
    "DEFAULT_SIGN_OFF",
    "DEFAULT_TEMPLATES",
    "DUE_SOON_DAYS",
    "MUST_DO",
    "OFFER_FACTOR",
    "OVERRIDES",
    "PACE_SLACK",
    "PACE_TOLERANCE",
    "Agenda",
    "Birthday",
    "Breakdown",
    "Candidate",
    "CheckIn",
    "Considered",
    "Cyclic",
    "DeclaredRule",
    "ContactFactors",
    "Context",
    "Engine",
    "Explanation",
    "FollowUp",
    "GoalProgress",
    "Health",
    "HealthState",
    "IntroLoop",
    "KeepInTouch",
    "MentorLoop",
    "Nudge",
    "Pace",
    "Planning",
    "Promise",
    "Proposal",
    "Quiet",
    "QuietTest",
    "Reason",
    "ReplyOwed",
    "Rule",
    "RuleSet",
    "Scoring",
    "StrengthWeights",
    "Suppression",
    "ThankYou",
    "Wake",
    "Wakeful",
    "cadence_for",
    "contact_health",
    "default_rules",
    "draft",
    "draft_fields",
    "goals_progress",
    "health",
    "planning_of",
    "progress",
    "strengths",
    "tie_strength",
]
