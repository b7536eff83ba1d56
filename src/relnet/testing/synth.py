"""Deprecated home of the synthetic network generator: use :mod:`relnet.synth`.

The generator needs no test tools, so it moved out of the test kit. This module
re-exports it unchanged for one release; new code imports :mod:`relnet.synth`.
"""

from relnet.synth import OWNER_TIMEZONE, SyntheticNetwork, network

__all__ = ["OWNER_TIMEZONE", "SyntheticNetwork", "network"]
