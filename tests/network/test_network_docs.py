"""The examples of docs/network.md run and print what the page says."""

from __future__ import annotations

import doctest
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "network.md"
BLOCK = re.compile(r"```\{(testsetup|doctest)\}\n(.*?)```", re.S)


def test_the_network_page_examples_pass() -> None:
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert sum(kind == "doctest" for kind, _ in blocks) >= 6  # one section per view at least
    namespace: dict[str, object] = {"__name__": "network"}
    # As sphinx.ext.doctest does: the setup code first, then every example in order.
    for kind, code in blocks:
        if kind == "testsetup":
            exec(compile(code, str(PAGE), "exec"), namespace)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    parser = doctest.DocTestParser()
    for number, (kind, code) in enumerate(blocks):
        if kind == "doctest":
            test = parser.get_doctest(code, namespace, f"block {number}", str(PAGE), 0)
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # a DocTest works on a copy of the globals
    assert runner.summarize(verbose=False).failed == 0


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
