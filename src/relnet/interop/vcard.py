"""Read and write vCards (``.vcf``): versions 2.1, 3.0 and 4.0 in, 3.0 out. Needs ``relnet[vcard]``.

Reading accepts any line ends (CRLF, LF, a lone CR, and the CR CR LF of some iPhone
exports), unfolds continuation lines on the bytes, before decoding, because writers fold
long lines in the middle of UTF-8 sequences, and reads quoted-printable 2.1 cards
from old phones. A property that cannot be decoded (a corrupt PHOTO, a bad
quoted-printable byte, a ``PROFILE`` line) is left out and reported ("value left
out"); the rest of the card is kept. Each card maps to a :class:`~relnet.model.Contact`:

=====================  ==============================================================
vCard                  Contact
=====================  ==============================================================
FN (else N, ORG, …)    ``name``
UID                    ``id`` (when usable as one; otherwise one made from the
                       card's source key, so reading twice gives the same id)
EMAIL, TEL             ``emails``, ``phones`` (``mailto:``/``tel:`` prefixes dropped;
                       several numbers joined by ``:::`` are split)
URL, X-SOCIALPROFILE   ``urls`` (LinkedIn profiles in normal form; non-web social
                       handles such as ``x-apple:…`` are left out)
ORG, TITLE             ``organization`` (its first unit), ``headline``
BDAY                   ``birthday``; ``--MMDD``, ``--MM-DD``, year ``0000`` and Apple's
                       ``X-APPLE-OMIT-YEAR`` give a year-less :class:`~relnet.model.MonthDay`
CATEGORIES             ``tags`` (without Google's ``myContacts``, which every card has)
NOTE                   ``notes``
=====================  ==============================================================

Values are stripped of surrounding spaces and line breaks become ``\\n``; bare commas in
FN, N, ORG, NOTE and TITLE (which some writers, Outlook among them, forget to escape)
are kept, so ``ORG:Company, The;Dept`` is the organization ``Company, The``. A card
with nothing but a phone number is kept, named by the number, and reported. Each card's
source key (:attr:`~relnet.model.Contact.sources`) is its UID, else its first email,
else its first profile URL, else its name, organization and first phone.

Writing produces vCard 3.0 with ``N`` always set: the contact's structured name when a
source gave one (a card's own ``N``, kept in :attr:`~relnet.model.Contact.name_parts`)
and it still fits the name, else split from the name (prefixes such as
``Dr.`` and suffixes such as ``Jr.`` in their own components, the last remaining word as
the family name; empty for an organization's card, whose name is its organization), a
year-less birthday as ``--MM-DD``, the contact's id as ``UID`` so that a card read back
is the same contact, and lines folded at 75 octets (RFC 6350 §3.2) without splitting a
UTF-8 character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pendulum

from relnet.errors import ValidationError
from relnet.identity import normalize_linkedin_url, profile_key
from relnet.interop._builder import SYSTEM_GROUPS, Defaults, ResultBuilder, is_email
from relnet.interop._extras import missing_extra
from relnet.interop._source import Source, decode, read_source
from relnet.interop.result import ImportResult
from relnet.model import Cadence, Circle, Contact, MonthDay, parse_birthday
from relnet.model._check import check_id

__all__ = ["fold_line", "name_parts", "read_vcards", "split_name", "write_vcards"]

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
_LINE_END_BYTES = re.compile(rb"\r*\n|\r")
_LINE_END_TEXT = re.compile(r"\r*\n|\r")
_FOLD_BYTES = re.compile(rb"\n[ \t]")
_FOLD_TEXT = re.compile(r"\n[ \t]")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_PREFIX = re.compile(r"^(mailto|tel):", re.IGNORECASE)
_WEB = re.compile(r"^https?://", re.IGNORECASE)
_SINGLE_TEXT = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:FN|N|ORG|NOTE|TITLE)(?=[;:])", re.IGNORECASE)
_STRUCTURE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:BEGIN|END|VERSION)(?=[;:])", re.IGNORECASE)
_PROPERTY_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")
_QP = re.compile(r"QUOTED-PRINTABLE", re.IGNORECASE)
_BARE_COMMA = re.compile(r"(?<!\\)((?:\\\\)*),")
_ESCAPED_COLON = re.compile(r"(?<!\\)((?:\\\\)*)\\:")


def read_vcards(
    source: Source,
    *,
    tag: str | None = None,
    encoding: str | None = None,
    circle: Circle | str = Circle.ACQUAINTANCE,
    cadence: Cadence | None = None,
    tags: Iterable[str] = (),
) -> ImportResult:
    """Read every card in a ``.vcf`` file (see the module's table).

    ``source`` is a path or an open file (text or binary). A card that cannot be read
    is reported in :attr:`ImportResult.errors` under its 1-based card number and the
    others kept; cards for the same person (same UID, email, profile URL or phone) are
    merged and reported in ``duplicates``. ``tag`` (when given) and ``tags`` are added
    to every contact, which gets the circle ``circle`` and the cadence ``cadence``.
    Raises :class:`~relnet.errors.ValidationError` only if the bytes are not text (or
    an argument is invalid), and ImportError naming ``relnet[vcard]`` without vobject.
    """
    try:
        import vobject
    except ImportError as error:
        raise missing_extra("vobject", "vcard") from error
    text = _unfolded_text(read_source(source), encoding)
    builder = ResultBuilder("vcard", Defaults(circle=circle, cadence=cadence, tags=tags, tag=tag))
    for number, lines, problem in _cards(text):
        raw = "\r\n".join(_protect_commas(line) for line in lines or ()) + "\r\n"
        if problem:
            builder.issue(number, "", problem, raw if lines else "")
        if lines is None:
            continue
        card = _read_card(vobject, number, lines, raw, builder)
        if card is not None:
            _card(number, card, raw, builder)
    return builder.result()


def _read_card(
    vobject: Any, number: int, lines: list[str], raw: str, builder: ResultBuilder
) -> Any:
    """The card parsed, leaving out (and reporting) each property that cannot be read."""
    try:
        return vobject.readOne(raw, allowQP=True)
    except Exception:  # vobject raises many kinds on malformed cards: find the culprits
        pass
    properties = _properties(lines)
    version = next((p for p in properties if p.upper().startswith("VERSION:")), "VERSION:3.0")
    kept = []
    for text in properties:
        if _STRUCTURE.match(text):
            continue
        alone = f"BEGIN:VCARD\r\n{version}\r\n{_protect_commas(text)}\r\nEND:VCARD\r\n"
        try:
            vobject.readOne(alone, allowQP=True)
        except Exception as error:  # one property vobject cannot read
            found = _PROPERTY_NAME.match(text)
            what = found[1].upper() if found else ""
            reason = str(error) or type(error).__name__
            builder.issue(number, what, f"unreadable property ({reason}); value left out", text)
            continue
        kept.append(_protect_commas(text))
    rebuilt = "\r\n".join(["BEGIN:VCARD", version, *kept, "END:VCARD"]) + "\r\n"
    try:
        return vobject.readOne(rebuilt, allowQP=True)
    except Exception as error:  # what is left together still fails
        reason = str(error) or type(error).__name__
        builder.issue(number, "", f"unreadable vCard ({reason}); card skipped", raw)
        return None


def _properties(lines: list[str]) -> list[str]:
    """The card's properties without its first and last line, soft QP breaks joined."""
    out: list[str] = []
    joining = False
    for line in lines[1:-1]:
        if joining:
            out[-1] += "\r\n" + line
        elif line.strip():
            out.append(line)
        else:
            continue
        joining = bool(_QP.search(out[-1].split(":", 1)[0])) and line.endswith("=")
    return out


def _unfolded_text(data: bytes | str, encoding: str | None) -> str:
    utf16 = isinstance(data, bytes) and data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if isinstance(data, bytes) and encoding is None and not utf16:
        lines = _LINE_END_BYTES.sub(b"\n", data.removeprefix(b"\xef\xbb\xbf"))
        return decode(_FOLD_BYTES.sub(b"", lines))
    return _FOLD_TEXT.sub("", _LINE_END_TEXT.sub("\n", decode(data, encoding)))


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
    for line_number, line in enumerate(text.split("\n"), start=1):
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


def _value_start(line: str, start: int = 0) -> int | None:
    """Where a content line's value begins: after its first colon outside quotes."""
    quoted = False
    for position in range(start, len(line)):
        char = line[position]
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return position + 1
    return None


def _protect_commas(line: str) -> str:
    """Escape the bare commas of a text property (FN, N, ORG, NOTE, TITLE), and read
    Apple's escaped colons.

    Some writers leave commas in a note unescaped; vobject would keep only the text
    before the first one. Apple escapes colons (``\\:``), which vCard does not define:
    they are colons (an escaped backslash before a colon stays a backslash).
    """
    start = _value_start(line)
    if start is None:
        return line
    head, value = line[:start], _ESCAPED_COLON.sub(r"\1:", line[start:])
    if _SINGLE_TEXT.match(line):
        value = _BARE_COMMA.sub(r"\1\\,", value)
    return head + value


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


_PARTS = ("family", "given", "additional", "prefix", "suffix")


def _name_parts(card: Any) -> tuple[str, ...]:
    """The card's structured name (its first ``N``), or ``()`` when it has none."""
    for line in card.contents.get("n", []):
        value = line.value
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(";")][: len(_PARTS)]
            parts += [""] * (len(_PARTS) - len(parts))
        else:
            parts = [" ".join(_texts(getattr(value, attribute, ""))) for attribute in _PARTS]
        return tuple(parts) if any(parts) else ()
    return ()


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


