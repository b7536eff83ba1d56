"""Intro paths on hand-built networks where the best way in is known."""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import pytest

import relnet.network.paths as paths_module
from relnet import ContactId
from relnet.errors import NotFoundError, ValidationError
from relnet.model import Community, Contact, Interaction, Settings
from relnet.network import PATH_LIMIT, intro_paths, link_strength
from relnet.policy import tie_strength
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, UTC, build, meeting, note


def network() -> InMemoryStore:
    """You know Ada well and Bo a little; both know Cy, whom you want to meet.

    Dee knows Cy best but asked not to be contacted; Eve (archived) knows Cy too. Fay
    knows Ada but not Cy.
    """
    return build(
        [
            Contact("Ada", id="ada", circle="close"),
            Contact("Bo", id="bo", circle="network", organization="Acme"),
            Contact("Cy", id="cy", stage="target", organization="ACME"),
            Contact("Dee", id="dee", circle="inner", status="do_not_contact"),
            Contact("Eve", id="eve", circle="inner", status="archived"),
            Contact("Fay", id="fay", circle="active"),
        ],
        [
            *(meeting(["ada"], days) for days in (3, 20, 40)),
            meeting(["bo"], 300),
            note(["ada", "cy"], 10, summary="Ada and Cy run a reading group"),
            note(["bo", "cy"], 200),
            *(meeting(["dee"], d) for d in (1, 2, 3)),
            *(note(["dee", "cy"], d) for d in (1, 2, 3)),
            *(meeting(["eve"], d) for d in (1, 2)),
            *(note(["eve", "cy"], d) for d in (1, 2, 3)),
            meeting(["fay", "ada"], 5),
        ],
    )


def tie(store: InMemoryStore, contact: str) -> float:
    cid = ContactId(contact)
    summary = store.touch_summaries(now=NOW, contacts=[cid])[cid]
    return tie_strength(store.get_contact(cid), summary, now=NOW, settings=UTC)


def test_the_best_path_goes_through_the_strongest_tie() -> None:
    store = network()
    paths = intro_paths(store, ContactId("cy"), now=NOW)
    best = paths[0]
    assert best.via == ("ada",)
    assert best.ask == "ada"
    assert best.hops == 1
    expected = tie(store, "ada") * link_strength([10.0])
    assert best.score == pytest.approx(expected)
    assert [p.via for p in paths[:2]] == [("ada",), ("bo",)]
    bo = link_strength([200.0], same_organization=True)
    assert paths[1].score == pytest.approx(tie(store, "bo") * bo)


def test_paths_come_best_first_and_explain_each_link() -> None:
    paths = intro_paths(network(), ContactId("cy"), now=NOW)
    scores = [p.score for p in paths]
    assert scores == sorted(scores, reverse=True)
    best = paths[0]
    assert best.route == "you → Ada → Cy"
    assert best.explanation.startswith("Ask Ada to introduce you to Cy (score ")
    first, second = best.links
    assert first.source is None
    assert first.target == "ada"
    assert first.explanation.startswith("You know Ada: tie strength ")
    assert "last touch on 2026-02-26" in first.explanation
    assert second.source == "ada"
    assert second.target == "cy"
    assert str(second) == ("Ada knows Cy: both are named in 1 note, the latest on 2026-02-19")
    assert math.prod(link.strength for link in best.links) == pytest.approx(best.score)


def test_paths_never_pass_through_do_not_contact_or_archived_people() -> None:
    paths = intro_paths(network(), ContactId("cy"), now=NOW, max_hops=3)
    assert paths
    for path in paths:
        assert "dee" not in path.via
        assert "eve" not in path.via


def test_max_hops_counts_the_people_in_between() -> None:
    store = network()
    assert intro_paths(store, ContactId("cy"), now=NOW, max_hops=0) == []  # you do not know Cy
    one = intro_paths(store, ContactId("cy"), now=NOW, max_hops=1)
    assert {p.via for p in one} == {("ada",), ("bo",)}
    two = intro_paths(store, ContactId("cy"), now=NOW, max_hops=2)
    assert ("fay", "ada") in {p.via for p in two}
    assert all(len(p.via) <= 2 for p in two)
    fay = next(p for p in two if p.via == ("fay", "ada"))
    assert fay.explanation.startswith("Ask Fay to introduce you to Cy through Ada (score ")
    assert fay.route == "you → Fay → Ada → Cy"


def test_a_direct_tie_is_a_path_with_nobody_in_between() -> None:
    store = network()
    store.add_interaction(meeting(["cy"], 1))
    paths = intro_paths(store, ContactId("cy"), now=NOW, max_hops=0)
    assert len(paths) == 1
    direct = paths[0]
    assert direct.via == ()
    assert direct.ask == "cy"
    assert direct.hops == 0
    assert direct.score == pytest.approx(tie(store, "cy"))
    assert direct.explanation.startswith("Reach out to Cy directly (score ")


def test_a_contact_known_by_stage_is_a_direct_tie_without_touches() -> None:
    store = build([Contact("Cy", id="cy", stage="connected")])
    (path,) = intro_paths(store, ContactId("cy"), now=NOW)
    assert path.via == ()
    assert "no touch logged yet (stage connected)" in path.explanation


def test_first_hops_must_be_people_you_know() -> None:
    store = build(
        [Contact("Ann", id="ann", stage="target"), Contact("Cy", id="cy", stage="target")],
        [note(["ann", "cy"], 1)],
    )
    assert intro_paths(store, ContactId("cy"), now=NOW) == []


