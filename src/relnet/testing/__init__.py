"""Test kits for relnet stores: the contract every store passes, and Hypothesis strategies.

* :class:`StoreContract`: a pytest mixin; subclass it with a ``store_factory`` fixture
  (and ``reopen`` for a durable store) to run the whole store contract.
* :mod:`relnet.testing.strategies`: strategies drawing valid, awkward records and whole
  networks.
* :func:`comparison_machine`: a Hypothesis state machine driving a store and
  :class:`~relnet.storage.InMemoryStore` with the same random operations.
* :func:`snapshot`: a store's whole observable state as plain data.

Install with ``pip install 'relnet[testing]'`` (pytest and Hypothesis).
"""

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
