"""Hostile and huge strings are kept byte for byte."""

from __future__ import annotations

from typing import Any

import pendulum

from relnet.model import Channel, Commitment, Community, Contact, Event, Goal, Interaction, Profile
from relnet.model import contact as model_contact
from relnet.testing import strategies as rs
from relnet.testing.contract._base import TRAP, ContractBase, ids_of, instant, same

MEGABYTE = 1_000_000
HOSTILE = rs.HOSTILE_STRINGS
#: The hostile strings that may be ids (printable, no surrounding space).
PRINTABLE_IDS = [s for s in HOSTILE if s.isprintable() and s == s.strip()]
#: The hostile strings that may be names and tags (not blank).
WORDS = [s for s in HOSTILE if s.strip()]


def _hostile_contact(index: int, text: str) -> Contact:
    return Contact(
        text,
        id=PRINTABLE_IDS[index % len(PRINTABLE_IDS)] + f"#{index}",
        tags={text, "plain"},
        interests=WORDS,
        notes=text + "".join(HOSTILE),
        how_met=text,
        organization=text,
        headline=text,
        phones=[text],
        urls=[text],
        emails=["o'brien+%s@ex'ample.org", "😀@例え.jp"],
        communities={PRINTABLE_IDS[0]},
    )


def _check_hostile_contacts(store: Any) -> list[str]:
    """Write a contact named after each hostile word; return their ids."""
    contacts = [store.add_contact(_hostile_contact(i, text)) for i, text in enumerate(WORDS)]
    for contact in contacts:
        same(store.get_contact(contact.id), contact)
        assert contact.id in ids_of(store.contacts(tag=contact.name))
    assert ids_of(store.contacts(tag="plain")) == sorted(c.id for c in contacts)
    return [c.id for c in contacts]


def _check_hostile_interactions(store: Any, people: list[str], at: pendulum.DateTime) -> None:
    for index, text in enumerate(HOSTILE):
        interaction = Interaction(
            people[index % len(people)],
            at,
            Channel.EMAIL,
            direction="outbound",
            summary=text,
            topics=WORDS,
            id=f"{PRINTABLE_IDS[index % len(PRINTABLE_IDS)]}@{index}",
        )
        store.add_interaction(interaction)
        same(store.get_interaction(interaction.id), interaction)


class HostileInputContract(ContractBase):
    """Quotes, SQL, NUL bytes, emoji, separators and megabyte strings."""

    def test_hostile_strings_round_trip(self, store: Any) -> None:
        """Quotes, SQL, NUL bytes, emoji and separators are kept byte for byte, in ids,
        text, tags and sets alike."""
        at = instant(TRAP[0][1])
        home = PRINTABLE_IDS[0]
        store.add_community(Community(WORDS[0], notes="".join(HOSTILE), tags=WORDS, id=home))
        store.add_event(
            Event(WORDS[1], at, location=HOSTILE[2], community=home, id=PRINTABLE_IDS[1])
        )
        people = _check_hostile_contacts(store)
        _check_hostile_interactions(store, people, at)
        goal = store.add_goal(Goal(WORDS[3], contacts=people[:3], id=PRINTABLE_IDS[2]))
        same(store.get_goal(goal.id), goal)
        promise = store.add_commitment(
            Commitment(people[0], HOSTILE[2], pendulum.date(2026, 1, 1), id=PRINTABLE_IDS[3])
        )
        same(store.get_commitment(promise.id), promise)
        profile = Profile(
            name=HOSTILE[6],
            headline=HOSTILE[4],
            pitch="".join(HOSTILE),
            expertise=WORDS,
            values=WORDS,
            achievements=WORDS,
        )
        store.set_profile(profile)
        same(store.get_profile(), profile)
        assert ids_of(store.contacts()) == sorted(people)

    def test_megabyte_strings_round_trip(self, store: Any) -> None:
        """Strings of a megabyte and more are kept whole (a name, at its longest)."""
        big = ("é😀\x00'\"" * (MEGABYTE // 5))[:MEGABYTE] + "end"
        longest = ("Ada " + big)[: model_contact.NAME_LIMIT]
        contact = store.add_contact(Contact(longest, id="ada", notes=big, tags={big}))
        same(store.get_contact("ada"), contact)
        assert ids_of(store.contacts(tag=big)) == ["ada"]
        interaction = store.add_interaction(
            Interaction(["ada"], instant(TRAP[0][1]), "call", summary=big, id="i")
        )
        same(store.get_interaction("i"), interaction)
        store.set_profile(Profile(pitch=big))
        assert store.get_profile().pitch == big
