"""InMemoryStore: references, conflicts, transactions, forget, ordering and filters."""

from __future__ import annotations

import random

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import (
    Commitment,
    CommitmentId,
    ConflictError,
    Contact,
    ContactId,
    ContactStatus,
    Dismissal,
    Goal,
    GoalId,
    InMemoryStore,
    Interaction,
    InteractionId,
    NotFoundError,
    Party,
    Settings,
    ValidationError,
)
from relnet.model import summarize
from relnet.testing import strategies as s

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    for name in ("ada", "bo", "cy"):
        store.add_contact(Contact(name.title(), id=name, tags={"team"} if name != "cy" else ()))
    return store


def test_a_new_store_has_utc_settings() -> None:
    assert InMemoryStore().get_settings() == Settings("UTC")


def test_reused_ids_conflict(store: InMemoryStore) -> None:
    with pytest.raises(ConflictError):
        store.add_contact(Contact("Another Ada", id="ada"))
    interaction = store.add_interaction(Interaction(["ada"], T0, "call", id="i1"))
    with pytest.raises(ConflictError):
        store.add_interaction(interaction)


def test_unknown_references_are_not_found(store: InMemoryStore) -> None:
    with pytest.raises(NotFoundError) as info:
        store.add_interaction(Interaction(["ada", "zed"], T0, "meeting"))
    assert (info.value.kind, info.value.id) == ("contact", "zed")
    assert isinstance(info.value, KeyError)
    assert store.interactions() == []
    with pytest.raises(NotFoundError):
        store.add_contact(Contact("Dee", introduced_by="zed"))
    with pytest.raises(NotFoundError):
        store.add_commitment(Commitment("zed", "x", pendulum.date(2026, 1, 1)))
    with pytest.raises(NotFoundError):
        store.add_goal(Goal("x", contacts={"zed"}))
    with pytest.raises(NotFoundError):
        store.get_contact(ContactId("zed"))
    with pytest.raises(NotFoundError):
        store.get_interaction(InteractionId("nope"))
    with pytest.raises(NotFoundError):
        store.forget(ContactId("zed"))


def test_update_contact_bumps_the_version(store: InMemoryStore) -> None:
    ada = store.get_contact(ContactId("ada"))
    updated = store.update_contact(attrs.evolve(ada, notes="likes engines"))
    assert updated.version == ada.version + 1
    assert store.get_contact(ContactId("ada")) == updated


def test_a_stale_update_conflicts_and_changes_nothing(store: InMemoryStore) -> None:
    first = store.get_contact(ContactId("ada"))
    store.update_contact(attrs.evolve(first, notes="one"))
    with pytest.raises(ConflictError):
        store.update_contact(attrs.evolve(first, notes="two"))
    assert store.get_contact(ContactId("ada")).notes == "one"


def test_a_transaction_rolls_back_everything_on_error(store: InMemoryStore) -> None:
    before = (store.contacts(), store.interactions(), store.get_settings())
    with pytest.raises(RuntimeError), store.transaction():
        store.add_contact(Contact("Dee", id="dee"))
        store.add_interaction(Interaction(["ada", "dee"], T0, "meeting"))
        store.update_contact(attrs.evolve(store.get_contact(ContactId("bo")), notes="changed"))
        store.set_settings(Settings("Asia/Tokyo"))
        raise RuntimeError("boom")
    assert (store.contacts(), store.interactions(), store.get_settings()) == before
    assert store.touch_summaries(now=T0)[ContactId("ada")].touches == 0


def test_a_failing_write_inside_a_transaction_can_be_caught_and_the_rest_commits(
    store: InMemoryStore,
) -> None:
    with store.transaction():
        store.add_contact(Contact("Dee", id="dee"))
        with pytest.raises(NotFoundError):
            store.add_interaction(Interaction(["ghost"], T0, "call"))
    assert store.get_contact(ContactId("dee")).name == "Dee"


def test_a_nested_transaction_is_a_savepoint(store: InMemoryStore) -> None:
    with store.transaction():
        store.add_interaction(Interaction(["ada"], T0, "call", id="kept"))
        with pytest.raises(ValueError, match="inner"), store.transaction():
            store.add_interaction(Interaction(["bo"], T0, "call", id="dropped"))
            raise ValueError("inner")
    assert [i.id for i in store.interactions()] == ["kept"]
    assert store.touch_summaries(now=T0)[ContactId("bo")].touches == 0


