"""Tuning the rules, writing new ones, and stores without native summaries."""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pytest

from relnet import (
    Cadence,
    Channel,
    Circle,
    Contact,
    ContactId,
    ContactStatus,
    Engine,
    MonthDay,
    Party,
    Reason,
    Role,
    Rule,
    ValidationError,
    Value,
    default_rules,
)
from relnet.policy import (
    BASES,
    OVERRIDES,
    Candidate,
    Context,
    KeepInTouch,
    Nudge,
    Proposal,
    RuleSet,
    Scoring,
    Suppression,
)
from relnet.storage import SummarySource
from tests.policy.engine_helpers import (
    PlainStore,
    at,
    context,
    day,
    email_in,
    email_out,
    goal,
    log,
    only,
    person,
    promise,
    run,
    store,
)

NOW = at(2026, 11, 25, 9, 30)
NAMES = [
    "reply_owed",
    "thank_you",
    "promise",
    "event_follow_up",
    "intro_loop",
    "mentor_loop",
    "nudge",
    "check_in",
    "keep_in_touch",
    "birthday",
]


def test_the_default_rules_are_the_policys_in_order() -> None:
    rules = default_rules()
    assert [r.name for r in rules] == NAMES
    assert all(isinstance(r, Rule) for r in rules)
    assert dict(rules.bases()) == dict(BASES)
    assert rules.scoring == Scoring()
    assert [r.name for r in Engine().rules] == NAMES


def test_every_override_is_accepted_at_its_default() -> None:
    assert default_rules(**OVERRIDES) == default_rules()


def test_unknown_overrides_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        default_rules(intro_dayz=10)
    assert caught.value.field == "intro_dayz"
    assert "intro_days" in caught.value.expected


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"intro_days": -1}, "intro_days"),
        ({"intro_days": 1.5}, "intro_days"),
        ({"reply_drop_days": True}, "reply_drop_days"),
        ({"bases": {"nope": 1}}, "bases"),
        ({"bases": {"nudge": 0}}, "bases.nudge"),
        ({"bases": [1, 2]}, "bases"),
        ({"cadences": {"closest": Cadence.weeks(1)}}, "cadences"),
        ({"cadences": {"close": "sometimes"}}, "cadences.close"),
        ({"multipliers": {"close": -1}}, "multipliers.close"),
        ({"nudge_gaps": ()}, "nudge_gaps"),
        ({"nudge_gaps": "5"}, "nudge_gaps"),
        ({"nudge_stop": 0}, "nudge_stop"),
        ({"backoff_floor": 3}, "backoff_floor"),
        ({"reciprocity_boost": float("nan")}, "reciprocity_boost"),
        ({"reciprocity_days": 0}, "reciprocity_days"),
        ({"goal_boost": -0.1}, "goal_boost"),
        ({"urgency_ratio": 0.5}, "urgency_ratio"),
        ({"urgency_days": 0}, "urgency_days"),
    ],
)
def test_bad_numbers_are_refused_naming_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        default_rules(**overrides)
    assert caught.value.field == field


def test_overrides_change_the_numbers() -> None:
    rules = default_rules(
        intro_days=10,
        bases={"nudge": 65, Reason.RECONNECT: 55},
        cadences={"close": "every 2 weeks", Circle.ACQUAINTANCE: Cadence.years(2)},
        multipliers={"close": 2},
        nudge_gaps=3,
        backoff_floor="6 weeks",
        reciprocity_boost=1.5,
    )
    assert rules.get("intro_loop").days == 10  # type: ignore[attr-defined]
    assert rules.bases()[Reason.NUDGE] == 65
    assert rules.bases()[Reason.RECONNECT] == 55
    keep = rules.get("keep_in_touch")
    assert isinstance(keep, KeepInTouch)
    assert keep.cadences[Circle.CLOSE] == Cadence.weeks(2)
    assert keep.cadences[Circle.ACQUAINTANCE] == Cadence.years(2)
    assert keep.cadences[Circle.INNER] == Cadence.weeks(1)
    assert keep.backoff_floor == Cadence.weeks(6)
    assert rules.scoring.multipliers[Circle.CLOSE] == 2.0
    assert rules.scoring.multipliers[Circle.INNER] == 1.5
    nudge = rules.get("nudge")
    assert isinstance(nudge, Nudge)
    assert nudge.gaps == (3,)


