"""What every reader shares: turning one row's values into a contact, and collecting."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

import attrs

from relnet.errors import ValidationError
from relnet.identity import (
    combine,
    match,
    names_compatible,
    phone_key,
    source_key,
    stable_id,
    strong_keys,
)
from relnet.interop._source import shorten
from relnet.interop.result import Duplicate, ImportIssue, ImportResult
from relnet.model import Cadence, Circle, Contact

__all__ = [
    "SYSTEM_GROUPS",
    "Defaults",
    "ResultBuilder",
    "base_values",
    "evolve_checked",
    "is_email",
]

#: Google's group of every contact ("My Contacts"), which carries no meaning as a tag
#: (casefolded), in a Google CSV's labels as in a vCard's categories.
SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts"})


def is_email(value: str) -> bool:
    """Whether ``value`` passes :class:`~relnet.model.Contact`'s email check."""
    local, at, domain = value.strip().rpartition("@")
    return bool(at and local and domain) and not any(ch.isspace() for ch in value.strip())


#: Contact's fields in order, and how each converts (checks) a value.
_FIELDS: tuple[tuple[str, Callable[[Any], Any] | None], ...] = tuple(
    (field.name, cast(Callable[[Any], Any] | None, field.converter))
    for field in attrs.fields(Contact)
)
_NAMES = frozenset(name for name, _ in _FIELDS)
_CONVERTERS = dict(_FIELDS)


def base_values(base: Contact) -> tuple[tuple[str, Any], ...]:
    """Every field of ``base`` with its value, in order (for :func:`evolve_checked`)."""
    return tuple((name, getattr(base, name)) for name, _ in _FIELDS)


def evolve_checked(
    base: Contact, values: dict[str, Any], fields: tuple[tuple[str, Any], ...] = ()
) -> Contact:
    """``attrs.evolve(base, **values)``, converting only the ``values`` given.

    ``base``'s own values were converted when it was made, and every converter gives
    back what it is given when that is already converted, so they are taken as they
    are: a reader makes thousands of contacts that share everything but a few fields.
    ``fields``, when given, is :func:`base_values` of ``base``, worked out once.
    A bad value raises the error :class:`~relnet.model.Contact` raises (made by it).
    """
    if not values.keys() <= _NAMES:
        return attrs.evolve(base, **values)  # the TypeError attrs gives
    contact = object.__new__(Contact)
    put = object.__setattr__
    for name, value in fields or base_values(base):
        put(contact, name, value)
    try:
        for name, value in values.items():
            if value is not getattr(base, name):
                convert = _CONVERTERS[name]
                put(contact, name, value if convert is None else convert(value))
        contact.__attrs_post_init__()
    except ValidationError:
        return attrs.evolve(base, **values)  # raises Contact's error, every problem told
    return contact


class Defaults:
    """What every contact a reader makes starts with: circle, cadence and tags."""

    def __init__(
        self,
        *,
        circle: Circle | str = Circle.ACQUAINTANCE,
        cadence: Cadence | None = None,
        tags: Iterable[str] = (),
        tag: str | None = None,
    ) -> None:
        probe = Contact(name="probe", circle=circle, cadence=cadence, tags=tags)
        self.circle = probe.circle
        self.cadence = probe.cadence
        self.tags = probe.tags | ({tag} if tag else frozenset())
        #: A contact with every field a row does not set: what rows' contacts evolve from.
        self.base = attrs.evolve(probe, tags=self.tags)
        #: :func:`base_values` of :attr:`base`.
        self.base_fields = base_values(self.base)


class ResultBuilder:
    """Collects contacts and issues for one file; joins the rows of one person at the end.

    ``source`` names the reader (``"linkedin"``, ``"google"``, ``"vcard"``): each row's
    source key is made of it and the row's identifying values.
    """

    def __init__(self, source: str, defaults: Defaults | None = None) -> None:
        self.source = source
        self.defaults = defaults or Defaults()
        self._rows: list[Contact] = []
        self._origins: list[int] = []
        self._errors: list[ImportIssue] = []
        self._notices: list[ImportIssue] = []

    def issue(self, where: int, field: str, message: str, raw: str) -> None:
        """Record a problem at line or card ``where``."""
        self._errors.append(ImportIssue(where, field, message, shorten(raw)))

    def notice(self, where: int, field: str, message: str, raw: str) -> None:
        """Record a remark about the file as a whole, at line ``where``."""
        self._notices.append(ImportIssue(where, field, message, shorten(raw)))

    def add(
        self,
        where: int,
        fields: dict[str, Any],
        labels: dict[str, str],
        raw: str,
        identity: tuple[str, ...],
    ) -> None:
        """Make a contact of ``fields`` and keep it.

        ``identity`` are the row's identifying values (``("uid", UID)``, ``("url", …)``,
        ``("email", …)``, or the name and what else tells this row apart): they make the
        row's source key and, when ``fields`` has no usable id, its stable id. A value
        the model refuses is left out and reported under its column's label (``labels``
        maps attribute names to the file's own names); a refused name skips the row.
        """
        key = source_key(self.source, *identity)
        values = dict(fields)
        values["sources"] = {key}
        values.setdefault("id", stable_id(key))
        tags = values.get("tags")
        values["tags"] = set(tags) | self.defaults.tags if tags else self.defaults.base.tags
        values.setdefault("circle", self.defaults.circle)
        values.setdefault("cadence", self.defaults.cadence)
        contact = self._build(where, values, labels, raw)
        if contact is not None:
            self._rows.append(contact)
            self._origins.append(where)

    def _build(
        self, where: int, fields: dict[str, Any], labels: dict[str, str], raw: str
    ) -> Contact | None:
        base = self.defaults.base
        while True:
            try:
                if "name" in fields and "id" in fields:
                    return evolve_checked(base, fields, self.defaults.base_fields)
                return Contact(**fields)
            except ValidationError as error:
                name = error.field.split(".")[0].split("[")[0]
                label = labels.get(name, name)
                if name == "name" or name not in fields:
                    self.issue(where, label, f"{error}; row skipped", raw)
                    return None
                self.issue(where, label, f"{error}; value left out", raw)
                del fields[name]

    def result(self) -> ImportResult:
        """The people read so far: rows of one person joined (see :mod:`relnet.identity`)."""
        contacts: list[Contact] = []
        origins: list[int] = []
        duplicates: list[Duplicate] = []
        for group in match(self._rows, ()):
            first, *rest = group.candidates
            person = self._rows[first]
            for position in rest:
                why = _shared(self._rows[position], person) or ", ".join(group.evidence)
                person = combine(person, self._rows[position])
                duplicates.append(Duplicate(self._origins[position], self._origins[first], why))
            contacts.append(person)
            origins.append(self._origins[first])
        return ImportResult(
            contacts=tuple(contacts),
            errors=tuple(self._errors),
            duplicates=tuple(sorted(duplicates, key=lambda d: d.line_or_record)),
            origins=tuple(origins),
            notices=tuple(self._notices),
        )


def _shared(row: Contact, person: Contact) -> str:
    """The first key ``row`` shares with ``person`` (what joined them), or ``""``."""
    keys = set(strong_keys(person))
    for key in strong_keys(row):
        if key in keys:
            return key
    phones = {phone_key(p) for p in person.phones}
    for phone in row.phones:
        digits = phone_key(phone)
        if digits is not None and digits in phones and names_compatible(row.name, person.name):
            return f"phone {digits} and name"
    return ""
