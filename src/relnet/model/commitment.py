"""A promise: who owes what to whom, and by when."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from relnet.model import _check, _fields
from relnet.model.enums import Party
from relnet.model.ids import CommitmentId, ContactId, new_id

__all__ = ["Commitment"]


def _new_commitment_id() -> CommitmentId:
    return CommitmentId(new_id())


def _commitment_what(value: Any) -> str:
    return _check.text(value, "what", blank=False)


def _commitment_due(value: Any) -> pendulum.Date:
    return _check.date(value, "due")


def _commitment_owed_by(value: Any) -> Party:
    return _check.member(value, Party, "owed_by")


def _commitment_done_on(value: Any) -> pendulum.Date | None:
    return _check.optional_date(value, "done_on")


@attrs.frozen
class Commitment:
    """ "I'll send you that paper by Friday" (``owed_by=Party.ME``) or theirs to you.

    A commitment is open until ``done_on`` is set.
    """

    contact: ContactId = attrs.field(converter=_fields.contact)
    what: str = attrs.field(converter=_commitment_what)
    due: pendulum.Date = attrs.field(converter=_commitment_due)
    owed_by: Party = attrs.field(default=Party.ME, kw_only=True, converter=_commitment_owed_by)
    done_on: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_commitment_done_on
    )
    id: CommitmentId = attrs.field(
        factory=_new_commitment_id, kw_only=True, converter=_fields.record_id
    )

    @property
    def is_open(self) -> bool:
        """Whether the promise is still to be kept."""
        return self.done_on is None

    def done(self, on: pendulum.Date) -> Commitment:
        """Return this commitment marked as kept on ``on``."""
        return attrs.evolve(self, done_on=on)
