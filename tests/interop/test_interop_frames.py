"""DataFrames of a network: typed columns, UTC instants with their zones, categories."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("pandas")

import pandas as pd
import pendulum

from relnet import InMemoryStore
from relnet.interop.frames import (
    FOLLOW_UP_COLUMNS,
    commitments_frame,
    contacts_frame,
    follow_ups_frame,
    goals_frame,
    interactions_frame,
)
from relnet.policy.followup import FollowUp, Reason

UTC_NS = "datetime64[ns, UTC]"


def row(frame: pd.DataFrame, contact_id: str) -> pd.Series[Any]:
    """The row of one contact: ids are unique, so a Series and never a frame."""
    found = frame.set_index("id").loc[contact_id]
    assert isinstance(found, pd.Series)
    return found


def test_contacts_frame(network: InMemoryStore) -> None:
    frame = contacts_frame(network)
    assert list(frame["id"]) == ["ada", "alan", "grace", "joan"]
    assert str(frame["id"].dtype) == "string"
    assert isinstance(frame["circle"].dtype, pd.CategoricalDtype)
    assert frame["circle"].cat.ordered
    assert list(frame["circle"].cat.categories) == [
        "inner",
        "close",
        "active",
        "network",
        "acquaintance",
    ]
    assert str(frame["created_at"].dtype) == UTC_NS
    ada = row(frame, "ada")
    assert ada["created_at"] == pd.Timestamp("2025-06-01 08:00", tz="UTC")
    assert ada["created_zone"] == "Europe/London"
    assert ada["tags"] == ("math", "poetry")
    assert ada["roles"] == ("mentor",)
    assert ada["birthday"] == "--12-10"
    assert ada["effective_cadence"] == "every month"
    assert pd.isna(ada["cadence"])
    grace = row(frame, "grace")
    assert grace["cadence"] == "every 6 weeks"
    assert grace["cadence_days"] == 42.0
    assert grace["birthday"] == "1906-12-09"
    alan = row(frame, "alan")
    assert pd.isna(alan["cadence_days"])  # acquaintances have no cadence
    assert pd.isna(alan["created_at"])
    assert frame.set_index("id").loc["joan", "introduced_by"] == "alan"
    assert str(frame["version"].dtype) == "int64"


def test_interactions_frame_has_one_row_per_person_with_utc_and_zone(
    network: InMemoryStore,
) -> None:
    frame = interactions_frame(network)
    assert list(zip(frame["interaction"], frame["contact"], strict=True)) == [
        ("i1", "ada"),
        ("i2", "ada"),
        ("i2", "grace"),
        ("i3", "grace"),
        ("i4", "grace"),
        ("i5", "joan"),
        ("i5", "alan"),
    ]
    assert str(frame["at"].dtype) == UTC_NS
    email = frame.iloc[1]
    assert email["at"] == pd.Timestamp("2025-10-15 22:30", tz="UTC")
    assert email["zone"] == "America/New_York"
    assert email["direction"] == "inbound"
    assert bool(email["expects_reply"])
    assert frame.iloc[0]["received"] == ("advice",)
    note = frame.iloc[4]
    assert not note["touch"]
    assert pd.isna(note["direction"])
    introducer = frame.iloc[6]
    assert (introducer["role"], introducer["name"]) == ("introducer", "Alan Turing")
    assert introducer["received"] == ("intro",)
    assert isinstance(frame["channel"].dtype, pd.CategoricalDtype)
    assert set(frame["channel"].cat.categories) >= {"meeting", "email", "note", "intro"}
    assert frame["touch"].dtype == bool


def test_commitments_and_goals_frames(network: InMemoryStore) -> None:
    store = network
    commitments = commitments_frame(store)
    assert list(commitments["id"]) == ["c2", "c1"]  # by due date
    assert str(commitments["due"].dtype) == "datetime64[ns]"
    assert commitments.iloc[1]["due"] == pd.Timestamp("2026-03-05")
    assert pd.isna(commitments.iloc[1]["done_on"])
    assert list(commitments["open"]) == [False, True]
    assert list(commitments["owed_by"]) == ["them", "me"]
    goals = goals_frame(store)
    assert list(goals["id"]) == ["g1", "g2"]
    assert str(goals["target_count"].dtype) == "Int64"
    assert goals.iloc[0]["target_count"] == 6
    assert pd.isna(goals.iloc[1]["target_count"])
    assert goals.iloc[0]["contacts"] == ("ada", "grace")
    assert goals.iloc[0]["target_channels"] == ("meeting",)
    assert goals.iloc[0]["deadline"] == pd.Timestamp("2026-06-30")


def test_frames_of_an_empty_store_keep_their_types() -> None:
    store = InMemoryStore()
    contacts = contacts_frame(store)
    assert len(contacts) == 0
    assert str(contacts["created_at"].dtype) == UTC_NS
    assert isinstance(contacts["circle"].dtype, pd.CategoricalDtype)
    interactions = interactions_frame(store)
    assert str(interactions["at"].dtype) == UTC_NS
    assert len(follow_ups_frame([]).columns) == len(FOLLOW_UP_COLUMNS)


def test_follow_ups_frame(make_follow_up: Callable[..., FollowUp]) -> None:
    items = [
        make_follow_up(also=(Reason.BIRTHDAY,)),
        make_follow_up(
            contact="grace",
            name="Grace Hopper",
            reason=Reason.KEEP_IN_TOUCH,
            due_at=pendulum.datetime(2026, 3, 2, 9, 0, tz="Europe/Paris"),
            state="overdue",
            overdue_days=3,
            priority=61.5,
        ),
    ]
    frame = follow_ups_frame(items)
    assert tuple(frame.columns) == FOLLOW_UP_COLUMNS
    assert list(frame["reason"].cat.categories) == [r.value for r in Reason]
    assert list(frame["reason"]) == ["thank_you", "keep_in_touch"]
    assert frame.iloc[0]["also"] == ("birthday",)
    assert list(frame["must_do"]) == [True, False]
    assert str(frame["due"].dtype) == "datetime64[ns]"
    assert str(frame["due_at"].dtype) == UTC_NS
    assert frame.iloc[1]["due_at"] == pd.Timestamp("2026-03-02 08:00", tz="UTC")
    assert list(frame["state"].cat.categories) == ["due", "overdue"]
    assert str(frame["overdue_days"].dtype) == "int64"
    assert str(frame["priority"].dtype) == "float64"
    assert str(frame["text"].dtype) == "string"


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"relnet\[pandas\]"):
        contacts_frame(InMemoryStore())
