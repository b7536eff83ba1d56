"""Every documentation page's code runs as written: each page's blocks, top to bottom,
in a fresh namespace with nothing imported beforehand, as a reader copying them into a
script would run them.

Sphinx's doctest builder runs the doctest blocks in CI as well; running every block
here keeps the pages checked by ``pytest`` alone, page by page, with the failing page
named. A page's code may write files (it runs in a temporary directory), import the
reader's own ``mystore`` module (a small one is provided) and post its digest to
``$RELNET_DIGEST_WEBHOOK`` (a server on the loopback address takes it).
"""

from __future__ import annotations

import http.server
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.docs.pages import CODE, DOCS, python_blocks, run_page

PAGES = sorted(DOCS.glob("*.md"))
#: Pages that show code that runs: each must keep at least one block.
WITH_EXAMPLES = sorted(p for p in PAGES if CODE.search(p.read_text(encoding="utf-8")))

#: The reader's own store, as the adapter pages import it.
MYSTORE = '''
from relnet.adapters.jsonfile import JSONFileStore


class MyStore(JSONFileStore):
    """A store of one's own: a JSON document at ``path``."""
'''


class _Webhook(http.server.BaseHTTPRequestHandler):
    received: list[object] = []  # noqa: RUF012 - one list the test reads

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """A fresh directory, the reader's ``mystore`` and a webhook on 127.0.0.1; yields
    what the webhook received."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mystore.py").write_text(MYSTORE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    _Webhook.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("RELNET_DIGEST_WEBHOOK", f"http://127.0.0.1:{server.server_port}/")
    # The app guide's PostgreSQL block reads its two DSNs from the environment.
    dsn = os.environ.get("RELNET_TEST_POSTGRES_DSN", "")
    monkeypatch.setenv("RELNET_OWNER_DSN", dsn)
    monkeypatch.setenv("RELNET_APP_DSN", dsn)
    try:
        yield _Webhook.received
    finally:
        server.shutdown()
        server.server_close()
        sys.modules.pop("mystore", None)


def test_the_pages_with_examples_are_the_expected_ones() -> None:
    names = {page.name for page in WITH_EXAMPLES}
    assert {
        "tutorial.md",
        "recipes.md",
        "network.md",
        "decides.md",
        "rules.md",
        "jupyter.md",
        "adapters.md",
        "interop.md",
    } <= names


@pytest.mark.parametrize("page", WITH_EXAMPLES, ids=lambda page: page.name)
def test_every_block_of_the_page_runs_in_a_fresh_namespace(
    page: Path, reader: list[object]
) -> None:
    if "RELNET_OWNER_DSN" in page.read_text(encoding="utf-8") and not os.environ.get(
        "RELNET_TEST_POSTGRES_DSN"
    ):
        pytest.skip("the page's PostgreSQL block needs RELNET_TEST_POSTGRES_DSN")
    result = run_page(page)
    assert result.attempted > 0
    assert result.failed == 0
    if page.name == "recipes.md":
        assert len(reader) == 1
        assert "Reply to Bo Chen" in str(reader[0])


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_python_block_of_the_page_is_valid_python(page: Path) -> None:
    for number, code in enumerate(python_blocks(page)):
        compile(code, f"{page.name}, python block {number}", "exec")
