"""What every store that holds a connection or a file shares: ``close``, use in a
``with`` block, and a ``repr`` that says where the network is kept."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

__all__ = ["StoreLifetime"]


class StoreLifetime(ABC):
    """``close``, ``with`` and ``repr`` for a store; subclasses say how to let go of
    what they hold (:meth:`_release`) and where they keep the network (:meth:`_location`)."""

    @abstractmethod
    def _release(self) -> None:
        """Let go of the connection or file (called by every ``close``)."""

    @abstractmethod
    def _location(self) -> str:
        """Where the network is kept, for ``repr``."""

    def close(self) -> None:
        """Let go of the store; later calls raise StorageError (closing twice is
        harmless)."""
        self._release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._location()}>"