def _tags(card: Any) -> set[str]:
    """The card's categories, without the system groups of address books."""
    return {
        category
        for category in _values(card, "categories")
        if category.lstrip("* ").casefold() not in SYSTEM_GROUPS
    }


def _phones(card: Any) -> list[str]:
    phones = []
    for value in _values(card, "tel"):
        for part in value.split(":::"):
            phone = _PREFIX.sub("", part).strip()
            if phone:
                phones.append(phone)
    return phones


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


def _card(number: int, card: Any, raw: str, builder: ResultBuilder) -> None:
    name = _name(card)
    phones = _phones(card)
    if not name and phones:
        name = phones[0]
        builder.issue(number, "FN", "no FN, N, ORG or EMAIL; kept, named by its phone number", raw)
    if not name:
        builder.issue(number, "FN", "the card has no FN, N, ORG, EMAIL or TEL; card skipped", raw)
        return
    fields: dict[str, Any] = {
        "name": name,
        "emails": _emails(number, card, raw, builder),
        "phones": phones,
        "urls": _urls(card),
        "organization": _first(card, "org") or None,
        "headline": _first(card, "title") or None,
        "tags": _tags(card),
        "notes": "\n\n".join(_values(card, "note")),
        "name_parts": _name_parts(card),
    }
    fields.update(_id_and_birthday(number, card, raw, builder))
    uid = _first(card, "uid")
    if uid:
        identity: tuple[str, ...] = ("uid", uid)
    elif fields["emails"]:
        identity = ("email", fields["emails"][0])
    elif any(profile_key(url) for url in fields["urls"]):
        identity = ("url", next(k for k in map(profile_key, fields["urls"]) if k))
    else:
        identity = ("row", name, fields["organization"] or "", *phones[:1])
    builder.add(number, fields, _LABELS, raw, identity)


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


