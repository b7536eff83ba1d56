"""The lower-bound and in-turns benchmarks run end to end at a small size (their timings
are never asserted)."""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FOLDER = Path(__file__).resolve().parents[2] / "benchmarks"
SMALL = ["--contacts", "30", "--interactions", "200", "--repeat", "1"]


def load(name: str) -> ModuleType:
    """A benchmark script as a module, its folder importable as the scripts expect."""
    spec = importlib.util.spec_from_file_location(f"{name}_benchmark", FOLDER / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _scripts_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(FOLDER))
    for name in ("lower_bound", "run"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_the_lower_bound_is_the_sum_of_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    found = load("lower_bound").main(SMALL)
    parts = ("read_s", "build_s", "words_s", "order_s")
    assert all(found[key] >= 0 for key in parts)
    assert found["bound_s"] == pytest.approx(sum(found[key] for key in parts))
    assert found["pandas_cadence_s"] > 0
    assert "bound_s" in capsys.readouterr().out


def test_in_turns_gives_each_figure_with_its_floor(capsys: pytest.CaptureFixture[str]) -> None:
    found = load("in_turns").main([*SMALL, "--bound"])
    assert set(found) == {
        "agenda_memory_s",
        "agenda_memory_unbounded_s",
        "follow_ups_memory_s",
        "health_memory_s",
        "health_after_write_s",
    }
    assert all(floor_cpu > 0 for _, _, floor_cpu, _ in found.values())
    out = capsys.readouterr().out
    assert "ratio cpu" in out
    assert "bound read_s" in out


def test_the_unbounded_agenda_has_a_bound_of_its_own() -> None:
    lower_bound = load("lower_bound")
    follow_ups = lower_bound.main(SMALL)
    unbounded = lower_bound.main([*SMALL, "--unbounded"])
    assert 0 < unbounded["items"] <= follow_ups["items"]
    parts = ("read_s", "build_s", "words_s", "order_s")
    assert unbounded["bound_s"] == pytest.approx(sum(unbounded[key] for key in parts))


def test_in_turns_keeps_the_figures_asked_for_and_times_additions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = load("in_turns").main([*SMALL, "--only", "health", "--incremental", "1"])
    assert set(found) == {"health_memory_s", "health_after_write_s"}
    out = capsys.readouterr().out
    assert out.count("incremental cpu") == 1
    assert "ratio" in out


def test_the_sqlite_bound_reads_the_file_against_the_group_by_floor() -> None:
    lower_bound = load("lower_bound")
    in_memory = lower_bound.main(SMALL)
    from_file = lower_bound.main([*SMALL, "--sqlite"])
    assert from_file["items"] == in_memory["items"]
    assert "pandas_cadence_s" not in from_file
    assert from_file["sql_last_touch_s"] > 0
    assert from_file["read_s"] > 0
    assert from_file["bound_ratio"] == pytest.approx(
        from_file["bound_s"] / from_file["sql_last_touch_s"]
    )


def test_the_bound_can_be_taken_with_the_collector_paused() -> None:
    found = load("lower_bound").main([*SMALL, "--pause-gc"])
    assert found["bound_s"] == pytest.approx(
        sum(found[key] for key in ("read_s", "build_s", "words_s", "order_s"))
    )
    assert gc.isenabled()
