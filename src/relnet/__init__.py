"""relnet: professional networking as a domain you can compute with.

Record whom you know, what happened between you, what you want from your network and
how often each relationship deserves attention; relnet's follow-up engine tells you
whom to reach out to, when, why and what to offer.
"""

from typing import TYPE_CHECKING

from relnet import _exports

# Imported when first asked for (``relnet.Contact``, ``from relnet import Engine``), so
# that ``import relnet`` alone, and ``relnet --version``, stay fast. Each is imported
# "as" itself (an explicit re-export): type checkers cannot read an __all__ that is
# built from relnet._exports.
if TYPE_CHECKING:
    from relnet.errors import ConflictError as ConflictError
    from relnet.errors import NotFoundError as NotFoundError
    from relnet.errors import RelnetError as RelnetError
    from relnet.errors import StorageError as StorageError
    from relnet.errors import ValidationError as ValidationError
    from relnet.model import Cadence as Cadence
    from relnet.model import CadenceUnit as CadenceUnit
    from relnet.model import Channel as Channel
    from relnet.model import Circle as Circle
    from relnet.model import Commitment as Commitment
    from relnet.model import CommitmentId as CommitmentId
    from relnet.model import Community as Community
    from relnet.model import CommunityId as CommunityId
    from relnet.model import CommunityKind as CommunityKind
    from relnet.model import Contact as Contact
    from relnet.model import ContactId as ContactId
    from relnet.model import ContactStatus as ContactStatus
    from relnet.model import Direction as Direction
    from relnet.model import Dismissal as Dismissal
    from relnet.model import Event as Event
    from relnet.model import EventId as EventId
    from relnet.model import Goal as Goal
    from relnet.model import GoalId as GoalId
    from relnet.model import GoalKind as GoalKind
    from relnet.model import GoalStatus as GoalStatus
    from relnet.model import Interaction as Interaction
    from relnet.model import InteractionId as InteractionId
    from relnet.model import MonthDay as MonthDay
    from relnet.model import Party as Party
    from relnet.model import Profile as Profile
    from relnet.model import Role as Role
    from relnet.model import Settings as Settings
    from relnet.model import Stage as Stage
    from relnet.model import Target as Target
    from relnet.model import TargetMeasure as TargetMeasure
    from relnet.model import TouchSummary as TouchSummary
    from relnet.model import Value as Value
    from relnet.policy import Agenda as Agenda
    from relnet.policy import Context as Context
    from relnet.policy import Engine as Engine
    from relnet.policy import FollowUp as FollowUp
    from relnet.policy import Proposal as Proposal
    from relnet.policy import Reason as Reason
    from relnet.policy import Rule as Rule
    from relnet.policy import Suppression as Suppression
    from relnet.policy import default_rules as default_rules
    from relnet.storage import FactSource as FactSource
    from relnet.storage import FileBacked as FileBacked
    from relnet.storage import InMemoryStore as InMemoryStore
    from relnet.storage import InteractionsAt as InteractionsAt
    from relnet.storage import Store as Store
    from relnet.storage import SummarySieve as SummarySieve
    from relnet.storage import SummarySource as SummarySource

__version__ = "0.1.0"

__all__ = [
    "Agenda",
    "ConflictError",
    "Context",
    "Engine",
    "FactSource",
    "FileBacked",
    "FollowUp",
    "InMemoryStore",
    "InteractionsAt",
    "NotFoundError",
    "Proposal",
    "Reason",
    "RelnetError",
    "Rule",
    "StorageError",
    "Store",
    "SummarySieve",
    "SummarySource",
    "Suppression",
    "ValidationError",
    "__version__",
    "default_rules",
    *_exports.MODEL,
]


#: Where the names of :data:`__all__` live, searched in order on first use.
_HOMES = ("relnet.errors", "relnet.model", "relnet.policy", "relnet.storage")


# Hidden from type checkers, so that a misspelt name still fails their checks.
if TYPE_CHECKING:
    from relnet.model.enums import Status as Status
else:

    def __getattr__(name: str) -> object:
        """A public name, imported from its module on first use (and kept)."""
        if name in __all__:
            import importlib

            for home in _HOMES:
                module = importlib.import_module(home)
                if hasattr(module, name):
                    value = getattr(module, name)
                    globals()[name] = value
                    return value
        from relnet.model.enums import deprecated_names

        return deprecated_names(__name__)(name)
