"""Goal progress: counts and pace on a hand-built network, and properties of the pace."""

from __future__ import annotations

import doctest
import importlib

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.model import Contact, Goal, Interaction, InteractionId, Settings, Target
from relnet.policy import GoalProgress, Pace, goals_progress, progress
from relnet.storage import InMemoryStore

# ``relnet.policy.progress`` the function shadows the module of the same name as an
# attribute of ``relnet.policy``; import the module by its full name.
progress_module = importlib.import_module("relnet.policy.progress")

PARIS = "Europe/Paris"
NOW = pendulum.datetime(2026, 3, 15, 12, tz=PARIS)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, tz: str = PARIS
) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz=tz)


CHATS = Goal(
    "6 chats with data engineers",
    target=Target(6, tag="data", channels={"meeting", "video"}, start=pendulum.date(2026, 3, 1)),
    deadline=pendulum.date(2026, 3, 30),
    id="g-chats",
)
NEW_PEOPLE = Goal(
    "10 new data contacts",
    target=Target(10, measure="new_contacts", tag="data", start=pendulum.date(2026, 1, 1)),
    deadline=pendulum.date(2026, 6, 30),
    id="g-new",
)
GIVE = Goal(
    "Help two people",
    target=Target(2, measure="value_given"),
    deadline=pendulum.date(2026, 3, 31),
    id="g-give",
)
OPEN_ENDED = Goal("Stay close to Dee", contacts=["dee"], target=Target(3), id="g-dee")
PAUSED = Goal("Paused", target=Target(1), status="paused", id="g-paused")
NO_TARGET = Goal("Someday", id="g-none")


def build() -> InMemoryStore:
    return InMemoryStore.from_records(
        settings=Settings(timezone=PARIS),
        contacts=[
            Contact("Ada", id="ada", tags={"data"}, created_at=at(2026, 1, 10)),
            Contact("Bob", id="bob", tags={"data"}, created_at=at(2025, 12, 31, 23, 30)),
            Contact("Cy", id="cy"),
            Contact("Dee", id="dee"),
            Contact("Eve", id="eve", tags={"data"}, created_at=at(2026, 3, 20)),
            # 23:30 UTC on 31 December is 1 January in Paris: inside the window.
            Contact("Fay", id="fay", tags={"data"}, created_at=at(2025, 12, 31, 23, 30, tz="UTC")),
            Contact("Gil", id="gil", created_at=at(2026, 2, 1)),
        ],
        goals=[CHATS, NEW_PEOPLE, GIVE, OPEN_ENDED, PAUSED, NO_TARGET],
        interactions=[
            # 23:30 UTC on 28 February is 1 March in Paris: inside the window.
            Interaction(["ada"], at(2026, 2, 28, 23, 30, tz="UTC"), "meeting", id="i01"),
            Interaction(["ada"], at(2026, 2, 28, 22, 30, tz="UTC"), "meeting", id="i00"),
            Interaction(["ada"], at(2026, 3, 3, 12), "meeting", id="i03"),
            Interaction(["ada"], at(2026, 3, 4, 12), "note", id="i04"),
            Interaction(
                ["ada"],
                at(2026, 3, 5, 12),
                "email",
                direction="outbound",
                gave=["advice"],
                id="i05",
            ),
            Interaction(["cy"], at(2026, 3, 6, 12), "meeting", id="i06"),
            Interaction(["cy"], at(2026, 3, 7, 12), "video", goals=["g-chats"], id="i07"),
            Interaction(["bob", "cy"], at(2026, 3, 8, 12), "intro", direction="outbound", id="i08"),
            Interaction(["bob"], at(2026, 3, 10, 12), "video", id="i10"),
            Interaction(
                ["cy"],
                at(2026, 3, 11, 12),
                "email",
                direction="inbound",
                received=["advice"],
                id="i11",
            ),
            Interaction(["dee"], at(2026, 1, 2, 12), "call", id="i12"),
            Interaction(["dee"], at(2026, 2, 2, 12), "message", direction="inbound", id="i13"),
            Interaction(["ada"], at(2026, 3, 20, 12), "meeting", id="i20"),
        ],
    )


def test_docstring_examples_run() -> None:
    assert doctest.testmod(progress_module).failed == 0


