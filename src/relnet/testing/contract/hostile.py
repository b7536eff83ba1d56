"""Hostile and huge strings are kept byte for byte."""

from __future__ import annotations

from typing import Any

import pendulum

from relnet.model import (
    Channel,
    Commitment,
    Community,
    Contact,
    Event,
    Goal,
    Interaction,
    Profile,
)
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    TRAP,
    ContractBase,
    ids_of,
    instant,
    same,
)

MEGABYTE = 1_000_000


class HostileInputContract(ContractBase):
    """Quotes, SQL, NUL bytes, emoji, separators and megabyte strings."""

    # -- hostile input --------------------------------------------------------------

    def test_hostile_strings_round_trip(self, store: Any) -> None:
        """Quotes, SQL, NUL bytes, emoji and separators are kept byte for byte, in ids,
        text, tags and sets alike."""
        hostile = rs.HOSTILE_STRINGS
        printable_ids = [s for s in hostile if s.isprintable() and s == s.strip()]
        words = [s for s in hostile if s.strip()]
        at = instant(TRAP[0][1])
        store.add_community(
            Community(words[0], notes="".join(hostile), tags=words, id=printable_ids[0])
        )
        store.add_event(
            Event(
                words[1], at, location=hostile[2], community=printable_ids[0], id=printable_ids[1]
            )
        )
        contacts = []
        for index, text in enumerate(words):
            contacts.append(
                store.add_contact(
                    Contact(
                        text,
                        id=printable_ids[index % len(printable_ids)] + f"#{index}",
                        tags={text, "plain"},
                        interests=words,
                        notes=text + "".join(hostile),
                        how_met=text,
                        organization=text,
                        headline=text,
                        phones=[text],
                        urls=[text],
                        emails=["o'brien+%s@ex'ample.org", "😀@例え.jp"],
                        communities={printable_ids[0]},
                    )
                )
            )
        for contact in contacts:
            same(store.get_contact(contact.id), contact)
            assert contact.id in ids_of(store.contacts(tag=contact.name))
        assert ids_of(store.contacts(tag="plain")) == sorted(c.id for c in contacts)
        people = [c.id for c in contacts]
        for index, text in enumerate(hostile):
            interaction = Interaction(
                people[index % len(people)],
                at,
                Channel.EMAIL,
                direction="outbound",
                summary=text,
                topics=words,
                id=f"{printable_ids[index % len(printable_ids)]}@{index}",
            )
            store.add_interaction(interaction)
            same(store.get_interaction(interaction.id), interaction)
        goal = store.add_goal(Goal(words[3], contacts=people[:3], id=printable_ids[2]))
        same(store.get_goal(goal.id), goal)
        promise = store.add_commitment(
            Commitment(people[0], hostile[2], pendulum.date(2026, 1, 1), id=printable_ids[3])
        )
        same(store.get_commitment(promise.id), promise)
        profile = Profile(
            name=hostile[6],
            headline=hostile[4],
            pitch="".join(hostile),
            expertise=words,
            values=words,
            achievements=words,
        )
        store.set_profile(profile)
        same(store.get_profile(), profile)
        assert ids_of(store.contacts()) == sorted(people)

    def test_megabyte_strings_round_trip(self, store: Any) -> None:
        """Strings of a megabyte and more are kept whole."""
        big = ("é😀\x00'\"" * (MEGABYTE // 5))[:MEGABYTE] + "end"
        contact = store.add_contact(Contact("Ada " + big, id="ada", notes=big, tags={big}))
        same(store.get_contact("ada"), contact)
        assert ids_of(store.contacts(tag=big)) == ["ada"]
        interaction = store.add_interaction(
            Interaction(["ada"], instant(TRAP[0][1]), "call", summary=big, id="i")
        )
        same(store.get_interaction("i"), interaction)
        store.set_profile(Profile(pitch=big))
        assert store.get_profile().pitch == big
