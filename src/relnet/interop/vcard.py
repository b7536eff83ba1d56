"""Read and write vCards (``.vcf``): versions 2.1, 3.0 and 4.0 in, 3.0 out. Needs ``relnet[vcard]``.

Reading unfolds continuation lines on the bytes, before decoding, because writers fold
long lines in the middle of UTF-8 sequences, and reads quoted-printable 2.1 cards
from old phones. Each card maps to a :class:`~relnet.model.Contact`:

=====================  ==============================================================
vCard                  Contact
=====================  ==============================================================
FN (else N, ORG, …)    ``name``
UID                    ``id`` (when usable as one; otherwise a fresh id)
EMAIL, TEL             ``emails``, ``phones`` (``mailto:``/``tel:`` prefixes dropped)
URL, X-SOCIALPROFILE   ``urls`` (LinkedIn profiles in normal form; non-web social
                       handles such as ``x-apple:…`` are left out)
ORG, TITLE             ``organization`` (its first unit), ``headline``
BDAY                   ``birthday``; ``--MMDD``, ``--MM-DD``, year ``0000`` and Apple's
                       ``X-APPLE-OMIT-YEAR`` give a year-less :class:`~relnet.model.MonthDay`
CATEGORIES             ``tags`` (without Google's ``myContacts``, which every card has)
NOTE                   ``notes``
=====================  ==============================================================

Values are stripped of surrounding spaces and line breaks become ``\\n``; bare commas in
FN, NOTE and TITLE (which some writers forget to escape) are kept. Writing produces
vCard 3.0 with ``N`` always set (the last word of the name as the family name), a
year-less birthday as ``--MM-DD``, and the contact's id as ``UID`` so that a card read
back is the same contact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pendulum

from relnet.errors import ValidationError
from relnet.interop._builder import ResultBuilder, is_email
from relnet.interop._extras import missing_extra
from relnet.interop._source import Source, decode, read_source
from relnet.interop.identity import normalize_linkedin_url, profile_key
from relnet.interop.result import ImportResult
from relnet.model import Contact, MonthDay, parse_birthday
from relnet.model._check import check_id

__all__ = ["read_vcards", "write_vcards"]

_LABELS = {
    "name": "FN",
    "id": "UID",
    "emails": "EMAIL",
    "phones": "TEL",
    "urls": "URL",
    "organization": "ORG",
    "headline": "TITLE",
    "birthday": "BDAY",
    "tags": "CATEGORIES",
    "notes": "NOTE",
}
_FOLD_BYTES = re.compile(rb"\r?\n[ \t]")
_FOLD_TEXT = re.compile(r"\r?\n[ \t]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_PREFIX = re.compile(r"^(mailto|tel):", re.IGNORECASE)
_WEB = re.compile(r"^https?://", re.IGNORECASE)
_SINGLE_TEXT = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:FN|NOTE|TITLE)(?=[;:])", re.IGNORECASE)
_BARE_COMMA = re.compile(r"(?<!\\)((?:\\\\)*),")
_SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts"})


def read_vcards(
    source: Source, *, tag: str | None = None, encoding: str | None = None
) -> ImportResult:
    """Read every card in a ``.vcf`` file (see the module's table).

    ``source`` is a path or an open file (text or binary). A card that cannot be read
    is reported in :attr:`ImportResult.errors` under its 1-based card number and the
    others kept; cards for the same person (same UID, email, profile URL or phone) are
    merged and reported in ``duplicates``. ``tag``, when given, is added to every
    contact. Raises :class:`~relnet.errors.ValidationError` only if the bytes are not
    text, and ImportError naming ``relnet[vcard]`` without vobject.
    """
    try:
        import vobject
    except ImportError as error:
        raise missing_extra("vobject", "vcard") from error
    text = _unfolded_text(read_source(source), encoding)
    builder = ResultBuilder()
    for number, lines, problem in _cards(text):
        raw = "\r\n".join(_protect_commas(line) for line in lines or ()) + "\r\n"
        if problem:
            builder.issue(number, "", problem, raw if lines else "")
        if lines is None:
            continue
        try:
            card = vobject.readOne(raw, allowQP=True)
        except Exception as error:  # vobject raises many kinds on malformed cards
            reason = str(error) or type(error).__name__
            builder.issue(number, "", f"unreadable vCard ({reason}); card skipped", raw)
            continue
        _card(number, card, raw, builder, tag)
    return builder.result()


def _unfolded_text(data: bytes | str, encoding: str | None) -> str:
    utf16 = isinstance(data, bytes) and data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if isinstance(data, bytes) and encoding is None and not utf16:
        return decode(_FOLD_BYTES.sub(b"", data.removeprefix(b"\xef\xbb\xbf")))
    return _FOLD_TEXT.sub("", decode(data, encoding))


#: How a line changes the depth of nested cards.
_NESTING = {"BEGIN:VCARD": 1, "END:VCARD": -1}


def _cards(text: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """Each card's number, its lines from BEGIN to END, and a problem to report.

    Stray text outside the cards comes as a problem without lines.
    """
    number = 0
    depth = 0
    current: list[str] = []
    stray: list[int] = []
    for line_number, line in enumerate(_LINE_BREAK.split(text), start=1):
        marker = line.strip().upper().replace(" ", "")
        if depth == 0 and marker != "BEGIN:VCARD":
            if line.strip():
                stray.append(line_number)
            continue
        if depth == 0:
            number += 1
            current = []
            if stray:
                yield number, None, _stray(stray)
                stray = []
        current.append(line)
        depth += _NESTING.get(marker, 0)
        if depth == 0:
            yield number, current, ""
    if depth > 0:
        closing = ["END:VCARD"] * depth
        yield number, current + closing, "the card has no END:VCARD; read to the end of the file"
    if stray:
        yield max(number, 1), None, _stray(stray)


def _protect_commas(line: str) -> str:
    """Escape the bare commas of a single-text property (FN, NOTE, TITLE).

    Some writers leave commas in a note unescaped; vobject would keep only the text
    before the first one.
    """
    match = _SINGLE_TEXT.match(line)
    if match is None:
        return line
    quoted = False
    for position in range(match.end(), len(line)):
        char = line[position]
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[: position + 1], line[position + 1 :]
            return head + _BARE_COMMA.sub(r"\1\\,", value)
    return line


def _stray(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
    return f"text outside any BEGIN:VCARD … END:VCARD (line {shown}) ignored"


def _texts(value: Any) -> list[str]:
    """Every string in a vobject value (a string, a list of them, or a Name)."""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return [text] if text else []
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    return []


def _values(card: Any, name: str) -> list[str]:
    out: list[str] = []
    for line in card.contents.get(name, []):
        out.extend(_texts(line.value))
    return out


def _first(card: Any, name: str) -> str:
    values = _values(card, name)
    return values[0] if values else ""


def _name(card: Any) -> str:
    name = _first(card, "fn")
    if name:
        return name
    for line in card.contents.get("n", []):
        value = line.value
        if isinstance(value, str):
            parts = [part for part in value.split(";") if part.strip()]
            parts = parts[1:2] + parts[2:3] + parts[0:1]
        else:
            parts = [
                " ".join(_texts(getattr(value, attribute, "")))
                for attribute in ("prefix", "given", "additional", "family", "suffix")
            ]
        joined = " ".join(part.strip() for part in parts if part.strip())
        if joined:
            return joined
    return _first(card, "org") or _first(card, "nickname") or _first(card, "email")


def _birthday(line: Any) -> pendulum.Date | MonthDay:
    text = " ".join(_texts(line.value))
    day = text.split("T", 1)[0].strip() if len(text) > 8 else text.strip()
    omit = [str(v).strip() for v in line.params.get("X-APPLE-OMIT-YEAR", [])]
    match = _DATE.match(day)
    if match and (match[1] in omit or match[1] == "0000"):
        try:
            return MonthDay(int(match[2]), int(match[3]))
        except ValidationError:
            raise ValidationError("birthday", text, "a valid day of the year") from None
    return parse_birthday(day)


def _emails(number: int, card: Any, raw: str, builder: ResultBuilder) -> list[str]:
    emails = []
    for value in _values(card, "email"):
        email = _PREFIX.sub("", value).strip()
        if is_email(email):
            emails.append(email)
        else:
            builder.issue(number, "EMAIL", f"not an email address: {email!r}; value left out", raw)
    return emails


def _urls(card: Any) -> list[str]:
    urls = []
    for value in _values(card, "url") + _values(card, "x-socialprofile"):
        url = value.replace("\\:", ":")  # Google escapes the colon
        if _WEB.match(url) or profile_key(url):
            urls.append(normalize_linkedin_url(url) or url)
    return urls


def _tags(card: Any, tag: str | None) -> set[str]:
    """The card's categories, without the system groups of address books, and ``tag``."""
    tags = {
        category
        for category in _values(card, "categories")
        if category.lstrip("* ").casefold() not in _SYSTEM_GROUPS
    }
    if tag:
        tags.add(tag)
    return tags


def _id_and_birthday(number: int, card: Any, raw: str, builder: ResultBuilder) -> dict[str, Any]:
    """The card's UID and birthday as contact fields, when they are usable."""
    fields: dict[str, Any] = {}
    uid = _first(card, "uid")
    if uid:
        try:
            check_id(uid, "UID")
            fields["id"] = uid
        except ValidationError:
            builder.issue(number, "UID", f"not usable as an id: {uid!r}; a new id was made", raw)
    for line in card.contents.get("bday", [])[:1]:
        try:
            fields["birthday"] = _birthday(line)
        except ValidationError as error:
            builder.issue(number, "BDAY", f"{error}; value left out", raw)
    return fields


def _card(number: int, card: Any, raw: str, builder: ResultBuilder, tag: str | None) -> None:
    name = _name(card)
    if not name:
        builder.issue(number, "FN", "the card has no FN, N, ORG or EMAIL; card skipped", raw)
        return
    fields: dict[str, Any] = {
        "name": name,
        "emails": _emails(number, card, raw, builder),
        "phones": [p for p in (_PREFIX.sub("", v).strip() for v in _values(card, "tel")) if p],
        "urls": _urls(card),
        "organization": _first(card, "org") or None,
        "headline": _first(card, "title") or None,
        "tags": _tags(card, tag),
        "notes": "\n\n".join(_values(card, "note")),
    }
    fields.update(_id_and_birthday(number, card, raw, builder))
    builder.add(number, fields, _LABELS, raw)


def write_vcards(contacts: Iterable[Contact]) -> str:
    """The contacts as vCard 3.0 text (CRLF line endings), one card each, in order.

    Raises ImportError naming ``relnet[vcard]`` without vobject.
    """
    try:
        import vobject
        from vobject.vcard import Name
    except ImportError as error:
        raise missing_extra("vobject", "vcard") from error
    return "".join(_vcard(contact, vobject.vCard(), Name) for contact in contacts)


def _vcard(contact: Contact, card: Any, name: Callable[..., Any]) -> str:
    """``contact`` written on the empty vCard ``card``; ``name`` makes its N value."""
    card.add("uid").value = contact.id
    words = contact.name.split()
    family = words[-1] if len(words) > 1 else ""
    given = " ".join(words[:-1]) if len(words) > 1 else contact.name.strip()
    card.add("n").value = name(family=family, given=given)
    card.add("fn").value = contact.name
    for email in contact.emails:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    for kind, values in (("tel", contact.phones), ("url", contact.urls)):
        for value in values:
            card.add(kind).value = value
    optional = {
        "org": [contact.organization] if contact.organization else None,
        "title": contact.headline,
        "bday": None if contact.birthday is None else contact.birthday.isoformat(),
        "categories": sorted(contact.tags),
        "note": contact.notes,
    }
    for kind, written in optional.items():
        if written:
            card.add(kind).value = written
    return str(card.serialize())
