"""WHO resolution: exact id, then exact name (any case), then a unique part of a name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Commitment, Contact, Goal, InMemoryStore, Settings
from relnet.cli._session import CliError
from relnet.cli._who import resolve_commitment, resolve_contact, resolve_contacts, resolve_goal


def store_of(*names: str) -> InMemoryStore:
    store = InMemoryStore(Settings(timezone="UTC"))
    for index, name in enumerate(names):
        store.add_contact(Contact(name, id=f"c{index}"))
    return store


def test_the_exact_id_wins_over_names() -> None:
    store = store_of("c1", "Ada Lovelace")  # someone named like another's id
    assert resolve_contact(store, "c1").name == "Ada Lovelace"


def test_exact_names_ignore_case_and_spaces_around() -> None:
    store = store_of("Ada Lovelace", "Ada Lovelace-Byron")
    assert resolve_contact(store, "  ada LOVELACE ").id == "c0"


def test_a_unique_part_of_a_name() -> None:
    store = store_of("Ada Lovelace", "Grace Hopper")
    assert resolve_contact(store, "hopp").id == "c1"


def test_ambiguity_lists_the_candidates() -> None:
    store = store_of("Ada Lovelace", "Ada Yonath", "Grace Hopper")
    with pytest.raises(CliError) as caught:
        resolve_contact(store, "ada")
    message = caught.value.format_message()
    assert "Ada Lovelace (c0)" in message
    assert "Ada Yonath (c1)" in message
    assert "Grace" not in message
    assert caught.value.exit_code == 2


def test_many_candidates_are_summarised() -> None:
    store = store_of(*(f"Sam {n}" for n in range(12)))
    with pytest.raises(CliError, match="and 4 more"):
        resolve_contact(store, "sam")


def test_nothing_found_suggests_close_names() -> None:
    store = store_of("Ada Lovelace", "Grace Hopper")
    with pytest.raises(CliError, match=r"did you mean Grace Hopper \(c1\)"):
        resolve_contact(store, "Grace Hoper")
    with pytest.raises(CliError, match=r"no contact matches 'xyz'$"):
        resolve_contact(store, "xyz")


def test_an_empty_who() -> None:
    with pytest.raises(CliError, match="empty"):
        resolve_contact(store_of("Ada"), "  ")


def test_several_whos_in_order_without_repeats() -> None:
    store = store_of("Ada Lovelace", "Grace Hopper")
    found = resolve_contacts(store, ["grace", "c0", "Grace Hopper"])
    assert [c.id for c in found] == ["c1", "c0"]


def test_commitments_by_id_or_unique_prefix() -> None:
    store = store_of("Ada")
    import pendulum

    for ident in ("abc123", "abd456"):
        store.add_commitment(Commitment("c0", "paper", pendulum.date(2026, 3, 1), id=ident))
    assert resolve_commitment(store, "abc").id == "abc123"
    with pytest.raises(CliError, match="matches 2 promises"):
        resolve_commitment(store, "ab")
    with pytest.raises(CliError, match="no promise matches"):
        resolve_commitment(store, "zz")


def test_goals_by_id_prefix_or_title() -> None:
    store = store_of("Ada")
    store.add_goal(Goal("Find a mentor", id="g-mentor"))
    store.add_goal(Goal("Find a job", id="g-job"))
    assert resolve_goal(store, "g-job").title == "Find a job"
    assert resolve_goal(store, "mentor").id == "g-mentor"
    with pytest.raises(CliError, match="matches 2 goals"):
        resolve_goal(store, "find")
    with pytest.raises(CliError, match="no goal matches"):
        resolve_goal(store, "travel")


names = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


@given(st.lists(names, min_size=1, max_size=6))
def test_every_contact_is_found_by_id_and_unique_names_by_name(people: list[str]) -> None:
    store = store_of(*people)
    ids = {c.id for c in store.contacts()}
    for contact in store.contacts():
        assert resolve_contact(store, contact.id) == contact
        key = contact.name.strip().casefold()
        same = [c for c in store.contacts() if c.name.casefold() == key]
        if len(same) == 1 and contact.name not in ids:
            assert resolve_contact(store, contact.name) == contact
