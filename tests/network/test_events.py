"""Logging events and reporting which ties took, on hand-built histories."""

from __future__ import annotations

import pytest

from relnet import ContactId, Engine, EventId, Reason
from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import Channel, Contact, Event, Interaction, Value
from relnet.network import ONGOING_DAYS, event_report, log_event
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, email, meeting

CONF = Event("DataConf", ago(60), id="conf")


def people() -> list[Contact]:
    return [Contact(name, id=name.lower()) for name in ("Ada", "Bo", "Cy", "Dee", "Eve")]


def test_log_event_adds_the_event_the_people_and_one_interaction() -> None:
    store = build([Contact("Ada", id="ada")])
    newcomer = Contact("Zoe", id="zoe", how_met="DataConf")
    interaction = log_event(
        store,
        CONF,
        [ContactId("ada"), newcomer],
        topics={"dbt"},
        gave=[Value.ADVICE],
        received=[Value.RESOURCE],
    )
    assert store.get_event(EventId("conf")) == CONF
    assert store.get_contact(ContactId("zoe")) == newcomer
    assert interaction.channel is Channel.EVENT
    assert interaction.participants == ("ada", "zoe")
    assert interaction.at == CONF.at
    assert interaction.summary == "DataConf"
    assert interaction.event == "conf"
    assert interaction.topics == frozenset({"dbt"})
    assert interaction.gave == (Value.ADVICE,)
    assert interaction.received == (Value.RESOURCE,)
    assert store.interactions() == [interaction]


def test_log_event_again_reuses_the_stored_event_and_contacts() -> None:
    store = build([Contact("Ada", id="ada")])
    log_event(store, CONF, [ContactId("ada")])
    stale = Contact("Ada (old card)", id="ada")
    second = log_event(store, CONF, [stale], at=ago(59), summary="Day two")
    assert second.summary == "Day two"
    assert second.at == ago(59)
    assert store.get_contact(ContactId("ada")).name == "Ada"
    third = log_event(store, EventId("conf"), ContactId("ada"), at=ago(58))
    assert third.participants == ("ada",)
    assert len(store.interactions()) == 3


def test_log_event_writes_nothing_when_it_fails() -> None:
    store = build([Contact("Ada", id="ada")])
    with pytest.raises(NotFoundError):
        log_event(store, CONF, [Contact("Zoe", id="zoe"), ContactId("nobody")])
    assert store.events() == []
    assert [c.id for c in store.contacts()] == ["ada"]
    assert store.interactions() == []
    with pytest.raises(ValidationError) as error:
        log_event(store, CONF, [])
    assert error.value.field == "participants"
    assert store.events() == []
    with pytest.raises(ValidationError):
        log_event(store, CONF, [ContactId("ada")], at=NOW.naive())
    with pytest.raises(ValidationError) as error:
        log_event(store, CONF, 42)  # type: ignore[arg-type]
    assert error.value.field == "people"
    with pytest.raises(ValidationError) as error:
        log_event(store, 42, [ContactId("ada")])  # type: ignore[arg-type]
    assert error.value.field == "event"
    with pytest.raises(NotFoundError):
        log_event(store, EventId("no-such-event"), [ContactId("ada")])
    assert store.events() == []
    assert store.interactions() == []


def test_log_event_refuses_a_different_event_with_a_stored_id() -> None:
    store = build([Contact("Ada", id="ada")], events=[CONF])
    with pytest.raises(ConflictError):
        log_event(store, Event("Other", ago(1), id="conf"), [ContactId("ada")])
    assert store.interactions() == []


def met_at_conf() -> InMemoryStore:
    """Five people met at DataConf, sixty days ago; what happened after.

    Ada: you wrote the next day and she answered: followed up, ongoing.
    Bo: you wrote twice, no answer: followed up, not ongoing (they never engaged).
    Cy: wrote to you once, you never answered: not followed up.
    Dee: a meeting the next week and a call 100 days later: followed up, not ongoing
    (only one touch in the 90 days after).
    Eve: nothing but a second session of the conference the next day: followed up (you
    met again, a mutual touch after meeting: the event_follow_up rule's test), though no
    touch after the event itself.
    """
    store = build(people(), events=[CONF])
    log_event(
        store,
        CONF,
        [ContactId("ada"), ContactId("bo"), ContactId("cy"), ContactId("dee"), ContactId("eve")],
    )
    log_event(store, CONF, [ContactId("eve")], at=ago(59), summary="Day two")
    for interaction in [
        email("ada", 59, "outbound"),
        email("ada", 58, "inbound"),
        email("bo", 59, "outbound"),
        email("bo", 50, "outbound"),
        email("cy", 55, "inbound"),
        meeting(["dee"], 53),
        Interaction(["dee"], ago(60 - ONGOING_DAYS - 5), "call"),
        meeting(["ada"], 90),  # before the event: not a follow-up
    ]:
        store.add_interaction(interaction)
    return store


def test_event_report_knows_who_got_a_follow_up_and_which_ties_took() -> None:
    report = event_report(met_at_conf(), EventId("conf"), now=NOW.add(days=60))
    assert report.event == CONF
    assert [m.contact for m in report.met] == ["ada", "bo", "cy", "dee", "eve"]
    assert report.followed_up == ("ada", "bo", "dee", "eve")
    assert report.ongoing == ("ada",)
    assert report.follow_up_rate == pytest.approx(4 / 5)
    ada, bo, cy, dee, eve = report.met
    assert ada.met_at == CONF.at
    assert ada.first_follow_up == ago(59)
    assert ada.touches_after == 2
    assert bo.touches_after == 2
    assert not bo.ongoing
    assert cy.touches_after == 1
    assert not cy.followed_up
    assert cy.first_follow_up is None
    assert dee.touches_after == 2
    assert not dee.ongoing
    assert eve.touches_after == 0
    assert eve.followed_up
    assert eve.first_follow_up == ago(59)
    assert not eve.ongoing


def test_event_report_as_of_an_earlier_now() -> None:
    report = event_report(met_at_conf(), EventId("conf"), now=ago(58, hour=0))
    assert report.followed_up == ("ada", "bo", "eve")
    assert report.ongoing == ()
    before = event_report(met_at_conf(), EventId("conf"), now=ago(61))
    assert before.met == ()
    assert before.follow_up_rate == 0.0


def test_event_report_records_and_errors() -> None:
    store = met_at_conf()
    report = event_report(store, EventId("conf"), now=NOW)
    rows = report.to_records()
    assert [r["contact"] for r in rows] == ["ada", "bo", "cy", "dee", "eve"]
    assert rows[0]["event"] == "conf"
    assert rows[0]["event_name"] == "DataConf"
    assert rows[0]["ongoing"] is True
    frame = report.to_frame()
    assert list(frame["followed_up"]) == [True, True, False, True, True]
    with pytest.raises(NotFoundError):
        event_report(store, EventId("nope"), now=NOW)


def test_event_report_counts_followed_up_as_the_agenda_does() -> None:
    """Someone met at the event is followed up in the report exactly when the agenda
    stops suggesting an event follow-up for them."""
    store = met_at_conf()
    now = ago(55)
    report = event_report(store, EventId("conf"), now=now)
    engine = Engine()
    for met in report.met:
        considered = engine.explain(store, met.contact, now=now).considered
        reasons = {c.reason for c in considered if c.status != "suppressed"}
        if met.contact == "ada":  # first met before the event: never an event follow-up
            assert Reason.EVENT_FOLLOW_UP not in reasons
            continue
        assert (Reason.EVENT_FOLLOW_UP in reasons) is not met.followed_up, met.contact
