"""The words of a follow-up: its sentence (:func:`text`) and its factor names."""

from __future__ import annotations

from collections.abc import Mapping

from relnet.policy.followup import Reason
from relnet.policy.picks import Scored

__all__ = ["ACTIONS", "RECIPROCITY_NOTE", "details", "factor_names", "headline", "text"]

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


def factor_names(item: Scored) -> tuple[str, ...]:
    """The names of what shaped the item: circle, goals, reciprocity, the rule's own
    factors, snooze."""
    context = item.context
    names = [f"circle:{context.contact.circle.value}"]
    if context.active_goals:
        names.append("goal:" + ",".join(sorted(g.id for g in context.active_goals)))
    if item.factors.reciprocity_owed:
        names.append("reciprocity_owed")
    names.extend(sorted(item.proposal.factors, key=lambda f: _FACTOR_ORDER.get(f, 2)))
    if item.snoozed:
        names.append("snoozed")
    return tuple(names)


def text(item: Scored) -> str:
    """The follow-up's sentence: action and due date, why, then the notes that apply."""
    first = headline(item)
    rest = details(item)
    return f"{first} {rest}" if rest else first


def headline(item: Scored) -> str:
    """What to do, to whom, by when: the first sentence of the follow-up's text."""
    proposal = item.proposal
    name = item.context.contact.name
    action = proposal.action or ACTIONS[proposal.reason].format(name=name)
    return f"{action} (due {item.due.isoformat()})."


def details(item: Scored) -> str:
    """The rest of the follow-up's text: why, and the notes that apply (empty if none)."""
    proposal = item.proposal
    context = item.context
    parts: list[str] = []
    if proposal.why.strip():
        parts.append(proposal.why.strip())
    goals = context.active_goals
    if goals:
        titles = [f"“{g.title}”" for g in sorted(goals, key=lambda g: g.id)]
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        parts.append(f"It serves your goal{'s' if len(titles) > 1 else ''} {listed}.")
    if item.factors.reciprocity_owed:
        parts.append(RECIPROCITY_NOTE)
    parts.extend(note for note in proposal.notes if note.strip())
    if item.snoozed:
        until = context.contact.snoozed_until
        assert until is not None
        parts.append(f"Snoozed until {until.isoformat()}, so it counts from then.")
    if item.overdue > 0:
        days = "1 day" if item.overdue == 1 else f"{item.overdue} days"
        parts.append(f"This is {days} overdue.")
    return " ".join(parts)
