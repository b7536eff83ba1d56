"""Plots render to non-empty PNG images with the Agg backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pendulum
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from relnet import (
    Channel,
    Circle,
    Contact,
    Goal,
    GoalId,
    InMemoryStore,
    Interaction,
    Target,
    TargetMeasure,
)
from relnet.errors import ValidationError
from relnet.interop import plots
from relnet.interop._extras import missing_extra
from relnet.policy import strength
from relnet.policy.progress import progress


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _assert_rendered(axes: Axes, path: Path) -> None:
    figure = axes.get_figure(root=True)
    assert figure is not None
    figure.savefig(path, format="png", dpi=60)
    assert path.stat().st_size > 2_000
    pixels = matplotlib.image.imread(path)
    assert pixels.std() > 0.01  # not one flat colour


def _legend_texts(axes: Axes) -> list[str]:
    legend = axes.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _bar_widths(axes: Axes) -> list[float]:
    widths = []
    for patch in axes.patches:
        assert isinstance(patch, Rectangle)  # a bar chart draws only bars
        widths.append(patch.get_width())
    return widths


def _progress_steps(axes: Axes) -> tuple[list[dt.date], list[int]]:
    """The dates and counts of a goal chart's "progress" steps."""
    steps = next(line for line in axes.get_lines() if line.get_label() == "progress")
    xs, ys = np.asarray(steps.get_xdata()), np.asarray(steps.get_ydata())
    return [matplotlib.dates.num2date(x).date() for x in xs], [int(y) for y in ys]


def test_health_from_counts(tmp_path: Path) -> None:
    counts = {
        "close": {"on track": 4, "due": 1, "overdue": 2},
        "inner": {"on_track": 2, "never contacted": 1},
        "network": {"dormant": 10, "due": 3, "lost": 1},
    }
    axes = plots.health_from_counts(counts)
    _assert_rendered(axes, tmp_path / "health.png")
    assert [t.get_text() for t in axes.get_yticklabels()] == ["inner", "close", "network"]
    legend = _legend_texts(axes)
    assert legend == ["on track", "due", "overdue", "dormant", "never contacted", "lost"]
    widths = sorted(_bar_widths(axes))
    assert sum(widths) == 24


def test_health_legend_covers_no_bar(tmp_path: Path) -> None:
    """The legend sits outside the axes, so even the longest bar shows whole."""
    counts = {"inner": {"on track": 30}, "close": {"due": 2}, "network": {"overdue": 1}}
    axes = plots.health_from_counts(counts)
    figure = axes.get_figure()
    assert isinstance(figure, matplotlib.figure.Figure)
    figure.savefig(tmp_path / "health.png")
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    legend = axes.get_legend()
    assert legend is not None
    box = legend.get_window_extent(renderer)
    for bar in axes.patches:
        assert not box.overlaps(bar.get_window_extent(renderer))
    assert box.x0 >= axes.get_window_extent(renderer).x1
    figure_box = figure.get_window_extent(renderer)
    assert box.x1 <= figure_box.x1


def test_health_from_counts_draws_on_a_given_axes(tmp_path: Path) -> None:
    _, axes = plt.subplots()
    assert plots.health_from_counts({}, ax=axes) is axes
    _assert_rendered(axes, tmp_path / "empty.png")


def test_health_refuses_negative_counts() -> None:
    with pytest.raises(ValidationError):
        plots.health_from_counts({"close": {"due": -1}})


def test_health_draws_what_strength_counts(
    tmp_path: Path, network: InMemoryStore, now: pendulum.DateTime
) -> None:
    counts = strength.health(network, now=now).counts
    axes = plots.health(network, now=now)
    _assert_rendered(axes, tmp_path / "health.png")
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels == [c.value for c in Circle]  # every circle has a row, empty or not
    widths = sum(_bar_widths(axes))
    assert widths == sum(sum(row.values()) for row in counts.values()) == 4
    legend = _legend_texts(axes)
    assert legend == ["on track", "overdue"]


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


def test_goal_draws_what_progress_counted(
    tmp_path: Path, network: InMemoryStore, now: pendulum.DateTime
) -> None:
    network.add_interaction(
        Interaction(
            ("grace",), pendulum.datetime(2025, 12, 1, 9, tz="UTC"), Channel.MEETING, id="m2"
        )
    )
    goal = network.get_goal(GoalId("g1"))
    current = progress(goal, network, now=now)
    assert current.contributing == ("i1", "m2")
    axes = plots.goal(goal, network, now=now)
    _assert_rendered(axes, tmp_path / "goal.png")
    assert axes.get_title() == "Six coffee chats: 2 of 6 (behind)"
    dates, counts = _progress_steps(axes)
    assert counts == [0, 1, 2, 2]
    assert dates == [
        dt.date(2025, 6, 1),  # the target's start
        dt.date(2025, 7, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 3, 1),  # today
    ]


def test_goal_of_new_contacts_steps_on_their_creation_dates(
    tmp_path: Path, network: InMemoryStore, now: pendulum.DateTime
) -> None:
    for day, person in ((2, "kim"), (20, "lee")):
        network.add_contact(
            Contact(
                person.title(),
                id=person,
                tags={"hiring"},
                created_at=pendulum.datetime(2026, 1, day, 10, tz="Europe/Paris"),
            )
        )
    goal = Goal(
        "Meet recruiters",
        deadline=dt.date(2026, 12, 31),
        target=Target(4, TargetMeasure.NEW_CONTACTS, tag="hiring", start=dt.date(2026, 1, 1)),
        id="g-new",
    )
    network.add_goal(goal)
    axes = plots.goal(goal, network, now=now)
    _assert_rendered(axes, tmp_path / "new.png")
    dates, counts = _progress_steps(axes)
    assert counts == [0, 1, 2, 2]
    assert dates[1:3] == [dt.date(2026, 1, 2), dt.date(2026, 1, 20)]


def test_goal_needs_a_target_and_deadline() -> None:
    with pytest.raises(ValidationError):
        plots.goal(Goal("Vague"), InMemoryStore(), now=pendulum.datetime(2026, 1, 1))


def test_a_missing_extra_is_named_in_the_error() -> None:
    error = missing_extra("matplotlib", "plot")
    assert isinstance(error, ImportError)
    assert "relnet[plot]" in str(error)
