"""Views of your network: intro paths, events and communities, reciprocity, mentorship,
stages.

Every view is a pure function of a :class:`~relnet.storage.Store` and ``now``; each
returns frozen values with ``to_record()`` / ``to_records()`` (plain dicts) and, for
reports, ``to_frame()`` (pandas, with ``relnet[pandas]``).
"""

from relnet.network.communities import ACTIVITY_DAYS as ACTIVITY_DAYS
from relnet.network.communities import CommunityReport, Member, communities_report
from relnet.network.events import ONGOING_DAYS as ONGOING_DAYS
from relnet.network.events import ONGOING_TOUCHES as ONGOING_TOUCHES
from relnet.network.events import (
    EventContact,
    EventReport,
    event_report,
    log_event,
)
from relnet.network.frames import records, to_frame
from relnet.network.links import ContactLink, contact_link, link_strength
from relnet.network.mentorship import LOOP_DUE_DAYS as LOOP_DUE_DAYS
from relnet.network.mentorship import REPORT_AFTER_DAYS as REPORT_AFTER_DAYS
from relnet.network.mentorship import (
    MentorshipGoal,
    MentorshipReport,
    MentorshipTie,
    OpenLoop,
    mentorship,
)
from relnet.network.paths import PATH_LIMIT as PATH_LIMIT
from relnet.network.paths import IntroPath, PathLink, intro_paths
from relnet.network.reciprocity import GIVEN_MARGIN as GIVEN_MARGIN
from relnet.network.reciprocity import OWE_MARGIN as OWE_MARGIN
from relnet.network.reciprocity import (
    Balance,
    BalanceState,
    Flow,
    Ledger,
    LedgerEntry,
    givers_and_takers,
    ledger,
    offers,
)
from relnet.network.stages import StageSuggestion, suggest_stage, suggest_stages
from relnet.network.targets import TargetCommunity, TargetPerson, TargetsReport, targets

# The tuning constants (ACTIVITY_DAYS, PATH_LIMIT…) stay importable from here, as
# before, but ``__all__`` lists classes and functions only.
__all__ = [
    "Balance",
    "BalanceState",
    "CommunityReport",
    "ContactLink",
    "EventContact",
    "EventReport",
    "Flow",
    "IntroPath",
    "Ledger",
    "LedgerEntry",
    "Member",
    "MentorshipGoal",
    "MentorshipReport",
    "MentorshipTie",
    "OpenLoop",
    "PathLink",
    "StageSuggestion",
    "TargetCommunity",
    "TargetPerson",
    "TargetsReport",
    "communities_report",
    "contact_link",
    "event_report",
    "givers_and_takers",
    "intro_paths",
    "ledger",
    "link_strength",
    "log_event",
    "mentorship",
    "offers",
    "records",
    "suggest_stage",
    "suggest_stages",
    "targets",
    "to_frame",
]
