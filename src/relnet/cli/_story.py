"""The hand-written part of ``relnet demo``: a dozen people with a story, told relative to now.

Each person is there to put one kind of follow-up on today's agenda (a reply owed, a
thank-you after yesterday's coffee, a follow-up after yesterday's workshop, a promise due
tomorrow, an intro to close the loop on, a mentor to report back to, an unanswered ask, a
check-in on their promise, a catch-up, an old tie to revive, a birthday), and the records
read like a real year.
Ids are fixed, so the demo prints the same thing for the same ``now``.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from relnet.cli._time import local_instant
from relnet.model import (
    Cadence,
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
    Interaction,
    MonthDay,
    Party,
    Profile,
    Role,
    Stage,
    Target,
    TargetMeasure,
    Value,
    add_months,
)
from relnet.storage.copy import Records

__all__ = ["PROFILE", "story"]

#: The demo's owner.
PROFILE = Profile(
    name="Sam Rivera",
    headline="Senior data engineer",
    expertise=frozenset({"data pipelines", "stream processing", "hiring"}),
    values=frozenset({"generosity", "craft"}),
    achievements=("Cut the nightly batch from 6 hours to 40 minutes",),
    pitch="I build data platforms and like helping teams ship them.",
)


@attrs.frozen
class _When:
    """An instant relative to today in the owner's zone: ``years`` years and ``days``
    days before today, at ``hour``:``minute``."""

    days: int
    hour: int = 11
    minute: int = 0
    years: int = 0


@attrs.frozen
class _Day:
    """A day ``offset`` days from today (negative: in the past)."""

    offset: int


#: The birthday of tomorrow (month and day).
_TOMORROW_BIRTHDAY = object()

_CREATED = _When(30, years=1)

#: The people: key (their id is ``demo-<key>``), name, and the rest of their card.
_PEOPLE: tuple[tuple[str, str, dict[str, object]], ...] = (
    (
        "priya",
        "Priya Raman",
        {
            "circle": Circle.ACTIVE,
            "organization": "Northwind",
            "headline": "Head of Data",
            "tags": {"data", "hiring"},
            "emails": ("priya@northwind.example",),
            "stage": Stage.ENGAGED,
        },
    ),
    (
        "marcus",
        "Marcus Chen",
        {
            "circle": Circle.NETWORK,
            "organization": "Streamline",
            "headline": "Staff engineer",
            "tags": {"data"},
            "interests": {"kafka", "stream processing"},
            "communities": {"demo-streaming"},
            "how_met": "London Streaming Meetup",
        },
    ),
    (
        "sofia",
        "Sofia Alvarez",
        {
            "circle": Circle.CLOSE,
            "organization": "Helix Labs",
            "headline": "Engineering manager",
            "roles": {Role.PEER},
            "tags": {"python"},
        },
    ),
    (
        "hannah",
        "Hannah Okafor",
        {
            "circle": Circle.ACTIVE,
            "organization": "Brightpath",
            "headline": "VP Engineering",
            "roles": {Role.SPONSOR},
            "stage": Stage.ALLY,
        },
    ),
    (
        "tom",
        "Tom Becker",
        {
            "organization": "Brightpath",
            "headline": "Data platform lead",
            "stage": Stage.INTRODUCED,
            "introduced_by": "demo-hannah",
            "tags": {"data"},
        },
    ),
    (
        "elena",
        "Elena Petrova",
        {
            "circle": Circle.CLOSE,
            "organization": "Quanta",
            "headline": "Principal engineer",
            "roles": {Role.MENTOR},
            "interests": {"architecture"},
        },
    ),
    (
        "james",
        "James Whitfield",
        {
            "organization": "Talent Bridge",
            "headline": "Technical recruiter",
            "roles": {Role.RECRUITER},
            "tags": {"hiring"},
        },
    ),
    (
        "ravi",
        "Ravi Patel",
        {
            "circle": Circle.ACTIVE,
            "organization": "Orbital",
            "headline": "Data scientist",
            "roles": {Role.COLLABORATOR},
        },
    ),
    (
        "nadia",
        "Nadia Haddad",
        {
            "circle": Circle.NETWORK,
            "organization": "Quayside",
            "headline": "Analytics engineer",
            "tags": {"data"},
            "how_met": "dbt Practitioners Workshop",
        },
    ),
    (
        "lena",
        "Lena Fischer",
        {
            "circle": Circle.CLOSE,
            "organization": "Freelance",
            "headline": "Analytics consultant",
            "roles": {Role.FRIEND},
            "interests": {"dbt"},
        },
    ),
    (
        "omar",
        "Omar Haddad",
        {
            "circle": Circle.ACTIVE,
            "organization": "Cedar Systems",
            "headline": "CTO",
            "created_at": _When(60, years=3),
            "how_met": "Data Engineering Summit",
            "interests": {"distributed systems"},
        },
    ),
    (
        "chloe",
        "Chloé Martin",
        {
            "circle": Circle.INNER,
            "organization": "Helix Labs",
            "headline": "Product designer",
            "roles": {Role.FRIEND},
            "birthday": _TOMORROW_BIRTHDAY,
        },
    ),
)

_LEAD, _CHATS = "demo-goal-lead", "demo-goal-chats"

#: The goals: id, title, and the rest (``target``: the arguments of a Target).
_GOALS: tuple[tuple[str, str, dict[str, object]], ...] = (
    (
        _LEAD,
        "Find a platform lead role",
        {
            "kind": GoalKind.JOB_SEARCH,
            "contacts": {"demo-james", "demo-hannah", "demo-tom", "demo-priya"},
            "weight": 0.8,
            "deadline": _Day(120),
            "target": {"count": 8, "measure": TargetMeasure.INTERACTIONS, "start": _Day(-60)},
        },
    ),
    (
        _CHATS,
        "Six coffee chats with stream-processing engineers",
        {
            "kind": GoalKind.KNOWLEDGE,
            "contacts": {"demo-marcus", "demo-lena", "demo-tom"},
            "weight": 0.5,
            "deadline": _Day(45),
            "target": {
                "count": 6,
                "measure": TargetMeasure.INTERACTIONS,
                "channels": {Channel.MEETING, Channel.VIDEO, Channel.CALL},
                "start": _Day(-45),
            },
        },
    ),
    (
        "demo-goal-talk",
        "Give a talk at the London Streaming Meetup",
        {
            "kind": GoalKind.VISIBILITY,
            "contacts": {"demo-ravi", "demo-chloe", "demo-omar"},
            "weight": 1.0,
            "deadline": _Day(90),
        },
    ),
    (
        "demo-goal-mentor",
        "Grow toward a principal role with Elena's mentoring",
        {
            "kind": GoalKind.MENTORSHIP,
            "contacts": {"demo-elena"},
            "weight": 0.6,
            "cadence": Cadence.months(1),
        },
    ),
)

_IN, _OUT = Direction.INBOUND, Direction.OUTBOUND

#: What happened, oldest story first: key (the id is ``demo-<key>``), who (keys), when,
#: channel, and the rest of the interaction.
_HISTORY: tuple[tuple[str, tuple[str, ...], _When, Channel, dict[str, object]], ...] = (
    # Omar: met at a summit three years ago, then silence: worth reviving.
    (
        "omar-1",
        ("omar",),
        _When(40, years=3),
        Channel.MEETING,
        {"summary": "Hallway chat at the summit about event sourcing"},
    ),
    (
        "omar-2",
        ("omar",),
        _When(30, years=3),
        Channel.EMAIL,
        {"direction": _IN, "expects_reply": False, "summary": "Sent his slides"},
    ),
    # Elena: a mentor for a year; advice three and a half weeks ago.
    (
        "elena-1",
        ("elena",),
        _When(200, 12, 30),
        Channel.MEETING,
        {"summary": "First mentoring lunch", "received": (Value.ADVICE,)},
    ),
    (
        "elena-2",
        ("elena",),
        _When(110, 18),
        Channel.VIDEO,
        {"summary": "Reviewed my promotion case", "received": (Value.FEEDBACK,)},
    ),
    (
        "elena-3",
        ("elena",),
        _When(25, 17),
        Channel.VIDEO,
        {
            "received": (Value.ADVICE,),
            "summary": "Advice: write a design doc that others will build on",
        },
    ),
    # Lena: a friend from a past job; last coffee six weeks ago.
    ("lena-1", ("lena",), _When(150, 12), Channel.MEETING, {"summary": "Lunch"}),
    (
        "lena-2",
        ("lena",),
        _When(45, 8, 30),
        Channel.MEETING,
        {"summary": "Coffee near her office", "gave": (Value.INTRO,)},
    ),
    # Chloé: a close friend; a call three weeks ago, her birthday is tomorrow.
    ("chloe-1", ("chloe",), _When(90, 19), Channel.MEETING, {"summary": "Dinner"}),
    ("chloe-2", ("chloe",), _When(6, 20), Channel.CALL, {"summary": "Long catch-up call"}),
    # Sofia: a peer; I promised her my slides at last week's lunch.
    ("sofia-1", ("sofia",), _When(60, 12), Channel.MEETING, {"summary": "Lunch"}),
    (
        "sofia-2",
        ("sofia",),
        _When(8, 12, 30),
        Channel.MEETING,
        {"summary": "Lunch: she is preparing a talk on data contracts"},
    ),
    # Hannah introduced me to Tom sixteen days ago; Tom and I have talked since.
    (
        "hannah-1",
        ("hannah",),
        _When(70, 10),
        Channel.VIDEO,
        {"summary": "Told her I am looking for a platform lead role", "goals": {_LEAD}},
    ),
    (
        "tom-intro",
        ("tom",),
        _When(16, 9, 40),
        Channel.INTRO,
        {
            "direction": _IN,
            "introduced_by": "demo-hannah",
            "summary": "Hannah: 'you two should talk platforms'",
        },
    ),
    (
        "tom-1",
        ("tom",),
        _When(15, 10),
        Channel.EMAIL,
        {"direction": _OUT, "summary": "Thanks Hannah (bcc); Tom, coffee?"},
    ),
    (
        "tom-2",
        ("tom",),
        _When(9, 16),
        Channel.VIDEO,
        {"summary": "Platform team chat", "goals": {_LEAD, _CHATS}},
    ),
    (
        "tom-3",
        ("tom",),
        _When(8, 9),
        Channel.EMAIL,
        {
            "direction": _OUT,
            "summary": "Thanks for the call, notes attached",
            "gave": (Value.RESOURCE,),
        },
    ),
    # James: a recruiter; my question about the role went unanswered two weeks ago.
    (
        "james-1",
        ("james",),
        _When(40, 11),
        Channel.CALL,
        {"summary": "Intro call", "goals": {_LEAD}},
    ),
    (
        "james-2",
        ("james",),
        _When(14, 14),
        Channel.EMAIL,
        {
            "direction": _OUT,
            "expects_reply": True,
            "summary": "Asked about the platform lead role's interview loop",
            "goals": {_LEAD},
        },
    ),
    # Ravi owes me an intro to his CTO; it was due five days ago.
    (
        "ravi-1",
        ("ravi",),
        _When(30, 15),
        Channel.VIDEO,
        {"summary": "Model-serving pairing", "gave": (Value.ADVICE,)},
    ),
    # Priya wrote two days ago and is waiting for an answer.
    (
        "priya-1",
        ("priya",),
        _When(100, 9, 30),
        Channel.MEETING,
        {"event": "demo-summit", "summary": "Met at the summit"},
    ),
    (
        "priya-2",
        ("priya",),
        _When(2, 18, 20),
        Channel.EMAIL,
        {
            "direction": _IN,
            "summary": "Would you be open to a chat about their platform lead role?",
            "goals": {_LEAD},
        },
    ),
    # Marcus: met at a meetup, then coffee yesterday; thank him today.
    (
        "marcus-1",
        ("marcus", "ravi"),
        _When(20, 19),
        Channel.EVENT,
        {"event": "demo-meetup", "summary": "Met at the streaming meetup"},
    ),
    (
        "marcus-2",
        ("marcus",),
        _When(1, 15),
        Channel.MEETING,
        {
            "summary": "Coffee: Kafka at Streamline",
            "received": (Value.ADVICE,),
            "goals": {_CHATS},
        },
    ),
    # Nadia: met at a workshop yesterday; follow up while it is fresh.
    (
        "nadia-1",
        ("nadia",),
        _When(1, 14),
        Channel.EVENT,
        {"event": "demo-workshop", "summary": "Met at the dbt workshop"},
    ),
)

#: The promises: id, contact, what, due, and the rest.
_PROMISES: tuple[tuple[str, str, str, _Day, dict[str, object]], ...] = (
    (
        "demo-promise-slides",
        "demo-sofia",
        "Send her the slides from my data contracts talk",
        _Day(1),
        {},
    ),
    (
        "demo-promise-ravi",
        "demo-ravi",
        "Introduce me to Orbital's CTO",
        _Day(-5),
        {"owed_by": Party.THEM},
    ),
    (
        "demo-promise-dbt",
        "demo-lena",
        "Share the dbt style guide",
        _Day(-40),
        {"done_on": _Day(-41)},
    ),
)


@attrs.frozen
class _Clock:
    """Turns the tables' relative times into days and instants, as of ``today`` in
    ``zone``."""

    today: pendulum.Date
    zone: str

    def day(self, when: _Day) -> pendulum.Date:
        return self.today.add(days=when.offset)

    def instant(self, when: _When) -> pendulum.DateTime:
        day = add_months(self.today, -12 * when.years).subtract(days=when.days)
        naive = dt.datetime(day.year, day.month, day.day, when.hour, when.minute)
        return local_instant(naive, self.zone, "at", "")

    def resolve(self, fields: dict[str, object]) -> dict[str, object]:
        """``fields`` with each relative time made absolute."""
        done: dict[str, object] = {}
        for key, value in fields.items():
            if isinstance(value, _When):
                value = self.instant(value)
            elif isinstance(value, _Day):
                value = self.day(value)
            elif value is _TOMORROW_BIRTHDAY:
                tomorrow = self.today.add(days=1)
                value = MonthDay(tomorrow.month, tomorrow.day)
            elif isinstance(value, dict):
                value = Target(**self.resolve(value))
            done[key] = value
        return done


def story(now: pendulum.DateTime, zone: str) -> Records:
    """The story's records as of ``now``, in the owner's zone ``zone``: the keywords of
    :func:`~relnet.storage.copy.copy_records`."""
    clock = _Clock(now.in_timezone(zone).date(), zone)
    at = clock.instant
    streaming = Community("London Streaming Meetup", kind=CommunityKind.MEETUP, id="demo-streaming")
    events = (
        Event("Data Engineering Summit", at(_When(120, 9)), community=None, id="demo-summit"),
        Event(
            "London Streaming Meetup: exactly-once delivery",
            at(_When(20, 19)),
            community=streaming.id,
            location="Shoreditch",
            id="demo-meetup",
        ),
        Event("dbt Practitioners Workshop", at(_When(1, 14)), community=None, id="demo-workshop"),
    )
    created = {"created_at": _CREATED}
    return Records(
        communities=(streaming,),
        events=events,
        contacts=tuple(
            Contact(name, id=f"demo-{key}", **clock.resolve(created | fields))
            for key, name, fields in _PEOPLE
        ),
        goals=tuple(Goal(title, id=id_, **clock.resolve(rest)) for id_, title, rest in _GOALS),
        interactions=tuple(
            Interaction(
                tuple(f"demo-{w}" for w in who),
                at(when),
                channel,
                id=f"demo-{key}",
                **clock.resolve(rest),
            )
            for key, who, when, channel, rest in _HISTORY
        ),
        commitments=tuple(
            Commitment(contact, what, clock.day(due), id=id_, **clock.resolve(rest))
            for id_, contact, what, due, rest in _PROMISES
        ),
    )
