"""Plots render to non-empty PNG images with the Agg backend."""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates
import matplotlib.image
import matplotlib.pyplot as plt
import pendulum
import pytest

from relnet import Channel, Circle, Contact, Goal, InMemoryStore, Interaction, Store
from relnet.errors import ValidationError
from relnet.interop import plots


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _assert_rendered(axes: Any, path: Path) -> None:
    axes.figure.savefig(path, format="png", dpi=60)
    assert path.stat().st_size > 2_000
    pixels = matplotlib.image.imread(path)
    assert pixels.std() > 0.01  # not one flat colour


def test_health_from_counts(tmp_path: Path) -> None:
    counts = {
        "close": {"on track": 4, "due": 1, "overdue": 2},
        "inner": {"on_track": 2, "never contacted": 1},
        "network": {"dormant": 10, "due": 3, "lost": 1},
    }
    axes = plots.health_from_counts(counts)
    _assert_rendered(axes, tmp_path / "health.png")
    assert [t.get_text() for t in axes.get_yticklabels()] == ["inner", "close", "network"]
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert legend == ["on track", "due", "overdue", "dormant", "never contacted", "lost"]
    widths = sorted(patch.get_width() for patch in axes.patches)
    assert sum(widths) == 24


def test_health_from_counts_draws_on_a_given_axes(tmp_path: Path) -> None:
    _, axes = plt.subplots()
    assert plots.health_from_counts({}, ax=axes) is axes
    _assert_rendered(axes, tmp_path / "empty.png")


def test_health_refuses_negative_counts() -> None:
    with pytest.raises(ValidationError):
        plots.health_from_counts({"close": {"due": -1}})


def _install(monkeypatch: pytest.MonkeyPatch, name: str, **functions: Any) -> None:
    module = types.ModuleType(name)
    for key, value in functions.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


@pytest.mark.parametrize("shape", ["counts", "per_contact", "object"])
def test_health_uses_the_strength_module(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shape: str,
    network: InMemoryStore,
    now: pendulum.DateTime,
) -> None:
    store = network
    seen: dict[str, Any] = {}

    def health(store_: Store, *, now: dt.datetime) -> Any:
        seen["now"] = now
        states = {"ada": "on_track", "grace": "overdue", "alan": "never_contacted", "joan": "due"}
        if shape == "per_contact":
            return states
        counts = {"close": {"on track": 1}, "network": {"overdue": 1, "due": 1}}
        return types.SimpleNamespace(counts=counts) if shape == "object" else counts

    _install(monkeypatch, "relnet.policy.strength", health=health)
    axes = plots.health(store, now=now)
    assert seen["now"] == now
    _assert_rendered(axes, tmp_path / "health.png")
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[:2] == ["close", "network"]


def test_timeline(tmp_path: Path, network: InMemoryStore, now: pendulum.DateTime) -> None:
    store = network
    axes = plots.timeline(store, "grace", now=now)
    _assert_rendered(axes, tmp_path / "timeline.png")
    labels = axes.get_legend_handles_labels()[1]
    assert {"within cadence", "overdue", "inbound", "outbound", "today"} <= set(labels)
    assert "every 6 weeks" in axes.get_title()


def test_timeline_without_touches_or_cadence(tmp_path: Path, network: InMemoryStore) -> None:
    store = network
    nobody = store.add_contact(Contact("Nobody Yet", id="nobody", circle=Circle.ACQUAINTANCE))
    axes = plots.timeline(store, nobody)
    _assert_rendered(axes, tmp_path / "empty-timeline.png")
    assert any(t.get_text() == "no touches yet" for t in axes.texts)
    assert axes.get_title() == "Nobody Yet: touches"


def test_timeline_of_someone_never_touched_shows_the_first_cycle(
    tmp_path: Path, network: InMemoryStore, now: pendulum.DateTime
) -> None:
    store = network
    axes = plots.timeline(store, "alan", now=now)  # an introducer: one touch, no cadence
    _assert_rendered(axes, tmp_path / "alan.png")
    assert "inbound" in axes.get_legend_handles_labels()[1]


def test_goal_from_points(tmp_path: Path) -> None:
    dates = [dt.date(2026, 1, 5), dt.date(2026, 1, 20), dt.date(2026, 2, 14)]
    axes = plots.goal_from_points(dates, [1, 2, 4], 6, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    _assert_rendered(axes, tmp_path / "goal.png")
    assert "target 6" in axes.get_legend_handles_labels()[1]


def test_goal_from_points_checks_its_input() -> None:
    with pytest.raises(ValidationError):
        plots.goal_from_points(
            [dt.date(2026, 1, 1)], [], 3, dt.date(2026, 1, 1), dt.date(2026, 2, 1)
        )
    with pytest.raises(ValidationError):
        plots.goal_from_points([], [], 3, dt.date(2026, 2, 1), dt.date(2026, 1, 1))


@pytest.mark.parametrize("lists_what_it_counted", [True, False])
def test_goal_uses_the_progress_module(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    network: InMemoryStore,
    now: pendulum.DateTime,
    lists_what_it_counted: bool,
) -> None:
    network.add_interaction(
        Interaction(
            ("grace",), pendulum.datetime(2025, 12, 1, 9, tz="UTC"), Channel.MEETING, id="m2"
        )
    )
    goal = network.get_goal("g1")
    calls: list[dt.datetime] = []

    def progress(goal_: Goal, store_: Store, *, now: dt.datetime) -> Any:
        calls.append(now)
        counted = tuple(
            i.id
            for i in store_.interactions(until=now)
            if i.channel is Channel.MEETING and set(i.participants) & goal_.contacts
        )
        result = types.SimpleNamespace(
            count=len(counted), target=6, expected=2.5, pace="behind", measure="interactions"
        )
        if lists_what_it_counted:
            result.contributing = counted
        return result

    _install(monkeypatch, "relnet.policy.progress", progress=progress)
    axes = plots.goal(goal, network, now=now)
    _assert_rendered(axes, tmp_path / "goal.png")
    assert axes.get_title() == "Six coffee chats: 2 of 6 (behind)"
    assert calls[0] == now
    assert all(call <= now for call in calls)
    assert len(calls) == 1 if lists_what_it_counted else len(calls) > 2
    steps = next(line for line in axes.get_lines() if line.get_label() == "progress")
    counts = [int(y) for y in steps.get_ydata()]
    dates = [matplotlib.dates.num2date(x).date() for x in steps.get_xdata()]
    assert counts == sorted(counts)
    assert (dates[0], counts[0]) == (dt.date(2025, 6, 1), 0)  # the target's start
    assert (dates[-1], counts[-1]) == (dt.date(2026, 3, 1), 2)  # today
    first_reached = {n: dates[counts.index(n)] for n in (1, 2)}
    assert first_reached == {1: dt.date(2025, 7, 1), 2: dt.date(2025, 12, 1)}
    if lists_what_it_counted:
        assert counts == [0, 1, 2, 2]


def test_goal_needs_a_target_and_deadline() -> None:
    with pytest.raises(ValidationError):
        plots.goal(Goal("Vague"), InMemoryStore(), now=pendulum.datetime(2026, 1, 1))


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"relnet\[plot\]"):
        plots.health_from_counts({})
