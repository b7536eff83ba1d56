"""A person in your network."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check
from relnet.model.cadence import Cadence
from relnet.model.enums import Circle, Role, Stage, Status
from relnet.model.ids import CommunityId, ContactId, new_id
from relnet.model.monthday import MonthDay, birthday

__all__ = ["Contact"]


def _new_contact_id() -> ContactId:
    return ContactId(new_id())


def _email(value: Any) -> tuple[str, ...]:
    emails = _check.string_tuple("emails")(value)
    for email in emails:
        local, at, domain = email.strip().rpartition("@")
        if not at or not local or not domain or any(ch.isspace() for ch in email.strip()):
            raise ValidationError("emails", email, "an email address like 'ada@example.org'")
    return emails


def _timezone(value: Any) -> str | None:
    return None if value is None else _check.timezone_name(value, "timezone")


@attrs.frozen
class Contact:
    """A person: who they are, how close, how often to touch base, and how to reach them.

    ``version`` counts stored updates: :meth:`relnet.storage.Store.update_contact` refuses
    a contact whose version is not the stored one (optimistic concurrency).
    """

    name: str = attrs.field(converter=_check.text("name", blank=False, limit=10_000_000))
    id: ContactId = attrs.field(factory=_new_contact_id, converter=_check.identifier("id"))
    circle: Circle = attrs.field(
        default=Circle.NETWORK, converter=_check.member(Circle, "circle")
    )
    cadence: Cadence | None = attrs.field(
        default=None,
        converter=_check.optional_instance_of(Cadence, "cadence", "a Cadence or None"),
    )
    created_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=_check.optional_instant("created_at")
    )
    status: Status = attrs.field(default=Status.ACTIVE, converter=_check.member(Status, "status"))
    snoozed_until: pendulum.Date | None = attrs.field(
        default=None, converter=_check.optional_date("snoozed_until")
    )
    roles: frozenset[Role] = attrs.field(
        default=frozenset(), converter=_check.members(Role, "roles")
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_check.strings("tags"))
    interests: frozenset[str] = attrs.field(
        default=frozenset(), converter=_check.strings("interests")
    )
    emails: tuple[str, ...] = attrs.field(default=(), converter=_email)
    phones: tuple[str, ...] = attrs.field(default=(), converter=_check.string_tuple("phones"))
    urls: tuple[str, ...] = attrs.field(default=(), converter=_check.string_tuple("urls"))
    organization: str | None = attrs.field(
        default=None, converter=_check.optional_text("organization")
    )
    headline: str | None = attrs.field(default=None, converter=_check.optional_text("headline"))
    timezone: str | None = attrs.field(default=None, converter=_timezone)
    birthday: pendulum.Date | MonthDay | None = attrs.field(default=None, converter=birthday)
    introduced_by: ContactId | None = attrs.field(
        default=None, converter=_check.optional_identifier("introduced_by")
    )
    communities: frozenset[CommunityId] = attrs.field(
        default=frozenset(), converter=_check.identifiers("communities")
    )
    stage: Stage = attrs.field(default=Stage.CONNECTED, converter=_check.member(Stage, "stage"))
    notes: str = attrs.field(default="", converter=_check.text("notes"))
    how_met: str = attrs.field(default="", converter=_check.text("how_met"))
    version: int = attrs.field(default=0, converter=_check.integer("version", minimum=0))

    def __attrs_post_init__(self) -> None:
        if self.introduced_by is not None and self.introduced_by == self.id:
            raise ValidationError("introduced_by", self.introduced_by, "someone other than the contact")

    @property
    def reachable(self) -> bool:
        """Whether relnet may propose reaching out (not archived, not do-not-contact)."""
        return self.status is Status.ACTIVE

    def snoozed_on(self, day: pendulum.Date) -> bool:
        """Whether the contact is snoozed on ``day`` (``day`` before ``snoozed_until``)."""
        return self.snoozed_until is not None and day < self.snoozed_until
