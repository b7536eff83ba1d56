"""The tutorial and the recipes run as written.

Sphinx's doctest builder runs these pages too; running them here as well keeps them
checked by ``pytest`` alone. The adapter recipe is a pytest module, so it is run as one,
on a few of the contract's tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_the_tutorial_comes_first_and_the_recipes_last_in_the_guide() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    guide = re.search(r":caption: Guide\n\n(.*?)```", index, re.S)
    assert guide is not None
    pages = guide.group(1).split()
    assert pages[0] == "tutorial"
    assert pages[-1] == "recipes"


def adapter_recipe() -> str:
    section = (DOCS / "recipes.md").read_text(encoding="utf-8").split("## Writing a storage")[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    return block.group(1)


def test_the_adapter_recipe_is_ten_lines_of_code() -> None:
    code = [
        line
        for line in adapter_recipe().splitlines()
        if line.strip() and not line.startswith(("import", "from"))
    ]
    assert len(code) <= 10


def test_the_adapter_recipe_runs_the_contract(tmp_path: Path) -> None:
    (tmp_path / "test_my_store.py").write_text(adapter_recipe(), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    chosen = "is_a_store or records_survive_reopen or committed_changes_survive or stale_update"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", chosen],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout, result.stdout
