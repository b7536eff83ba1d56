"""The exchange ledger, who owes whom, and what to offer."""

from __future__ import annotations

import pytest

from relnet import ContactId
from relnet.errors import NotFoundError
from relnet.model import Contact, Interaction, Profile, Settings, Value
from relnet.network import (
    Balance,
    BalanceState,
    Flow,
    givers_and_takers,
    ledger,
    offers,
)
from relnet.storage import InMemoryStore
from tests.network.builders import NOW, ago, build, email, meeting


def network() -> InMemoryStore:
    """Ada helped you three times this year and got one thing back: you owe her.

    You gave Bo four times and got one: you have been generous. Cy: one each way,
    balanced. Dee (archived) helped you, but is left out. Eve helped you long ago.
    """
    return build(
        [
            Contact("Ada", id="ada", interests={"Python", "chess", "databases"}),
            Contact("Bo", id="bo"),
            Contact("Cy", id="cy"),
            Contact("Dee", id="dee", status="archived"),
            Contact("Eve", id="eve"),
            Contact("Fay", id="fay"),
        ],
        [
            meeting(["ada"], 200, received=["advice"], summary="Career chat"),
            Interaction(["fay"], ago(150), "intro", direction="inbound", introduced_by="ada"),
            email("ada", 100, "inbound", received=["resource", "resource"]),
            meeting(["ada"], 20, gave=["feedback"], received=["advice"]),
            *(email("bo", d, "outbound", gave=["resource"]) for d in (10, 20, 30, 40)),
            email("bo", 50, "inbound", received=["feedback"]),
            meeting(["cy"], 5, gave=["advice"]),
            meeting(["cy"], 6, received=["advice"]),
            meeting(["dee"], 5, received=["opportunity"]),
            meeting(["eve"], 400, received=["referral"]),
            Interaction(["ada"], NOW.add(days=1), "meeting", received=["advice"]),  # planned
        ],
        profile=Profile(expertise={"python", "Data Engineering", " Chess "}),
    )


def test_ledger_lists_every_exchange_with_totals() -> None:
    book = ledger(network(), ContactId("ada"), now=NOW)
    assert book.contact == "ada"
    assert book.name == "Ada"
    assert [(e.date.isoformat(), e.flow, e.values) for e in book.entries] == [
        ("2025-08-13", Flow.RECEIVED, (Value.ADVICE,)),
        ("2025-10-02", Flow.RECEIVED, (Value.INTRO,)),  # she introduced you to Fay
        ("2025-11-21", Flow.RECEIVED, (Value.RESOURCE,)),
        ("2026-02-09", Flow.GAVE, (Value.FEEDBACK,)),
        ("2026-02-09", Flow.RECEIVED, (Value.ADVICE,)),
    ]
    assert book.entries[0].summary == "Career chat"
    assert book.entries[0].at == ago(200)
    assert dict(book.received) == {Value.ADVICE: 2, Value.INTRO: 1, Value.RESOURCE: 1}
    assert dict(book.gave) == {Value.FEEDBACK: 1}
    assert (book.given_count, book.received_count) == (1, 4)
    rows = book.to_records()
    assert rows[1]["values"] == ["intro"]
    assert rows[1]["flow"] == "received"
    assert rows[1]["contact"] == "ada"
    assert list(book.to_frame()["flow"]).count("gave") == 1


def test_outbound_intros_count_as_given_to_both() -> None:
    store = build(
        [Contact("Ada", id="ada"), Contact("Bo", id="bo")],
        [Interaction(["ada", "bo"], ago(3), "intro", direction="outbound")],
    )
    for person in (ContactId("ada"), ContactId("bo")):
        book = ledger(store, person, now=NOW)
        assert [(e.flow, e.values) for e in book.entries] == [(Flow.GAVE, (Value.INTRO,))]


def test_givers_and_takers() -> None:
    balances = givers_and_takers(network(), now=NOW)
    assert [(b.contact, b.state) for b in balances] == [
        ("ada", BalanceState.OWE),
        ("bo", BalanceState.GIVEN),
    ]
    ada, bo = balances
    assert (ada.gave, ada.received, ada.net) == (1, 4, 3)
    assert (bo.gave, bo.received, bo.net) == (4, 1, -3)
    assert (bo.lifetime_gave, bo.lifetime_received) == (4, 1)
    assert ada.explanation == (
        "Ada helped you 4× in the last year and you gave 1×: offer something back."
    )
    assert bo.explanation.startswith("You gave Bo 4× in the last year")
    assert [r["state"] for r in [b.to_record() for b in balances]] == ["owe", "given"]


def test_the_year_is_365_local_days_ending_today() -> None:
    paris = Settings(timezone="Europe/Paris")
    now = NOW.replace(hour=23, minute=30)  # already the next day in Paris
    first_day = ago(364).replace(hour=23, minute=30)  # 2025-03-02 00:30 in Paris
    store = build(
        [Contact("Ada", id="ada")],
        [Interaction(["ada"], first_day, "meeting", received=["advice"])],
        settings=paris,
    )
    assert [b.received for b in givers_and_takers(store, now=now)] == [1]
    assert givers_and_takers(store, now=now.add(days=1)) == []


def test_owing_is_ranked_most_owed_first_then_by_name() -> None:
    store = build(
        [Contact(name, id=name.lower()) for name in ("Zed", "Amy", "Max")],
        [
            meeting(["zed"], 1, received=["advice"]),
            meeting(["amy"], 1, received=["advice"]),
            meeting(["max"], 1, received=["advice"]),
            meeting(["max"], 2, received=["advice"]),
        ],
    )
    assert [b.contact for b in givers_and_takers(store, now=NOW)] == ["max", "amy", "zed"]


def test_offers_expertise_first_then_interests_then_in_kind() -> None:
    suggestions = offers(network(), ContactId("ada"), now=NOW)
    assert suggestions[:2] == [
        "Share your expertise in Chess: Ada is interested in it.",
        "Share your expertise in python: Ada is interested in it.",
    ]
    assert suggestions[2] == "Send Ada an article, a talk or an event about databases."
    generic = suggestions[3:]
    assert len(generic) == len(Value)
    # In kind first: advice (twice this year), then intro and resource (once each, in
    # the enum's order), then the rest.
    assert generic[0].startswith("Offer advice")
    assert generic[1].startswith("Introduce Ada")
    assert generic[2].startswith("Share a resource")
    assert generic[3].startswith("Refer Ada")


def test_offers_without_interests_or_expertise_are_generic() -> None:
    store = build([Contact("Bo", id="bo")])
    suggestions = offers(store, ContactId("bo"), now=NOW)
    assert len(suggestions) == len(Value)
    assert suggestions[0] == "Offer advice or a second opinion on what Bo is working on."


def test_unknown_contacts_raise() -> None:
    store = network()
    with pytest.raises(NotFoundError):
        ledger(store, ContactId("nobody"), now=NOW)
    with pytest.raises(NotFoundError):
        offers(store, ContactId("nobody"), now=NOW)


def test_balance_is_a_value() -> None:
    balance = Balance(ContactId("ada"), "Ada", BalanceState.OWE, 0, 1, 0, 1)
    assert balance.net == 1
    assert balance == Balance(ContactId("ada"), "Ada", BalanceState.OWE, 0, 1, 0, 1)
