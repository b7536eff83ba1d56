"""Shared networks for the synthetic generator's tests."""

from __future__ import annotations

import pytest

from relnet import InMemoryStore
from relnet.synth import SyntheticNetwork
from tests.synth.networks import make


@pytest.fixture(scope="package")
def net() -> SyntheticNetwork:
    return make()


@pytest.fixture(scope="package")
def store(net: SyntheticNetwork) -> InMemoryStore:
    return net.to_store()
