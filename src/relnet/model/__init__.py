"""The domain: frozen values with validators and no I/O."""

from typing import TYPE_CHECKING

# Public names are imported "as" themselves (explicit re-exports): type checkers cannot
# read an __all__ built from relnet._exports.
from relnet import _exports
from relnet.model import _check
from relnet.model.cadence import WEEKDAYS as WEEKDAYS  # a default, importable, not in __all__
from relnet.model.cadence import Cadence as Cadence
from relnet.model.cadence import CadenceUnit as CadenceUnit
from relnet.model.cadence import add_business_days as add_business_days
from relnet.model.cadence import add_months as add_months
from relnet.model.commitment import Commitment as Commitment
from relnet.model.community import Community as Community
from relnet.model.community import Event as Event
from relnet.model.contact import Contact as Contact
from relnet.model.dismissal import Dismissal as Dismissal
from relnet.model.enums import Channel as Channel
from relnet.model.enums import Circle as Circle
from relnet.model.enums import CommunityKind as CommunityKind
from relnet.model.enums import ContactStatus as ContactStatus
from relnet.model.enums import Direction as Direction
from relnet.model.enums import GoalKind as GoalKind
from relnet.model.enums import GoalStatus as GoalStatus
from relnet.model.enums import Party as Party
from relnet.model.enums import Role as Role
from relnet.model.enums import Stage as Stage
from relnet.model.enums import TargetMeasure as TargetMeasure
from relnet.model.enums import Value as Value
from relnet.model.enums import deprecated_names
from relnet.model.facts import ContactView as ContactView
from relnet.model.goal import Goal as Goal
from relnet.model.goal import Target as Target
from relnet.model.ids import CommitmentId as CommitmentId
from relnet.model.ids import CommunityId as CommunityId
from relnet.model.ids import ContactId as ContactId
from relnet.model.ids import EventId as EventId
from relnet.model.ids import GoalId as GoalId
from relnet.model.ids import InteractionId as InteractionId
from relnet.model.ids import new_id as new_id
from relnet.model.interaction import Interaction as Interaction
from relnet.model.interaction import Touch as Touch
from relnet.model.monthday import MonthDay as MonthDay
from relnet.model.monthday import parse_birthday as parse_birthday
from relnet.model.profile import Profile as Profile
from relnet.model.profile import Settings as Settings
from relnet.model.summary import SummaryBuilder as SummaryBuilder
from relnet.model.summary import TouchSummary as TouchSummary
from relnet.model.summary import epoch_us as epoch_us
from relnet.model.summary import summarize as summarize

__all__ = [
    *_exports.MODEL,
    "ContactView",
    "SummaryBuilder",
    "Touch",
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
