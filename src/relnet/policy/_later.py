"""The contacts' touches after a dismissed message or intro, for one engine run.

A dismissed reply or intro loop lets the rule propose the newer one, found in the
summary of the contact's touches after the dismissed one
(:meth:`relnet.policy.dismissals.Dismissed.later`). The contact's summary tells it
most of the time (:func:`relnet.policy.dismissals.newer_open`); when it does not, the
touches are read here, in one call for the whole run: the interactions since the
earliest dismissed message or intro of the contacts the run covers.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence

from relnet.model import ContactId, Dismissal, Interaction, TouchSummary, epoch_us, summarize
from relnet.model.instants import EPOCH
from relnet.policy.followup import Reason
from relnet.storage import Store

__all__ = ["Later"]

#: The reasons whose dismissal may need the touches after it.
_OPEN_THINGS = frozenset({Reason.REPLY_OWED.value, Reason.INTRO_LOOP.value})

_ANCHOR_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def _instant(anchor: str) -> int | None:
    """The instant (epoch microseconds) an anchor names, or None when it names none."""
    try:
        moment = dt.datetime.strptime(anchor, _ANCHOR_FORMAT)
    except ValueError:
        return None
    return epoch_us(moment.replace(tzinfo=dt.UTC))


class Later:
    """Summaries of contacts' touches after an instant, read from ``store`` at most once
    for the run (for ``contact`` only, or every contact): the interactions after the
    earliest message or intro ``dismissals`` name. An instant before that one (a rule
    of yours that anchors a reply elsewhere) is read for its contact alone."""

    __slots__ = ("_contact", "_history", "_now", "_since", "_store")

    def __init__(
        self,
        store: Store,
        now: dt.datetime,
        dismissals: Iterable[Dismissal],
        contact: ContactId | None = None,
    ) -> None:
        self._store = store
        self._now = now
        self._contact = contact
        instants = [
            at
            for d in dismissals
            if d.reason in _OPEN_THINGS and (at := _instant(d.anchor)) is not None
        ]
        self._since = min(instants) if instants else None
        self._history: dict[ContactId, tuple[list[int], list[Interaction]]] | None = None

    def summary(self, person: ContactId, at_us: int) -> TouchSummary:
        """The summary, as of the run's ``now``, of ``person``'s touches after ``at_us``."""
        since = self._since
        if since is None or at_us < since:
            return self._read(person, at_us, None)
        history = self._history
        if history is None:
            history = self._history = self._histories(since)
        instants, items = history.get(person, ([], []))
        return self._read(person, at_us, items[bisect.bisect_right(instants, at_us) :])

    def _read(
        self, person: ContactId, at_us: int, items: Sequence[Interaction] | None
    ) -> TouchSummary:
        if items is None:
            start = EPOCH + dt.timedelta(microseconds=at_us + 1)
            items = self._store.interactions(contact=person, since=start)
        return summarize(items, now=self._now, contacts=[person])[person]

    def _histories(self, since: int) -> dict[ContactId, tuple[list[int], list[Interaction]]]:
        """The interactions after ``since``, by contact touched, in time order."""
        start = EPOCH + dt.timedelta(microseconds=since + 1)
        out: dict[ContactId, tuple[list[int], list[Interaction]]] = {}
        for interaction in self._store.interactions(contact=self._contact, since=start):
            at = epoch_us(interaction.at)
            for person in dict.fromkeys(t.contact for t in interaction.touches()):
                instants, items = out.setdefault(person, ([], []))
                instants.append(at)
                items.append(interaction)
        return out
