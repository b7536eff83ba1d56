"""Short, personal message drafts for follow-ups, from replaceable templates.

:func:`draft` turns a :class:`~relnet.policy.FollowUp` into a message you can edit and
send: a thank-you that names where you met and what you talked about, a nudge that
names your last message, a promise that names what you promised, and so on. Templates
are :class:`string.Template` strings (``$first_name``, ``${topic}``) in
:data:`DEFAULT_TEMPLATES`; pass ``templates=`` to replace any of them.

Every placeholder below (:func:`draft_fields` gives their values) always has a value,
with a fallback that reads naturally when the history does not say (no topic, no
event, no commitment); a placeholder relnet does not know is left in the text as
written, so a typo shows instead of raising. A commitment's text is quoted
(``$quoted_what``), so any wording of it reads well.

====================  ==============================================================
``first_name``        the first word of the contact's name
``name``              the contact's full name
``sender``            your profile's name (may be empty)
``topic``             a topic of the interaction the follow-up is about (the first in
                      alphabetical order); fallback ``what we talked about``
``about``             ``" about <topic>"`` with a leading space, or empty without a topic
``where``             where it happened: ``at <event name>``, else by channel (``in
                      person``, ``on the phone``, ``on our video call``, ``over email``
                      …); fallback ``recently``
``when``              ``in <Month YYYY>`` of that interaction in your zone; fallback
                      ``a good while ago``
``what``              the commitment's ``what``; fallback ``what I said I would send
                      you`` (promise) or ``what we discussed``
``quoted_what``       the commitment's ``what`` in quotes (“send the article”), so any
                      wording reads well; fallback ``what I promised you`` (promise)
                      or ``what we discussed``
``due``               the commitment's due date, else the follow-up's (ISO)
``introduced``        the names of the people an intro put you in touch with; fallback
                      ``the person you introduced me to``
``interest``          one of their interests, one in your expertise first; fallback
                      ``what you're working on``
``via``               the name of ``via`` (the person to ask for an introduction), else
                      of whoever introduced you to the contact in the intro the
                      follow-up is about; fallback ``our mutual contact``
``via_first_name``    the first word of ``via``
====================  ==============================================================

Three situations have a template of their own, in :data:`DEFAULT_FIRST_TEMPLATES`: a
first message to someone you have never been in touch with (a target), a request for
an introduction to the first person on a warm path to them, and the first message to
someone you were introduced to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from string import Template
from types import MappingProxyType
from typing import Any, TypeAlias

from relnet.errors import NotFoundError, ValidationError
from relnet.model import (
    Channel,
    Commitment,
    Contact,
    ContactId,
    Direction,
    Interaction,
    Party,
    Profile,
    Touch,
    Value,
)
from relnet.model.instants import in_zone, zone
from relnet.policy.followup import FollowUp, Reason
from relnet.storage import Store

__all__ = [
    "DEFAULT_FIRST_TEMPLATES",
    "DEFAULT_OFFERS",
    "DEFAULT_SIGN_OFF",
    "DEFAULT_TEMPLATES",
    "OFFER_FACTOR",
    "draft",
    "draft_fields",
    "first_message",
]

#: The message body for each reason. Placeholders: see :func:`draft_fields`.
DEFAULT_TEMPLATES: Mapping[Reason, str] = MappingProxyType(
    {
        Reason.REPLY_OWED: (
            "Hi $first_name,\n\nThank you for your message$about, and sorry to keep you waiting."
        ),
        Reason.THANK_YOU: (
            "Hi $first_name,\n\nThank you for taking the time to talk $where. I really enjoyed"
            " our conversation$about, and I'd love to stay in touch."
        ),
        Reason.PROMISE: (
            "Hi $first_name,\n\nI wanted to follow through on $quoted_what. Let me know if"
            " there is anything else I can do."
        ),
        Reason.EVENT_FOLLOW_UP: (
            "Hi $first_name,\n\nIt was good to meet you $where. I enjoyed our conversation"
            "$about, and I'd love to stay in touch."
        ),
        Reason.INTRO_LOOP: (
            "Hi $first_name,\n\nThank you again for introducing me to $introduced. I wanted to"
            " close the loop and let you know how it went. I really appreciate you connecting us."
        ),
        Reason.MENTOR_LOOP: (
            "Hi $first_name,\n\nI took your advice$about to heart, and I wanted to let you know"
            " how it went. Thank you again for your time and guidance."
        ),
        Reason.NUDGE: (
            "Hi $first_name,\n\nJust following up on my last message$about, in case it got"
            " buried. No pressure at all; I know how busy things get."
        ),
        Reason.CHECK_IN: (
            "Hi $first_name,\n\nI hope all is well! Just checking in on $quoted_what. No rush"
            " at all, and let me know if I can help in any way."
        ),
        Reason.KEEP_IN_TOUCH: (
            "Hi $first_name,\n\nIt's been a little while since we last talked$about, and I"
            " wanted to check in. How are things going on your side?"
        ),
        Reason.RECONNECT: (
            "Hi $first_name,\n\nIt's been a long time: we last spoke $when. You came to mind"
            " today, and I'd love to hear what you're working on these days. Would you be up"
            " for catching up?"
        ),
        Reason.BIRTHDAY: (
            "Hi $first_name,\n\nHappy birthday! I hope you have a wonderful day and a great"
            " year ahead."
        ),
    }
)

#: The templates of three situations, used in place of the reason's template:
#:
#: - ``first``: a keep-in-touch or reconnect item for someone you have never been in
#:   touch with (a target): a first message, never "it's been a while";
#: - ``ask_intro``: the same, when :func:`draft` is given the first person on a warm
#:   path to them (``via``): a message to that person asking for an introduction
#:   (``$via_first_name`` greets them; ``$name`` is the person you want to meet);
#: - ``introduced``: a reply owed on an intro you received: the first message to the
#:   person you were introduced to, thanking the introducer (``$via``).
DEFAULT_FIRST_TEMPLATES: Mapping[str, str] = MappingProxyType(
    {
        "first": (
            "Hi $first_name,\n\nWe haven't been in touch before, so let me introduce myself."
            " I'd love to hear more about $interest, and to learn whether there is anything I"
            " could help with. Would you be open to a short call in the coming weeks?"
        ),
        "ask_intro": (
            "Hi $via_first_name,\n\nI hope you're doing well. I'd love to meet $name, and I"
            " believe you know them. Would you be willing to introduce us? I'm happy to write"
            " a short note you can forward, so it takes you no time."
        ),
        "introduced": (
            "Hi $first_name,\n\nThank you to $via for introducing us; it's good to be in"
            " touch. I'd love to find a time to talk$about. What would suit you?"
        ),
    }
)

#: The paragraph that offers something back when they have given you more than you
#: gave them: ``shared`` when one of their interests is in your profile's expertise,
#: ``interest`` when they have interests, ``general`` otherwise.
DEFAULT_OFFERS: Mapping[str, str] = MappingProxyType(
    {
        "shared": (
            "You've been generous with your help, so let me return the favour: $interest is"
            " something I know well, and I'd be glad to lend a hand with it anytime."
        ),
        "interest": (
            "You've been generous with your help, so let me return the favour: if there is"
            " anything I can do for you around $interest, I'd be glad to help."
        ),
        "general": (
            "You've been generous with your help, so let me return the favour: if there is"
            " anything I can do for you, just say the word."
        ),
    }
)

#: Added after the body when the profile has a name.
DEFAULT_SIGN_OFF = "Best,\n$sender"

#: The follow-up factor that adds an offer of value to a draft.
OFFER_FACTOR = "reciprocity_owed"

_GENERIC = "Hi $first_name,\n\nI wanted to get in touch."
#: The reasons whose draft is a first message when you have never been in touch.
_CYCLIC = frozenset({Reason.KEEP_IN_TOUCH, Reason.RECONNECT})
_NEVER = "never_contacted"
_VIA_FALLBACK = "our mutual contact"
_WHERE = {
    Channel.MEETING: "in person",
    Channel.CALL: "on the phone",
    Channel.VIDEO: "on our video call",
    Channel.EVENT: "at the event",
    Channel.EMAIL: "over email",
    Channel.MESSAGE: "over messages",
    Channel.SOCIAL: "online",
    Channel.INTRO: "after our introduction",
    Channel.NOTE: "recently",
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MEETINGS = frozenset({Channel.MEETING, Channel.CALL, Channel.VIDEO})


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sorted_text(values: Iterable[str]) -> list[str]:
    return sorted(values, key=lambda v: (v.casefold(), v))


#: One of the contact's touches, with the interaction it belongs to.
_Touched: TypeAlias = tuple[Interaction, Touch]
_Wanted: TypeAlias = Callable[[Interaction, Touch], bool]


def _touches_of(contact: ContactId, interactions: Iterable[Interaction]) -> list[_Touched]:
    """The contact's touches in ``interactions``, in the order given (time order)."""
    return [(i, touch) for i in interactions for touch in i.touches() if touch.contact == contact]


