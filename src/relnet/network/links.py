"""Ties between two of your contacts: who knows whom, how well, and why relnet thinks so.

relnet sees only what you logged, so a link between two contacts rests on four kinds of
evidence, each read from the store as of ``now``:

* **shared interactions** — past interactions that name both (as participants, or as
  introducer and introduced), auto-replies excepted. Notes count too: a note naming
  two people is how you record that they know each other when you have not met them
  together;
* **introductions** — one is the other's ``introduced_by``, one introduced you to the
  other (an inbound intro), or you introduced them to each other (an outbound intro);
* **the same organization** (compared case-insensitively, surrounding blanks ignored);
* **a shared community** (both contacts' ``communities`` hold it).

:func:`link_strength` turns that evidence into a number in [0, 1]::

    S = Σ 2^(−age / 182.5 days)      over the shared interactions (half-life: six months)
    I = min(1, S / 3)                three fresh shared interactions saturate
    strength = min(1, 0.7 I + 0.3 [introduced] + 0.15 [same organization]
                      + 0.1 [shared community])

so a colleague you never saw together with the other counts 0.15, an introduction 0.3,
and people who were in three meetings this year count at least 0.7 × 0.5 (older ones
fade with the half-life).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterable, Iterator

import attrs
import pendulum

from relnet.model import (
    Channel,
    CommunityId,
    Contact,
    ContactId,
    Direction,
    Interaction,
    epoch_us,
)
from relnet.model.instants import in_zone, zone
from relnet.network._common import (
    DAY_US,
    YEAR_DAYS,
    channel_words,
    instant,
    local_date,
    past_interactions,
    plural,
)
from relnet.storage import Store

__all__ = [
    "COMMUNITY_WEIGHT",
    "INTERACTIONS_WEIGHT",
    "INTRODUCED_WEIGHT",
    "LINK_HALF_LIFE_DAYS",
    "LINK_SATURATION",
    "ORGANIZATION_WEIGHT",
    "ContactLink",
    "contact_link",
    "link_strength",
]

#: Half-life of a shared interaction's weight, in days.
LINK_HALF_LIFE_DAYS = 182.5
#: Decayed shared interactions at which the interaction component saturates.
LINK_SATURATION = 3.0
#: Weight of the shared-interaction component.
INTERACTIONS_WEIGHT = 0.7
#: Weight of an introduction between the two.
INTRODUCED_WEIGHT = 0.3
#: Weight of working at the same organization.
ORGANIZATION_WEIGHT = 0.15
#: Weight of sharing a community.
COMMUNITY_WEIGHT = 0.1


def _decay(age_days: float) -> float:
    """The weight of a shared interaction ``age_days`` old (planned ones count as today)."""
    return math.pow(2.0, -max(age_days, 0.0) / LINK_HALF_LIFE_DAYS)


def _combine(
    decayed: float, introduced: bool, same_organization: bool, shared_community: bool
) -> float:
    interactions = min(1.0, decayed / LINK_SATURATION)
    score = (
        INTERACTIONS_WEIGHT * interactions
        + INTRODUCED_WEIGHT * introduced
        + ORGANIZATION_WEIGHT * same_organization
        + COMMUNITY_WEIGHT * shared_community
    )
    return min(1.0, max(0.0, score))


def link_strength(
    shared_ages_days: Iterable[float],
    *,
    introduced: bool = False,
    same_organization: bool = False,
    shared_community: bool = False,
) -> float:
    """The strength in [0, 1] of a link with this evidence (see the module's formula).

    ``shared_ages_days`` are the ages, in days, of the shared interactions.

    >>> link_strength([0, 0, 0])
    0.7
    >>> round(link_strength([182.5], same_organization=True), 3)
    0.267
    >>> round(link_strength([], introduced=True, same_organization=True, shared_community=True), 3)
    0.55
    """
    decayed = math.fsum(_decay(age) for age in shared_ages_days)
    return _combine(decayed, introduced, same_organization, shared_community)


@attrs.frozen
class ContactLink:
    """What ties two contacts ``a`` and ``b`` (``a < b``) together, and how strongly.

    ``reasons`` are the phrases of the evidence, in the order of the module's list;
    :meth:`explain` makes them a sentence.
    """

    a: ContactId
    b: ContactId
    strength: float
    shared_last_year: int = 0
    shared_earlier: int = 0
    last_shared: pendulum.DateTime | None = None
    introduced: bool = False
    same_organization: bool = False
    communities: tuple[CommunityId, ...] = ()
    reasons: tuple[str, ...] = ()

    def other(self, contact: ContactId) -> ContactId:
        """The contact at the other end from ``contact``."""
        return self.b if contact == self.a else self.a

    def explain(self, source: str, target: str) -> str:
        """``"Ada knows Bo: both were in 3 meetings in the last year, …"``."""
        return f"{source} knows {target}: " + "; ".join(self.reasons)


def _pair(a: ContactId, b: ContactId) -> tuple[ContactId, ContactId]:
    return (a, b) if a < b else (b, a)


def _organization(contact: Contact) -> str | None:
    org = (contact.organization or "").strip().casefold()
    return org or None


class LinkIndex:
    """Every link among a store's contacts as of ``now``, computed on demand.

    Building it reads the store once. :meth:`strength` then answers from memory;
    :meth:`ranked` walks a contact's links strongest first without scoring the members
    of a large organization or community one by one; :meth:`link` adds the evidence
    and its wording.
    """

    def __init__(self, store: Store, *, now: dt.datetime) -> None:
        moment = instant(now)
        self.now_us = epoch_us(moment)
        self.timezone = store.get_settings().timezone
        self.contacts: dict[ContactId, Contact] = {c.id: c for c in store.contacts()}
        self.community_names = {c.id: c.name for c in store.communities()}
        self._shared: dict[tuple[ContactId, ContactId], list[Interaction]] = {}
        self._weights: dict[tuple[ContactId, ContactId], list[float]] = {}
        self._intros: dict[tuple[ContactId, ContactId], set[tuple[ContactId, ContactId]]] = {}
        self._you_introduced: set[tuple[ContactId, ContactId]] = set()
        self._orgs = {cid: _organization(c) for cid, c in self.contacts.items()}
        self._by_org: dict[str, set[ContactId]] = {}
        self._by_community: dict[CommunityId, set[ContactId]] = {}
        self._adjacent: dict[ContactId, set[ContactId]] = {}
        self._strengths: dict[tuple[ContactId, ContactId], float] = {}
        self._links: dict[tuple[ContactId, ContactId], ContactLink | None] = {}
        for interaction in past_interactions(store, self.now_us):
            self._add_interaction(interaction)
        for contact in self.contacts.values():
            if contact.introduced_by is not None and contact.introduced_by in self.contacts:
                self._add_intro(contact.introduced_by, contact.id)
            org = self._orgs[contact.id]
            if org is not None:
                self._by_org.setdefault(org, set()).add(contact.id)
            for community in contact.communities:
                self._by_community.setdefault(community, set()).add(contact.id)

    def _adjoin(self, a: ContactId, b: ContactId) -> None:
        self._adjacent.setdefault(a, set()).add(b)
        self._adjacent.setdefault(b, set()).add(a)

    def _add_intro(self, introducer: ContactId, introduced: ContactId) -> None:
        self._intros.setdefault(_pair(introducer, introduced), set()).add((introducer, introduced))
        self._adjoin(introducer, introduced)

    def _add_interaction(self, interaction: Interaction) -> None:
        named = interaction.contacts
        if interaction.auto_reply or len(named) < 2:
            return
        people = [p for p in named if p in self.contacts]
        weight = _decay((self.now_us - epoch_us(interaction.at)) / DAY_US)
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                key = _pair(a, b)
                self._shared.setdefault(key, []).append(interaction)
                self._weights.setdefault(key, []).append(weight)
                self._adjoin(a, b)
        if interaction.channel is Channel.INTRO:
            self._add_intro_interaction(interaction, people)

    def _add_intro_interaction(self, interaction: Interaction, people: list[ContactId]) -> None:
        """An intro made to you links its introducer to each person introduced; one you
        made marks each pair of the people you put in touch."""
        if interaction.direction is Direction.INBOUND and interaction.introduced_by:
            for person in interaction.participants:
                if interaction.introduced_by in self.contacts and person in self.contacts:
                    self._add_intro(interaction.introduced_by, person)
        elif interaction.direction is Direction.OUTBOUND:
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    self._you_introduced.add(_pair(a, b))

    def name(self, contact: ContactId) -> str:
        """The contact's name (its id when unknown)."""
        found = self.contacts.get(contact)
        return found.name if found is not None else contact

    def _evidence(self, a: ContactId, b: ContactId) -> tuple[bool, bool, bool]:
        """(introduced, same organization, shared community) for the pair ``a < b``."""
        introduced = (a, b) in self._intros or (a, b) in self._you_introduced
        org = self._orgs.get(a)
        same_org = org is not None and org == self._orgs.get(b)
        shared = not self.contacts[a].communities.isdisjoint(self.contacts[b].communities)
        return introduced, same_org, shared

    def strength(self, a: ContactId, b: ContactId) -> float:
        """The strength of the link between ``a`` and ``b`` (0 when nothing ties them)."""
        key = _pair(a, b)
        found = self._strengths.get(key)
        if found is None:
            if a == b or a not in self.contacts or b not in self.contacts:
                found = 0.0
            else:
                decayed = math.fsum(self._weights.get(key, ()))
                found = _combine(decayed, *self._evidence(*key))
            self._strengths[key] = found
        return found

    def ranked(self, contact: ContactId) -> Iterator[tuple[float, ContactId]]:
        """``(strength, other)`` for every link of ``contact``, never stronger than the last.

        Contacts tied only by an organization or a community all have the same strength,
        so they come as whole groups (in no particular order), after any stronger link;
        they are not scored one by one.
        """
        direct = self._adjacent.get(contact, set())
        scored = sorted(((self.strength(contact, o), o) for o in direct), key=_strongest)
        person = self.contacts.get(contact)
        if person is None:
            return iter(scored)
        org = self._orgs.get(contact)
        colleagues = self._by_org.get(org, set()) if org is not None else set()
        members: set[ContactId] = set()
        for community in person.communities:
            members |= self._by_community.get(community, set())
        skip = direct | {contact}
        both = _combine(0.0, False, True, True)
        org_only = _combine(0.0, False, True, False)
        community_only = _combine(0.0, False, False, True)
        runs = [
            ((both, o) for o in colleagues if o in members and o not in skip),
            ((org_only, o) for o in colleagues if o not in members and o not in skip),
            ((community_only, o) for o in members if o not in colleagues and o not in skip),
        ]
        # Within a group every link is as strong: their order does not matter.
        return heapq.merge(scored, *runs, key=lambda item: -item[0])

    def link(self, a: ContactId, b: ContactId) -> ContactLink | None:
        """The link between ``a`` and ``b`` with its evidence, or ``None`` when nothing
        ties them."""
        key = _pair(a, b)
        if key in self._links:
            return self._links[key]
        link = self._build(*key)
        self._links[key] = link
        return link

    def _build(self, a: ContactId, b: ContactId) -> ContactLink | None:
        if self.strength(a, b) <= 0.0:
            return None
        first, second = self.contacts[a], self.contacts[b]
        shared = self._shared.get((a, b), [])
        year_start = self.now_us - YEAR_DAYS * DAY_US
        recent = sum(1 for i in shared if epoch_us(i.at) > year_start)
        intros = sorted(self._intros.get((a, b), set()))
        you_introduced = (a, b) in self._you_introduced
        introduced, same_org, _ = self._evidence(a, b)
        communities = tuple(sorted(first.communities & second.communities))
        reasons: list[str] = []
        last = shared[-1].at if shared else None
        if last is not None:
            on = local_date(last, self.timezone).isoformat()
            reasons.append(f"{self._shared_phrase(shared, year_start)}, the latest on {on}")
        reasons += [
            f"{self.name(introducer)} introduced you to {self.name(introduced_one)}"
            for introducer, introduced_one in intros
        ]
        if you_introduced:
            reasons.append(f"you introduced {first.name} and {second.name}")
        if same_org:
            reasons.append(f"both work at {(first.organization or '').strip()}")
        if communities:
            names = ", ".join(self.community_names.get(c, c) for c in communities)
            reasons.append(f"both belong to {names}")
        return ContactLink(
            a=a,
            b=b,
            strength=self.strength(a, b),
            shared_last_year=recent,
            shared_earlier=len(shared) - recent,
            last_shared=None if last is None else in_zone(last, zone(self.timezone)),
            introduced=introduced,
            same_organization=same_org,
            communities=communities,
            reasons=tuple(reasons),
        )

    @staticmethod
    def _shared_phrase(shared: list[Interaction], year_start: int) -> str:
        """``"both were in 3 meetings in the last year and 1 earlier"``, notes apart."""
        parts = []
        met = [i for i in shared if i.channel is not Channel.NOTE]
        notes = len(shared) - len(met)
        if met:
            word = channel_words(i.channel for i in met)
            recent = sum(1 for i in met if epoch_us(i.at) > year_start)
            earlier = len(met) - recent
            if recent:
                text = f"both were in {plural(recent, word)} in the last year"
                if earlier:
                    text += f" and {earlier} earlier"
            else:
                text = f"both were in {plural(earlier, word)}"
            parts.append(text)
        if notes:
            parts.append(f"both are named in {plural(notes, 'note')}")
        return "; ".join(parts)


def _strongest(item: tuple[float, ContactId]) -> tuple[float, ContactId]:
    return (-item[0], item[1])


def contact_link(
    store: Store, a: ContactId, b: ContactId, *, now: dt.datetime
) -> ContactLink | None:
    """The link between contacts ``a`` and ``b`` as of ``now``, or ``None`` if nothing ties them.

    Raises NotFoundError for an unknown contact.

    >>> import pendulum
    >>> from relnet import Contact, InMemoryStore, Interaction
    >>> store = InMemoryStore()
    >>> _ = store.add_contact(Contact("Ada", id="ada", organization="Acme"))
    >>> _ = store.add_contact(Contact("Bo", id="bo", organization="ACME "))
    >>> now = pendulum.datetime(2026, 3, 1, tz="UTC")
    >>> _ = store.add_interaction(Interaction(["ada", "bo"], now.subtract(days=10), "meeting"))
    >>> link = contact_link(store, "ada", "bo", now=now)
    >>> for reason in link.reasons:
    ...     print(reason)
    both were in 1 meeting in the last year, the latest on 2026-02-19
    both work at Acme
    >>> round(link.strength, 3)
    0.375
    """
    store.get_contact(a)
    store.get_contact(b)
    return LinkIndex(store, now=now).link(a, b)
