"""The domain: frozen values with validators and no I/O."""

from typing import TYPE_CHECKING

from relnet.model import _check
from relnet.model.cadence import WEEKDAYS as WEEKDAYS  # a default, importable, not in __all__
from relnet.model.cadence import Cadence, CadenceUnit, add_business_days, add_months
from relnet.model.commitment import Commitment
from relnet.model.community import Community, Event
from relnet.model.contact import Contact
from relnet.model.dismissal import Dismissal
from relnet.model.enums import (
    Channel,
    Circle,
    CommunityKind,
    ContactStatus,
    Direction,
    GoalKind,
    GoalStatus,
    Party,
    Role,
    Stage,
    TargetMeasure,
    Value,
    deprecated_names,
)
from relnet.model.facts import ContactView
from relnet.model.goal import Goal, Target
from relnet.model.ids import (
    CommitmentId,
    CommunityId,
    ContactId,
    EventId,
    GoalId,
    InteractionId,
    new_id,
)
from relnet.model.interaction import Interaction, Touch
from relnet.model.monthday import MonthDay, parse_birthday
from relnet.model.profile import Profile, Settings
from relnet.model.summary import SummaryBuilder, TouchSummary, epoch_us, summarize

__all__ = [
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
    "ContactView",
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
    "SummaryBuilder",
    "Target",
    "TargetMeasure",
    "Touch",
    "TouchSummary",
    "Value",
    "add_business_days",
    "add_months",
    "epoch_us",
    "new_id",
    "parse_birthday",
    "summarize",
]


# Hidden from type checkers, so that a misspelt name still fails their checks.
if TYPE_CHECKING:
    from relnet.model.enums import Status as Status
else:
    __getattr__ = deprecated_names(__name__)

# Every record's constructor reports all its refused fields at once, not only the first
# (a constructor that succeeds pays one call more).
for _record in (
    Cadence,
    Commitment,
    Community,
    Contact,
    Event,
    Goal,
    Interaction,
    Profile,
    Settings,
    Target,
):
    _check.collects_problems(_record)
del _record
