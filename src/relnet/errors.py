"""relnet's exceptions.

Every exception relnet raises on purpose derives from :class:`RelnetError`. Those about
a bad value also derive from :class:`ValueError`, and a missing record from
:class:`KeyError`, so callers can catch either the relnet family or the built-in one.

Each carries its facts as attributes (what was refused, which record is missing, what
conflicted and whether a retry may succeed) and as :meth:`RelnetError.to_record`, a
plain dict ready for a JSON response. They all survive pickling, so they cross process
boundaries (see :mod:`relnet.batch`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

__all__ = [
    "ConflictError",
    "ConflictReason",
    "NotFoundError",
    "NotFoundRole",
    "RelnetError",
    "StorageError",
    "ValidationError",
]

#: Why a write conflicted: its id is taken (``"duplicate"``), it was made from an
#: outdated read (``"stale_version"``), or a concurrent transaction got in the way
#: (``"concurrent_write"``, the only one a plain retry may get past).
ConflictReason = Literal["duplicate", "stale_version", "concurrent_write"]

#: Which record is missing: the one asked for (``"target"``) or one the record being
#: written refers to (``"reference"``).
NotFoundRole = Literal["target", "reference"]

_REASONS: tuple[str, ...] = ("duplicate", "stale_version", "concurrent_write")
_ROLES: tuple[str, ...] = ("target", "reference")


class RelnetError(Exception):
    """The base of every error relnet raises on purpose."""

    #: The error's name in :meth:`to_record` (``"validation"``, ``"not_found"``, ...).
    code = "error"

    def to_record(self) -> dict[str, Any]:
        """The error as a plain dict for a JSON response: ``error`` (its :attr:`code`),
        ``message``, and the error's own facts (see each class)."""
        return {"error": self.code, "message": str(self)}


class ValidationError(RelnetError, ValueError):
    """A value was refused.

    ``field`` is the dotted path to the offending field (``"interactions[3].at"``),
    ``value`` the value that was refused and ``expected`` what would have been accepted.

    ``problems`` lists every refused field of the record, each a single-field
    ValidationError; ``field``, ``value`` and ``expected`` are those of the first.
    A record built in Python (``Contact(...)``) or read from JSON
    (:func:`relnet.serialization.from_dict`) reports all its bad fields at once;
    :meth:`of` joins several problems into one error.
    """

    code = "validation"

    def __init__(
        self,
        field: str,
        value: Any,
        expected: str,
        *,
        problems: Iterable[ValidationError] = (),
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        more = tuple(problems)
        self._problems = more if len(more) > 1 else ()
        if self._problems:
            message = "; ".join(_problem_text(p.field, p.value, p.expected) for p in more)
            super().__init__(f"{len(more)} problems: {message}")
        else:
            super().__init__(_problem_text(field, value, expected))

    @property
    def problems(self) -> tuple[ValidationError, ...]:
        """Every refused field, in the record's order (just this error when it is one)."""
        return self._problems or (self,)

    @classmethod
    def of(cls, problems: Iterable[ValidationError]) -> ValidationError:
        """One error carrying every problem of ``problems`` (which must not be empty)."""
        flat = [single for error in problems for single in error.problems]
        if not flat:
            raise ValueError("ValidationError.of needs at least one problem")
        if len(flat) == 1:
            return flat[0]
        first = flat[0]
        return cls(first.field, first.value, first.expected, problems=flat)

    def at(self, prefix: str) -> ValidationError:
        """Return the same error with ``prefix`` put in front of its field path."""
        if not prefix:
            return self
        if self._problems:
            return ValidationError.of(p.at(prefix) for p in self._problems)
        joined = prefix if not self.field else f"{prefix}.{self.field}"
        if self.field.startswith("["):
            joined = f"{prefix}{self.field}"
        error = ValidationError(joined, self.value, self.expected)
        error.__cause__ = self.__cause__
        return error

    def to_record(self) -> dict[str, Any]:
        """``error``, ``message`` and ``problems``: one ``{field, value, expected}`` each
        (the value as its ``repr``, shortened, since it may not be JSON)."""
        record = super().to_record()
        record["problems"] = [
            {"field": p.field, "value": _shown(p.value), "expected": p.expected}
            for p in self.problems
        ]
        return record

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (type(self), (self.field, self.value, self.expected), {"problems": self._problems}),
        )


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown[:77] + "..." if len(shown) > 80 else shown


