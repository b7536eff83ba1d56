"""The synthetic generator's realism: every channel, circle, role and loop shows up."""

from __future__ import annotations

import collections

import pendulum
import pytest

from relnet import (
    Channel,
    Circle,
    ContactStatus,
    Direction,
    InMemoryStore,
    MonthDay,
    Party,
    Role,
    Stage,
    Value,
)
from relnet.synth import SyntheticNetwork
from tests.synth.networks import END, make

# -- realism: everything is there at moderate sizes ---------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_channel_direction_and_circle_appears(seed: int) -> None:
    generated = make(seed=seed)
    pairs = {(i.channel, i.direction) for i in generated.interactions}
    for channel in (Channel.EMAIL, Channel.MESSAGE, Channel.SOCIAL, Channel.INTRO):
        assert (channel, Direction.INBOUND) in pairs
        assert (channel, Direction.OUTBOUND) in pairs
    for channel in (Channel.MEETING, Channel.CALL, Channel.VIDEO, Channel.EVENT):
        assert (channel, Direction.MUTUAL) in pairs
    assert (Channel.NOTE, None) in pairs
    assert {c.circle for c in generated.contacts} == set(Circle)


def test_circles_follow_dunbar_layers(net: SyntheticNetwork) -> None:
    sizes = collections.Counter(c.circle for c in net.contacts)
    assert sizes[Circle.INNER] == 3
    assert sizes[Circle.CLOSE] == 9
    assert sizes[Circle.ACTIVE] == 30
    assert sizes[Circle.NETWORK] > sizes[Circle.ACQUAINTANCE] > sizes[Circle.ACTIVE]
    per_contact = collections.Counter(p for i in net.interactions for p in i.participants)
    by_circle = {
        circle: sum(per_contact[c.id] for c in net.contacts if c.circle is circle) / sizes[circle]
        for circle in Circle
    }
    assert by_circle[Circle.INNER] > by_circle[Circle.ACTIVE] > by_circle[Circle.ACQUAINTANCE]


def test_asks_replies_auto_replies_and_silence(net: SyntheticNetwork, store: InMemoryStore) -> None:
    interactions = net.interactions
    asks = [i for i in interactions if i.direction is Direction.OUTBOUND and i.expects_reply]
    assert asks
    assert any(i.auto_reply and i.direction is Direction.INBOUND for i in interactions)
    summaries = store.touch_summaries(now=END)
    assert any(s.open_asks >= 3 for s in summaries.values())
    assert any(s.pending_reply is not None for s in summaries.values())
    answered = sum(1 for s in summaries.values() if s.last_heard and s.last_reach)
    assert answered > len(net.contacts) // 4


def test_intros_both_ways(net: SyntheticNetwork) -> None:
    contacts = {c.id: c for c in net.contacts}
    inbound = [i for i in net.interactions if i.channel is Channel.INTRO and i.introduced_by]
    assert inbound
    for intro in inbound:
        assert intro.direction is Direction.INBOUND
        (person,) = intro.participants
        assert contacts[person].introduced_by == intro.introduced_by
    outbound = [
        i
        for i in net.interactions
        if i.channel is Channel.INTRO and i.direction is Direction.OUTBOUND
    ]
    assert outbound
    assert all(len(i.participants) == 2 for i in outbound)


def test_events_have_several_participants_and_exist(net: SyntheticNetwork) -> None:
    events = {e.id: e for e in net.events}
    at_events = [i for i in net.interactions if i.channel is Channel.EVENT]
    assert at_events
    assert all(i.event in events for i in at_events)
    assert all(i.at >= events[i.event].at for i in at_events if i.event)
    assert max(len(i.participants) for i in at_events) >= 3
    assert any(e.community is not None for e in net.events)


def test_value_flows_both_ways_and_mentors_advise(net: SyntheticNetwork) -> None:
    mentors = {c.id for c in net.contacts if Role.MENTOR in c.roles}
    assert mentors
    assert any(i.gave for i in net.interactions)
    assert any(i.received for i in net.interactions)
    assert any(
        Value.ADVICE in i.received and i.participants[0] in mentors for i in net.interactions
    )


def test_contacts_are_varied_and_readable(net: SyntheticNetwork) -> None:
    contacts = net.contacts
    assert all(" " in c.name and c.name.strip() == c.name for c in contacts)
    assert len({c.name for c in contacts}) > len(contacts) // 2
    roles = {role for c in contacts for role in c.roles}
    assert {Role.MENTOR, Role.MENTEE, Role.RECRUITER, Role.PEER, Role.FRIEND} <= roles
    statuses = collections.Counter(c.status for c in contacts)
    assert statuses[ContactStatus.ARCHIVED]
    assert statuses[ContactStatus.DO_NOT_CONTACT]
    assert statuses[ContactStatus.ACTIVE] > 0.9 * len(contacts)
    assert any(c.snoozed_until is not None for c in contacts)
    assert any(c.cadence is not None for c in contacts)
    for field in ("emails", "urls", "phones", "organization", "tags", "interests", "communities"):
        assert any(getattr(c, field) for c in contacts), field
    assert {c.stage for c in contacts} >= {Stage.TARGET, Stage.CONNECTED, Stage.ALLY}
    birthdays = [c.birthday for c in contacts if c.birthday is not None]
    assert pendulum.Date(1988, 2, 29) in birthdays
    assert any(isinstance(b, MonthDay) for b in birthdays)
    assert len({c.timezone for c in contacts}) >= 4


def test_goals_commitments_and_communities(net: SyntheticNetwork) -> None:
    goals = net.goals
    assert any(g.cadence for g in goals)
    assert any(g.target for g in goals)
    assert any(g.deadline for g in goals)
    assert any(g.contacts for g in goals)
    assert len({g.status for g in goals}) >= 3
    goal_ids = {g.id for g in goals}
    linked = [i for i in net.interactions if i.goals]
    assert linked
    assert all(i.goals <= goal_ids for i in linked)
    today = END.date()
    commitments = net.commitments
    assert {c.owed_by for c in commitments} == {Party.ME, Party.THEM}
    assert any(c.done_on is not None for c in commitments)
    assert any(c.is_open and c.due < today for c in commitments)  # overdue
    assert all(c.done_on is None or c.done_on <= today for c in commitments)
    assert any(c.target for c in net.communities)
