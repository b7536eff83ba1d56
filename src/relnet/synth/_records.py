"""Phase 6, records: contacts, commitments, settings and the owner's profile, built from
the plans through their model constructors (so every record is valid)."""

from __future__ import annotations

import calendar
import random

import attrs
import pendulum

from relnet.model import (
    Commitment,
    CommitmentId,
    CommunityId,
    Contact,
    ContactId,
    ContactStatus,
    MonthDay,
    Party,
    Profile,
    Role,
    Settings,
    Stage,
)
from relnet.synth._episodes import History
from relnet.synth._ids import make_id
from relnet.synth._people import People
from relnet.synth._vocabulary import (
    CADENCES,
    CIRCLES,
    CONTACT_ZONES,
    DAY,
    FIRST_NAMES,
    HOW_MET,
    LAST_NAMES,
    MENTOR,
    MINE,
    NOTES,
    ORGANIZATIONS,
    OWNER_TIMEZONE,
    RECRUITER,
    ROLE_BITS,
    THEIRS,
    TITLES,
    TOPICS,
)
from relnet.synth._window import Window

__all__ = ["build_commitments", "build_contacts", "profile", "settings"]

_ROLES = tuple(Role)
# Contacts last touched this long before the end are dormant.
_DORMANT_AFTER = 540 * DAY


