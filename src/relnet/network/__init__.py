"""Views of your network: intro paths, events and communities, reciprocity, mentorship,
stages.

Every view is a pure function of a :class:`~relnet.storage.Store` and ``now``; each
returns frozen values with ``to_record()`` / ``to_records()`` (plain dicts) and, for
reports, ``to_frame()`` (pandas, with ``relnet[pandas]``).
"""

from relnet.network.communities import ACTIVITY_DAYS, CommunityReport, Member, communities_report
from relnet.network.events import (
    ONGOING_DAYS,
    ONGOING_TOUCHES,
    EventContact,
    EventReport,
    event_report,
    log_event,
)
from relnet.network.frames import records, to_frame
from relnet.network.links import ContactLink, contact_link, link_strength
from relnet.network.mentorship import (
    LOOP_DUE_DAYS,
    REPORT_AFTER_DAYS,
    MentorshipGoal,
    MentorshipReport,
    MentorshipTie,
    OpenLoop,
    mentorship,
)
from relnet.network.paths import PATH_LIMIT, IntroPath, PathLink, intro_paths
from relnet.network.reciprocity import (
    GIVEN_MARGIN,
    OWE_MARGIN,
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

__all__ = [
    "ACTIVITY_DAYS",
    "GIVEN_MARGIN",
    "LOOP_DUE_DAYS",
    "ONGOING_DAYS",
    "ONGOING_TOUCHES",
    "OWE_MARGIN",
    "PATH_LIMIT",
    "REPORT_AFTER_DAYS",
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
