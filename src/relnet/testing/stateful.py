"""A Hypothesis state machine that runs a store side by side with the reference store.

Each step draws one operation (an add, an update, often stale, a removal, a ``forget``,
a dismissal added or removed, new settings) or a transaction of several that fails or
whose inner savepoint fails, and applies it to both stores. Both must answer alike (the
same value, or the same kind of error) and afterwards list exactly the same records; a
store that computes touch summaries must agree with the reference fold too. The reference is
:class:`~relnet.testing.reference.ReferenceStore` (plain dictionaries), so
:class:`~relnet.storage.InMemoryStore` is compared with it like any other store.

Ids come from small pools, so reused ids, unknown references and records that were
forgotten or removed come up all the time.

>>> from relnet import InMemoryStore
>>> Machine = comparison_machine(InMemoryStore)
>>> run_state_machine_as_test(Machine, settings=settings(max_examples=3))
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

import attrs
from hypothesis import settings  # noqa: F401 (used by the doctest)
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,  # noqa: F401 (used by the doctest)
)

from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Community,
    Contact,
    ContactId,
    ContactStatus,
    Direction,
    Dismissal,
    Event,
    Goal,
    GoalStatus,
    Interaction,
    Party,
    Profile,
    Value,
    epoch_us,
    summarize,
)
from relnet.serialization import to_dict
from relnet.storage import Store, SummarySource
from relnet.testing import strategies as rs
from relnet.testing.reference import ReferenceStore
from relnet.testing.snapshots import snapshot

__all__ = [
    "NOW",
    "AbortError",
    "Operation",
    "StoreComparison",
    "comparison_machine",
]

StoreFactory = Callable[[], Store]

CONTACT_IDS = ("ada", "bob", "Cy", "zoë", "😀", "o'neil")
INTERACTION_IDS = ("i1", "i2", "i3", "i4", "I5", "i6", "é7", "i8")
COMMITMENT_IDS = ("k1", "k2", "k3")
GOAL_IDS = ("g1", "g2")
COMMUNITY_IDS = ("c1", "c2")
EVENT_IDS = ("e1", "e2")

# A few instants (in microseconds) that interactions share, so that ties are common.
_POOL = tuple(
    epoch_us(rs.instant_at(us, "UTC"))
    for us in (
        1_700_000_000_000_000,
        1_700_000_000_500_000,
        1_700_003_600_000_000,
        1_700_086_400_000_000,
    )
)
#: The ``now`` at which summaries are compared: one of the shared instants.
NOW = rs.instant_at(_POOL[2], "Asia/Kathmandu")
_AT = st.one_of(
    st.builds(rs.instant_at, st.sampled_from(_POOL), st.sampled_from(rs.ZONES)),
    rs.instants(),
)


def _sample(options: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(tuple(options))


_CONTACT_ID = _sample(CONTACT_IDS)
_INTERACTION_ID = _sample(INTERACTION_IDS)
_COMMITMENT_ID = _sample(COMMITMENT_IDS)
_NAMES = _sample(["Ada", "Bob O'Brien", "Zoë 😀", "Robert'); DROP TABLE contacts;--", "nul\x00"])
_TAGS = st.frozensets(_sample(["vip", "python", "ü", "py%"]), max_size=2)
_STATUSES = _sample(ContactStatus)
_COMMUNITY_SETS = st.frozensets(_sample(COMMUNITY_IDS), max_size=1)
_VERSION_STEPS = _sample([0, 0, 0, -1, 1])
_INTRODUCERS = {
    person: st.none() | _sample([c for c in CONTACT_IDS if c != person]) for person in CONTACT_IDS
}
_DONE_ON = st.none() | rs.dates()
_VALUES = st.lists(_sample(Value), max_size=2)


@st.composite
def _contacts(draw: st.DrawFn) -> Contact:
    person = draw(_CONTACT_ID)
    return Contact(
        draw(_NAMES),
        id=person,
        status=draw(_STATUSES),
        tags=draw(_TAGS),
        introduced_by=draw(_INTRODUCERS[person]),
        communities=draw(_COMMUNITY_SETS),
        created_at=draw(st.none() | _AT),
        version=draw(st.integers(0, 2)),
    )


@st.composite
def _interactions(draw: st.DrawFn) -> Interaction:
    channel = draw(_sample(Channel))
    direction: Direction | None = None
    if channel.is_async:
        direction = draw(_sample([Direction.INBOUND, Direction.OUTBOUND]))
    people = draw(st.lists(_CONTACT_ID, min_size=1, max_size=3, unique=True))
    introducer = None
    if channel is Channel.INTRO and direction is Direction.INBOUND:
        introducer = draw(st.none() | _sample([c for c in CONTACT_IDS if c not in people]))
    return Interaction(
        people,
        draw(_AT),
        channel,
        direction=direction,
        expects_reply=draw(_sample([None, True, False])),
        auto_reply=draw(st.integers(0, 9)) == 0,
        gave=draw(_VALUES),
        received=draw(_VALUES),
        introduced_by=introducer,
        summary=draw(_NAMES),
        goals=draw(st.frozensets(_sample(GOAL_IDS), max_size=1)),
        event=draw(st.none() | _sample(EVENT_IDS)),
        id=draw(_INTERACTION_ID),
    )


_COMMITMENT = st.builds(
    Commitment,
    _CONTACT_ID,
    _NAMES,
    rs.dates(),
    owed_by=_sample(Party),
    done_on=_DONE_ON,
    id=_COMMITMENT_ID,
)
_RECORDS: dict[str, st.SearchStrategy[Any]] = {
    "add_contact": _contacts(),
    "add_interaction": _interactions(),
    "add_commitment": _COMMITMENT,
    "add_goal": st.builds(
        Goal,
        _NAMES,
        contacts=st.frozensets(_CONTACT_ID, max_size=2),
        weight=_sample([1.0, 0.5, 0.1]),
        status=_sample(GoalStatus),
        id=_sample(GOAL_IDS),
    ),
    "add_community": st.builds(Community, _NAMES, id=_sample(COMMUNITY_IDS)),
    "add_event": st.builds(
        Event, _NAMES, _AT, community=st.none() | _sample(COMMUNITY_IDS), id=_sample(EVENT_IDS)
    ),
    "set_settings": rs.settings(),
    "set_profile": st.builds(Profile, name=_NAMES, pitch=_NAMES, expertise=_TAGS),
}
_RECORDS["add_dismissal"] = st.builds(
    Dismissal,
    _CONTACT_ID,
    _sample(["nudge", "birthday", "keep_in_touch"]),
    _sample(["a", "B", "2026", "😀", "2026-03-01T09:00:00.000000Z"]),
    _AT,
)
_RECORDS["remove_dismissal"] = _RECORDS["add_dismissal"]
_RECORDS["update_goal"] = _RECORDS["add_goal"]
_KINDS = _sample(
    [
        *["add_contact"] * 2,
        *["update_contact"] * 2,
        *["add_interaction"] * 3,
        "remove_interaction",
        "add_commitment",
        "update_commitment",
        "add_goal",
        "update_goal",
        "add_community",
        "add_event",
        "set_settings",
        "set_profile",
        "forget",
        *["add_dismissal"] * 2,
        "remove_dismissal",
    ]
)


class AbortError(Exception):
    """Raised on purpose inside a transaction to make it fail."""


@attrs.frozen
class Operation:
    """One write, applied the same way to any store."""

    name: str
    args: tuple[Any, ...]

    def __call__(self, store: Store) -> Any:
        """Apply the write to ``store`` and return what it returned."""
        return getattr(store, self.name)(*self.args)

    def __repr__(self) -> str:
        shown = ", ".join(repr(a) if isinstance(a, str) else type(a).__name__ for a in self.args)
        return f"{self.name}({shown})"


def _outcome(operation: Operation, store: Store) -> tuple[str, Any]:
    try:
        result = operation(store)
    except (ConflictError, NotFoundError, ValidationError) as error:
        return ("error", type(error).__name__)
    return ("ok", None if result is None else to_dict(result))


class StoreComparison(RuleBasedStateMachine):
    """Drives ``factory()`` and a :class:`ReferenceStore` with the same random operations.

    Subclass it with ``factory`` set (or call :func:`comparison_machine`); each run gets
    a fresh store from the factory and closes it afterwards if it has ``close()``.
    """

    factory: ClassVar[StoreFactory | None] = None

    def __init__(self) -> None:
        super().__init__()
        factory = type(self).factory
        if factory is None:
            raise TypeError("set StoreComparison.factory to a callable returning an empty store")
        self.subject = factory()
        self.reference = ReferenceStore()

    def teardown(self) -> None:
        """Close the store under test."""
        close = getattr(self.subject, "close", None)
        if callable(close):
            close()

    # -- drawing operations ---------------------------------------------------------

    def _draw_operation(self, data: st.DataObject) -> Operation:
        kind = data.draw(_KINDS, label="operation")
        draw = data.draw
        ref = self.reference
        # Most operations name records that exist; the rest hit unknown or stale ids.
        valid = draw(st.integers(0, 4)) > 0
        people = [c.id for c in ref.contacts()]

        def known_person(person: str) -> str:
            if valid and people and person not in people:
                chosen: str = draw(_sample(people))
                return chosen
            return person

        if kind == "update_contact":
            return Operation(kind, (self._draw_contact_update(draw, valid, known_person),))
        if kind == "update_commitment":
            commitment_id = draw(_COMMITMENT_ID)
            try:
                stored = ref.get_commitment(commitment_id)
            except NotFoundError:
                stored = attrs.evolve(draw(_COMMITMENT), id=commitment_id)
            changed_commitment: Commitment = attrs.evolve(
                stored, contact=known_person(draw(_CONTACT_ID)), done_on=draw(_DONE_ON)
            )
            return Operation(kind, (changed_commitment,))
        if kind == "forget":
            return Operation(kind, (known_person(draw(_CONTACT_ID)),))
        if kind == "remove_dismissal":
            dismissed = ref.dismissals()
            pool = _sample(dismissed) if valid and dismissed else _RECORDS[kind]
            return Operation(kind, (draw(pool),))
        if kind == "remove_interaction":
            existing = [i.id for i in ref.interactions()]
            pool = _sample(existing) if valid and existing else _INTERACTION_ID
            return Operation(kind, (draw(pool),))
        record = draw(_RECORDS[kind])
        return Operation(kind, (self._pointed_at_known(record, known_person) if valid else record,))

    def _draw_contact_update(
        self, draw: Callable[..., Any], valid: bool, known_person: Callable[[str], str]
    ) -> Contact:
        contact_id = known_person(draw(_CONTACT_ID))
        try:
            current = self.reference.get_contact(ContactId(contact_id))
        except NotFoundError:
            current = Contact("Nobody", id=contact_id)
        changed = attrs.evolve(
            current,
            name=draw(_NAMES),
            status=draw(_STATUSES),
            tags=draw(_TAGS),
            introduced_by=draw(_INTRODUCERS[contact_id]),
            communities=draw(_COMMUNITY_SETS),
            version=max(0, current.version + draw(_VERSION_STEPS)),
        )
        return self._repair(changed) if valid else changed

    def _pointed_at_known(self, record: Any, known_person: Callable[[str], str]) -> Any:
        """``record`` naming people the reference store knows, and nothing it lacks."""
        if isinstance(record, Interaction):
            participants = list(dict.fromkeys(known_person(p) for p in record.participants))
            introducer = record.introduced_by
            record = attrs.evolve(
                record,
                participants=participants,
                introduced_by=None if introducer in participants else introducer,
            )
        elif isinstance(record, Commitment | Dismissal):
            record = attrs.evolve(record, contact=known_person(record.contact))
        return self._repair(record)

    def _repair(self, record: Any) -> Any:
        """``record`` with references to records the reference store lacks dropped."""
        ref = self.reference
        people = {c.id for c in ref.contacts()}
        if isinstance(record, Contact):
            introducer = record.introduced_by if record.introduced_by in people else None
            communities = {c.id for c in ref.communities()} & record.communities
            return attrs.evolve(record, introduced_by=introducer, communities=communities)
        if isinstance(record, Interaction):
            introducer = record.introduced_by
            if introducer not in people or introducer in record.participants:
                introducer = None
            events = {e.id for e in ref.events()}
            return attrs.evolve(
                record,
                introduced_by=introducer,
                goals={g.id for g in ref.goals()} & record.goals,
                event=record.event if record.event in events else None,
            )
        if isinstance(record, Goal):
            return attrs.evolve(record, contacts=people & record.contacts)
        if isinstance(record, Event) and record.community is not None:
            communities = {c.id for c in ref.communities()}
            return attrs.evolve(
                record, community=record.community if record.community in communities else None
            )
        return record

    def _apply(self, operation: Operation) -> None:
        expected = _outcome(operation, self.reference)
        actual = _outcome(operation, self.subject)
        assert actual == expected, f"{operation!r}: store gave {actual}, reference {expected}"

    # -- rules ----------------------------------------------------------------------

    @rule(data=st.data())
    def write(self, data: st.DataObject) -> None:
        """One write on its own."""
        self._apply(self._draw_operation(data))

    @rule(data=st.data())
    def failing_transaction(self, data: st.DataObject) -> None:
        """Several writes in a transaction that raises: neither store keeps any."""
        operations = [self._draw_operation(data) for _ in range(data.draw(st.integers(1, 4)))]
        outcomes = []
        for store in (self.reference, self.subject):
            seen: list[tuple[str, Any]] = []
            raised = False
            try:
                with store.transaction():
                    seen.extend(_outcome(operation, store) for operation in operations)
                    raise AbortError
            except AbortError:
                raised = True
            assert raised, "the transaction swallowed the exception"
            outcomes.append(seen)
        assert outcomes[1] == outcomes[0], f"store gave {outcomes[1]}, reference {outcomes[0]}"

    @rule(data=st.data())
    def transaction_with_failing_savepoint(self, data: st.DataObject) -> None:
        """Writes around an inner transaction that raises: only the inner ones vanish."""
        before = self._draw_operation(data)
        inner = [self._draw_operation(data) for _ in range(data.draw(st.integers(1, 3)))]
        after = self._draw_operation(data)
        outcomes = []
        for store in (self.reference, self.subject):
            seen: list[tuple[str, Any]] = []
            with store.transaction():
                seen.append(_outcome(before, store))
                with contextlib.suppress(AbortError), store.transaction():
                    for operation in inner:
                        _outcome(operation, store)
                    raise AbortError
                seen.append(_outcome(after, store))
            outcomes.append(seen)
        assert outcomes[1] == outcomes[0], f"store gave {outcomes[1]}, reference {outcomes[0]}"

    @invariant()
    def same_listings(self) -> None:
        """Both stores list the same records in the same order."""
        assert snapshot(self.subject) == snapshot(self.reference)

    @invariant()
    def same_summaries(self) -> None:
        """Native touch summaries agree with the reference fold."""
        if not isinstance(self.subject, SummarySource):
            return
        contact_ids = [c.id for c in self.reference.contacts()]
        expected = summarize(self.reference.interactions(), now=NOW, contacts=contact_ids)
        assert dict(self.subject.touch_summaries(now=NOW)) == dict(expected)


def comparison_machine(factory: StoreFactory) -> type[StoreComparison]:
    """A :class:`StoreComparison` subclass whose runs use stores made by ``factory``.

    Run it with :func:`hypothesis.stateful.run_state_machine_as_test`, or expose its
    ``TestCase`` attribute to unittest or pytest.
    """
    return type(
        "StoreComparisonFor" + getattr(factory, "__name__", "Store"),
        (StoreComparison,),
        {"factory": staticmethod(factory)},
    )