def _first(touches: Sequence[_Touched], wanted: _Wanted) -> Interaction | None:
    return next((i for i, touch in touches if wanted(i, touch)), None)


def _last(touches: Sequence[_Touched], wanted: _Wanted) -> Interaction | None:
    return _first(touches[::-1], wanted)


def _since_last(touches: Sequence[_Touched], closes: _Wanted) -> Sequence[_Touched]:
    """The touches after the last one that ``closes`` (all of them when none does)."""
    for index in range(len(touches) - 1, -1, -1):
        if closes(*touches[index]):
            return touches[index + 1 :]
    return touches


def _any(_: Interaction, __: Touch) -> bool:
    return True


def _inbound(_: Interaction, touch: Touch) -> bool:
    return touch.direction is Direction.INBOUND


def _outbound(_: Interaction, touch: Touch) -> bool:
    return touch.direction is Direction.OUTBOUND


def _reached(i: Interaction, touch: Touch) -> bool:
    """You reached them (outbound or mutual): what answers their mail and intros."""
    return not _inbound(i, touch)


def _heard(i: Interaction, touch: Touch) -> bool:
    """You heard from them (inbound or mutual): what answers your asks."""
    return not _outbound(i, touch)


def _awaited(i: Interaction, touch: Touch) -> bool:
    """They wrote expecting a reply."""
    return _inbound(i, touch) and touch.expects_reply


