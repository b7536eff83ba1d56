"""The adapter built step by step in docs/adapters.md passes the whole store contract."""

from __future__ import annotations

import re
from typing import Any

import pytest

from relnet.testing import StoreContract
from tests.docs.pages import DOCS

PAGE = DOCS / "adapters.md"
STEPS = re.compile(r"\*\*Step (\d):.*?```python\n(.*?)```", re.S)


def _adapter() -> Any:
    """The page's KeyValueStore, as steps 1 to 3 define it."""
    namespace: dict[str, Any] = {"__name__": "adapter_page"}
    for number, code in STEPS.findall(PAGE.read_text(encoding="utf-8")):
        if int(number) <= 3:
            exec(compile(code, f"adapters.md, step {number}", "exec"), namespace)
    return namespace["KeyValueStore"]


KeyValueStore = _adapter()


class TestPageAdapter(StoreContract):
    durable = False
    max_examples = 10
    stateful_examples = 10

    @pytest.fixture
    def store_factory(self) -> Any:
        return lambda: KeyValueStore({})
