"""Deprecated home of the synthetic network generator: use :mod:`relnet.synth`.

The generator needs no test tools, so it moved out of the test kit. This module
re-exports it for one release, with a :class:`DeprecationWarning` on import; new code
imports :mod:`relnet.synth`.
"""

import warnings

from relnet.synth import OWNER_TIMEZONE, SyntheticNetwork, network

__all__ = ["OWNER_TIMEZONE", "SyntheticNetwork", "network"]

warnings.warn(
    "relnet.testing.synth is now relnet.synth; the old module will be removed in the next release",
    DeprecationWarning,
    stacklevel=2,
)
