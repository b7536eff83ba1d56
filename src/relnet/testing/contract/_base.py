"""What every part of the store contract shares: the fixtures a store's test class
provides, helpers, and the small networks several tests write."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pendulum
import pytest
from hypothesis import HealthCheck, settings

from relnet.errors import ConflictError
from relnet.model import Channel, Commitment, Contact, ContactId, Goal, Interaction
from relnet.serialization import parse_instant, to_dict
from relnet.storage import Store, SummarySieve, SummarySource
from relnet.testing import strategies as rs
from relnet.testing.reference import ReferenceStore
from relnet.testing.stateful import AbortError

#: Makes a new, empty store.
StoreFactory = Callable[[], Store]
#: Closes a durable store and opens the same data again.
Reopen = Callable[[Store], Store]

ADA, BOB, CY = ContactId("ada"), ContactId("bob"), ContactId("cy")

#: (id, instant): ids and ISO strings both sort differently from the instants.
TRAP = (
    ("z-paris", "2026-03-01T10:00:00.000000+01:00[Europe/Paris]"),  # 09:00Z
    ("y-utc", "2026-03-01T09:30:00.000000+00:00[UTC]"),  # 09:30Z
    ("x-ny-half", "2026-03-01T04:15:00.500000-05:00[America/New_York]"),  # 09:15:00.5Z
    ("w-z-whole", "2026-03-01T09:15:00.000000+00:00[UTC]"),  # 09:15:00Z
    ("v-kathmandu", "2026-03-01T14:59:59.999999+05:45[Asia/Kathmandu]"),  # 09:14:59.999999Z
    ("u-pago", "2026-02-28T23:00:00.000000-11:00[Pacific/Pago_Pago]"),  # 10:00Z
    ("t-before-1970", "1969-12-31T23:59:59.999999+00:00[UTC]"),
    ("s-fixed", "2026-03-01T14:45:00.250000+05:30"),  # 09:15:00.25Z, a fixed offset
)
#: The ids of :data:`TRAP` in instant order.
TRAP_ORDER = (
    "t-before-1970",
    "z-paris",
    "v-kathmandu",
    "w-z-whole",
    "s-fixed",
    "x-ny-half",
    "y-utc",
    "u-pago",
)


def instant(text: str) -> pendulum.DateTime:
    return parse_instant(text)


def close_store(store: Store) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


def same(stored: Any, given_value: Any) -> None:
    """Equal values, and equal as data (which also compares the zones of instants)."""
    assert stored == given_value
    assert to_dict(stored) == to_dict(given_value)


def raises_conflict(call: Callable[[], object], kind: str, key: str, reason: str) -> None:
    """``call()`` raises a ConflictError of ``kind``, id ``key`` and ``reason`` that is
    not retryable."""
    with pytest.raises(ConflictError) as caught:
        call()
    found = caught.value
    assert (found.kind, found.id, found.reason) == (kind, key, reason)
    assert found.retryable is False


def ids_of(records: Any) -> list[str]:
    return [record.id for record in records]


def abort(store: Store, body: Callable[[], object]) -> None:
    """Run ``body`` in a transaction that then raises; check the exception propagates."""

    def run() -> None:
        with store.transaction():
            body()
            raise AbortError

    with pytest.raises(AbortError):
        run()


def reference_of(network: rs.Network) -> ReferenceStore:
    store = ReferenceStore()
    network.add_to(store)
    return store


def people(store: Store, *names: str) -> None:
    for name in names:
        store.add_contact(Contact(name.title(), id=name))


def introduction(person: str, at: pendulum.DateTime, *, by: str, key: str) -> Interaction:
    """An inbound introduction of ``person`` by ``by``, with id ``key``."""
    return Interaction([person], at, "intro", direction="inbound", introduced_by=by, id=key)


def add_trap(store: Store) -> None:
    """Ada, and one call with her at each instant of :data:`TRAP`."""
    people(store, "ada")
    for interaction_id, text in TRAP:
        store.add_interaction(Interaction(["ada"], instant(text), Channel.CALL, id=interaction_id))


def add_forget_scene(store: Store) -> None:
    """Ada touches every kind of record: forgetting her changes most of them."""
    day = "2026-03-0{}T09:00:00+00:00[UTC]"
    people(store, "ada", "bob", "cy")
    store.add_contact(Contact("Dee", id="dee", introduced_by="ada"))
    store.add_interaction(Interaction(["ada"], instant(day.format(1)), "meeting", id="solo"))
    store.add_interaction(
        Interaction(["bob", "ada", "cy"], instant(day.format(2)), "meeting", id="group")
    )
    store.add_interaction(
        introduction("bob", instant(day.format(3)), by="ada", key="ada-introduced-bob")
    )
    store.add_interaction(
        introduction("ada", instant(day.format(4)), by="cy", key="cy-introduced-ada")
    )
    store.add_interaction(
        Interaction(["cy"], instant(day.format(5)), "email", direction="inbound", id="other")
    )
    store.add_commitment(Commitment("ada", "deck", pendulum.date(2026, 5, 1), id="k-ada"))
    store.add_commitment(Commitment("bob", "deck", pendulum.date(2026, 5, 1), id="k-bob"))
    store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g-both"))
    store.add_goal(Goal("Mentor", contacts={"ada"}, id="g-ada"))


class ContractBase:
    """The settings, fixtures and helpers every part of the contract uses."""

    #: Whether the store keeps its data across :meth:`reopen`.
    durable: ClassVar[bool] = True
    #: Hypothesis examples per property test (``None``: the active profile's).
    max_examples: ClassVar[int | None] = None
    #: Runs of the stateful comparison (``None``: the active profile's).
    stateful_examples: ClassVar[int | None] = None
    #: Steps per run of the stateful comparison.
    stateful_steps: ClassVar[int] = 30

    # -- fixtures a subclass provides -------------------------------------------------

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        """Override: return a callable that makes a new, empty store."""
        raise NotImplementedError(
            f"{type(self).__name__} must define a store_factory fixture returning a "
            "callable that makes a new, empty store"
        )

    @pytest.fixture
    def store(self, store_factory: StoreFactory) -> Iterator[Store]:
        """One new, empty store (closed after the test)."""
        made = store_factory()
        yield made
        close_store(made)

    @pytest.fixture
    def reopen(self) -> Reopen:
        """Override for durable stores: close a store and open the same data again."""
        raise NotImplementedError(
            f"{type(self).__name__} is durable: define a reopen fixture, or set durable = False"
        )

    # -- helpers ----------------------------------------------------------------------

    def hypothesis_settings(self, examples: int | None = None) -> settings:
        """Settings for the contract's property tests."""
        count = examples if examples is not None else self.max_examples
        extra: dict[str, Any] = {} if count is None else {"max_examples": count}
        return settings(
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            **extra,
        )

    @contextlib.contextmanager
    def fresh(self, store_factory: StoreFactory) -> Iterator[Store]:
        """A new store from the factory, closed afterwards."""
        made = store_factory()
        try:
            yield made
        finally:
            close_store(made)

    def _reopen_or_skip(self, request: pytest.FixtureRequest) -> Reopen:
        if not self.durable:
            pytest.skip(f"{type(self).__name__} declares durable = False")
        reopen: Reopen = request.getfixturevalue("reopen")
        return reopen

    @staticmethod
    def _summaries_or_skip(store: Store) -> SummarySource:
        if not isinstance(store, SummarySource):
            pytest.skip(f"{type(store).__name__} computes no touch summaries of its own")
        return store

    @staticmethod
    def _sieve_or_skip(store: Store) -> SummarySieve:
        if not isinstance(store, SummarySieve):
            pytest.skip(f"{type(store).__name__} sieves no touch summaries of its own")
        return store
