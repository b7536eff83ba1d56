"""What forgetting a person leaves of an interaction, for every store."""

from __future__ import annotations

import attrs

from relnet import model

__all__ = ["interaction_without"]


def interaction_without(
    interaction: model.Interaction, contact_id: model.ContactId
) -> model.Interaction | None:
    """``interaction`` with ``contact_id`` taken out of its participants and introducer,
    or None when nobody else took part (the interaction goes with them)."""
    rest = tuple(p for p in interaction.participants if p != contact_id)
    if not rest:
        return None
    introducer = interaction.introduced_by
    return attrs.evolve(
        interaction,
        participants=rest,
        introduced_by=None if introducer == contact_id else introducer,
    )
