"""Bounded access: what relnet reads from a store for an agenda, the follow-ups, an
explanation and an export is a fixed number of calls, whatever the size of the network.

A store without an index answers each call with a scan, so an engine that called the
store once per item or per contact would slow down with the square of the network. The
check runs the same operations on two synthetic networks of different sizes
(:func:`relnet.synth.network`), each in a new store from the factory, through a
:class:`CallCounter`, and fails naming every store method whose number of calls grew
with the data::

    agenda: store.interactions was called 2 times on 30 contacts and 300 interactions,
    7 times on 90 contacts and 900 interactions

The same check serves to test an engine or an export of your own against any store:
give :func:`check_bounded_access` operations of your own.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import importlib
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, cast

import attrs
import pendulum
import pytest

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Contact,
    ContactId,
    Direction,
    Interaction,
    Party,
    TouchSummary,
    epoch_us,
)
from relnet.model.instants import EPOCH
from relnet.policy import Engine, FollowUp, Reason
from relnet.storage import (
    FirstMeetings,
    InteractionsAt,
    OpenCommitments,
    ReachableSummaries,
    Store,
    touch_summaries_of,
)
from relnet.synth import SyntheticNetwork, network
from relnet.testing.contract._base import ContractBase, StoreFactory, close_store

__all__ = [
    "ACCESS_SIZES",
    "AccessContract",
    "CallCounter",
    "Operation",
    "Workload",
    "access_counts",
    "check_bounded_access",
    "default_operations",
    "dismiss_open_things",
    "grown_calls",
]

#: The two networks the check compares: (contacts, interactions) each.
ACCESS_SIZES: tuple[tuple[int, int], tuple[int, int]] = ((60, 600), (180, 1800))

#: How many contacts the check explains on each network.
EXPLAINED = 3

#: How many days before the end of each network its owed replies and open intros are
#: dismissed (:func:`dismiss_open_things`): newer ones come after some of them.
DISMISSED_DAYS_BEFORE = 60

_OPEN_THINGS = frozenset({Reason.REPLY_OWED, Reason.INTRO_LOOP})


class CallCounter:
    """A counting proxy: it stands for the store it wraps (every attribute is the
    store's, so it has the optional abilities the store has) and counts the calls of
    each public method in :attr:`calls`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: Calls by method name.
        self.calls: collections.Counter[str] = collections.Counter()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.store, name)
        if name.startswith("_") or not callable(value):
            return value
        calls = self.calls

        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return value(*args, **kwargs)

        return counted


@attrs.frozen
class Workload:
    """What an operation runs on: the network held by the store, the instant to ask
    at (the network's end), a few contacts to ask about (those of the first
    follow-ups) and the follow-ups to export, all found before counting starts."""

    network: SyntheticNetwork
    now: pendulum.DateTime
    contacts: tuple[ContactId, ...]
    #: Every contact's follow-ups as of ``now`` (:meth:`Engine.follow_ups
    #: <relnet.policy.Engine.follow_ups>`), for the exports.
    follow_ups: tuple[FollowUp, ...] = ()


#: One operation of the check: it reads from the (counting) store.
Operation = Callable[[Store, Workload], object]


def _agenda(store: Store, work: Workload) -> object:
    return Engine().agenda(store, now=work.now)


def _follow_ups(store: Store, work: Workload) -> object:
    return Engine().follow_ups(store, now=work.now)


def _explain(store: Store, work: Workload) -> object:
    engine = Engine()
    return [engine.explain(store, person, now=work.now) for person in work.contacts]


def _exports() -> dict[str, Operation]:
    """The exports of the follow-ups, when relnet's interop modules import (the iCalendar
    one needs ``relnet[ical]``). They sit above the test kit in relnet's layers, so
    they are looked up by name."""
    out: dict[str, Operation] = {}
    with contextlib.suppress(ImportError):
        ical = importlib.import_module("relnet.interop.ical")
        importlib.import_module("icalendar")

        def to_ical(store: Store, work: Workload) -> object:
            return ical.to_ical(work.follow_ups, store, now=work.now)

        out["ical export"] = to_ical
    with contextlib.suppress(ImportError):
        csv = importlib.import_module("relnet.interop.csvexport")

        def to_csv(store: Store, work: Workload) -> object:
            return csv.write_follow_ups_csv(work.follow_ups, io.StringIO())

        out["csv export"] = to_csv
    return out


def default_operations() -> dict[str, Operation]:
    """The operations the contract checks: the agenda, the follow-ups, an explanation of
    each of a few contacts, and the iCalendar and CSV exports of the follow-ups."""
    return {
        "agenda": _agenda,
        "follow_ups": _follow_ups,
        "explain": _explain,
        **_exports(),
    }


