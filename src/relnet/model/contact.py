"""A person in your network."""

from __future__ import annotations

from typing import Any, cast

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check, _fields
from relnet.model.cadence import Cadence
from relnet.model.enums import Circle, ContactStatus, Role, Stage
from relnet.model.ids import CommunityId, ContactId, new_id
from relnet.model.monthday import MonthDay, birthday
from relnet.model.records import record_of

__all__ = ["Contact"]


def _new_contact_id() -> ContactId:
    return ContactId(new_id())


def _email(value: Any) -> tuple[str, ...]:
    emails = _check.string_tuple(value, "emails")
    for email in emails:
        local, at, domain = email.strip().rpartition("@")
        # One word: no white space inside (split() splits at what isspace() accepts).
        if not at or not local or not domain or len(email.split()) != 1:
            raise ValidationError("emails", email, "an email address like 'ada@example.org'")
    return emails


def _timezone(value: Any) -> str | None:
    return None if value is None else _check.timezone_name(value, "timezone")


#: The longest name a contact may have, in characters.
NAME_LIMIT = 200


def _contact_name(value: Any) -> str:
    return _check.text(value, "name", blank=False, limit=NAME_LIMIT)


def _contact_circle(value: Any) -> Circle:
    return _check.member(value, Circle, "circle")


def _contact_created_at(value: Any) -> pendulum.DateTime | None:
    return _check.optional_instant(value, "created_at")


def _contact_status(value: Any) -> ContactStatus:
    return _check.member(value, ContactStatus, "status")


def _contact_snoozed_until(value: Any) -> pendulum.Date | None:
    return _check.optional_date(value, "snoozed_until")


def _contact_roles(value: Any) -> frozenset[Role]:
    return _check.members(value, Role, "roles")


def _contact_interests(value: Any) -> frozenset[str]:
    return _check.strings(value, "interests")


def _contact_phones(value: Any) -> tuple[str, ...]:
    return _check.string_tuple(value, "phones")


def _contact_urls(value: Any) -> tuple[str, ...]:
    return _check.string_tuple(value, "urls")


def _contact_organization(value: Any) -> str | None:
    return _check.optional_text(value, "organization")


def _contact_headline(value: Any) -> str | None:
    return _check.optional_text(value, "headline")


def _contact_communities(value: Any) -> frozenset[CommunityId]:
    # CommunityId is a str at run time: the checked set is already the value.
    return cast(frozenset[CommunityId], _check.identifiers(value, "communities"))


def _contact_stage(value: Any) -> Stage:
    return _check.member(value, Stage, "stage")


def _contact_how_met(value: Any) -> str:
    return _check.text(value, "how_met")


def _contact_sources(value: Any) -> frozenset[str]:
    return _check.strings(value, "sources")


def _contact_aliases(value: Any) -> tuple[str, ...]:
    return _check.string_tuple(value, "aliases")


#: How many parts a structured name has: family, given, additional, prefix, suffix.
NAME_PARTS = 5


def _contact_name_parts(value: Any) -> tuple[str, ...]:
    expected = "five strings: family, given, additional names, prefix and suffix, or none"
    if not isinstance(value, tuple | list):
        raise ValidationError("name_parts", value, expected)
    if not value:
        return ()
    parts = tuple(_check.text(part, "name_parts") for part in value)
    if len(parts) != NAME_PARTS or not any(part.strip() for part in parts):
        raise ValidationError("name_parts", value, expected)
    return parts


def _contact_version(value: Any) -> int:
    return _check.integer(value, "version", minimum=0)


@attrs.frozen
class Contact:
    """A person: who they are, how close, how often to touch base, and how to reach them.

    ``version`` counts stored updates: :meth:`relnet.storage.Store.update_contact` refuses
    a contact whose version is not the stored one (optimistic concurrency).

    ``sources`` are the stable keys of the imported rows this contact was made of (see
    :func:`relnet.identity.source_key`), so a file imported again is recognised row by
    row; ``aliases`` are the other names it was known by, kept when records merge.
    ``name_parts`` is the name as a source structured it (a vCard's ``N``: family,
    given, additional names, prefix, suffix), empty when none did; it is written back
    while it still fits ``name``.
    """

    name: str = attrs.field(converter=_contact_name)
    id: ContactId = attrs.field(factory=_new_contact_id, converter=_fields.record_id)
    circle: Circle = attrs.field(default=Circle.NETWORK, converter=_contact_circle)
    cadence: Cadence | None = attrs.field(
        default=None,
        converter=_fields.cadence,
    )
    created_at: pendulum.DateTime | None = attrs.field(default=None, converter=_contact_created_at)
    status: ContactStatus = attrs.field(default=ContactStatus.ACTIVE, converter=_contact_status)
    snoozed_until: pendulum.Date | None = attrs.field(
        default=None, converter=_contact_snoozed_until
    )
    roles: frozenset[Role] = attrs.field(default=frozenset(), converter=_contact_roles)
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_fields.tags)
    interests: frozenset[str] = attrs.field(default=frozenset(), converter=_contact_interests)
    emails: tuple[str, ...] = attrs.field(default=(), converter=_email)
    phones: tuple[str, ...] = attrs.field(default=(), converter=_contact_phones)
    urls: tuple[str, ...] = attrs.field(default=(), converter=_contact_urls)
    organization: str | None = attrs.field(default=None, converter=_contact_organization)
    headline: str | None = attrs.field(default=None, converter=_contact_headline)
    timezone: str | None = attrs.field(default=None, converter=_timezone)
    birthday: pendulum.Date | MonthDay | None = attrs.field(default=None, converter=birthday)
    introduced_by: ContactId | None = attrs.field(default=None, converter=_fields.introduced_by)
    communities: frozenset[CommunityId] = attrs.field(
        default=frozenset(), converter=_contact_communities
    )
    stage: Stage = attrs.field(default=Stage.CONNECTED, converter=_contact_stage)
    notes: str = attrs.field(default="", converter=_fields.notes)
    how_met: str = attrs.field(default="", converter=_contact_how_met)
    version: int = attrs.field(default=0, converter=_contact_version)
    sources: frozenset[str] = attrs.field(default=frozenset(), converter=_contact_sources)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_contact_aliases)
    name_parts: tuple[str, ...] = attrs.field(default=(), converter=_contact_name_parts)

    def __attrs_post_init__(self) -> None:
        if self.introduced_by is not None and self.introduced_by == self.id:
            raise ValidationError(
                "introduced_by", self.introduced_by, "someone other than the contact"
            )

    @property
    def reachable(self) -> bool:
        """Whether relnet may propose reaching out (not archived, not do-not-contact)."""
        return self.status is ContactStatus.ACTIVE

    def to_records(self) -> dict[str, Any]:
        """The same as :meth:`to_record`: the contact as a plain dict for JSON (every
        result an app returns answers ``to_records()``)."""
        return self.to_record()

    def to_record(self) -> dict[str, Any]:
        """The contact as a plain dict for JSON: every field by name, ``created_at`` as
        a standard ISO 8601 instant with ``created_at_zone`` beside it (see
        :mod:`relnet.model.records`)."""
        return record_of(self)

    def snoozed_on(self, day: pendulum.Date) -> bool:
        """Whether the contact is snoozed on ``day`` (``day`` before ``snoozed_until``)."""
        return self.snoozed_until is not None and day < self.snoozed_until