def test_interactions_come_in_time_order_across_zones(store: InMemoryStore) -> None:
    later_whole = pendulum.datetime(2026, 3, 2, 10, 0, 0, tz="UTC")
    earlier_fraction = pendulum.datetime(2026, 3, 2, 10, 0, 0, 500000, tz="UTC").subtract(seconds=1)
    tokyo = pendulum.datetime(2026, 3, 2, 18, 30, tz="Asia/Tokyo")  # 09:30 UTC
    for at, ident in [(later_whole, "c"), (earlier_fraction, "b"), (tokyo, "a")]:
        store.add_interaction(Interaction(["ada"], at, "call", id=ident))
    assert [i.id for i in store.interactions()] == ["a", "b", "c"]


def test_same_instant_ties_break_by_id(store: InMemoryStore) -> None:
    for ident in ("z", "m", "a"):
        store.add_interaction(Interaction(["ada"], T0, "call", id=ident))
    assert [i.id for i in store.interactions()] == ["a", "m", "z"]


def test_interaction_filters(store: InMemoryStore) -> None:
    for day in range(5):
        store.add_interaction(
            Interaction(["ada" if day % 2 else "bo"], T0.add(days=day), "call", id=f"d{day}")
        )
    store.add_interaction(
        Interaction(["cy"], T0, "intro", direction="inbound", introduced_by="ada", id="intro")
    )
    since, until = T0.add(days=1), T0.add(days=3)
    assert [i.id for i in store.interactions(since=since, until=until)] == ["d1", "d2"]
    assert [i.id for i in store.interactions(contact=ContactId("ada"))] == ["intro", "d1", "d3"]
    assert [
        i.id for i in store.interactions(contact=ContactId("ada"), since=since, until=until)
    ] == ["d1"]
    with pytest.raises(ValidationError):
        store.interactions(since=pendulum.naive(2026, 1, 1))


def test_contact_filters(store: InMemoryStore) -> None:
    store.update_contact(
        attrs.evolve(store.get_contact(ContactId("bo")), status=ContactStatus.ARCHIVED)
    )
    assert [c.id for c in store.contacts(tag="team")] == ["ada", "bo"]
    assert [c.id for c in store.contacts(include_archived=False)] == ["ada", "cy"]
    assert [c.id for c in store.contacts(tag="team", include_archived=False)] == ["ada"]


def test_forget_erases_the_person_and_what_was_only_about_them(store: InMemoryStore) -> None:
    store.add_contact(Contact("Dee", id="dee", introduced_by="ada"))
    store.add_goal(Goal("Learn", id="g", contacts={"ada", "bo"}))
    store.add_interaction(Interaction(["ada"], T0, "call", id="only-ada"))
    store.add_interaction(Interaction(["ada", "bo"], T0.add(hours=1), "meeting", id="both"))
    store.add_interaction(
        Interaction(
            ["cy"], T0.add(hours=2), "intro", direction="inbound", introduced_by="ada", id="intro"
        )
    )
    store.add_commitment(Commitment("ada", "Send slides", pendulum.date(2026, 3, 9), id="p"))
    store.add_commitment(Commitment("bo", "Review", pendulum.date(2026, 3, 9), owed_by=Party.THEM))
    store.add_dismissal(Dismissal("ada", "promise", "p", T0))
    store.add_dismissal(Dismissal("bo", "nudge", "x", T0))

    store.forget(ContactId("ada"))

    with pytest.raises(NotFoundError):
        store.get_contact(ContactId("ada"))
    assert {i.id for i in store.interactions()} == {"both", "intro"}
    assert store.get_interaction(InteractionId("both")).participants == ("bo",)
    assert store.get_interaction(InteractionId("intro")).introduced_by is None
    assert store.interactions(contact=ContactId("ada")) == []
    assert [c.contact for c in store.commitments()] == ["bo"]
    assert store.get_goal(GoalId("g")).contacts == frozenset({"bo"})
    assert store.get_contact(ContactId("dee")).introduced_by is None
    assert "ada" not in store.touch_summaries(now=T0.add(days=1))
    assert [d.contact for d in store.dismissals()] == ["bo"]