def _span() -> tuple[pendulum.DateTime, pendulum.DateTime]:
    return (
        pendulum.datetime(2025, 1, 1, tz="Europe/London"),
        pendulum.datetime(2026, 1, 1, tz="Europe/London"),
    )


def _loaded(
    store: Store, contacts: int, interactions: int, seed: int
) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """Load a synthetic network of that size into ``store``; the span it covers."""
    start, end = _span()
    network(contacts, interactions, seed=seed, start=start, end=end).load_into(store)
    return start, end


def dismiss_open_things(
    store: Store, when: pendulum.DateTime, end: pendulum.DateTime
) -> list[ContactId]:
    """Dismiss, as of ``when``, every reply owed and every open intro loop then (each
    contact's current one): dismissals in proportion to the size of the network, whose
    newer messages and intros the engine must find without a call per dismissal. The
    contact ``access-newer`` is added, with a dismissed message and a newer one just
    before ``end``. Returns the contacts dismissed."""
    engine = Engine()
    people: list[ContactId] = []
    for item in engine.follow_ups(store, now=when).items:
        if item.reason in _OPEN_THINGS:
            engine.dismiss(store, item.contact, now=when, reason=item.reason)
            people.append(item.contact)
    # One contact more, whose dismissed message has a newer one they sent since, not
    # answered: the engine reads the touches after it (once) on every network.
    person = store.add_contact(Contact("Access Newer", id=ContactId("access-newer"))).id
    for key, at in (("access-dismissed", when.subtract(days=1)), ("access-newer", end)):
        store.add_interaction(
            Interaction(
                [person],
                at.subtract(seconds=1),
                Channel.EMAIL,
                direction=Direction.INBOUND,
                expects_reply=True,
                id=key,
            )
        )
        if key == "access-dismissed":
            engine.dismiss(store, person, now=when, reason=Reason.REPLY_OWED)
    people.append(person)
    return people


def access_counts(
    store: Store,
    size: tuple[int, int],
    operations: Mapping[str, Operation],
    *,
    seed: int = 21,
) -> dict[str, collections.Counter[str]]:
    """Load a synthetic network of ``size`` (contacts, interactions) into ``store`` (an
    empty one), dismiss its owed replies and open intros of some weeks before its end
    (:func:`dismiss_open_things`), and count, per operation, the calls it makes to the
    store's methods."""
    start, end = _span()
    net = network(size[0], size[1], seed=seed, start=start, end=end)
    net.load_into(store)
    dismiss_open_things(store, end.subtract(days=DISMISSED_DAYS_BEFORE), end)
    found = Engine().follow_ups(store, now=end).items
    people = tuple(dict.fromkeys(item.contact for item in found))[:EXPLAINED]
    work = Workload(net, end, people, tuple(found))
    out: dict[str, collections.Counter[str]] = {}
    for name, operation in operations.items():
        counter = CallCounter(store)
        operation(cast(Store, counter), work)
        out[name] = counter.calls
    return out


def grown_calls(
    small: Mapping[str, Mapping[str, int]],
    large: Mapping[str, Mapping[str, int]],
    sizes: Sequence[tuple[int, int]] = ACCESS_SIZES,
) -> list[str]:
    """One line per (operation, store method) called more often on the larger network
    than on the smaller one; none when every count stayed the same or fell."""
    (c1, i1), (c2, i2) = sizes
    lines = []
    for operation, calls in large.items():
        before = small.get(operation, {})
        for method, count in sorted(calls.items()):
            if count > before.get(method, 0):
                lines.append(
                    f"{operation}: store.{method} was called {before.get(method, 0)} times on "
                    f"{c1} contacts and {i1} interactions, {count} times on {c2} contacts "
                    f"and {i2} interactions"
                )
    return lines


def check_bounded_access(
    store_factory: StoreFactory,
    operations: Mapping[str, Operation] | None = None,
    *,
    sizes: tuple[tuple[int, int], tuple[int, int]] = ACCESS_SIZES,
    seed: int = 21,
) -> None:
    """Run ``operations`` (:func:`default_operations` by default) on two networks of
    ``sizes``, each in a new store from ``store_factory``, and raise AssertionError
    naming every store method whose number of calls grew with the data."""
    chosen = default_operations() if operations is None else operations
    counts = []
    for size in sizes:
        store = store_factory()
        try:
            counts.append(access_counts(store, size, chosen, seed=seed))
        finally:
            close_store(store)
    grown = grown_calls(counts[0], counts[1], sizes)
    if grown:
        raise AssertionError(
            "the number of store calls grew with the data (one call per item or per "
            "contact; read them in one call instead):\n" + "\n".join(grown)
        )


