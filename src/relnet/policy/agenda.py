"""The engine's answer: an :class:`Agenda`, an immutable sequence of follow-ups."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import pendulum

from relnet.model import ContactId, epoch_us
from relnet.model.records import instant_fields
from relnet.policy.followup import FollowUp, Reason

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Agenda"]

#: How many rows the notebook views show before "… N more".
ROWS_SHOWN = 50

# Characters that would start emphasis, code, links or a new cell; <, > and & are
# written as HTML entities instead.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def _item_tuple(items: Iterable[FollowUp]) -> tuple[FollowUp, ...]:
    return tuple(items)


@attrs.frozen(repr=False)
class Agenda(Sequence[FollowUp]):
    """Follow-ups in agenda order, as of ``now`` (``today`` is the owner's date then).

    It is a sequence (``len``, indexing, iteration; a slice is an Agenda too), with
    :meth:`for_contact`, :meth:`to_records` for JSON, :meth:`to_frame` for pandas, and
    rich views in notebooks.
    """

    items: tuple[FollowUp, ...] = attrs.field(converter=_item_tuple)
    now: pendulum.DateTime
    today: pendulum.Date
    _index: Mapping[ContactId, FollowUp] = attrs.field(init=False, eq=False)

    @_index.default
    def _build_index(self) -> Mapping[ContactId, FollowUp]:
        index: dict[ContactId, FollowUp] = {}
        for item in self.items:
            index.setdefault(item.contact, item)
        return index

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> FollowUp: ...

    @overload
    def __getitem__(self, index: slice) -> Agenda: ...

    def __getitem__(self, index: int | slice) -> FollowUp | Agenda:
        if isinstance(index, slice):
            return Agenda(self.items[index], self.now, self.today)
        return self.items[index]

    def __iter__(self) -> Iterator[FollowUp]:
        return iter(self.items)

    def __repr__(self) -> str:
        return f"<{self.title}>"

    @property
    def title(self) -> str:
        """``Agenda for 2026-11-25: 3 follow-ups``."""
        count = len(self.items)
        noun = "follow-up" if count == 1 else "follow-ups"
        return f"Agenda for {self.today.isoformat()}: {count} {noun}"

    def for_contact(self, contact_id: ContactId) -> FollowUp | None:
        """The follow-up for ``contact_id``, or None when the contact has none here."""
        return self._index.get(contact_id)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per follow-up (:meth:`FollowUp.to_record`), with JSON-friendly
        values.

        Dates and instants are ISO strings (each instant with its zone in a ``_zone``
        field beside it), enums their values, tuples lists.
        """
        return [item.to_record() for item in self.items]

    def to_record(self) -> dict[str, Any]:
        """The whole agenda as one plain dict for JSON: ``now`` (an ISO 8601 instant)
        and ``now_zone``, ``today`` (the owner's date) and ``items``
        (:meth:`to_records`)."""
        return {
            **instant_fields("now", self.now),
            "today": self.today.isoformat(),
            "items": self.to_records(),
        }

    def to_frame(self) -> pd.DataFrame:
        """The agenda as a :class:`pandas.DataFrame`, one row per follow-up.

        Columns are typed: ``available_from`` and ``due`` are ``datetime64``, ``due_at``
        UTC timestamps, ``reason`` and ``state`` categoricals, the breakdown's factors
        floats. Raises ImportError naming the extra when pandas is missing.
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                "Agenda.to_frame needs pandas: pip install 'relnet[pandas]'"
            ) from None
        items = self.items
        frame = pd.DataFrame(
            {
                "contact": pd.Series([i.contact for i in items], dtype="string"),
                "name": pd.Series([i.name for i in items], dtype="string"),
                "reason": pd.Categorical(
                    [i.reason.value for i in items], categories=[r.value for r in Reason]
                ),
                "must_do": pd.Series([i.must_do for i in items], dtype="bool"),
                "available_from": _dates(pd, [i.available_from for i in items]),
                "due": _dates(pd, [i.due for i in items]),
                "due_at": pd.Series(
                    pd.to_datetime([epoch_us(i.due_at) for i in items], unit="us", utc=True),
                    dtype="datetime64[us, UTC]",
                ),
                "state": pd.Categorical([i.state for i in items], categories=["due", "overdue"]),
                "overdue_days": pd.Series([i.overdue_days for i in items], dtype="int64"),
                "priority": pd.Series([i.priority for i in items], dtype="float64"),
                "base": pd.Series([i.breakdown.base for i in items], dtype="float64"),
                "circle": pd.Series([i.breakdown.circle for i in items], dtype="float64"),
                "goal": pd.Series([i.breakdown.goal for i in items], dtype="float64"),
                "reciprocity": pd.Series([i.breakdown.reciprocity for i in items], dtype="float64"),
                "urgency": pd.Series([i.breakdown.urgency for i in items], dtype="float64"),
                "factors": pd.Series([i.factors for i in items], dtype="object"),
                "text": pd.Series([i.text for i in items], dtype="string"),
                "also": pd.Series([tuple(r.value for r in i.also) for i in items], dtype="object"),
                "interaction": pd.Series([i.interaction for i in items], dtype="string"),
                "commitment": pd.Series([i.commitment for i in items], dtype="string"),
            }
        )
        return frame

    def _rows(self) -> tuple[list[FollowUp], int]:
        shown = list(self.items[:ROWS_SHOWN])
        return shown, len(self.items) - len(shown)

    def _repr_html_(self) -> str:
        import html  # for notebooks only: commands never load it

        shown, more = self._rows()
        head = "".join(
            f"<th>{h}</th>" for h in ("#", "Name", "Reason", "Due", "State", "Priority", "Why")
        )
        rows = []
        for number, item in enumerate(shown, 1):
            cells = (
                str(number),
                item.name,
                item.reason.value,
                item.due.isoformat(),
                item.state,
                f"{item.priority:.1f}",
                item.text,
            )
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        if more:
            rows.append(f'<tr><td colspan="7">… {more} more</td></tr>')
        caption = html.escape(self.title)
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def _repr_markdown_(self) -> str:
        shown, more = self._rows()
        lines = [
            f"**{_markdown(self.title)}**",
            "",
            "| # | Name | Reason | Due | State | Priority | Why |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for number, item in enumerate(shown, 1):
            cells = (
                str(number),
                _markdown(item.name),
                _markdown(item.reason.value),
                item.due.isoformat(),
                item.state,
                f"{item.priority:.1f}",
                _markdown(item.text),
            )
            lines.append("| " + " | ".join(cells) + " |")
        if more:
            lines.append("")
            lines.append(f"… {more} more")
        return "\n".join(lines) + "\n"


def _markdown(text: str) -> str:
    """``text`` on one line with Markdown's special characters escaped."""
    import html  # for notebooks and documents only: commands never load it

    flat = " ".join(text.split())
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", flat), quote=False)


def _dates(pd: Any, days: Sequence[pendulum.Date]) -> Any:
    return pd.Series([pd.Timestamp(d.year, d.month, d.day) for d in days], dtype="datetime64[s]")
