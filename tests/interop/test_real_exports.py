"""The readers on files taken from public parsers' test suites (see the READMEs in
tests/data/vcard and tests/data/capture): each read as its program wrote it, and
read twice into a store, changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("recurring_ical_events")

from relnet.interop import capture_into, merge_into
from relnet.interop.calendar import read_calendar
from relnet.interop.mail import read_mail
from relnet.interop.vcard import read_vcards
from relnet.model import Direction, MonthDay
from relnet.storage import InMemoryStore
from relnet.testing import snapshot

DATA = Path(__file__).resolve().parent.parent / "data"
UNTIL = dt.date(2030, 1, 1)


def test_an_evolution_card_with_couchdb_parameters_and_folds_everywhere() -> None:
    result = read_vcards(DATA / "vcard" / "ezvcard_evolution.vcf")
    assert result.errors == ()
    (john,) = result.contacts
    assert john.name == "Mr. John Richter, James Doe Sr."
    assert john.emails == ("john.doe@ibm.com",)
    assert john.phones == ("905-666-1234", "905-555-1234")
    assert john.urls == ("http://www.ibm.com",)
    assert (john.organization, john.headline) == ("IBM", "Money Counter")
    assert john.tags == {"VIP"}
    assert john.birthday is not None
    assert not isinstance(john.birthday, MonthDay)
    assert john.birthday.isoformat() == "1980-03-22"
    assert john.notes.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"'
    )
    assert john.notes.endswith("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")


def test_a_gmail_card_with_every_kind_of_field() -> None:
    result = read_vcards(DATA / "vcard" / "ezvcard_gmail_single2.vcf")
    assert result.errors == ()
    (card,) = result.contacts
    assert card.name == "VCard Test"
    assert len(card.emails) == 5
    assert len(card.phones) == 11
    assert card.urls[0] == "http://www.example1.com"  # Apple's "\:" escape undone
    assert len(card.urls) == 6
    assert card.notes == "note line 1\nnote line 2\nCustomField: field value"


@pytest.mark.parametrize("name", ["ezvcard_evolution.vcf", "ezvcard_gmail_single2.vcf"])
def test_each_card_imported_twice_changes_nothing(name: str) -> None:
    store = InMemoryStore()
    merge_into(store, read_vcards(DATA / "vcard" / name))
    before = snapshot(store)
    again = merge_into(store, read_vcards(DATA / "vcard" / name))
    assert again.added == again.merged == ()
    assert snapshot(store) == before


def test_a_message_whose_headers_run_into_its_body_is_reported() -> None:
    result = read_mail(DATA / "capture" / "cpython_msg_35.eml", me="bperson@dom.ain")
    assert result.interactions == ()
    assert [e.field for e in result.errors] == ["Date"]


def test_an_hour_27_date_is_reported_naming_the_header() -> None:
    result = read_mail(DATA / "capture" / "cpython_msg_47.eml", me="123@abuse.net")
    (issue,) = result.errors
    assert issue.field == "Date"
    assert "27:39:33" in issue.message


def test_the_old_form_of_a_sender_s_name_is_kept() -> None:
    """``From: barry@python.org (Barry A. Warsaw)``: the name is a comment, which the
    header parser drops; it is the sender's name all the same."""
    result = read_mail(DATA / "capture" / "cpython_msg_44.eml", me="me@example.com")
    (message,) = result.interactions
    assert message.summary == "a simple multipart"
    assert message.direction is Direction.INBOUND
    assert [(c.name, c.emails) for c in result.contacts] == [
        ("Barry A. Warsaw", ("barry@python.org",))
    ]
    to_myself = read_mail(DATA / "capture" / "cpython_msg_44.eml", me="barry@python.org")
    assert to_myself.interactions == ()
    assert to_myself.skipped == {"nobody else": 1}


def test_an_exchange_export_with_windows_zone_names() -> None:
    result = read_calendar(
        DATA / "capture" / "icalendar_alarm_outlook_in_future.ics", me="me@example.com", until=UNTIL
    )
    assert result.errors == ()
    assert result.skipped == {"not yours": 5}


def test_events_without_a_uid_are_each_their_own() -> None:
    """Three events without a UID: the first is read (it is nobody's here), the two
    without a start are reported one by one, instead of sinking the first with them."""
    result = read_calendar(
        DATA / "capture" / "icalendar_issue_722_missing_timezones.ics",
        me="me@example.com",
        until=UNTIL,
    )
    assert [(e.where.split()[-4:], e.field) for e in result.errors] == [
        (["2", "without", "a", "UID"], "DTSTART"),
        (["3", "without", "a", "UID"], "DTSTART"),
    ]
    assert result.skipped == {"not yours": 2}


def test_two_meetings_without_a_uid_are_two_interactions_and_keep_their_ids(
    tmp_path: Path,
) -> None:
    def event(day: str, who: str) -> str:
        return (
            f"BEGIN:VEVENT\r\nDTSTART:202401{day}T100000Z\r\nSUMMARY:Lunch with {who}\r\n"
            "ORGANIZER:mailto:me@example.com\r\n"
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{who}@example.org\r\nEND:VEVENT\r\n"
        )

    path = tmp_path / "lunches.ics"
    head, tail = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "END:VCALENDAR\r\n"
    path.write_text(head + event("05", "ada") + event("06", "bob") + tail, newline="")
    first = read_calendar(path, me="me@example.com", until=UNTIL)
    assert [i.summary for i in first.interactions] == ["Lunch with ada", "Lunch with bob"]
    assert first.skipped == {}
    path.write_text(
        head + event("04", "cy") + event("06", "bob") + event("05", "ada") + tail, newline=""
    )
    grown = read_calendar(path, me="me@example.com", until=UNTIL)
    ids = {i.summary: i.id for i in grown.interactions}
    assert {i.summary: i.id for i in first.interactions}.items() <= ids.items()


@pytest.mark.parametrize(
    ("read", "name", "me"),
    [
        (read_mail, "cpython_msg_44.eml", "me@example.com"),
        (read_mail, "cpython_msg_02.eml", "ppp@zzz.org"),
        (read_calendar, "icalendar_alarm_outlook_in_future.ics", "me@example.com"),
    ],
)
def test_each_capture_twice_changes_nothing(read: object, name: str, me: str) -> None:
    options = {"until": UNTIL} if read is read_calendar else {}
    store = InMemoryStore()
    capture_into(store, read(DATA / "capture" / name, me=me, **options))  # type: ignore[operator]
    before = snapshot(store)
    again = capture_into(store, read(DATA / "capture" / name, me=me, **options))  # type: ignore[operator]
    assert again.interactions_added == ()
    assert again.people_added == ()
    assert snapshot(store) == before
