"""Builders shared by the engine's tests: stores, people, interactions and one-rule runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pendulum

from relnet import (
    Channel,
    Commitment,
    Contact,
    ContactId,
    Direction,
    Goal,
    InMemoryStore,
    Interaction,
    Settings,
)
from relnet.model import epoch_us, summarize
from relnet.policy import SOON_DAYS, Candidate, Context, Proposal, Rule, Suppression
from relnet.storage import Store

TZ = "Europe/London"


def at(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, tz: str = TZ
) -> pendulum.DateTime:
    """An aware instant, by default noon in London."""
    return pendulum.datetime(year, month, day, hour, minute, tz=tz)


def day(year: int, month: int, day_: int) -> pendulum.Date:
    """A calendar date."""
    return pendulum.Date(year, month, day_)


def store(tz: str = TZ, **settings: Any) -> InMemoryStore:
    """An empty store whose owner lives in ``tz``."""
    return InMemoryStore(settings=Settings(timezone=tz, **settings))


def person(target: Store, name: str = "Ada Lovelace", id: str = "ada", **fields: Any) -> Contact:
    """Add a contact and return it."""
    return target.add_contact(Contact(name, id=id, **fields))


def log(
    target: Store,
    who: str | Sequence[str],
    when: dt.datetime,
    channel: Channel | str = Channel.MEETING,
    **fields: Any,
) -> Interaction:
    """Add an interaction and return it."""
    people = [who] if isinstance(who, str) else list(who)
    return target.add_interaction(Interaction(people, when, Channel(channel), **fields))


def email_in(target: Store, who: str, when: dt.datetime, **fields: Any) -> Interaction:
    """They wrote to you (expects a reply by default)."""
    return log(target, who, when, Channel.EMAIL, direction=Direction.INBOUND, **fields)


def email_out(target: Store, who: str, when: dt.datetime, **fields: Any) -> Interaction:
    """You wrote to them (an ask with ``expects_reply=True``)."""
    return log(target, who, when, Channel.EMAIL, direction=Direction.OUTBOUND, **fields)


def context(
    target: Store, contact_id: str, now: dt.datetime, *, explaining: bool = True
) -> Context:
    """The context a rule sees for one contact, built from the store."""
    cid = ContactId(contact_id)
    contact = target.get_contact(cid)
    history = target.interactions(contact=cid)
    summary = summarize(history, now=now, contacts=[cid])[cid]
    return Context.build(
        contact,
        summary,
        settings=target.get_settings(),
        now=pendulum.instance(now),
        commitments=tuple(target.commitments(contact=cid, open_only=True)),
        goals=tuple(target.goals(contact=cid)),
        explaining=explaining,
        next_meeting=next_meeting(history, cid, now, target.get_settings().timezone),
    )


_SEEING = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT})


def next_meeting(
    history: Iterable[Interaction], contact: ContactId, now: dt.datetime, tz: str
) -> int | None:
    """The earliest planned meeting, call, video or event with ``contact`` (epoch
    microseconds), as the engine reads it: only one within the seeing-soon horizon
    (local dates in ``tz``)."""

    def local(moment: dt.datetime) -> pendulum.Date:
        return pendulum.instance(moment).in_timezone(tz).date()

    horizon = local(now).add(days=SOON_DAYS)
    planned = sorted(
        i.at
        for i in history
        if i.at > now and i.channel in _SEEING and contact in {t.contact for t in i.touches()}
    )
    if not planned:
        return None
    return epoch_us(planned[0]) if local(planned[0]) <= horizon else None


def run(
    rule: Rule, target: Store, contact_id: str, now: dt.datetime, *, explaining: bool = True
) -> list[Candidate]:
    """What ``rule`` yields for one contact."""
    return list(rule.evaluate(context(target, contact_id, now, explaining=explaining)))


def proposals(candidates: Iterable[Candidate]) -> list[Proposal]:
    """Only the proposals."""
    return [c for c in candidates if isinstance(c, Proposal)]


def suppressions(candidates: Iterable[Candidate]) -> list[Suppression]:
    """Only the suppressions."""
    return [c for c in candidates if isinstance(c, Suppression)]


def only(candidates: Iterable[Candidate]) -> Proposal:
    """The one proposal, failing if there is not exactly one."""
    found = proposals(candidates)
    assert len(found) == 1, found
    return found[0]


def promise(
    target: Store, who: str, due: dt.date, what: str = "send the paper", **kw: Any
) -> Commitment:
    """Add a commitment and return it."""
    return target.add_commitment(Commitment(who, what, due, **kw))


def goal(target: Store, title: str, people: Iterable[str], **fields: Any) -> Goal:
    """Add a goal linked to ``people``."""
    return target.add_goal(Goal(title, contacts=frozenset(people), **fields))


class PlainStore:
    """A store that offers only the Store protocol's methods (no ``touch_summaries``)."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    if TYPE_CHECKING:
        # The Store methods are attached below, one forwarder each, out of a checker's sight.
        def __getattr__(self, name: str) -> Any: ...


def _forward(name: str) -> Any:
    def method(self: PlainStore, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._inner, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in [n for n in dir(Store) if not n.startswith("_")]:
    setattr(PlainStore, _name, _forward(_name))
