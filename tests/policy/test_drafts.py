"""Message drafts: one per reason on a hand-built network, custom templates, and properties."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import NotFoundError, ValidationError
from relnet.model import (
    Commitment,
    CommitmentId,
    Contact,
    ContactId,
    Event,
    Interaction,
    InteractionId,
    Profile,
    Settings,
)
from relnet.policy import (
    DEFAULT_FIRST_TEMPLATES,
    DEFAULT_OFFERS,
    DEFAULT_TEMPLATES,
    MUST_DO,
    Breakdown,
    FollowUp,
    Reason,
    draft,
    draft_fields,
    first_message,
)
from relnet.storage import InMemoryStore

PARIS = "Europe/Paris"
DUE = pendulum.date(2026, 3, 2)
ME = Profile(name="Grace Hopper", expertise={"compilers", "Data Engineering"})


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz=PARIS)


def follow(
    reason: Reason,
    contact: str,
    *,
    due: pendulum.Date = DUE,
    interaction: str | None = None,
    commitment: str | None = None,
    factors: tuple[str, ...] = (),
) -> FollowUp:
    return FollowUp(
        contact=ContactId(contact),
        name=contact,
        reason=reason,
        must_do=reason in MUST_DO,
        available_from=due,
        due=due,
        due_at=pendulum.datetime(due.year, due.month, due.day, 9, tz=PARIS),
        state="due",
        overdue_days=0,
        priority=50.0,
        breakdown=Breakdown(base=50.0),
        factors=factors,
        text="",
        interaction=None if interaction is None else InteractionId(interaction),
        commitment=None if commitment is None else CommitmentId(commitment),
    )


def build() -> InMemoryStore:
    store = InMemoryStore.from_records(
        settings=Settings(timezone=PARIS),
        profile=ME,
        contacts=[
            Contact("Ada Lovelace", id="ada", interests={"data engineering", "chess"}),
            Contact("Bob Marley", id="bob", interests={"sailing"}),
            Contact("Cy Young", id="cy", roles={"mentor"}),
            Contact("Dee Dee Ramone", id="dee"),
            Contact("Eve Arden", id="eve"),
            Contact("Finn", id="fay"),
            Contact("Gil Evans", id="gil"),
            Contact("Hal Abelson", id="hal"),
            Contact("Tia Target", id="tia", stage="target", interests={"robotics"}),
        ],
        events=[Event("PyCon Paris", at(2026, 2, 10, 9), id="pycon")],
        interactions=[
            Interaction(
                ["ada"],
                at(2026, 2, 10, 10),
                "meeting",
                event="pycon",
                topics={"stream processing", "Kafka"},
                id="i-pycon",
            ),
            Interaction(
                ["ada"],
                at(2026, 2, 20, 8),
                "email",
                direction="inbound",
                topics={"the conference budget"},
                id="i-mail",
            ),
            Interaction(["bob"], at(2026, 1, 5, 18), "event", topics={"music"}, id="i-gig"),
            Interaction(["bob"], at(2026, 1, 20, 18), "video", topics={"boats"}, id="i-video"),
            Interaction(
                ["bob"],
                at(2026, 2, 1, 9),
                "email",
                direction="outbound",
                expects_reply=True,
                topics={"the sailing club"},
                id="i-ask",
            ),
            Interaction(
                ["cy"],
                at(2026, 1, 15, 12),
                "meeting",
                received=["advice"],
                topics={"changing careers"},
                id="i-advice",
            ),
            Interaction(
                ["eve", "gil"],
                at(2026, 2, 2, 12),
                "intro",
                direction="inbound",
                introduced_by="dee",
                id="i-intro",
            ),
            Interaction(["fay"], at(2022, 5, 3, 12), "call", id="i-old"),
        ],
        commitments=[
            Commitment("ada", "the slides from my talk", pendulum.date(2026, 2, 25), id="c-me"),
            Commitment(
                "bob", "an intro to your CTO", pendulum.date(2026, 2, 20), owed_by="them", id="c-t"
            ),
            Commitment("hal", "send the article on cadences", pendulum.date(2026, 3, 2), id="c-h"),
            Commitment(
                "hal", "send me the deck", pendulum.date(2026, 2, 20), owed_by="them", id="c-ht"
            ),
        ],
    )
    return store


def test_every_reason_has_a_default_template() -> None:
    assert set(DEFAULT_TEMPLATES) == set(Reason)
    assert all("$first_name" in template for template in DEFAULT_TEMPLATES.values())


def test_thank_you_names_the_event_and_a_topic() -> None:
    text = draft(follow(Reason.THANK_YOU, "ada", interaction="i-pycon"), build())
    assert text == (
        "Hi Ada,\n\n"
        "Thank you for taking the time to talk at PyCon Paris. I really enjoyed our"
        " conversation about Kafka, and I'd love to stay in touch.\n\n"
        "Best,\nGrace Hopper"
    )


def test_thank_you_finds_the_first_meeting_passing_over_events() -> None:
    text = draft(follow(Reason.THANK_YOU, "bob"), build())
    assert "talk on our video call" in text
    assert "our conversation about boats," in text


def test_reply_owed_names_their_message() -> None:
    text = draft(follow(Reason.REPLY_OWED, "ada"), build())
    assert text.startswith(
        "Hi Ada,\n\nThank you for your message about the conference budget, and sorry"
    )


def test_promise_quotes_what_you_promised() -> None:
    text = draft(follow(Reason.PROMISE, "ada", commitment="c-me"), build())
    assert "I wanted to follow through on “the slides from my talk”." in text
    # Without a pointer, the earliest open commitment you owe them.
    assert draft(follow(Reason.PROMISE, "ada"), build()) == text


def test_check_in_quotes_their_commitment() -> None:
    text = draft(follow(Reason.CHECK_IN, "bob"), build())
    assert "Just checking in on “an intro to your CTO”." in text


def test_intro_loop_names_the_people_you_were_introduced_to() -> None:
    text = draft(follow(Reason.INTRO_LOOP, "dee"), build())
    assert text.startswith(
        "Hi Dee,\n\nThank you again for introducing me to Eve Arden and Gil Evans."
    )


def test_mentor_loop_names_the_advice_topic() -> None:
    text = draft(follow(Reason.MENTOR_LOOP, "cy"), build())
    assert "I took your advice about changing careers to heart" in text


def test_nudge_names_your_last_ask() -> None:
    text = draft(follow(Reason.NUDGE, "bob"), build())
    assert "Just following up on my last message about the sailing club, in case" in text


def test_keep_in_touch_names_the_last_topic() -> None:
    text = draft(follow(Reason.KEEP_IN_TOUCH, "ada"), build())
    assert "since we last talked about the conference budget," in text


def test_reconnect_names_when_you_last_spoke() -> None:
    text = draft(follow(Reason.RECONNECT, "fay", due=pendulum.date(2026, 3, 1)), build())
    assert "we last spoke in May 2022." in text


def test_birthday() -> None:
    text = draft(follow(Reason.BIRTHDAY, "eve"), build())
    assert text.startswith("Hi Eve,\n\nHappy birthday!")


def test_offer_of_value_prefers_an_interest_you_share() -> None:
    owed = ("reciprocity_owed",)
    text = draft(follow(Reason.KEEP_IN_TOUCH, "ada", factors=owed), build())
    assert "data engineering is something I know well" in text
    assert text.index("data engineering") < text.index("Best,")
    # Bob's interest is not in your expertise; Finn has no interests.
    assert "anything I can do for you around sailing" in draft(
        follow(Reason.KEEP_IN_TOUCH, "bob", factors=owed), build()
    )
    assert "just say the word" in draft(follow(Reason.RECONNECT, "fay", factors=owed), build())
    assert "return the favour" not in draft(follow(Reason.KEEP_IN_TOUCH, "ada"), build())


def test_fallbacks_when_the_history_is_silent() -> None:
    store = build()
    fields = draft_fields(follow(Reason.PROMISE, "gil"), store)
    assert fields["what"] == "what I said I would send you"
    assert fields["interest"] == "what you're working on"
    quiet = draft_fields(follow(Reason.CHECK_IN, "eve", due=pendulum.date(2026, 1, 1)), store)
    assert quiet["where"] == "recently"
    assert quiet["when"] == "a good while ago"
    assert quiet["topic"] == "what we talked about"
    assert quiet["about"] == ""
    assert quiet["what"] == "what we discussed"
    assert quiet["introduced"] == "the person you introduced me to"
    text = draft(follow(Reason.THANK_YOU, "eve", due=pendulum.date(2026, 1, 1)), store)
    assert "talk recently. I really enjoyed our conversation, and" in text


def test_a_dangling_pointer_falls_back_to_the_history() -> None:
    text = draft(follow(Reason.THANK_YOU, "bob", interaction="gone", commitment="gone"), build())
    assert "on our video call" in text


def test_profile_signs_the_draft_and_can_be_given() -> None:
    store = build()
    unsigned = draft(follow(Reason.BIRTHDAY, "eve"), store, Profile())
    assert "Best," not in unsigned
    signed = draft(
        follow(Reason.BIRTHDAY, "eve"), store, Profile(name="Alan"), sign_off="Cheers, $sender"
    )
    assert signed.endswith("\n\nCheers, Alan")


def test_custom_templates_replace_per_reason_or_wholly() -> None:
    store = build()
    mine = {Reason.BIRTHDAY: "Happy birthday $first_name! ($name, $unknown, $$5)"}
    assert draft(follow(Reason.BIRTHDAY, "eve"), store, templates=mine) == (
        "Happy birthday Eve! (Eve Arden, $unknown, $5)\n\nBest,\nGrace Hopper"
    )
    # Other reasons keep their defaults.
    assert "Happy birthday" not in draft(follow(Reason.NUDGE, "bob"), store, templates=mine)
    wholly = {reason: f"{reason.value}: ${{first_name}}" for reason in Reason}
    assert draft(follow(Reason.NUDGE, "bob"), store, Profile(), templates=wholly) == "nudge: Bob"
    by_value = draft(follow(Reason.NUDGE, "bob"), store, Profile(), templates={"nudge": "$where"})
    assert by_value == "over email"


def test_custom_offers() -> None:
    text = draft(
        follow(Reason.KEEP_IN_TOUCH, "ada", factors=("reciprocity_owed",)),
        build(),
        Profile(),
        offers={"interest": "Happy to talk $interest anytime."},
    )
    assert text.endswith("Happy to talk chess anytime.")  # no shared expertise without a profile


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"templates": {"greeting": "hi"}}, "templates"),
        ({"templates": {Reason.NUDGE: 3}}, "templates.nudge"),
        ({"templates": ["hi"]}, "templates"),
        ({"offers": {"shared": None}}, "offers.shared"),
        ({"offers": {"always": "x"}}, "offers"),
        ({"sign_off": None}, "sign_off"),
    ],
)
def test_bad_templates_are_refused(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        draft(follow(Reason.NUDGE, "bob"), build(), **kwargs)
    assert caught.value.field == field


def test_an_unknown_contact_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        draft(follow(Reason.NUDGE, "nobody"), build())


def test_every_default_offer_returns_the_favour() -> None:
    assert set(DEFAULT_OFFERS) == {"shared", "interest", "general"}
    assert all("return the favour" in offer for offer in DEFAULT_OFFERS.values())


names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
labels = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")


@given(
    name=names,
    reason=st.sampled_from(list(Reason)),
    topics=st.frozensets(labels, max_size=3),
    interests=st.frozensets(labels, max_size=3),
    channel=st.sampled_from(["meeting", "call", "video", "event", "email", "note", "intro"]),
    owed=st.booleans(),
    profile_name=st.text(max_size=10),
    template=st.none() | st.text(max_size=40),
)
def test_drafts_never_raise_and_name_the_contact(
    name: str,
    reason: Reason,
    topics: frozenset[str],
    interests: frozenset[str],
    channel: str,
    owed: bool,
    profile_name: str,
    template: str | None,
) -> None:
    store = InMemoryStore(Settings(timezone=PARIS))
    store.add_contact(Contact(name, id="x", interests=interests))
    store.add_contact(Contact("Other Person", id="y"))
    direction = None if channel in ("meeting", "call", "video", "event", "note") else "inbound"
    store.add_interaction(
        Interaction(
            ["x"] if channel != "intro" else ["y"],
            at(2026, 2, 1, 12),
            channel,
            direction=direction,
            introduced_by="x" if channel == "intro" else None,
            topics=topics,
            id="i",
        )
    )
    item = follow(reason, "x", factors=("reciprocity_owed",) if owed else ())
    text = draft(item, store, Profile(name=profile_name))
    assert name.split()[0] in text
    if template is not None:
        custom = draft(item, store, templates={reason: template})
        assert isinstance(custom, str)


def test_event_follow_up_names_where_you_met_and_a_topic() -> None:
    """Without the interaction it points at, the draft finds the first touch: the event."""
    text = draft(follow(Reason.EVENT_FOLLOW_UP, "bob"), build())
    assert text == (
        "Hi Bob,\n\n"
        "It was good to meet you at the event. I enjoyed our conversation about music, and"
        " I'd love to stay in touch.\n\n"
        "Best,\nGrace Hopper"
    )


# -- one pinned draft per reason --------------------------------------------------------

SIGNED = "\n\nBest,\nGrace Hopper"

#: For each reason: the follow-up (contact, pointers) and the whole draft it gives.
PINNED: dict[Reason, tuple[FollowUp, str]] = {
    Reason.REPLY_OWED: (
        follow(Reason.REPLY_OWED, "ada"),
        "Hi Ada,\n\nThank you for your message about the conference budget, and sorry to keep"
        " you waiting." + SIGNED,
    ),
    Reason.THANK_YOU: (
        follow(Reason.THANK_YOU, "ada", interaction="i-pycon"),
        "Hi Ada,\n\nThank you for taking the time to talk at PyCon Paris. I really enjoyed our"
        " conversation about Kafka, and I'd love to stay in touch." + SIGNED,
    ),
    Reason.PROMISE: (
        follow(Reason.PROMISE, "hal", commitment="c-h"),
        "Hi Hal,\n\nI wanted to follow through on “send the article on cadences”. Let me know"
        " if there is anything else I can do." + SIGNED,
    ),
    Reason.EVENT_FOLLOW_UP: (
        follow(Reason.EVENT_FOLLOW_UP, "bob", interaction="i-gig"),
        "Hi Bob,\n\nIt was good to meet you at the event. I enjoyed our conversation about"
        " music, and I'd love to stay in touch." + SIGNED,
    ),
    Reason.INTRO_LOOP: (
        follow(Reason.INTRO_LOOP, "dee"),
        "Hi Dee,\n\nThank you again for introducing me to Eve Arden and Gil Evans. I wanted to"
        " close the loop and let you know how it went. I really appreciate you connecting us."
        + SIGNED,
    ),
    Reason.MENTOR_LOOP: (
        follow(Reason.MENTOR_LOOP, "cy"),
        "Hi Cy,\n\nI took your advice about changing careers to heart, and I wanted to let you"
        " know how it went. Thank you again for your time and guidance." + SIGNED,
    ),
    Reason.NUDGE: (
        follow(Reason.NUDGE, "bob"),
        "Hi Bob,\n\nJust following up on my last message about the sailing club, in case it"
        " got buried. No pressure at all; I know how busy things get." + SIGNED,
    ),
    Reason.CHECK_IN: (
        follow(Reason.CHECK_IN, "hal", commitment="c-ht"),
        "Hi Hal,\n\nI hope all is well! Just checking in on “send me the deck”. No rush at"
        " all, and let me know if I can help in any way." + SIGNED,
    ),
    Reason.KEEP_IN_TOUCH: (
        follow(Reason.KEEP_IN_TOUCH, "ada"),
        "Hi Ada,\n\nIt's been a little while since we last talked about the conference budget,"
        " and I wanted to check in. How are things going on your side?" + SIGNED,
    ),
    Reason.RECONNECT: (
        follow(Reason.RECONNECT, "fay", due=pendulum.date(2026, 3, 1)),
        "Hi Finn,\n\nIt's been a long time: we last spoke in May 2022. You came to mind today,"
        " and I'd love to hear what you're working on these days. Would you be up for catching"
        " up?" + SIGNED,
    ),
    Reason.BIRTHDAY: (
        follow(Reason.BIRTHDAY, "eve"),
        "Hi Eve,\n\nHappy birthday! I hope you have a wonderful day and a great year ahead."
        + SIGNED,
    ),
}


def test_every_reason_has_a_pinned_draft() -> None:
    assert set(PINNED) == set(Reason)


@pytest.mark.parametrize("reason", list(Reason), ids=lambda r: r.value)
def test_the_pinned_draft_of_each_reason(reason: Reason) -> None:
    item, expected = PINNED[reason]
    assert draft(item, build()) == expected


def test_a_reply_owed_on_a_received_intro_is_a_first_message_thanking_the_introducer() -> None:
    text = draft(follow(Reason.REPLY_OWED, "eve"), build())
    assert text == (
        "Hi Eve,\n\nThank you to Dee Dee Ramone for introducing us; it's good to be in touch."
        " I'd love to find a time to talk. What would suit you?" + SIGNED
    )
    assert draft_fields(follow(Reason.REPLY_OWED, "gil"), build())["via"] == "Dee Dee Ramone"


def test_an_intro_without_a_known_introducer_thanks_a_mutual_contact() -> None:
    store = build()
    store.add_contact(Contact("Ivy Lee", id="ivy"))
    store.add_interaction(
        Interaction(["ivy"], at(2026, 2, 25, 9), "intro", direction="inbound", id="i-anon")
    )
    text = draft(follow(Reason.REPLY_OWED, "ivy"), store)
    assert "Thank you to our mutual contact for introducing us;" in text


@pytest.mark.parametrize("reason", [Reason.KEEP_IN_TOUCH, Reason.RECONNECT])
def test_a_target_gets_a_first_message(reason: Reason) -> None:
    expected = (
        "Hi Tia,\n\nWe haven't been in touch before, so let me introduce myself. I'd love to"
        " hear more about robotics, and to learn whether there is anything I could help with."
        " Would you be open to a short call in the coming weeks?" + SIGNED
    )
    # Known by the factor the engine sets, or by an empty history.
    assert draft(follow(reason, "tia", factors=("never_contacted",)), build()) == expected
    assert draft(follow(reason, "tia"), build()) == expected
    assert "little while" not in expected


def test_with_a_warm_path_a_target_gets_a_request_for_an_introduction() -> None:
    owed = ("never_contacted", "reciprocity_owed")
    text = draft(follow(Reason.KEEP_IN_TOUCH, "tia", factors=owed), build(), via=ContactId("ada"))
    assert text == (
        "Hi Ada,\n\nI hope you're doing well. I'd love to meet Tia Target, and I believe you"
        " know them. Would you be willing to introduce us? I'm happy to write a short note you"
        " can forward, so it takes you no time." + SIGNED
    )
    # Someone you have been in touch with gets the usual draft, whatever ``via`` says.
    usual = draft(follow(Reason.KEEP_IN_TOUCH, "ada"), build(), via=ContactId("bob"))
    assert usual == PINNED[Reason.KEEP_IN_TOUCH][1]


def test_first_templates_can_be_replaced_and_are_checked() -> None:
    mine = {"first": "Hello $name, about $interest.", "ask_intro": "$via_first_name: $name?"}
    first = follow(Reason.KEEP_IN_TOUCH, "tia", factors=("never_contacted",))
    store = build()
    assert draft(first, store, Profile(), first_templates=mine) == (
        "Hello Tia Target, about robotics."
    )
    asked = draft(first, store, Profile(), first_templates=mine, via=ContactId("dee"))
    assert asked == "Dee: Tia Target?"
    with pytest.raises(ValidationError) as caught:
        draft(first, store, first_templates={"hello": "x"})
    assert caught.value.field == "first_templates"
    with pytest.raises(ValidationError) as caught:
        draft(first, store, via=ContactId("tia"))
    assert caught.value.field == "via"
    with pytest.raises(NotFoundError):
        draft(first, store, via=ContactId("nobody"))


def test_every_default_first_template_greets_someone() -> None:
    assert set(DEFAULT_FIRST_TEMPLATES) == {"first", "ask_intro", "introduced"}
    assert DEFAULT_FIRST_TEMPLATES["ask_intro"].startswith("Hi $via_first_name,")


commitment_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip() != "")


@given(what=commitment_texts, reason=st.sampled_from([Reason.PROMISE, Reason.CHECK_IN]))
def test_any_commitment_text_is_quoted_whole(what: str, reason: Reason) -> None:
    store = build()
    owed_by = "me" if reason is Reason.PROMISE else "them"
    store.add_commitment(
        Commitment("gil", what, pendulum.date(2026, 3, 2), owed_by=owed_by, id="c-any")
    )
    text = draft(follow(reason, "gil", commitment="c-any"), store, Profile())
    quoted = f"“{what.strip()}”"
    if reason is Reason.PROMISE:
        assert text == (
            f"Hi Gil,\n\nI wanted to follow through on {quoted}. Let me know if there is"
            " anything else I can do."
        )
    else:
        assert f"Just checking in on {quoted}. No rush" in text


def test_a_first_message_needs_someone_never_in_touch() -> None:
    """``first_message`` writes the ``first`` template (or ``ask_intro`` given ``via``)
    and refuses someone already in touch, ``via`` themselves, and unknown ids."""
    store = InMemoryStore()
    owner = Profile(name="Sam Rivera")
    uma = store.add_contact(Contact("Uma Ueda", interests=frozenset({"compilers"})))
    pat = store.add_contact(Contact("Pat Lee"))
    text = first_message(uma.id, store, owner)
    assert text.startswith("Hi Uma,\n\nWe haven't been in touch before")
    assert "compilers" in text
    assert text.endswith("Best,\nSam Rivera")
    asked = first_message(uma.id, store, owner, via=pat.id)
    assert asked.startswith("Hi Pat,\n\nI hope you're doing well. I'd love to meet Uma Ueda")
    custom = first_message(uma.id, store, owner, first_templates={"first": "Hello $name"})
    assert custom.startswith("Hello Uma Ueda")
    with pytest.raises(ValidationError) as bad:
        first_message(uma.id, store, owner, via=uma.id)
    assert bad.value.field == "via"
    with pytest.raises(NotFoundError):
        first_message(ContactId("nobody"), store, owner)
    store.add_interaction(
        Interaction(
            [uma.id], pendulum.datetime(2026, 1, 5, 10, tz="UTC"), "email", direction="outbound"
        )
    )
    with pytest.raises(ValidationError) as touched:
        first_message(uma.id, store, owner)
    assert touched.value.field == "contact"
