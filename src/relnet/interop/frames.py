"""A network as pandas DataFrames, for notebooks. Needs ``relnet[pandas]``.

Every frame has typed columns: text as ``string``, enums as ``category`` (with every
member as a category, so filters and counts show empty ones too; circles are ordered
closest first), instants as ``datetime64[ns, UTC]`` beside a ``zone`` column naming the
original IANA zone (pandas cannot hold several zones in one column), calendar dates as
``datetime64[ns]`` at midnight, and sets and lists as sorted tuples.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from relnet.interop._extras import missing_extra
from relnet.model import (
    Channel,
    Circle,
    ContactId,
    ContactStatus,
    Direction,
    GoalKind,
    GoalStatus,
    Party,
    Stage,
    TargetMeasure,
)
from relnet.policy.circles import cadence_for
from relnet.policy.followup import FollowUp, Reason
from relnet.storage import Store

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FOLLOW_UP_COLUMNS",
    "commitments_frame",
    "contacts_frame",
    "follow_ups_frame",
    "goals_frame",
    "interactions_frame",
]

#: The columns of :func:`follow_ups_frame`, in order (the agenda's frame has the same).
FOLLOW_UP_COLUMNS: tuple[str, ...] = (
    "contact",
    "name",
    "reason",
    "also",
    "must_do",
    "available_from",
    "due",
    "due_at",
    "state",
    "overdue_days",
    "priority",
    "factors",
    "text",
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise missing_extra("pandas", "pandas") from error
    return pandas


class _Columns:
    """Builds typed columns from Python values."""

    def __init__(self) -> None:
        self.pd = _pandas()
        self.data: dict[str, Any] = {}

    def text(self, name: str, values: Iterable[str | None]) -> None:
        self.data[name] = self.pd.Series(list(values), dtype="string")

    def category(
        self,
        name: str,
        values: Iterable[Any],
        categories: Sequence[str] | type[enum.Enum],
        *,
        ordered: bool = False,
    ) -> None:
        if isinstance(categories, type):
            categories = [str(member.value) for member in categories]
        plain = [None if v is None else str(getattr(v, "value", v)) for v in values]
        self.data[name] = self.pd.Series(
            self.pd.Categorical(plain, categories=list(categories), ordered=ordered)
        )

    def instant(self, name: str, values: Iterable[dt.datetime | None]) -> None:
        self.data[name] = self.pd.Series(list(values), dtype="datetime64[ns, UTC]")

    def day(self, name: str, values: Iterable[dt.date | None]) -> None:
        days = [None if d is None else dt.datetime(d.year, d.month, d.day) for d in values]
        self.data[name] = self.pd.Series(days, dtype="datetime64[ns]")

    def plain(self, name: str, values: Iterable[Any], dtype: str) -> None:
        self.data[name] = self.pd.Series(list(values), dtype=dtype)

    def tuples(self, name: str, values: Iterable[Iterable[Any]], *, sort: bool = True) -> None:
        rows = [tuple(sorted(map(str, v)) if sort else map(str, v)) for v in values]
        self.data[name] = self.pd.Series(rows, dtype=object)

    def frame(self) -> pd.DataFrame:
        frame: pd.DataFrame = self.pd.DataFrame(self.data)
        return frame


def _zone(instant: dt.datetime | None) -> str | None:
    if instant is None:
        return None
    name = getattr(instant, "timezone_name", None)
    return str(name) if name else instant.tzname()


def contacts_frame(store: Store) -> pd.DataFrame:
    """One row per contact, ordered by id.

    Columns: ``id``, ``name``, ``circle``, ``status``, ``stage`` (categories),
    ``cadence`` (the contact's own, as text), ``effective_cadence`` and ``cadence_days``
    (its own or its circle's), ``created_at`` (UTC) and ``created_zone``,
    ``snoozed_until``, ``roles``, ``tags``, ``interests``, ``emails``, ``phones``,
    ``urls``, ``organization``, ``headline``, ``timezone``, ``birthday`` (``YYYY-MM-DD``
    or ``--MM-DD``), ``introduced_by``, ``communities``, ``notes``, ``how_met``,
    ``version``.
    """
    people = list(store.contacts())
    cols = _Columns()
    effective = [cadence_for(c) for c in people]
    cols.text("id", (c.id for c in people))
    cols.text("name", (c.name for c in people))
    cols.category("circle", (c.circle for c in people), Circle, ordered=True)
    cols.category("status", (c.status for c in people), ContactStatus)
    cols.category("stage", (c.stage for c in people), Stage)
    cols.text("cadence", (None if c.cadence is None else str(c.cadence) for c in people))
    cols.text("effective_cadence", (None if e is None else str(e) for e in effective))
    cols.plain(
        "cadence_days",
        (float("nan") if e is None else e.approximate_days() for e in effective),
        "float64",
    )
    cols.instant("created_at", (c.created_at for c in people))
    cols.text("created_zone", (_zone(c.created_at) for c in people))
    cols.day("snoozed_until", (c.snoozed_until for c in people))
    cols.tuples("roles", (c.roles for c in people))
    cols.tuples("tags", (c.tags for c in people))
    cols.tuples("interests", (c.interests for c in people))
    cols.tuples("emails", (c.emails for c in people), sort=False)
    cols.tuples("phones", (c.phones for c in people), sort=False)
    cols.tuples("urls", (c.urls for c in people), sort=False)
    cols.text("organization", (c.organization for c in people))
    cols.text("headline", (c.headline for c in people))
    cols.text("timezone", (c.timezone for c in people))
    cols.text("birthday", (None if c.birthday is None else c.birthday.isoformat() for c in people))
    cols.text("introduced_by", (c.introduced_by for c in people))
    cols.tuples("communities", (c.communities for c in people))
    cols.text("notes", (c.notes for c in people))
    cols.text("how_met", (c.how_met for c in people))
    cols.plain("version", (c.version for c in people), "int64")
    return cols.frame()


def interactions_frame(store: Store) -> pd.DataFrame:
    """One row per person an interaction names (participant or introducer), in time order.

    Columns: ``interaction``, ``contact``, ``name``, ``at`` (UTC) and ``zone`` (the
    zone it was recorded in), ``channel``, ``role`` (``participant`` or
    ``introducer``), ``touch`` (whether it counts as a touch for that person: notes and
    auto-replies do not), ``direction`` (the touch's, else the interaction's),
    ``expects_reply``, ``gave``, ``received``, ``summary``, ``topics``, ``goals``,
    ``event``.
    """
    names = {c.id: c.name for c in store.contacts()}
    rows: list[dict[str, Any]] = []
    for interaction in store.interactions():
        touches = {t.contact: t for t in interaction.touches()}
        for person in interaction.contacts:
            touch = touches.get(person)
            is_introducer = person == interaction.introduced_by
            rows.append(
                {
                    "interaction": interaction.id,
                    "contact": person,
                    "name": names.get(ContactId(person)),
                    "at": interaction.at,
                    "zone": _zone(interaction.at),
                    "channel": interaction.channel,
                    "role": "introducer" if is_introducer else "participant",
                    "touch": touch is not None,
                    "direction": touch.direction if touch else interaction.direction,
                    "expects_reply": bool(touch.expects_reply) if touch else False,
                    "gave": touch.gave if touch else interaction.gave,
                    "received": touch.received if touch else interaction.received,
                    "summary": interaction.summary,
                    "topics": interaction.topics,
                    "goals": interaction.goals,
                    "event": interaction.event,
                }
            )
    cols = _Columns()
    for name in ("interaction", "contact", "name"):
        cols.text(name, (row[name] for row in rows))
    cols.instant("at", (row["at"] for row in rows))
    cols.text("zone", (row["zone"] for row in rows))
    cols.category("channel", (row["channel"] for row in rows), Channel)
    cols.category("role", (row["role"] for row in rows), ("participant", "introducer"))
    cols.plain("touch", (row["touch"] for row in rows), "bool")
    cols.category("direction", (row["direction"] for row in rows), Direction)
    cols.plain("expects_reply", (row["expects_reply"] for row in rows), "bool")
    cols.tuples("gave", (row["gave"] for row in rows), sort=False)
    cols.tuples("received", (row["received"] for row in rows), sort=False)
    cols.text("summary", (row["summary"] for row in rows))
    cols.tuples("topics", (row["topics"] for row in rows))
    cols.tuples("goals", (row["goals"] for row in rows))
    cols.text("event", (row["event"] for row in rows))
    return cols.frame()


def commitments_frame(store: Store) -> pd.DataFrame:
    """One row per commitment, by due date.

    Columns: ``id``, ``contact``, ``name``, ``what``, ``owed_by`` (``me``/``them``),
    ``due``, ``done_on`` (NaT while open), ``open``.
    """
    names = {c.id: c.name for c in store.contacts()}
    items = list(store.commitments())
    cols = _Columns()
    cols.text("id", (c.id for c in items))
    cols.text("contact", (c.contact for c in items))
    cols.text("name", (names.get(c.contact) for c in items))
    cols.text("what", (c.what for c in items))
    cols.category("owed_by", (c.owed_by for c in items), Party)
    cols.day("due", (c.due for c in items))
    cols.day("done_on", (c.done_on for c in items))
    cols.plain("open", (c.is_open for c in items), "bool")
    return cols.frame()


def goals_frame(store: Store) -> pd.DataFrame:
    """One row per goal, by id.

    Columns: ``id``, ``title``, ``kind``, ``status``, ``weight``, ``deadline``,
    ``contacts``, ``cadence``, and the target's ``target_count`` (nullable integer),
    ``target_measure``, ``target_channels``, ``target_tag``, ``target_start``.
    """
    goals = list(store.goals())
    cols = _Columns()
    targets = [g.target for g in goals]
    cols.text("id", (g.id for g in goals))
    cols.text("title", (g.title for g in goals))
    cols.category("kind", (g.kind for g in goals), GoalKind)
    cols.category("status", (g.status for g in goals), GoalStatus)
    cols.plain("weight", (g.weight for g in goals), "float64")
    cols.day("deadline", (g.deadline for g in goals))
    cols.tuples("contacts", (g.contacts for g in goals))
    cols.text("cadence", (None if g.cadence is None else str(g.cadence) for g in goals))
    cols.plain("target_count", (None if t is None else t.count for t in targets), "Int64")
    cols.category(
        "target_measure", (None if t is None else t.measure for t in targets), TargetMeasure
    )
    cols.tuples("target_channels", (() if t is None else t.channels for t in targets))
    cols.text("target_tag", (None if t is None else t.tag for t in targets))
    cols.day("target_start", (None if t is None else t.start for t in targets))
    return cols.frame()


def follow_ups_frame(follow_ups: Iterable[FollowUp]) -> pd.DataFrame:
    """One row per follow-up, in the order given, with :data:`FOLLOW_UP_COLUMNS`.

    ``reason`` is a category of every :class:`~relnet.policy.Reason`, ``also`` a tuple
    of reason codes, ``available_from`` and ``due`` local dates, ``due_at`` the instant
    in UTC, ``state`` a category of ``due`` and ``overdue``, ``factors`` a tuple.
    """
    items = list(follow_ups)
    cols = _Columns()
    cols.text("contact", (f.contact for f in items))
    cols.text("name", (f.name for f in items))
    cols.category("reason", (f.reason for f in items), Reason)
    cols.tuples("also", ((r.value for r in f.also) for f in items), sort=False)
    cols.plain("must_do", (f.must_do for f in items), "bool")
    cols.day("available_from", (f.available_from for f in items))
    cols.day("due", (f.due for f in items))
    cols.instant("due_at", (f.due_at for f in items))
    cols.category("state", (f.state for f in items), ("due", "overdue"))
    cols.plain("overdue_days", (f.overdue_days for f in items), "int64")
    cols.plain("priority", (f.priority for f in items), "float64")
    cols.tuples("factors", (f.factors for f in items), sort=False)
    cols.text("text", (f.text for f in items))
    return cols.frame()