def test_the_target_never_stands_between() -> None:
    store = network()
    for path in intro_paths(store, ContactId("ada"), now=NOW, max_hops=3):
        assert "ada" not in path.via
        assert path.target == "ada"
        assert len(set(path.via)) == len(path.via)


def test_an_archived_or_do_not_contact_target_has_no_paths() -> None:
    store = network()
    assert intro_paths(store, ContactId("dee"), now=NOW) == []
    assert intro_paths(store, ContactId("eve"), now=NOW) == []


def test_equal_scores_are_ordered_by_ids() -> None:
    twins = [Contact(name, id=name.lower(), circle="close") for name in ("Zed", "Amy")]
    store = build(
        [*twins, Contact("Cy", id="cy", stage="target")],
        [
            meeting(["zed"], 5),
            meeting(["amy"], 5),
            note(["zed", "cy"], 5),
            note(["amy", "cy"], 5),
        ],
    )
    paths = intro_paths(store, ContactId("cy"), now=NOW, max_hops=1)
    assert paths[0].score == paths[1].score
    assert [p.via for p in paths] == [("amy",), ("zed",)]


def test_at_most_path_limit_paths_come_back_the_best_ones() -> None:
    people = [Contact(f"P{n:02}", id=f"p{n:02}", communities={"club"}) for n in range(30)]
    interactions: list[Interaction] = [meeting([f"p{n:02}"], 1 + n) for n in range(30)]
    store = build(
        [*people, Contact("Cy", id="cy", stage="target", communities={"club"})],
        interactions,
        communities=[Community("Club", id="club")],
    )
    paths = intro_paths(store, ContactId("cy"), now=NOW, max_hops=1)
    assert len(paths) == PATH_LIMIT
    # Every tie and link is alike: equal scores come in id order.
    assert [p.via[0] for p in paths[:3]] == ["p00", "p01", "p02"]
    wider = intro_paths(store, ContactId("cy"), now=NOW, max_hops=2)
    assert len(wider) == PATH_LIMIT
    assert [p.via for p in wider[: len(paths)]] == [p.via for p in paths]


def test_future_interactions_do_not_link_people_yet() -> None:
    store = build(
        [Contact("Ada", id="ada", circle="close"), Contact("Cy", id="cy", stage="target")],
        [meeting(["ada"], 1), Interaction(["ada", "cy"], NOW.add(days=3), "meeting")],
    )
    assert intro_paths(store, ContactId("cy"), now=NOW) == []
    later = intro_paths(store, ContactId("cy"), now=NOW.add(days=4))
    assert later[0].via == ()  # by then you have met Cy yourself


def test_bad_arguments_raise_relnet_errors() -> None:
    store = network()
    with pytest.raises(NotFoundError):
        intro_paths(store, ContactId("nobody"), now=NOW)
    with pytest.raises(ValidationError) as error:
        intro_paths(store, ContactId("cy"), now=NOW, max_hops=-1)
    assert error.value.field == "max_hops"
    with pytest.raises(ValidationError) as error:
        intro_paths(store, ContactId("cy"), now=NOW.naive())
    assert error.value.field == "now"


def test_records_and_frames() -> None:
    best = intro_paths(network(), ContactId("cy"), now=NOW)[0]
    record = best.to_record()
    assert record["via"] == ["ada"]
    assert record["hops"] == 1
    assert record["route"] == "you → Ada → Cy"
    rows = best.to_records()
    assert [r["step"] for r in rows] == [1, 2]
    assert rows[0]["source"] is None
    assert rows[1]["target"] == "cy"
    assert list(best.to_frame()["strength"]) == [link.strength for link in best.links]


def test_summary_free_store_gives_the_same_paths() -> None:
    """A store without native summaries is folded from its history: same answer."""

    class Plain:
        def __init__(self, inner: InMemoryStore) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            if name == "touch_summaries":
                raise AttributeError(name)
            return getattr(self._inner, name)

    store = network()
    plain = Plain(store)
    cy = ContactId("cy")
    assert intro_paths(plain, cy, now=NOW) == intro_paths(store, cy, now=NOW)


def test_settings_zone_moves_the_dates_in_explanations() -> None:
    store = network()
    store.set_settings(Settings(timezone="Pacific/Kiritimati"))  # UTC+14
    best = intro_paths(store, ContactId("cy"), now=NOW)[0]
    assert "the latest on 2026-02-20" in best.links[1].explanation


def test_colleagues_are_ranked_at_their_true_strength() -> None:
    """Only the best path is kept: Xi (a colleague of Cy, 0.15) beats Yu (an old note
    with Cy, about 0.13), although Yu's link is direct evidence and Xi's a group's."""
    store = build(
        [
            Contact("Xi", id="xi", circle="close", organization="Acme"),
            Contact("Yu", id="yu", circle="close"),
            Contact("Cy", id="cy", stage="target", organization="Acme"),
        ],
        [meeting(["xi"], 1), meeting(["yu"], 1), note(["yu", "cy"], 150)],
    )
    everything = intro_paths(store, ContactId("cy"), now=NOW, max_hops=1)
    assert [p.via for p in everything] == [("xi",), ("yu",)]
    with mock.patch.object(paths_module, "PATH_LIMIT", 1):
        (best,) = intro_paths(store, ContactId("cy"), now=NOW, max_hops=1)
    assert best.via == ("xi",)