def test_tuned_rules_drive_the_engine() -> None:
    s = store()
    person(s, circle=Circle.CLOSE)
    log(s, "ada", at(2026, 11, 1), Channel.MEETING, received=[Value.ADVICE])
    engine = Engine(rules=default_rules(cadences={"close": "every 2 weeks"}, reciprocity_boost=1.5))
    item = engine.next_follow_up(s, ContactId("ada"), now=NOW)
    assert item is not None
    assert item.due == day(2026, 11, 15)
    assert item.breakdown.reciprocity == 1.5


def test_nudge_gaps_beyond_the_list_reuse_the_last() -> None:
    s = store()
    person(s)
    email_out(s, "ada", at(2026, 11, 16), expects_reply=True)
    email_out(s, "ada", at(2026, 11, 18), expects_reply=True)
    rule = default_rules(nudge_gaps=(2,)).get("nudge")
    assert only(run(rule, s, "ada", NOW)).due == day(2026, 11, 20)


def test_a_rule_set_keeps_its_scoring_when_extended_or_trimmed() -> None:
    rules = default_rules(reciprocity_boost=2.0)
    extended = rules.plus(Tagged())
    assert isinstance(extended, RuleSet)
    assert rules + (Tagged(),) == extended  # noqa: RUF005 - `+` keeps the scoring
    assert extended.scoring.reciprocity_boost == 2.0
    assert [r.name for r in extended][-1] == "tagged"
    trimmed = rules.without("birthday", "nudge")
    assert "birthday" not in [r.name for r in trimmed]
    assert trimmed.scoring == rules.scoring
    assert isinstance(rules[1:3], RuleSet)
    assert len(rules[1:3]) == 2
    with pytest.raises(KeyError):
        rules.get("nope")
    with pytest.raises(ValidationError):
        RuleSet([object()])  # type: ignore[list-item]
    assert Engine(rules=extended).scoring.reciprocity_boost == 2.0
    assert Engine(rules=list(extended)).scoring == Scoring()
    assert Engine(rules=list(extended), scoring=rules.scoring).scoring == rules.scoring


def test_the_engine_refuses_what_is_not_a_rule_or_settings() -> None:
    with pytest.raises(ValidationError) as caught:
        Engine(rules=[default_rules()[0], object()])  # type: ignore[list-item]
    assert caught.value.field == "rules[1]"
    with pytest.raises(ValidationError):
        Engine(settings="Europe/London")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Engine(rules=5)  # type: ignore[arg-type]


@attrs.frozen
class Tagged:
    """A custom rule: contacts tagged ``speaker`` get a check-in every Monday."""

    name: str = "tagged"

    def evaluate(self, context: Context) -> Iterable[Candidate]:
        # A rule that reads more than the contact's facts receives the whole Contact.
        assert isinstance(context.contact, Contact)
        if "speaker" not in context.contact.tags:
            return [Suppression(Reason.CHECK_IN, "not a speaker")]
        monday = context.today.toordinal() - context.today.weekday()
        due = context.today.fromordinal(monday)
        return [
            Proposal(
                Reason.CHECK_IN,
                due,
                base=80,
                why="Speakers like to hear how their talk landed.",
                action=f"Ask {context.name} about the talk",
            )
        ]