def test_forget_can_be_rolled_back(store: InMemoryStore) -> None:
    store.add_interaction(Interaction(["ada", "bo"], T0, "meeting", id="both"))
    kept = store.add_dismissal(Dismissal("ada", "keep_in_touch", "never", T0))
    with pytest.raises(RuntimeError), store.transaction():
        store.forget(ContactId("ada"))
        raise RuntimeError
    assert store.dismissals() == [kept]
    assert store.get_interaction(InteractionId("both")).participants == ("ada", "bo")
    assert store.touch_summaries(now=T0)[ContactId("ada")].touches == 1


def test_remove_interaction_updates_summaries(store: InMemoryStore) -> None:
    store.add_interaction(Interaction(["ada"], T0, "call", id="x"))
    store.remove_interaction(InteractionId("x"))
    assert store.touch_summaries(now=T0)[ContactId("ada")].last_touch is None
    with pytest.raises(NotFoundError):
        store.remove_interaction(InteractionId("x"))


def test_commitment_and_goal_listings(store: InMemoryStore) -> None:
    late = store.add_commitment(Commitment("ada", "b", pendulum.date(2026, 3, 9), id="late"))
    store.add_commitment(Commitment("bo", "a", pendulum.date(2026, 3, 1), id="early"))
    store.update_commitment(late.done(pendulum.date(2026, 3, 5)))
    assert [c.id for c in store.commitments()] == ["early", "late"]
    assert [c.id for c in store.commitments(open_only=True)] == ["early"]
    assert [c.id for c in store.commitments(contact=ContactId("ada"))] == ["late"]
    store.add_goal(Goal("B", id="gb", contacts={"bo"}))
    store.add_goal(Goal("A", id="ga", contacts={"ada"}))
    assert [g.id for g in store.goals()] == ["ga", "gb"]
    assert [g.id for g in store.goals(contact=ContactId("bo"))] == ["gb"]


@given(
    st.lists(s.interactions(["ada", "bo", "cy"]), max_size=25, unique_by=lambda i: i.id),
    s.instants(),
    st.randoms(),
)
def test_summaries_kept_while_adding_equal_the_reference_fold(
    interactions: list[Interaction], now: pendulum.DateTime, rnd: random.Random
) -> None:
    store = InMemoryStore()
    for name in ("ada", "bo", "cy"):
        store.add_contact(Contact(name, id=name))
    shuffled = list(interactions)
    rnd.shuffle(shuffled)
    for interaction in shuffled:
        store.add_interaction(interaction)
    expected = summarize(
        interactions, now=now, contacts=[ContactId("ada"), ContactId("bo"), ContactId("cy")]
    )
    assert dict(store.touch_summaries(now=now)) == dict(expected)


def test_copy_store_reproduces_a_store_with_introduction_chains() -> None:
    from relnet.serialization import dump_store
    from relnet.storage import copy_store

    source = InMemoryStore(settings=Settings("Asia/Tokyo"))
    # Ids sort against the introduction order: "a" was introduced by "b", "b" by "c".
    source.add_contact(Contact("C", id="c"))
    source.add_contact(Contact("B", id="b", introduced_by="c"))
    source.add_contact(Contact("A", id="a", introduced_by="b", version=2))
    source.add_interaction(Interaction(["a", "b"], T0, "meeting", id="m"))
    source.add_commitment(Commitment("a", "Send notes", pendulum.date(2026, 3, 9), id="p"))
    target = InMemoryStore()
    copy_store(source, target)
    assert dump_store(target) == dump_store(source)


def test_copy_records_writes_nothing_when_a_reference_is_missing() -> None:
    from relnet.storage import copy_records

    target = InMemoryStore()
    with pytest.raises(NotFoundError):
        copy_records(
            target,
            contacts=[Contact("A", id="a")],
            interactions=[Interaction(["a", "ghost"], T0, "call")],
        )
    assert target.contacts() == []


