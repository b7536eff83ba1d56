"""What every reader shares: turning one row's values into a contact, and collecting."""

from __future__ import annotations

from typing import Any

from relnet.errors import ValidationError
from relnet.interop._source import shorten
from relnet.interop.identity import identity_keys
from relnet.interop.merge import merge_contacts
from relnet.interop.result import Duplicate, ImportIssue, ImportResult
from relnet.model import Contact

__all__ = ["ResultBuilder", "is_email"]


def is_email(value: str) -> bool:
    """Whether ``value`` passes :class:`~relnet.model.Contact`'s email check."""
    local, at, domain = value.strip().rpartition("@")
    return bool(at and local and domain) and not any(ch.isspace() for ch in value.strip())


class ResultBuilder:
    """Collects contacts and issues for one file; folds repeats of a person together."""

    def __init__(self) -> None:
        self._contacts: list[Contact] = []
        self._origins: list[int] = []
        self._errors: list[ImportIssue] = []
        self._duplicates: list[Duplicate] = []
        self._keys: dict[str, int] = {}

    def issue(self, where: int, field: str, message: str, raw: str) -> None:
        """Record a problem at line or card ``where``."""
        self._errors.append(ImportIssue(where, field, message, shorten(raw)))

    def add(self, where: int, fields: dict[str, Any], labels: dict[str, str], raw: str) -> None:
        """Make a contact of ``fields`` and keep it (or merge it into an earlier repeat).

        A value the model refuses is left out and reported under its column's label
        (``labels`` maps attribute names to the file's own names); a refused name skips
        the row.
        """
        contact = self._build(where, dict(fields), labels, raw)
        if contact is None:
            return
        keys = [f"id {contact.id}", *identity_keys(contact)]
        for key in keys:
            position = self._keys.get(key)
            if position is not None:
                earlier = self._contacts[position]
                merged = merge_contacts(earlier, contact)
                self._contacts[position] = merged
                self._duplicates.append(Duplicate(where, self._origins[position], key))
                for new_key in identity_keys(merged):
                    self._keys.setdefault(new_key, position)
                return
        position = len(self._contacts)
        self._contacts.append(contact)
        self._origins.append(where)
        for key in keys:
            self._keys.setdefault(key, position)

    def _build(
        self, where: int, fields: dict[str, Any], labels: dict[str, str], raw: str
    ) -> Contact | None:
        while True:
            try:
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
        """Everything collected so far."""
        return ImportResult(
            contacts=tuple(self._contacts),
            errors=tuple(self._errors),
            duplicates=tuple(self._duplicates),
            origins=tuple(self._origins),
        )
