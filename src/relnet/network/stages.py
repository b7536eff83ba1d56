"""Stages: where each relationship stands on target → introduced → connected → engaged → ally.

:func:`suggest_stage` reads a contact's history as of ``now`` (past touches only) and
finds the stage the evidence supports, the first of these that holds:

1. **dormant** — the last touch is at least 8 cycles of the contact's cadence ago (its
   own, else its circle's, as :func:`~relnet.policy.cadence_for`; a cycle is the days
   from the last touch's local date to the next due date), or at least three years ago
   — the policy's reconnect condition;
2. **ally** — engaged (below), value went both ways (at least one touch in which you
   gave and one in which you received, ever), and your tie strength is at least
   :data:`ALLY_STRENGTH`;
3. **engaged** — at least :data:`ENGAGED_TOUCHES` (3) touches whose local date lies in
   the six months up to today, with both directions: one you reached them (outbound or
   mutual) and one you heard from them (inbound or mutual; an intro someone else
   made does not count as hearing from them);
4. **connected** — a mutual touch (a meeting, call, video or event), or both an
   outbound and an inbound one (an exchange of messages; again, an intro is not a
   message from them), ever;
5. **introduced** — someone introduced you (an inbound intro naming them, or their
   ``introduced_by``), with no conversation yet;
6. **target** — none of the above.

Stages only move forward along target → … → ally: when the contact's current stage is
further than the evidence (you marked them an ally; a once-engaged tie went quiet
without going dormant), the suggestion keeps it. A tie moves back only by going
dormant, and a dormant contact with no history stays dormant; once touched again, a
dormant contact takes the stage its history supports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from relnet.model import (
    Channel,
    Contact,
    ContactId,
    Direction,
    Settings,
    Stage,
    TouchSummary,
    add_months,
    epoch_us,
)
from relnet.model._check import member
from relnet.network._common import (
    PastTouch,
    day_start_us,
    instant,
    local_date,
    name_key,
    past_touches,
    touches_of,
)
from relnet.policy.circles import cadence_for
from relnet.policy.strength import tie_strength
from relnet.storage import Store, touch_summaries_of

__all__ = [
    "ALLY_STRENGTH",
    "DORMANT_CYCLES",
    "DORMANT_YEARS",
    "ENGAGED_MONTHS",
    "ENGAGED_TOUCHES",
    "LADDER",
    "StageSuggestion",
    "suggest_stage",
    "suggest_stages",
]

#: Touches in the last :data:`ENGAGED_MONTHS` months that make a tie engaged.
ENGAGED_TOUCHES = 3
#: The engaged window, in calendar months up to today.
ENGAGED_MONTHS = 6
#: The tie strength an ally needs.
ALLY_STRENGTH = 0.6
#: Silent cycles after which a tie is dormant…
DORMANT_CYCLES = 8
#: …or silent years, whichever comes first.
DORMANT_YEARS = 3
#: The forward stages, in order.
LADDER: tuple[Stage, ...] = (
    Stage.TARGET,
    Stage.INTRODUCED,
    Stage.CONNECTED,
    Stage.ENGAGED,
    Stage.ALLY,
)


def _current(value: Any) -> Stage:
    return member(value, Stage, "current")


def _suggested(value: Any) -> Stage:
    return member(value, Stage, "suggested")


@attrs.frozen
class StageSuggestion:
    """The stage a contact's history supports (``suggested``) against its ``current`` one.

    >>> StageSuggestion("ada", "connected", "engaged", "3 touches, both ways.").changed
    True
    """

    contact: ContactId
    current: Stage = attrs.field(converter=_current)
    suggested: Stage = attrs.field(converter=_suggested)
    reason: str
    name: str = ""

    @property
    def changed(self) -> bool:
        """Whether the suggestion differs from the current stage."""
        return self.current is not self.suggested

    def to_record(self) -> dict[str, Any]:
        """The suggestion as a plain dict."""
        return {
            "contact": self.contact,
            "name": self.name,
            "current": self.current.value,
            "suggested": self.suggested.value,
            "changed": self.changed,
            "reason": self.reason,
        }


def _from_them(touch: PastTouch) -> bool:
    """They reached you: an inbound or mutual touch that is not someone else's intro."""
    return touch.heard and touch.interaction.channel is not Channel.INTRO


def _dormant(
    contact: Contact, touches: Sequence[PastTouch], settings: Settings, today: Any
) -> str | None:
    if not touches:
        return None
    last = local_date(touches[-1].interaction.at, settings.timezone)
    silent = (today - last).days
    if today >= add_months(last, 12 * DORMANT_YEARS):
        return f"No touch since {last.isoformat()} ({silent} days): {DORMANT_YEARS} years or more."
    cadence = cadence_for(contact)
    if cadence is None:
        return None
    due = cadence.next_due(last, workdays=settings.workdays, holidays=settings.holidays)
    cycle = max(1, (due - last).days)
    if silent >= DORMANT_CYCLES * cycle:
        return (
            f"No touch since {last.isoformat()} ({silent} days): {DORMANT_CYCLES} cycles of "
            f"{cadence} make {DORMANT_CYCLES * cycle} days."
        )
    return None


