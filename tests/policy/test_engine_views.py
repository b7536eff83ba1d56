"""The Agenda as a value: a sequence, records, notebook views and a pandas frame."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import pytest

pytest.importorskip("pandas")

import pandas as pd

from relnet import Agenda, Channel, Circle, ContactId, Engine, FollowUp, InMemoryStore, Reason
from relnet.policy.agenda import ROWS_SHOWN
from tests.policy.engine_helpers import at, day, email_in, log, person, promise, store

NOW = at(2026, 11, 25, 9, 30)


def sample() -> tuple[InMemoryStore, Agenda]:
    s = store()
    person(s, "Ada <b>Lovelace</b> | *x*", "ada", circle=Circle.CLOSE)
    person(s, "Bo Chen", "bo")
    log(s, "ada", at(2026, 10, 9), Channel.MEETING)
    email_in(s, "bo", at(2026, 11, 24, 9))
    promise(s, "bo", day(2026, 11, 26))
    return s, Engine().agenda(s, now=NOW)


def test_an_agenda_is_an_immutable_sequence() -> None:
    _, agenda = sample()
    assert isinstance(agenda, Sequence)
    assert len(agenda) == 2
    assert [i.contact for i in agenda] == ["bo", "ada"]
    assert agenda[0] is next(iter(agenda))
    assert agenda[-1].contact == "ada"
    head = agenda[:1]
    assert isinstance(head, Agenda)
    assert [i.contact for i in head] == ["bo"]
    assert head.today == agenda.today == day(2026, 11, 25)
    assert agenda.now == NOW
    with pytest.raises(AttributeError):
        agenda.items = ()  # type: ignore[misc]
    assert repr(agenda) == "<Agenda for 2026-11-25: 2 follow-ups>"


def test_for_contact_finds_the_item() -> None:
    _, agenda = sample()
    item = agenda.for_contact(ContactId("bo"))
    assert isinstance(item, FollowUp)
    assert item.reason is Reason.REPLY_OWED
    assert item.also == (Reason.PROMISE,)
    assert agenda.for_contact(ContactId("nobody")) is None


def test_records_are_plain_json() -> None:
    _, agenda = sample()
    records = agenda.to_records()
    assert json.loads(json.dumps(records)) == records
    first = records[0]
    assert first["reason"] == "reply_owed"
    assert first["due"] == "2026-11-25"
    assert first["available_from"] == "2026-11-24"
    assert first["due_at"] == "2026-11-25T09:00:00+00:00"
    assert first["also"] == ["promise"]
    assert first["breakdown"]["base"] == 100.0
    assert first["factors"] == ["circle:network"]
    assert set(first) >= {"contact", "name", "text", "priority", "interaction", "commitment"}


def test_html_view_escapes_and_caps_rows() -> None:
    _, agenda = sample()
    shown = agenda._repr_html_()
    assert "<b>Lovelace</b>" not in shown
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt; | *x*" in shown
    assert shown.startswith("<table><caption>Agenda for 2026-11-25: 2 follow-ups</caption>")


def test_markdown_view_escapes_and_caps_rows() -> None:
    _, agenda = sample()
    shown = agenda._repr_markdown_()
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt; \\| \\*x\\*" in shown
    assert shown.count("\n| ") == 4  # header, separator and two rows
    assert "\n| 2 | Ada" in shown
    assert "more" not in shown


def test_long_agendas_show_fifty_rows_and_a_count() -> None:
    s = store()
    for n in range(ROWS_SHOWN + 7):
        person(s, f"Person {n:03d}", f"p{n:03d}")
    agenda = Engine().follow_ups(s, now=NOW)
    assert len(agenda) == ROWS_SHOWN + 7
    markdown = agenda._repr_markdown_()
    assert markdown.count("| Person") == ROWS_SHOWN
    assert markdown.rstrip().endswith("… 7 more")
    html = agenda._repr_html_()
    assert html.count("<tr><td>") == ROWS_SHOWN
    assert "… 7 more" in html


def test_to_frame_has_typed_columns() -> None:
    _, agenda = sample()
    frame = agenda.to_frame()
    assert list(frame["contact"]) == ["bo", "ada"]
    assert isinstance(frame["reason"].dtype, pd.CategoricalDtype)
    assert list(frame["reason"].cat.categories) == [r.value for r in Reason]
    assert frame["due"].dtype.kind == "M"
    assert frame["available_from"].dtype.kind == "M"
    assert str(frame["due_at"].dt.tz) == "UTC"
    assert frame["due_at"][0] == pd.Timestamp("2026-11-25 09:00", tz="UTC")
    assert frame["due"][1] == pd.Timestamp("2026-11-09")
    assert frame["overdue_days"].dtype == "int64"
    assert frame["priority"].dtype == "float64"
    assert frame["must_do"].dtype == bool
    assert frame["also"][0] == ("promise",)


def test_an_empty_frame_keeps_its_types() -> None:
    frame = Engine().agenda(store(), now=NOW).to_frame()
    assert len(frame) == 0
    assert frame["due"].dtype.kind == "M"
    assert str(frame["due_at"].dt.tz) == "UTC"
    assert isinstance(frame["reason"].dtype, pd.CategoricalDtype)


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _, agenda = sample()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'relnet\[pandas\]'"):
        agenda.to_frame()
