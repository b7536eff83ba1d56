"""Links between two contacts: the evidence, its wording and the strength formula."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import ContactId
from relnet.errors import NotFoundError
from relnet.model import Community, Contact, Interaction
from relnet.network import contact_link, link_strength
from tests.network.builders import NOW, ago, build, meeting, note

PAIR = [Contact("Ada", id="ada"), Contact("Bo", id="bo")]


def test_link_strength_formula() -> None:
    assert link_strength([]) == 0.0
    assert link_strength([0, 0, 0]) == pytest.approx(0.7)
    assert link_strength([0] * 10) == pytest.approx(0.7)  # capped
    assert link_strength([182.5] * 3) == pytest.approx(0.35)  # one half-life
    assert link_strength([-5]) == pytest.approx(0.7 / 3)  # planned: as if today
    assert link_strength([], introduced=True) == pytest.approx(0.3)
    assert link_strength([], same_organization=True) == pytest.approx(0.15)
    assert link_strength([], shared_community=True) == pytest.approx(0.1)
    everything = link_strength(
        [0, 0, 0], introduced=True, same_organization=True, shared_community=True
    )
    assert everything == 1.0


@given(
    st.lists(st.floats(-10, 5000), max_size=8),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.floats(0, 5000),
)
def test_link_strength_is_bounded_and_monotonic(
    ages: list[float], introduced: bool, org: bool, community: bool, extra: float
) -> None:
    flags = {"introduced": introduced, "same_organization": org, "shared_community": community}
    score = link_strength(ages, **flags)
    assert 0.0 <= score <= 1.0
    assert link_strength([*ages, extra], **flags) >= score
    assert (
        link_strength(ages, introduced=True, same_organization=org, shared_community=community)
        >= score
    )


def test_shared_meetings_counted_by_year() -> None:
    store = build(PAIR, [meeting(["ada", "bo"], d) for d in (10, 100, 400)])
    link = contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW)
    assert link is not None
    assert (link.a, link.b) == ("ada", "bo")
    assert link.shared_last_year == 2
    assert link.shared_earlier == 1
    assert link.last_shared == ago(10)
    assert link.reasons == (
        "both were in 2 meetings in the last year and 1 earlier, the latest on 2026-02-19",
    )
    assert link.strength == pytest.approx(link_strength([10, 100, 400]))
    assert link.other(ContactId("ada")) == "bo"
    assert link.other(ContactId("bo")) == "ada"


def test_only_old_interactions_of_mixed_channels() -> None:
    store = build(
        PAIR,
        [
            meeting(["ada", "bo"], 500),
            Interaction(["ada", "bo"], ago(600), "email", direction="outbound"),
        ],
    )
    link = contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW)
    assert link is not None
    assert link.reasons[0].startswith("both were in 2 interactions, the latest on ")


def test_introductions_in_every_form() -> None:
    people = [
        Contact("Ada", id="ada"),
        Contact("Bo", id="bo", introduced_by="ada"),
        Contact("Cy", id="cy"),
        Contact("Dee", id="dee"),
        Contact("Eve", id="eve"),
    ]
    store = build(
        people,
        [
            Interaction(["dee"], ago(5), "intro", direction="inbound", introduced_by="cy"),
            Interaction(["cy", "eve"], ago(6), "intro", direction="outbound"),
        ],
    )
    by_field = contact_link(store, ContactId("bo"), ContactId("ada"), now=NOW)
    assert by_field is not None
    assert by_field.introduced
    assert by_field.reasons == ("Ada introduced you to Bo",)
    assert by_field.strength == pytest.approx(0.3)
    inbound = contact_link(store, ContactId("cy"), ContactId("dee"), now=NOW)
    assert inbound is not None
    assert inbound.introduced
    assert "Cy introduced you to Dee" in inbound.reasons
    assert inbound.reasons[0].startswith("both were in 1 intro in the last year")
    outbound = contact_link(store, ContactId("eve"), ContactId("cy"), now=NOW)
    assert outbound is not None
    assert "you introduced Cy and Eve" in outbound.reasons


def test_organization_and_communities() -> None:
    store = build(
        [
            Contact("Ada", id="ada", organization=" Acme Corp", communities={"py", "rust"}),
            Contact("Bo", id="bo", organization="acme corp", communities={"py", "rust"}),
            Contact("Cy", id="cy", organization="Other", communities={"rust"}),
        ],
        communities=[Community("PyData", id="py"), Community("Rustaceans", id="rust")],
    )
    link = contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW)
    assert link is not None
    assert link.same_organization
    assert link.communities == ("py", "rust")
    assert link.reasons == ("both work at Acme Corp", "both belong to PyData, Rustaceans")
    assert link.explain("Ada", "Bo") == (
        "Ada knows Bo: both work at Acme Corp; both belong to PyData, Rustaceans"
    )
    assert link.strength == pytest.approx(0.25)
    other = contact_link(store, ContactId("ada"), ContactId("cy"), now=NOW)
    assert other is not None
    assert not other.same_organization
    assert other.strength == pytest.approx(0.1)


def test_notes_link_people_and_auto_replies_and_plans_do_not() -> None:
    store = build(
        PAIR,
        [
            Interaction(["ada", "bo"], ago(1), "email", direction="inbound", auto_reply=True),
            Interaction(["ada", "bo"], NOW.add(days=1), "meeting"),
        ],
    )
    assert contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW) is None
    store.add_interaction(note(["ada", "bo"], 2))
    link = contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW)
    assert link is not None
    assert link.reasons == ("both are named in 1 note, the latest on 2026-02-27",)
    store.add_interaction(meeting(["ada", "bo"], 3))
    link = contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW)
    assert link is not None
    assert link.reasons[0] == (
        "both were in 1 meeting in the last year; both are named in 1 note, "
        "the latest on 2026-02-27"
    )


def test_unknown_contacts_raise() -> None:
    store = build(PAIR)
    with pytest.raises(NotFoundError):
        contact_link(store, ContactId("ada"), ContactId("nobody"), now=NOW)
    assert contact_link(store, ContactId("ada"), ContactId("bo"), now=NOW) is None