def _ask(i: Interaction, touch: Touch) -> bool:
    """You wrote expecting a reply."""
    return _outbound(i, touch) and touch.expects_reply


def _their_intro(i: Interaction, touch: Touch) -> bool:
    """They introduced you to someone."""
    return _inbound(i, touch) and i.introduced_by == touch.contact


def _meeting(i: Interaction, _: Touch) -> bool:
    return i.channel in _MEETINGS


def _advice(_: Interaction, touch: Touch) -> bool:
    return Value.ADVICE in touch.received


#: For each reason, the interaction a follow-up is about when it points at none: the
#: first meeting, call or video (thank-you), the first touch (event follow-up), the
#: first unanswered message or else the last they sent (reply owed), your last
#: unanswered ask or else your last message (nudge), the first open intro they made
#: (intro loop), the last advice they gave (mentor loop). Other reasons: the last touch.
_ABOUT: Mapping[Reason, Callable[[Sequence[_Touched]], Interaction | None]] = {
    Reason.THANK_YOU: lambda touches: _first(touches, _meeting),
    Reason.EVENT_FOLLOW_UP: lambda touches: _first(touches, _any),
    Reason.REPLY_OWED: lambda touches: (
        _first(_since_last(touches, _reached), _awaited) or _last(touches, _inbound)
    ),
    Reason.NUDGE: lambda touches: (
        _last(_since_last(touches, _heard), _ask) or _last(touches, _outbound)
    ),
    Reason.INTRO_LOOP: lambda touches: _first(_since_last(touches, _reached), _their_intro),
    Reason.MENTOR_LOOP: lambda touches: _last(touches, _advice),
}


def _about(
    reason: Reason, contact: ContactId, interactions: Iterable[Interaction]
) -> Interaction | None:
    """The interaction of the contact's history (in time order) that a follow-up for
    ``reason`` is about, by :data:`_ABOUT`; else the last touch, if any."""
    touches = _touches_of(contact, interactions)
    find = _ABOUT.get(reason)
    found = None if find is None else find(touches)
    return found or _last(touches, _any)


def _touched(contact: ContactId, interactions: Iterable[Interaction]) -> bool:
    """Whether any of ``interactions`` touches the contact."""
    return any(touch.contact == contact for i in interactions for touch in i.touches())


def _pointed_interaction(follow_up: FollowUp, store: Store) -> Interaction | None:
    if follow_up.interaction is None:
        return None
    try:
        return store.get_interaction(follow_up.interaction)
    except NotFoundError:
        return None


def _relevant_interaction(follow_up: FollowUp, store: Store) -> Interaction | None:
    """The interaction the follow-up speaks of: the one it points at, else found by reason."""
    pointed = _pointed_interaction(follow_up, store)
    if pointed is not None:
        return pointed
    until = follow_up.due_at.add(microseconds=1)
    history = store.interactions(contact=follow_up.contact, until=until)
    return _about(follow_up.reason, follow_up.contact, history)


