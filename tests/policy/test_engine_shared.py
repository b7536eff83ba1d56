"""What one engine call shares between contacts gives each contact the values it
would get alone."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet.policy import Context, Scoring
from relnet.policy.scoring import ContactFactors, shared_factors
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import contexts

scorings = st.builds(
    Scoring,
    goal_boost=st.floats(0, 2),
    reciprocity_days=st.integers(1, 400),
    reciprocity_boost=st.floats(0.5, 3),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), scorings)
def test_shared_factors_are_those_of_each_contact_alone(network: Network, scoring: Scoring) -> None:
    """Every contact's shared factors equal ``Scoring.factors`` of its context, each
    context asked twice so that the kept values are hit (goals, reciprocity owed and
    snoozed contacts included)."""
    store = network.store()
    found = list(contexts(network, store, include_snoozed=True))
    factors = shared_factors(scoring)
    for context in [*found, *found]:
        assert factors(context) == scoring.factors(context)


class OwnFactors(Scoring):
    """A user's scoring that changes the factors."""

    def factors(self, context: Context) -> ContactFactors:
        return super().factors(context)


def test_a_scoring_that_overrides_factors_is_asked_itself() -> None:
    """A subclass's own ``factors`` is the one called, for every contact."""
    scoring = OwnFactors()
    assert shared_factors(scoring) == scoring.factors
