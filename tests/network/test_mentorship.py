"""Mentors, mentees, open loops after advice, and mentorship goals."""

from __future__ import annotations

import pendulum

from relnet.model import Contact, Goal, Interaction, Target
from relnet.network import LOOP_DUE_DAYS, REPORT_AFTER_DAYS, mentorship
from relnet.policy.progress import Pace
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, email, meeting


def network() -> InMemoryStore:
    """Ada (mentor) advised you 30 days ago and you have not reported back: open, overdue.

    Bo (mentor) advised you 20 days ago and you wrote 8 days later: closed. Cy (mentor)
    advised you 10 days ago and you wrote 6 days later: still open, not yet due. Dee
    gave advice but is no mentor. Eve is a mentee; Fay both; Gus (archived) a mentor.
    """
    return build(
        [
            Contact("Ada", id="ada", roles={"mentor"}),
            Contact("Bo", id="bo", roles={"mentor"}),
            Contact("Cy", id="cy", roles={"mentor", "peer"}),
            Contact("Dee", id="dee"),
            Contact("Eve", id="eve", roles={"mentee"}),
            Contact("Fay", id="fay", roles={"mentor", "mentee"}),
            Contact("Gus", id="gus", roles={"mentor"}, status="archived"),
        ],
        [
            meeting(["ada"], 60, received=["advice"]),
            meeting(["ada"], 30, received=["advice"], summary="Negotiating the offer"),
            email("ada", 25, "inbound"),
            meeting(["bo"], 20, received=["advice"]),
            email("bo", 20 - REPORT_AFTER_DAYS - 1, "outbound"),
            meeting(["cy"], 10, received=["advice"]),
            email("cy", 4, "outbound"),
            meeting(["dee"], 30, received=["advice"]),
            meeting(["eve"], 3, gave=["advice"]),
            meeting(["gus"], 30, received=["advice"]),
        ],
        goals=[
            Goal(
                "Two mentor chats a month",
                kind="mentorship",
                contacts={"ada", "bo"},
                target=Target(4, start=pendulum.date(2026, 1, 1)),
                deadline=pendulum.date(2026, 2, 28),
                id="chats",
            ),
            Goal("Find a mentor in data", kind="mentorship", contacts={"cy"}, id="find"),
            Goal("Ship the talk", kind="visibility", id="talk"),
        ],
    )


def test_mentors_and_mentees() -> None:
    report = mentorship(network(), now=NOW)
    assert [t.contact for t in report.mentors] == ["ada", "bo", "cy", "fay"]
    assert [t.contact for t in report.mentees] == ["eve", "fay"]
    ada = report.mentors[0]
    assert ada.last_touch == ago(25)
    assert ada.days_since == 25
    fay = report.mentors[3]
    assert fay.last_touch is None
    assert fay.days_since is None
    assert fay.open_loop is None


def test_open_loops_follow_the_mentor_loop_rule() -> None:
    report = mentorship(network(), now=NOW)
    assert [loop.contact for loop in report.open_loops] == ["ada", "cy"]
    ada, cy = report.open_loops
    assert ada.advice_at == ago(30)
    assert ada.summary == "Negotiating the offer"
    assert ada.due == ago(30).date().add(days=LOOP_DUE_DAYS)
    assert ada.overdue
    assert ada.explanation == (
        "Ada gave you advice on 2026-01-30 (Negotiating the offer): tell them how it "
        "went, by 2026-02-20."
    )
    assert not cy.overdue
    assert report.mentors[0].open_loop == ada
    assert report.mentors[1].open_loop is None  # Bo heard back 8 days after


def test_a_touch_exactly_seven_days_after_closes_the_loop() -> None:
    store = build(
        [Contact("Ada", id="ada", roles={"mentor"})],
        [
            meeting(["ada"], 20, received=["advice"]),
            Interaction(["ada"], ago(20).add(days=REPORT_AFTER_DAYS), "call"),
        ],
    )
    assert mentorship(store, now=NOW).open_loops == ()
    just_before = build(
        [Contact("Ada", id="ada", roles={"mentor"})],
        [
            meeting(["ada"], 20, received=["advice"]),
            Interaction(["ada"], ago(20).add(days=REPORT_AFTER_DAYS).subtract(seconds=1), "call"),
        ],
    )
    assert len(mentorship(just_before, now=NOW).open_loops) == 1


def test_mentorship_goals_with_and_without_targets() -> None:
    report = mentorship(network(), now=NOW)
    assert [g.goal.id for g in report.goals] == ["chats", "find"]
    chats, find = report.goals
    assert chats.contacts == ("ada", "bo")
    assert chats.names == ("Ada", "Bo")
    assert chats.progress is not None
    assert chats.progress.count == 4
    assert chats.progress.pace is Pace.ON_TRACK
    assert chats.interactions == 5  # every past interaction with Ada (3) or Bo (2)
    assert find.progress is None
    assert find.interactions == 2


def test_records_have_one_row_per_person_and_goal() -> None:
    report = mentorship(network(), now=NOW)
    rows = report.to_records()
    assert [(r["kind"], r["id"]) for r in rows] == [
        ("mentor", "ada"),
        ("mentor", "bo"),
        ("mentor", "cy"),
        ("mentor", "fay"),
        ("mentee", "eve"),
        ("mentee", "fay"),
        ("goal", "chats"),
        ("goal", "find"),
    ]
    assert rows[0]["open_loop"] is True
    assert rows[0]["loop_due"] == pendulum.date(2026, 2, 20)
    assert rows[6]["goal_count"] == 4
    assert rows[6]["goal_target"] == 4
    assert rows[7]["goal_count"] == 2
    assert rows[7]["pace"] is None
    assert report.open_loops[0].to_record()["contact"] == "ada"
    assert len(report.to_frame()) == 8


def test_an_empty_network_has_an_empty_report() -> None:
    report = mentorship(build([]), now=NOW)
    assert report.to_records() == []
    assert report.to_frame().empty
