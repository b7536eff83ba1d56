"""What an import returns: the contacts read, the problems met, and the repeats found."""

from __future__ import annotations

import attrs

from relnet.model import Contact

__all__ = ["Duplicate", "ImportIssue", "ImportResult"]


@attrs.frozen
class ImportIssue:
    """A problem with one row of a CSV file or one card of a vCard file.

    ``line_or_record`` is the 1-based line where the row starts (CSV) or the 1-based
    number of the card (vCard); ``field`` names the column or property at fault (empty
    when the whole row is); ``raw`` is the offending text, shortened when long. The
    ``message`` says whether the row was skipped or only the value left out.
    """

    line_or_record: int
    field: str
    message: str
    raw: str

    def __str__(self) -> str:
        where = f"{self.line_or_record}" + (f", {self.field}" if self.field else "")
        return f"[{where}] {self.message}"


@attrs.frozen
class Duplicate:
    """A row or card that is the same person as an earlier one in the same file.

    Its values were merged into the earlier one's contact (nothing either had is lost);
    ``matched_on`` says what they share, such as ``"email ada@example.org"``.
    """

    line_or_record: int
    duplicate_of: int
    matched_on: str


@attrs.frozen
class ImportResult:
    """The outcome of reading one file: good rows become contacts, bad ones issues.

    ``origins[i]`` is the line (CSV) or card number (vCard) that ``contacts[i]`` came
    from. Readers never raise on a malformed file: every problem is in ``errors``.
    ``notices`` are about the file as a whole and reject no row, such as the columns a
    reader does not map (named, so that nothing is left out silently).
    """

    contacts: tuple[Contact, ...] = ()
    errors: tuple[ImportIssue, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    origins: tuple[int, ...] = ()
    notices: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file was read without any issue."""
        return not self.errors
