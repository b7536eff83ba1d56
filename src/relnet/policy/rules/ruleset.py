"""The rule set: an ordered set of rules with the scoring they go with, and
:func:`default_rules`, the default policy with any of its numbers changed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from relnet.errors import ValidationError
from relnet.model import Cadence
from relnet.policy import _convert
from relnet.policy.followup import Reason
from relnet.policy.rule import Rule, planning_of
from relnet.policy.rules._shared import BASES
from relnet.policy.rules.birthday import Birthday
from relnet.policy.rules.events import EventFollowUp
from relnet.policy.rules.keep_in_touch import KeepInTouch
from relnet.policy.rules.loops import IntroLoop, MentorLoop
from relnet.policy.rules.must_do import Promise, ReplyOwed, ThankYou
from relnet.policy.rules.waiting import CheckIn, Nudge
from relnet.policy.scoring import Scoring

__all__ = ["OVERRIDES", "RuleSet", "default_rules"]


def _rule_tuple(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rules)


@attrs.frozen
class RuleSet(Sequence[Rule]):
    """An ordered, immutable set of rules together with the :class:`Scoring` they go with.

    It is a sequence of rules; :meth:`plus` (or ``+``) and :meth:`without` keep the
    scoring, so tuned numbers travel with the rules to the engine. (A plain list made
    from it, ``[*rules, MyRule()]``, loses the scoring: the engine then uses the
    policy's default scoring.)
    """

    rules: tuple[Rule, ...] = attrs.field(converter=_rule_tuple)
    scoring: Scoring = attrs.field(factory=Scoring)

    def __attrs_post_init__(self) -> None:
        for index, rule in enumerate(self.rules):
            if not isinstance(rule, Rule):
                raise ValidationError(
                    f"rules[{index}]", rule, "a rule: an object with name and evaluate(context)"
                )

    def __len__(self) -> int:
        return len(self.rules)

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> RuleSet: ...

    def __getitem__(self, index: int | slice) -> Rule | RuleSet:
        if isinstance(index, slice):
            return RuleSet(self.rules[index], self.scoring)
        return self.rules[index]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __add__(self, other: Iterable[Rule]) -> RuleSet:
        return RuleSet((*self.rules, *other), self.scoring)

    def plus(self, *rules: Rule) -> RuleSet:
        """The same set with ``rules`` added at the end (the scoring is kept)."""
        return RuleSet((*self.rules, *rules), self.scoring)

    def get(self, name: str) -> Rule:
        """The rule called ``name``. Raises KeyError."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def without(self, *names: str) -> RuleSet:
        """The same set without the rules called ``names``."""
        return RuleSet(tuple(r for r in self.rules if r.name not in names), self.scoring)

    def bases(self) -> Mapping[Reason, float]:
        """The base priority of each reason its rules state one for.

        A rule states them with a ``bases()`` method, or, when it declares that it
        ``proposes`` a single reason, with a numeric ``base`` field (as the built-in
        rules do).
        """
        out: dict[Reason, float] = {}
        for rule in self.rules:
            stated = getattr(rule, "bases", None)
            if callable(stated):
                out.update(stated())
                continue
            proposes = planning_of(rule).proposes
            base = getattr(rule, "base", None)
            if proposes is not None and len(proposes) == 1 and isinstance(base, int | float):
                (reason,) = proposes
                out[reason] = float(base)
        return out


#: Every keyword :func:`default_rules` accepts, with its default.
OVERRIDES: Mapping[str, Any] = {
    "cadences": {},
    "multipliers": {},
    "bases": {},
    "reply_drop_days": 30,
    "thank_you_hours": 24,
    "thank_you_window_days": 7,
    "promise_lead_days": 1,
    "event_follow_up_days": 2,
    "event_follow_up_drop_days": 14,
    "intro_days": 14,
    "mentor_days": 21,
    "mentor_quiet_days": 7,
    "nudge_gaps": (5, 10),
    "nudge_stop": 3,
    "backoff_floor": Cadence.months(3),
    "check_in_days": 3,
    "reconnect_cycles": 8,
    "reconnect_years": 3,
    "birthday_lead_days": 1,
    "goal_boost": 0.5,
    "reciprocity_days": 365,
    "reciprocity_boost": 1.2,
    "urgency_days": 10,
    "urgency_ratio": 8.0,
}


def _bases(value: Any) -> dict[Reason, float]:
    if not isinstance(value, Mapping):
        raise ValidationError("bases", value, "a mapping of reason to base priority")
    merged = dict(BASES)
    for key, number in value.items():
        try:
            reason = Reason(key)
        except ValueError:
            choices = ", ".join(r.value for r in Reason)
            raise ValidationError("bases", key, f"a reason: one of {choices}") from None
        merged[reason] = _convert.check_number(number, f"bases.{reason.value}")
    return merged


def default_rules(**overrides: Any) -> RuleSet:
    """The default policy's rules, with any of its numbers changed.

    Keywords (defaults in :data:`OVERRIDES`): ``cadences`` (circle → Cadence or None,
    merged into the circle defaults), ``multipliers`` (circle → priority multiplier),
    ``bases`` (reason → base priority), ``reply_drop_days``, ``thank_you_hours``,
    ``thank_you_window_days``, ``promise_lead_days``, ``event_follow_up_days`` (business
    days after the event), ``event_follow_up_drop_days``, ``intro_days``, ``mentor_days``,
    ``mentor_quiet_days``, ``nudge_gaps`` (business days after the 1st, 2nd… open
    ask), ``nudge_stop``, ``backoff_floor``, ``check_in_days``, ``reconnect_cycles``,
    ``reconnect_years``, ``birthday_lead_days``, ``goal_boost``, ``reciprocity_days``,
    ``reciprocity_boost``, ``urgency_days`` and ``urgency_ratio``.

    Raises :class:`~relnet.errors.ValidationError` for an unknown keyword or a bad value.

    >>> rules = default_rules(intro_days=10, bases={"nudge": 65})
    >>> rules.get("intro_loop").days, rules.bases()[Reason.NUDGE]
    (10, 65.0)
    """
    for key in overrides:
        if key not in OVERRIDES:
            raise ValidationError(key, overrides[key], f"one of {', '.join(OVERRIDES)}")
    numbers = {**OVERRIDES, **overrides}
    bases = _bases(numbers["bases"])
    scoring = _scoring(numbers)
    return RuleSet(_rules(numbers, bases), scoring)


def _scoring(numbers: Mapping[str, Any]) -> Scoring:
    """The scoring the numbers ask for."""
    return Scoring(
        multipliers=numbers["multipliers"],
        goal_boost=numbers["goal_boost"],
        reciprocity_days=numbers["reciprocity_days"],
        reciprocity_boost=numbers["reciprocity_boost"],
        urgency_days=numbers["urgency_days"],
        urgency_ratio=numbers["urgency_ratio"],
    )


def _rules(numbers: Mapping[str, Any], bases: Mapping[Reason, float]) -> tuple[Rule, ...]:
    """The built-in rules with the numbers and base priorities given, in agenda order."""
    return (
        ReplyOwed(base=bases[Reason.REPLY_OWED], drop_days=numbers["reply_drop_days"]),
        ThankYou(
            base=bases[Reason.THANK_YOU],
            hours=numbers["thank_you_hours"],
            window_days=numbers["thank_you_window_days"],
        ),
        Promise(base=bases[Reason.PROMISE], lead_days=numbers["promise_lead_days"]),
        EventFollowUp(
            base=bases[Reason.EVENT_FOLLOW_UP],
            days=numbers["event_follow_up_days"],
            drop_days=numbers["event_follow_up_drop_days"],
        ),
        IntroLoop(base=bases[Reason.INTRO_LOOP], days=numbers["intro_days"]),
        MentorLoop(
            base=bases[Reason.MENTOR_LOOP],
            days=numbers["mentor_days"],
            quiet_days=numbers["mentor_quiet_days"],
        ),
        Nudge(
            base=bases[Reason.NUDGE],
            gaps=numbers["nudge_gaps"],
            stop=numbers["nudge_stop"],
            backoff_floor=numbers["backoff_floor"],
        ),
        CheckIn(base=bases[Reason.CHECK_IN], days=numbers["check_in_days"]),
        KeepInTouch(
            base=bases[Reason.KEEP_IN_TOUCH],
            reconnect_base=bases[Reason.RECONNECT],
            cadences=numbers["cadences"],
            stop=numbers["nudge_stop"],
            backoff_floor=numbers["backoff_floor"],
            reconnect_cycles=numbers["reconnect_cycles"],
            reconnect_years=numbers["reconnect_years"],
        ),
        Birthday(base=bases[Reason.BIRTHDAY], lead_days=numbers["birthday_lead_days"]),
    )
