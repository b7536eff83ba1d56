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


def gates(fast: bool) -> list[tuple[str, list[str]]]:
    steps = [
        ("ruff check", [PY, "-m", "ruff", "check", "src", "tests", "examples", "benchmarks", "scripts", "docs"]),
        ("ruff format", [PY, "-m", "ruff", "format", "--check", "src", "tests", "examples", "benchmarks", "scripts", "docs"]),
        ("mypy --strict", [PY, "-m", "mypy", "--strict", "src"]),
        ("import-linter", [PY, "-m", "importlinter.cli", "--config", "pyproject.toml"]),
        ("pytest", [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
    ]
    if not fast:
        if (ROOT / "docs" / "conf.py").exists():
            steps.append(
                ("docs", [PY, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-q", "docs", "docs/_build/html"])
            )
            steps.append(
                ("doctests", [PY, "-m", "sphinx", "-W", "--keep-going", "-b", "doctest", "-q", "docs", "docs/_build/doctest"])
            )
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
        print(f"    {name}: {'ok' if result.returncode == 0 else 'FAILED'} in {time.monotonic() - step_start:.1f}s", flush=True)
        if result.returncode != 0:
            return result.returncode
    print(f"all gates passed in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
