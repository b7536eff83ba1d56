"""The examples of docs/insights.md run and print what the page says."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "insights.md"
BLOCK = re.compile(r"```\{(testsetup|doctest)\}\n(.*?)```", re.S)


def test_the_insights_page_examples_pass() -> None:
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert any(kind == "doctest" for kind, _ in blocks)
    namespace: dict[str, object] = {"__name__": "insights"}
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
