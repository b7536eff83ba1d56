"""Shared helpers for the interop tests: sample files and follow-ups built by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

from relnet.policy.followup import MUST_DO, Breakdown, FollowUp, Reason

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data() -> Path:
    """The folder of sample files."""
    return DATA


def follow_up(**overrides: Any) -> FollowUp:
    """A follow-up for Ada with sensible values; any field can be overridden."""
    reason = Reason(overrides.pop("reason", Reason.THANK_YOU))
    due_at = overrides.pop("due_at", pendulum.datetime(2026, 3, 29, 8, 0, tz="UTC"))
    values: dict[str, Any] = {
        "contact": "ada",
        "name": "Ada Lovelace",
        "reason": reason,
        "must_do": reason in MUST_DO,
        "available_from": due_at.date().subtract(days=1),
        "due": due_at.date(),
        "due_at": due_at,
        "state": "due",
        "overdue_days": 0,
        "priority": 90.0,
        "breakdown": Breakdown(90.0),
        "factors": ("circle:network",),
        "text": f"Thank Ada Lovelace for the meeting; due {due_at.date()}.",
    }
    values.update(overrides)
    return FollowUp(**values)


@pytest.fixture
def make_follow_up() -> Callable[..., FollowUp]:
    """The :func:`follow_up` factory."""
    return follow_up