@attrs.define
class _ContactMaker:
    """Builds one contact per person, in order (the birthdays drawn so far carry over)."""

    rng: random.Random
    window: Window
    people: People
    membership: tuple[tuple[CommunityId, ...], ...]
    history: History
    cid: tuple[str, ...]
    birthdays: int = attrs.field(default=0, init=False)

    def contact(self, index: int) -> Contact:
        rng, people = self.rng, self.people
        first = FIRST_NAMES[people.first[index]]
        last = LAST_NAMES[people.last[index]]
        org_index = people.org[index]
        org, domain = ORGANIZATIONS[org_index] if org_index >= 0 else (None, "mail.example")
        emails, urls, phones = self._reach(index, first, last, domain)
        birthday = self._birthday()
        created = self._created(index)
        snoozed = (
            self.window.end_date.add(days=rng.randint(-10, 60)) if index in people.snoozed else None
        )
        role_bits = people.roles[index]
        title = rng.choice(TITLES) if not role_bits & RECRUITER else "Technical Recruiter"
        introducer = people.introducer[index]
        how_met = (
            rng.choice(HOW_MET)
            if introducer < 0
            else f"Introduced by {FIRST_NAMES[people.first[introducer]]}"
        )
        zone = people.zone[index]
        return Contact(
            f"{first} {last}",
            id=ContactId(self.cid[index]),
            circle=CIRCLES[people.circle[index]],
            cadence=rng.choice(CADENCES) if rng.random() < 0.06 else None,
            created_at=self.window.instant(created),
            status=self._status(index),
            snoozed_until=snoozed,
            roles=[role for role in _ROLES if role_bits & ROLE_BITS[role]],
            tags=people.tags[index],
            interests=rng.sample(TOPICS, rng.choice((0, 1, 2, 3))),
            emails=emails,
            phones=phones,
            urls=urls,
            organization=org,
            headline=f"{title} at {org}" if org else title,
            timezone=CONTACT_ZONES[zone][0] if zone >= 0 else None,
            birthday=birthday,
            introduced_by=ContactId(self.cid[introducer]) if introducer >= 0 else None,
            communities=self.membership[index],
            stage=self._stage(index),
            notes=rng.choice(NOTES) if rng.random() < 0.1 else "",
            how_met=how_met,
        )

    def _reach(
        self, index: int, first: str, last: str, domain: str
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Emails, profile URLs and phones."""
        rng = self.rng
        r = rng.random()
        emails: tuple[str, ...] = (f"{first}.{last}@{domain}".lower(),) if r < 0.6 else ()
        if r < 0.1:
            emails = (*emails, f"{first[0]}{last}@mail.example".lower())
        urls = (
            (f"https://www.linkedin.example/in/{first}-{last}-{index:x}".lower(),)
            if rng.random() < 0.3
            else ()
        )
        phones = (f"+44 7700 900{rng.randrange(1000):03d}",) if rng.random() < 0.15 else ()
        return emails, urls, phones

    def _birthday(self) -> pendulum.Date | MonthDay | None:
        """A quarter have one: the first a 29 February, the second without a year."""
        rng = self.rng
        if rng.random() >= 0.25:
            return None
        self.birthdays += 1
        if self.birthdays == 1:
            return pendulum.Date(1988, 2, 29)
        if self.birthdays == 2 or rng.random() < 0.3:
            return MonthDay(rng.randint(1, 12), rng.randint(1, 28))
        year, month = rng.randint(1955, 2002), rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        return pendulum.Date(year, month, day)

    def _created(self, index: int) -> int:
        """Up to 45 days before their first interaction; anywhere from a year before the
        start for people never met."""
        rng, window = self.rng, self.window
        if self.history.count[index]:
            return self.history.first_ts[index] - rng.randint(3600, 45 * DAY)
        return window.lo - 365 * DAY + int(rng.random() * (window.hi - window.lo + 365 * DAY))

    def _status(self, index: int) -> ContactStatus:
        if index in self.people.archived:
            return ContactStatus.ARCHIVED
        if index in self.people.do_not_contact:
            return ContactStatus.DO_NOT_CONTACT
        return ContactStatus.ACTIVE

    def _stage(self, index: int) -> Stage:
        """The stage their history suggests (no draws)."""
        history, circle = self.history, self.people.circle[index]
        count = history.count[index]
        if not count:
            return Stage.TARGET if circle >= 3 else Stage.CONNECTED
        if history.intro_only[index] and count <= 2:
            return Stage.INTRODUCED
        if history.last_ts[index] < self.window.hi - _DORMANT_AFTER:
            return Stage.DORMANT
        if circle == 0 or self.people.roles[index] & MENTOR:
            return Stage.ALLY
        if circle == 1 or count >= 10:
            return Stage.ENGAGED
        return Stage.CONNECTED


def build_contacts(
    rng: random.Random,
    window: Window,
    people: People,
    membership: tuple[tuple[CommunityId, ...], ...],
    history: History,
    cid: tuple[str, ...],
) -> tuple[Contact, ...]:
    """Every person as a :class:`~relnet.model.Contact`, in person order."""
    maker = _ContactMaker(rng, window, people, membership, history, cid)
    return tuple(maker.contact(index) for index in range(people.n))


def build_commitments(
    rng: random.Random,
    window: Window,
    people: People,
    history: History,
    cid: tuple[str, ...],
    salt: int,
) -> tuple[Commitment, ...]:
    """The promises of the history as commitments: kept, overdue or upcoming."""
    end = window.end_date
    commitments = []
    for number, (c, ts, mine) in enumerate(history.promises):
        made = min(window.local_date(ts), end)
        due = made.add(days=rng.randint(1, 21))
        first = FIRST_NAMES[people.first[c]]
        org_index = people.org[c]
        org = ORGANIZATIONS[org_index][0] if org_index >= 0 else "their old company"
        template = rng.choice(MINE if mine else THEIRS)
        done_on = None
        if due <= end and rng.random() < 0.6:
            done_on = min(end, max(made, due.add(days=rng.randint(-5, 4))))
        elif due > end and rng.random() < 0.15:
            done_on = made.add(days=rng.randint(0, end.toordinal() - made.toordinal()))
        commitments.append(
            Commitment(
                ContactId(cid[c]),
                template.format(name=first, org=org, topic=rng.choice(TOPICS)),
                due,
                owed_by=Party.ME if mine else Party.THEM,
                done_on=done_on,
                id=CommitmentId(make_id(number, salt)),
            )
        )
    return tuple(commitments)


def settings(window: Window) -> Settings:
    """The owner's settings: London, capacity 5, New Year and Christmas as holidays."""
    first = window.start_date.year
    last = min(window.end_date.year + 1, first + 50)
    holidays = [
        pendulum.Date(year, month, day)
        for year in range(first, last + 1)
        for month, day in ((1, 1), (12, 25), (12, 26))
    ]
    return Settings(timezone=OWNER_TIMEZONE, holidays=holidays, daily_capacity=5)


def profile() -> Profile:
    """The owner: a staff data engineer who mentors."""
    return Profile(
        name="Sam Rivera",
        headline="Staff data engineer; I build data platforms and mentor engineers",
        expertise=("data pipelines", "python", "mentoring", "streaming"),
        values=("generosity", "curiosity", "candour"),
        achievements=("Spoke at EuroConf", "Led the move to streaming at Northwind"),
        pitch="I help teams ship reliable data platforms, and I love meeting people who care.",
    )
