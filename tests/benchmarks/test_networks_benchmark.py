"""The many-networks benchmark runs end to end at a small size (its timings are never
asserted), and without a server says it skipped."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.benchmarks.scripts import run_script

FIGURES = (
    "load_s",
    "copy_s",
    "agenda_shared_cold_s",
    "agenda_schema_cold_s",
    "agenda_cold_ratio",
    "agenda_shared_pool_s",
    "agenda_schema_pool_s",
    "agenda_pool_ratio",
    "open_shared_pool_ms",
    "open_schema_pool_ms",
    "batch_1_workers_s",
    "batch_2_workers_s",
    "batch_2_workers_speedup",
)


def run(tmp_path: Path, dsn: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "figures.json"
    result = run_script(
        "networks.py",
        *("--networks", "3", "--contacts", "40", "--interactions", "300", "--partitions", "2"),
        *("--repeat", "1", "--json", str(out)),
        env={"RELNET_TEST_POSTGRES_DSN": dsn},
    )
    return result, out


def test_without_a_server_the_benchmark_says_it_skipped(tmp_path: Path) -> None:
    result, out = run(tmp_path, "")
    assert result.returncode == 0, result.stderr
    assert "skipped: no --dsn" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == {}


@pytest.mark.postgres
def test_the_benchmark_prints_and_writes_every_figure(tmp_path: Path) -> None:
    """A small run on the test server: every figure, each a positive number."""
    dsn = os.environ.get("RELNET_TEST_POSTGRES_DSN")
    if not dsn:
        pytest.skip("the many-networks benchmark needs RELNET_TEST_POSTGRES_DSN")
    result, out = run(tmp_path, dsn)
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert "3 networks x 40 contacts x 300 interactions" in result.stdout
    for key in FIGURES:
        assert figures[key] > 0, key
        assert key in result.stdout
    # The batch found every network of the shared tables and computed each agenda.
    assert "(3 networks)" in result.stdout