def _evidence(
    contact: Contact,
    touches: Sequence[PastTouch],
    summary: TouchSummary,
    *,
    now: dt.datetime,
    settings: Settings,
) -> tuple[Stage, str]:
    """The stage the history supports, and why."""
    today = settings.today(now)
    zone = settings.timezone
    dormant = _dormant(contact, touches, settings, today)
    if dormant is not None:
        return Stage.DORMANT, dormant
    start = add_months(today, -ENGAGED_MONTHS)
    start_us = day_start_us(start.add(days=1), zone)
    recent = [t for t in touches if t.at_us >= start_us]
    engaged = (
        len(recent) >= ENGAGED_TOUCHES
        and any(t.reached for t in recent)
        and any(_from_them(t) for t in recent)
    )
    both = f"{len(recent)} touches in the last {ENGAGED_MONTHS} months, both ways"
    if engaged:
        gave = sum(1 for t in touches if t.touch.gave)
        received = sum(1 for t in touches if t.touch.received)
        strength = tie_strength(contact, summary, now=now, settings=settings)
        if gave and received and strength >= ALLY_STRENGTH:
            return Stage.ALLY, (
                f"Engaged ({both}), value went both ways (gave {gave}×, received "
                f"{received}×) and the tie is strong ({strength:.2f})."
            )
        return Stage.ENGAGED, f"{both[0].upper()}{both[1:]}."
    mutual = [t for t in touches if t.direction is Direction.MUTUAL]
    if mutual:
        first = mutual[0].interaction
        on = local_date(first.at, zone).isoformat()
        return Stage.CONNECTED, f"You talked on {on} ({first.channel.value})."
    outbound = [t for t in touches if t.direction is Direction.OUTBOUND]
    if outbound and any(_from_them(t) for t in touches):
        return Stage.CONNECTED, "You wrote to each other."
    intros = [
        t
        for t in touches
        if t.direction is Direction.INBOUND
        and t.interaction.channel is Channel.INTRO
        and contact.id in t.interaction.participants
    ]
    if intros:
        intro = intros[0].interaction
        on = local_date(intro.at, zone).isoformat()
        return Stage.INTRODUCED, f"You were introduced on {on}; no conversation yet."
    if contact.introduced_by is not None:
        return Stage.INTRODUCED, "Someone introduced you; no conversation yet."
    return Stage.TARGET, "No conversation or introduction yet."


def _suggest(
    contact: Contact,
    touches: Sequence[PastTouch],
    summary: TouchSummary,
    *,
    now: dt.datetime,
    settings: Settings,
) -> StageSuggestion:
    evidence, why = _evidence(contact, touches, summary, now=now, settings=settings)
    current = contact.stage
    suggested, reason = evidence, why
    if current is Stage.DORMANT and not touches:
        suggested, reason = Stage.DORMANT, "No history since it was marked dormant."
    elif (
        evidence is not Stage.DORMANT
        and current is not Stage.DORMANT
        and LADDER.index(current) > LADDER.index(evidence)
    ):
        suggested = current
        reason = (
            f"Stays {current.value}: the history alone shows {evidence.value} ({why}), "
            "and a stage moves back only by going dormant."
        )
    return StageSuggestion(contact.id, current, suggested, reason, contact.name)


def suggest_stage(store: Store, contact_id: ContactId, *, now: dt.datetime) -> StageSuggestion:
    """The stage ``contact_id``'s history supports as of ``now`` (see the module's rules).

    Raises NotFoundError for an unknown contact.
    """
    moment = instant(now)
    contact = store.get_contact(contact_id)
    settings = store.get_settings()
    touches = touches_of(store, epoch_us(moment), contact.id)
    summary = touch_summaries_of(store, [contact.id], now=moment).get(contact.id)
    return _suggest(
        contact, touches, summary or TouchSummary(contact.id), now=moment, settings=settings
    )


def suggest_stages(store: Store, *, now: dt.datetime) -> list[StageSuggestion]:
    """:func:`suggest_stage` for every reachable contact: changes first, then by name, id."""
    moment = instant(now)
    settings = store.get_settings()
    people = [c for c in store.contacts(include_archived=False) if c.reachable]
    touches = past_touches(store, epoch_us(moment))
    found = touch_summaries_of(store, [c.id for c in people], now=moment)
    rows = [
        (
            contact,
            _suggest(
                contact,
                touches.get(contact.id, []),
                found.get(contact.id) or TouchSummary(contact.id),
                now=moment,
                settings=settings,
            ),
        )
        for contact in people
    ]
    rows.sort(key=lambda row: (not row[1].changed, *name_key(row[0])))
    return [suggestion for _, suggestion in rows]
