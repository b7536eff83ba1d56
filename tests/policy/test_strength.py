"""Tie strength: known scores on hand-built histories, and its monotonic properties."""

from __future__ import annotations

import doctest
import math
from collections.abc import Sequence
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import relnet.policy.strength as strength_module
from relnet.errors import ValidationError
from relnet.model import (
    Cadence,
    Circle,
    Contact,
    ContactId,
    ContactStatus,
    Interaction,
    Settings,
    TouchSummary,
    epoch_us,
)
from relnet.policy import StrengthWeights, strengths, tie_strength
from relnet.storage import InMemoryStore, SummarySource

UTC = Settings(timezone="UTC")
NOW = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
DAY = 86_400_000_000


def us(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, tz: str = "UTC") -> int:
    return epoch_us(pendulum.datetime(year, month, day, hour, minute, tz=tz))


def once(at: int, **kwargs: Any) -> TouchSummary:
    return TouchSummary(ContactId("x"), touches=1, first_touch=at, last_touch=at, **kwargs)


def score(contact: Contact, summary: TouchSummary, **kwargs: Any) -> float:
    return tie_strength(contact, summary, now=kwargs.pop("now", NOW), settings=UTC, **kwargs)


def test_docstring_examples_run() -> None:
    assert doctest.testmod(strength_module).failed == 0


def test_a_stranger_scores_only_their_circle() -> None:
    never = TouchSummary(ContactId("x"))
    assert score(Contact("X", id="x"), never) == pytest.approx(0.25 * 0.4)
    assert score(Contact("X", id="x", circle="inner"), never) == pytest.approx(0.25)
    assert score(Contact("X", id="x", circle="acquaintance"), never) == pytest.approx(0.05)


def test_a_close_contact_met_nine_days_ago() -> None:
    frequency = 0.75 * math.log(2) / math.log(53) + 0.25 * math.log(2) / math.log(101)
    expected = 0.35 * 1.0 + 0.25 * frequency + 0.25 * 0.8
    got = score(Contact("X", id="x", circle="close"), once(us(2026, 2, 20)))
    assert got == pytest.approx(expected)
    assert round(got, 3) == 0.592


def test_recency_falls_with_log2_of_cycles_and_reaches_zero_at_eight() -> None:
    contact = Contact("X", id="x", cadence=Cadence.days(10), circle="acquaintance")
    base = 0.25 * 0.2

    def recency_part(days_ago: int) -> float:
        at = epoch_us(NOW) - days_ago * DAY
        freq = 0.75 * math.log(2) / math.log(53) + 0.25 * math.log(2) / math.log(101)
        return (score(contact, once(at)) - base - 0.25 * freq) / 0.35

    assert recency_part(10) == pytest.approx(1.0)
    assert recency_part(20) == pytest.approx(1 - 1 / 3)
    assert recency_part(40) == pytest.approx(1 - 2 / 3)
    assert recency_part(80) == pytest.approx(0.0, abs=1e-12)


def test_recency_counts_days_in_the_owner_zone() -> None:
    # 23:30 UTC on 19 Feb is already 20 Feb in Tokyo; "now" is 1 March in both zones.
    at = us(2026, 2, 19, 23, 30)
    contact = Contact("X", id="x", cadence=Cadence.days(9))
    tokyo = tie_strength(contact, once(at), now=NOW, settings=Settings("Asia/Tokyo"))
    utc = tie_strength(contact, once(at), now=NOW, settings=UTC)
    assert tokyo > utc  # 9 days ago in Tokyo (within the cycle), 10 in UTC
    assert tokyo == pytest.approx(score(contact, once(us(2026, 2, 20))))


def test_frequency_counts_the_last_year_and_the_lifetime() -> None:
    contact = Contact("X", id="x", circle="acquaintance")
    old = TouchSummary(
        ContactId("x"), touches=100, first_touch=us(2010, 1, 1), last_touch=us(2017, 1, 1)
    )
    # Silent for over 8 years (8 cycles of a year: recency 0), nothing in the last year;
    # a hundred touches in all saturate the lifetime part.
    assert score(contact, old) == pytest.approx(0.35 * 0 + 0.25 * 0.25 + 0.25 * 0.2)
    weekly = TouchSummary(
        ContactId("x"), touches=52, first_touch=us(2025, 3, 8), last_touch=us(2026, 2, 28)
    )
    lifetime = 0.25 * math.log(53) / math.log(101)
    assert score(contact, weekly) == pytest.approx(0.35 + 0.25 * (0.75 + lifetime) + 0.05)


