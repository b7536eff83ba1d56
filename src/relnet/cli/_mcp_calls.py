"""How each tool of ``relnet mcp`` runs: it opens the store as the command line would,
answers in one transaction (a write) or read-only, and turns every failure a person can fix
into a tool error of one line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import attrs
import click
import pendulum
from mcp.server.mcpserver.exceptions import MCPServerError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from relnet.cli._output import jsonable
from relnet.cli._session import CliError, Session
from relnet.cli._versions import refuse_upgrade
from relnet.cli._who import _describe, resolve_contact
from relnet.errors import NotFoundError, RelnetError, ValidationError
from relnet.model import Contact, ContactId
from relnet.storage import Store

__all__ = ["READ", "WRITE", "Days", "Limit", "Server", "refuse_writes", "resolve_who", "result"]

T = TypeVar("T")
log = logging.getLogger("relnet.mcp")


def resolve_who(store: Store, who: str) -> Contact:
    """The one contact ``who`` names: an id, else an email address (any case), else a
    name as the command line reads it (exact, then a unique part). Anything else is a
    CliError listing the candidates with their ids."""
    text = who.strip()
    if text:
        try:
            return store.get_contact(ContactId(text))
        except (NotFoundError, ValidationError):
            pass
    if "@" in text:
        needle = text.casefold()
        found = [
            c
            for c in store.contacts(include_archived=True)
            if any(e.casefold() == needle for e in c.emails)
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise CliError(f"{who!r} is the email of {len(found)} contacts: {_describe(found)}")
    return resolve_contact(store, who)


def _message(error: Exception) -> str:
    text = error.format_message() if isinstance(error, click.ClickException) else str(error)
    return " ".join(text.split())


def result(data: Any, text: str) -> CallToolResult:
    """A tool's answer: structured ``data`` and a short readable ``text``."""
    structured = jsonable(data)
    if not isinstance(structured, dict):
        structured = {"result": structured}
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
    )


@attrs.frozen
class Server:
    """Opens the store for each call, as the command line's :class:`Session` would."""

    base: Session
    read_only: bool

    def session(self) -> Session:
        # A fresh session per call: the clock is read again (unless --now pins it).
        return Session(
            db=self.base.db,
            now_text=self.base.now_text,
            environ=self.base.environ,
            clock=self.base.clock,
        )

    def _guarded(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except MCPServerError:
            raise
        except (click.ClickException, RelnetError) as error:
            raise ToolError(_message(error)) from error
        except Exception as error:
            log.exception("unexpected failure in a tool")
            raise ToolError(f"unexpected {type(error).__name__}: {_message(error)}") from error

    def read(self, query: Callable[[Store, pendulum.DateTime], T]) -> T:
        """What ``query`` finds in the store, as of now."""

        def work() -> T:
            state = self.session()
            with state.open() as store:
                if self.read_only:
                    refuse_writes(store)
                return query(store, state.now(store.get_settings()))

        return self._guarded(work)

    def write(self, action: Callable[[Store, pendulum.DateTime], T]) -> T:
        """Do ``action`` in one transaction: all of it is stored, or nothing."""
        if self.read_only:
            raise ToolError("this relnet server is read-only (started with --read-only)")

        def work() -> T:
            state = self.session()
            with state.open() as store, store.transaction():
                return action(store, state.now(store.get_settings()))

        return self._guarded(work)

    def check(self) -> None:
        """Open the store once, so that a missing database or a bad --now fails at start
        (with the command line's error, not a tool's); a read-only server refuses a
        database an older relnet wrote, which opening would upgrade."""
        state = self.session()
        file = _file_of(state.location())
        if self.read_only and file is not None:
            refuse_upgrade(file)
        with state.open() as store:
            state.now(store.get_settings())


def _file_of(location: Path | str) -> Path | None:
    """The database file a path or a ``sqlite://`` or ``json://`` URL names (None for
    other URLs, whose stores say for themselves what opening them changes)."""
    if isinstance(location, Path):
        return location
    from relnet.adapters.registry import split_url, url_path

    parts = split_url(location)
    if parts is None or parts[0] not in ("sqlite", "json") or parts[1] == ":memory:":
        return None
    return url_path(location)


def refuse_writes(store: Store) -> None:
    """Make a SQLite connection refuse every write (the tools offered write nothing)."""
    from relnet.adapters.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        store._pragma("query_only = ON")


READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

Limit = Annotated[int, Field(ge=1, le=1000)]
Days = Annotated[int, Field(ge=0, le=3660)]
