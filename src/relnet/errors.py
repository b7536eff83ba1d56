"""relnet's exceptions.

Every exception relnet raises on purpose derives from :class:`RelnetError`. Those about
a bad value also derive from :class:`ValueError`, and a missing record from
:class:`KeyError`, so callers can catch either the relnet family or the built-in one.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConflictError",
    "NotFoundError",
    "RelnetError",
    "StorageError",
    "ValidationError",
]


class RelnetError(Exception):
    """The base of every error relnet raises on purpose."""


class ValidationError(RelnetError, ValueError):
    """A value was refused.

    ``field`` is the dotted path to the offending field (``"interactions[3].at"``),
    ``value`` the value that was refused and ``expected`` what would have been accepted.
    """

    def __init__(self, field: str, value: Any, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{field or '(top level)'}: expected {expected}, got {shown}")

    def at(self, prefix: str) -> ValidationError:
        """Return the same error with ``prefix`` put in front of its field path."""
        if not prefix:
            return self
        joined = prefix if not self.field else f"{prefix}.{self.field}"
        if self.field.startswith("["):
            joined = f"{prefix}{self.field}"
        error = ValidationError(joined, self.value, self.expected)
        error.__cause__ = self.__cause__
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.value, self.expected))


class NotFoundError(RelnetError, KeyError):
    """A record asked for by id does not exist.

    ``kind`` names the record type (``"contact"``) and ``id`` the missing id.
    """

    def __init__(self, kind: str, id: str) -> None:
        self.kind = kind
        self.id = id
        super().__init__(f"no {kind} with id {id!r}")

    def __str__(self) -> str:
        # KeyError would quote the whole message; read it as a sentence instead.
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id))


class ConflictError(RelnetError):
    """A write lost a race or would overwrite something: a stale version, a reused id.

    ``retryable`` says whether running the same write again may succeed: true when a
    concurrent transaction got in the way (a serialization failure or a deadlock that
    the store's own retries did not get past), false for a reused id or a stale version,
    which need a fresh read first.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        self.retryable = retryable
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, {"retryable": self.retryable}))


class StorageError(RelnetError):
    """A storage backend failed; the driver's own exception is the ``__cause__``.

    ``retryable`` says whether the same call may succeed later (a dropped connection, a
    server shutting down) rather than never (a schema written by a newer relnet).
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        self.retryable = retryable
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, {"retryable": self.retryable}))


def _rebuild(kind: type[RelnetError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Unpickle an error whose constructor takes keyword-only state."""
    return kind(*args, **state)
