"""The card of a contact (:func:`relnet.editing.contact_card`) as of a given instant."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from relnet import Channel, Contact, InMemoryStore, Interaction, Settings
from relnet.editing import contact_card


def test_the_card_keeps_the_interactions_up_to_now() -> None:
    store = InMemoryStore(settings=Settings(timezone="Europe/Paris"))
    ada = store.add_contact(Contact("Ada Lovelace", id="ada"))
    for minutes in (0, 45, 75, 120):
        at = dt.datetime(2024, 3, 31, 0, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
        store.add_interaction(Interaction([ada.id], at, Channel.CALL))
    # 02:30 does not exist in Paris that night: the standard library reads it at 01:30 UTC.
    now = dt.datetime(2024, 3, 31, 2, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    card = contact_card(store, ada.id, now=now)
    assert sorted(i.at.astimezone(dt.UTC).strftime("%H:%M") for i in card.recent) == [
        "00:00",
        "00:45",
        "01:15",
    ]
