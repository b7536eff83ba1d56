"""The store and the reference store agree under random operations."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from relnet.testing.contract._base import ContractBase, StoreFactory
from relnet.testing.stateful import comparison_machine


class ComparisonContract(ContractBase):
    """The stateful comparison with :class:`~relnet.testing.reference.ReferenceStore`."""

    # -- the stateful comparison ----------------------------------------------------

    def test_matches_reference_under_random_operations(self, store_factory: StoreFactory) -> None:
        """Random adds, updates (stale ones too), removals, forgets and failing transactions
        leave the store and the reference store listing the same records."""
        machine = comparison_machine(store_factory)
        count = self.stateful_examples
        extra: dict[str, Any] = {} if count is None else {"max_examples": count}
        run_state_machine_as_test(
            machine,
            settings=settings(
                deadline=None,
                stateful_step_count=self.stateful_steps,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                **extra,
            ),
        )