def test_interactions_with_tagged_or_linked_people_in_the_window() -> None:
    result = progress(CHATS, build(), now=NOW)
    assert result.contributing == ("i01", "i03", "i07", "i10")
    assert result.count == 4
    assert result.target == 6
    assert result.expected == pytest.approx(3.0)  # 15 of 30 days
    assert result.pace is Pace.ON_TRACK
    assert result.fraction == pytest.approx(4 / 6)
    assert result.remaining == 2
    assert (result.start, result.deadline, result.as_of) == (
        pendulum.date(2026, 3, 1),
        pendulum.date(2026, 3, 30),
        pendulum.date(2026, 3, 15),
    )


def test_new_contacts_created_in_the_window() -> None:
    result = progress(NEW_PEOPLE, build(), now=NOW)
    assert result.contributing == ("fay", "ada")
    # 74 of 181 days: 4.09 expected, 2 counted; behind by more than one.
    assert result.expected == pytest.approx(10 * 74 / 181)
    assert result.pace is Pace.BEHIND


def test_value_given_with_anyone_and_the_start_from_the_first_counted() -> None:
    result = progress(GIVE, build(), now=NOW)
    assert result.contributing == ("i05", "i08")
    assert result.start == pendulum.date(2026, 3, 5)
    assert result.expected == pytest.approx(2 * 11 / 27)
    assert result.pace is Pace.AHEAD


def test_without_a_deadline_there_is_no_schedule() -> None:
    result = progress(OPEN_ENDED, build(), now=NOW)
    assert result.contributing == ("i12", "i13")
    assert result.expected is None
    assert result.pace is Pace.ON_TRACK
    assert result.start == pendulum.date(2026, 1, 2)


def test_notes_never_count_even_with_every_channel() -> None:
    anything = Goal("Anything with Ada", contacts=["ada"], target=Target(50), id="g-any")
    result = progress(anything, build(), now=NOW)
    assert result.contributing == ("i00", "i01", "i03", "i05")


def test_before_the_start_nothing_is_expected() -> None:
    early = progress(CHATS, build(), now=at(2026, 2, 20))
    assert early.expected == 0.0
    assert early.count == 0
    assert early.pace is Pace.ON_TRACK


def test_after_the_deadline_the_whole_target_is_expected() -> None:
    late = progress(CHATS, build(), now=at(2026, 5, 1))
    assert late.expected == pytest.approx(6.0)
    assert late.count == 5  # the planned meeting of 20 March has happened by now
    assert late.pace is Pace.ON_TRACK  # within one of six
    assert progress(NEW_PEOPLE, build(), now=at(2026, 8, 1)).pace is Pace.BEHIND


def test_without_a_start_and_nothing_counted_the_start_is_today() -> None:
    idle = Goal("Idle", target=Target(3, tag="nobody"), deadline=pendulum.date(2026, 3, 17))
    result = progress(idle, build(), now=NOW)
    assert result.start == pendulum.date(2026, 3, 15)
    assert result.expected == pytest.approx(1.0)
    assert result.pace is Pace.ON_TRACK
    last_day = progress(idle, build(), now=at(2026, 3, 17, 9))
    assert last_day.expected == pytest.approx(3.0)
    assert last_day.pace is Pace.BEHIND


def test_tolerance_is_ten_percent_or_one() -> None:
    store = InMemoryStore(Settings(timezone="UTC"))
    store.add_contact(Contact("Ada", id="ada"))
    for day in range(1, 32):
        for hour in range(3):
            store.add_interaction(
                Interaction(["ada"], pendulum.datetime(2026, 1, day, 8 + hour), "call")
            )

    def pace(target: int, now: pendulum.DateTime) -> tuple[int, float | None, Pace]:
        goal = Goal(
            "Calls",
            target=Target(target, start=pendulum.date(2026, 1, 1)),
            deadline=pendulum.date(2026, 1, 20),
        )
        result = progress(goal, store, now=now)
        return result.count, result.expected, result.pace

    evening = pendulum.datetime(2026, 1, 10, 23)  # 30 calls, half the window gone
    assert pace(66, evening) == (30, 33.0, Pace.ON_TRACK)  # 3 short, within 10% (3.3)
    assert pace(68, evening) == (30, 34.0, Pace.BEHIND)  # 4 short, beyond 10% (3.4)
    assert pace(54, evening) == (30, 27.0, Pace.AHEAD)  # 3 ahead, beyond 10% (2.7)
    assert pace(56, evening) == (30, 28.0, Pace.ON_TRACK)
    # Small numbers: one either way is on track, whatever 10% says.
    morning = pendulum.datetime(2026, 1, 1, 8)  # one call so far
    assert pace(40, morning) == (1, 2.0, Pace.ON_TRACK)
    assert pace(60, morning) == (1, 3.0, Pace.BEHIND)
    assert pace(1, morning) == (1, 0.05, Pace.ON_TRACK)
    assert pace(1, pendulum.datetime(2026, 1, 1, 10)) == (3, 0.05, Pace.AHEAD)


