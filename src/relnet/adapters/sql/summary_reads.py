"""The SQL stores' reading of touch summaries: the ``summaries`` table for contacts with
no touch after ``now``, and a few index seeks of the ``touches`` table for the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from relnet import model
from relnet.adapters.sql.connection import SQLConnection
from relnet.adapters.sql.dialect import Result
from relnet.adapters.sql.summaries import (
    LAST_TOUCH_QUERY,
    STORED_QUERY,
    may_pass_as_of,
    sieve_tests,
    stored_as_of,
    tail_query,
    tail_summaries,
)
from relnet.errors import ValidationError
from relnet.model import TouchSummary, epoch_us
from relnet.storage.sieve import checked_sieve, passes

__all__ = ["TouchSummaryReads"]


def _now(value: Any) -> int:
    """``now`` as epoch microseconds; a ValidationError unless it is an aware datetime."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError("now", value, "an aware datetime (with a time zone)")
    return epoch_us(value)


class TouchSummaryReads(SQLConnection):
    """``touch_summaries``, ``last_touches`` and ``touch_summaries_since`` of the SQL
    stores (see :class:`~relnet.storage.Store` and :class:`~relnet.storage.SummarySieve`)."""

    def touch_summaries(
        self, *, now: dt.datetime, contacts: Iterable[model.ContactId] | None = None
    ) -> Mapping[model.ContactId, TouchSummary]:
        """Each contact's summary as of ``now``: read from the ``summaries`` table for
        the contacts with no touch after ``now``, folded by the database for the rest."""
        now_us = _now(now)
        if contacts is None:
            result = self._run(STORED_QUERY)
        else:
            wanted = list(dict.fromkeys(contacts))
            if not wanted:
                return {}
            result = self._chunked(
                self.dialect.render(f"{STORED_QUERY} WHERE {self.dialect.in_ids('contact_id')}"),
                wanted,
            )
        found, later = stored_as_of(result, now_us)
        found.update(self._summaries_as_of(later, now_us))
        if contacts is None:
            # The contacts never touched: those without a stored summary.
            untouched = self._run(
                "SELECT id FROM contacts WHERE id NOT IN (SELECT contact_id FROM summaries) "
                "ORDER BY id"
            )
            for person in untouched.column("id"):
                found[model.ContactId(person)] = TouchSummary(model.ContactId(person))
            return found
        return {c: found.get(c) or TouchSummary(contact=c) for c in wanted}

    def last_touches(
        self, *, now: dt.datetime, contacts: Iterable[model.ContactId] | None = None
    ) -> dict[model.ContactId, int]:
        """Each contact's last touch as of ``now`` (epoch microseconds), the
        ``last_touch`` of its :meth:`touch_summaries`, read alone: one column of the
        ``summaries`` table, and a walk back through the touches index for the contacts
        touched after ``now``. Only the contacts (among ``contacts``, when given) with a
        touch at or before ``now`` are in it."""
        now_us = _now(now)
        if contacts is None:
            result = self._query(LAST_TOUCH_QUERY, now=now_us)
        else:
            wanted = list(dict.fromkeys(contacts))
            where = self.dialect.in_ids("s.contact_id")
            sql = self.dialect.render(f"{LAST_TOUCH_QUERY} WHERE {where}")
            result = self._chunked(sql, wanted, now=now_us) if wanted else Result((), [])
        return {
            model.ContactId(person): last
            for person, last in result.values("contact_id", "last_touch")
            if last is not None
        }

    def touch_summaries_since(
        self, *, now: dt.datetime, since: Mapping[str, int]
    ) -> Mapping[model.ContactId, TouchSummary]:
        """The summaries as of ``now`` of exactly the contacts whose summary passes
        ``since`` (see :class:`relnet.storage.SummarySieve`): a range of the
        ``summaries`` table, and the contacts touched after ``now`` folded again."""
        bounds = checked_sieve(since)
        now_us = _now(now)
        if not bounds:
            return {}
        tests, params = sieve_tests(bounds.items())
        found: dict[model.ContactId, TouchSummary] = {}
        if tests:
            # Nearly every row is at or before now: not the latest_us index (``+``), but
            # the partial indexes of the bounded fields (schema version 8) or a scan.
            result = self._query(
                f"{STORED_QUERY} WHERE +latest_us <= :now AND ({tests})", now=now_us, **params
            )
            found, _ = stored_as_of(result, now_us)  # every row is at or before now
        if "next_planned" in bounds:
            later = self._query(
                "SELECT contact_id FROM summaries WHERE latest_us > :now", now=now_us
            )
        else:
            # Every other field is the instant of a past touch of some kind: only a
            # contact with such a touch between the bound and now may pass, and only
            # those that may_pass_as_of keeps are folded again (a stored column is
            # tested first, and a few seeks in the touches index after it).
            later = self._query(
                "SELECT s.contact_id FROM summaries s WHERE s.latest_us > :now "
                f"AND ({may_pass_as_of(list(bounds.items()))})",
                now=now_us,
                **params,
            )
        for person, summary in self._summaries_as_of(later.column("contact_id"), now_us).items():
            if passes(summary, bounds):
                found[person] = summary
        return found

    def _summaries_as_of(
        self, contacts: Sequence[str], now_us: int
    ) -> dict[model.ContactId, TouchSummary]:
        """The summaries as of ``now_us`` of ``contacts``, which have stored summaries and
        touches after ``now_us``: from the stored summaries and a few index seeks."""
        if not contacts:
            return {}
        result = self._chunked(tail_query(self.dialect), contacts, now=now_us)
        return {summary.contact: summary for summary in tail_summaries(result, now_us)}
