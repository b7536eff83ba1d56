"""Dismissed items: what each follow-up is about (its *anchor*), and what a dismissal
does to the candidates of a rule.

A dismissal hides one item — its reason with its anchor — and nothing else (policy
revision 2). The anchor is what the item is about:

* reply_owed, thank_you, event_follow_up, intro_loop, mentor_loop, nudge: the instant
  of the message, meeting, event, intro, advice or ask (``Proposal.about``);
* promise, check_in: the commitment's id;
* birthday: the birthday's year;
* keep_in_touch, reconnect: the instant the cycle counts from (the last touch, else
  ``created_at``), else ``never``.

Instants are written in UTC, fixed width (``2026-03-02T09:30:00.000000Z``), so they
sort as the instants they denote. Rules never see dismissals: the engine applies them
to what the rules propose (:func:`apply`), and the planner asks every rule about a
contact that has any.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import attrs

from relnet.model import ContactId, Dismissal, TouchSummary, epoch_us
from relnet.model.instants import EPOCH
from relnet.policy import dates
from relnet.policy.context import Context
from relnet.policy.followup import Reason
from relnet.policy.rule import Candidate, Cyclic, Proposal, Rule, Suppression

__all__ = ["CYCLE", "NEVER", "Dismissed", "anchor_of", "apply", "instant_anchor", "same_item"]

#: The reasons anchored on the contact's cycle; a dismissal of one covers the other
#: (a catch-up that turned into a reconnect is the same item).
CYCLE: frozenset[Reason] = frozenset({Reason.KEEP_IN_TOUCH, Reason.RECONNECT})

#: The anchor of a cycle that counts from nothing (never in touch, no ``created_at``).
NEVER = "never"

#: The reasons whose rule proposes the earliest of several open things, and the field
#: of the touch summary that holds it: dismissing one lets a newer one through.
_EARLIEST_OPEN = {Reason.REPLY_OWED: "pending_reply", Reason.INTRO_LOOP: "open_intro"}

#: What brings each reason back once dismissed.
_COMES_BACK = {
    Reason.REPLY_OWED: "a newer message brings it back",
    Reason.THANK_YOU: "it is about your first meeting, so it does not come back",
    Reason.EVENT_FOLLOW_UP: "it is about the first event you met them at, so it does not come back",
    Reason.INTRO_LOOP: "a newer intro brings it back",
    Reason.MENTOR_LOOP: "newer advice brings it back",
    Reason.NUDGE: "a newer ask brings it back",
    Reason.PROMISE: "other promises are not affected",
    Reason.CHECK_IN: "other commitments are not affected",
    Reason.BIRTHDAY: "next year's birthday comes as usual",
}


def instant_anchor(at_us: int) -> str:
    """The anchor of an instant (epoch microseconds): UTC, fixed width.

    >>> instant_anchor(0)
    '1970-01-01T00:00:00.000000Z'
    """
    moment = EPOCH + dt.timedelta(microseconds=at_us)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def _cycle_anchor(context: Context) -> str:
    last = context.summary.last_touch
    if last is not None:
        return instant_anchor(last)
    created = context.contact.created_at
    return NEVER if created is None else instant_anchor(epoch_us(created))


def anchor_of(candidate: Proposal | Suppression, context: Context) -> str | None:
    """What ``candidate`` (for ``context.contact``) is about, as a dismissal names it;
    None when it is about nothing a dismissal can name (a rule of yours that sets
    neither ``about`` nor ``commitment``)."""
    reason = candidate.reason
    if reason in CYCLE:
        return _cycle_anchor(context)
    if reason is Reason.BIRTHDAY and candidate.due is not None:
        return f"{candidate.due.year:04d}"
    if candidate.commitment is not None:
        return candidate.commitment.id
    if candidate.about is not None:
        return instant_anchor(candidate.about)
    return None


def same_item(reason: Reason, dismissal: Dismissal) -> bool:
    """Whether ``dismissal``'s reason covers items of ``reason`` (the cycle's two
    reasons cover each other)."""
    if reason in CYCLE:
        return dismissal.reason in CYCLE
    return dismissal.reason == reason.value


class Dismissed:
    """One contact's dismissals, for one engine run.

    ``later(instant)`` folds the contact's touches after ``instant`` (epoch
    microseconds) into a summary: where the newer message or intro is once the one at
    ``instant`` is dismissed.
    """

    __slots__ = ("_by_key", "_later", "dismissals")

    def __init__(
        self, dismissals: Sequence[Dismissal], later: Callable[[int], TouchSummary]
    ) -> None:
        self.dismissals = tuple(dismissals)
        self._later = later
        self._by_key: dict[tuple[str, str], Dismissal] = {}
        for dismissal in self.dismissals:
            family = "cycle" if dismissal.reason in CYCLE else dismissal.reason
            # The cycle's two reasons share a key: the earliest dismissal counts.
            self._by_key.setdefault((family, dismissal.anchor), dismissal)

    def find(self, reason: Reason, anchor: str | None) -> Dismissal | None:
        """The dismissal of the item of ``reason`` about ``anchor``, if any."""
        if anchor is None:
            return None
        family = "cycle" if reason in CYCLE else reason.value
        return self._by_key.get((family, anchor))

    def later(self, at_us: int) -> TouchSummary:
        """The summary of the contact's touches after ``at_us``."""
        return self._later(at_us)


