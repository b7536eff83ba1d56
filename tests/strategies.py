"""Hypothesis strategies for the domain values used by the core's own tests."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import strategies as st

from relnet import (
    Cadence,
    CadenceUnit,
    Channel,
    Circle,
    Commitment,
    Community,
    CommunityKind,
    Contact,
    Direction,
    Event,
    Goal,
    GoalKind,
    GoalStatus,
    Interaction,
    MonthDay,
    Party,
    Profile,
    Role,
    Settings,
    Stage,
    Status,
    Target,
    TargetMeasure,
    Value,
)

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]

ids = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)
words = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)).map(
    lambda d: pendulum.Date(d.year, d.month, d.day)
)


@st.composite
def instants(draw: st.DrawFn) -> pendulum.DateTime:
    """Aware instants in several zones, with whole or fractional seconds."""
    moment = draw(
        st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2090, 1, 1))
    )
    if draw(st.booleans()):
        moment = moment.replace(microsecond=0)
    zone = draw(st.sampled_from(ZONES))
    return pendulum.instance(moment.replace(tzinfo=dt.UTC)).in_timezone(zone)


cadences = st.builds(Cadence, st.integers(1, 24), st.sampled_from(list(CadenceUnit)))
emails = st.builds(lambda a, b: f"{a}@{b}.example", ids, ids)
birthdays = st.one_of(
    st.none(),
    dates,
    st.builds(MonthDay, st.integers(1, 12), st.integers(1, 28)),
)


def contacts(id_strategy: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Contact]:
    """Contacts with every field drawn (no references to other records)."""
    return st.builds(
        Contact,
        name=words,
        id=id_strategy,
        circle=st.sampled_from(list(Circle)),
        cadence=st.none() | cadences,
        created_at=st.none() | instants(),
        status=st.sampled_from(list(Status)),
        snoozed_until=st.none() | dates,
        roles=st.frozensets(st.sampled_from(list(Role))),
        tags=st.frozensets(words, max_size=3),
        interests=st.frozensets(words, max_size=3),
        emails=st.lists(emails, max_size=2),
        phones=st.lists(st.from_regex(r"\+?[0-9]{6,12}", fullmatch=True), max_size=2),
        urls=st.lists(st.builds(lambda s: f"https://example.org/{s}", ids), max_size=2),
        organization=st.none() | words,
        headline=st.none() | words,
        timezone=st.none() | st.sampled_from(ZONES),
        birthday=birthdays,
        stage=st.sampled_from(list(Stage)),
        notes=texts,
        how_met=texts,
        version=st.integers(0, 5),
    )


@st.composite
def interactions(draw: st.DrawFn, people: list[str]) -> Interaction:
    """Interactions among ``people`` (at least one), valid for their channel."""
    channel = draw(st.sampled_from(list(Channel)))
    size = min(len(people), 3)
    participants = draw(st.lists(st.sampled_from(people), min_size=1, max_size=size, unique=True))
    direction = None
    introducer = None
    if channel.is_async:
        direction = draw(st.sampled_from([Direction.INBOUND, Direction.OUTBOUND]))
        others = [p for p in people if p not in participants]
        if channel is Channel.INTRO and direction is Direction.INBOUND and others:
            introducer = draw(st.none() | st.sampled_from(others))
    return Interaction(
        participants,
        draw(instants()),
        channel,
        direction=direction,
        expects_reply=draw(st.none() | st.booleans()),
        auto_reply=draw(st.booleans()),
        gave=draw(st.lists(st.sampled_from(list(Value)), max_size=2)),
        received=draw(st.lists(st.sampled_from(list(Value)), max_size=2)),
        introduced_by=introducer,
        summary=draw(texts),
        topics=draw(st.frozensets(words, max_size=2)),
        id=draw(ids),
    )


targets = st.builds(
    Target,
    st.integers(1, 20),
    st.sampled_from(list(TargetMeasure)),
    st.frozensets(st.sampled_from(list(Channel)), max_size=3),
    st.none() | words,
    st.none(),
)


def goals(people: list[str]) -> st.SearchStrategy[Goal]:
    """Goals linked to some of ``people``."""
    return st.builds(
        Goal,
        words,
        kind=st.sampled_from(list(GoalKind)),
        contacts=st.frozensets(st.sampled_from(people), max_size=3) if people else st.just(()),
        weight=st.floats(0.01, 1.0),
        status=st.sampled_from(list(GoalStatus)),
        deadline=st.none() | dates,
        cadence=st.none() | cadences,
        target=st.none() | targets,
        id=ids,
    )


def commitments(people: list[str]) -> st.SearchStrategy[Commitment]:
    """Commitments to or from one of ``people``."""
    return st.builds(
        Commitment,
        st.sampled_from(people),
        words,
        dates,
        owed_by=st.sampled_from(list(Party)),
        done_on=st.none() | dates,
        id=ids,
    )


communities = st.builds(
    Community,
    words,
    kind=st.sampled_from(list(CommunityKind)),
    url=st.none() | st.just("https://example.org"),
    tags=st.frozensets(words, max_size=2),
    target=st.booleans(),
    notes=texts,
    id=ids,
)
events = st.builds(Event, words, instants(), location=texts, id=ids)
settings = st.builds(
    Settings,
    st.sampled_from(ZONES),
    reminder_time=st.times().map(lambda t: t.replace(microsecond=0)),
    workdays=st.frozensets(st.integers(0, 6), min_size=1),
    holidays=st.frozensets(dates, max_size=3),
    daily_capacity=st.integers(0, 20),
)
profiles = st.builds(
    Profile,
    name=texts,
    headline=texts,
    expertise=st.frozensets(words, max_size=3),
    values=st.frozensets(words, max_size=3),
    achievements=st.lists(words, max_size=3),
    pitch=texts,
)
