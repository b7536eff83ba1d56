"""The benchmark script runs end to end at a small size (its timings are never asserted)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "run.py"
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
) + (
    ("mcp_agenda_ms", "mcp_get_contact_ms", "mcp_get_contact_typical_ms")
    if importlib.util.find_spec("mcp")
    else ()
)


def test_the_benchmark_runs_and_writes_every_figure(tmp_path: Path) -> None:
    """A small run prints each figure and writes every key, each a positive number."""
    out = tmp_path / "figures.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--contacts",
            "200",
            "--interactions",
            "2000",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in FIGURES:
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
