"""The touches after a dismissed reply or intro: told by the summary when it can, else
read once for the whole run; the results are those of one read per contact."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Literal

import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import (
    Channel,
    Contact,
    ContactId,
    Direction,
    Dismissal,
    Interaction,
    TouchSummary,
    summarize,
)
from relnet.model.instants import EPOCH
from relnet.policy import Engine, Reason
from relnet.policy import dismissals as dismissals_module
from relnet.policy import engine as engine_module
from relnet.policy._later import Later
from relnet.storage import InMemoryStore, Store
from relnet.synth import network
from relnet.testing.contract.access import CallCounter, check_bounded_access, default_operations
from relnet.testing.reference import ReferenceStore
from tests.policy.views import every_view

START = pendulum.datetime(2025, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 7, 1, tz="Europe/London")
OPEN = (Reason.REPLY_OWED, Reason.INTRO_LOOP)
_KINDS: dict[str, tuple[Channel, Direction | None, bool | None]] = {
    "owed": (Channel.EMAIL, Direction.INBOUND, True),
    "heard": (Channel.MESSAGE, Direction.INBOUND, False),
    "replied": (Channel.EMAIL, Direction.OUTBOUND, False),
    "asked": (Channel.EMAIL, Direction.OUTBOUND, True),
    "met": (Channel.MEETING, None, None),
}


class PerContactLater(Later):
    """The plain path, as the engine read them before: one ``interactions`` call per
    question."""

    def summary(self, person: ContactId, at_us: int) -> TouchSummary:
        since = EPOCH + dt.timedelta(microseconds=at_us + 1)
        history = self._store.interactions(contact=person, since=since)
        return summarize(history, now=self._now, contacts=[person])[person]


def _unknown(
    summary: TouchSummary, field: str, at_us: int
) -> Literal[dismissals_module.Untold.UNTOLD]:
    return dismissals_module.Untold.UNTOLD


def _dismiss_open_things(store: Store, now: pendulum.DateTime, rounds: int) -> list[ContactId]:
    """Dismiss every owed reply and open intro, ``rounds`` times (a newer one that comes
    back is dismissed in the next round); the contacts dismissed."""
    engine = Engine()
    people: list[ContactId] = []
    for _ in range(rounds):
        for item in engine.follow_ups(store, now=now).items:
            if item.reason in OPEN:
                with contextlib.suppress(ValidationError):
                    engine.dismiss(store, item.contact, now=now, reason=item.reason)
                    people.append(item.contact)
    return list(dict.fromkeys(people))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 10_000),
    contacts=st.integers(3, 40),
    per_contact=st.integers(2, 25),
    dismissed_days=st.integers(-90, 0),
    days=st.integers(-30, 60),
    rounds=st.integers(1, 3),
    reference=st.booleans(),
    newer=st.lists(
        st.tuples(st.integers(0, 3), st.integers(-5, 40), st.sampled_from(sorted(_KINDS))),
        max_size=8,
    ),
)
@example(
    seed=1,
    contacts=5,
    per_contact=3,
    dismissed_days=-30,
    days=20,
    rounds=1,
    reference=False,
    newer=[(0, 5, "owed")],
)
@example(
    seed=2,
    contacts=5,
    per_contact=3,
    dismissed_days=-30,
    days=20,
    rounds=2,
    reference=True,
    newer=[(0, 5, "owed"), (0, 8, "replied"), (0, 10, "owed"), (0, 12, "heard")],
)
@example(
    seed=3,
    contacts=5,
    per_contact=3,
    dismissed_days=-30,
    days=25,
    rounds=2,
    reference=False,
    newer=[(0, 5, "heard"), (0, 8, "owed"), (0, 9, "owed"), (0, 10, "met")],
)
def test_results_equal_those_of_one_read_per_contact(
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    contacts: int,
    per_contact: int,
    dismissed_days: int,
    days: int,
    rounds: int,
    reference: bool,
    newer: list[tuple[int, int, str]],
) -> None:
    net = network(contacts, contacts * per_contact, seed=seed, start=START, end=END)
    store: Store
    if reference:
        store = ReferenceStore()
        net.load_into(store)
    else:
        store = net.to_store()
    dismissed_at = END.add(days=dismissed_days)
    # One contact whose message is owed a reply for sure, beside the network's.
    owed = store.add_contact(Contact("Owed Reply", id=ContactId("owed-reply"))).id
    store.add_interaction(
        Interaction(
            [owed],
            dismissed_at.subtract(days=2),
            Channel.EMAIL,
            direction=Direction.INBOUND,
            expects_reply=True,
            id="owed-0",
        )
    )
    people = [owed, *_dismiss_open_things(store, dismissed_at, rounds)][:4]
    # Messages after the dismissed ones: newer ones owed a reply, others, your replies.
    for n, (index, offset, kind) in enumerate(newer):
        if not people:
            break
        channel, direction, expects = _KINDS[kind]
        store.add_interaction(
            Interaction(
                [people[index % len(people)]],
                dismissed_at.add(days=offset, minutes=n),
                channel,
                direction=direction,
                expects_reply=expects,
                id=f"newer-{n}",
            )
        )
    if newer and rounds > 1:
        people += _dismiss_open_things(store, dismissed_at.add(days=20), 1)[:2]
    people += [c.id for c in net.contacts[::9]]
    now = dismissed_at.add(days=days)
    batched = every_view(store, now, people)
    with monkeypatch.context() as patch:
        patch.setattr(engine_module, "Later", PerContactLater)
        patch.setattr(dismissals_module, "newer_open", _unknown)
        plain = every_view(store, now, people)
    assert batched == plain


def test_a_run_reads_the_touches_after_dismissals_at_most_once() -> None:
    net = network(40, 800, seed=3, start=START, end=END)
    store = net.to_store()
    people = _dismiss_open_things(store, END.subtract(days=60), 2)
    assert people
    counter = CallCounter(store)
    engine = Engine()
    engine.follow_ups(counter, now=END)
    engine.agenda(counter, now=END)
    assert counter.calls["interactions"] <= 2 + 2  # the abouts' reads, and one each


def _summary(**fields: int | None) -> TouchSummary:
    return TouchSummary(ContactId("c"), **fields)  # type: ignore[arg-type]


def test_the_summary_tells_what_is_open_after_a_dismissed_message() -> None:
    newer = dismissals_module.newer_open
    # You reached them after it: what is open now is what is open after it.
    assert (
        newer(_summary(last_reach=20, pending_reply=30, last_inbound=30), "pending_reply", 10) == 30
    )
    assert newer(_summary(last_reach=20, last_inbound=15), "pending_reply", 10) is None
    # Not reached since: an open one later than it is the next one.
    assert (
        newer(_summary(last_reach=5, pending_reply=12, last_inbound=12), "pending_reply", 10) == 12
    )
    # Nothing heard since: nothing open after it.
    assert newer(_summary(pending_reply=10, last_inbound=10), "pending_reply", 10) is None
    assert newer(_summary(open_intro=10, last_inbound=10), "open_intro", 10) is None
    # Heard from them since, not reached: only the touches tell.
    assert newer(_summary(pending_reply=10, last_inbound=14), "pending_reply", 10) is (
        dismissals_module.Untold.UNTOLD
    )


def test_an_instant_before_the_dismissed_ones_is_read_for_its_contact() -> None:
    store = ReferenceStore()
    person = ContactId("c")
    dismissal = Dismissal(
        contact=person, reason="reply_owed", anchor="2025-03-01T00:00:00.000000Z", at=END
    )
    counter = CallCounter(store)
    later = Later(counter, END, [dismissal])
    assert later.summary(person, 0) == TouchSummary(person)
    assert later.summary(person, 1) == TouchSummary(person)
    assert counter.calls["interactions"] == 2
    later.summary(person, 10**16)
    later.summary(ContactId("d"), 10**16)
    assert counter.calls["interactions"] == 3


def test_the_access_check_fails_on_an_engine_that_reads_per_dismissal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "Later", PerContactLater)
    monkeypatch.setattr(dismissals_module, "newer_open", _unknown)
    with pytest.raises(AssertionError) as failed:
        check_bounded_access(InMemoryStore, {"follow_ups": default_operations()["follow_ups"]})
    assert "follow_ups: store.interactions was called" in str(failed.value)


def test_the_access_check_passes_with_dismissals_as_shipped() -> None:
    check_bounded_access(InMemoryStore)
    check_bounded_access(ReferenceStore)
