"""The planner reads what rules declare, never which class they are: a user's copy of a
built-in rule gets the same shortcuts and the same agenda; a rule that declares nothing
is asked about every contact; and every planned agenda equals full evaluation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Contact, ContactId, Engine, InMemoryStore, Interaction, Reason, Settings
from relnet.errors import ValidationError
from relnet.model import ContactView
from relnet.model import Settings as SettingsType
from relnet.policy import (
    Candidate,
    Context,
    DeclaredRule,
    KeepInTouch,
    Planning,
    Proposal,
    QuietTest,
    Rule,
    RuleSet,
    default_rules,
    planning_of,
)
from relnet.policy.dates import LocalTime
from relnet.storage import ContactFacts
from tests.policy.test_engine_properties import Network, networks
from tests.policy.test_engine_quiet import rule_sets

# What a rule may read of a contact: both a whole contact and a store's facts are one
# (mypy checks these assignments).
_ADA = Contact("Ada Lovelace", id="ada")
_WHOLE: ContactView = _ADA
_FACTS: ContactView = ContactFacts.of(_ADA)


class Counted:
    """Counts the contacts a rule is asked about."""

    def __init__(self, rule: Any) -> None:
        self.rule = rule
        self.name = rule.name
        self.asked: list[ContactId] = []
        self.kinds: set[type] = set()

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        self.asked.append(context.contact.id)
        self.kinds.add(type(context.contact))
        found: Iterable[Candidate] = self.rule.evaluate(context)
        return found


class Undeclared(Counted):
    """A rule that declares nothing: only a name and ``evaluate``."""


class Copy(Counted):
    """A user's own rule class (no built-in base) declaring what a built-in declares,
    with the built-in's condition behind it."""

    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        plan = planning_of(rule)
        self.proposes = plan.proposes
        self.reads_only_facts = plan.reads_only_facts
        self.wakes_too = plan.wakes is not None

    def quiet(self, today: dt.date, clock: LocalTime, settings: SettingsType) -> QuietTest:
        test: QuietTest = self.rule.quiet(today, clock, settings)
        return test

    def __getattr__(self, name: str) -> Any:
        # ``wakes`` exactly when the built-in has it.
        if name == "wakes" and self.__dict__.get("wakes_too"):
            return self.rule.wakes
        raise AttributeError(name)


class FactStore(InMemoryStore):
    """An in-memory store that also lists contact facts, as the SQL stores do."""

    def contact_facts(self, contacts: Iterable[ContactId] | None = None) -> list[ContactFacts]:
        people = self.contacts(include_archived=False)
        wanted = None if contacts is None else set(contacts)
        return sorted(
            (
                ContactFacts.of(c)
                for c in people
                if c.reachable and (wanted is None or c.id in wanted)
            ),
            key=lambda f: f.id,
        )


def fact_store(network: Network) -> FactStore:
    return FactStore.from_records(  # type: ignore[return-value]
        settings=network.settings,
        contacts=network.contacts,
        interactions=network.interactions,
        commitments=network.commitments,
        goals=network.goals,
    )


def crowd() -> tuple[FactStore, pendulum.DateTime]:
    """Forty people; one wrote and waits for an answer, the others are quiet."""
    now = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    store = FactStore(Settings(timezone="Europe/London", daily_capacity=1))
    for number in range(40):
        store.add_contact(Contact(f"Person {number:02}", id=f"p{number:02}", circle="close"))
        store.add_interaction(Interaction([f"p{number:02}"], now.subtract(days=10), "call"))
    store.add_interaction(
        Interaction(["p07"], now.subtract(days=1), "email", direction="inbound", expects_reply=True)
    )
    return store, now


def test_a_user_copy_of_the_built_in_rules_gets_their_shortcuts_and_their_agenda() -> None:
    store, now = crowd()
    rules = default_rules()
    copies = [Copy(rule) for rule in rules]
    built_in = Engine(rules=rules).agenda(store, now=now)
    copied = Engine(rules=copies, scoring=rules.scoring).agenda(store, now=now)
    assert copied.items == built_in.items
    assert [(i.contact, i.reason) for i in copied] == [("p07", Reason.REPLY_OWED)]
    # The must-do item fills the day: only the contact that woke a must-do rule is
    # asked, and the rules read the store's facts, not whole contacts.
    assert {person for copy in copies for person in copy.asked} == {"p07"}
    assert {kind for copy in copies for kind in copy.kinds} == {ContactFacts}


