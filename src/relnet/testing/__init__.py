"""Test kits for relnet stores: the contract every store passes, and Hypothesis strategies.

* :class:`StoreContract`: a pytest mixin; subclass it with a ``store_factory`` fixture
  (and ``reopen`` for a durable store) to run the whole store contract.
* :class:`ReferenceStore`: the deliberately naive store (plain dictionaries) the
  contract compares every store with.
* :mod:`relnet.testing.strategies`: strategies drawing valid, awkward records and whole
  networks.
* :func:`comparison_machine`: a Hypothesis state machine driving a store and the
  reference store with the same random operations.
* :func:`snapshot`: a store's whole observable state as plain data.

Install the kit with ``pip install 'relnet[testing]'`` (pytest and Hypothesis). The
synthetic network generator moved to :mod:`relnet.synth`, which needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relnet.testing.reference import ReferenceStore
from relnet.testing.snapshots import snapshot

if TYPE_CHECKING:
    from relnet.testing import strategies
    from relnet.testing.contract import Reopen, StoreContract, StoreFactory
    from relnet.testing.stateful import StoreComparison, comparison_machine

__all__ = [
    "ReferenceStore",
    "Reopen",
    "StoreComparison",
    "StoreContract",
    "StoreFactory",
    "comparison_machine",
    "snapshot",
    "strategies",
]


def __getattr__(name: str) -> Any:
    # The contract, the state machine and the strategies need pytest and Hypothesis
    # (the optional ``testing`` extra): import them only when first asked for. Each is
    # imported by its full name, since ``from relnet.testing import strategies`` would
    # ask this very function for the attribute first.
    try:
        if name in ("Reopen", "StoreContract", "StoreFactory"):
            import relnet.testing.contract as contract

            return getattr(contract, name)
        if name in ("StoreComparison", "comparison_machine"):
            import relnet.testing.stateful as stateful

            return getattr(stateful, name)
        if name == "strategies":
            import relnet.testing.strategies as strategies

            return strategies
    except ModuleNotFoundError as error:
        raise ImportError(
            f"relnet.testing.{name} needs pytest and Hypothesis: pip install 'relnet[testing]'"
        ) from error
    raise AttributeError(f"module 'relnet.testing' has no attribute {name!r}")
