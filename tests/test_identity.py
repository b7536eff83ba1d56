"""relnet.identity: the matcher every import shares, dedupe and merging."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.identity import (
    DuplicateGroup,
    combine,
    find_duplicates,
    match,
    merge_contacts,
    names_compatible,
    profile_key,
    source_key,
    stable_id,
)
from relnet.interop import merge_into
from relnet.model import Contact
from relnet.storage import InMemoryStore


def _partition(groups: list[list[int]] | list[tuple[int, ...]]) -> set[frozenset[int]]:
    return {frozenset(group) for group in groups}


def test_emails_match_whatever_their_case() -> None:
    rows = [
        Contact("Ada", emails=("Ada@Example.org",)),
        Contact("A. L.", emails=("ada@example.ORG",)),
    ]
    (group,) = match(rows, [])
    assert group.candidates == (0, 1)
    assert group.evidence == ("email ada@example.org",)


def test_profile_urls_match_with_or_without_percent_escapes() -> None:
    escaped = "https://www.linkedin.com/in/marko-kova%C4%8Devi%C4%87/"
    written = "http://linkedin.com/in/Marko-Kovačević"
    assert profile_key(escaped) == profile_key(written)
    rows = [Contact("Marko", urls=(escaped,)), Contact("Marko K.", urls=(written,))]
    assert len(match(rows, [])) == 1


def test_a_phone_number_alone_never_joins_two_people() -> None:
    rows = [
        Contact("John Smith", phones=("+1 202 555 0100",)),
        Contact("Jane Smith", phones=("(202) 555-0100",)),
    ]
    assert [g.candidates for g in match(rows, [])] == [(0,), (1,)]


def test_a_phone_number_joins_people_with_compatible_names() -> None:
    rows = [
        Contact("Dr. John Smith", phones=("+1 202 555 0100",)),
        Contact("john smith", phones=("(202) 555-0100",)),
        Contact("+1 202 555 0100", phones=("+1 202 555 0100",)),  # named by its number
    ]
    (group,) = match(rows, [])
    assert group.candidates == (0, 1, 2)


def test_a_number_more_than_two_people_carry_is_not_evidence() -> None:
    junk = "+919567251539 ::: 91956711"
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Joan Clarke", "Tommy Flowers"]
    rows = [Contact(name, phones=(junk,)) for name in names]
    rows.append(Contact("Alan Turing", phones=(junk,)))
    groups = match(rows, [])
    assert len(groups) == 6
    stored = [Contact(name, id=f"s{n}", phones=(junk,)) for n, name in enumerate(names)]
    assert all(group.existing == () for group in match(rows[:1], stored))


def test_merging_is_closed_whatever_the_row_order() -> None:
    a = Contact("Ann Lee", emails=("ann@example.org",))
    b = Contact("Ann", urls=("https://linkedin.com/in/annlee",))
    c = Contact("A. Lee", emails=("ANN@example.org",), urls=("linkedin.com/in/AnnLee",))
    for rows in ([a, b, c], [c, b, a], [b, a, c]):
        assert len(match(rows, [])) == 1


def test_candidates_are_matched_with_the_stored_contacts() -> None:
    stored = [Contact("Ada", id="ada", emails=("ada@example.org",)), Contact("Bob", id="bob")]
    rows = [Contact("Ada L.", emails=("ADA@example.org",)), Contact("Cy")]
    groups = match(rows, stored)
    assert [(g.candidates, g.existing) for g in groups] == [((0,), ("ada",)), ((1,), ())]


def test_source_keys_and_stable_ids_depend_only_on_the_row() -> None:
    key = source_key("linkedin", "Ada  Lovelace", "Engines", "2024-03-15")
    assert key == source_key("linkedin", "ada lovelace", "ENGINES", "2024-03-15")
    assert key != source_key("google", "Ada Lovelace", "Engines", "2024-03-15")
    assert stable_id(key) == stable_id(key)
    assert len(stable_id(key)) == 16


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("Ada Lovelace", "ada lovelace", True),
        ("Ada", "Ada King Lovelace", True),
        ("Mr. John Doe Jr.", "John Doe", True),
        ("John Smith", "Jane Smith", False),
        ("Ada Lovelace", "+44 20 7946 0000", True),
    ],
)
def test_names_compatible(first: str, second: str, compatible: bool) -> None:
    assert names_compatible(first, second) is compatible
    assert names_compatible(second, first) is compatible


def test_combining_keeps_the_absorbed_names_and_is_idempotent() -> None:
    kept = Contact("Ada Lovelace", id="ada", emails=("ada@example.org",), sources={"x:1"})
    absorbed = Contact(
        "Ada King", aliases=("A. A. Lovelace",), sources={"y:2"}, phones=("1234567",)
    )
    once = combine(kept, absorbed)
    assert once.aliases == ("Ada King", "A. A. Lovelace")
    assert once.sources == {"x:1", "y:2"}
    assert combine(once, absorbed) == once
    assert combine(kept, kept) == kept


def test_find_duplicates_ranks_by_confidence() -> None:
    store = InMemoryStore()
    for contact in (
        Contact("Ada Lovelace", id="a1", emails=("ada@example.org",)),
        Contact("Ada L.", id="a2", emails=("ada@example.org",)),
        Contact("Bob Dylan", id="b1", phones=("+1 202 555 0100",)),
        Contact("Bob", id="b2", phones=("202 555 0100",)),
        Contact("Cy Twombly", id="c1"),
        Contact("cy  twombly", id="c2"),
        Contact("Dee", id="d1"),
    ):
        store.add_contact(contact)
    groups = find_duplicates(store)
    assert [([c.id for c in g.contacts], g.confidence) for g in groups] == [
        (["a1", "a2"], 1.0),
        (["b1", "b2"], 0.8),
        (["c1", "c2"], 0.5),
    ]
    assert isinstance(groups[0], DuplicateGroup)
    assert groups[1].evidence == ("phone 025550100 and name",)


# -- properties ------------------------------------------------------------------------

_NAMES = st.sampled_from(["Ada Lovelace", "Ada", "Alan Turing", "Grace Hopper", "Bob", "Ann Lee"])
_EMAILS = st.sampled_from(["ada@example.org", "ADA@example.org", "alan@example.org", "g@x.org"])
_PHONES = st.sampled_from(["1111111", "2222222", "+1 202 555 0100", "3333333"])
_URLS = st.sampled_from(["https://linkedin.com/in/ada", "linkedin.com/in/ADA/", "x.com/alan"])


@st.composite
def _contacts(draw: st.DrawFn) -> Contact:
    return Contact(
        draw(_NAMES),
        emails=draw(st.lists(_EMAILS, max_size=2)),
        phones=draw(st.lists(_PHONES, max_size=2)),
        urls=draw(st.lists(_URLS, max_size=1)),
        sources={f"test:{draw(st.integers(0, 50))}"},
        name_parts=draw(
            st.sampled_from([(), ("Lovelace", "Ada", "", "", ""), ("", "Bob", "", "", "")])
        ),
    )


def _people(contacts: Sequence[Contact]) -> set[frozenset[str]]:
    """Each person as the set of source keys joined into them."""
    return {frozenset(c.sources) for c in contacts}


@settings(max_examples=60)
@given(rows=st.lists(_contacts(), max_size=12), seed=st.randoms())
def test_matching_does_not_depend_on_the_order(rows: list[Contact], seed: object) -> None:
    order = list(range(len(rows)))
    seed.shuffle(order)  # type: ignore[attr-defined]
    shuffled = [rows[i] for i in order]
    first = {frozenset(rows[p].id for p in g.candidates) for g in match(rows, [])}
    second = {frozenset(shuffled[p].id for p in g.candidates) for g in match(shuffled, [])}
    assert first == second


@settings(max_examples=60)
@given(rows=st.lists(_contacts(), max_size=10), seed=st.randoms())
def test_merging_into_a_store_is_idempotent_and_order_independent(
    rows: list[Contact], seed: object
) -> None:
    one, two = InMemoryStore(), InMemoryStore()
    merge_into(one, rows)
    shuffled = list(rows)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    merge_into(two, shuffled)
    assert _people(one.contacts()) == _people(two.contacts())
    before = one.contacts()
    report = merge_into(one, rows)
    assert report.added == report.merged == ()
    assert one.contacts() == before


@settings(max_examples=60)
@given(rows=st.lists(_contacts(), min_size=2, max_size=8))
def test_merge_contacts_gives_one_person_with_every_key(rows: list[Contact]) -> None:
    store = InMemoryStore()
    ids = [store.add_contact(attrs.evolve(row, id=f"c{n}")).id for n, row in enumerate(rows)]
    merged = merge_contacts(store, ids[0], *ids[1:])
    assert [c.id for c in store.contacts()] == [ids[0]]
    assert merged.sources == frozenset().union(*(row.sources for row in rows))
    assert {e.casefold() for e in merged.emails} == {e.casefold() for r in rows for e in r.emails}
    names = {merged.name, *merged.aliases}
    assert all(
        any(" ".join(r.name.split()).casefold() == n.casefold() for n in names) for r in rows
    )


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Contact, Contact]:
    kept = draw(_contacts())
    other = draw(_contacts())
    if draw(st.booleans()):  # often a subset of kept, as when a file is imported again
        other = attrs.evolve(
            kept,
            id=other.id,
            emails=kept.emails[: draw(st.integers(0, 2))],
            name=draw(st.sampled_from([kept.name, kept.name.upper(), "+1 555 0100", "Ann"])),
            notes=draw(st.sampled_from(["", kept.notes, "new"])),
            tags=draw(st.sampled_from([frozenset(), kept.tags, frozenset({"x"})])),
        )
    return kept, other


@settings(max_examples=300)
@given(pair=_pairs())
def test_the_quick_test_of_combine_answers_what_the_union_would(
    pair: tuple[Contact, Contact],
) -> None:
    from relnet.identity.combining import _united

    kept, other = pair
    assert combine(kept, other) == _united(kept, other)


# -- the quick paths of find_duplicates and match, against their plain forms -------------


@settings(max_examples=500)
@given(
    phone=st.one_of(
        st.text(max_size=20),
        st.text(st.sampled_from("0123456789 +-()٣۴x"), max_size=20),
    )
)
def test_the_quick_phone_key_is_phone_key(phone: str) -> None:
    from relnet.identity.keys import _phone_tail, phone_key

    assert _phone_tail(phone) == phone_key(phone)


@settings(max_examples=500)
@given(name=st.one_of(st.text(max_size=20), st.text(st.sampled_from("Ad r.J_1 ﬁé\t"), max_size=20)))
def test_the_quick_name_words_are_the_plain_ones(name: str) -> None:
    import unicodedata

    from relnet.identity.keys import _TITLES, _WORD, _name_words

    folded = unicodedata.normalize("NFKC", name).casefold()
    plain = frozenset(w for w in _WORD.findall(folded) if w not in _TITLES and not w.isdigit())
    assert _name_words(name) == plain


@settings(max_examples=200)
@given(size=st.integers(1, 30), pairs=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29))))
def test_every_root_at_once_is_each_item_s_find(size: int, pairs: list[tuple[int, int]]) -> None:
    from relnet.identity.matching import _Sets

    sets = _Sets(size)
    for first, second in pairs:
        if first < size and second < size:
            sets.union(first, second)
    assert sets.roots() == [sets.find(item) for item in range(size)]


@settings(max_examples=100)
@given(rows=st.lists(_contacts(), max_size=12))
def test_strong_joins_are_the_joins_of_strong_keys(rows: list[Contact]) -> None:
    """The written-out key loop joins exactly the records sharing a :func:`strong_keys`."""
    from collections import defaultdict

    from relnet.identity import strong_keys
    from relnet.identity.matching import _join_strong, _Sets

    quick = _Sets(len(rows))
    _join_strong(rows, quick, defaultdict(list))
    plain = _Sets(len(rows))
    owner: dict[str, int] = {}
    for position, row in enumerate(rows):
        for key in strong_keys(row):
            plain.union(owner.setdefault(key, position), position)
    assert quick.roots() == plain.roots()


def test_combining_takes_a_structured_name_only_for_the_same_name() -> None:
    parts = ("van Beethoven", "Ludwig", "", "", "")
    kept = Contact("Ludwig van Beethoven", id="lvb")
    same = Contact("ludwig  van beethoven", name_parts=parts)
    other = Contact("L. v. B.", name_parts=("B.", "L.", "v.", "", ""))
    assert combine(kept, same).name_parts == parts
    assert combine(kept, other).name_parts == ()
    once = combine(kept, same)
    assert combine(once, same) == once
    assert combine(attrs.evolve(kept, name_parts=("Beethoven", "Ludwig", "van", "", "")), same) == (
        attrs.evolve(kept, name_parts=("Beethoven", "Ludwig", "van", "", ""))
    )
