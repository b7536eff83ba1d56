"""A promise: who owes what to whom, and by when."""

from __future__ import annotations

import attrs
import pendulum

from relnet.model import _check
from relnet.model.enums import Party
from relnet.model.ids import CommitmentId, ContactId, new_id

__all__ = ["Commitment"]


def _new_commitment_id() -> CommitmentId:
    return CommitmentId(new_id())


@attrs.frozen
class Commitment:
    """"I'll send you that paper by Friday" (``owed_by=Party.ME``) or theirs to you.

    A commitment is open until ``done_on`` is set.
    """

    contact: ContactId = attrs.field(converter=_check.identifier("contact"))
    what: str = attrs.field(converter=_check.text("what", blank=False))
    due: pendulum.Date = attrs.field(converter=_check.date("due"))
    owed_by: Party = attrs.field(
        default=Party.ME, kw_only=True, converter=_check.member(Party, "owed_by")
    )
    done_on: pendulum.Date | None = attrs.field(
        default=None, kw_only=True, converter=_check.optional_date("done_on")
    )
    id: CommitmentId = attrs.field(
        factory=_new_commitment_id, kw_only=True, converter=_check.identifier("id")
    )

    @property
    def is_open(self) -> bool:
        """Whether the promise is still to be kept."""
        return self.done_on is None

    def done(self, on: pendulum.Date) -> Commitment:
        """Return this commitment marked as kept on ``on``."""
        return attrs.evolve(self, done_on=on)
