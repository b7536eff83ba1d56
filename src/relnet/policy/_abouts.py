"""What the follow-ups of one engine run are about, read from the store in a bounded
number of calls.

A follow-up about a message, a meeting, an intro or an ask names that interaction
(:attr:`FollowUp.interaction <relnet.policy.FollowUp.interaction>`), and a reply owed to
an intro you received names who introduced you. The rules give only the instant of
what an item is about (``Proposal.about``, epoch microseconds); :class:`Abouts` finds
the interactions of every item of a run at once:

* one :meth:`~relnet.storage.InteractionsAt.interactions_at` call from a store that
  looks interactions up by instant, else one :meth:`~relnet.storage.Store.interactions`
  call over the window from the earliest instant to the latest (filtered by
  ``contact=`` when every item is one contact's, as in
  :meth:`Engine.explain <relnet.policy.Engine.explain>`);
* only when a received intro's introducer is not one of the run's own contacts, one
  :meth:`~relnet.storage.FactSource.contact_facts` call for their names (from a store
  that lists facts), and one :meth:`~relnet.storage.Store.contacts` call for those it
  leaves out (or from any other store).

So an agenda, the follow-ups or an explanation cost the same number of store calls
whatever the number of items, and a store without an index on the instant scans its
interactions once per run, not once per item. The rules know nothing of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from relnet.model import Channel, ContactId, Direction, Interaction, Touch, Value, epoch_us
from relnet.model.instants import EPOCH
from relnet.policy._listing import among
from relnet.policy.followup import Reason
from relnet.policy.picks import Scored
from relnet.policy.wording import Introduction
from relnet.storage import Store

__all__ = ["Abouts", "about_key", "is_about"]

_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})

#: (contact, reason, instant in epoch microseconds): one lookup.
Key = tuple[ContactId, Reason, int]


def about_key(item: Scored) -> Key | None:
    """The lookup of a scored item: its contact, reason and ``about`` instant, or None
    for an item about no interaction."""
    proposal = item.proposal
    if proposal.about is None:
        return None
    return (item.context.contact.id, proposal.reason, proposal.about)


class Abouts:
    """The interactions a run's items are about, and the names of the introducers of
    the received intros among them (see the module)."""

    __slots__ = ("_found", "_names")

    def __init__(
        self, found: Mapping[Key, Interaction | None], names: Mapping[ContactId, str]
    ) -> None:
        self._found = found
        self._names = names

    @classmethod
    def read(cls, store: Store, items: Iterable[Scored]) -> Abouts:
        """Look up what ``items`` are about: at most one ``interactions`` call and one
        ``contacts`` call, whatever the number of items."""
        listed = list(items)
        keys = {key for key in map(about_key, listed) if key is not None}
        found: dict[Key, Interaction | None] = {}
        if keys:
            people = {person for person, _, _ in keys}
            instants = {at for _, _, at in keys}
            within = _at_instants(store, people, instants)
            at_instant: dict[int, list[Interaction]] = {}
            for interaction in within:
                at = epoch_us(interaction.at)
                if at in instants:
                    at_instant.setdefault(at, []).append(interaction)
            for key in keys:
                found[key] = find(at_instant.get(key[2], ()), *key)
        known = {item.context.contact.id: item.context.contact.name for item in listed}
        wanted: set[ContactId] = set()
        for item in listed:
            mine = about_key(item)
            about = None if mine is None else found[mine]
            introducer = _introducer(item, about)
            if introducer is not None and introducer not in known:
                wanted.add(introducer)
        names = dict(known)
        if wanted:
            names.update(_names(store, wanted))
        return cls(found, names)

    def interaction(self, item: Scored) -> Interaction | None:
        """The interaction ``item`` is about, if it can be found (it was among the
        items read)."""
        key = about_key(item)
        return None if key is None else self._found[key]

    def introduction(self, item: Scored) -> Introduction | None:
        """An :class:`~relnet.policy.wording.Introduction` when the item is a reply
        owed whose message is an intro you received (naming the introducer when they
        are known); else None."""
        about = self.interaction(item)
        if not _received_intro(item, about):
            return None
        assert about is not None
        introducer = about.introduced_by
        if introducer is None:
            return Introduction()
        name = self._names.get(introducer)
        return Introduction() if name is None else Introduction(name)


def _at_instants(store: Store, people: set[ContactId], instants: set[int]) -> Sequence[Interaction]:
    """Every interaction at one of ``instants`` (and maybe others), in one call: by
    the instants from a store that looks them up (:class:`~relnet.storage.InteractionsAt`),
    else over the window from the earliest to the latest (one person's only, when
    ``people`` is one person)."""
    lookup = getattr(store, "interactions_at", None)
    if lookup is not None:
        found: Sequence[Interaction] = lookup(
            EPOCH + dt.timedelta(microseconds=at) for at in sorted(instants)
        )
        return found
    return store.interactions(
        contact=next(iter(people)) if len(people) == 1 else None,
        since=EPOCH + dt.timedelta(microseconds=min(instants)),
        until=EPOCH + dt.timedelta(microseconds=max(instants) + 1),
    )


def _names(store: Store, wanted: set[ContactId]) -> dict[ContactId, str]:
    """The names of ``wanted`` contacts (those stored): from the facts of a store
    that lists them (:class:`~relnet.storage.FactSource`, one call, which leaves out
    the unreachable unless its listing takes ``reachable_only=False``, as the SQL
    stores' does), else, or for those left out, from one ``contacts()`` listing (every
    contact of the store: an archived introducer of a large network is not looked for
    there when the facts can name it)."""
    found: dict[ContactId, str] = {}
    facts = getattr(store, "contact_facts", None)
    if facts is not None:
        chosen = sorted(wanted)
        listed = facts(chosen, reachable_only=False) if _lists_everyone(facts) else facts(chosen)
        found.update((f.id, f.name) for f in listed)
    missing = wanted - found.keys()
    if missing:
        found.update((c.id, c.name) for c in among(store.contacts(), missing))
    return found


def _lists_everyone(facts: Callable[..., object]) -> bool:
    """Whether a store's ``contact_facts`` takes ``reachable_only`` (and so lists the
    unreachable contacts' facts too when asked)."""
    import inspect

    try:
        return "reachable_only" in inspect.signature(facts).parameters
    except (TypeError, ValueError):  # no signature to read
        return False