def _commitment(follow_up: FollowUp, store: Store) -> Commitment | None:
    if follow_up.commitment is not None:
        try:
            return store.get_commitment(follow_up.commitment)
        except NotFoundError:
            pass
    owed_by = Party.THEM if follow_up.reason is Reason.CHECK_IN else Party.ME
    for commitment in store.commitments(contact=follow_up.contact, open_only=True):
        if commitment.owed_by is owed_by:
            return commitment
    return None


def _where(interaction: Interaction | None, store: Store) -> str:
    if interaction is None:
        return "recently"
    if interaction.event is not None:
        try:
            return "at " + store.get_event(interaction.event).name
        except NotFoundError:
            pass
    return _WHERE[interaction.channel]


def _introduced(interaction: Interaction | None, store: Store) -> str:
    if interaction is None or interaction.introduced_by is None:
        return "the person you introduced me to"
    names = []
    for person in interaction.participants:
        try:
            names.append(store.get_contact(person).name)
        except NotFoundError:
            continue
    return _join(names) or "the person you introduced me to"


def _interest(contact: Contact, profile: Profile) -> tuple[str | None, bool]:
    """One of their interests, one in your expertise first; and whether it is shared."""
    interests = _sorted_text(contact.interests)
    expertise = {e.casefold() for e in profile.expertise}
    for interest in interests:
        if interest.casefold() in expertise:
            return interest, True
    return (interests[0], False) if interests else (None, False)


def draft_fields(
    follow_up: FollowUp,
    store: Store,
    profile: Profile | None = None,
    *,
    via: ContactId | None = None,
) -> dict[str, str]:
    """The values a template can use (as ``$name``), each with its fallback: the
    placeholders in this module's description.

    The interaction is the one ``follow_up.interaction`` points at; else, looking at the
    contact's interactions up to the follow-up's ``due_at``: the first meeting, call or
    video (thank-you), the unanswered message (reply owed), your last ask (nudge), the
    open intro they made (intro loop), the last advice they gave (mentor loop), and the
    last touch for the other reasons. The commitment is ``follow_up.commitment``, else
    the contact's earliest open one owed by you (promise) or by them (check-in).
    Raises :class:`~relnet.errors.NotFoundError` when the contact (or ``via``) is not in
    ``store``.
    """
    contact = store.get_contact(follow_up.contact)
    asked = None if via is None else store.get_contact(via)
    owner = profile if profile is not None else store.get_profile()
    interaction = _relevant_interaction(follow_up, store)
    topics = _sorted_text(interaction.topics) if interaction is not None else []
    topic = topics[0] if topics else None
    what, due, quoted = _what_and_due(follow_up, store)
    middle = asked.name if asked is not None else _introducer(interaction, contact.id, store)
    return {
        **_person_fields(contact, owner, middle),
        "topic": topic or "what we talked about",
        "about": f" about {topic}" if topic else "",
        "where": _where(interaction, store),
        "when": _when(interaction, store),
        "what": what,
        "quoted_what": quoted,
        "due": due,
        "introduced": _introduced(interaction, store),
    }


def _person_fields(contact: Contact, owner: Profile, via: str | None) -> dict[str, str]:
    """The fields that depend only on the people: the contact, you, and ``via``."""
    interest, _ = _interest(contact, owner)
    middle = via or _VIA_FALLBACK
    return {
        "first_name": _first_name(contact.name),
        "name": contact.name,
        "sender": owner.name.strip(),
        "interest": interest or "what you're working on",
        "via": middle,
        "via_first_name": _first_name(middle),
    }


def _received_intro(interaction: Interaction | None, contact: ContactId) -> bool:
    """Whether ``interaction`` is an intro you received that put you in touch with ``contact``."""
    return (
        interaction is not None
        and interaction.channel is Channel.INTRO
        and interaction.direction is Direction.INBOUND
        and contact in interaction.participants
    )


def _introducer(interaction: Interaction | None, contact: ContactId, store: Store) -> str | None:
    """The name of whoever introduced you to ``contact`` in ``interaction``, if known."""
    if interaction is None or not _received_intro(interaction, contact):
        return None
    introducer = interaction.introduced_by
    if introducer is None:
        return None
    try:
        return store.get_contact(introducer).name
    except NotFoundError:
        return None


