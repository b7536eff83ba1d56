"""The conflicts every store reports alike, so that their messages are one."""

from __future__ import annotations

from relnet import model
from relnet.errors import ConflictError

__all__ = ["already_dismissed"]


def already_dismissed(dismissal: model.Dismissal) -> ConflictError:
    """The error of adding ``dismissal`` when its item is dismissed already."""
    return ConflictError.duplicate(
        "dismissal",
        "/".join(dismissal.key),
        message=f"the item {dismissal.key!r} is already dismissed",
    )