def test_a_goal_without_a_target_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        progress(NO_TARGET, build(), now=NOW)
    assert caught.value.field == "target"
    with pytest.raises(ValidationError):
        progress("g-chats", build(), now=NOW)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        progress(CHATS, build(), now=NOW.naive())


def test_goals_progress_lists_active_goals_with_targets_by_deadline() -> None:
    results = goals_progress(build(), now=NOW)
    assert [r.goal for r in results] == ["g-chats", "g-give", "g-new", "g-dee"]
    record = results[0].to_record()
    assert record == {
        "goal": "g-chats",
        "title": "6 chats with data engineers",
        "measure": "interactions",
        "count": 4,
        "target": 6,
        "fraction": pytest.approx(4 / 6),
        "expected": pytest.approx(3.0),
        "pace": "on_track",
        "start": "2026-03-01",
        "deadline": "2026-03-30",
        "as_of": "2026-03-15",
    }


# -- properties -------------------------------------------------------------------------

offsets = st.lists(st.integers(min_value=0, max_value=200 * 24), max_size=25)


@given(
    offsets,
    st.integers(1, 40),
    st.integers(0, 120),
    st.integers(0, 200 * 24),
    st.integers(0, 200 * 24),
    st.sampled_from(["UTC", PARIS, "Pacific/Auckland"]),
)
def test_count_and_expected_only_grow_with_time(
    hours: list[int], count: int, span_days: int, first: int, second: int, zone: str
) -> None:
    base = pendulum.datetime(2026, 1, 1, tz=zone)
    store = InMemoryStore(Settings(timezone=zone))
    store.add_contact(Contact("Ada", id="ada"))
    for n, hour in enumerate(hours):
        store.add_interaction(Interaction(["ada"], base.add(hours=hour), "call", id=f"i{n}"))
    start = pendulum.date(2026, 1, 20)
    goal = Goal(
        "Calls with Ada",
        contacts=["ada"],
        target=Target(count, start=start),
        deadline=start.add(days=span_days),
    )
    early, late = sorted((first, second))
    a = progress(goal, store, now=base.add(hours=early))
    b = progress(goal, store, now=base.add(hours=late))
    assert a.count <= b.count
    assert a.expected is not None
    assert b.expected is not None
    assert 0.0 <= a.expected <= b.expected <= count
    for result in (a, b):
        assert len(result.contributing) == result.count
        # The goal counts calls, so what contributes are interaction ids.
        for iid in result.contributing:
            day = store.get_interaction(InteractionId(iid)).at.in_timezone(zone).date()
            assert start <= day <= goal.deadline  # type: ignore[operator]
    if b.as_of >= goal.deadline:  # type: ignore[operator]
        assert b.expected == pytest.approx(count)


@given(st.integers(0, 500), st.floats(0, 500, allow_nan=False))
def test_pace_matches_its_definition(count: int, expected: float) -> None:
    result = GoalProgress(
        goal="g",  # type: ignore[arg-type]
        title="t",
        measure=Target(1).measure,
        count=count,
        target=1,
        expected=expected,
        pace=progress_module._pace(count, expected),
        start=pendulum.date(2026, 1, 1),
        deadline=pendulum.date(2026, 2, 1),
        as_of=pendulum.date(2026, 1, 15),
    )
    tolerance = max(1.0, 0.1 * expected)
    if abs(count - expected) <= tolerance:
        assert result.pace is Pace.ON_TRACK
    else:
        assert result.pace is (Pace.AHEAD if count > expected else Pace.BEHIND)
