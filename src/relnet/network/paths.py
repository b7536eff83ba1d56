"""Warm introductions: ranked paths from you to someone you want to meet.

A path runs from you, through people you know, to the target. Its first link (you to
the first person) is scored by :func:`~relnet.policy.tie_strength`; every other link
(contact to contact) by :func:`~relnet.network.link_strength`. The path's score is the
product of its link scores, so it lies in [0, 1] and every extra hop can only lower it.

Who may stand on a path:

* the **first person** must be someone you know yourself: a past touch, or a stage
  past ``target`` (see :func:`intro_paths`);
* **nobody** on it may be archived or do-not-contact, nor the target itself, and
  nobody appears twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

import attrs

from relnet.model import Contact, ContactId, TouchSummary
from relnet.model._check import integer
from relnet.network._common import FieldsRecord, date_of_us, instant, is_known
from relnet.network.frames import FrameMixin
from relnet.network.links import LinkIndex
from relnet.policy.strength import tie_strength
from relnet.storage import Store, touch_summaries_of

__all__ = ["PATH_LIMIT", "IntroPath", "PathLink", "intro_paths"]

#: At most how many paths :func:`intro_paths` returns (the best ones).
PATH_LIMIT = 25
# Slack for comparing products of the same floats multiplied in another order.
_EPSILON = 1e-12


@attrs.frozen
class PathLink(FieldsRecord):
    """One link of an :class:`IntroPath`: ``source`` (``None`` for you) knows ``target``."""

    source: ContactId | None
    target: ContactId
    strength: float
    explanation: str

    def __str__(self) -> str:
        return self.explanation


@attrs.frozen
class IntroPath(FrameMixin):
    """A way to reach ``target``: through ``via`` (in order from you), scored and explained.

    ``via`` is empty for a direct tie; ``links`` explain each step, from you to the
    target; ``route`` reads ``"you → Ada → Bo → Cy"``.
    """

    target: ContactId
    via: tuple[ContactId, ...]
    score: float
    explanation: str
    links: tuple[PathLink, ...]
    route: str = ""

    @property
    def hops(self) -> int:
        """How many people stand between you and the target."""
        return len(self.via)

    @property
    def ask(self) -> ContactId:
        """Whom to talk to first: the first person on the path (the target when direct)."""
        return self.via[0] if self.via else self.target

    def to_record(self) -> dict[str, Any]:
        """The path as a plain dict (``via`` as a list of ids)."""
        return {
            "target": self.target,
            "via": list(self.via),
            "hops": self.hops,
            "score": self.score,
            "route": self.route,
            "explanation": self.explanation,
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One row per link, from you to the target."""
        return [{"step": n, **link.to_record()} for n, link in enumerate(self.links, 1)]


