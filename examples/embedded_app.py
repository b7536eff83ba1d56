"""An application that embeds relnet: its own clock, its own store, a daily digest.

Run it with ``python examples/embedded_app.py``. ``Assistant`` is the part of an app
(a personal CRM, a chat bot) that deals with relationships: it logs what the user tells
it at the clock's "now" and writes a digest each morning. relnet never reads the clock;
the app decides where "now" comes from. In production that is
``SystemClock("Europe/London")``; here a ``FixedClock`` walks through four days of a
week, so the output is always the same. The store is a SQLite file in a temporary
folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pendulum

from relnet import Commitment, Contact, Engine, Interaction, Profile, Settings, Store
from relnet.adapters.sqlite import SQLiteStore
from relnet.clock import Clock, FixedClock
from relnet.policy import draft


class Assistant:
    """Logs the user's networking as it happens and says what to do each day."""

    def __init__(self, store: Store, clock: Clock, engine: Engine | None = None) -> None:
        self.store = store
        self.clock = clock
        self.engine = engine or Engine()

    # -- what the user tells the app ---------------------------------------------------

    def add_person(self, name: str, **fields: object) -> Contact:
        return self.store.add_contact(Contact(name, created_at=self.clock.now(), **fields))

    def met(self, person: Contact, *, about: str = "") -> None:
        self._log(person, "meeting", topics={about} if about else set())

    def heard_from(self, person: Contact, *, about: str = "") -> None:
        self._log(person, "email", direction="inbound", topics={about} if about else set())

    def wrote_to(self, person: Contact, *, ask: bool = False) -> None:
        self._log(person, "email", direction="outbound", expects_reply=ask)

    def promised(self, person: Contact, what: str, *, days: int) -> None:
        due = self.clock.now().in_timezone(self._zone()).date().add(days=days)
        self.store.add_commitment(Commitment(person.id, what, due))

    def kept_promises(self, person: Contact) -> None:
        today = self.clock.now().in_timezone(self._zone()).date()
        for promise in self.store.commitments(contact=person.id, open_only=True):
            self.store.update_commitment(attrs.evolve(promise, done_on=today))

    def _log(self, person: Contact, channel: str, **details: object) -> None:
        self.store.add_interaction(Interaction([person.id], self.clock.now(), channel, **details))

    def _zone(self) -> str:
        return self.store.get_settings().timezone

    # -- what the app tells the user ---------------------------------------------------

    def digest(self) -> str:
        """This morning's agenda as a message, with a draft for the first item."""
        agenda = self.engine.agenda(self.store, now=self.clock.now())
        day = agenda.today.format("dddd D MMMM")
        if not agenda:
            return f"{day}: nothing to do today. Enjoy!"
        lines = [f"{day}: {len(agenda)} thing{'s' if len(agenda) > 1 else ''} to do"]
        for item in agenda:
            mark = "!" if item.must_do else "-"
            lines.append(f" {mark} {item.text}")
        lines.append("   A draft for the first one:")
        for line in draft(agenda[0], self.store).splitlines():
            lines.append(f"   | {line}".rstrip())
        return "\n".join(lines)


def main(folder: Path) -> None:
    clock = FixedClock(pendulum.datetime(2026, 11, 2, 9, tz="Europe/London"))  # a Monday
    with SQLiteStore(folder / "network.db") as store:
        store.set_settings(Settings(timezone="Europe/London", daily_capacity=3))
        store.set_profile(Profile(name="Sam Rivera"))
        app = Assistant(store, clock)

        # Last week, as the user logged it.
        ada = app.add_person("Ada Lovelace", circle="close", roles={"mentor"})
        bo = app.add_person("Bo Chen")
        grace = app.add_person("Grace Hopper")
        clock.set(pendulum.datetime(2026, 11, 16, 12, 30, tz="Europe/London"))
        app.met(grace, about="compilers")
        app.promised(grace, "a copy of my slides", days=4)
        clock.advance(days=1, hours=4)
        app.heard_from(bo, about="our data contract")
        app.wrote_to(ada, ask=True)  # asked Ada for a reference

        clock.set(pendulum.datetime(2026, 11, 18, 8, tz="Europe/London"))  # Wednesday
        print(app.digest())
        app.wrote_to(grace)  # the thank-you
        app.wrote_to(bo)  # the answer

        clock.advance(days=1)  # Thursday: the promise comes up
        thursday = app.digest()
        print(thursday)
        assert "Keep your promise to Grace Hopper" in thursday, thursday
        assert "Bo Chen" not in thursday, "Bo was answered on Wednesday"
        app.kept_promises(grace)

        clock.advance(days=6)  # the next Wednesday: Ada has not answered
        wednesday = app.digest()
        print(wednesday)
        assert "Nudge Ada Lovelace" in wednesday, wednesday


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        main(Path(tmp))
