"""The built-in rules of the default policy, and :func:`default_rules` to tune them.

Each rule is a small frozen object holding its numbers; ``evaluate(context)`` reads one
contact's :class:`~relnet.policy.Context` and returns proposals and suppressions (see
:mod:`relnet.policy.rule`). Each also declares what the engine's planner needs
(``proposes``, ``reads_only_facts``, ``quiet`` and, for the must-do rules, ``wakes``),
and states its condition once, in a private helper those methods share. The numbers
are the policy's defaults; change them with
``default_rules(intro_days=10, bases={"nudge": 65})`` rather than by subclassing.

- :mod:`~relnet.policy.rules.must_do`: :class:`ReplyOwed`, :class:`ThankYou`,
  :class:`Promise`
- :mod:`~relnet.policy.rules.events`: :class:`EventFollowUp`
- :mod:`~relnet.policy.rules.loops`: :class:`IntroLoop`, :class:`MentorLoop`
- :mod:`~relnet.policy.rules.waiting`: :class:`Nudge`, :class:`CheckIn`
- :mod:`~relnet.policy.rules.keep_in_touch`: :class:`KeepInTouch` (and reconnect)
- :mod:`~relnet.policy.rules.birthday`: :class:`Birthday`
- :mod:`~relnet.policy.rules.ruleset`: :class:`RuleSet`, :func:`default_rules`
"""

from relnet.policy.rules._shared import BASES
from relnet.policy.rules.birthday import Birthday
from relnet.policy.rules.events import EventFollowUp
from relnet.policy.rules.keep_in_touch import CadencePlan, KeepInTouch
from relnet.policy.rules.loops import IntroLoop, MentorLoop
from relnet.policy.rules.must_do import Promise, ReplyOwed, ThankYou
from relnet.policy.rules.ruleset import OVERRIDES, RuleSet, default_rules
from relnet.policy.rules.waiting import CheckIn, Nudge

__all__ = [
    "BASES",
    "OVERRIDES",
    "Birthday",
    "CadencePlan",
    "CheckIn",
    "EventFollowUp",
    "IntroLoop",
    "KeepInTouch",
    "MentorLoop",
    "Nudge",
    "Promise",
    "ReplyOwed",
    "RuleSet",
    "ThankYou",
    "default_rules",
]