def _never_in_touch(follow_up: FollowUp, store: Store) -> bool:
    """Whether the follow-up is a keep-in-touch or reconnect item for someone you have
    never been in touch with: its factor ``never_contacted``, or no touch in the
    contact's history up to its ``due_at``."""
    if follow_up.reason not in _CYCLIC:
        return False
    if _NEVER in follow_up.factors:
        return True
    until = follow_up.due_at.add(microseconds=1)
    return not _touched(
        follow_up.contact, store.interactions(contact=follow_up.contact, until=until)
    )


def _situation(follow_up: FollowUp, store: Store, via: ContactId | None) -> str | None:
    """Which of :data:`DEFAULT_FIRST_TEMPLATES` applies, if any."""
    if _never_in_touch(follow_up, store):
        return "first" if via is None else "ask_intro"
    if follow_up.reason is Reason.REPLY_OWED and _received_intro(
        _relevant_interaction(follow_up, store), follow_up.contact
    ):
        return "introduced"
    return None


def _when(interaction: Interaction | None, store: Store) -> str:
    """``in <Month YYYY>`` of the interaction in the owner's zone, or the fallback."""
    if interaction is None:
        return "a good while ago"
    local = in_zone(interaction.at, zone(store.get_settings().timezone))
    return f"in {_MONTHS[local.month - 1]} {local.year}"


def _what_and_due(follow_up: FollowUp, store: Store) -> tuple[str, str, str]:
    """What was committed, its due date (ISO) and what was committed in quotes, or the
    fallbacks for the reason."""
    commitment = _commitment(follow_up, store)
    if commitment is not None:
        what = commitment.what
        return what, commitment.due.isoformat(), f"“{what.strip()}”"
    if follow_up.reason is Reason.PROMISE:
        return "what I said I would send you", follow_up.due.isoformat(), "what I promised you"
    return "what we discussed", follow_up.due.isoformat(), "what we discussed"


def _checked_templates(templates: Any, field: str, keys: Iterable[Any]) -> dict[Any, str]:
    if not isinstance(templates, Mapping):
        raise ValidationError(field, templates, "a mapping of key to template string")
    allowed = {str(k): k for k in keys}
    out: dict[Any, str] = {}
    for key, template in templates.items():
        if not isinstance(key, str) or key not in allowed:
            raise ValidationError(field, key, "one of " + ", ".join(sorted(allowed)))
        if not isinstance(template, str):
            raise ValidationError(f"{field}.{key}", template, "a template string")
        out[allowed[key]] = template
    return out


def _over(
    defaults: Mapping[Any, str], given: Any, field: str, keys: Iterable[Any]
) -> dict[Any, str]:
    """The templates ``given`` (checked, as the argument ``field``) over ``defaults``."""
    chosen = dict(defaults)
    if given is not None:
        chosen.update(_checked_templates(given, field, keys))
    return chosen


def _check_via(follow_up: FollowUp, store: Store, via: ContactId | None) -> None:
    """Refuse a ``via`` not in ``store`` (NotFoundError) or that is the contact."""
    if via is not None:
        store.get_contact(via)
        if via == follow_up.contact:
            raise ValidationError("via", via, "someone other than the follow-up's contact")