def test_balanced_exchange_beats_one_sided() -> None:
    contact = Contact("X", id="x")
    at = us(2026, 2, 20)
    balanced = once(at, gave_at=(at, at), received_at=(at, at))
    taken = once(at, received_at=(at, at, at, at))
    plain = once(at)
    assert score(contact, balanced) > score(contact, taken) > score(contact, plain)
    volume = 1 - 2 ** (-4 / 3)
    assert score(contact, balanced) - score(contact, plain) == pytest.approx(0.15 * volume)
    assert score(contact, taken) - score(contact, plain) == pytest.approx(0.15 * volume / 2)


def test_custom_weights_are_normalised() -> None:
    contact = Contact("X", id="x", circle="inner")
    only_circle = StrengthWeights(recency=0, frequency=0, reciprocity=0, circle=2)
    assert score(contact, TouchSummary(ContactId("x")), weights=only_circle) == 1.0
    doubled = StrengthWeights(recency=0.7, frequency=0.5, reciprocity=0.3, circle=0.5)
    summary = once(us(2026, 1, 1))
    assert score(contact, summary, weights=doubled) == pytest.approx(score(contact, summary))


@pytest.mark.parametrize(
    ("field", "value"), [("recency", -1), ("circle", math.inf), ("frequency", "high")]
)
def test_bad_weights_are_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        StrengthWeights(**{field: value})
    assert caught.value.field == f"weights.{field}"


def test_all_zero_weights_are_refused() -> None:
    with pytest.raises(ValidationError):
        StrengthWeights(recency=0, frequency=0, reciprocity=0, circle=0)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValidationError):
        tie_strength(Contact("X", id="x"), once(0), now=NOW.naive(), settings=UTC)


class NoSummaries:
    """A store without the optional SummarySource ability."""

    def __init__(self, inner: InMemoryStore) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "touch_summaries":
            raise AttributeError(name)
        return getattr(self._inner, name)


def network() -> InMemoryStore:
    store = InMemoryStore(Settings(timezone="Europe/Paris"))
    for cid, circle, status in [
        ("ada", "inner", "active"),
        ("bob", "close", "archived"),
        ("cy", "network", "do_not_contact"),
        ("dee", "acquaintance", "active"),
    ]:
        store.add_contact(Contact(cid.title(), id=cid, circle=circle, status=status))
    store.add_interaction(
        Interaction(["ada", "bob"], pendulum.datetime(2026, 2, 25, tz="UTC"), "meeting")
    )
    store.add_interaction(
        Interaction(
            ["ada"],
            pendulum.datetime(2026, 1, 5, tz="UTC"),
            "email",
            direction="outbound",
            gave=["advice"],
        )
    )
    store.add_interaction(Interaction(["cy"], pendulum.datetime(2027, 1, 1, tz="UTC"), "call"))
    return store


def test_strengths_scores_every_contact_archived_ones_too() -> None:
    store = network()
    got = strengths(store, now=NOW)
    assert sorted(got) == ["ada", "bob", "cy", "dee"]
    assert got[ContactId("dee")] == pytest.approx(0.05)
    assert got[ContactId("cy")] == pytest.approx(0.1)  # the call is planned, not past
    assert got[ContactId("ada")] > got[ContactId("bob")] > got[ContactId("cy")]
    summaries = store.touch_summaries(now=NOW)
    settings = store.get_settings()
    for contact in store.contacts():
        assert got[contact.id] == tie_strength(
            contact, summaries[contact.id], now=NOW, settings=settings
        )


def test_strengths_folds_the_history_when_the_store_has_no_summaries() -> None:
    store = network()
    plain = NoSummaries(store)
    assert not isinstance(plain, SummarySource)
    assert strengths(plain, now=NOW) == strengths(store, now=NOW)


# -- properties -------------------------------------------------------------------------

