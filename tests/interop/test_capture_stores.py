"""capture_into on every store: capturing twice is capturing once, a newer export adds
only what is new, people are matched and created as asked, and the agenda follows."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.interop import CaptureResult, capture_into
from relnet.interop.mail import read_mail
from relnet.model import Circle, Contact, Settings, epoch_us
from relnet.policy import Engine
from relnet.storage import InMemoryStore, Store
from tests.adapters.sql_stores import postgres_stores
from tests.interop.capture_archives import (
    ME,
    ME_PROFILE,
    MESSAGES_HEADER,
    calendar,
    csv_text,
    message,
    write_mbox,
    write_zip,
)

Factory = Callable[[], Store]
PEOPLE = ["ada@example.org", "bob@example.net", "carol@example.net", "dan@example.com"]
START = pendulum.datetime(2026, 1, 5, 9, tz="UTC")


@pytest.fixture(params=["memory", "jsonfile", "sqlite", "postgres"])
def make_store(request: pytest.FixtureRequest) -> Iterator[Factory]:
    """Fresh empty stores of one kind."""
    if request.param == "postgres":
        with postgres_stores() as schemas:
            yield schemas
        return
    if request.param == "memory":
        yield InMemoryStore
        return
    made: list[Any] = []
    counter = itertools.count()
    with tempfile.TemporaryDirectory() as folder:

        def factory() -> Store:
            name = Path(folder) / f"s{next(counter)}"
            store: JSONFileStore | SQLiteStore = (
                JSONFileStore(name.with_suffix(".json"))
                if request.param == "jsonfile"
                else SQLiteStore(name.with_suffix(".db"))
            )
            made.append(store)
            return store

        yield factory
        for store in made:
            store.close()


def closing(stores: contextlib.ExitStack, store: Store) -> Store:
    """``store``, closed when ``stores`` closes (if it can be)."""
    close = getattr(store, "close", None)
    if close is not None:
        stores.callback(close)
    return store


def contents(store: Store) -> tuple[Any, ...]:
    """What a capture leaves in a store, compared across stores."""
    people = sorted((c.id, c.name, c.emails, c.urls, c.circle) for c in store.contacts())
    talks = sorted(
        (
            i.id,
            i.participants,
            epoch_us(i.at),
            i.channel,
            i.direction,
            i.expects_reply,
            i.auto_reply,
            i.summary,
            i.gave,
            i.received,
        )
        for i in store.interactions()
    )
    return tuple(people), tuple(talks)


# -- sources written from drawn items -------------------------------------------------

mail_items = st.lists(
    st.tuples(
        st.integers(0, len(PEOPLE)),  # sender: 0 is me
        st.sets(st.integers(0, len(PEOPLE)), min_size=1, max_size=3),  # recipients
        st.integers(0, 60),  # day
        st.integers(0, 9),  # message id (repeats are copies)
        st.booleans(),  # auto-reply
    ),
    max_size=12,
)
event_items = st.lists(
    st.tuples(
        st.integers(0, 5),  # uid
        st.integers(0, 60),  # day
        st.sets(st.integers(1, len(PEOPLE)), min_size=1, max_size=4),
        st.integers(1, 3),  # weekly repeats
    ),
    max_size=6,
)
linkedin_items = st.lists(
    st.tuples(
        st.integers(0, 2),  # conversation
        st.integers(0, len(PEOPLE)),  # sender: 0 is me
        st.integers(0, 60),  # day
    ),
    max_size=10,
)


def address(n: int) -> str:
    return ME if n == 0 else PEOPLE[n - 1]


def profile(n: int) -> str:
    return ME_PROFILE if n == 0 else f"https://www.linkedin.com/in/{PEOPLE[n - 1].split('@')[0]}"


def mail_source(folder: Path, name: str, items: list[Any]) -> Callable[[], CaptureResult]:
    texts = []
    for sender, recipients, day, mid, auto in items:
        to = [address(r) for r in sorted(recipients) if r != sender] or [ME]
        when = START.add(days=day).format("ddd, DD MMM YYYY HH:mm:ss ZZ", locale="en")
        texts.append(
            message(
                sender=address(sender),
                to=to,
                date=when,
                subject=f"m{mid}",
                message_id=f"<{mid}@example.org>",
                extra=["Auto-Submitted: auto-replied"] if auto else [],
            )
        )
    path = write_mbox(folder / f"{name}.mbox", texts)
    return lambda: read_mail(path, me=ME)


def calendar_source(folder: Path, name: str, items: list[Any]) -> Callable[[], CaptureResult]:
    from relnet.interop.calendar import read_calendar

    events = []
    seen = set()
    for uid, day, guests, repeats in items:
        if uid in seen:
            continue
        seen.add(uid)
        start = START.add(days=day).format("YYYYMMDDTHHmmss")
        people = "\n".join(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{address(g)}" for g in guests)
        events.append(
            f"UID:u{uid}@x\nDTSTART:{start}Z\nRRULE:FREQ=WEEKLY;COUNT={repeats}\n"
            f"ORGANIZER:mailto:{ME}\nSUMMARY:e{uid}\n{people}"
        )
    path = folder / f"{name}.ics"
    path.write_text(calendar(*events), newline="")
    return lambda: read_calendar(path, me=ME, until=dt.date(2027, 1, 1))


def linkedin_source(folder: Path, name: str, items: list[Any]) -> Callable[[], CaptureResult]:
    from relnet.interop.linkedin import read_archive

    rows = []
    for conversation, sender, day in items:
        members = [0, 1 + conversation, 2 + conversation] if conversation else [0, 1]
        who = sender if sender in members else members[1]
        to = [m for m in members if m != who]
        when = START.add(days=day).format("YYYY-MM-DD HH:mm:ss") + " UTC"
        rows.append(
            (
                f"c{conversation}",
                "",
                f"P{who}",
                profile(who),
                ",".join(f"P{m}" for m in to),
                ",".join(profile(m) for m in to),
                when,
                "",
                "",
                "INBOX",
                "",
            )
        )
    path = write_zip(
        folder / f"{name}.zip", {"messages.csv": csv_text(MESSAGES_HEADER, rows).encode()}
    )
    return lambda: read_archive(path, me=ME_PROFILE)


SOURCES = {"mail": mail_source, "calendar": calendar_source, "linkedin": linkedin_source}
ITEMS = {"mail": mail_items, "calendar": event_items, "linkedin": linkedin_items}


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_capturing_twice_or_a_newer_export_is_capturing_once(
    make_store: Factory, kind: str
) -> None:
    pytest.importorskip("recurring_ical_events")

    @settings(max_examples=12, deadline=None)
    @given(items=ITEMS[kind], cut=st.integers(0, 12), create=st.sampled_from(["all", "contacted"]))
    def check(items: list[Any], cut: int, create: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            older = SOURCES[kind](Path(folder), "older", items[:cut])
            newer = SOURCES[kind](Path(folder), "newer", items)

            def read(source: Callable[[], CaptureResult]) -> CaptureResult:
                import attrs

                return attrs.evolve(source(), create=create)

            with contextlib.ExitStack() as stores:
                once, twice, grown = (closing(stores, make_store()) for _ in range(3))
                capture_into(once, read(newer))
                capture_into(twice, read(newer))
                again = capture_into(twice, read(newer))
                capture_into(grown, read(older))
                capture_into(grown, read(newer))
                assert contents(twice) == contents(once)
                assert contents(grown) == contents(once)
                assert again.interactions_added == ()
                assert again.people_added == ()
                assert len(again.interactions_present) == len(contents(once)[1])

    check()


def test_people_are_matched_by_email_and_profile_and_created_as_asked(tmp_path: Path) -> None:
    box = write_mbox(
        tmp_path / "a.mbox",
        [
            message(sender="ADA@example.org", subject="from ada"),
            message(sender="bob@example.net", subject="from bob"),
            message(sender=ME, to=["carol@example.net"], subject="to carol"),
            message(sender="dan@example.com", extra=["X-Autoreply: yes"], subject="auto"),
        ],
    )
    for create, added in (("none", []), ("contacted", ["carol@example.net"])):
        store = InMemoryStore()
        ada = store.add_contact(Contact("Ada L.", emails=["ada@example.org"]))
        report = capture_into(store, read_mail(box, me=ME, create=create))  # type: ignore[arg-type]
        assert report.people_matched == (ada.id,)
        new = [store.get_contact(i) for i in report.people_added]
        assert [c.emails[0] for c in new] == added
        assert all(c.circle is Circle.ACQUAINTANCE for c in new)
        assert report.interactions_left_out == 4 - 1 - len(added)
        assert {i.summary for i in store.interactions()} == {"from ada"} | (
            {"to carol"} if added else set()
        )
    store = InMemoryStore()
    report = capture_into(store, read_mail(box, me=ME, create="all"))
    assert len(report.people_added) == 4
    assert len(report.interactions_added) == 4


def test_a_profile_url_matches_a_stored_contact(tmp_path: Path) -> None:
    from relnet.interop.linkedin import read_archive
    from tests.interop.capture_archives import linkedin_files

    store = InMemoryStore()
    ada = store.add_contact(Contact("Ada", urls=["http://linkedin.com/in/Ada-Lovelace/"]))
    path = write_zip(tmp_path / "a.zip", linkedin_files())
    report = capture_into(store, read_archive(path, me=ME_PROFILE, create="none"))
    assert report.people_matched == (ada.id,)
    assert all(i.participants == (ada.id,) for i in store.interactions())
    assert len(report.interactions_added) == 5


def test_a_failing_store_writes_nothing(tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender=ME, to=["ada@example.org"])])
    path = tmp_path / "s.db"
    store = SQLiteStore(path)
    try:
        result = read_mail(box, me=ME)
        broken = CaptureResult(
            contacts=result.contacts,
            interactions=[*result.interactions, result.interactions[0]],
            create="all",
        )
        capture_into(store, broken)
        assert len(store.interactions()) == 1

        class BoomError(Exception):
            pass

        def explode(_: int) -> None:
            raise BoomError

        other = read_mail(
            write_mbox(tmp_path / "b.mbox", [message(sender=ME, to=["bob@example.net"])]),
            me=ME,
        )
        with pytest.raises(BoomError):
            capture_into(store, other, advance=explode)
        assert len(store.contacts()) == 1
        assert len(store.interactions()) == 1
    finally:
        store.close()


def test_a_dry_run_reports_the_same_and_writes_nothing(tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "a.mbox", [message(sender=ME, to=["ada@example.org"])])
    dry, real = InMemoryStore(), InMemoryStore()
    result = read_mail(box, me=ME)
    assert capture_into(dry, result, dry_run=True) == capture_into(real, result)
    assert dry.contacts() == []
    assert dry.interactions() == []


def test_the_agenda_follows_a_capture(tmp_path: Path) -> None:
    engine = Engine()
    now = pendulum.datetime(2026, 3, 3, 12, tz="Europe/Paris")
    store = InMemoryStore()
    store.set_settings(Settings(timezone="Europe/Paris", me=[ME]))
    asked = write_mbox(
        tmp_path / "in.mbox",
        [
            message(
                sender="Ada <ada@example.org>",
                date="Mon, 2 Mar 2026 09:00:00 +0100",
                message_id="<ask@x>",
                subject="Can we talk?",
            )
        ],
    )
    capture_into(store, read_mail(asked, me=store.get_settings().me, create="all"))
    reasons = [(item.name, item.reason.value) for item in engine.agenda(store, now=now)]
    assert ("Ada", "reply_owed") in reasons
    replied = write_mbox(
        tmp_path / "out.mbox",
        [
            message(
                sender="Ada <ada@example.org>",
                date="Mon, 2 Mar 2026 09:00:00 +0100",
                message_id="<ask@x>",
                subject="Can we talk?",
            ),
            message(
                sender=ME,
                to=["ada@example.org"],
                date="Mon, 2 Mar 2026 18:00:00 +0100",
                message_id="<answer@x>",
                subject="Re: Can we talk?",
            ),
        ],
    )
    report = capture_into(store, read_mail(replied, me=ME))
    assert len(report.interactions_added) == 1
    assert len(report.interactions_present) == 1
    reasons = [(item.name, item.reason.value) for item in engine.agenda(store, now=now)]
    assert ("Ada", "reply_owed") not in reasons


def test_a_planned_meeting_from_a_calendar_quiets_a_nudge(tmp_path: Path) -> None:
    pytest.importorskip("recurring_ical_events")
    from relnet.interop.calendar import read_calendar

    engine = Engine()
    now = pendulum.datetime(2026, 3, 20, 12, tz="UTC")
    store = InMemoryStore()
    store.set_settings(Settings(timezone="UTC"))
    ask = write_mbox(
        tmp_path / "ask.mbox",
        [
            message(
                sender=ME,
                to=["ada@example.org"],
                date="Mon, 2 Mar 2026 09:00:00 +0000",
                subject="Shall we?",
                message_id="<ask@x>",
            )
        ],
    )
    result = read_mail(ask, me=ME)
    import attrs

    asked = attrs.evolve(
        result,
        interactions=[attrs.evolve(i, expects_reply=True) for i in result.interactions],
    )
    capture_into(store, asked)
    assert [i.reason.value for i in engine.agenda(store, now=now)] == ["nudge"]
    meeting = tmp_path / "m.ics"
    meeting.write_text(
        calendar(
            f"UID:m@x\nDTSTART:20260325T100000Z\nORGANIZER:mailto:{ME}\n"
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.org"
        ),
        newline="",
    )
    report = capture_into(store, read_calendar(meeting, me=ME, until=dt.date(2026, 12, 31)))
    assert report.people_matched
    assert report.interactions_added
    assert [i.reason.value for i in engine.agenda(store, now=now)] == []


def test_a_person_left_out_before_joins_the_interaction_once_they_are_a_contact(
    tmp_path: Path,
) -> None:
    """An older export names Dan only in a group message he sent (not contacted: not
    created); once a newer export has you writing to him, he is a contact and joins
    that stored message, as if the newer export had been captured alone."""
    older_items = [(0, 0, 0), (1, 0, 0), (2, 4, 0)]
    newer_items = [*older_items, (2, 0, 1)]
    older = linkedin_source(tmp_path, "older", older_items)
    newer = linkedin_source(tmp_path, "newer", newer_items)
    once, grown = InMemoryStore(), InMemoryStore()
    capture_into(once, newer())
    first = capture_into(grown, older())
    again = capture_into(grown, newer())
    assert contents(grown) == contents(once)
    assert again.people_added
    assert not set(again.people_added) & set(first.people_added)
    assert again.interactions_added
    assert again.interactions_present
