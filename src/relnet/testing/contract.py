"""``StoreContract``: the tests every :class:`~relnet.storage.Store` must pass.

Subclass it in a test module, give it a ``store_factory`` fixture (a callable that makes
a new, empty store; the fixture cleans up after the test) and, for a store that keeps
data across restarts, a ``reopen`` fixture (a callable that closes a store and opens the
same data again)::

    import pytest
    from relnet.testing import StoreContract
    from mypackage import MyStore

    class TestMyStore(StoreContract):
        @pytest.fixture
        def store_factory(self, tmp_path):
            paths = iter(tmp_path / f"store{n}" for n in range(1_000_000))
            return lambda: MyStore(next(paths))

        @pytest.fixture
        def reopen(self):
            return lambda store: (store.close(), MyStore(store.path))[1]

A store that does not survive a restart sets ``durable = False``: the durability tests
then report themselves as skipped for it. Tests that need a fresh store per Hypothesis
example call the factory; the rest use the ``store`` fixture, which defaults to one
store from the factory and may be overridden too. Stores with a ``close()`` method are
closed when a test is done with them.

``max_examples`` (per property test) and ``stateful_examples``/``stateful_steps`` (for
the comparison with the reference store) trade thoroughness for speed; ``None`` takes
the active Hypothesis profile's value.

Where a test compares a store with what it should hold, the oracle is
:class:`~relnet.testing.reference.ReferenceStore`, a deliberately naive store in plain
dictionaries; :class:`~relnet.storage.InMemoryStore` is checked against it like any other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Community,
    Contact,
    ContactId,
    ContactStatus,
    Direction,
    Event,
    EventId,
    Goal,
    Interaction,
    InteractionId,
    Party,
    Profile,
    Settings,
    Value,
    epoch_us,
    summarize,
)
from relnet.serialization import format_instant, parse_instant, to_dict
from relnet.storage import Store, SummarySieve, SummarySource
from relnet.storage.sieve import INSTANT_FIELDS, passes
from relnet.testing import strategies as rs
from relnet.testing.reference import ReferenceStore
from relnet.testing.snapshots import snapshot
from relnet.testing.stateful import AbortError, comparison_machine

__all__ = ["Reopen", "StoreContract", "StoreFactory"]

#: Makes a new, empty store.
StoreFactory = Callable[[], Store]
#: Closes a durable store and opens the same data again.
Reopen = Callable[[Store], Store]

MEGABYTE = 1_000_000
ADA, BOB, CY = ContactId("ada"), ContactId("bob"), ContactId("cy")


def _at(text: str) -> pendulum.DateTime:
    return parse_instant(text)


def _close(store: Store) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


def _same(stored: Any, given_value: Any) -> None:
    """Equal values, and equal as data (which also compares the zones of instants)."""
    assert stored == given_value
    assert to_dict(stored) == to_dict(given_value)


def _ids(records: Any) -> list[str]:
    return [record.id for record in records]


def _abort(store: Store, body: Callable[[], object]) -> None:
    """Run ``body`` in a transaction that then raises; check the exception propagates."""

    def run() -> None:
        with store.transaction():
            body()
            raise AbortError

    with pytest.raises(AbortError):
        run()


def _reference(network: rs.Network) -> ReferenceStore:
    store = ReferenceStore()
    network.add_to(store)
    return store


class StoreContract:
    """The store contract as a pytest mixin (see the module docstring for how to use it)."""

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
        _close(made)

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
            _close(made)

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

    @staticmethod
    def _people(store: Store, *names: str) -> None:
        for name in names:
            store.add_contact(Contact(name.title(), id=name))

    # -- the protocol and a new store -------------------------------------------------

    def test_is_a_store(self, store: Any) -> None:
        """The store has every method of the protocol."""
        assert isinstance(store, Store)

    def test_new_store_is_empty(self, store: Any) -> None:
        """A new store holds nothing, UTC settings and an empty profile."""
        assert store.get_settings() == Settings(timezone="UTC")
        assert store.get_profile() == Profile()
        assert list(store.contacts()) == []
        assert list(store.interactions()) == []
        assert list(store.commitments()) == []
        assert list(store.goals()) == []
        assert list(store.communities()) == []
        assert list(store.events()) == []

    # -- missing records, reused ids, dangling references ---------------------------

    def test_unknown_ids_raise_not_found(self, store: Any) -> None:
        """Every lookup, update and removal of an unknown id raises NotFoundError."""
        self._people(store, "ada")
        checks: list[tuple[str, Callable[[], object]]] = [
            ("contact", lambda: store.get_contact("nobody")),
            ("interaction", lambda: store.get_interaction("nothing")),
            ("commitment", lambda: store.get_commitment("nothing")),
            ("goal", lambda: store.get_goal("nothing")),
            ("community", lambda: store.get_community("nothing")),
            ("event", lambda: store.get_event("nothing")),
            ("contact", lambda: store.update_contact(Contact("Nobody", id="nobody"))),
            (
                "commitment",
                lambda: store.update_commitment(
                    Commitment("ada", "a book", pendulum.date(2026, 1, 1), id="nothing")
                ),
            ),
            ("goal", lambda: store.update_goal(Goal("Nothing", id="nothing"))),
            ("interaction", lambda: store.remove_interaction("nothing")),
            ("contact", lambda: store.forget("nobody")),
        ]
        before = snapshot(store)
        for kind, call in checks:
            with pytest.raises(NotFoundError) as caught:
                call()
            assert caught.value.kind == kind
            assert isinstance(caught.value, KeyError)
        assert snapshot(store) == before

    def test_reused_ids_raise_conflict(self, store: Any) -> None:
        """Adding a record whose id is taken raises ConflictError and changes nothing."""
        at = _at("2026-03-01T09:00:00+00:00[UTC]")
        store.add_community(Community("PyData", id="c"))
        store.add_event(Event("PyCon", at, id="e"))
        self._people(store, "ada")
        store.add_goal(Goal("Mentor", id="g"))
        store.add_interaction(Interaction(["ada"], at, Channel.CALL, id="i"))
        store.add_commitment(Commitment("ada", "slides", pendulum.date(2026, 3, 2), id="k"))
        before = snapshot(store)
        duplicates: list[Callable[[], object]] = [
            lambda: store.add_community(Community("Other", id="c")),
            lambda: store.add_event(Event("Other", at, id="e")),
            lambda: store.add_contact(Contact("Other Ada", id="ada")),
            lambda: store.add_goal(Goal("Other", id="g")),
            lambda: store.add_interaction(Interaction(["ada"], at, Channel.MEETING, id="i")),
            lambda: store.add_commitment(
                Commitment("ada", "other", pendulum.date(2027, 1, 1), id="k")
            ),
        ]
        for call in duplicates:
            with pytest.raises(ConflictError):
                call()
        assert snapshot(store) == before

    def test_dangling_references_raise_not_found(self, store: Any) -> None:
        """A write naming a record the store lacks raises NotFoundError for that kind."""
        at = _at("2026-03-01T09:00:00+00:00[UTC]")
        self._people(store, "ada", "bob")
        store.add_goal(Goal("Mentor", contacts={"ada"}, id="g"))
        store.add_commitment(Commitment("ada", "slides", pendulum.date(2026, 3, 2), id="k"))
        before = snapshot(store)
        checks: list[tuple[str, Callable[[], object]]] = [
            ("contact", lambda: store.add_contact(Contact("Cy", id="cy", introduced_by="nobody"))),
            ("community", lambda: store.add_contact(Contact("Cy", id="cy", communities={"no"}))),
            ("community", lambda: store.add_event(Event("Meetup", at, community="no", id="e"))),
            ("contact", lambda: store.add_goal(Goal("Jobs", contacts={"ada", "nobody"}, id="g2"))),
            ("contact", lambda: store.add_interaction(Interaction(["ada", "nobody"], at, "call"))),
            (
                "contact",
                lambda: store.add_interaction(
                    Interaction(["ada"], at, "intro", direction="inbound", introduced_by="nobody")
                ),
            ),
            ("goal", lambda: store.add_interaction(Interaction(["ada"], at, "call", goals={"no"}))),
            ("event", lambda: store.add_interaction(Interaction(["ada"], at, "event", event="no"))),
            (
                "contact",
                lambda: store.add_commitment(Commitment("nobody", "x", pendulum.date(2026, 1, 1))),
            ),
            (
                "contact",
                lambda: store.update_commitment(
                    Commitment("nobody", "slides", pendulum.date(2026, 3, 2), id="k")
                ),
            ),
            ("contact", lambda: store.update_goal(Goal("Mentor", contacts={"nobody"}, id="g"))),
            (
                "contact",
                lambda: store.update_contact(
                    attrs.evolve(store.get_contact("bob"), introduced_by="nobody")
                ),
            ),
            (
                "community",
                lambda: store.update_contact(
                    attrs.evolve(store.get_contact("bob"), communities={"no"})
                ),
            ),
        ]
        for kind, call in checks:
            with pytest.raises(NotFoundError) as caught:
                call()
            assert caught.value.kind == kind, call
        assert snapshot(store) == before

    # -- round trips ----------------------------------------------------------------

    def test_records_round_trip(self, store_factory: StoreFactory) -> None:
        """Every record of a random network reads back exactly as written."""

        @self.hypothesis_settings()
        @given(network=rs.networks())
        def check(network: rs.Network) -> None:
            with self.fresh(store_factory) as store:
                if network.settings is not None:
                    store.set_settings(network.settings)
                if network.profile is not None:
                    store.set_profile(network.profile)
                for community in network.communities:
                    _same(store.add_community(community), community)
                for event in network.events:
                    _same(store.add_event(event), event)
                for contact in network.contacts:
                    _same(store.add_contact(contact), contact)
                for goal in network.goals:
                    _same(store.add_goal(goal), goal)
                for interaction in network.interactions:
                    _same(store.add_interaction(interaction), interaction)
                for commitment in network.commitments:
                    _same(store.add_commitment(commitment), commitment)
                for community in network.communities:
                    _same(store.get_community(community.id), community)
                for event in network.events:
                    _same(store.get_event(event.id), event)
                for contact in network.contacts:
                    _same(store.get_contact(contact.id), contact)
                for goal in network.goals:
                    _same(store.get_goal(goal.id), goal)
                for interaction in network.interactions:
                    _same(store.get_interaction(interaction.id), interaction)
                for commitment in network.commitments:
                    _same(store.get_commitment(commitment.id), commitment)
                assert snapshot(store, filters=False) == snapshot(
                    _reference(network), filters=False
                )

        check()

    def test_instants_keep_zone_and_microseconds(self, store_factory: StoreFactory) -> None:
        """Instants read back as the same instant, in the same zone, to the microsecond."""

        @self.hypothesis_settings()
        @given(at=rs.instants(), created=rs.instants())
        def check(at: pendulum.DateTime, created: pendulum.DateTime) -> None:
            with self.fresh(store_factory) as store:
                store.add_contact(Contact("Ada", id="ada", created_at=created))
                store.add_interaction(Interaction(["ada"], at, Channel.CALL, id="i"))
                store.add_event(Event("Meetup", at, id="e"))
                stored_interaction = store.get_interaction(InteractionId("i"))
                for stored in (stored_interaction.at, store.get_event(EventId("e")).at):
                    assert format_instant(stored) == format_instant(at)
                    assert stored.utcoffset() == at.utcoffset()
                created_at = store.get_contact(ADA).created_at
                assert created_at is not None
                assert format_instant(created_at) == format_instant(created)

        check()

    def test_settings_and_profile_round_trip(self, store_factory: StoreFactory) -> None:
        """The owner's settings and profile read back as written, and replace each other."""

        @self.hypothesis_settings()
        @given(first=rs.settings(), second=rs.settings(), profile=rs.profiles())
        def check(first: Settings, second: Settings, profile: Profile) -> None:
            with self.fresh(store_factory) as store:
                store.set_settings(first)
                _same(store.get_settings(), first)
                store.set_settings(second)
                _same(store.get_settings(), second)
                store.set_profile(profile)
                _same(store.get_profile(), profile)
                _same(store.get_settings(), second)

        check()

    # -- ordering and queries -------------------------------------------------------

    _TRAP = (
        # (id, instant): ids and ISO strings both sort differently from the instants.
        ("z-paris", "2026-03-01T10:00:00.000000+01:00[Europe/Paris]"),  # 09:00Z
        ("y-utc", "2026-03-01T09:30:00.000000+00:00[UTC]"),  # 09:30Z
        ("x-ny-half", "2026-03-01T04:15:00.500000-05:00[America/New_York]"),  # 09:15:00.5Z
        ("w-z-whole", "2026-03-01T09:15:00.000000+00:00[UTC]"),  # 09:15:00Z
        ("v-kathmandu", "2026-03-01T14:59:59.999999+05:45[Asia/Kathmandu]"),  # 09:14:59.999999Z
        ("u-pago", "2026-02-28T23:00:00.000000-11:00[Pacific/Pago_Pago]"),  # 10:00Z
        ("t-before-1970", "1969-12-31T23:59:59.999999+00:00[UTC]"),
        ("s-fixed", "2026-03-01T14:45:00.250000+05:30"),  # 09:15:00.25Z, a fixed offset
    )
    _TRAP_ORDER = (
        "t-before-1970",
        "z-paris",
        "v-kathmandu",
        "w-z-whole",
        "s-fixed",
        "x-ny-half",
        "y-utc",
        "u-pago",
    )

    def _add_trap(self, store: Any) -> None:
        self._people(store, "ada")
        for interaction_id, text in self._TRAP:
            store.add_interaction(Interaction(["ada"], _at(text), Channel.CALL, id=interaction_id))

    def test_interactions_in_instant_order_across_zones(self, store: Any) -> None:
        """Interactions come by instant, whatever zone and precision they were written in."""
        self._add_trap(store)
        assert _ids(store.interactions()) == list(self._TRAP_ORDER)
        assert _ids(store.interactions(contact="ada")) == list(self._TRAP_ORDER)
        for stored in store.interactions():
            text = dict(self._TRAP)[stored.id]
            assert format_instant(stored.at) == text

    def test_same_instant_interactions_ordered_by_id(self, store: Any) -> None:
        """Interactions at one instant, written in different zones, come by id."""
        self._people(store, "ada")
        same = ["2026-03-01T10:00:00+01:00[Europe/Paris]", "2026-03-01T04:00:00-05:00"]
        for interaction_id, text in zip(["b", "a", "B", "é", "😀", "ab"], same * 3, strict=True):
            store.add_interaction(Interaction(["ada"], _at(text), Channel.CALL, id=interaction_id))
        assert _ids(store.interactions()) == sorted(["b", "a", "B", "é", "😀", "ab"])

    def test_since_and_until(self, store: Any) -> None:
        """``since`` is inclusive, ``until`` exclusive, both compared as instants."""
        self._add_trap(store)
        since = _at("2026-03-01T10:15:00+01:00[Europe/Paris]")  # 09:15:00Z exactly
        until = _at("2026-03-01T05:00:00-05:00[America/New_York]")  # 10:00:00Z exactly
        assert _ids(store.interactions(since=since)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
            "u-pago",
        ]
        assert _ids(store.interactions(until=until)) == list(self._TRAP_ORDER[:-1])
        assert _ids(store.interactions(since=since, until=until)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert _ids(store.interactions(contact="ada", since=since, until=until)) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert list(store.interactions(since=until, until=since)) == []
        one_micro = dt.timedelta(microseconds=1)
        assert _ids(store.interactions(since=since + one_micro, until=until - one_micro)) == [
            "s-fixed",
            "x-ny-half",
            "y-utc",
        ]
        assert _ids(store.interactions(since=dt.datetime(2026, 3, 1, 9, 15, tzinfo=dt.UTC))) == [
            "w-z-whole",
            "s-fixed",
            "x-ny-half",
            "y-utc",
            "u-pago",
        ]

    def test_naive_bounds_are_refused(self, store: Any) -> None:
        """A naive ``since`` or ``until`` raises ValidationError naming it."""
        naive = dt.datetime(2026, 3, 1, 9, 0)
        with pytest.raises(ValidationError) as caught:
            store.interactions(since=naive)
        assert caught.value.field == "since"
        with pytest.raises(ValidationError) as caught:
            store.interactions(until=naive)
        assert caught.value.field == "until"

    def test_contact_filter_covers_participants_and_introducers(self, store: Any) -> None:
        """``interactions(contact=)`` keeps those naming the contact either way."""
        self._people(store, "ada", "bob", "cy", "dee")
        day = "2026-03-0{}T09:00:00+00:00[UTC]"
        store.add_interaction(Interaction(["ada", "bob"], _at(day.format(1)), "meeting", id="m"))
        store.add_interaction(
            Interaction(
                ["ada"],
                _at(day.format(2)),
                "intro",
                direction="inbound",
                introduced_by="cy",
                id="intro",
            )
        )
        store.add_interaction(
            Interaction(["bob"], _at(day.format(3)), "email", direction="inbound", id="mail")
        )
        assert _ids(store.interactions(contact="ada")) == ["m", "intro"]
        assert _ids(store.interactions(contact="bob")) == ["m", "mail"]
        assert _ids(store.interactions(contact="cy")) == ["intro"]
        assert _ids(store.interactions(contact="dee")) == []
        assert _ids(store.interactions(contact="nobody")) == []

    def test_contacts_by_id_in_code_point_order(self, store: Any) -> None:
        """Contacts come by id as Python sorts strings (code points, not bytes of UTF-16)."""
        names = ["b", "B", "a", "é", "e\u0301", "😀", "\uffef", "a b", "'quoted'", "10", "9"]
        for contact_id in names:
            store.add_contact(Contact("Someone", id=contact_id))
        assert _ids(store.contacts()) == sorted(names)

    def test_contacts_by_tag_and_archived(self, store: Any) -> None:
        """``tag`` matches whole tags exactly; ``include_archived=False`` leaves out archived
        and do-not-contact people."""
        store.add_contact(Contact("A", id="a", tags={"vip", "python"}))
        store.add_contact(Contact("B", id="b", tags={"python"}))
        store.add_contact(Contact("C", id="c", tags={"VIP", "py%"}))
        store.add_contact(Contact("D", id="d", tags={"python"}, status=ContactStatus.ARCHIVED))
        store.add_contact(
            Contact("E", id="e", tags={"python"}, status=ContactStatus.DO_NOT_CONTACT)
        )
        store.add_contact(Contact("F", id="f"))
        assert _ids(store.contacts(tag="python")) == ["a", "b", "d", "e"]
        assert _ids(store.contacts(tag="python", include_archived=False)) == ["a", "b"]
        assert _ids(store.contacts(include_archived=False)) == ["a", "b", "c", "f"]
        assert _ids(store.contacts(tag="vip")) == ["a"]
        assert _ids(store.contacts(tag="py%")) == ["c"]
        assert _ids(store.contacts(tag="p_thon")) == []
        assert _ids(store.contacts(tag="py")) == []
        assert _ids(store.contacts(tag="nothing")) == []

    def test_commitments_order_and_filters(self, store: Any) -> None:
        """Commitments come by due date then id; ``contact`` and ``open_only`` filter."""
        self._people(store, "ada", "bob")
        day = pendulum.date
        store.add_commitment(Commitment("ada", "deck", day(2026, 5, 1), id="k3"))
        store.add_commitment(Commitment("bob", "intro", day(2026, 4, 1), id="k2"))
        store.add_commitment(
            Commitment("ada", "book", day(2026, 4, 1), owed_by=Party.THEM, id="k1")
        )
        store.add_commitment(
            Commitment("bob", "call", day(1999, 12, 31), done_on=day(2000, 1, 2), id="k0")
        )
        assert _ids(store.commitments()) == ["k0", "k1", "k2", "k3"]
        assert _ids(store.commitments(open_only=True)) == ["k1", "k2", "k3"]
        assert _ids(store.commitments(contact="ada")) == ["k1", "k3"]
        assert _ids(store.commitments(contact="bob", open_only=True)) == ["k2"]
        assert _ids(store.commitments(contact="nobody")) == []

    def test_goals_order_and_filter(self, store: Any) -> None:
        """Goals come by id; ``contact`` keeps those linked to the contact."""
        self._people(store, "ada", "bob")
        store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g2"))
        store.add_goal(Goal("Mentor", contacts={"ada"}, id="G1"))
        store.add_goal(Goal("Learn", id="g1"))
        assert _ids(store.goals()) == ["G1", "g1", "g2"]
        assert _ids(store.goals(contact="ada")) == ["G1", "g2"]
        assert _ids(store.goals(contact="bob")) == ["g2"]
        assert _ids(store.goals(contact="nobody")) == []

    def test_events_and_communities_order(self, store: Any) -> None:
        """Events come by instant then id, communities by id."""
        store.add_community(Community("Zed", id="z"))
        store.add_community(Community("Alpha", id="a"))
        for event_id, text in self._TRAP:
            store.add_event(Event("Meetup", _at(text), community="a", id=event_id))
        store.add_event(Event("Tie", _at(self._TRAP[0][1]), id="a-tie"))
        assert _ids(store.communities()) == ["a", "z"]
        expected = list(self._TRAP_ORDER)
        expected.insert(expected.index("z-paris"), "a-tie")
        assert _ids(store.events()) == expected

    def test_filtered_listings_match_reference(self, store_factory: StoreFactory) -> None:
        """For random networks, every listing and filter agrees with the reference store."""

        @self.hypothesis_settings()
        @given(network=rs.networks(), bounds=st.lists(rs.instants(), min_size=2, max_size=2))
        def check(network: rs.Network, bounds: list[pendulum.DateTime]) -> None:
            reference = _reference(network)
            with self.fresh(store_factory) as store:
                network.add_to(store)
                assert snapshot(store) == snapshot(reference)
                since, until = bounds
                for contact in [None, *(c.id for c in network.contacts)]:
                    for window in [(since, None), (None, until), (since, until)]:
                        got = store.interactions(contact=contact, since=window[0], until=window[1])
                        want = reference.interactions(
                            contact=contact, since=window[0], until=window[1]
                        )
                        assert _ids(got) == _ids(want)

        check()

    # -- updates and removals -------------------------------------------------------

    def test_update_contact_bumps_version(self, store: Any) -> None:
        """An update stores and returns the contact with the next version."""
        first = store.add_contact(Contact("Ada", id="ada", version=0))
        second = store.update_contact(attrs.evolve(first, name="Ada Lovelace", tags={"math"}))
        assert second.version == 1
        assert second.name == "Ada Lovelace"
        _same(store.get_contact("ada"), second)
        third = store.update_contact(attrs.evolve(second, tags=frozenset()))
        assert third.version == 2
        _same(store.get_contact("ada"), third)
        assert _ids(store.contacts(tag="math")) == []

    def test_stale_update_conflicts(self, store: Any) -> None:
        """An update made from an outdated read raises ConflictError and changes nothing."""
        read_by_one = store.add_contact(Contact("Ada", id="ada"))
        read_by_two = store.get_contact("ada")
        winner = store.update_contact(attrs.evolve(read_by_one, notes="first"))
        with pytest.raises(ConflictError):
            store.update_contact(attrs.evolve(read_by_two, notes="second"))
        with pytest.raises(ConflictError):
            store.update_contact(attrs.evolve(winner, version=winner.version + 5))
        _same(store.get_contact("ada"), winner)

    def test_update_commitment_and_goal(self, store: Any) -> None:
        """Commitments and goals are replaced whole."""
        self._people(store, "ada", "bob")
        promise = store.add_commitment(Commitment("ada", "deck", pendulum.date(2026, 5, 1)))
        done = store.update_commitment(promise.done(pendulum.date(2026, 4, 30)))
        _same(store.get_commitment(promise.id), done)
        assert list(store.commitments(open_only=True)) == []
        moved = store.update_commitment(attrs.evolve(done, contact="bob"))
        assert _ids(store.commitments(contact="bob")) == [moved.id]
        assert _ids(store.commitments(contact="ada")) == []
        goal = store.add_goal(Goal("Jobs", contacts={"ada"}))
        changed = store.update_goal(attrs.evolve(goal, contacts={"bob"}, weight=0.25))
        _same(store.get_goal(goal.id), changed)
        assert _ids(store.goals(contact="ada")) == []
        assert _ids(store.goals(contact="bob")) == [goal.id]

    def test_remove_interaction(self, store: Any) -> None:
        """A removed interaction is gone from every listing; others stay."""
        self._add_trap(store)
        store.remove_interaction("w-z-whole")
        with pytest.raises(NotFoundError):
            store.get_interaction("w-z-whole")
        assert "w-z-whole" not in _ids(store.interactions())
        assert "w-z-whole" not in _ids(store.interactions(contact="ada"))
        assert len(store.interactions()) == len(self._TRAP) - 1
        with pytest.raises(NotFoundError):
            store.remove_interaction("w-z-whole")

    # -- transactions ---------------------------------------------------------------

    def test_transaction_commits_together(self, store: Any) -> None:
        """Writes in a transaction that ends normally are all kept."""
        with store.transaction():
            self._people(store, "ada", "bob")
            store.add_interaction(Interaction(["ada", "bob"], _at(self._TRAP[0][1]), "call"))
            store.set_profile(Profile(name="Me"))
        assert _ids(store.contacts()) == ["ada", "bob"]
        assert len(store.interactions()) == 1
        assert store.get_profile().name == "Me"

    def test_transaction_rolls_back_on_exception(self, store: Any) -> None:
        """When the block raises, no write of it is kept and the exception propagates."""
        self._add_trap(store)
        self._people(store, "bob")
        store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g"))
        store.add_commitment(Commitment("bob", "deck", pendulum.date(2026, 5, 1), id="k"))
        before = snapshot(store)

        def writes() -> None:
            store.add_contact(Contact("Cy", id="cy"))
            store.update_contact(attrs.evolve(store.get_contact("bob"), name="Robert"))
            store.add_interaction(Interaction(["cy", "bob"], _at(self._TRAP[1][1]), "meeting"))
            store.remove_interaction("z-paris")
            store.update_commitment(store.get_commitment("k").done(pendulum.date(2026, 4, 1)))
            store.update_goal(attrs.evolve(store.get_goal("g"), title="Other"))
            store.add_community(Community("PyData", id="c"))
            store.add_event(Event("PyCon", _at(self._TRAP[2][1]), id="e"))
            store.set_settings(Settings(timezone="Asia/Tokyo"))
            store.set_profile(Profile(name="Me"))
            store.forget("ada")
            assert _ids(store.contacts()) == ["bob", "cy"]

        _abort(store, writes)
        assert snapshot(store) == before

    def test_nested_transaction_is_a_savepoint(self, store: Any) -> None:
        """An inner block that raises undoes only its own writes."""
        with store.transaction():
            self._people(store, "ada")

            def inner() -> None:
                self._people(store, "bob")
                store.forget("ada")

            _abort(store, inner)
            assert _ids(store.contacts()) == ["ada"]
            self._people(store, "cy")
            with store.transaction():
                self._people(store, "dee")
        assert _ids(store.contacts()) == ["ada", "cy", "dee"]

    def test_outer_failure_undoes_committed_inner_blocks(self, store: Any) -> None:
        """Only the outermost transaction commits: its failure undoes inner blocks too."""
        self._people(store, "ada")

        def blocks() -> None:
            with store.transaction():
                self._people(store, "bob")
            with store.transaction(), store.transaction():
                store.forget("ada")
            assert _ids(store.contacts()) == ["bob"]

        _abort(store, blocks)
        assert _ids(store.contacts()) == ["ada"]

    def test_reads_in_a_transaction_see_its_writes(self, store: Any) -> None:
        """Inside a transaction, reads see the writes made so far."""
        with store.transaction():
            self._people(store, "ada")
            assert store.get_contact("ada").name == "Ada"
            store.add_interaction(Interaction(["ada"], _at(self._TRAP[0][1]), "call", id="i"))
            assert _ids(store.interactions(contact="ada")) == ["i"]
            store.remove_interaction("i")
            assert list(store.interactions()) == []

    def test_refused_write_leaves_transaction_usable(self, store: Any) -> None:
        """A write refused inside a transaction (caught) does not spoil the others."""
        with store.transaction():
            self._people(store, "ada")
            with pytest.raises(ConflictError):
                store.add_contact(Contact("Ada again", id="ada"))
            with pytest.raises(NotFoundError):
                store.add_interaction(Interaction(["nobody"], _at(self._TRAP[0][1]), "call"))
            with pytest.raises(ConflictError):
                store.update_contact(Contact("Ada", id="ada", version=7))
            self._people(store, "bob")
        assert _ids(store.contacts()) == ["ada", "bob"]

    # -- forget ---------------------------------------------------------------------

    def _forget_fixture(self, store: Any) -> None:
        day = "2026-03-0{}T09:00:00+00:00[UTC]"
        self._people(store, "ada", "bob", "cy")
        store.add_contact(Contact("Dee", id="dee", introduced_by="ada"))
        store.add_interaction(Interaction(["ada"], _at(day.format(1)), "meeting", id="solo"))
        store.add_interaction(
            Interaction(["bob", "ada", "cy"], _at(day.format(2)), "meeting", id="group")
        )
        store.add_interaction(
            Interaction(
                ["bob"],
                _at(day.format(3)),
                "intro",
                direction="inbound",
                introduced_by="ada",
                id="ada-introduced-bob",
            )
        )
        store.add_interaction(
            Interaction(
                ["ada"],
                _at(day.format(4)),
                "intro",
                direction="inbound",
                introduced_by="cy",
                id="cy-introduced-ada",
            )
        )
        store.add_interaction(
            Interaction(["cy"], _at(day.format(5)), "email", direction="inbound", id="other")
        )
        store.add_commitment(Commitment("ada", "deck", pendulum.date(2026, 5, 1), id="k-ada"))
        store.add_commitment(Commitment("bob", "deck", pendulum.date(2026, 5, 1), id="k-bob"))
        store.add_goal(Goal("Jobs", contacts={"ada", "bob"}, id="g-both"))
        store.add_goal(Goal("Mentor", contacts={"ada"}, id="g-ada"))

    def test_forget_erases_the_person_everywhere(self, store: Any) -> None:
        """``forget`` removes the contact, interactions only about them, their commitments,
        and their id from other interactions, goals and contacts."""
        self._forget_fixture(store)
        dee_before = store.get_contact("dee")
        store.forget("ada")
        with pytest.raises(NotFoundError):
            store.get_contact("ada")
        assert _ids(store.contacts()) == ["bob", "cy", "dee"]
        assert _ids(store.interactions()) == ["group", "ada-introduced-bob", "other"]
        assert store.get_interaction("group").participants == ("bob", "cy")
        intro = store.get_interaction("ada-introduced-bob")
        assert intro.participants == ("bob",)
        assert intro.introduced_by is None
        for missing in ("solo", "cy-introduced-ada"):
            with pytest.raises(NotFoundError):
                store.get_interaction(missing)
        assert list(store.interactions(contact="ada")) == []
        assert _ids(store.interactions(contact="cy")) == ["group", "other"]
        assert _ids(store.commitments()) == ["k-bob"]
        assert store.get_goal("g-both").contacts == frozenset({"bob"})
        assert store.get_goal("g-ada").contacts == frozenset()
        assert list(store.goals(contact="ada")) == []
        dee = store.get_contact("dee")
        assert dee.introduced_by is None
        assert dee.version == dee_before.version + 1
        with pytest.raises(ConflictError):
            store.update_contact(dee_before)
        with pytest.raises(NotFoundError):
            store.forget("ada")
        reference = ReferenceStore()
        self._forget_fixture(reference)
        reference.forget(ADA)
        assert snapshot(store) == snapshot(reference)

    def test_forget_matches_reference(self, store_factory: StoreFactory) -> None:
        """Forgetting anyone in a random network leaves what the reference store leaves."""

        @self.hypothesis_settings()
        @given(network=rs.networks(), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            person = data.draw(st.sampled_from([c.id for c in network.contacts]))
            reference = _reference(network)
            reference.forget(person)
            with self.fresh(store_factory) as store:
                network.add_to(store)
                store.forget(person)
                assert snapshot(store) == snapshot(reference)
                if isinstance(store, SummarySource):
                    now = data.draw(rs.instants())
                    assert person not in store.touch_summaries(now=now)

        check()

    # -- hostile input --------------------------------------------------------------

    def test_hostile_strings_round_trip(self, store: Any) -> None:
        """Quotes, SQL, NUL bytes, emoji and separators are kept byte for byte, in ids,
        text, tags and sets alike."""
        hostile = rs.HOSTILE_STRINGS
        printable_ids = [s for s in hostile if s.isprintable() and s == s.strip()]
        words = [s for s in hostile if s.strip()]
        at = _at(self._TRAP[0][1])
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
            _same(store.get_contact(contact.id), contact)
            assert contact.id in _ids(store.contacts(tag=contact.name))
        assert _ids(store.contacts(tag="plain")) == sorted(c.id for c in contacts)
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
            _same(store.get_interaction(interaction.id), interaction)
        goal = store.add_goal(Goal(words[3], contacts=people[:3], id=printable_ids[2]))
        _same(store.get_goal(goal.id), goal)
        promise = store.add_commitment(
            Commitment(people[0], hostile[2], pendulum.date(2026, 1, 1), id=printable_ids[3])
        )
        _same(store.get_commitment(promise.id), promise)
        profile = Profile(
            name=hostile[6],
            headline=hostile[4],
            pitch="".join(hostile),
            expertise=words,
            values=words,
            achievements=words,
        )
        store.set_profile(profile)
        _same(store.get_profile(), profile)
        assert _ids(store.contacts()) == sorted(people)

    def test_megabyte_strings_round_trip(self, store: Any) -> None:
        """Strings of a megabyte and more are kept whole."""
        big = ("é😀\x00'\"" * (MEGABYTE // 5))[:MEGABYTE] + "end"
        contact = store.add_contact(Contact("Ada " + big, id="ada", notes=big, tags={big}))
        _same(store.get_contact("ada"), contact)
        assert _ids(store.contacts(tag=big)) == ["ada"]
        interaction = store.add_interaction(
            Interaction(["ada"], _at(self._TRAP[0][1]), "call", summary=big, id="i")
        )
        _same(store.get_interaction("i"), interaction)
        store.set_profile(Profile(pitch=big))
        assert store.get_profile().pitch == big

    # -- touch summaries ------------------------------------------------------------

    def test_touch_summaries_match_summarize(self, store_factory: StoreFactory) -> None:
        """Native summaries equal the reference fold, for random histories and ``now``."""
        with self.fresh(store_factory) as probe:
            self._summaries_or_skip(probe)

        @self.hypothesis_settings()
        @given(network=rs.networks(max_interactions=16, extras=False), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            instants = [i.at for i in network.interactions]
            nows = [data.draw(rs.instants())]
            if instants:
                picked = data.draw(st.sampled_from(instants))
                nows += [picked, picked - dt.timedelta(microseconds=1), max(instants)]
            everyone = [c.id for c in network.contacts]
            with self.fresh(store_factory) as store:
                assert isinstance(store, SummarySource)
                network.add_to(store)
                for now in nows:
                    expected = summarize(network.interactions, now=now, contacts=everyone)
                    assert dict(store.touch_summaries(now=now)) == dict(expected)
                    some = data.draw(st.lists(st.sampled_from(everyone), unique=True))
                    chosen = store.touch_summaries(now=now, contacts=some)
                    assert dict(chosen) == {c: expected[c] for c in some}

        check()

    def test_touch_summaries_break_ties_by_interaction_id(self, store: Any) -> None:
        """An ask and a reply at the same instant fold in interaction id order."""
        source = self._summaries_or_skip(store)
        self._people(store, "ada", "bob")
        at = _at("2026-03-01T09:00:00+00:00[UTC]")
        same = _at("2026-03-01T10:00:00+01:00[Europe/Paris]")
        ask = {"direction": Direction.OUTBOUND, "expects_reply": True}
        # Ada's ask ("a") folds before the meeting ("b") that answers it; Bob's after.
        store.add_interaction(Interaction(["ada"], at, Channel.MEETING, id="b"))
        store.add_interaction(Interaction(["ada"], same, Channel.EMAIL, id="a", **ask))
        store.add_interaction(Interaction(["bob"], at, Channel.MEETING, id="a0"))
        store.add_interaction(Interaction(["bob"], same, Channel.EMAIL, id="b0", **ask))
        now = _at("2026-03-02T00:00:00+00:00[UTC]")
        expected = summarize(store.interactions(), now=now, contacts=[ADA, BOB])
        assert dict(source.touch_summaries(now=now)) == dict(expected)
        assert expected[ADA].last_ask is not None
        assert expected[BOB].last_ask is None

    def test_touch_summaries_for_chosen_contacts(self, store: Any) -> None:
        """``contacts=`` limits the result; a contact never touched gets an empty summary."""
        source = self._summaries_or_skip(store)
        self._people(store, "ada", "bob", "cy")
        store.add_interaction(
            Interaction(
                ["ada"], _at(self._TRAP[0][1]), "email", direction="inbound", gave=[Value.ADVICE]
            )
        )
        now = _at("2030-01-01T00:00:00+00:00[UTC]")
        summaries = source.touch_summaries(now=now, contacts=[ADA, CY])
        assert set(summaries) == {ADA, CY}
        assert summaries[ADA].touches == 1
        assert summaries[CY] == summarize([], now=now, contacts=[CY])[CY]
        assert set(source.touch_summaries(now=now)) == {"ada", "bob", "cy"}

    def test_touch_summaries_follow_writes(self, store: Any) -> None:
        """Summaries reflect removals, forgetting and rolled-back transactions."""
        source = self._summaries_or_skip(store)
        self._forget_fixture(store)
        now = _at("2026-03-03T09:00:00+00:00[UTC]")

        def expected() -> dict[ContactId, Any]:
            everyone = [c.id for c in store.contacts()]
            return dict(summarize(store.interactions(), now=now, contacts=everyone))

        assert dict(source.touch_summaries(now=now)) == expected()
        store.remove_interaction("solo")
        assert dict(source.touch_summaries(now=now)) == expected()
        _abort(store, lambda: store.remove_interaction("group"))
        assert dict(source.touch_summaries(now=now)) == expected()
        store.forget("ada")
        assert dict(source.touch_summaries(now=now)) == expected()

    def test_touch_summaries_since_match_passes(self, store_factory: StoreFactory) -> None:
        """The summaries a sieve lets through are exactly the reference fold's summaries
        that :func:`~relnet.storage.sieve.passes` it, for random histories, ``now`` and
        bounds near the touches."""
        with self.fresh(store_factory) as probe:
            self._sieve_or_skip(probe)

        @self.hypothesis_settings()
        @given(network=rs.networks(max_interactions=16, extras=False), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            instants = [epoch_us(i.at) for i in network.interactions]
            bound = st.integers(-(2**63), 2**63 - 1)
            nows = [data.draw(rs.instants())]
            if instants:
                bound |= st.sampled_from(instants).flatmap(
                    lambda at: st.sampled_from([at - 1, at, at + 1])
                )
                picked = data.draw(st.sampled_from(network.interactions)).at
                nows += [picked, picked - dt.timedelta(microseconds=1)]
            sieves = st.dictionaries(st.sampled_from(INSTANT_FIELDS), bound, max_size=4)
            everyone = [c.id for c in network.contacts]
            with self.fresh(store_factory) as store:
                assert isinstance(store, SummarySieve)
                network.add_to(store)
                for now in nows:
                    expected = summarize(network.interactions, now=now, contacts=everyone)
                    for _ in range(2):
                        sieve = data.draw(sieves)
                        found = store.touch_summaries_since(now=now, since=sieve)
                        assert dict(found) == {
                            c: s for c, s in expected.items() if passes(s, sieve)
                        }

        check()

    def test_touch_summaries_since_refuse_a_bad_sieve(self, store: Any) -> None:
        """An unknown field or a bound that is not a 64-bit whole number raises
        ValidationError naming ``since``."""
        sieve = self._sieve_or_skip(store)
        now = _at("2026-03-03T09:00:00+00:00[UTC]")
        bad: Any
        for bad in (
            {"name": 1},
            {"pending_reply": 1.5},
            {"pending_reply": "1"},
            {"pending_reply": True},
            {"first_meeting": 2**63},
            ["pending_reply"],
        ):
            with pytest.raises(ValidationError) as refused:
                sieve.touch_summaries_since(now=now, since=bad)
            assert refused.value.field.startswith("since"), bad

    # -- durability -----------------------------------------------------------------

    def test_records_survive_reopen(
        self, store_factory: StoreFactory, request: pytest.FixtureRequest
    ) -> None:
        """Everything written reads back the same after closing and reopening."""
        reopen = self._reopen_or_skip(request)

        @self.hypothesis_settings(examples=min(self.max_examples or 10, 10))
        @given(network=rs.networks())
        def check(network: rs.Network) -> None:
            store = store_factory()
            network.add_to(store)
            before = snapshot(store)
            again = reopen(store)
            try:
                assert snapshot(again) == before
            finally:
                _close(again)

        check()

    def test_committed_changes_survive_and_failed_ones_do_not(
        self, store: Any, request: pytest.FixtureRequest
    ) -> None:
        """Updates, removals and forgetting persist; a rolled-back transaction leaves no
        trace after reopening."""
        reopen = self._reopen_or_skip(request)
        self._forget_fixture(store)
        store.update_contact(attrs.evolve(store.get_contact("bob"), name="Robert"))
        store.remove_interaction("other")
        store.forget("ada")
        store.set_settings(Settings(timezone="Asia/Kathmandu", daily_capacity=2))

        def rolled_back() -> None:
            self._people(store, "eve")
            store.forget("bob")

        _abort(store, rolled_back)
        before = snapshot(store)
        again = reopen(store)
        assert snapshot(again) == before
        assert again.get_contact(BOB).version == 1
        again.add_contact(Contact("Eve", id="eve"))
        once_more = reopen(again)
        try:
            assert _ids(once_more.contacts()) == ["bob", "cy", "dee", "eve"]
        finally:
            _close(once_more)

    # -- the stateful comparison ----------------------------------------------------

    def test_matches_reference_under_random_operations(self, store_factory: StoreFactory) -> None:
        """Random adds, updates (stale ones too), removals, forgets and failing transactions
        leave the store and the reference store listing the same records."""
        machine = comparison_machine(store_factory)
        count = self.stateful_examples
        extra: dict[str, Any] = {} if count is None else {"max_examples": count}
        run_state_machine_as_test(
            machine,
            settings=settings(
                deadline=None,
                stateful_step_count=self.stateful_steps,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                **extra,
            ),
        )
