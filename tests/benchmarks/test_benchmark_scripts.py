"""The benchmark script runs end to end at a small size (its timings are never asserted)."""

from __future__ import annotations

import importlib.util
import json
import math
import os
from pathlib import Path

from tests.benchmarks.scripts import run_script

FIGURES = (
    "agenda_memory_s",
    "agenda_sqlite_cold_s",
    "sql_last_touch_s",
    "agenda_sqlite_ratio",
    "pandas_cadence_s",
    "agenda_pandas_ratio",
    "import_sqlite_s",
    "raw_sqlite_insert_s",
    "import_ratio",
    "incremental_ms",
    "incremental_small_ms",
    "incremental_ratio",
    "bytes_per_interaction",
    "follow_ups_memory_s",
    "follow_ups_pandas_ratio",
    "health_memory_s",
    "health_pandas_ratio",
    "follow_ups_sqlite_cold_s",
    "follow_ups_sqlite_ratio",
    "mail_stdlib_s",
    "mail_capture_s",
    "mail_capture_ratio",
    "mail_recapture_s",
    "mail_recapture_ratio",
    "cli_version_s",
    "cli_agenda_s",
    "cli_show_s",
    "cli_contacts_s",
    "cli_health_s",
)
POSTGRES_FIGURES = (
    "postgres_import_s",
    "postgres_last_touch_s",
    "agenda_postgres_cold_s",
    "agenda_postgres_ratio",
    "follow_ups_postgres_cold_s",
    "follow_ups_postgres_ratio",
)
#: Figures measured only where the ``mcp`` package is installed.
MCP_FIGURES = ("mcp_agenda_ms", "mcp_get_contact_ms", "mcp_get_contact_typical_ms")
#: Every figure this environment must produce.
EXPECTED = FIGURES + (MCP_FIGURES if importlib.util.find_spec("mcp") is not None else ())


def test_the_benchmark_runs_and_writes_every_figure(tmp_path: Path) -> None:
    """A small run prints each figure and writes every key, each a positive number."""
    out = tmp_path / "figures.json"
    result = run_script(
        "run.py",
        *("--contacts", "200", "--interactions", "2000", "--repeat", "1"),
        *("--messages", "300", "--json", str(out)),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in EXPECTED:
        assert key in figures, key
        value = figures[key]
        assert isinstance(value, int | float), key
        assert not isinstance(value, bool), key
        assert value > 0, key
        assert key in result.stdout
    assert figures["parameters"]["contacts"] == 200
    assert figures["parameters"]["interactions"] == 2000
    assert figures["machine"]["cpus"] >= 1
    assert "machine:" in result.stdout
    if os.environ.get("RELNET_TEST_POSTGRES_DSN"):
        for key in POSTGRES_FIGURES:
            assert figures[key] > 0, key
    else:
        assert "postgres: skipped" in result.stdout
        assert not any(key in figures for key in POSTGRES_FIGURES)


def test_the_cost_curve_draws_every_series_with_its_slope(tmp_path: Path) -> None:
    """Two small sizes give a plot, a row per size and a finite slope per series."""
    image, out = tmp_path / "curve.png", tmp_path / "curve.json"
    result = run_script(
        "curve.py",
        *("--sizes", "60", "120", "--repeat", "1", "--out", str(image), "--json", str(out)),
    )
    assert result.returncode == 0, result.stderr
    assert image.read_bytes().startswith(b"\x89PNG")
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["sizes"] == [60, 120]
    assert len(figures["seconds"]) == 2
    # Every series drawn has its slope; the import's seconds are kept beside them.
    assert set(figures["slopes"]) | {"import_sqlite"} == set(figures["seconds"][0])
    for key, value in figures["slopes"].items():
        assert math.isfinite(value), key
    assert result.stdout.count("slope ") == len(figures["slopes"])
    for key in figures["seconds"][0]:  # each figure printed as soon as it is measured
        assert f"  120: {key} " in result.stdout, key


def test_the_cost_curve_reuses_sizes_measured_before(tmp_path: Path) -> None:
    """``--reuse`` draws the rows of an earlier run again, beside newly measured sizes."""
    first = tmp_path / "first.json"
    rows = [
        dict.fromkeys(("agenda_memory", "unbounded_memory"), 0.5) | _rest(1.0),
        dict.fromkeys(("agenda_memory", "unbounded_memory"), 1.0) | _rest(2.0),
    ]
    first.write_text(json.dumps({"sizes": [40, 80], "seconds": rows}), encoding="utf-8")
    out = tmp_path / "both.json"
    result = run_script(
        "curve.py",
        *("--sizes", "60", "--repeat", "1", "--out", str(tmp_path / "c.png")),
        *("--json", str(out), "--reuse", str(first)),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["sizes"] == [40, 60, 80]
    assert figures["seconds"][0] == rows[0]
    assert figures["seconds"][2] == rows[1]
    assert result.stdout.count("(reused)") == 2


def _rest(seconds: float) -> dict[str, float]:
    keys = ("follow_ups_memory", "pandas", "agenda_sqlite", "unbounded_sqlite")
    return dict.fromkeys((*keys, "follow_ups_sqlite", "sql_floor"), seconds)


def test_the_cost_curve_needs_two_sizes(tmp_path: Path) -> None:
    """One size cannot give a slope: a usage error, not a plot."""
    result = run_script("curve.py", "--sizes", "50", timeout=120)
    assert result.returncode == 2
    assert "at least two different sizes" in result.stderr


def test_the_benchmark_can_time_the_command_alone(tmp_path: Path) -> None:
    """``--cli-only`` writes the cli_* figures and nothing else."""
    out = tmp_path / "figures.json"
    args = ["--contacts", "100", "--interactions", "800", "--repeat", "1", "--cli-only"]
    result = run_script("run.py", *args, "--json", str(out))
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    timed = {key for key in figures if key not in ("machine", "parameters")}
    assert timed == {key for key in FIGURES if key.startswith("cli_")}
    assert all(figures[key] > 0 for key in timed)


def test_the_benchmark_can_measure_one_group_alone(tmp_path: Path) -> None:
    """``--only memory --only incremental`` writes those groups' figures and no others."""
    out = tmp_path / "figures.json"
    args = ["--contacts", "100", "--interactions", "800", "--repeat", "1"]
    picked = ["--only", "memory", "--only", "incremental"]
    result = run_script("run.py", *args, *picked, "--json", str(out))
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    timed = {key for key in figures if key not in ("machine", "parameters")}
    assert "agenda_memory_s" in timed
    assert "incremental_ratio" in timed
    assert not any(key.startswith(("import_", "linkedin_", "mail_", "cli_")) for key in timed)
    assert "bytes_per_interaction" not in timed