def _through(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


class PathFinder:
    """Everything needed to search paths in one store as of ``now``, read once."""

    def __init__(self, store: Store, *, now: dt.datetime) -> None:
        moment = instant(now)
        self.now = moment
        self.settings = store.get_settings()
        self.links = LinkIndex(store, now=moment)
        self.contacts: Mapping[ContactId, Contact] = self.links.contacts
        self.summaries = touch_summaries_of(store, sorted(self.contacts), now=moment)
        self._ties: dict[ContactId, float] = {}
        self._top_tie: float | None = None

    def summary(self, contact: ContactId) -> TouchSummary:
        """The contact's touch summary (empty when never touched)."""
        return self.summaries.get(contact) or TouchSummary(contact)

    def tie(self, contact: ContactId) -> float:
        """Your tie strength with ``contact`` (cached)."""
        found = self._ties.get(contact)
        if found is None:
            found = tie_strength(
                self.contacts[contact], self.summary(contact), now=self.now, settings=self.settings
            )
            self._ties[contact] = found
        return found

    def top_tie(self) -> float:
        """Your strongest tie with anyone who could start a path (an upper bound for
        every first link)."""
        if self._top_tie is None:
            known = (self.tie(c) for c in self.contacts if self.known(c))
            self._top_tie = max(known, default=0.0)
        return self._top_tie

    def known(self, contact: ContactId) -> bool:
        """Whether you may ask ``contact`` yourself: reachable and known to you."""
        person = self.contacts[contact]
        return person.reachable and is_known(person, self.summary(contact))

    def _owner_link(self, contact: ContactId) -> PathLink:
        person = self.contacts[contact]
        summary = self.summary(contact)
        strength = self.tie(contact)
        if summary.last_touch is not None and summary.touches > 0:
            on = date_of_us(summary.last_touch, self.settings.timezone).isoformat()
            detail = f"last touch on {on}"
        else:
            detail = f"no touch logged yet (stage {person.stage.value})"
        text = f"You know {person.name}: tie strength {strength:.2f}, {detail}"
        return PathLink(None, contact, strength, text)

    def _score(self, target: ContactId, via: tuple[ContactId, ...]) -> float:
        chain = (*via, target)
        score = self.tie(chain[0])
        for source, sink in itertools.pairwise(chain):
            score *= self.links.strength(source, sink)
        return min(1.0, max(0.0, score))

    def _path(self, target: ContactId, via: tuple[ContactId, ...]) -> IntroPath:
        chain = (*via, target)
        links = [self._owner_link(chain[0])]
        for source, sink in itertools.pairwise(chain):
            link = self.links.link(source, sink)
            assert link is not None
            text = link.explain(self.links.name(source), self.links.name(sink))
            links.append(PathLink(source, sink, link.strength, text))
        score = self._score(target, via)
        names = [self.links.name(c) for c in chain]
        if via:
            headline = f"Ask {names[0]} to introduce you to {names[-1]}"
            if len(via) > 1:
                headline += f" through {_through(names[1:-1])}"
        else:
            headline = f"Reach out to {names[-1]} directly"
        explanation = f"{headline} (score {score:.2f}): " + "; ".join(x.explanation for x in links)
        return IntroPath(
            target=target,
            via=via,
            score=score,
            explanation=explanation + ".",
            links=tuple(links),
            route=" → ".join(["you", *names]),
        )

    def paths(self, target: ContactId, max_hops: int) -> list[IntroPath]:
        """The best paths to ``target`` with at most ``max_hops`` people in between."""
        if not self.contacts[target].reachable:
            return []
        search = _Search(self, target, max_hops)
        search.visit([target], 1.0)
        return [path for _, path in search.best]


class _Search:
    """A depth-first search, from the target backwards, for the :data:`PATH_LIMIT` best
    paths to it; a branch is cut as soon as it cannot beat them."""

    def __init__(self, finder: PathFinder, target: ContactId, max_hops: int) -> None:
        self.finder = finder
        self.target = target
        self.max_hops = max_hops
        self.top_tie = finder.top_tie()
        self.best: list[tuple[tuple[float, int, tuple[ContactId, ...]], IntroPath]] = []

    def threshold(self) -> float:
        """The score a new path must beat: the worst kept once the list is full."""
        best = self.best
        return best[-1][1].score if len(best) >= PATH_LIMIT else -1.0

    def offer(self, via: tuple[ContactId, ...]) -> None:
        """Keep the path through ``via`` if it is among the best so far."""
        finder, best, target = self.finder, self.best, self.target
        key = (-finder._score(target, via), len(via), via)
        if len(best) >= PATH_LIMIT and key >= best[-1][0]:
            return
        path = finder._path(target, via)
        bisect.insort(best, (key, path), key=lambda item: item[0])
        del best[PATH_LIMIT:]

    def visit(self, chain: list[ContactId], bound: float) -> None:
        """Offer ``chain`` and search on from its last person."""
        # ``chain`` runs backwards from the target; its last person would be asked first.
        finder = self.finder
        node = chain[-1]
        if finder.known(node):
            self.offer(tuple(reversed(chain[1:])))
        if len(chain) - 1 >= self.max_hops:
            return
        for strength, other in finder.links.ranked(node):
            reach = bound * strength
            # Links come strongest first and are at most 1: once a step cannot beat
            # the best paths found so far, no later step can either.
            if reach * self.top_tie < self.threshold() - _EPSILON:
                break
            if other in chain or not finder.contacts[other].reachable:
                continue
            chain.append(other)
            self.visit(chain, reach)
            chain.pop()


def intro_paths(
    store: Store, target: ContactId, *, now: dt.datetime, max_hops: int = 2
) -> list[IntroPath]:
    """Ranked paths from you to ``target`` through people you know, best first.

    ``max_hops`` is the number of people allowed *between* you and the target: 0 keeps
    only a direct tie, 1 adds "Ada knows the target", 2 (the default) adds "Ada knows
    Bo, who knows the target", and so on. A direct path exists when you know the target
    yourself (a past touch, or a stage past ``target``).

    The first person on a path must be known to you (a past touch, or a stage other
    than ``target``); nobody on a path is archived, do-not-contact or the target, and
    nobody appears twice. An archived or do-not-contact target has no paths.

    Paths come best first: higher score, then fewer hops, then the ids of ``via`` in
    order; at most :data:`PATH_LIMIT` of them. Raises NotFoundError for an unknown
    target and ValidationError for a negative ``max_hops``.
    """
    hops = integer(max_hops, "max_hops", minimum=0)
    store.get_contact(target)
    return PathFinder(store, now=now).paths(target, hops)