instants = st.integers(min_value=us(2000, 1, 1), max_value=us(2030, 1, 1))
cadences = st.none() | st.builds(
    Cadence,
    st.integers(min_value=1, max_value=40),
    st.sampled_from(["day", "week", "month", "year", "business_day"]),
)
contacts = st.builds(
    Contact,
    st.just("X"),
    id=st.just("x"),
    circle=st.sampled_from(list(Circle)),
    cadence=cadences,
    status=st.sampled_from(list(ContactStatus)),
)
zones = st.sampled_from(["UTC", "Europe/Paris", "Pacific/Kiritimati", "America/Los_Angeles"])


def sorted_instants(low: int, high: int, most: int = 6) -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(st.integers(low, high), max_size=most).map(lambda v: tuple(sorted(v)))


@st.composite
def histories(draw: st.DrawFn) -> tuple[int, int, int, Sequence[int], Sequence[int]]:
    """(touches, first, last, gave_at, received_at) of a plausible summary."""
    first = draw(instants)
    last = draw(st.integers(first, us(2030, 1, 1)))
    touches = 1 if first == last else draw(st.integers(2, 500))
    gave = draw(sorted_instants(first, last))
    received = draw(sorted_instants(first, last))
    return touches, first, last, gave, received


@given(contacts, histories(), instants, zones)
def test_strength_is_always_between_zero_and_one(
    contact: Contact,
    history: tuple[int, int, int, Sequence[int], Sequence[int]],
    now_us: int,
    zone: str,
) -> None:
    touches, first, last, gave, received = history
    summary = TouchSummary(
        ContactId("x"),
        touches=touches,
        first_touch=first,
        last_touch=last,
        gave_at=tuple(gave),
        received_at=tuple(received),
    )
    now = pendulum.from_timestamp(now_us / 1e6, tz="UTC")
    value = tie_strength(contact, summary, now=now, settings=Settings(zone))
    assert 0.0 <= value <= 1.0


@given(contacts, histories(), st.integers(0, 4000 * DAY), zones, st.integers(0, 400 * DAY))
def test_a_more_recent_last_touch_never_lowers_strength(
    contact: Contact,
    history: tuple[int, int, int, Sequence[int], Sequence[int]],
    later_by: int,
    zone: str,
    now_after: int,
) -> None:
    touches, first, last, gave, received = history
    later = last + later_by
    now = pendulum.from_timestamp((later + now_after) / 1e6, tz="UTC")
    settings = Settings(zone)

    def at(last_touch: int) -> float:
        summary = TouchSummary(
            ContactId("x"),
            touches=touches,
            first_touch=last_touch if touches == 1 else first,
            last_touch=last_touch,
            gave_at=tuple(gave),
            received_at=tuple(received),
        )
        return tie_strength(contact, summary, now=now, settings=settings)

    assert at(later) >= at(last) - 1e-12


@given(contacts, histories(), st.integers(1, 50))
def test_more_touches_never_lower_strength(
    contact: Contact, history: tuple[int, int, int, Sequence[int], Sequence[int]], extra: int
) -> None:
    touches, first, last, _, _ = history
    if first == last:
        return
    now = pendulum.from_timestamp(last / 1e6 + 86_400, tz="UTC")

    def at(count: int) -> float:
        summary = TouchSummary(ContactId("x"), touches=count, first_touch=first, last_touch=last)
        return tie_strength(contact, summary, now=now, settings=UTC)

    assert at(touches + extra) >= at(touches) - 1e-12


@given(contacts, histories(), instants)
def test_archived_contacts_score_like_active_ones(
    contact: Contact, history: tuple[int, int, int, Sequence[int], Sequence[int]], now_us: int
) -> None:
    touches, first, last, gave, received = history
    summary = TouchSummary(
        ContactId("x"),
        touches=touches,
        first_touch=first,
        last_touch=last,
        gave_at=tuple(gave),
        received_at=tuple(received),
    )
    now = pendulum.from_timestamp(now_us / 1e6, tz="UTC")
    scores = {
        tie_strength(
            Contact("X", id="x", circle=contact.circle, cadence=contact.cadence, status=status),
            summary,
            now=now,
            settings=UTC,
        )
        for status in ContactStatus
    }
    assert len(scores) == 1