def _problem_text(field: str, value: Any, expected: str) -> str:
    return f"{field or '(top level)'}: expected {expected}, got {_shown(value)}"


class NotFoundError(RelnetError, KeyError):
    """A record asked for by id does not exist.

    ``kind`` names the record type (``"contact"``) and ``id`` the missing id. ``role``
    says which record is missing: ``"target"``, the one the call asked for (a lookup,
    an update or a removal of an unknown id; an HTTP app answers 404), or
    ``"reference"``, one that the record being written refers to (a participant, an
    introducer, a goal; the request itself is at fault, 422).
    """

    code = "not_found"

    def __init__(self, kind: str, id: str, *, role: NotFoundRole = "target") -> None:
        if role not in _ROLES:
            raise ValueError(f"role: expected one of {', '.join(_ROLES)}, got {role!r}")
        self.kind = kind
        self.id = id
        self.role: NotFoundRole = role
        message = f"no {kind} with id {id!r}"
        if role == "reference":
            message += " (the record written refers to it)"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError would quote the whole message; read it as a sentence instead.
        return str(self.args[0])

    def to_record(self) -> dict[str, Any]:
        """``error``, ``message``, ``kind``, ``id`` and ``role``."""
        return {**super().to_record(), "kind": self.kind, "id": self.id, "role": self.role}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), (self.kind, self.id), {"role": self.role}))


class ConflictError(RelnetError):
    """A write lost a race or would overwrite something: a stale version, a reused id.

    ``kind`` and ``id`` name the record that conflicted (None when the store cannot
    tell). ``reason`` is a :data:`ConflictReason`: ``"duplicate"`` (the id is taken),
    ``"stale_version"`` (an update made from an outdated read) or
    ``"concurrent_write"`` (a concurrent transaction got in the way).

    ``retryable`` says whether running the same write again may succeed: true when a
    concurrent transaction got in the way (a serialization failure or a deadlock that
    the store's own retries did not get past), false for a reused id or a stale version,
    which need a fresh read first. It defaults to ``reason == "concurrent_write"``, and
    ``reason`` to ``"concurrent_write"`` for a retryable error.
    """

    code = "conflict"

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        id: str | None = None,
        reason: ConflictReason | None = None,
        retryable: bool | None = None,
    ) -> None:
        if reason is not None and reason not in _REASONS:
            raise ValueError(f"reason: expected one of {', '.join(_REASONS)}, got {reason!r}")
        if reason is None and retryable:
            reason = "concurrent_write"
        self.kind = kind
        self.id = id
        self.reason: ConflictReason | None = reason
        self.retryable = reason == "concurrent_write" if retryable is None else retryable
        super().__init__(message)

    @classmethod
    def duplicate(
        cls, kind: str, id: str, how: str = "already exists", *, message: str | None = None
    ) -> ConflictError:
        """The error of a reused id: "a ``kind`` with id ``id`` ``how``" (or ``message``)."""
        article = "an" if kind[0] in "aeiou" else "a"
        text = f"{article} {kind} with id {id!r} {how}" if message is None else message
        return cls(text, kind=kind, id=id, reason="duplicate")

    @classmethod
    def stale(cls, kind: str, id: str, how: str) -> ConflictError:
        """The error of an update made from an outdated read: "``kind`` ``id`` ``how``"."""
        return cls(f"{kind} {id!r} {how}", kind=kind, id=id, reason="stale_version")

    def to_record(self) -> dict[str, Any]:
        """``error``, ``message``, ``kind``, ``id``, ``reason`` and ``retryable``."""
        return {
            **super().to_record(),
            "kind": self.kind,
            "id": self.id,
            "reason": self.reason,
            "retryable": self.retryable,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        state = {"kind": self.kind, "id": self.id, "reason": self.reason}
        return (_rebuild, (type(self), self.args, {**state, "retryable": self.retryable}))


class StorageError(RelnetError):
    """A storage backend failed; the driver's own exception is the ``__cause__``.

    ``retryable`` says whether the same call may succeed later (a dropped connection, a
    server shutting down) rather than never (a schema written by a newer relnet).
    """

    code = "storage"

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        self.retryable = retryable
        super().__init__(message)

    def to_record(self) -> dict[str, Any]:
        """``error``, ``message`` and ``retryable``."""
        return {**super().to_record(), "retryable": self.retryable}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, {"retryable": self.retryable}))


def _rebuild(kind: type[RelnetError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Unpickle an error whose constructor takes keyword-only state."""
    return kind(*args, **state)
