"""Picking contacts out of an id-ordered listing (``relnet.policy._listing.among``)
gives what a pass over the whole listing gives, by either path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relnet import Contact, ContactId
from relnet.policy._listing import among

_IDS = st.text(alphabet="ab\u00e9\U0001f600Z0", min_size=1, max_size=4)


@given(st.lists(_IDS, unique=True, max_size=300), st.sets(_IDS, max_size=40))
def test_among_equals_a_pass_over_the_listing(ids: list[str], wanted: set[str]) -> None:
    """Listings of every size (so both the searches and the pass are taken), wanted ids
    in and out of the listing, ids whose code points sort apart from their UTF-16."""
    listing = [Contact(f"Person {i}", id=i) for i in sorted(ids)]
    chosen = {ContactId(w) for w in wanted}
    expected = [c for c in listing if c.id in chosen]
    assert among(listing, chosen) == expected
    assert among(listing, frozenset(chosen)) == expected
    assert among(listing, sorted(chosen)) == expected


def test_a_few_among_many_are_found_by_search() -> None:
    """A large listing and two wanted ids (the search path), one of them absent."""
    listing = [Contact(f"Person {n}", id=f"p{n:05d}") for n in range(5000)]
    found = among(listing, {ContactId("p04999"), ContactId("p00000"), ContactId("q")})
    assert [c.id for c in found] == ["p00000", "p04999"]
