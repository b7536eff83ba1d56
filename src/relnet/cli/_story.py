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

__all__ = ["PROFILE", "Story", "story"]

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
class Story:
    """The story's records, ready to be added to a store in this order."""

    communities: tuple[Community, ...]
    events: tuple[Event, ...]
    contacts: tuple[Contact, ...]
    goals: tuple[Goal, ...]
    interactions: tuple[Interaction, ...]
    commitments: tuple[Commitment, ...]


def story(now: pendulum.DateTime, zone: str) -> Story:
    """The story as of ``now``, in the owner's zone ``zone``."""
    today = now.in_timezone(zone).date()

    def at(days_ago: int, hour: int, minute: int = 0) -> pendulum.DateTime:
        day = today.subtract(days=days_ago)
        return local_instant(
            dt.datetime(day.year, day.month, day.day, hour, minute), zone, "at", ""
        )

    def years_ago(years: int, days: int = 0) -> pendulum.DateTime:
        day = add_months(today, -12 * years).subtract(days=days)
        return local_instant(dt.datetime(day.year, day.month, day.day, 11), zone, "at", "")

    created = years_ago(1, 30)
    streaming = Community("London Streaming Meetup", kind=CommunityKind.MEETUP, id="demo-streaming")
    summit = Event("Data Engineering Summit", at(120, 9), community=None, id="demo-summit")
    meetup = Event(
        "London Streaming Meetup: exactly-once delivery",
        at(20, 19),
        community=streaming.id,
        location="Shoreditch",
        id="demo-meetup",
    )
    workshop = Event("dbt Practitioners Workshop", at(1, 14), community=None, id="demo-workshop")

    def person(key: str, name: str, **fields: object) -> Contact:
        fields.setdefault("created_at", created)
        return Contact(name, id=f"demo-{key}", **fields)

    tomorrow = today.add(days=1)
    people = (
        person(
            "priya",
            "Priya Raman",
            circle=Circle.ACTIVE,
            organization="Northwind",
            headline="Head of Data",
            tags={"data", "hiring"},
            emails=("priya@northwind.example",),
            stage=Stage.ENGAGED,
        ),
        person(
            "marcus",
            "Marcus Chen",
            circle=Circle.NETWORK,
            organization="Streamline",
            headline="Staff engineer",
            tags={"data"},
            interests={"kafka", "stream processing"},
            communities={streaming.id},
            how_met="London Streaming Meetup",
        ),
        person(
            "sofia",
            "Sofia Alvarez",
            circle=Circle.CLOSE,
            organization="Helix Labs",
            headline="Engineering manager",
            roles={Role.PEER},
            tags={"python"},
        ),
        person(
            "hannah",
            "Hannah Okafor",
            circle=Circle.ACTIVE,
            organization="Brightpath",
            headline="VP Engineering",
            roles={Role.SPONSOR},
            stage=Stage.ALLY,
        ),
        person(
            "tom",
            "Tom Becker",
            organization="Brightpath",
            headline="Data platform lead",
            stage=Stage.INTRODUCED,
            introduced_by="demo-hannah",
            tags={"data"},
        ),
        person(
            "elena",
            "Elena Petrova",
            circle=Circle.CLOSE,
            organization="Quanta",
            headline="Principal engineer",
            roles={Role.MENTOR},
            interests={"architecture"},
        ),
        person(
            "james",
            "James Whitfield",
            organization="Talent Bridge",
            headline="Technical recruiter",
            roles={Role.RECRUITER},
            tags={"hiring"},
        ),
        person(
            "ravi",
            "Ravi Patel",
            circle=Circle.ACTIVE,
            organization="Orbital",
            headline="Data scientist",
            roles={Role.COLLABORATOR},
        ),
        person(
            "nadia",
            "Nadia Haddad",
            circle=Circle.NETWORK,
            organization="Quayside",
            headline="Analytics engineer",
            tags={"data"},
            how_met="dbt Practitioners Workshop",
        ),
        person(
            "lena",
            "Lena Fischer",
            circle=Circle.CLOSE,
            organization="Freelance",
            headline="Analytics consultant",
            roles={Role.FRIEND},
            interests={"dbt"},
        ),
        person(
            "omar",
            "Omar Haddad",
            circle=Circle.ACTIVE,
            organization="Cedar Systems",
            headline="CTO",
            created_at=years_ago(3, 60),
            how_met="Data Engineering Summit",
            interests={"distributed systems"},
        ),
        person(
            "chloe",
            "Chloé Martin",
            circle=Circle.INNER,
            organization="Helix Labs",
            headline="Product designer",
            roles={Role.FRIEND},
            birthday=MonthDay(tomorrow.month, tomorrow.day),
        ),
    )
    lead = Goal(
        "Find a platform lead role",
        kind=GoalKind.JOB_SEARCH,
        contacts={"demo-james", "demo-hannah", "demo-tom", "demo-priya"},
        weight=0.8,
        deadline=today.add(days=120),
        target=Target(8, TargetMeasure.INTERACTIONS, start=today.subtract(days=60)),
        id="demo-goal-lead",
    )
    chats = Goal(
        "Six coffee chats with stream-processing engineers",
        kind=GoalKind.KNOWLEDGE,
        contacts={"demo-marcus", "demo-lena", "demo-tom"},
        weight=0.5,
        deadline=today.add(days=45),
        target=Target(
            6,
            TargetMeasure.INTERACTIONS,
            channels={Channel.MEETING, Channel.VIDEO, Channel.CALL},
            start=today.subtract(days=45),
        ),
        id="demo-goal-chats",
    )
    talk = Goal(
        "Give a talk at the London Streaming Meetup",
        kind=GoalKind.VISIBILITY,
        contacts={"demo-ravi", "demo-chloe", "demo-omar"},
        weight=1.0,
        deadline=today.add(days=90),
        id="demo-goal-talk",
    )
    mentoring = Goal(
        "Grow toward a principal role with Elena's mentoring",
        kind=GoalKind.MENTORSHIP,
        contacts={"demo-elena"},
        weight=0.6,
        cadence=Cadence.months(1),
        id="demo-goal-mentor",
    )

    def meet(
        key: str, who: tuple[str, ...], when: pendulum.DateTime, channel: Channel, **fields: object
    ) -> Interaction:
        return Interaction(
            tuple(f"demo-{w}" for w in who), when, channel, id=f"demo-{key}", **fields
        )

    out, inbound = Direction.OUTBOUND, Direction.INBOUND
    history = (
        # Omar: met at a summit three years ago, then silence: worth reviving.
        meet(
            "omar-1",
            ("omar",),
            years_ago(3, 40),
            Channel.MEETING,
            summary="Hallway chat at the summit about event sourcing",
        ),
        meet(
            "omar-2",
            ("omar",),
            years_ago(3, 30),
            Channel.EMAIL,
            direction=inbound,
            expects_reply=False,
            summary="Sent his slides",
        ),
        # Elena: a mentor for a year; advice three and a half weeks ago.
        meet(
            "elena-1",
            ("elena",),
            at(200, 12, 30),
            Channel.MEETING,
            summary="First mentoring lunch",
            received=(Value.ADVICE,),
        ),
        meet(
            "elena-2",
            ("elena",),
            at(110, 18),
            Channel.VIDEO,
            summary="Reviewed my promotion case",
            received=(Value.FEEDBACK,),
        ),
        meet(
            "elena-3",
            ("elena",),
            at(25, 17),
            Channel.VIDEO,
            received=(Value.ADVICE,),
            summary="Advice: write a design doc that others will build on",
        ),
        # Lena: a friend from a past job; last coffee six weeks ago.
        meet("lena-1", ("lena",), at(150, 12), Channel.MEETING, summary="Lunch"),
        meet(
            "lena-2",
            ("lena",),
            at(45, 8, 30),
            Channel.MEETING,
            summary="Coffee near her office",
            gave=(Value.INTRO,),
        ),
        # Chloé: a close friend; a call three weeks ago, her birthday is tomorrow.
        meet("chloe-1", ("chloe",), at(90, 19), Channel.MEETING, summary="Dinner"),
        meet("chloe-2", ("chloe",), at(6, 20), Channel.CALL, summary="Long catch-up call"),
        # Sofia: a peer; I promised her my slides at last week's lunch.
        meet("sofia-1", ("sofia",), at(60, 12), Channel.MEETING, summary="Lunch"),
        meet(
            "sofia-2",
            ("sofia",),
            at(8, 12, 30),
            Channel.MEETING,
            summary="Lunch: she is preparing a talk on data contracts",
        ),
        # Hannah introduced me to Tom sixteen days ago; Tom and I have talked since.
        meet(
            "hannah-1",
            ("hannah",),
            at(70, 10),
            Channel.VIDEO,
            summary="Told her I am looking for a platform lead role",
            goals={lead.id},
        ),
        meet(
            "tom-intro",
            ("tom",),
            at(16, 9, 40),
            Channel.INTRO,
            direction=inbound,
            introduced_by="demo-hannah",
            summary="Hannah: 'you two should talk platforms'",
        ),
        meet(
            "tom-1",
            ("tom",),
            at(15, 10),
            Channel.EMAIL,
            direction=out,
            summary="Thanks Hannah (bcc); Tom, coffee?",
        ),
        meet(
            "tom-2",
            ("tom",),
            at(9, 16),
            Channel.VIDEO,
            summary="Platform team chat",
            goals={lead.id, chats.id},
        ),
        meet(
            "tom-3",
            ("tom",),
            at(8, 9),
            Channel.EMAIL,
            direction=out,
            summary="Thanks for the call, notes attached",
            gave=(Value.RESOURCE,),
        ),
        # James: a recruiter; my question about the role went unanswered two weeks ago.
        meet(
            "james-1", ("james",), at(40, 11), Channel.CALL, summary="Intro call", goals={lead.id}
        ),
        meet(
            "james-2",
            ("james",),
            at(14, 14),
            Channel.EMAIL,
            direction=out,
            expects_reply=True,
            summary="Asked about the platform lead role's interview loop",
            goals={lead.id},
        ),
        # Ravi owes me an intro to his CTO; it was due five days ago.
        meet(
            "ravi-1",
            ("ravi",),
            at(30, 15),
            Channel.VIDEO,
            summary="Model-serving pairing",
            gave=(Value.ADVICE,),
        ),
        # Priya wrote two days ago and is waiting for an answer.
        meet(
            "priya-1",
            ("priya",),
            at(100, 9, 30),
            Channel.MEETING,
            event=summit.id,
            summary="Met at the summit",
        ),
        meet(
            "priya-2",
            ("priya",),
            at(2, 18, 20),
            Channel.EMAIL,
            direction=inbound,
            summary="Would you be open to a chat about their platform lead role?",
            goals={lead.id},
        ),
        # Marcus: met at a meetup, then coffee yesterday; thank him today.
        meet(
            "marcus-1",
            ("marcus", "ravi"),
            at(20, 19),
            Channel.EVENT,
            event=meetup.id,
            summary="Met at the streaming meetup",
        ),
        meet(
            "marcus-2",
            ("marcus",),
            at(1, 15),
            Channel.MEETING,
            summary="Coffee: Kafka at Streamline",
            received=(Value.ADVICE,),
            goals={chats.id},
        ),
        # Nadia: met at a workshop yesterday; follow up while it is fresh.
        meet(
            "nadia-1",
            ("nadia",),
            at(1, 14),
            Channel.EVENT,
            event=workshop.id,
            summary="Met at the dbt workshop",
        ),
    )
    promises = (
        Commitment(
            "demo-sofia",
            "Send her the slides from my data contracts talk",
            tomorrow,
            id="demo-promise-slides",
        ),
        Commitment(
            "demo-ravi",
            "Introduce me to Orbital's CTO",
            today.subtract(days=5),
            owed_by=Party.THEM,
            id="demo-promise-ravi",
        ),
        Commitment(
            "demo-lena",
            "Share the dbt style guide",
            today.subtract(days=40),
            done_on=today.subtract(days=41),
            id="demo-promise-dbt",
        ),
    )
    return Story(
        communities=(streaming,),
        events=(summit, meetup, workshop),
        contacts=people,
        goals=(lead, chats, talk, mentoring),
        interactions=history,
        commitments=promises,
    )