class AccessContract(ContractBase):
    """Bounded access (see :mod:`relnet.testing.contract.access`), and the lookup of
    interactions by instant of a store that declares it
    (:class:`~relnet.storage.InteractionsAt`), and its first meetings of a window
    (:class:`~relnet.storage.FirstMeetings`), its open commitments of chosen contacts
    (:class:`~relnet.storage.OpenCommitments`), and its reachable contacts beside their
    summaries (:class:`~relnet.storage.ReachableSummaries`)."""

    #: The two networks compared, (contacts, interactions) each.
    access_sizes: ClassVar[tuple[tuple[int, int], tuple[int, int]]] = ACCESS_SIZES

    def access_operations(self) -> Mapping[str, Operation]:
        """The operations checked; override to add operations of your own."""
        return default_operations()

    def test_interactions_at_lists_what_the_windows_of_its_instants_list(
        self, store_factory: StoreFactory
    ) -> None:
        """``interactions_at`` (:class:`~relnet.storage.InteractionsAt`) gives, in time
        order, what ``interactions(since=t, until=t + 1 µs)`` gives for each distinct
        instant asked, in whatever zone it is asked."""
        with self.fresh(store_factory) as store:
            if not isinstance(store, InteractionsAt):
                pytest.skip(f"{type(store).__name__} looks no interactions up by instant")
            start, end = _loaded(store, 20, 200, seed=5)
            listed = store.interactions()
            shared = listed[len(listed) // 2]
            person = shared.participants[0]
            for key in ("0-same-instant", "~same-instant"):
                store.add_interaction(Interaction([person], shared.at, Channel.CALL, id=key))
            listed = store.interactions()
            asked = [i.at for i in listed[::3]]
            asked += [pendulum.instance(i.at).in_timezone("Asia/Kathmandu") for i in listed[1::7]]
            asked += [shared.at, shared.at, end.add(days=400), start.subtract(days=1)]
            expected: list[Interaction] = []
            for at_us in sorted({epoch_us(at) for at in asked}):
                moment = EPOCH + dt.timedelta(microseconds=at_us)
                expected += store.interactions(
                    since=moment, until=moment + dt.timedelta(microseconds=1)
                )
            assert [i.id for i in store.interactions_at(asked)] == [i.id for i in expected]
            assert list(store.interactions_at(iter(asked))) == expected
            assert list(store.interactions_at([])) == []
            with pytest.raises(ValidationError) as refused:
                store.interactions_at([dt.datetime(2025, 6, 1, 12)])
            assert refused.value.field == "instants"

    def test_first_meetings_are_those_of_the_window_s_interactions(
        self, store_factory: StoreFactory
    ) -> None:
        """``first_meetings`` (:class:`~relnet.storage.FirstMeetings`) gives, for windows
        of a network with planned meetings, events and auto-replies, each participant's
        first meeting, call, video or event that is not an auto-reply, as the window's
        ``interactions(since=, until=)`` say; with ``contact=``, that contact's alone."""
        seeing = {Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT}
        with self.fresh(store_factory) as store:
            if not isinstance(store, FirstMeetings):
                pytest.skip(f"{type(store).__name__} finds no first meetings of its own")
            start, end = _loaded(store, 20, 200, seed=7)
            listed = store.interactions()
            person = listed[len(listed) // 2].participants[0]
            at = listed[len(listed) // 2].at
            store.add_interaction(
                Interaction([person], at, Channel.CALL, auto_reply=True, id="~auto-call")
            )
            instants = [i.at for i in store.interactions()[::17]]
            for since in [start, *instants]:
                for days in (1, 14, 90):
                    until = since + dt.timedelta(days=days)
                    expected: dict[ContactId, int] = {}
                    for interaction in store.interactions(since=since, until=until):
                        if interaction.channel in seeing and not interaction.auto_reply:
                            for who in interaction.participants:
                                expected.setdefault(who, epoch_us(interaction.at))
                    assert dict(store.first_meetings(since=since, until=until)) == expected
                    alone = store.first_meetings(since=since, until=until, contact=person)
                    assert dict(alone) == ({person: expected[person]} if person in expected else {})
            with pytest.raises(ValidationError) as refused:
                store.first_meetings(since=dt.datetime(2025, 6, 1, 12), until=end)
            assert refused.value.field == "since"

    def test_open_commitments_of_are_those_the_listing_gives(
        self, store_factory: StoreFactory
    ) -> None:
        """``open_commitments_of`` (:class:`~relnet.storage.OpenCommitments`) gives, for
        chosen contacts and days, what ``commitments(open_only=True)`` lists for the
        chosen contacts and for each contact owing a promise (owed by you) due by the
        day, in its order; a day that is not a date raises ValidationError."""
        with self.fresh(store_factory) as store:
            if not isinstance(store, OpenCommitments):
                pytest.skip(f"{type(store).__name__} reads no chosen contacts' commitments")
            start, _ = _loaded(store, 20, 200, seed=11)
            people = sorted(c.id for c in store.contacts())
            # Open and kept, owed both ways, some texts reading like a document's field.
            whats = ['"owed_by":"them"', "owed_by me", "the paper"]
            for n in range(24):
                store.add_commitment(
                    Commitment(
                        people[(n * 7) % len(people)],
                        whats[n % len(whats)],
                        start.date().add(days=(n * 37) % 90),
                        owed_by=(Party.ME, Party.THEM)[n % 2 if n < 12 else (n // 2) % 2],
                        done_on=start.date() if n % 5 == 4 else None,
                        id=f"~open-{n:02d}",
                    )
                )
            listed = store.commitments(open_only=True)
            days = sorted({c.due for c in store.commitments()})
            for chosen in ([], people[::3], people, [ContactId("~nobody")]):
                for by in [None, *days, start.date().subtract(days=1)]:
                    keep = set(chosen)
                    if by is not None:
                        keep |= {c.contact for c in listed if c.owed_by is Party.ME and c.due <= by}
                    expected = [c for c in listed if c.contact in keep]
                    assert list(store.open_commitments_of(chosen, promised_by=by)) == expected
            with pytest.raises(ValidationError) as refused:
                store.open_commitments_of([], promised_by="2025-06-01")  # type: ignore[arg-type]
            assert refused.value.field == "promised_by"

    def test_reachable_summaries_are_the_listing_s_and_the_summaries_by_id(
        self, store_factory: StoreFactory
    ) -> None:
        """``reachable_summaries`` (:class:`~relnet.storage.ReachableSummaries`) gives the
        contacts ``contacts(include_archived=False)`` lists and, beside each, the summary
        the store gives by id (None for an empty one of a contact no interaction names),
        for instants before, inside and after the network, again after writes to
        interactions and contacts, and after a transaction rolled back."""
        with self.fresh(store_factory) as store:
            if not isinstance(store, ReachableSummaries):
                pytest.skip(f"{type(store).__name__} hands over no reachable summaries")
            start, end = _loaded(store, 24, 240, seed=11)
            instants = [start.subtract(days=1), start.add(months=6), end, end.add(days=30)]

            def check() -> None:
                for now in [*instants, *instants[::-1]]:
                    people, summaries = store.reachable_summaries(now=now)
                    assert list(people) == list(store.contacts(include_archived=False))
                    by_id = touch_summaries_of(store, [c.id for c in people], now=now)
                    for contact, summary in zip(people, summaries, strict=True):
                        empty = TouchSummary(contact.id)
                        assert (summary or empty) == by_id[contact.id], contact.id
                        assert summary is None or summary.contact == contact.id

            check()
            listed = store.interactions()
            person = listed[len(listed) // 2].participants[0]
            quiet = store.add_contact(Contact("Quiet One", id="~quiet"))
            check()
            store.add_interaction(Interaction([quiet.id], start.add(months=6), Channel.CALL))
            store.add_interaction(
                Interaction([person], start.add(months=6), Channel.EMAIL, direction="inbound")
            )
            check()
            store.remove_interaction(listed[len(listed) // 2].id)
            archived = store.get_contact(person)
            store.update_contact(attrs.evolve(archived, status="archived"))
            check()
            with contextlib.suppress(RuntimeError), store.transaction():
                store.add_interaction(Interaction([quiet.id], end, Channel.MEETING, id="~undone"))
                store.update_contact(attrs.evolve(store.get_contact(quiet.id), name="Loud"))
                raise RuntimeError
            check()
            with pytest.raises(ValidationError) as refused:
                store.reachable_summaries(now=dt.datetime(2025, 6, 1, 12))
            assert refused.value.field == "now"

    def test_store_calls_do_not_grow_with_the_network(self, store_factory: StoreFactory) -> None:
        """An agenda, the follow-ups, explanations and the exports make as many store
        calls on a network three times larger."""
        check_bounded_access(store_factory, self.access_operations(), sizes=self.access_sizes)
