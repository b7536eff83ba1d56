"""The capabilities benchmark runs end to end at a small size (its timings are never
asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "capabilities.py"


def test_capabilities_benchmark_prints_every_variant(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("capabilities_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.main(["--contacts", "20", "--interactions", "100", "--repeat", "1"])
    assert [(store, label) for store, label, _, _ in rows] == [
        ("InMemoryStore", "required protocol only"),
        ("InMemoryStore", "SummarySource"),
        ("InMemoryStore", "SummarySource + SummarySieve"),
        ("InMemoryStore", "SummarySource + SummarySieve + InteractionsAt"),
        ("SQLiteStore", "required protocol only"),
        ("SQLiteStore", "SummarySource"),
        ("SQLiteStore", "SummarySource + SummarySieve"),
        ("SQLiteStore", "SummarySource + SummarySieve + FactSource"),
        ("SQLiteStore", "SummarySource + SummarySieve + FactSource + InteractionsAt"),
    ]
    assert all(agenda >= 0 and every >= 0 for _, _, agenda, every in rows)
    assert "SQLiteStore" in capsys.readouterr().out