@given(data=st.data())
def test_summaries_follow_writes_interleaved_with_moving_now(data: st.DataObject) -> None:
    """Adds, removals, forgetting and rollbacks between queries at earlier and later
    ``now``s (some between planned interactions, some on their instants): every answer
    equals the reference fold of what the store then holds."""
    people = [ContactId("ada"), ContactId("bo"), ContactId("cy")]
    pool = data.draw(st.lists(s.instants(), min_size=1, max_size=5))
    at = st.sampled_from(pool)
    store = InMemoryStore()
    for name in people:
        store.add_contact(Contact(name, id=name))
    for step in range(data.draw(st.integers(1, 25))):
        action = data.draw(st.sampled_from(["add", "add", "remove", "query", "rollback"]))
        held = store.interactions()
        if action == "add" or (action == "remove" and not held):
            interaction = data.draw(s.interactions(people, at=at))
            if interaction.id not in {i.id for i in held}:
                store.add_interaction(interaction)
        elif action == "remove":
            store.remove_interaction(data.draw(st.sampled_from(held)).id)
        elif action == "rollback":
            extra = data.draw(s.interactions(people, at=at, ids=st.just(f"rolled-{step}")))
            with pytest.raises(RuntimeError), store.transaction():
                store.add_interaction(extra)
                raise RuntimeError("undo")
        _check_timeline(store)
        now = data.draw(st.one_of(at, s.instants()))
        chosen = data.draw(st.lists(st.sampled_from(people), unique=True))
        expected = summarize(store.interactions(), now=now, contacts=people)
        assert dict(store.touch_summaries(now=now)) == dict(expected)
        assert dict(store.touch_summaries(now=now, contacts=chosen)) == {
            c: expected[c] for c in chosen
        }
    if data.draw(st.booleans()):
        store.forget(ContactId("ada"))
        now = data.draw(at)
        expected = summarize(
            store.interactions(), now=now, contacts=[ContactId("bo"), ContactId("cy")]
        )
        assert dict(store.touch_summaries(now=now)) == dict(expected)
        _check_timeline(store)


def _check_timeline(store: InMemoryStore) -> None:
    """The store's timeline is every interaction in (instant, id) order, and its array
    of instants is theirs, one for one."""
    from relnet.model import epoch_us

    timeline = store._timeline
    assert sorted(store._interactions.values(), key=lambda i: (epoch_us(i.at), i.id)) == timeline
    assert list(store._instants) == [epoch_us(i.at) for i in timeline]


@given(data=st.data())
def test_searches_by_instant_equal_a_scan_of_the_timeline(data: st.DataObject) -> None:
    """``interactions(since=, until=)``, ``interactions_at`` and the sieve's start, which
    search the array of instants, give what a scan of every interaction gives: many
    interactions share an instant, written in different zones."""
    from relnet.model import epoch_us

    people = [ContactId("ada"), ContactId("bo")]
    pool = data.draw(st.lists(s.instants(), min_size=1, max_size=4))
    store = InMemoryStore()
    for name in people:
        store.add_contact(Contact(name, id=name))
    for interaction in data.draw(
        st.lists(s.interactions(people, at=st.sampled_from(pool)), max_size=12, unique_by=_id)
    ):
        store.add_interaction(interaction)
    _check_timeline(store)
    held = sorted(store._interactions.values(), key=lambda i: (epoch_us(i.at), i.id))
    probes = [*pool, *data.draw(st.lists(s.instants(), max_size=3))]
    for since in [None, *probes]:
        for until in [None, *probes]:
            low = None if since is None else epoch_us(since)
            high = None if until is None else epoch_us(until)
            expected = [
                i
                for i in held
                if (low is None or epoch_us(i.at) >= low)
                and (high is None or epoch_us(i.at) < high)
            ]
            assert list(store.interactions(since=since, until=until)) == expected
    asked = data.draw(st.lists(st.sampled_from(probes), max_size=6))
    wanted = {epoch_us(at) for at in asked}
    assert list(store.interactions_at(asked)) == [i for i in held if epoch_us(i.at) in wanted]


def _id(interaction: Interaction) -> str:
    return interaction.id


