"""relnet in 30 lines: a network in memory, what happened, and today's agenda.

Run it with ``python examples/quickstart.py``. The clock is fixed, so it always prints
the same agenda.
"""

import pendulum

from relnet import Commitment, Contact, Engine, InMemoryStore, Interaction, Settings

now = pendulum.datetime(2026, 11, 25, 9, tz="Europe/London")  # a Wednesday morning
store = InMemoryStore(Settings(timezone="Europe/London"))

store.add_contact(Contact("Ada Lovelace", id="ada", circle="close", roles={"mentor"}))
store.add_contact(Contact("Grace Hopper", id="grace"))
store.add_contact(Contact("Bo Chen", id="bo"))

# A coffee with Grace yesterday, Bo's email on Monday, and Ada's advice in October.
store.add_interaction(Interaction(["grace"], now.subtract(hours=18), "meeting"))
store.add_interaction(Interaction(["bo"], now.subtract(days=2), "email", direction="inbound"))
store.add_interaction(Interaction(["ada"], now.subtract(days=28), "video", received=["advice"]))
store.add_commitment(Commitment("grace", "the slides", now.date().add(days=1)))

agenda = Engine().agenda(store, now=now)
print(agenda.title)
for number, item in enumerate(agenda, 1):
    also = f" Also: {', '.join(item.also)}." if item.also else ""
    print(f"{number}. [{item.reason}] {item.text}{also}")