_PREFIXES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "fr"])
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "mba", "dds", "jd"])


def name_parts(contact: Contact) -> dict[str, str]:
    """The parts of ``contact``'s vCard ``N``: its own structured name
    (:attr:`~relnet.model.Contact.name_parts`) while it still fits the name (every word
    of the family, given and additional names is in the name, and every word of the
    name in the parts), else :func:`split_name` of the name.

    >>> parts = ("van Beethoven", "Ludwig", "", "", "")
    >>> name_parts(Contact("Ludwig van Beethoven", name_parts=parts))["family"]
    'van Beethoven'
    >>> name_parts(Contact("Ludwig van Beethoven"))["family"]
    'Beethoven'
    """
    parts = contact.name_parts
    if parts:
        name = _words(contact.name)
        if _words(" ".join(parts[:3])) <= name <= _words(" ".join(parts)):
            return dict(zip(_PARTS, parts, strict=True))
    return split_name(contact.name, contact.organization)


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"\w+", text)}


def split_name(name: str, organization: str | None = None) -> dict[str, str]:
    """The parts of ``name`` for a vCard ``N``: family, given, additional, prefix, suffix.

    Leading titles (``Dr.``, ``Mr.``…) are prefixes, trailing ones (``Jr.``, ``PhD``…)
    suffixes (a comma before them is dropped), the last remaining word the family name,
    the first the given name, and the words between additional names. The name of an
    organization's card (the name is the organization) has no parts.

    >>> split_name("Mr. John Richter, James Doe Sr.")["family"]
    'Doe'
    >>> split_name("Dr. Ada King Lovelace")
    {'family': 'Lovelace', 'given': 'Ada', 'additional': 'King', 'prefix': 'Dr.', 'suffix': ''}
    """
    empty = {"family": "", "given": "", "additional": "", "prefix": "", "suffix": ""}
    if (
        organization
        and " ".join(name.split()).casefold() == " ".join(organization.split()).casefold()
    ):
        return empty
    words = name.split()

    def bare(word: str) -> str:
        return word.strip(".,").casefold()

    prefixes: list[str] = []
    while len(words) > 1 and bare(words[0]) in _PREFIXES:
        prefixes.append(words.pop(0))
    suffixes: list[str] = []
    while len(words) > 1 and bare(words[-1]) in _SUFFIXES:
        suffixes.insert(0, words.pop())
    if suffixes and words:
        words[-1] = words[-1].rstrip(",")
    parts = dict(empty, prefix=" ".join(prefixes), suffix=" ".join(suffixes))
    if len(words) == 1:
        parts["given"] = words[0]
    elif words:
        parts.update(family=words[-1], given=words[0], additional=" ".join(words[1:-1]))
    return parts


def fold_line(line: str, limit: int = 75) -> str:
    r"""``line`` folded into lines of at most ``limit`` octets, never inside a character.

    Continuation lines start with one space (which counts toward their octets).

    >>> fold_line("NOTE:" + "é" * 40).split("\r\n")[1]
    ' ééééé'
    """
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8", "surrogatepass"))
        if size + width > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _vcard(contact: Contact, card: Any, name: Callable[..., Any]) -> str:
    """``contact`` written on the empty vCard ``card``; ``name`` makes its N value."""
    card.add("uid").value = contact.id
    card.add("n").value = name(**name_parts(contact))
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
    text = str(card.serialize(lineLength=1_000_000_000))
    return "".join(fold_line(line) + "\r\n" for line in text.split("\r\n") if line)
