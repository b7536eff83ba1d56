"""The optional extras: each format's library is imported only when it is used."""

from __future__ import annotations

__all__ = ["missing_extra"]


def missing_extra(module: str, extra: str) -> ImportError:
    """The ImportError to raise when ``module`` (from ``relnet[extra]``) is not installed."""
    return ImportError(
        f"this needs the optional package {module!r}: pip install 'relnet[{extra}]'",
        name=module,
    )
