"""Communities: members, activity in the last 90 days, and the last event attended."""

from __future__ import annotations

from relnet import ContactId, EventId
from relnet.model import Community, Contact, Event, Interaction
from relnet.network import ACTIVITY_DAYS, communities_report, log_event
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, meeting

CLUBS = [
    Community("PyData", id="py", kind="meetup"),
    Community("Rustaceans", id="rust", target=True),
    Community("Quiet club", id="quiet"),
]


def network() -> InMemoryStore:
    store = build(
        [
            Contact("Ada", id="ada", circle="close", communities={"py", "rust"}),
            Contact("Bo", id="bo", communities={"py"}),
            Contact("Cy", id="cy", communities={"py"}, status="archived"),
            Contact("Dee", id="dee", communities={"quiet"}),
        ],
        [
            meeting(["ada", "bo"], 10),
            meeting(["ada"], 30),
            meeting(["bo"], ACTIVITY_DAYS + 1),  # outside the window
            meeting(["cy"], 5),  # archived: not a member any more
            Interaction(["dee"], NOW.add(days=2), "call"),  # planned
        ],
        communities=CLUBS,
        events=[
            Event("PyData January", ago(40), community="py", id="py-jan"),
            Event("PyData February", ago(12), community="py", id="py-feb"),  # not attended
            Event("RustConf", ago(200), community="rust", id="rustconf"),
            Event("PyData March", NOW.add(days=10), community="py", id="py-mar"),
        ],
    )
    log_event(store, EventId("py-jan"), [ContactId("ada")])
    log_event(store, EventId("rustconf"), [ContactId("ada")])
    log_event(store, EventId("py-mar"), [ContactId("bo")])  # planned: not attended yet
    return store


def test_communities_report() -> None:
    reports = communities_report(network(), now=NOW)
    assert [r.community.id for r in reports] == ["py", "rust", "quiet"]
    py, rust, quiet = reports
    assert [m.contact for m in py.members] == ["ada", "bo"]  # strongest tie first
    assert py.members[0].strength > py.members[1].strength
    assert py.touches == 4
    assert py.active_members == 2
    assert py.last_event is not None
    assert py.last_event.id == "py-jan"
    assert py.events_attended == 1
    assert rust.touches == 3
    assert rust.active_members == 1
    assert rust.last_event is not None
    assert rust.last_event.id == "rustconf"
    assert quiet.touches == 0
    assert quiet.active_members == 0
    assert quiet.last_event is None
    assert [m.contact for m in quiet.members] == ["dee"]


def test_communities_report_records() -> None:
    py = communities_report(network(), now=NOW)[0]
    row = py.to_record()
    assert row["community"] == "py"
    assert row["kind"] == "meetup"
    assert row["members"] == 2
    assert row["touches"] == 4
    assert row["last_event"] == "PyData January"
    assert row["last_event_at"] == ago(40)
    members = py.to_records()
    assert [m["contact"] for m in members] == ["ada", "bo"]
    assert members[0]["community_name"] == "PyData"
    assert list(py.to_frame()["name"]) == ["Ada", "Bo"]


def test_no_communities_no_reports() -> None:
    assert communities_report(build([Contact("Ada", id="ada")]), now=NOW) == []


def test_activity_window_is_exclusive_at_its_start() -> None:
    store = build(
        [Contact("Ada", id="ada", communities={"py"})],
        [meeting(["ada"], ACTIVITY_DAYS)],
        communities=CLUBS[:1],
    )
    assert communities_report(store, now=NOW)[0].touches == 0
    assert communities_report(store, now=NOW.subtract(seconds=1))[0].touches == 1
    assert communities_report(store, now=NOW)[0].to_record()["last_event"] is None
