"""The words of a follow-up: its sentence (:func:`text`) and its factor names."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from relnet.model import Circle
from relnet.policy.followup import Reason
from relnet.policy.picks import Scored

__all__ = [
    "ACTIONS",
    "RECIPROCITY_NOTE",
    "Introduction",
    "details",
    "factor_names",
    "headline",
    "text",
]

#: How each reason's text opens, before "(due …)".
ACTIONS: Mapping[Reason, str] = {
    Reason.REPLY_OWED: "Reply to {name}",
    Reason.THANK_YOU: "Thank {name}",
    Reason.PROMISE: "Keep your promise to {name}",
    Reason.EVENT_FOLLOW_UP: "Follow up with {name}",
    Reason.INTRO_LOOP: "Close the loop with {name}",
    Reason.MENTOR_LOOP: "Report back to {name}",
    Reason.NUDGE: "Nudge {name}",
    Reason.CHECK_IN: "Check in with {name}",
    Reason.KEEP_IN_TOUCH: "Catch up with {name}",
    Reason.RECONNECT: "Reconnect with {name}",
    Reason.BIRTHDAY: "Wish {name} a happy birthday",
}
#: The note added when you received more value from a contact than you gave.
RECIPROCITY_NOTE = "They helped you recently; offer something back."

_FACTOR_ORDER = {"backoff": 0, "never_contacted": 1}
#: The factor name of each circle.
_CIRCLE_FACTOR = {circle: f"circle:{circle.value}" for circle in Circle}
#: The factor names of an item shaped by its circle alone.
_CIRCLE_ALONE = {circle: (name,) for circle, name in _CIRCLE_FACTOR.items()}


@attrs.frozen
class Introduction:
    """A reply owed that is a received intro: someone introduced you to the contact.

    ``by`` is the introducer's name, or None when the intro does not say who made it
    (or that contact is gone). The engine finds it from the interaction the item is
    about; the text then says who introduced you and what to do: write to the contact,
    then thank the introducer.
    """

    by: str | None = None


def _introduced(item: Scored, introduction: Introduction | None) -> Introduction | None:
    """``introduction`` when it applies to the item: a reply owed, worded by its reason."""
    proposal = item.proposal
    if introduction is None or proposal.reason is not Reason.REPLY_OWED or proposal.action:
        return None
    return introduction


def factor_names(item: Scored) -> tuple[str, ...]:
    """The names of what shaped the item: circle, goals, reciprocity, the rule's own
    factors, snooze."""
    context = item.context
    if (
        not (context.active_goals or item.factors.reciprocity_owed or item.proposal.factors)
        and not item.snoozed
    ):
        # The common case: the circle alone (one tuple per circle, shared).
        alone = _CIRCLE_ALONE.get(context.contact.circle)
        if alone is not None:
            return alone
    return _factor_names_in_full(item)


def plain_words(item: Scored) -> tuple[str, str, tuple[str, ...]] | None:
    """The :func:`headline`, :func:`details` and :func:`factor_names` of an item about
    no introduction, in one go, for the common case (no active goal, no reciprocity
    note, no notes or factors of the rule's own, not snoozed, a known circle); None
    for any other item."""
    proposal = item.proposal
    context = item.context
    if (
        context.active_goals
        or item.factors.reciprocity_owed
        or proposal.notes
        or proposal.factors
        or item.snoozed
    ):
        return None
    contact = context.contact
    alone = _CIRCLE_ALONE.get(contact.circle)
    if alone is None:
        return None
    action = proposal.action or ACTIONS[proposal.reason].format(name=contact.name)
    first = f"{action} (due {item.due.isoformat()})."
    why = proposal.why.strip()
    overdue = item.overdue
    if overdue <= 0:
        return first, why, alone
    late = _late(overdue)
    return first, f"{why} {late}" if why else late, alone


def _factor_names_in_full(item: Scored) -> tuple[str, ...]:
    """:func:`factor_names` without its quick path for the common case (the reference
    ``tests/policy/test_wording_paths.py`` checks it against)."""
    context = item.context
    circle = context.contact.circle
    names = [_CIRCLE_FACTOR.get(circle) or f"circle:{circle.value}"]
    if context.active_goals:
        names.append("goal:" + ",".join(sorted(g.id for g in context.active_goals)))
    if item.factors.reciprocity_owed:
        names.append("reciprocity_owed")
    own = item.proposal.factors
    if own:
        names.extend(sorted(own, key=lambda f: _FACTOR_ORDER.get(f, 2)))
    if item.snoozed:
        names.append("snoozed")
    return tuple(names)


def text(item: Scored, introduction: Introduction | None = None) -> str:
    """The follow-up's sentence: action and due date, why, then the notes that apply.

    ``introduction`` words a reply owed to someone you were introduced to (see
    :class:`Introduction`); it changes nothing for other reasons.
    """
    first = headline(item, introduction)
    rest = details(item, introduction)
    return f"{first} {rest}" if rest else first


def headline(item: Scored, introduction: Introduction | None = None) -> str:
    """What to do, to whom, by when: the first sentence of the follow-up's text.

    A reply owed on a received intro reads "Write to <name>": they have not written
    yet, you were put in touch.
    """
    proposal = item.proposal
    name = item.context.contact.name
    if introduction is not None and _introduced(item, introduction) is not None:
        action = f"Write to {name}"
    else:
        action = proposal.action or ACTIONS[proposal.reason].format(name=name)
    return f"{action} (due {item.due.isoformat()})."


def details(item: Scored, introduction: Introduction | None = None) -> str:
    """The rest of the follow-up's text: why, and the notes that apply (empty if none).

    For a reply owed on a received intro, the why names the introducer and what to do:
    "Pat Lee introduced you to Sue Tan on 2026-11-02: write to Sue Tan, then thank Pat
    Lee once you have."
    """
    proposal = item.proposal
    context = item.context
    if (
        not (
            introduction or context.active_goals or item.factors.reciprocity_owed or proposal.notes
        )
        and not item.snoozed
    ):
        # The common case: the rule's why, then how late it is.
        why = proposal.why.strip()
        if item.overdue <= 0:
            return why
        late = _late(item.overdue)
        return f"{why} {late}" if why else late
    return _details_in_full(item, introduction)


def _late(overdue: int) -> str:
    """How late an overdue item is, as a sentence."""
    return f"This is {'1 day' if overdue == 1 else f'{overdue} days'} overdue."


def _details_in_full(item: Scored, introduction: Introduction | None = None) -> str:
    """:func:`details` without its quick path for the common case (the reference
    ``tests/policy/test_wording_paths.py`` checks it against)."""
    proposal = item.proposal
    context = item.context
    parts: list[str] = []
    intro = _introduced(item, introduction)
    if intro is not None:
        parts.append(_intro_why(item, intro))
    elif proposal.why.strip():
        parts.append(proposal.why.strip())
    goals = context.active_goals
    if goals:
        titles = [f"“{g.title}”" for g in sorted(goals, key=lambda g: g.id)]
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        parts.append(f"It serves your goal{'s' if len(titles) > 1 else ''} {listed}.")
    if item.factors.reciprocity_owed:
        parts.append(RECIPROCITY_NOTE)
    if proposal.notes:
        parts.extend(note for note in proposal.notes if note.strip())
    if item.snoozed:
        until = context.contact.snoozed_until
        assert until is not None
        parts.append(f"Snoozed until {until.isoformat()}, so it counts from then.")
    if item.overdue > 0:
        parts.append(_late(item.overdue))
    return " ".join(parts)


def _intro_why(item: Scored, introduction: Introduction) -> str:
    """Why a reply owed on a received intro is on the agenda, and what to do."""
    name = item.context.contact.name
    proposal = item.proposal
    received = proposal.available if proposal.available is not None else proposal.due
    on = received.isoformat()
    if introduction.by is None:
        return f"You were introduced to {name} on {on}: write to {name}."
    by = introduction.by
    return f"{by} introduced you to {name} on {on}: write to {name}, then thank {by} once you have."
