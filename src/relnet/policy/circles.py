"""Each circle's default cadence and priority multiplier (see "Vocabulary" in the policy).

Circles follow Dunbar's nested layers: the few people you see weekly, the dozen you talk
to monthly, the active circle you catch up with quarterly, the wider network once a
year, and acquaintances with no cadence at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from relnet.model import Cadence, Circle, ContactView

__all__ = ["CIRCLE_CADENCE", "CIRCLE_MULTIPLIER", "cadence_for"]

#: The default cadence of each circle (``None``: no keep-in-touch reminders).
CIRCLE_CADENCE: Mapping[Circle, Cadence | None] = MappingProxyType(
    {
        Circle.INNER: Cadence.weekly(),
        Circle.CLOSE: Cadence.monthly(),
        Circle.ACTIVE: Cadence.quarterly(),
        Circle.NETWORK: Cadence.yearly(),
        Circle.ACQUAINTANCE: None,
    }
)

#: The priority multiplier of each circle.
CIRCLE_MULTIPLIER: Mapping[Circle, float] = MappingProxyType(
    {
        Circle.INNER: 1.5,
        Circle.CLOSE: 1.3,
        Circle.ACTIVE: 1.15,
        Circle.NETWORK: 1.0,
        Circle.ACQUAINTANCE: 0.8,
    }
)


def cadence_for(
    contact: ContactView, circle_cadence: Mapping[Circle, Cadence | None] = CIRCLE_CADENCE
) -> Cadence | None:
    """The contact's own cadence, else its circle's."""
    if contact.cadence is not None:
        return contact.cadence
    return circle_cadence.get(contact.circle)
