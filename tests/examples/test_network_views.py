"""examples/network_views.py prints every view of the network."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "network.md"
BLOCK = re.compile(r"```\{(testsetup|doctest)\}\n(.*?)```", re.S)


def test_the_example_script_prints_every_view(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "network_views.py"), run_name="__main__")
    out = capsys.readouterr().out
    for title in (
        "Intro paths to Cy",
        "Targets",
        "The PyData meetup",
        "Communities",
        "Reciprocity",
        "Mentorship",
        "Stage suggestions",
    ):
        assert f"== {title} ==" in out
    assert "you → Bo Chen → Cy Young" in out
    assert "Dee" not in out.split("== Targets ==")[0]
