"""What a contact's history boils down to for the engine, folded one touch at a time.

A :class:`TouchSummary` holds, per contact, only the facts the follow-up rules read: the
last touch of each kind, the open reply, the open asks, the first meeting, the open
intro, the last advice, the value exchanged and the next planned touch. Instants are
integers (microseconds since the Unix epoch, UTC): they compare exactly, sort correctly
whatever zone they were logged in, and cost little in memory.

Touches fold in time order, ties broken by interaction id (the order :func:`summarize`
uses); only ``last_ask`` depends on that tie-break, when an ask and an inbound or mutual
touch share an instant. A store may fold an append-only history as it grows, and a SQL
store may compute the same fields with ``GROUP BY`` instead.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections.abc import Iterable, Mapping

import attrs

from relnet.model.enums import Channel, Direction, Value
from relnet.model.ids import ContactId
from relnet.model.instants import epoch_us
from relnet.model.interaction import Interaction, Touch

__all__ = [
    "FOLDED_FIELDS",
    "SummaryBuilder",
    "TouchSummary",
    "epoch_us",
    "summarize",
]

_SYNC_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})
_EVENT = Channel.EVENT


@attrs.frozen(weakref_slot=False)  # one per contact, kept by stores: no weak-reference slot
class TouchSummary:
    """The per-contact facts the engine needs, as of some ``now``.

    Every instant is microseconds since the epoch (UTC), or ``None`` when there is none.
    Only touches at or before ``now`` count as past; ``next_planned`` is the earliest
    touch after it.
    """

    contact: ContactId
    #: How many past touches the contact has had.
    touches: int = 0
    first_touch: int | None = None
    last_touch: int | None = None
    last_inbound: int | None = None
    #: Latest outbound or mutual touch: you reached them.
    last_reach: int | None = None
    #: Latest inbound or mutual touch: you heard from them.
    last_heard: int | None = None
    #: Earliest inbound touch expecting a reply that is later than ``last_reach``.
    pending_reply: int | None = None
    #: Asks (outbound touches expecting a reply) later than ``last_heard``.
    open_asks: int = 0
    last_ask: int | None = None
    #: The first meeting, call or video (events never count).
    first_meeting: int | None = None
    #: The first touch, when it was an event: where you met them.
    first_event: int | None = None
    #: Earliest intro they made for you that is later than ``last_reach``.
    open_intro: int | None = None
    #: Latest touch in which they gave you advice.
    last_advice: int | None = None
    #: Sorted instants of touches in which you gave, and in which you received, value.
    gave_at: tuple[int, ...] = ()
    received_at: tuple[int, ...] = ()
    #: Earliest touch after ``now``, if any is planned.
    next_planned: int | None = None

    def gave_since(self, start: int) -> int:
        """How many past touches since ``start`` carried value you gave."""
        return len(self.gave_at) - bisect.bisect_left(self.gave_at, start)

    def received_since(self, start: int) -> int:
        """How many past touches since ``start`` carried value you received."""
        return len(self.received_at) - bisect.bisect_left(self.received_at, start)


#: The fields a fold builds: every field of :class:`TouchSummary` but ``next_planned``
#: (the one field about touches after ``now``), in the order of the class.
FOLDED_FIELDS: tuple[str, ...] = tuple(
    field.name for field in attrs.fields(TouchSummary) if field.name != "next_planned"
)
# freeze() passes next_planned after the folded fields, positionally.
assert attrs.fields(TouchSummary)[-1].name == "next_planned"
_folded = operator.attrgetter(*FOLDED_FIELDS)
_GAVE, _RECEIVED = FOLDED_FIELDS.index("gave_at"), FOLDED_FIELDS.index("received_at")
_INBOUND, _OUTBOUND = Direction.INBOUND, Direction.OUTBOUND


class SummaryBuilder:
    """A mutable fold of one contact's touches, fed in time order (then interaction id).

    Touches come in as :class:`~relnet.model.Touch` values (:meth:`add`) or as the facts
    a store keeps of them (:meth:`add_facts`); both fold alike. Touches must come in
    non-decreasing time; a store that receives an older interaction rebuilds the
    contact's fold from its history instead.
    """

    __slots__ = FOLDED_FIELDS

    def __init__(self, contact: ContactId) -> None:
        self.contact = contact
        self.touches = 0
        self.first_touch: int | None = None
        self.last_touch: int | None = None
        self.last_inbound: int | None = None
        self.last_reach: int | None = None
        self.last_heard: int | None = None
        self.pending_reply: int | None = None
        self.open_asks = 0
        self.last_ask: int | None = None
        self.first_meeting: int | None = None
        self.first_event: int | None = None
        self.open_intro: int | None = None
        self.last_advice: int | None = None
        self.gave_at: list[int] = []
        self.received_at: list[int] = []

    @classmethod
    def resume(cls, summary: TouchSummary) -> SummaryBuilder:
        """A builder holding ``summary``'s fold, to fold later touches into (its
        ``next_planned`` is not part of the fold and is dropped)."""
        builder = cls(summary.contact)
        for name, value in zip(FOLDED_FIELDS, _folded(summary), strict=True):
            setattr(builder, name, value)
        builder.gave_at = list(summary.gave_at)
        builder.received_at = list(summary.received_at)
        return builder

    def add(self, at: int, channel: Channel, touch: Touch, introducer: bool = False) -> None:
        """Fold one touch at ``at`` (not earlier than any touch folded before)."""
        received = touch.received
        self.add_facts(
            at,
            touch.direction,
            touch.expects_reply,
            introducer,
            channel in _SYNC_MEETINGS,
            bool(touch.gave),
            bool(received),
            bool(received) and Value.ADVICE in received,
            channel is _EVENT,
        )

    def add_facts(
        self,
        at: int,
        direction: Direction,
        expects_reply: bool,
        introducer: bool,
        meeting: bool,
        gave: bool,
        received: bool,
        advice: bool,
        event: bool = False,
    ) -> None:
        """Fold one touch at ``at`` from the facts a store keeps of it: its direction,
        whether it expects a reply, whether it is the introducer's touch of an intro,
        whether it is a meeting (a meeting, call or video), whether value was given,
        received, and received as advice, and whether it is an event."""
        self.touches += 1
        if self.first_touch is None:
            self.first_touch = at
            if event:
                self.first_event = at
        self.last_touch = at
        if direction is _INBOUND:
            self._heard(at, expects_reply, introducer)
        else:
            self._reached(at, direction is _OUTBOUND, expects_reply)
        if meeting and self.first_meeting is None:
            self.first_meeting = at
        if gave:
            self.gave_at.append(at)
        if received:
            self.received_at.append(at)
            if advice:
                self.last_advice = at

    def _heard(self, at: int, expects_reply: bool, introducer: bool) -> None:
        """Fold an inbound touch: earlier asks are answered; a message expecting a reply,
        or an intro, after your last reach stays open."""
        self.last_inbound = at
        self.last_heard = at
        self.open_asks = 0
        reach = self.last_reach
        if reach is not None and at <= reach:
            return
        if expects_reply and self.pending_reply is None:
            self.pending_reply = at
        if introducer and self.open_intro is None:
            self.open_intro = at

    def _reached(self, at: int, outbound: bool, expects_reply: bool) -> None:
        """Fold a touch in which you reached them (outbound or mutual): it answers
        earlier mail and closes earlier intros."""
        self.last_reach = at
        self.pending_reply = None
        self.open_intro = None
        if not outbound:
            # A conversation: you heard from them too, so earlier asks are answered.
            self.last_heard = at
            self.open_asks = 0
        elif expects_reply:
            heard = self.last_heard
            if heard is None or at > heard:
                self.open_asks += 1
                self.last_ask = at

    def freeze(self, next_planned: int | None = None) -> TouchSummary:
        """The summary as a frozen value."""
        values = list(_folded(self))
        values[_GAVE] = tuple(self.gave_at)
        values[_RECEIVED] = tuple(self.received_at)
        values.append(next_planned)  # the last field
        return TouchSummary(*values)


def interaction_touches(interaction: Interaction) -> Iterable[tuple[Touch, bool]]:
    """Each touch of ``interaction`` with whether it is the introducer's."""
    introducer = interaction.introduced_by
    for touch in interaction.touches():
        yield touch, introducer is not None and touch.contact == introducer


def summarize(
    interactions: Iterable[Interaction],
    *,
    now: dt.datetime,
    contacts: Iterable[ContactId] = (),
) -> Mapping[ContactId, TouchSummary]:
    """Fold ``interactions`` (any order) into one summary per contact touched, as of ``now``.

    Every id in ``contacts`` gets a summary, empty when they were never touched. This is
    the reference that any store's native summaries must agree with.
    """
    now_us = epoch_us(now)
    keyed = sorted(
        ((epoch_us(i.at), i.id, i) for i in interactions), key=lambda item: (item[0], item[1])
    )
    builders: dict[ContactId, SummaryBuilder] = {c: SummaryBuilder(c) for c in contacts}
    planned: dict[ContactId, int] = {}
    for at, _, interaction in keyed:
        for touch, is_introducer in interaction_touches(interaction):
            if at > now_us:
                planned.setdefault(touch.contact, at)
                builders.setdefault(touch.contact, SummaryBuilder(touch.contact))
                continue
            builder = builders.get(touch.contact)
            if builder is None:
                builder = builders[touch.contact] = SummaryBuilder(touch.contact)
            builder.add(at, interaction.channel, touch, is_introducer)
    return {c: b.freeze(planned.get(c)) for c, b in builders.items()}
