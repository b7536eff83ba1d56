"""Run a documentation page's examples as Sphinx's doctest builder does, so that
``pytest`` alone checks every page."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BLOCK = re.compile(r"```\{(doctest|testsetup|testcleanup)\}\n(.*?)```", re.S)
OPTION = re.compile(r"^:options:(.*)\n", re.M)


def run_page(path: Path) -> doctest.TestResults:
    """Run a MyST page's setup, doctest and cleanup blocks in order, in one namespace."""
    namespace: dict[str, object] = {}
    exec("import pendulum\nimport relnet", namespace)  # the docs' global setup
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    parser = doctest.DocTestParser()
    blocks = BLOCK.findall(path.read_text(encoding="utf-8"))
    cleanups = [code for kind, code in blocks if kind == "testcleanup"]
    try:
        for number, (kind, code) in enumerate(blocks):
            if kind == "testsetup":
                exec(code, namespace)
            elif kind == "doctest":
                flags = doctest.ELLIPSIS
                option = OPTION.match(code)
                if option:
                    for name in option.group(1).split():
                        flags |= doctest.OPTIONFLAGS_BY_NAME[name.lstrip("+")]
                    code = code[option.end() :]
                runner.optionflags = flags
                test = parser.get_doctest(code, namespace, f"block {number}", str(path), 0)
                runner.run(test, clear_globs=False)
                namespace.update(test.globs)
    finally:
        for code in cleanups:
            exec(code, namespace)
    return runner.summarize(verbose=False)


def python_blocks(path: Path) -> list[str]:
    """The plain ``python`` code blocks of a page (shown, not run by the doctest builder)."""
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
