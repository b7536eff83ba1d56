"""Which interaction a draft speaks of: the per-reason search of ``relnet.policy.drafts``
against the fold it replaced, which tracked every candidate in one pass."""

from __future__ import annotations

from collections.abc import Iterable

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.model import Channel, ContactId, Direction, Interaction, Touch, Value
from relnet.policy import Reason
from relnet.policy.drafts import _about, _touched
from relnet.testing import strategies

PEOPLE = ("ada", "bob", "cy")
_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})


class _Fold:
    """The reference: one pass over the contact's touches, in the order given, keeping
    each candidate as it goes (the way drafts found them before)."""

    def __init__(self, contact: ContactId, interactions: Iterable[Interaction]) -> None:
        self.first_meeting: Interaction | None = None
        self.first_touch: Interaction | None = None
        self.pending_reply: Interaction | None = None
        self.last_inbound: Interaction | None = None
        self.last_ask: Interaction | None = None
        self.last_outbound: Interaction | None = None
        self.open_intro: Interaction | None = None
        self.last_advice: Interaction | None = None
        self.last_touch: Interaction | None = None
        for interaction in interactions:
            for touch in interaction.touches():
                if touch.contact == contact:
                    introducer = interaction.introduced_by == contact
                    self.first_touch = self.first_touch or interaction
                    self._add(interaction, touch, introducer)

    def _add(self, interaction: Interaction, touch: Touch, introducer: bool) -> None:
        direction = touch.direction
        self.last_touch = interaction
        if interaction.channel in _MEETINGS and self.first_meeting is None:
            self.first_meeting = interaction
        if direction is not Direction.INBOUND:
            self.pending_reply = None
            self.open_intro = None
        if direction is not Direction.OUTBOUND:
            self.last_ask = None
        if direction is Direction.INBOUND:
            self.last_inbound = interaction
            if touch.expects_reply and self.pending_reply is None:
                self.pending_reply = interaction
            if introducer and self.open_intro is None:
                self.open_intro = interaction
        elif direction is Direction.OUTBOUND:
            self.last_outbound = interaction
            if touch.expects_reply:
                self.last_ask = interaction
        if Value.ADVICE in touch.received:
            self.last_advice = interaction

    def about(self, reason: Reason) -> Interaction | None:
        by_reason = {
            Reason.THANK_YOU: self.first_meeting,
            Reason.EVENT_FOLLOW_UP: self.first_touch,
            Reason.REPLY_OWED: self.pending_reply or self.last_inbound,
            Reason.NUDGE: self.last_ask or self.last_outbound,
            Reason.INTRO_LOOP: self.open_intro,
            Reason.MENTOR_LOOP: self.last_advice,
        }
        return by_reason.get(reason) or self.last_touch


# Few instants, so that several interactions often share one.
_AT = st.sampled_from([pendulum.datetime(2026, 1, day, 9) for day in (1, 2, 3)])
# Intros one of them made, often: the general strategy draws an introducer rarely.
_INTROS = st.builds(
    lambda introducer, met, at, expects, key: Interaction(
        [met], at, Channel.INTRO, direction=Direction.INBOUND, expects_reply=expects,
        introduced_by=introducer, id=f"intro-{key}",
    ),
    st.sampled_from(PEOPLE[:2]),
    st.just(PEOPLE[2]),
    _AT,
    st.booleans(),
    st.integers(0, 99),
)  # fmt: skip
_HISTORIES = st.lists(
    st.one_of(strategies.interactions(PEOPLE, at=_AT), _INTROS),
    max_size=12,
    unique_by=lambda i: i.id,
).map(lambda found: sorted(found, key=lambda i: (i.at, i.id)))


@settings(max_examples=300)
@given(history=_HISTORIES, contact=st.sampled_from(PEOPLE), reason=st.sampled_from(Reason))
def test_the_interaction_found_is_the_one_the_fold_kept(
    history: list[Interaction], contact: str, reason: Reason
) -> None:
    person = ContactId(contact)
    fold = _Fold(person, history)
    assert _about(reason, person, history) is fold.about(reason)
    assert _touched(person, history) is (fold.last_touch is not None)