def apply(
    rule: Rule,
    context: Context,
    candidates: Iterable[Candidate],
    dismissed: Dismissed,
    cycle_keeper: Cyclic,
    date_of: Callable[[int], dt.date],
    proposes: frozenset[Reason] | None = None,
) -> list[Candidate]:
    """``rule``'s candidates for ``context`` with ``dismissed`` applied.

    A dismissed proposal becomes a :class:`~relnet.policy.Suppression` saying when it
    was dismissed and what brings it back. A dismissed reply or intro loop lets the
    rule propose the newer one, if any (the rule is asked again with the summary of
    the touches after the dismissed one in that one field). A dismissed catch-up or
    reconnect moves to the next cycle on its anchor after the day it was dismissed
    (and after the date it was due), by ``cycle_keeper`` (the rule itself when it keeps
    a cycle); the original is listed as suppressed beside it. When the dismissed
    message or intro is the one the rule reads and it proposed nothing for it (a reply
    is no longer owed after 30 days), the rule is asked about the newer one too, if it
    may propose that reason (``proposes``, None: any).
    """
    out: list[Candidate] = []
    pending = list(candidates)
    pending.extend(_past_the_dismissed(rule, context, pending, dismissed, proposes))
    while pending:
        candidate = pending.pop(0)
        if not isinstance(candidate, Proposal):
            out.append(candidate)
            continue
        reason = candidate.reason
        found = dismissed.find(reason, anchor_of(candidate, context))
        if found is None:
            out.append(candidate)
            continue
        dismissed_on = date_of(epoch_us(found.at))
        when = f"you dismissed it on {dismissed_on.isoformat()}"
        if reason in CYCLE:
            moved = _next_cycle(context, candidate, found, dismissed_on, cycle_keeper)
            if moved is not None and moved.due == candidate.due:
                out.append(candidate)  # already in a later cycle: nothing to move
                continue
            back = (
                "it stays dismissed (no cadence)"
                if moved is None
                else f"it moves to the next cycle, due {moved.due.isoformat()}"
            )
            out.append(_suppressed(candidate, f"{when}; {back}"))
            if moved is not None:
                out.append(moved)
            continue
        out.append(_suppressed(candidate, f"{when}; {_COMES_BACK.get(reason, '')}".rstrip("; ")))
        field = _EARLIEST_OPEN.get(reason)
        about = candidate.about
        if field is not None and about is not None:
            pending.extend(_newer(rule, context, reason, field, about, dismissed))
    return out


