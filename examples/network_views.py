"""relnet's network views on a small network: intro paths, events, reciprocity, mentorship,
stages. Runs standalone and prints each view."""

from __future__ import annotations

import pendulum

from relnet import (
    Channel,
    Circle,
    Community,
    CommunityKind,
    Contact,
    ContactStatus,
    Direction,
    Event,
    Goal,
    GoalKind,
    InMemoryStore,
    Interaction,
    Profile,
    Role,
    Settings,
    Stage,
    Target,
    Value,
)
from relnet.network import (
    communities_report,
    event_report,
    givers_and_takers,
    intro_paths,
    ledger,
    log_event,
    mentorship,
    offers,
    suggest_stages,
    targets,
)

ZONE = "Europe/London"
now = pendulum.datetime(2026, 11, 25, 9, 30, tz=ZONE)


def ago(days: int, hour: int = 12) -> pendulum.DateTime:
    """An instant ``days`` before ``now``, at ``hour`` o'clock."""
    return now.subtract(days=days).replace(hour=hour, minute=0)


store = InMemoryStore(
    settings=Settings(timezone=ZONE),
    profile=Profile(name="You", expertise={"Data Engineering", "Python", "Public speaking"}),
)
pydata = store.add_community(Community("PyData London", kind=CommunityKind.MEETUP, id="pydata"))
store.add_community(Community("Women in Data", target=True, id="wid"))

people = [
    Contact(
        "Ada Lovelace",
        id="ada",
        circle=Circle.CLOSE,
        roles={Role.MENTOR},
        stage=Stage.ENGAGED,
        organization="Analytical Engines",
        communities={"pydata"},
    ),
    Contact(
        "Bo Chen",
        id="bo",
        circle=Circle.ACTIVE,
        roles={Role.PEER},
        organization="Acme Data",
        communities={"wid"},
        interests={"python", "dbt"},
    ),
    Contact("Cy Young", id="cy", stage=Stage.TARGET, organization="Acme Data"),
    Contact("Dee Patel", id="dee", status=ContactStatus.DO_NOT_CONTACT),
    Contact("Eve Martin", id="eve", roles={Role.MENTEE}),
    Contact("Fay Wong", id="fay", stage=Stage.TARGET, interests={"public speaking"}),
    Contact("Gus Ortiz", id="gus", stage=Stage.TARGET),
]
for person in people:
    store.add_contact(person)

history = [
    # Monthly coffees with Ada, your mentor; she gave advice three weeks ago.
    *(Interaction(["ada"], ago(days), Channel.MEETING) for days in (120, 90, 60)),
    Interaction(
        ["ada"],
        ago(21),
        Channel.CALL,
        received=[Value.ADVICE],
        summary="How to pitch the data platform",
    ),
    # Ada and Bo were in two meetings with you. Bo and Cy work together: you have not
    # met Cy, so a note records what you know.
    Interaction(["ada", "bo"], ago(150), Channel.MEETING, summary="Platform review"),
    Interaction(["ada", "bo"], ago(40), Channel.MEETING, summary="Roadmap"),
    Interaction(["bo", "cy"], ago(30), Channel.NOTE, summary="Bo leads Cy's team at Acme"),
    # Dee knows Cy best, but asked not to be contacted: no path goes through Dee.
    Interaction(["dee", "cy"], ago(100), Channel.NOTE, summary="Dee and Cy co-founded a startup"),
    Interaction(["dee"], ago(10), Channel.MEETING),
    # Bo has helped you twice this year; you gave back once.
    Interaction(
        ["bo"], ago(80), Channel.EMAIL, direction=Direction.INBOUND, received=[Value.INTRO]
    ),
    Interaction(
        ["bo"], ago(50), Channel.EMAIL, direction=Direction.INBOUND, received=[Value.RESOURCE]
    ),
    Interaction(
        ["bo"], ago(45), Channel.EMAIL, direction=Direction.OUTBOUND, gave=[Value.FEEDBACK]
    ),
    Interaction(["eve"], ago(14), Channel.VIDEO, gave=[Value.ADVICE]),
]
for interaction in history:
    store.add_interaction(interaction)

# A meetup: everyone met there is logged in one call.
meetup = Event("PyData London November", ago(36, 19), community=pydata.id, id="pydata-nov")
log_event(store, meetup, ["fay", "gus", "bo"], topics={"dbt"})
store.add_interaction(Interaction(["fay"], ago(35), Channel.EMAIL, direction=Direction.OUTBOUND))
store.add_interaction(Interaction(["fay"], ago(34), Channel.EMAIL, direction=Direction.INBOUND))

store.add_goal(
    Goal(
        "Find a second mentor",
        kind=GoalKind.MENTORSHIP,
        contacts={"ada"},
        target=Target(4),
        deadline=pendulum.date(2027, 3, 31),
        id="mentor",
    )
)


def title(text: str) -> None:
    """Print a section title."""
    print(f"\n== {text} ==")


title("Intro paths to Cy")
for path in intro_paths(store, "cy", now=now):
    print(f"{path.score:.3f}  {path.route}")
    for link in path.links:
        print(f"        {link}")

title("Targets")
report = targets(store, now=now)
for target in report.people:
    print(f"{target.name}: {target.best.explanation if target.best else 'no path yet'}")
for group in report.communities:
    print(f"{group.community.name}: you know {', '.join(m.name for m in group.members)}")

title("The PyData meetup")
met = event_report(store, "pydata-nov", now=now)
for row in met.met:
    print(f"{row.name:<10} followed up: {row.followed_up!s:<5}  ongoing: {row.ongoing}")

title("Communities")
for community in communities_report(store, now=now):
    last = community.last_event.name if community.last_event else "none"
    print(
        f"{community.community.name}: {len(community.members)} members, "
        f"{community.touches} touches in 90 days, last event: {last}"
    )

title("Reciprocity")
for balance in givers_and_takers(store, now=now):
    print(balance.explanation)
bo_ledger = ledger(store, "bo", now=now)
for entry in bo_ledger.entries:
    print(f"  {entry.date}  {entry.flow.value:<8} {', '.join(v.value for v in entry.values)}")
print("What to offer Bo:")
for offer in offers(store, "bo", now=now)[:4]:
    print(f"  - {offer}")

title("Mentorship")
mentoring = mentorship(store, now=now)
for tie in (*mentoring.mentors, *mentoring.mentees):
    print(f"{tie.role.value:<7} {tie.name:<12} last touch {tie.days_since} days ago")
for loop in mentoring.open_loops:
    print(f"open loop: {loop.explanation}")
for goal in mentoring.goals:
    done = goal.progress
    print(
        f"goal {goal.goal.title!r}: {done.count if done else goal.interactions} "
        f"of {done.target if done else '?'} ({done.pace.value if done else 'no target'})"
    )

title("Stage suggestions")
for suggestion in suggest_stages(store, now=now):
    arrow = "→" if suggestion.changed else "="
    print(
        f"{suggestion.name:<12} {suggestion.current.value:>10} {arrow} "
        f"{suggestion.suggested.value:<10} {suggestion.reason}"
    )