def test_a_custom_rule_joins_the_defaults() -> None:
    s = store()
    person(s, tags={"speaker"}, circle=Circle.ACQUAINTANCE)
    person(s, "Bo Chen", "bo", circle=Circle.ACQUAINTANCE)
    engine = Engine(rules=default_rules().plus(Tagged()))
    agenda = engine.agenda(s, now=NOW)
    assert [i.contact for i in agenda] == ["ada"]
    item = agenda[0]
    assert item.text.startswith("Ask Ada Lovelace about the talk (due 2026-11-23).")
    assert item.breakdown.base == 80
    assert item.overdue_days == 2
    explained = engine.explain(s, ContactId("bo"), now=NOW)
    assert any(c.rule == "tagged" and c.detail == "not a speaker" for c in explained.considered)


def test_a_rule_that_yields_something_else_is_reported() -> None:
    @attrs.frozen
    class Broken:
        name: str = "broken"

        def evaluate(self, context: Context) -> Iterable[Candidate]:
            return ["soon"]  # type: ignore[list-item]

    s = store()
    person(s)
    with pytest.raises(ValidationError) as caught:
        Engine(rules=[Broken()]).agenda(s, now=NOW)
    assert caught.value.field == "rule 'broken'"


def test_proposals_check_their_reason_and_dates() -> None:
    assert Proposal("nudge", day(2026, 11, 25), 1, "why").reason is Reason.NUDGE
    with pytest.raises(ValidationError) as caught:
        Proposal("soon", day(2026, 11, 25), 1, "why")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationError) as caught:
        Proposal(Reason.NUDGE, at(2026, 11, 25), 1, "why")
    assert caught.value.field == "due"
    with pytest.raises(ValidationError) as caught:
        Suppression(Reason.NUDGE, "why", available="2026-11-25")
    assert caught.value.field == "available"


def test_rules_are_pure() -> None:
    s = store()
    person(s, roles={Role.MENTOR}, birthday=MonthDay(11, 26), circle=Circle.CLOSE)
    person(s, "Bo Chen", "bo")
    log(s, ["ada", "bo"], at(2026, 11, 20), Channel.MEETING, received=[Value.ADVICE])
    email_in(s, "ada", at(2026, 11, 24))
    promise(s, "ada", day(2026, 11, 26))
    promise(s, "ada", day(2026, 11, 19), owed_by=Party.THEM)
    goal(s, "G", ["ada"], cadence=Cadence.weeks(1))
    seen = context(s, "ada", NOW)
    for rule in default_rules():
        assert list(rule.evaluate(seen)) == list(rule.evaluate(seen))


def network() -> PlainStore:
    s = store()
    person(s, circle=Circle.CLOSE, roles={Role.MENTOR}, birthday=MonthDay(11, 26))
    person(s, "Bo Chen", "bo", snoozed_until=day(2026, 11, 20))
    person(s, "Cy Dunn", "cy", status=ContactStatus.ARCHIVED)
    person(s, "Di Eve", "di", circle=Circle.INNER)
    log(s, ["ada", "bo", "cy"], at(2026, 11, 1), Channel.MEETING, received=[Value.ADVICE])
    email_in(s, "bo", at(2026, 11, 24))
    for d in (2, 9, 16):
        email_out(s, "di", at(2026, 11, d), expects_reply=True)
    log(s, "di", at(2026, 12, 1), Channel.CALL)
    promise(s, "ada", day(2026, 11, 26))
    goal(s, "G", ["ada", "di"], cadence=Cadence.weeks(2))
    return PlainStore(s)


def test_a_store_without_native_summaries_gives_the_same_answers() -> None:
    plain = network()
    native = plain._inner
    assert isinstance(native, SummarySource)
    assert not isinstance(plain, SummarySource)
    engine = Engine()
    for now in (NOW, at(2026, 12, 5), at(2026, 11, 1, 12, 30)):
        assert engine.agenda(plain, now=now) == engine.agenda(native, now=now)
        assert engine.follow_ups(plain, now=now) == engine.follow_ups(native, now=now)
        for who in map(ContactId, ("ada", "bo", "cy", "di")):
            assert engine.next_follow_up(plain, who, now=now) == engine.next_follow_up(
                native, who, now=now
            )
            assert engine.explain(plain, who, now=now) == engine.explain(native, who, now=now)
