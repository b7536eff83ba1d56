"""``StoreContract``: the tests every :class:`~relnet.storage.Store` must pass.

Subclass it in a test module, give it a ``store_factory`` fixture (a callable that makes
a new, empty store; the fixture cleans up after the test) and, for a store that keeps
data across restarts, a ``reopen`` fixture (a callable that closes a store and opens the
same data again)::

    import pytest
    from relnet.testing import StoreContract
    from mypackage import MyStore

    class TestMyStore(StoreContract):
        @pytest.fixture
        def store_factory(self, tmp_path):
            paths = iter(tmp_path / f"store{n}" for n in range(1_000_000))
            return lambda: MyStore(next(paths))

        @pytest.fixture
        def reopen(self):
            return lambda store: (store.close(), MyStore(store.path))[1]

A store that does not survive a restart sets ``durable = False``: the durability tests
then report themselves as skipped for it. Tests that need a fresh store per Hypothesis
example call the factory; the rest use the ``store`` fixture, which defaults to one
store from the factory and may be overridden too. Stores with a ``close()`` method are
closed when a test is done with them.

``max_examples`` (per property test) and ``stateful_examples``/``stateful_steps`` (for
the comparison with the reference store) trade thoroughness for speed; ``None`` takes
the active Hypothesis profile's value.

Where a test compares a store with what it should hold, the oracle is
:class:`~relnet.testing.reference.ReferenceStore`, a deliberately naive store in plain
dictionaries; :class:`~relnet.storage.InMemoryStore` is checked against it like any other.

The contract is composed of one mixin per capability group, each in its own module:
:class:`~relnet.testing.contract.records.RecordContract` (round trips, updates),
:class:`~relnet.testing.contract.integrity.IntegrityContract` (unknown, reused and
dangling ids), :class:`~relnet.testing.contract.queries.QueryContract` (ordering and
filters), :class:`~relnet.testing.contract.transactions.TransactionContract` and
:class:`~relnet.testing.contract.transactions.DurabilityContract`,
:class:`~relnet.testing.contract.forget.ForgetContract`,
:class:`~relnet.testing.contract.hostile.HostileInputContract`,
:class:`~relnet.testing.contract.summaries.SummaryContract` (touch summaries and sieves,
declared through :class:`~relnet.storage.SummarySource` and
:class:`~relnet.storage.SummarySieve`) and
:class:`~relnet.testing.contract.comparison.ComparisonContract` (the stateful comparison),
:class:`~relnet.testing.contract.dismissals.DismissalContract` (dismissed items) and
:class:`~relnet.testing.contract.identity.IdentityContract` (merging contacts),
:class:`~relnet.testing.contract.erasure.ErasureContract` (what ``forget`` leaves in the
files of a store that names them, :class:`~relnet.storage.FileBacked`) and
:class:`~relnet.testing.contract.access.AccessContract` (bounded access: an agenda,
the follow-ups, explanations and exports make as many store calls on a larger network).
"""

from __future__ import annotations

from relnet.testing.contract._base import ContractBase, Reopen, StoreFactory
from relnet.testing.contract.access import AccessContract
from relnet.testing.contract.comparison import ComparisonContract
from relnet.testing.contract.dismissals import DismissalContract
from relnet.testing.contract.erasure import ErasureContract
from relnet.testing.contract.forget import ForgetContract
from relnet.testing.contract.hostile import HostileInputContract
from relnet.testing.contract.identity import IdentityContract
from relnet.testing.contract.integrity import IntegrityContract
from relnet.testing.contract.queries import QueryContract
from relnet.testing.contract.records import RecordContract
from relnet.testing.contract.summaries import SummaryContract
from relnet.testing.contract.transactions import DurabilityContract, TransactionContract

__all__ = ["ContractBase", "Reopen", "StoreContract", "StoreFactory"]


class StoreContract(
    RecordContract,
    IntegrityContract,
    QueryContract,
    TransactionContract,
    ForgetContract,
    HostileInputContract,
    SummaryContract,
    DurabilityContract,
    ComparisonContract,
    DismissalContract,
    IdentityContract,
    ErasureContract,
    AccessContract,
):
    """The store contract as a pytest mixin (see the module docstring for how to use it)."""
