"""How :meth:`Engine.explain <relnet.policy.Engine.explain>` writes the line of each
rule's proposal or suppression (:class:`~relnet.policy.explain.Considered`)."""

from __future__ import annotations

from relnet.policy._abouts import Abouts
from relnet.policy.explain import Considered, Status
from relnet.policy.picks import Pick, Scored
from relnet.policy.planning import Day
from relnet.policy.rule import Proposal, Suppression
from relnet.policy.wording import factor_names, text

__all__ = ["considered_line", "status_of"]


def status_of(item: Scored | None, excluded: str | None, pick: Pick | None) -> Status:
    """What became of a rule's proposal ``item`` in an explanation (a suppression when
    None)."""
    if item is None:
        return "suppressed"
    if excluded is not None:
        return "excluded"
    if pick is not None and item is pick.winner:
        return "chosen"
    if pick is not None and any(item is other for other in pick.others):
        return "also"
    return "later"


def considered_line(
    day: Day,
    rule: str,
    candidate: Proposal | Suppression,
    item: Scored | None,
    status: Status,
    abouts: Abouts,
) -> Considered:
    """One line of an explanation: a rule's suppression, or its scored proposal."""
    if item is None:
        assert isinstance(candidate, Suppression)
        return Considered(
            rule,
            candidate.reason,
            status,
            None if candidate.available is None else day.pdate(candidate.available),
            None if candidate.due is None else day.pdate(candidate.due),
            candidate.cause,
        )
    return Considered(
        rule,
        item.proposal.reason,
        status,
        day.pdate(item.available),
        day.pdate(item.due),
        text(item, abouts.introduction(item)),
        item.breakdown,
        factor_names(item),
    )