@given(st.lists(st.integers(0, 20)), st.integers(-1, 21), st.booleans())
def test_the_search_from_the_end_agrees_with_bisect(
    values: list[int], probe: int, right: bool
) -> None:
    """The store's search, which gallops back from the end, finds bisect's index."""
    import bisect

    from relnet.storage._history import search

    values.sort()
    expected = (bisect.bisect_right if right else bisect.bisect_left)(values, probe)
    assert search(values, probe, lambda v: v, right=right) == expected  # type: ignore[arg-type]


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["add", "rename", "archive", "forget", "failed"]), st.integers(0, 7)
        ),
        max_size=25,
    )
)
def test_the_kept_listing_follows_every_write_and_rollback(steps: list[tuple[str, int]]) -> None:
    """``contacts()`` keeps its id-ordered lists (everyone, the reachable) between writes:
    after any mix of adds, updates, archiving, erasures and rolled-back transactions they
    equal a fresh sort of the table."""
    store = InMemoryStore()
    for action, n in steps:
        person = ContactId(f"p{n}")
        present = person in {c.id for c in store.contacts()}
        if action == "add" and not present:
            store.add_contact(Contact(f"Person {n}", id=person))
        elif action == "rename" and present:
            current = store.get_contact(person)
            store.update_contact(attrs.evolve(current, name=current.name + "!"))
        elif action == "archive" and present:
            current = store.get_contact(person)
            store.update_contact(attrs.evolve(current, status=ContactStatus.ARCHIVED))
        elif action == "forget" and present:
            store.forget(person)
        elif action == "failed":
            with pytest.raises(RuntimeError), store.transaction():
                if present:
                    store.forget(person)
                else:
                    store.add_contact(Contact(f"Person {n}", id=person))
                store.contacts()  # the listing is rebuilt inside the transaction
                raise RuntimeError("undo")
        table = store._contacts
        assert store.contacts() == [table[key] for key in sorted(table)]
        reachable = [table[key] for key in sorted(table) if table[key].reachable]
        assert store.contacts(include_archived=False) == reachable
        listed = store.contacts()
        assert isinstance(listed, list)
        listed.clear()  # a caller's copy: the store's own list is untouched
        assert len(store.contacts()) == len(table)


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["add", "done", "move", "remove", "forget", "failed"]),
            st.integers(0, 5),
            st.integers(-3, 3),
        ),
        max_size=25,
    )
)
def test_the_kept_commitment_listing_follows_every_write_and_rollback(
    steps: list[tuple[str, int, int]],
) -> None:
    """``commitments()`` keeps its lists by due date (every commitment, the open ones)
    between writes: after any mix of adds, updates, removals, erasures and rolled-back
    transactions they equal a fresh sort of the table, and a caller's copy is its own."""
    day = T0.date()
    store = InMemoryStore()
    for person in ("ada", "bo"):
        store.add_contact(Contact(person.title(), id=person))
    for action, n, shift in steps:
        key = CommitmentId(f"c{n}")
        present = key in {c.id for c in store.commitments()}
        people = {c.id for c in store.contacts()}
        owner = ContactId("ada" if n % 2 or "bo" not in people else "bo")
        due = day.add(days=shift)
        if action == "add" and not present:
            store.add_commitment(Commitment(owner, "x", due, id=key))
        elif action == "done" and present:
            store.update_commitment(store.get_commitment(key).done(day))
        elif action == "move" and present:
            store.update_commitment(attrs.evolve(store.get_commitment(key), due=due))
        elif action == "remove" and present:
            store.remove_commitment(key)
        elif action == "forget" and "bo" in people:
            store.forget(ContactId("bo"))
        elif action == "failed":
            with pytest.raises(RuntimeError), store.transaction():
                if present:
                    store.remove_commitment(key)
                else:
                    store.add_commitment(Commitment("ada", "y", due, id=key))
                store.commitments(open_only=True)  # the lists are rebuilt inside it
                raise RuntimeError("undo")
        everything = sorted(store._commitments.values(), key=lambda c: (c.due, c.id))
        assert store.commitments() == everything
        assert store.commitments(open_only=True) == [c for c in everything if c.is_open]
        listed = store.commitments()
        assert isinstance(listed, list)
        listed.clear()
        assert len(store.commitments()) == len(store._commitments)