def _newer(
    rule: Rule, context: Context, reason: Reason, field: str, about: int, dismissed: Dismissed
) -> list[Candidate]:
    """What ``rule`` proposes of ``reason`` once the open thing at ``about`` (in the
    summary's ``field``) is set aside: about the next one after it, if any."""
    told = newer_open(context.summary, field, about)
    newer = getattr(dismissed.later(about), field) if told is Untold.UNTOLD else told
    if newer is None or newer <= about:
        return []
    changes: dict[str, Any] = {field: newer}
    again = attrs.evolve(context, summary=attrs.evolve(context.summary, **changes))
    return [
        c
        for c in rule.evaluate(again)
        if isinstance(c, Proposal)
        and c.reason is reason
        and c.about is not None
        and c.about > about
    ]


class Untold(enum.Enum):
    """What :func:`newer_open` answers when the summary does not tell."""

    UNTOLD = "untold"


def newer_open(
    summary: TouchSummary, field: str, at_us: int
) -> int | Literal[Untold.UNTOLD] | None:
    """The ``field`` (``pending_reply`` or ``open_intro``) of the summary of the
    contact's touches after ``at_us``, as far as ``summary`` (the contact's summary as
    of the same ``now``) tells it; ``Untold.UNTOLD`` when only those touches tell.

    The summary of the touches after ``at_us`` is a fold of a suffix of the touches
    ``summary`` folds. When you reached them after ``at_us``, both folds start afresh
    at your last reach, so they agree on what is open. Without a reach after
    ``at_us``, an open thing of ``summary`` later than ``at_us`` is the earliest after
    it too; when ``summary``'s is at or before ``at_us`` (the dismissed one itself),
    nothing is open after it unless they were heard from after ``at_us``: only then
    must the touches be read.
    """
    reach = summary.last_reach
    value: int | None = getattr(summary, field)
    if reach is not None and reach > at_us:
        return value
    if value is None or value > at_us:
        return value
    inbound = summary.last_inbound
    if inbound is None or inbound <= at_us:
        return None
    return Untold.UNTOLD


def _past_the_dismissed(
    rule: Rule,
    context: Context,
    candidates: Sequence[Candidate],
    dismissed: Dismissed,
    proposes: frozenset[Reason] | None,
) -> list[Candidate]:
    """The newer items of the reasons whose dismissed open thing the rule read without
    proposing anything for it."""
    out: list[Candidate] = []
    for reason, field in _EARLIEST_OPEN.items():
        if proposes is not None and reason not in proposes:
            continue
        value = getattr(context.summary, field)
        if value is None or dismissed.find(reason, instant_anchor(value)) is None:
            continue
        if any(isinstance(c, Proposal) and c.reason is reason for c in candidates):
            continue
        out.extend(_newer(rule, context, reason, field, value, dismissed))
    return out


def _suppressed(proposal: Proposal, cause: str) -> Suppression:
    return Suppression(
        proposal.reason,
        cause,
        proposal.due,
        proposal.available_from,
        about=proposal.about,
        commitment=proposal.commitment,
    )


def _next_cycle(
    context: Context,
    proposal: Proposal,
    dismissal: Dismissal,
    dismissed_on: dt.date,
    keeper: Cyclic,
) -> Proposal | None:
    """``proposal`` moved to the first date of its cycle after the day it was dismissed
    and after its due date (a cycle that counts from nothing counts from the day it
    was dismissed); None without a cadence."""
    due = dates.plain(proposal.due)
    start = dismissed_on if dismissal.anchor == NEVER else max(dismissed_on, due)
    until = keeper.next_cycle(attrs.evolve(context, today=start))
    if until is None:
        return None
    until = dates.plain(until)
    if until <= due:
        return proposal
    available = max(dates.plain(proposal.available_from), until)
    note = (
        f"You dismissed the catch-up due {due.isoformat()} on {dismissed_on.isoformat()}; "
        f"it moved to the next cycle."
    )
    return attrs.evolve(proposal, due=until, available=available, notes=(*proposal.notes, note))


def by_contact(dismissals: Iterable[Dismissal]) -> dict[ContactId, list[Dismissal]]:
    """``dismissals`` grouped by contact."""
    out: dict[ContactId, list[Dismissal]] = {}
    for dismissal in dismissals:
        out.setdefault(dismissal.contact, []).append(dismissal)
    return out
