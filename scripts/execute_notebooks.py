"""Execute the example notebooks and save them with their outputs (so they render on GitHub).

Usage: ``python scripts/execute_notebooks.py [NOTEBOOK ...]`` (default: every
``examples/*.ipynb``). The kernel is ``python3``, run by this interpreter, with this
checkout's ``src`` first on its path. Cell timings are not recorded, so re-running an
unchanged notebook changes nothing but what its code prints.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def kernel_environment() -> dict[str, str]:
    """The kernel's environment: ours, with ``src`` on the path and the inline plot backend."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MPLBACKEND", None)  # the kernel picks the inline backend, which makes PNG outputs
    return env


def execute(path: Path, *, timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell of the notebook at ``path`` in its folder and return it with outputs."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute(env=kernel_environment())
    return notebook


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted((ROOT / "examples").glob("*.ipynb"))
    for path in paths:
        started = time.monotonic()
        notebook = execute(path)
        nbformat.write(notebook, path)
        print(f"{path}: executed in {time.monotonic() - started:.1f}s and saved")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
