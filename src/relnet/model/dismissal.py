"""A dismissed follow-up item: one reason about one thing, hidden, not the person."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pendulum

from relnet.errors import ValidationError
from relnet.model import _check, _fields
from relnet.model.ids import ContactId

__all__ = ["Dismissal"]

_REASON = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _dismissal_reason(value: Any) -> str:
    if not isinstance(value, str) or _REASON.match(value) is None:
        raise ValidationError(
            "reason", value, "a reason code: lowercase letters, digits and _ (such as reply_owed)"
        )
    return str(value)  # a plain str, also for a StrEnum member such as Reason.NUDGE


def _dismissal_anchor(value: Any) -> str:
    return _check.check_id(value, "anchor")


@attrs.frozen
class Dismissal:
    """One follow-up item the owner dismissed: the item of ``reason`` for ``contact``
    that is about ``anchor``, dismissed at the instant ``at``.

    ``reason`` is a reason code (:class:`relnet.policy.Reason`'s values, such as
    ``"reply_owed"``). ``anchor`` names what the item is about, as the engine writes it
    (:func:`relnet.policy.anchor_of`): the instant of the message, meeting, event,
    intro, advice or ask (``2026-03-02T09:30:00.000000Z``, UTC, fixed width), the id of
    the commitment, the birthday's year (``2026``), or, for keep-in-touch and
    reconnect, the instant the cycle counts from (``never`` when there is none).

    A dismissal hides that item and no other; a newer anchor brings the reason back.
    Stores keep dismissals with the contact's records; ``(contact, reason, anchor)``
    is a dismissal's key.

    >>> import pendulum
    >>> d = Dismissal("ada", "birthday", "2026", pendulum.datetime(2026, 3, 1, tz="UTC"))
    >>> d.key
    ('ada', 'birthday', '2026')
    """

    contact: ContactId = attrs.field(converter=_fields.contact)
    reason: str = attrs.field(converter=_dismissal_reason)
    anchor: str = attrs.field(converter=_dismissal_anchor)
    at: pendulum.DateTime = attrs.field(converter=_fields.at)

    @property
    def key(self) -> tuple[ContactId, str, str]:
        """``(contact, reason, anchor)``: what a store keeps one dismissal of."""
        return (self.contact, self.reason, self.anchor)
