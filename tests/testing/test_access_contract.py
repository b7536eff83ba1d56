"""Bounded access: the engine reads what its items are about in one call per run, the
results equal those of the plain per-item lookups, and the contract's check fails,
naming the call, on an engine that looks items up one by one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet.errors import NotFoundError
from relnet.model import ContactId, Interaction
from relnet.model.instants import EPOCH
from relnet.policy import Engine
from relnet.policy import engine as engine_module
from relnet.policy._abouts import Abouts, about_key, find
from relnet.policy.picks import Scored
from relnet.storage import InMemoryStore, Store, SummarySieve, SummarySource
from relnet.synth import network
from relnet.testing.contract.access import (
    CallCounter,
    access_counts,
    check_bounded_access,
    default_operations,
    grown_calls,
)
from relnet.testing.reference import ReferenceStore
from tests.policy.views import every_view


class PerItemAbouts(Abouts):
    """The plain path, as the engine read items before: one ``interactions`` call per
    item and one ``get_contact`` per introducer."""

    @classmethod
    def read(cls, store: Store, items: Iterable[Scored]) -> Abouts:
        found: dict[tuple[ContactId, object, int], Interaction | None] = {}
        names: dict[ContactId, str] = {}
        for item in items:
            key = about_key(item)
            if key is None:
                continue
            contact, reason, at = key
            moment = EPOCH + dt.timedelta(microseconds=at)
            listed = store.interactions(
                contact=contact, since=moment, until=moment + dt.timedelta(microseconds=1)
            )
            about = find(listed, contact, reason, at)
            found[key] = about
            if about is not None and about.introduced_by is not None:
                with contextlib.suppress(NotFoundError):
                    names[about.introduced_by] = store.get_contact(about.introduced_by).name
        return Abouts(found, names)  # type: ignore[arg-type]


@pytest.fixture
def per_item(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "Abouts", PerItemAbouts)


START = pendulum.datetime(2025, 1, 1, tz="Europe/London")
END = pendulum.datetime(2026, 1, 1, tz="Europe/London")


def test_the_check_fails_naming_the_call_on_an_engine_that_reads_items_one_by_one(
    per_item: None,
) -> None:
    with pytest.raises(AssertionError) as failed:
        check_bounded_access(InMemoryStore)
    message = str(failed.value)
    assert "follow_ups: store.interactions was called" in message
    assert "explain: store.interactions was called" in message


def test_the_check_fails_on_an_index_less_store_too(per_item: None) -> None:
    with pytest.raises(AssertionError, match=r"agenda: store\.interactions was called"):
        check_bounded_access(ReferenceStore, {"agenda": default_operations()["agenda"]})


def test_the_check_passes_with_the_engine_as_shipped() -> None:
    check_bounded_access(ReferenceStore)


def test_one_call_looks_up_every_item() -> None:
    # A store that looks interactions up by instant: two interactions calls (the
    # meetings of the next days, the touches after the dismissed messages) and one
    # interactions_at call (what items are about).
    counts = access_counts(InMemoryStore(), (60, 600), default_operations())
    for operation in ("agenda", "follow_ups"):
        assert counts[operation]["interactions"] == 2
        assert counts[operation]["interactions_at"] == 1
    assert "get_contact" not in counts["follow_ups"]
    # Without it: one interactions call over the window of what the items are about.
    plain = access_counts(ReferenceStore(), (60, 600), default_operations())
    for operation in ("agenda", "follow_ups"):
        assert plain[operation]["interactions"] == 3
    # The exports read the settings, and nothing per item.
    assert dict(plain["ical export"]) == {"get_settings": 1}
    assert dict(plain["csv export"]) == {}


def test_grown_calls_names_the_operation_the_method_and_both_counts() -> None:
    lines = grown_calls(
        {"agenda": {"interactions": 2, "contacts": 1}},
        {"agenda": {"interactions": 7, "contacts": 1, "goals": 1}},
        ((10, 100), (30, 300)),
    )
    assert lines == [
        "agenda: store.goals was called 0 times on 10 contacts and 100 interactions, "
        "1 times on 30 contacts and 300 interactions",
        "agenda: store.interactions was called 2 times on 10 contacts and 100 interactions, "
        "7 times on 30 contacts and 300 interactions",
    ]
    assert grown_calls({"agenda": {"interactions": 3}}, {"agenda": {"interactions": 2}}) == []


def test_the_counting_proxy_has_the_abilities_of_the_store_it_wraps() -> None:
    memory = CallCounter(InMemoryStore())
    reference = CallCounter(ReferenceStore())
    assert isinstance(memory, SummarySieve)
    assert isinstance(memory, SummarySource)
    assert isinstance(reference, SummarySource)
    assert not isinstance(reference, SummarySieve)
    memory.contacts()
    memory.contacts(tag="x")
    assert memory.calls == {"contacts": 2}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 10_000),
    contacts=st.integers(5, 80),
    per_contact=st.integers(2, 15),
    days=st.integers(-60, 10),
    dismiss_every=st.sampled_from([0, 2, 5]),
    reference=st.booleans(),
)
def test_results_equal_those_of_the_per_item_lookups(
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    contacts: int,
    per_contact: int,
    days: int,
    dismiss_every: int,
    reference: bool,
) -> None:
    net = network(contacts, contacts * per_contact, seed=seed, start=START, end=END)
    store: Store
    if reference:
        store = ReferenceStore()
        net.load_into(store)
    else:
        store = net.to_store()
    now = END.add(days=days)
    if dismiss_every:
        for item in Engine().follow_ups(store, now=END).items[::dismiss_every]:
            Engine().dismiss(store, item.contact, now=END, reason=item.reason)
    people = [c.id for c in net.contacts[::7]]
    batched = every_view(store, now, people)
    with monkeypatch.context() as patch:
        patch.setattr(engine_module, "Abouts", PerItemAbouts)
        plain = every_view(store, now, people)
    assert batched == plain
