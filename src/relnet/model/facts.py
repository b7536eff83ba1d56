"""What a rule may read of a contact: the :class:`ContactView` protocol.

The engine hands each rule a :class:`~relnet.policy.Context` whose ``contact`` is a
``ContactView``. A :class:`~relnet.model.Contact` is one; so are the lighter
:class:`~relnet.storage.ContactFacts` a store may list instead, which the engine uses
only when every rule declares that it reads nothing else (see
:func:`relnet.policy.planning_of`).
"""

from __future__ import annotations

from typing import Protocol

import pendulum

from relnet.model.cadence import Cadence
from relnet.model.enums import Circle, ContactStatus, Role
from relnet.model.ids import ContactId
from relnet.model.monthday import MonthDay

__all__ = ["ContactView"]


class ContactView(Protocol):
    """The fields of a contact that the built-in rules and the scoring read.

    Each has the meaning of the :class:`~relnet.model.Contact` field of the same name;
    ``reachable`` is true while the contact's status is active. A rule that reads any
    other field of a contact must not declare ``reads_only_facts``; it then receives
    the whole :class:`~relnet.model.Contact` (narrow it with ``isinstance``).
    """

    @property
    def id(self) -> ContactId: ...

    @property
    def name(self) -> str: ...

    @property
    def circle(self) -> Circle: ...

    @property
    def cadence(self) -> Cadence | None: ...

    @property
    def status(self) -> ContactStatus: ...

    @property
    def snoozed_until(self) -> pendulum.Date | None: ...

    @property
    def roles(self) -> frozenset[Role]: ...

    @property
    def birthday(self) -> pendulum.Date | MonthDay | None: ...

    @property
    def created_at(self) -> pendulum.DateTime | None: ...

    @property
    def reachable(self) -> bool: ...
