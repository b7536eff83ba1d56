"""Run a documentation page's code as a reader copying it into a script would: every
block (doctests, their setup and cleanup, and plain ``python`` blocks), top to bottom,
in one fresh namespace with nothing imported beforehand."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BLOCK = re.compile(r"```\{(doctest|testsetup|testcleanup)\}\n(.*?)```", re.S)
#: Every block that runs: the doctest builder's and the plain ``python`` ones.
CODE = re.compile(r"```(?:\{(doctest|testsetup|testcleanup)\}|(python))\n(.*?)```", re.S)
OPTION = re.compile(r"^:options:(.*)\n", re.M)


def run_page(path: Path) -> doctest.TestResults:
    """Run every code block of a MyST page in order, in one fresh namespace: setup and
    plain ``python`` blocks are executed, doctest blocks checked, and cleanup blocks run
    at the end whatever happened."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    parser = doctest.DocTestParser()
    blocks = [(kind or plain, code) for kind, plain, code in CODE.findall(path.read_text("utf-8"))]
    cleanups = [code for kind, code in blocks if kind == "testcleanup"]
    ran = 0
    try:
        for number, (kind, code) in enumerate(blocks):
            if kind == "python":
                script = compile(code, f"{path.name}, block {number}", "exec", dont_inherit=True)
                exec(script, namespace)
                ran += 1
            elif kind == "testsetup":
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
    checked = runner.summarize(verbose=False)
    return doctest.TestResults(checked.failed, checked.attempted + ran)


def python_blocks(path: Path) -> list[str]:
    """The plain ``python`` code blocks of a page (shown, not run by the doctest builder)."""
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
