"""The follow-up engine: rules, the agenda, and what explains each proposal.

:class:`Engine` runs :class:`Rule` objects (by default :func:`default_rules`) over every
contact's :class:`Context` and returns an :class:`Agenda` of :class:`FollowUp` values;
:meth:`Engine.explain` says why a contact is, or is not, on it. Beside it: tie strength
and network health, message drafts, and goal progress.
"""

from relnet.policy.agenda import Agenda
from relnet.policy.circles import CIRCLE_CADENCE as CIRCLE_CADENCE
from relnet.policy.circles import CIRCLE_MULTIPLIER as CIRCLE_MULTIPLIER
from relnet.policy.circles import cadence_for
from relnet.policy.context import SOON_DAYS as SOON_DAYS
from relnet.policy.context import Context
from relnet.policy.dismissals import anchor_of
from relnet.policy.drafts import DEFAULT_FIRST_TEMPLATES as DEFAULT_FIRST_TEMPLATES
from relnet.policy.drafts import DEFAULT_OFFERS as DEFAULT_OFFERS
from relnet.policy.drafts import DEFAULT_SIGN_OFF as DEFAULT_SIGN_OFF
from relnet.policy.drafts import DEFAULT_TEMPLATES as DEFAULT_TEMPLATES
from relnet.policy.drafts import OFFER_FACTOR as OFFER_FACTOR
from relnet.policy.drafts import (
    draft,
    draft_fields,
    first_message,
)
from relnet.policy.engine import Engine
from relnet.policy.explain import Considered, Explanation
from relnet.policy.followup import MUST_DO as MUST_DO
from relnet.policy.followup import Breakdown, FollowUp, Reason
from relnet.policy.progress import PACE_SLACK as PACE_SLACK
from relnet.policy.progress import PACE_TOLERANCE as PACE_TOLERANCE
from relnet.policy.progress import (
    GoalProgress,
    Pace,
    goals_progress,
    progress,
)
from relnet.policy.rule import (
    Candidate,
    Cyclic,
    DeclaredRule,
    EvaluatesMany,
    Planning,
    Proposal,
    Quiet,
    QuietTest,
    Rule,
    Suppression,
    Wake,
    Wakeful,
    WakefulAnyDay,
    planning_of,
)

# Tuning constants: importable from here as before, but not star-exported (their homes
# are the modules that use them, where the docs describe them).
from relnet.policy.rules import BASES as BASES
from relnet.policy.rules import OVERRIDES as OVERRIDES
from relnet.policy.rules import (
    Birthday,
    CheckIn,
    EventFollowUp,
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
from relnet.policy.strength import CIRCLE_CLOSENESS as CIRCLE_CLOSENESS
from relnet.policy.strength import DUE_SOON_DAYS as DUE_SOON_DAYS
from relnet.policy.strength import (
    Health,
    HealthState,
    StrengthWeights,
    contact_health,
    health,
    strengths,
    tie_strength,
)

__all__ = [
    "Agenda",
    "Birthday",
    "Breakdown",
    "Candidate",
    "CheckIn",
    "EventFollowUp",
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
    "WakefulAnyDay",
    "EvaluatesMany",
    "anchor_of",
    "cadence_for",
    "contact_health",
    "default_rules",
    "draft",
    "draft_fields",
    "first_message",
    "goals_progress",
    "health",
    "planning_of",
    "progress",
    "strengths",
    "tie_strength",
]