def draft(
    follow_up: FollowUp,
    store: Store,
    profile: Profile | None = None,
    *,
    templates: Mapping[Reason, str] | Mapping[str, str] | None = None,
    offers: Mapping[str, str] | None = None,
    sign_off: str = DEFAULT_SIGN_OFF,
    via: ContactId | None = None,
    first_templates: Mapping[str, str] | None = None,
) -> str:
    """A short message draft for ``follow_up``, ready to edit and send.

    The body is the template for the follow-up's reason: ``templates`` (any subset of
    reasons) over :data:`DEFAULT_TEMPLATES`; pass every reason to replace them wholly.
    Three situations take their template from ``first_templates`` over
    :data:`DEFAULT_FIRST_TEMPLATES` instead:

    - a keep-in-touch or reconnect item for someone you have never been in touch with
      (factor ``never_contacted``, or no touch in their history) is a first message
      (``first``); given ``via``, the first person on a warm path to them (the ``ask``
      of the best :func:`relnet.network.intro_paths` path, when that path goes through
      someone; ``relnet draft`` does this), it is a message to ``via`` asking for an
      introduction (``ask_intro``);
    - a reply owed on an intro you received is the first message to the person you
      were introduced to, thanking the introducer (``introduced``).

    When the follow-up carries the ``reciprocity_owed`` factor, an offer of value from
    ``offers`` over :data:`DEFAULT_OFFERS` follows as its own paragraph (not in a
    request for an introduction, which goes to someone else). When the profile
    (``store.get_profile()`` by default) has a name, ``sign_off`` closes the message.
    Placeholders are those of :func:`draft_fields`; substitution never raises
    (:meth:`string.Template.safe_substitute`), and unknown placeholders stay as written.

    Raises :class:`~relnet.errors.ValidationError` for a template key that is not a
    reason (or not an offer kind, or not a situation) or a template that is not a
    string, and :class:`~relnet.errors.NotFoundError` when the contact (or ``via``) is
    not in ``store``.
    """
    chosen = _over(DEFAULT_TEMPLATES, templates, "templates", Reason)
    situations = _over(
        DEFAULT_FIRST_TEMPLATES, first_templates, "first_templates", DEFAULT_FIRST_TEMPLATES
    )
    offer_texts = _over(DEFAULT_OFFERS, offers, "offers", DEFAULT_OFFERS)
    if not isinstance(sign_off, str):
        raise ValidationError("sign_off", sign_off, "a template string")
    _check_via(follow_up, store, via)
    owner = profile if profile is not None else store.get_profile()
    situation = _situation(follow_up, store, via)
    asked = via if situation == "ask_intro" else None
    fields = draft_fields(follow_up, store, owner, via=asked)
    body = situations[situation] if situation else chosen.get(follow_up.reason, _GENERIC)
    parts = [Template(body).safe_substitute(fields).strip()]
    if OFFER_FACTOR in follow_up.factors and situation != "ask_intro":
        interest, shared = _interest(store.get_contact(follow_up.contact), owner)
        kind = "shared" if shared else "interest" if interest else "general"
        parts.append(Template(offer_texts[kind]).safe_substitute(fields).strip())
    if fields["sender"]:
        parts.append(Template(sign_off).safe_substitute(fields).strip())
    return "\n\n".join(part for part in parts if part)


def first_message(
    contact_id: ContactId,
    store: Store,
    profile: Profile | None = None,
    *,
    via: ContactId | None = None,
    first_templates: Mapping[str, str] | None = None,
    sign_off: str = DEFAULT_SIGN_OFF,
) -> str:
    """A first message to someone you have never been in touch with (a target), whether
    or not the engine has an item for them today.

    The ``first`` template of ``first_templates`` over :data:`DEFAULT_FIRST_TEMPLATES`;
    given ``via`` (the first person on a warm path to them), the ``ask_intro`` message
    to ``via`` asking for an introduction. The fields are those of :func:`draft_fields`,
    each of an interaction or a commitment at its fallback.

    Raises :class:`~relnet.errors.NotFoundError` when the contact (or ``via``) is not in
    ``store``, and :class:`~relnet.errors.ValidationError` when you have been in touch
    with them (their next follow-up is what to draft), when ``via`` is the contact
    themselves, or for a bad template.
    """
    contact = store.get_contact(contact_id)
    asked = None if via is None else store.get_contact(via)
    if asked is not None and asked.id == contact.id:
        raise ValidationError("via", via, "someone other than the contact")
    if _touched(contact.id, store.interactions(contact=contact.id)):
        raise ValidationError("contact", contact_id, "someone you have never been in touch with")
    situations = dict(DEFAULT_FIRST_TEMPLATES)
    if first_templates is not None:
        situations.update(
            _checked_templates(first_templates, "first_templates", DEFAULT_FIRST_TEMPLATES)
        )
    if not isinstance(sign_off, str):
        raise ValidationError("sign_off", sign_off, "a template string")
    owner = profile if profile is not None else store.get_profile()
    fields = {
        **_person_fields(contact, owner, asked.name if asked is not None else None),
        "topic": "what we talked about",
        "about": "",
        "where": "recently",
        "when": "a good while ago",
        "what": "what we discussed",
        "quoted_what": "what we discussed",
        "due": "",
        "introduced": "the person you introduced me to",
    }
    body = situations["first" if asked is None else "ask_intro"]
    parts = [Template(body).safe_substitute(fields).strip()]
    if fields["sender"]:
        parts.append(Template(sign_off).safe_substitute(fields).strip())
    return "\n\n".join(part for part in parts if part)
