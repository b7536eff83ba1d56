"""Run every quality gate relnet holds itself to, in order, and stop at the first failure.

Usage: ``python scripts/check.py [--fast]``. ``--fast`` skips the docs build and the
examples. Run it with the interpreter of an environment that has ``.[dev]`` installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


LINTED = ["src", "tests", "examples", "benchmarks", "scripts", "docs"]


def gates(fast: bool) -> list[tuple[str, list[str]]]:
    linted = [name for name in LINTED if (ROOT / name).exists()]
    steps = [
        ("ruff check", [PY, "-m", "ruff", "check", *linted]),
        ("ruff format", [PY, "-m", "ruff", "format", "--check", *linted]),
        ("mypy --strict", [PY, "-m", "mypy", "--strict", "src", "tests"]),
        ("import-linter", [PY, "-m", "importlinter.cli", "--config", "pyproject.toml"]),
        ("pytest", [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
    ]
    if not fast and (ROOT / "docs" / "conf.py").exists():
        sphinx = [PY, "-m", "sphinx", "-E", "-W", "--keep-going", "-q"]
        steps.append(("docs", [*sphinx, "-b", "html", "docs", "docs/_build/html"]))
        steps.append(("doctests", [*sphinx, "-b", "doctest", "docs", "docs/_build/doctest"]))
    return steps


def main() -> int:
    fast = "--fast" in sys.argv[1:]
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    started = time.monotonic()
    for name, command in gates(fast):
        print(f"==> {name}", flush=True)
        step_start = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, env=env, check=False)
        verdict = "ok" if result.returncode == 0 else "FAILED"
        print(f"    {name}: {verdict} in {time.monotonic() - step_start:.1f}s", flush=True)
        if result.returncode != 0:
            return result.returncode
    print(f"all gates passed in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