def find(
    candidates: Iterable[Interaction], contact: ContactId, reason: Reason, at: int
) -> Interaction | None:
    """Among ``candidates`` (in the store's order), the interaction at instant ``at``
    that a ``reason`` follow-up of ``contact`` is about: the first whose touch of the
    contact is of the reason's kind, else the first that touches the contact at all."""
    fallback: Interaction | None = None
    for interaction in candidates:
        if epoch_us(interaction.at) != at:
            continue
        for touch in interaction.touches():
            if touch.contact != contact:
                continue
            if is_about(reason, interaction, touch):
                return interaction
            if fallback is None:
                fallback = interaction
    return fallback


def _received_intro(item: Scored, about: Interaction | None) -> bool:
    return (
        about is not None
        and item.proposal.reason is Reason.REPLY_OWED
        and about.channel is Channel.INTRO
        and about.direction is Direction.INBOUND
        and item.context.contact.id in about.participants
    )


def _introducer(item: Scored, about: Interaction | None) -> ContactId | None:
    if not _received_intro(item, about):
        return None
    assert about is not None
    return about.introduced_by


def is_about(reason: Reason, interaction: Interaction, touch: Touch) -> bool:
    """Whether ``touch`` (in ``interaction``) is the kind a ``reason`` follow-up is about."""
    if reason is Reason.REPLY_OWED:
        return touch.direction is Direction.INBOUND and touch.expects_reply
    if reason is Reason.THANK_YOU:
        return interaction.channel in _MEETINGS
    if reason is Reason.EVENT_FOLLOW_UP:
        return interaction.channel is Channel.EVENT
    if reason is Reason.INTRO_LOOP:
        return interaction.introduced_by == touch.contact
    if reason is Reason.MENTOR_LOOP:
        return Value.ADVICE in touch.received
    if reason is Reason.NUDGE:
        return touch.direction is Direction.OUTBOUND and touch.expects_reply
    return True
