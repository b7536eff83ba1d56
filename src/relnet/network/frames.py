"""The network views as plain records and as pandas frames.

Every report has ``to_records()`` (a list of plain dicts, one per row) and
``to_frame()``; every row type (an :class:`~relnet.network.IntroPath`, a
:class:`~relnet.network.Balance`…) has ``to_record()``. :func:`records` and
:func:`to_frame` accept either, or a list of rows, as the list-returning views give.
A value that is both — an :class:`~relnet.network.IntroPath` is a row of a path list
and a report of its own links, a :class:`~relnet.network.CommunityReport` a row of
the communities list and a report of its members — is read as a report.

pandas is optional: it is imported only when a frame is asked for, and its absence
raises an ImportError that names the extra to install.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from relnet.errors import ValidationError

if TYPE_CHECKING:
    import pandas

__all__ = ["FrameMixin", "records", "to_frame"]

_INSTALL = "pandas is needed for frames: pip install 'relnet[pandas]'"


@runtime_checkable
class _Report(Protocol):
    def to_records(self) -> list[dict[str, Any]]: ...


@runtime_checkable
class _Row(Protocol):
    def to_record(self) -> dict[str, Any]: ...


def records(view: _Report | _Row | Iterable[_Row]) -> list[dict[str, Any]]:
    """Plain dict rows of a report, of one row, or of a list of rows.

    >>> from relnet.network import StageSuggestion
    >>> records([StageSuggestion("ada", "target", "connected", "They answered.")])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'contact': 'ada', 'name': '', 'current': 'target', 'suggested': 'connected',
      'changed': True, 'reason': 'They answered.'}]
    """
    if isinstance(view, _Report):
        return view.to_records()
    if isinstance(view, _Row):
        return [view.to_record()]
    rows: list[dict[str, Any]] = []
    for item in view:
        if not isinstance(item, _Row):
            raise ValidationError("view", item, "a report or rows with to_record()")
        rows.append(item.to_record())
    return rows


def to_frame(view: _Report | _Row | Iterable[_Row]) -> pandas.DataFrame:
    """A :class:`pandas.DataFrame` with one row per record of :func:`records`.

    Raises ImportError naming ``relnet[pandas]`` when pandas is not installed.
    """
    try:
        import pandas
    except ImportError as error:
        raise ImportError(_INSTALL) from error
    return pandas.DataFrame.from_records(records(view))


class FrameMixin:
    """Gives a report ``to_frame()`` from its ``to_records()``."""

    __slots__ = ()

    def to_records(self) -> list[dict[str, Any]]:  # pragma: no cover - overridden
        """One plain dict per row."""
        raise NotImplementedError

    def to_frame(self) -> pandas.DataFrame:
        """The report as a :class:`pandas.DataFrame` (needs ``relnet[pandas]``)."""
        return to_frame(self)
