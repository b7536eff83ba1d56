"""Capturing a mail archive: headers only, odd headers, skips, errors and every layout."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
from pathlib import Path

import pytest

from relnet.errors import ValidationError
from relnet.interop import CaptureResult
from relnet.interop.mail import read_mail
from relnet.model import Channel, Direction, Interaction
from tests.interop.capture_archives import ME, message, write_mbox

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"


def by_subject(result: CaptureResult) -> dict[str, Interaction]:
    return {i.summary: i for i in result.interactions}


def emails_of(result: CaptureResult, interaction: Interaction) -> list[str]:
    people = {c.id: c for c in result.contacts}
    return [people[p].emails[0] for p in interaction.participants]


def test_odd_headers_real_mail_has(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "odd.mbox",
        [
            message(
                sender="=?utf-8?q?Ad=C3=A0_Lovelace?= <ada@example.org>",
                subject="=?iso-8859-1?q?Caf=E9?= and\n\tfolded on two lines",
                date="Mon, 3 Jan 94 12:00 EST",
                message_id="<one@example.org>",
            ),
            message(
                sender="Me <ME@Example.com>",
                to=['"Lovelace, Ada" <ada@example.org>'],
                subject="Re: Café and folded on two lines",
                date="Tue, 4 Jan 1994 09:30:00 GMT",
                message_id="<two@example.com>",
                extra=["In-Reply-To: <one@example.org>", "References: <one@example.org>"],
            ),
            message(
                sender="Bob <bob@example.net>",
                date="4 Jan 1994 11:00 -0000",
                subject="No zone at all",
                message_id="<three@example.net>",
            ),
        ],
    )
    result = read_mail(box, me=[ME])
    assert result.errors == ()
    first, reply, naive = result.interactions
    assert first.summary == "Café and folded on two lines"
    assert first.direction is Direction.INBOUND
    assert first.expects_reply is True
    assert first.at.utcoffset() == dt.timedelta(hours=-5)
    assert (first.at.year, first.at.month, first.at.day, first.at.hour) == (1994, 1, 3, 12)
    assert [c.name for c in result.contacts][:1] == ["Adà Lovelace"]
    assert reply.direction is Direction.OUTBOUND
    assert reply.channel is Channel.EMAIL
    assert reply.participants == first.participants
    assert naive.at.utcoffset() == dt.timedelta(0)


def test_duplicates_and_sent_folder_copies_are_one_interaction(tmp_path: Path) -> None:
    sent = message(sender=ME, to=["ada@example.org"], subject="Sent", message_id="<s@x>")
    box = write_mbox(
        tmp_path / "all.mbox",
        [
            sent,
            message(sender="ada@example.org", subject="In", message_id="<i@x>"),
            sent,
            message(sender="ada@example.org", subject="In again", message_id="<i@x>"),
        ],
    )
    result = read_mail(box, me=ME)
    assert [i.summary for i in result.interactions] == ["Sent", "In"]
    assert result.skipped == {"duplicate": 2}
    again = read_mail(box, me=ME)
    assert [i.id for i in again.interactions] == [i.id for i in result.interactions]


def test_messages_without_a_message_id_get_a_stable_key(tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender="ada@example.org")] * 2)
    result = read_mail(box, me=ME)
    assert len(result.interactions) == 1
    assert result.skipped == {"duplicate": 1}


def test_bulk_crowds_and_no_reply_senders_are_skipped_and_counted(tmp_path: Path) -> None:
    crowd = [f"p{n}@example.org" for n in range(21)]
    box = write_mbox(
        tmp_path / "skips.mbox",
        [
            message(sender="news@example.org", extra=["List-Id: <news.example.org>"]),
            message(sender="shop@example.org", extra=["List-Unsubscribe: <mailto:u@x>"]),
            message(sender="club@example.org", extra=["Precedence: bulk"]),
            message(sender="jk@example.org", extra=["Precedence: junk"]),
            message(sender="ada@example.org", to=[ME, *crowd]),
            message(sender="no-reply@service.example"),
            message(sender="noreply+tag@service.example"),
            message(sender="MAILER-DAEMON@mx.example"),
            message(sender=ME, to=[ME]),
            message(sender="bob@example.net", extra=["Precedence: first-class"]),
        ],
    )
    result = read_mail(box, me=ME)
    assert result.skipped == {
        "bulk": 4,
        "too many recipients": 1,
        "no-reply sender": 3,
        "nobody else": 1,
    }
    assert len(result.interactions) == 1


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "X-Autoreply: yes",
        "X-Autorespond: on",
    ],
)
def test_auto_replies_are_kept_and_touch_nobody(tmp_path: Path, header: str) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender="ada@example.org", extra=[header])])
    (auto,) = read_mail(box, me=ME).interactions
    assert auto.auto_reply is True
    assert auto.touches() == ()


def test_auto_submitted_no_is_an_ordinary_message(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox", [message(sender="ada@example.org", extra=["Auto-Submitted: no"])]
    )
    (plain,) = read_mail(box, me=ME).interactions
    assert plain.auto_reply is False


def test_who_expects_a_reply(tmp_path: Path) -> None:
    five = [f"p{n}@example.org" for n in range(5)]
    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(sender="ada@example.org", subject="to me"),
            message(sender="ada@example.org", to=["bob@example.net"], cc=[ME], subject="cc"),
            message(sender="ada@example.org", to=[ME, *five], subject="six"),
            message(sender="ada@example.org", to=[ME, *five[:4]], subject="five"),
            message(sender="ada@example.org", to=["list@example.org"], subject="bcc"),
            message(sender=ME, to=["ada@example.org"], subject="mine"),
        ],
    )
    expects = {s: i.expects_reply for s, i in by_subject(read_mail(box, me=ME)).items()}
    assert expects == {
        "to me": True,
        "cc": False,
        "six": False,
        "five": True,
        "bcc": False,
        "mine": False,
    }


def test_participants_of_sent_and_received_mail(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(
                sender=ME,
                to=["ada@example.org", ME],
                cc=["bob@example.net", "no-reply@x.example"],
                bcc=["carol@example.net"],
                subject="sent",
            ),
            message(
                sender="ada@example.org",
                to=[ME, "bob@example.net"],
                bcc=["eve@example.net"],
                subject="received",
            ),
        ],
    )
    result = read_mail(box, me=ME)
    found = by_subject(result)
    assert emails_of(result, found["sent"]) == [
        "ada@example.org",
        "bob@example.net",
        "carol@example.net",
    ]
    assert emails_of(result, found["received"]) == ["ada@example.org"]


def test_a_malformed_message_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(sender="ada@example.org", date=None, message_id="<nodate@x>"),
            message(sender="ada@example.org", date="the day after", message_id="<bad@x>"),
            message(sender="not an address", message_id="<from@x>"),
            message(sender="ada@example.org", to=["Bob Without Domain"], message_id="<to@x>"),
            message(sender="ada@example.org", subject="fine"),
        ],
    )
    result = read_mail(box, me=ME)
    assert [i.summary for i in result.interactions] == ["fine"]
    assert [(e.where, e.field) for e in result.errors] == [
        ("message 1 <nodate@x>", "Date"),
        ("message 2 <bad@x>", "Date"),
        ("message 3 <from@x>", "From"),
        ("message 4 <to@x>", "To"),
    ]
    assert "no Date header" in str(result.errors[0])


def test_since_and_until_bound_the_messages(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(sender="ada@example.org", date="Thu, 1 Jan 2026 10:00:00 +0000", subject="a"),
            message(sender="ada@example.org", date="Sun, 1 Feb 2026 10:00:00 +0000", subject="b"),
            message(sender="ada@example.org", date="Sun, 1 Mar 2026 10:00:00 +0000", subject="c"),
        ],
    )
    result = read_mail(box, me=ME, since=dt.date(2026, 1, 15), until=dt.date(2026, 3, 1))
    assert [i.summary for i in result.interactions] == ["b"]
    assert result.skipped == {"outside the dates": 2}
    with pytest.raises(ValidationError, match="since"):
        read_mail(box, me=ME, since=dt.datetime(2026, 1, 1))


def test_maildir_and_eml_folders(tmp_path: Path) -> None:
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    maildir.add(message(sender="ada@example.org", subject="new one", message_id="<n@x>"))
    maildir.add(message(sender=ME, to=["ada@example.org"], subject="sent", message_id="<m@x>"))
    (tmp_path / "Maildir" / "cur" / "1700000000.junk:2,S").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (tmp_path / "Maildir" / "dovecot-uidlist").write_text("3 V1 N2\n")
    result = read_mail(tmp_path / "Maildir", me=ME)
    assert sorted(i.summary for i in result.interactions) == ["new one", "sent"]
    assert len(result.errors) == 1
    emls = tmp_path / "eml"
    (emls / "sub").mkdir(parents=True)
    (emls / "a.eml").write_text(message(sender="ada@example.org", subject="a"))
    (emls / "sub" / "b.EML").write_text(message(sender="bob@example.net", subject="b"))
    (emls / "notes.txt").write_text("not mail")
    assert sorted(i.summary for i in read_mail(emls, me=ME).interactions) == ["a", "b"]


def test_a_truncated_mbox_keeps_what_was_complete(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox",
        [message(sender="ada@example.org", subject="whole"), message(sender="bob@example.net")],
    )
    data = box.read_bytes()
    box.write_bytes(data[: data.rindex(b"From: bob") + 12])
    result = read_mail(box, me=ME)
    assert [i.summary for i in result.interactions] == ["whole"]
    assert [e.field for e in result.errors] == ["Date"]


def test_what_is_not_mail_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\0\1\2 nothing here")
    with pytest.raises(ValidationError, match="at least one message"):
        read_mail(junk, me=ME)
    with pytest.raises(ValidationError, match="source"):
        read_mail(tmp_path / "missing.mbox", me=ME)


@pytest.mark.parametrize("me", [None, [], "", ["nobody"]])
def test_without_the_owner_s_address_a_capture_refuses(tmp_path: Path, me: object) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender="ada@example.org")])
    with pytest.raises(ValidationError) as raised:
        read_mail(box, me=me)  # type: ignore[arg-type]
    assert raised.value.field == "me"


def test_real_fixtures() -> None:
    mbox = read_mail(DATA / "cpython_mailbox_01.mbox", me=ME)
    assert mbox.interactions == ()
    assert mbox.errors[0].field == "From"
    digest = read_mail(DATA / "cpython_msg_02.eml", me="ppp@zzz.org")
    (only,) = digest.interactions
    assert only.summary == "Ppp digest, Vol 1 #2 - 5 msgs"
    assert only.at.isoformat() == "2001-04-20T20:18:00-04:00"


def test_bodies_are_never_read(tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender="ada@example.org", subject="s")])
    (only,) = read_mail(box, me=ME).interactions
    assert "body" not in repr(only)


def test_known_messages_are_skipped_before_parsing(tmp_path: Path) -> None:
    from relnet.interop import capture_into
    from relnet.interop.capture import stored
    from relnet.storage import InMemoryStore

    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(sender="ada@example.org", subject="old", message_id="<old@x>"),
            message(sender="ada@example.org", subject="no id"),
        ],
    )
    store = InMemoryStore()
    capture_into(store, read_mail(box, me=ME, create="all"))
    write_mbox(
        box,
        [
            message(sender="ada@example.org", subject="old", message_id="<old@x>"),
            message(sender="ada@example.org", subject="no id"),
            message(sender="ada@example.org", subject="new", message_id="<new@x>"),
        ],
    )
    newer = read_mail(box, me=ME, known=lambda i: stored(store, i))
    assert newer.skipped == {"already captured": 1}
    assert [i.summary for i in newer.interactions] == ["no id", "new"]
    report = capture_into(store, newer)
    assert len(report.interactions_added) == 1
    assert len(report.interactions_present) == 1


class _Counted(io.BytesIO):
    """Bytes that remember how far they were read when closed."""

    stopped_at = -1

    def close(self) -> None:
        self.stopped_at = self.tell()
        super().close()


def test_only_the_header_lines_of_a_message_are_read() -> None:
    """However large the body, reading a message stops at the blank line after its
    headers (a 2 GB mbox is read in constant memory)."""
    from relnet.interop.mail import _header_lines

    head = b"From: Ada <ada@example.org>\r\nSubject: hi\r\n\r\n"
    source = _Counted(head + b"body line\n" * 100_000)
    assert _header_lines(lambda: source) == head
    assert source.stopped_at == len(head)
    headless = _Counted(b"From: Ada <ada@example.org>\n")
    assert _header_lines(lambda: headless) == b"From: Ada <ada@example.org>\n"
