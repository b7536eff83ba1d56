"""relnet.services: what the command line and the MCP server both do to a store."""

from __future__ import annotations

import pendulum
import pytest

from relnet import (
    Contact,
    ContactId,
    InMemoryStore,
    Interaction,
    NotFoundError,
    Settings,
    ValidationError,
    services,
)
from relnet.interop import ImportIssue, ImportResult
from relnet.interop.result import Duplicate
from relnet.policy import Engine, default_rules

NOW = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")


def network() -> InMemoryStore:
    store = InMemoryStore(Settings(timezone="Europe/London"))
    store.add_contact(Contact("Ada Lovelace", id="ada", circle="close"))
    met = pendulum.datetime(2026, 1, 31, 12, tz="UTC")
    store.add_interaction(Interaction(["ada"], met, "call"))
    return store


def test_dismiss_stores_one_dismissal_as_the_engine_does() -> None:
    store = network()
    stored = services.dismiss(store, ContactId("ada"), now=NOW)
    assert stored.reason == "keep_in_touch"
    assert list(store.dismissals()) == [stored]
    assert store.get_contact(ContactId("ada")).snoozed_until is None
    expected = Engine().dismiss(network(), ContactId("ada"), now=NOW)
    assert expected == stored


def test_dismiss_uses_the_engine_it_is_given() -> None:
    engine = Engine(rules=default_rules(cadences={"close": "weekly"}))
    store = network()
    services.dismiss(store, ContactId("ada"), now=NOW, engine=engine)
    item = engine.next_follow_up(store, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.due == pendulum.Date(2026, 3, 7)


def test_undismiss_brings_the_items_back() -> None:
    store = network()
    stored = services.dismiss(store, ContactId("ada"), now=NOW, reason="keep_in_touch")
    assert services.undismiss(store, ContactId("ada"), reason="birthday") == ()
    assert services.undismiss(store, ContactId("ada"), reason="reconnect") == (stored,)
    assert list(store.dismissals()) == []


def test_snooze_cycle_snoozes_to_the_next_cycle_as_dismiss_did() -> None:
    store = network()
    stored = services.snooze_cycle(store, ContactId("ada"), now=NOW)
    assert stored.snoozed_until == pendulum.Date(2026, 3, 31)
    assert store.get_contact(ContactId("ada")) == stored
    assert list(store.dismissals()) == []


def test_snooze_cycle_without_a_cadence_snoozes_to_tomorrow() -> None:
    store = InMemoryStore(Settings(timezone="Europe/London"))
    store.add_contact(Contact("Bo Chen", id="bo", circle="acquaintance"))
    stored = services.snooze_cycle(store, ContactId("bo"), now=NOW)
    assert stored.snoozed_until == pendulum.Date(2026, 3, 3)


def test_dismiss_of_an_unknown_contact_or_nothing_writes_nothing() -> None:
    store = network()
    with pytest.raises(NotFoundError):
        services.dismiss(store, ContactId("nobody"), now=NOW)
    with pytest.raises(ValidationError) as caught:
        services.dismiss(store, ContactId("ada"), now=NOW, reason="birthday")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationError) as caught:
        services.dismiss(store, ContactId("ada"), now=NOW, reason="lunch")
    assert caught.value.field == "reason"
    assert list(store.dismissals()) == []
    assert store.get_contact(ContactId("ada")).snoozed_until is None


def issue(line: int, message: str = "bad email") -> ImportIssue:
    return ImportIssue(line, "email", message, "x")


def people(*ids: str) -> tuple[Contact, ...]:
    return tuple(Contact(f"Person {i}", id=i) for i in ids)


def test_an_unreadable_file_is_refused() -> None:
    result = ImportResult(errors=(issue(2), issue(3)))
    with pytest.raises(services.ImportRefusedError) as caught:
        services.check_import(result, strict=False)
    assert caught.value.why == "unreadable"
    assert caught.value.issues == (issue(2), issue(3))
    assert isinstance(caught.value, ValueError)


def test_a_strict_import_with_a_rejected_row_is_refused() -> None:
    result = ImportResult(contacts=people("a"), errors=(issue(3),), origins=(2,))
    services.check_import(result, strict=False)
    with pytest.raises(services.ImportRefusedError) as caught:
        services.check_import(result, strict=True)
    assert caught.value.why == "strict"


def test_a_clean_file_passes_even_when_strict() -> None:
    services.check_import(ImportResult(contacts=people("a"), origins=(2,)), strict=True)


def test_issues_on_kept_rows_are_warnings_the_others_rejections() -> None:
    result = ImportResult(
        contacts=people("a", "b"),
        errors=(issue(2, "phone left out"), issue(5), issue(5, "twice"), issue(4, "merged")),
        origins=(2, 3),
        duplicates=(Duplicate(4, 3, "email"),),
    )
    sorted_ = services.sort_issues(result)
    assert sorted_.warnings == (issue(2, "phone left out"), issue(4, "merged"))
    assert sorted_.rejected == (issue(5), issue(5, "twice"))
    assert sorted_.rejected_rows == [5]


def test_import_merges_in_steps_and_reports_each_contact_once() -> None:
    store = network()
    steps: list[int] = []
    incoming = (
        Contact("Ada Lovelace", id="ada", circle="close", tags={"new"}),
        *people("b", "c"),
        Contact("Ada Lovelace", id="ada", circle="close"),
    )
    report = services.import_contacts(store, incoming, chunk=2, advance=steps.append)
    assert steps == [2, 2]
    assert report.added == ("b", "c")
    assert report.merged == ("ada",)
    assert report.unchanged == ()
    assert "new" in store.get_contact(ContactId("ada")).tags


def test_a_failing_import_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    store = network()
    calls: list[object] = []

    def flaky(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        services.import_contacts(store, people("b", "c"), chunk=1, advance=flaky)
    assert [c.id for c in store.contacts()] == ["ada"]
