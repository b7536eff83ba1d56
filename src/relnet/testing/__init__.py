"""Test kits for relnet stores: the contract every store passes, and Hypothesis strategies.

* :class:`StoreContract`: a pytest mixin; subclass it with a ``store_factory`` fixture
  (and ``reopen`` for a durable store) to run the whole store contract.
* :mod:`relnet.testing.strategies`: strategies drawing valid, awkward records and whole
  networks.
* :func:`comparison_machine`: a Hypothesis state machine driving a store and
  :class:`~relnet.storage.InMemoryStore` with the same random operations.
* :func:`snapshot`: a store's whole observable state as plain data.
* :mod:`relnet.testing.synth`: deterministic synthetic networks (no test tools needed).

Install the kit with ``pip install 'relnet[testing]'`` (pytest and Hypothesis). Names are
imported on first use, so :mod:`relnet.testing.synth` works without them.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relnet.testing import strategies
    from relnet.testing.contract import Reopen, StoreContract, StoreFactory
    from relnet.testing.snapshot import snapshot
    from relnet.testing.stateful import StoreComparison, comparison_machine

__all__ = [
    "Reopen",
    "StoreComparison",
    "StoreContract",
    "StoreFactory",
    "comparison_machine",
    "snapshot",
    "strategies",
]

_HOMES = {
    "Reopen": "relnet.testing.contract",
    "StoreContract": "relnet.testing.contract",
    "StoreFactory": "relnet.testing.contract",
    "snapshot": "relnet.testing.snapshot",
    "StoreComparison": "relnet.testing.stateful",
    "comparison_machine": "relnet.testing.stateful",
}


def __getattr__(name: str) -> Any:
    # The kit needs pytest and Hypothesis; load it only when asked for.
    if name == "strategies":
        return importlib.import_module("relnet.testing.strategies")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'relnet.testing' has no attribute {name!r}")
    try:
        module = importlib.import_module(home)
    except ModuleNotFoundError as error:
        raise ImportError(
            f"relnet.testing.{name} needs pytest and Hypothesis: pip install 'relnet[testing]'"
        ) from error
    # A submodule named like its function (``snapshot``) is bound on this package when
    # it is imported; bind the functions over it, for every kit module loaded so far.
    for key, where in _HOMES.items():
        if where in sys.modules:
            globals()[key] = getattr(sys.modules[where], key)
    return getattr(module, name)
