"""The error family: what callers can read off an error, and that it survives pickling
(errors cross process boundaries in batch jobs and multiprocessing pools)."""

from __future__ import annotations

import pickle

import pytest

from relnet import Contact, Interaction
from relnet.errors import ConflictError, NotFoundError, StorageError, ValidationError
from relnet.serialization import from_dict, load_document


@pytest.mark.parametrize("kind", [ConflictError, StorageError])
@pytest.mark.parametrize("retryable", [False, True])
def test_retryable_is_kept_through_pickling(
    kind: type[ConflictError | StorageError], retryable: bool
) -> None:
    error = kind("a concurrent transaction got in the way", retryable=retryable)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert str(copy) == "a concurrent transaction got in the way"
    assert copy.retryable is retryable


def test_errors_are_not_retryable_unless_said() -> None:
    assert ConflictError("stale version").retryable is False
    assert StorageError("newer schema").retryable is False


def test_conflict_errors_carry_what_conflicted_and_why() -> None:
    taken = ConflictError("taken", kind="contact", id="ada", reason="duplicate")
    assert (taken.kind, taken.id, taken.reason, taken.retryable) == (
        "contact",
        "ada",
        "duplicate",
        False,
    )
    assert ConflictError("raced", reason="concurrent_write").retryable is True
    assert ConflictError("raced", retryable=True).reason == "concurrent_write"
    plain = ConflictError("old style")
    assert (plain.kind, plain.id, plain.reason, plain.retryable) == (None, None, None, False)
    copy = pickle.loads(pickle.dumps(taken))
    assert (copy.kind, copy.id, copy.reason, str(copy)) == ("contact", "ada", "duplicate", "taken")
    with pytest.raises(ValueError, match="reason: expected one of duplicate"):
        ConflictError("x", reason="odd")  # type: ignore[arg-type]


def test_not_found_errors_say_which_record_is_missing() -> None:
    asked = NotFoundError("contact", "ada")
    assert asked.role == "target"
    assert str(asked) == "no contact with id 'ada'"
    referenced = NotFoundError("goal", "g", role="reference")
    assert str(referenced) == "no goal with id 'g' (the record written refers to it)"
    copy = pickle.loads(pickle.dumps(referenced))
    assert (copy.kind, copy.id, copy.role) == ("goal", "g", "reference")
    assert isinstance(copy, KeyError)
    with pytest.raises(ValueError, match="role: expected one of target, reference"):
        NotFoundError("goal", "g", role="other")  # type: ignore[arg-type]


def test_validation_errors_carry_every_problem() -> None:
    single = ValidationError("name", "", "a non-empty string")
    assert single.problems == (single,)
    joined = ValidationError.of([single, ValidationError("circle", "best", "a circle")])
    assert [p.field for p in joined.problems] == ["name", "circle"]
    assert (joined.field, joined.value) == ("name", "")
    assert str(joined).startswith("2 problems: name: expected a non-empty string")
    assert [p.field for p in joined.at("contacts[2]").problems] == [
        "contacts[2].name",
        "contacts[2].circle",
    ]
    assert ValidationError.of([single]) is single
    copy = pickle.loads(pickle.dumps(joined))
    assert [(p.field, p.value) for p in copy.problems] == [("name", ""), ("circle", "best")]
    assert str(copy) == str(joined)
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError.of([])


def test_a_record_read_from_json_reports_every_bad_field() -> None:
    data = {
        "name": "",
        "circle": "best",
        "cadence": {"count": 0, "unit": "week"},
        "timezone": "Mars/Olympus",
        "version": -1,
        "colour": "red",
    }
    with pytest.raises(ValidationError) as caught:
        from_dict(data, Contact)
    found = [(p.field, p.value) for p in caught.value.problems]
    assert found == [
        ("", ["colour"]),
        ("name", ""),
        ("circle", "best"),
        ("cadence.count", 0),
        ("timezone", "Mars/Olympus"),
        ("version", -1),
    ]
    with pytest.raises(ValidationError) as missing:
        from_dict({"at": "yesterday"}, Interaction)
    assert [p.field for p in missing.value.problems] == ["participants", "at", "channel"]


def test_a_document_reports_every_bad_record_of_a_collection() -> None:
    document = {
        "relnet": 1,
        "contacts": [
            {"name": "", "id": "a"},
            {"name": "Bo", "id": "b"},
            {"name": "Cy", "id": "c", "circle": "best", "version": -2},
        ],
    }
    with pytest.raises(ValidationError) as caught:
        load_document(document)
    assert [p.field for p in caught.value.problems] == [
        "contacts[0].name",
        "contacts[2].circle",
        "contacts[2].version",
    ]


def test_a_record_built_in_python_reports_every_bad_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Contact("", circle="best", timezone="Mars/Olympus", version=-1)
    assert [p.field for p in caught.value.problems] == ["name", "circle", "timezone", "version"]
    with pytest.raises(ValidationError) as interaction:
        Interaction([], "yesterday", "pigeon")
    assert [p.field for p in interaction.value.problems] == ["participants", "at", "channel"]
    # One bad field: the error is that field's, as before.
    with pytest.raises(ValidationError) as single:
        Contact("Ada", circle="best")
    assert single.value.problems == (single.value,)
    assert single.value.field == "circle"
    # A check across fields counts when every field passed.
    with pytest.raises(ValidationError, match="someone other than the contact"):
        Contact("Ada", id="ada", introduced_by="ada")
