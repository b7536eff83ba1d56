"""The batch benchmark runs end to end at a small size (its timings are never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.benchmarks.scripts import run_script


def test_the_batch_benchmark_runs_and_writes_its_figures(tmp_path: Path) -> None:
    """A small run of the batch benchmark on SQLite files writes each worker count's time."""
    out = tmp_path / "batch.json"
    result = run_script(
        "batch.py",
        *("--networks", "3", "--contacts", "30", "--interactions", "200", "--repeat", "1"),
        *("--json", str(out)),
        env={"RELNET_TEST_POSTGRES_DSN": ""},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in ("batch_sqlite_w1_s", "batch_sqlite_w2_s", "batch_sqlite_speedup"):
        assert figures[key] > 0, key
        assert key in result.stdout
    assert "PostgreSQL: skipped" in result.stdout
    assert figures["parameters"]["networks"] == 3
