"""Every refused value raises ValidationError naming the field, the value and the expectation."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pendulum
import pytest

from relnet import (
    Cadence,
    Channel,
    Commitment,
    Community,
    Contact,
    ContactStatus,
    Direction,
    Event,
    Goal,
    Interaction,
    MonthDay,
    Profile,
    Settings,
    Target,
    ValidationError,
)
from relnet.model import Role, Value, _check

AWARE = pendulum.datetime(2026, 3, 1, 10, tz="Europe/Paris")
NAIVE = dt.datetime(2026, 3, 1, 10)


def cases(*pairs: tuple[str, Any]) -> list[Any]:
    """Parametrize ``(field, make)`` pairs with readable, unique ids."""
    return [pytest.param(f, m, id=f"{i}-{f}") for i, (f, m) in enumerate(pairs)]


def refused(field: str, make: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        make()
    error = info.value
    assert error.field == field
    assert str(error).startswith(f"{field}: expected ")
    assert isinstance(error, ValueError)
    return error


@pytest.mark.parametrize(
    ("field", "make"),
    cases(
        ("at", lambda: Interaction(["a"], NAIVE, Channel.MEETING)),
        ("created_at", lambda: Contact("Ada", created_at=NAIVE)),
        ("at", lambda: Event("PyCon", NAIVE)),
        ("at", lambda: Interaction(["a"], "2026-03-01T10:00:00", Channel.MEETING)),
    ),
)
def test_naive_datetimes_are_refused(field: str, make: Any) -> None:
    error = refused(field, make)
    assert "aware" in error.expected


def test_an_empty_participant_list_is_refused() -> None:
    refused("participants", lambda: Interaction([], AWARE, Channel.MEETING))


def test_participants_must_be_ids() -> None:
    refused("participants", lambda: Interaction([""], AWARE, Channel.MEETING))
    refused("participants", lambda: Interaction([5], AWARE, Channel.MEETING))


def test_a_lone_participant_string_is_one_participant() -> None:
    assert Interaction("ada", AWARE, Channel.CALL).participants == ("ada",)


@pytest.mark.parametrize("count", [0, -1])
def test_a_cadence_count_below_one_is_refused(count: int) -> None:
    error = refused("cadence.count", lambda: Cadence.weeks(count))
    assert error.value == count


def test_a_cadence_count_must_be_an_integer() -> None:
    refused("cadence.count", lambda: Cadence(True, "week"))
    refused("cadence.count", lambda: Cadence(1.5, "week"))


@pytest.mark.parametrize("channel", ["email", "message", "social", "intro"])
def test_async_channels_need_a_direction(channel: str) -> None:
    error = refused("direction", lambda: Interaction(["a"], AWARE, channel))
    assert "inbound or outbound" in error.expected


def test_a_mutual_email_is_refused() -> None:
    error = refused(
        "direction", lambda: Interaction(["a"], AWARE, Channel.EMAIL, direction=Direction.MUTUAL)
    )
    assert error.value is Direction.MUTUAL


def test_a_meeting_cannot_be_outbound() -> None:
    refused("direction", lambda: Interaction(["a"], AWARE, "meeting", direction="outbound"))


def test_a_note_has_no_direction() -> None:
    refused("direction", lambda: Interaction(["a"], AWARE, "note", direction="inbound"))
    assert Interaction(["a"], AWARE, "note").direction is None


@pytest.mark.parametrize("channel", ["meeting", "call", "video", "event"])
def test_sync_channels_default_to_mutual(channel: str) -> None:
    assert Interaction(["a"], AWARE, channel).direction is Direction.MUTUAL


def test_reply_expectations_default_by_direction() -> None:
    inbound = Interaction(["a"], AWARE, "email", direction="inbound")
    outbound = Interaction(["a"], AWARE, "email", direction="outbound")
    ask = Interaction(["a"], AWARE, "email", direction="outbound", expects_reply=True)
    assert (inbound.expects_reply, outbound.expects_reply, ask.expects_reply) == (
        True,
        False,
        True,
    )


@pytest.mark.parametrize("weight", [0, 0.0, -0.5, 1.01, float("nan"), "1", True])
def test_a_goal_weight_outside_zero_one_is_refused(weight: Any) -> None:
    refused("weight", lambda: Goal("Find a mentor", weight=weight))


def test_goal_weight_one_is_accepted() -> None:
    assert Goal("Find a mentor", weight=1).weight == 1.0


@pytest.mark.parametrize(
    ("field", "make"),
    cases(
        ("circle", lambda: Contact("Ada", circle="bestie")),
        ("status", lambda: Contact("Ada", status="gone")),
        ("roles", lambda: Contact("Ada", roles={"guru"})),
        ("stage", lambda: Contact("Ada", stage="married")),
        ("channel", lambda: Interaction(["a"], AWARE, "pigeon")),
        ("gave", lambda: Interaction(["a"], AWARE, "call", gave=["money"])),
        ("owed_by", lambda: Commitment("a", "paper", pendulum.date(2026, 1, 1), owed_by="you")),
        ("kind", lambda: Goal("x", kind="fame")),
        ("status", lambda: Goal("x", status="dreaming")),
        ("kind", lambda: Community("PyData", kind="cult")),
        ("target.measure", lambda: Target(3, measure="likes")),
        ("cadence.unit", lambda: Cadence(1, "fortnight")),
    ),
)
def test_unknown_enum_values_are_refused(field: str, make: Any) -> None:
    error = refused(field, make)
    assert error.expected.startswith("one of ")


@pytest.mark.parametrize(
    ("field", "make"),
    cases(
        ("name", lambda: Contact("   ")),
        ("name", lambda: Contact(None)),
        ("emails", lambda: Contact("Ada", emails=["not-an-email"])),
        ("tags", lambda: Contact("Ada", tags="data")),
        ("tags", lambda: Contact("Ada", tags=[""])),
        ("timezone", lambda: Contact("Ada", timezone="Mars/Olympus")),
        ("timezone", lambda: Settings("Nowhere/Land")),
        ("version", lambda: Contact("Ada", version=-1)),
        ("id", lambda: Contact("Ada", id=" padded ")),
        ("introduced_by", lambda: Contact("Ada", id="ada", introduced_by="ada")),
        ("birthday", lambda: Contact("Ada", birthday="1990-02-30")),
        ("birthday.month", lambda: MonthDay(13, 1)),
        ("birthday.day", lambda: MonthDay(4, 31)),
        ("snoozed_until", lambda: Contact("Ada", snoozed_until=AWARE)),
        ("what", lambda: Commitment("a", "", pendulum.date(2026, 1, 1))),
        ("due", lambda: Commitment("a", "paper", "tomorrow")),
        ("daily_capacity", lambda: Settings("UTC", daily_capacity=-1)),
        ("workdays", lambda: Settings("UTC", workdays=[])),
        ("workdays", lambda: Settings("UTC", workdays=[7])),
        ("reminder_time", lambda: Settings("UTC", reminder_time="25:00")),
        ("holidays", lambda: Settings("UTC", holidays=["2026-12-25"])),
        ("expertise", lambda: Profile(expertise="python")),
        ("notes", lambda: Contact("Ada", notes="broken \ud800 text")),
        ("tags", lambda: Contact("Ada", tags=["\udfff"])),
        (
            "introduced_by",
            lambda: Interaction(["a"], AWARE, "email", direction="inbound", introduced_by="b"),
        ),
        (
            "introduced_by",
            lambda: Interaction(["a"], AWARE, "intro", direction="inbound", introduced_by="a"),
        ),
        (
            "target.start",
            lambda: Goal(
                "x",
                deadline=pendulum.date(2026, 1, 1),
                target=Target(3, start=pendulum.date(2026, 2, 1)),
            ),
        ),
    ),
)
def test_bad_values_name_their_field(field: str, make: Any) -> None:
    refused(field, make)


def test_the_message_shows_the_value_and_the_expectation() -> None:
    error = refused("circle", lambda: Contact("Ada", circle="bestie"))
    assert "'bestie'" in str(error)
    assert "inner" in str(error)


def test_huge_values_are_shortened_in_the_message() -> None:
    error = refused("circle", lambda: Contact("Ada", circle="x" * 10_000))
    assert len(str(error)) < 300
    assert error.value == "x" * 10_000


def test_values_are_normalised_to_canonical_types() -> None:
    contact = Contact(
        "Ada",
        circle="close",
        roles=["mentor", "mentor"],
        tags=("a", "b"),
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        birthday=dt.date(1990, 4, 15),
    )
    assert contact.roles == frozenset({"mentor"})
    assert isinstance(contact.tags, frozenset)
    assert isinstance(contact.created_at, pendulum.DateTime)
    assert isinstance(contact.birthday, pendulum.Date)
    assert contact.birthday == pendulum.date(1990, 4, 15)


def test_values_are_frozen() -> None:
    contact = Contact("Ada")
    with pytest.raises(AttributeError):
        contact.name = "Bo"  # type: ignore[misc]


def test_zones_are_kept() -> None:
    at = dt.datetime(2026, 3, 1, 10, tzinfo=__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert Interaction(["a"], at, "call").at.timezone_name == "Asia/Tokyo"


def test_year_less_birthdays() -> None:
    assert Contact("Ada", birthday="--02-29").birthday == MonthDay(2, 29)
    assert MonthDay(2, 29).in_year(2027) == pendulum.date(2027, 2, 28)
    assert MonthDay(2, 29).in_year(2028) == pendulum.date(2028, 2, 29)


def test_converters_give_canonical_types_and_hold_no_shared_state() -> None:
    """Converters hand back the canonical collection of the canonical item type, share
    only the one empty set, and keep nothing between records (equal sets are shared
    per store: tests/storage/test_memory_sharing.py)."""
    first = Interaction(["ada"], AWARE, "call", topics=["mentor"], gave=["advice"])
    second = Interaction(["bo"], AWARE, "video", topics={"mentor"}, gave=("advice",))
    assert first.topics == second.topics
    assert first.topics is not second.topics
    assert first.gave == second.gave
    assert first.goals is second.goals  # both the one empty set
    roles = Contact("Ada", roles=["mentor"]).roles
    assert roles == {"mentor"}
    assert [type(role) for role in roles] == [Role]
    assert [type(topic) for topic in first.topics] == [str]
    assert [type(value) for value in first.gave] == [Value]
    assert type(first.participants) is tuple
    assert Interaction(["ada"], AWARE, "call").participants is not first.participants
    kept = [
        name
        for name, value in vars(_check).items()
        if isinstance(value, dict | set | list) and not name.startswith("__")
    ]
    assert kept == []


@pytest.mark.parametrize("home", ["relnet", "relnet.model", "relnet.model.enums"])
def test_status_is_a_deprecated_name_of_contact_status(home: str) -> None:
    module = importlib.import_module(home)
    with pytest.warns(DeprecationWarning, match="ContactStatus"):
        old = module.Status
    assert old is ContactStatus
    assert "Status" not in getattr(module, "__all__", ())
