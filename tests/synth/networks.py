"""The networks the synthetic generator's tests share."""

from __future__ import annotations

import pendulum

from relnet.synth import SyntheticNetwork, network

START = pendulum.datetime(2024, 1, 1, tz="Europe/London")
END = pendulum.datetime(2025, 6, 30, 18, tz="Europe/London")


def make(contacts: int = 300, interactions: int = 3000, seed: int = 1) -> SyntheticNetwork:
    return network(contacts, interactions, seed=seed, start=START, end=END)
