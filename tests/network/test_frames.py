"""Every view as plain records and as a pandas frame."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pandas")

from relnet import ContactId, EventId
from relnet.errors import ValidationError
from relnet.model import Community, Contact, Event
from relnet.network import (
    communities_report,
    event_report,
    givers_and_takers,
    intro_paths,
    ledger,
    log_event,
    mentorship,
    records,
    suggest_stages,
    targets,
    to_frame,
)
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, meeting, note


def network() -> InMemoryStore:
    store = build(
        [
            Contact("Ada", id="ada", circle="close", roles={"mentor"}, communities={"py"}),
            Contact("Bo", id="bo", stage="target", communities={"py"}),
        ],
        [meeting(["ada"], 5, received=["advice"]), note(["ada", "bo"], 4)],
        communities=[Community("PyData", id="py", target=True)],
    )
    log_event(store, Event("Meetup", ago(3), community="py", id="ev"), [ContactId("ada")])
    return store


def test_records_accept_reports_rows_and_lists_of_rows() -> None:
    store = network()
    paths = intro_paths(store, ContactId("bo"), now=NOW)
    assert records(paths) == [p.to_record() for p in paths]
    assert records(paths[0]) == paths[0].to_records()  # one path: a row per link
    stage = suggest_stages(store, now=NOW)[0]
    assert records(stage) == [stage.to_record()]
    report = targets(store, now=NOW)
    assert records(report) == report.to_records()
    assert [r["kind"] for r in report.to_records()] == ["person", "community"]
    assert records([]) == []
    with pytest.raises(ValidationError) as error:
        records([object()])  # type: ignore[list-item]
    assert error.value.field == "view"


def test_every_view_makes_a_frame() -> None:
    store = network()
    frames = {
        "paths": to_frame(intro_paths(store, ContactId("bo"), now=NOW)),
        "targets": targets(store, now=NOW).to_frame(),
        "event": event_report(store, EventId("ev"), now=NOW).to_frame(),
        "communities": to_frame(communities_report(store, now=NOW)),
        "ledger": ledger(store, ContactId("ada"), now=NOW).to_frame(),
        "balances": to_frame(givers_and_takers(store, now=NOW)),
        "mentorship": mentorship(store, now=NOW).to_frame(),
        "stages": to_frame(suggest_stages(store, now=NOW)),
    }
    assert {name: len(frame) for name, frame in frames.items()} == {
        "paths": 1,
        "targets": 2,
        "event": 1,
        "communities": 1,
        "ledger": 1,
        "balances": 1,
        "mentorship": 1,
        "stages": 2,
    }
    assert list(frames["paths"]["route"]) == ["you → Ada → Bo"]
    assert list(frames["stages"]["contact"]) == ["ada", "bo"]
    assert frames["communities"]["last_event"][0] == "Meetup"


def test_frames_name_the_extra_when_pandas_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    report = targets(network(), now=NOW)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'relnet\[pandas\]'"):
        report.to_frame()
    assert report.to_records()  # records need nothing
