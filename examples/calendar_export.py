"""Put the coming week's follow-ups in your calendar, as an ``.ics`` file.

Run it with ``python examples/calendar_export.py [follow-ups.ics]`` (needs
``relnet[ical]``). Without an argument the file goes to a temporary folder that is
removed afterwards. The network is a small one made up below, and the clock is fixed,
so the output is always the same. Import the file into Google Calendar,
Apple Calendar or Outlook; importing a newer one updates the events instead of
duplicating them, since each event's UID names the contact and the reason.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import icalendar
import pendulum

from relnet import (
    Commitment,
    Contact,
    Engine,
    InMemoryStore,
    Interaction,
    MonthDay,
    Settings,
    Store,
)
from relnet.interop.ical import to_ical

ZONE = "Europe/London"
NOW = pendulum.datetime(2026, 11, 25, 9, tz=ZONE)  # a Wednesday


def day(month: int, number: int, hour: int = 12, year: int = 2026) -> pendulum.DateTime:
    return pendulum.datetime(year, month, number, hour, tz=ZONE)


def sample_network() -> Store:
    """A few people with something coming up this week, one overdue, one far away."""
    store = InMemoryStore(Settings(timezone=ZONE, reminder_time="08:30"))
    people = [
        Contact("Ada Lovelace", id="ada", circle="close"),
        Contact("Bo Chen", id="bo", birthday=MonthDay(11, 29)),
        Contact("Cy Dunn", id="cy", circle="active"),
        Contact("Dee Park", id="dee"),
        Contact("Eve Okafor", id="eve"),
        Contact("Finn Weber", id="finn"),
        Contact("Grace Hopper", id="grace"),
        Contact("Hal Abbott", id="hal", circle="inner"),
        Contact("Jo Silva", id="jo"),
    ]
    for person in people:
        store.add_contact(person)
    for interaction in [
        Interaction(["ada"], day(10, 28), "video"),  # monthly: due 28 November
        Interaction(["bo"], day(6, 2), "call"),
        Interaction(["cy"], day(8, 30), "meeting"),  # quarterly: due 30 November
        Interaction(["eve"], day(11, 17), "intro", direction="inbound", introduced_by="dee"),
        Interaction(["eve"], day(11, 18), "email", direction="outbound"),
        Interaction(["finn"], day(11, 20), "email", direction="outbound", expects_reply=True),
        Interaction(["grace"], day(11, 10), "meeting"),
        Interaction(["hal"], day(11, 10), "call"),  # weekly: overdue since 17 November
        Interaction(["jo"], day(12, 20, year=2025), "meeting"),  # yearly: due 20 December
    ]:
        store.add_interaction(interaction)
    store.add_commitment(Commitment("grace", "the slides", pendulum.date(2026, 11, 27)))
    return store


def export(path: Path) -> None:
    store = sample_network()
    follow_ups = Engine().follow_ups(store, now=NOW)
    today = store.get_settings().today(NOW)
    week = [item for item in follow_ups if today <= item.due < today.add(days=7)]
    overdue = sum(1 for item in follow_ups if item.due < today)

    path.write_bytes(to_ical(week, store, alarm_minutes=30))
    print(f"{len(week)} follow-ups due from {today} to {today.add(days=6)} written to {path.name}")
    later = sum(1 for item in follow_ups if item.due >= today.add(days=7))
    print(f"Left out: {overdue} overdue (today's agenda has them), {later} due later.\n")

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(week)
    for event in events:
        start = event.decoded("dtstart")
        print(f"{start:%a %d %b %H:%M %Z}  {event['summary']}  <{event['uid']}>")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        export(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            export(Path(folder) / "follow-ups.ics")
