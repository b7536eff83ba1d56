"""Every documentation page's examples run as written.

Sphinx's doctest builder runs the same blocks in CI; running them here as well keeps
them checked by ``pytest`` alone, page by page, with the failing page named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.pages import BLOCK, DOCS, python_blocks, run_page

PAGES = sorted(DOCS.glob("*.md"))
#: Pages that show examples as doctests: each must keep at least one.
WITH_EXAMPLES = sorted(p for p in PAGES if BLOCK.search(p.read_text(encoding="utf-8")))


def test_the_pages_with_examples_are_the_expected_ones() -> None:
    names = {page.name for page in WITH_EXAMPLES}
    assert {"tutorial.md", "recipes.md", "network.md", "decides.md", "rules.md"} <= names


@pytest.mark.parametrize("page", WITH_EXAMPLES, ids=lambda page: page.name)
def test_every_example_of_the_page_passes(page: Path) -> None:
    result = run_page(page)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_python_block_of_the_page_is_valid_python(page: Path) -> None:
    for number, code in enumerate(python_blocks(page)):
        compile(code, f"{page.name}, python block {number}", "exec")
