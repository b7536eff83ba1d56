"""What the agenda reads of a contact, without the rest of it: :class:`ContactFacts`.

A store that keeps contacts as documents (the SQL stores) can hand these out for a
hundred thousand contacts at a fraction of the cost of whole
:class:`~relnet.model.Contact` records (see :class:`~relnet.storage.FactSource`); the
engine then builds the agenda from them when every rule is one of the built-in ones,
which read nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

import pendulum

from relnet.model import (
    Cadence,
    Circle,
    Contact,
    ContactId,
    ContactStatus,
    MonthDay,
    Role,
    Stage,
)

__all__ = ["ContactFacts"]


class ContactFacts:
    """A contact's id, name, circle, cadence, status, snooze, roles, birthday, the
    instant it was added (read when first asked for) and stage: the values of the same
    fields of the :class:`~relnet.model.Contact` it comes from.

    >>> from relnet import Contact
    >>> facts = ContactFacts.of(Contact("Ada Lovelace", id="ada", circle="close"))
    >>> facts.name, facts.circle.value, facts.reachable
    ('Ada Lovelace', 'close', True)
    """

    __slots__ = (
        "_created",
        "birthday",
        "cadence",
        "circle",
        "id",
        "name",
        "roles",
        "snoozed_until",
        "stage",
        "status",
    )

    def __init__(
        self,
        id: ContactId,
        name: str,
        circle: Circle,
        cadence: Cadence | None,
        status: ContactStatus,
        snoozed_until: pendulum.Date | None,
        roles: frozenset[Role],
        birthday: pendulum.Date | MonthDay | None,
        created_at: pendulum.DateTime | Callable[[], pendulum.DateTime | None] | None,
        stage: Stage = Stage.CONNECTED,
    ) -> None:
        self.id = id
        self.name = name
        self.circle = circle
        self.cadence = cadence
        self.status = status
        self.snoozed_until = snoozed_until
        self.roles = roles
        self.birthday = birthday
        self._created = created_at
        self.stage = stage

    @classmethod
    def of(cls, contact: Contact) -> ContactFacts:
        """The facts of ``contact``."""
        return cls(
            contact.id,
            contact.name,
            contact.circle,
            contact.cadence,
            contact.status,
            contact.snoozed_until,
            contact.roles,
            contact.birthday,
            contact.created_at,
            contact.stage,
        )

    def without_snooze(self) -> Self:
        """The same facts with ``snoozed_until`` None (the contact as if not snoozed).

        >>> import pendulum
        >>> from relnet import Contact
        >>> day = pendulum.date(2026, 1, 5)
        >>> facts = ContactFacts.of(Contact("Ada", id="ada", snoozed_until=day))
        >>> facts.without_snooze().snoozed_until is None, facts.snoozed_until is None
        (True, False)
        """
        return type(self)(
            self.id,
            self.name,
            self.circle,
            self.cadence,
            self.status,
            None,
            self.roles,
            self.birthday,
            self._created,
            self.stage,
        )

    @property
    def created_at(self) -> pendulum.DateTime | None:
        """When the contact was added, if known (a store may read it only when asked)."""
        created = self._created
        if callable(created):
            created = self._created = created()
        return created

    @property
    def reachable(self) -> bool:
        """Whether relnet may propose contacting them (status active)."""
        return self.status is ContactStatus.ACTIVE

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContactFacts):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ContactFacts(id={self.id!r}, name={self.name!r}, circle={self.circle.value})"


_COMPARED = (
    "id",
    "name",
    "circle",
    "cadence",
    "status",
    "snoozed_until",
    "roles",
    "birthday",
    "created_at",
    "stage",
)