def test_a_rule_that_declares_nothing_is_asked_about_every_contact() -> None:
    store, now = crowd()
    rules = default_rules()
    opaque = [Undeclared(rule) for rule in rules]
    agenda = Engine(rules=opaque, scoring=rules.scoring).agenda(store, now=now)
    assert agenda.items == Engine(rules=rules).agenda(store, now=now).items
    everyone = sorted(c.id for c in store.contacts())
    for rule in opaque:
        assert sorted(rule.asked) == everyone, rule.name
        assert rule.kinds == {Contact}


def test_one_undeclared_rule_turns_every_shortcut_off() -> None:
    store, now = crowd()
    rules = default_rules()
    copies: list[Any] = [Copy(rule) for rule in rules]
    extra = Undeclared(KeepInTouch(name="extra"))
    Engine(rules=[*copies, extra], scoring=rules.scoring).agenda(store, now=now)
    everyone = sorted(c.id for c in store.contacts())
    for rule in [*copies, extra]:
        assert sorted(rule.asked) == everyone, rule.name
        assert rule.kinds == {Contact}


@given(networks(), rule_sets(), st.none() | st.integers(0, 6))
def test_the_planned_agenda_equals_full_evaluation(
    network: Network, rules: RuleSet, capacity: int | None
) -> None:
    """The oracle: built-in rules, user copies of them and undeclared wrappers (every
    rule evaluated for every contact) give the same items, order and texts, from a
    store that sieves summaries and lists facts."""
    store = fact_store(network)
    full = Engine(rules=[Undeclared(r) for r in rules], scoring=rules.scoring)
    expected = full.agenda(store, now=network.now, capacity=capacity).items
    assert Engine(rules=rules).agenda(store, now=network.now, capacity=capacity).items == (expected)
    copies = Engine(rules=[Copy(r) for r in rules], scoring=rules.scoring)
    assert copies.agenda(store, now=network.now, capacity=capacity).items == expected


def test_planning_of_reads_declarations_with_safe_defaults() -> None:
    class Bare:
        name = "bare"

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ()

    assert planning_of(Bare()) == Planning()
    assert Planning().may_be_must_do
    assert not Planning(proposes=frozenset({Reason.NUDGE})).may_be_must_do
    assert Planning(proposes=frozenset({Reason.NUDGE, Reason.PROMISE})).may_be_must_do
    declared = planning_of(default_rules().get("reply_owed"))
    assert declared.proposes == frozenset({Reason.REPLY_OWED})
    assert declared.reads_only_facts
    assert declared.quiet is not None
    assert declared.wakes is not None
    assert planning_of(KeepInTouch()).wakes is None


def test_a_subclass_that_changes_evaluate_loses_the_declarations_it_does_not_restate() -> None:
    class Daily(KeepInTouch):
        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ()

    class Restated(KeepInTouch):
        proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.KEEP_IN_TOUCH})

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ()

    assert planning_of(Daily()) == Planning()
    assert planning_of(Restated()) == Planning(proposes=frozenset({Reason.KEEP_IN_TOUCH}))
    assert isinstance(KeepInTouch(), DeclaredRule)


@pytest.mark.parametrize("proposes", [{"nudge"}, ["nudge"], frozenset({1})])
def test_a_bad_proposes_is_named(proposes: Any) -> None:
    class Odd:
        name = "odd"

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ()

    rule = Odd()
    rule.proposes = proposes  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="rule 'odd' proposes"):
        planning_of(rule)


def test_a_rule_proposing_a_reason_it_did_not_declare_is_named() -> None:
    class Liar:
        name = "liar"
        proposes: ClassVar[frozenset[Reason]] = frozenset({Reason.NUDGE})

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return (Proposal(Reason.REPLY_OWED, context.today, 10.0, "Now."),)

    store = InMemoryStore(Settings(timezone="UTC"))
    store.add_contact(Contact("Ada Lovelace", id="ada"))
    rules: Sequence[Rule] = [Liar()]
    with pytest.raises(ValidationError, match="rule 'liar'"):
        Engine(rules=rules).follow_ups(store, now=pendulum.datetime(2026, 3, 2, tz="UTC"))
