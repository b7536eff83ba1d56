"""relnet in a few lines: a small network in memory, and what it says about it."""

from __future__ import annotations

import pendulum

from relnet import (
    Cadence,
    Channel,
    Circle,
    Contact,
    Direction,
    InMemoryStore,
    Interaction,
    Settings,
)
from relnet.serialization import dump_store

now = pendulum.datetime(2026, 11, 25, 9, 30, tz="Europe/London")
store = InMemoryStore(settings=Settings(timezone="Europe/London"))

ada = store.add_contact(Contact("Ada Lovelace", circle=Circle.CLOSE, interests={"engines"}))
bo = store.add_contact(Contact("Bo Chen", cadence=Cadence.weeks(6), tags={"data"}))

store.add_interaction(
    Interaction([ada.id], now.subtract(days=47), Channel.MEETING, summary="Coffee")
)
store.add_interaction(
    Interaction([bo.id], now.subtract(days=2), Channel.EMAIL, direction=Direction.INBOUND)
)

for contact in store.contacts():
    history = store.interactions(contact=contact.id)
    last = history[-1].at.in_timezone("Europe/London") if history else None
    print(f"{contact.name:<14} circle={contact.circle.value:<8} last touch: {last:%Y-%m-%d}")
print(f"The whole network as a document: {len(dump_store(store))} characters of JSON")
