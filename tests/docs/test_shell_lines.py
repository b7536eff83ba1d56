"""The shell lines of the docs work when pasted into a shell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = re.compile(r"```(?:console|sh|bash|shell)\n(.*?)```", re.S)


def shell_lines(page: Path) -> list[str]:
    return [
        line
        for block in SHELL.findall(page.read_text(encoding="utf-8"))
        for line in block.splitlines()
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_quoted_tilde(page: Path) -> None:
    # A shell expands ~ only unquoted: "~/x" names a folder called "~".
    quoted = [line for line in shell_lines(page) if re.search(r"[\"']~", line)]
    assert quoted == []
