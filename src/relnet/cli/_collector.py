"""The cyclic garbage collector, paused while a command imports and while its store is
open (see ``docs/internals.md``): this module imports nothing else, so that the command
line's entry point can pause it before loading anything."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused", "importing"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without the cyclic garbage collector (as it was after).

    A command reads a network's worth of records into values that reference counting
    frees; the collector would only walk them, and everything the imports made, again
    and again (a tenth of ``relnet agenda`` on 10,000 contacts). The store is open for
    one command, or one call of the server, so the pause ends with it.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def importing() -> Iterator[None]:
    """Run imports without the cyclic collector, and keep what they made out of its way
    for good (``gc.freeze``): modules, classes and functions live as long as the
    process, and the collector would walk them at every full pass."""
    with collector_paused():
        yield
        gc.freeze()
