"""Turning relnet values into JSON-ready data and back, and whole stores into documents.

One cattrs converter does the work. Instants are written as fixed-width ISO strings with
the IANA zone name in brackets (``2026-11-05T10:00:00.000000+01:00[Europe/Paris]``), so
they read back as the same instant in the same zone; sets are written sorted, so a
document diffs cleanly. Anything malformed raises
:class:`~relnet.errors.ValidationError` with the path to the bad field.

>>> from relnet import Cadence
>>> from relnet.serialization import dumps, loads
>>> dumps(Cadence.weeks(6))
'{"count": 6, "unit": "week"}'
>>> loads('{"count": 6, "unit": "week"}', Cadence)
Cadence(count=6, unit=<CadenceUnit.WEEK: 'week'>)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from typing import Any, Protocol, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from relnet.errors import ConflictError, NotFoundError, ValidationError
from relnet.model import (
    Commitment,
    Community,
    Contact,
    Dismissal,
    Event,
    Goal,
    Interaction,
    MonthDay,
    Profile,
    Settings,
)
from relnet.model.instants import as_pendulum, in_zone, zone
from relnet.model.monthday import parse_birthday
from relnet.storage import InMemoryStore, Store

__all__ = [
    "DOCUMENT_VERSION",
    "MIGRATIONS",
    "converter",
    "dump_document",
    "dump_store",
    "dumps",
    "format_instant",
    "from_dict",
    "load_document",
    "load_store",
    "loads",
    "parse_instant",
    "to_dict",
]

T = TypeVar("T")

#: The version of the store document this release writes.
DOCUMENT_VERSION = 2


def _add_dismissals(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2: the document gains ``dismissals`` (none yet)."""
    upgraded = dict(document)
    upgraded.setdefault("dismissals", [])
    upgraded["relnet"] = 2
    return upgraded


#: Upgrades of older store documents: ``MIGRATIONS[n]`` turns a version-``n`` document
#: into a version ``n + 1`` one. Version 2 added ``dismissals``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_dismissals}

_INSTANT = re.compile(
    r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?"
    r"(?:Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))(?:\[([^\]]+)\])?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(?::\d{2})?$")


def format_instant(instant: dt.datetime) -> str:
    """``2026-11-05T10:00:00.000000+01:00[Europe/Paris]``: fixed width, zone kept."""
    moment = as_pendulum(instant)
    text = moment.isoformat(timespec="microseconds")
    name = moment.timezone_name
    if name and name[0] not in "+-":
        return f"{text}[{name}]"
    return text


def parse_instant(text: Any, field: str = "") -> pendulum.DateTime:
    """Read what :func:`format_instant` writes (a plain ISO string with an offset too)."""
    if not isinstance(text, str):
        raise ValidationError(field, text, "an ISO 8601 instant string")
    match = _INSTANT.match(text)
    if not match:
        raise ValidationError(
            field, text, "an ISO 8601 instant with an offset, such as 2026-11-05T10:00:00+01:00"
        )
    stamp, name = match.groups()
    try:
        plain = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, text, "a valid ISO 8601 instant") from None
    if name is None:
        # Without a zone name the offset is all there is: keep it as a fixed zone
        # (pendulum would otherwise name a zero offset "UTC").
        offset = plain.utcoffset()
        assert offset is not None  # the pattern requires an offset
        fixed = pendulum.FixedTimezone(int(offset.total_seconds()))
        try:
            return in_zone(plain, fixed)
        except (OverflowError, ValueError):  # at the ends of the calendar
            return pendulum.instance(plain).in_timezone(fixed)
    tz = _named_zone(name, field, text)
    try:
        return in_zone(plain, tz)
    except (OverflowError, ValueError):
        # At the ends of the calendar, where the standard library's conversion through
        # UTC leaves years 1-9999 and pendulum's own may not.
        pass
    try:
        return pendulum.instance(plain).in_timezone(tz)
    except Exception:
        raise ValidationError(field, text, "an instant whose zone is a known IANA zone") from None


def _named_zone(name: str, field: str, text: str) -> pendulum.Timezone:
    """The IANA zone written in brackets (an offset there is refused, as never written)."""
    found = None
    if name[:1] not in ("+", "-"):
        try:
            found = zone(name)
        except ValueError:
            found = None
    if not isinstance(found, pendulum.Timezone):
        raise ValidationError(field, text, "an instant whose zone is a known IANA zone")
    return found


def _iso(
    shape: re.Pattern[str], parse: Callable[[str], T], expected: str, valid: str
) -> Callable[[Any, Any], T]:
    """A structure hook that parses text of ``shape`` with ``parse``; ``expected`` names
    the shape and ``valid`` a value of that shape that exists, in the error."""

    def structure(text: Any, _: Any) -> T:
        if not isinstance(text, str) or not shape.match(text):
            raise ValidationError("", text, expected)
        try:
            return parse(text)
        except ValueError:
            raise ValidationError("", text, valid) from None

    return structure


def _strict(kind: type[T], expected: str) -> Callable[[Any, Any], T]:
    def structure(value: Any, _: Any) -> T:
        if isinstance(value, bool) and kind is not bool:
            raise ValidationError("", value, expected)
        if not isinstance(value, kind):
            raise ValidationError("", value, expected)
        return value

    return structure


def _number(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("", value, "a number")
    return float(value)


def _enum(value: Any, kind: type[Enum]) -> Enum:
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(str(m.value) for m in kind)
        raise ValidationError("", value, f"one of {choices}") from None


def _birthday(value: Any, _: Any) -> pendulum.Date | MonthDay | None:
    if value is None:
        return None
    return parse_birthday(value, "")


def _sorted_list(value: Any) -> list[Any]:
    items = [converter.unstructure(v) for v in value]
    return sorted(items, key=lambda v: (str(type(v)), v))


def _is_set_type(kind: Any) -> bool:
    origin = getattr(kind, "__origin__", kind)
    return isinstance(origin, type) and issubclass(origin, frozenset | set)


def _is_collection_type(kind: Any) -> bool:
    origin = getattr(kind, "__origin__", None)
    return origin in (frozenset, set, tuple, list)


def _collection(conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ValidationError("", _preview(str(value)), "a list")
        args = kind.__args__
        item_type = args[0]
        if kind.__origin__ is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            raise TypeError(f"fixed-length tuples are not supported: {kind}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(conv.structure(item, item_type))
            except Exception as error:
                raise _translate(error, f"[{index}]") from error
        return kind.__origin__(items)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(pendulum.DateTime, format_instant)
    conv.register_structure_hook(pendulum.DateTime, lambda v, _: parse_instant(v))
    conv.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    conv.register_structure_hook(
        pendulum.Date,
        _iso(_DATE, pendulum.Date.fromisoformat, "a date YYYY-MM-DD", "a valid date YYYY-MM-DD"),
    )
    conv.register_unstructure_hook(dt.time, lambda t: t.isoformat(timespec="seconds"))
    conv.register_structure_hook(
        dt.time,
        _iso(_TIME, dt.time.fromisoformat, "a time HH:MM or HH:MM:SS", "a valid time HH:MM:SS"),
    )
    conv.register_unstructure_hook(MonthDay, lambda m: m.isoformat())
    conv.register_structure_hook(MonthDay, lambda v, _: _birthday(v, None))
    conv.register_structure_hook(pendulum.Date | MonthDay | None, _birthday)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook_func(lambda t: isinstance(t, type) and issubclass(t, Enum), _enum)
    conv.register_unstructure_hook_func(_is_set_type, _sorted_list)
    conv.register_unstructure_hook(Enum, lambda e: e.value)
    # StrEnum's MRO puts ``str`` before ``Enum``, so it needs a hook of its own.
    conv.register_unstructure_hook(StrEnum, lambda e: e.value)
    conv.register_structure_hook_func(_is_collection_type, _collection(conv))
    return conv


#: The converter behind every function here; register hooks on it for your own types.
converter = _make_converter()


def to_dict(obj: Any) -> Any:
    """``obj`` as JSON-ready data (dicts, lists, strings, numbers)."""
    return converter.unstructure(obj)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from :func:`to_dict` output.

    Raises ValidationError with the path; when several fields of a record are bad, its
    ``problems`` lists every one of them (unknown keys, missing fields, values of the
    wrong type or refused by the model), not only the first:

    >>> from relnet import Contact
    >>> try:
    ...     from_dict({"name": "", "circle": "best", "version": -1}, Contact)
    ... except ValidationError as error:
    ...     print([problem.field for problem in error.problems])
    ['name', 'circle', 'version']
    """
    try:
        return converter.structure(data, cls)
    except Exception as error:
        first = _translate(error, "")
        problems = _problems(data, cls, "") if isinstance(data, Mapping) else []
        raise (ValidationError.of(problems) if problems else first) from error


def _problems(data: Mapping[str, Any], cls: Any, path: str) -> list[ValidationError]:
    """Every problem of ``data`` as a record of the attrs class ``cls``, field by field:
    unknown keys, missing required fields, and each value that cattrs or the model's
    converter refuses (nested records are looked into the same way)."""
    if not attrs.has(cls):
        return []
    found: list[ValidationError] = []
    fields = attrs.fields(attrs.resolve_types(cls))
    extra = sorted(set(data) - {f.alias for f in fields}, key=str)
    if extra:
        found.append(ValidationError(path, extra, "no unknown keys"))
    for field in fields:
        where = f"{path}.{field.alias}" if path else field.alias
        if field.alias not in data:
            if field.default is attrs.NOTHING:
                found.append(ValidationError(where, None, "a value (the field is required)"))
            continue
        value = data[field.alias]
        if attrs.has(field.type) and isinstance(value, Mapping):
            nested = _problems(value, field.type, where)
            if nested:
                found.extend(nested)
                continue
        found.extend(_field_problems(value, field, where))
    return found


def _field_problems(value: Any, field: Any, where: str) -> list[ValidationError]:
    """The problem of one field's value: refused by cattrs, or by the model's converter."""
    try:
        structured = converter.structure(value, field.type)
        if field.converter is not None:
            field.converter(structured)
    except Exception as error:
        head, _, last = where.rpartition(".")
        return list(_translate(error, head if _names(error, last) else where).problems)
    return []


def _names(error: BaseException, name: str) -> bool:
    """Whether the model's converter already named the field ``name`` in ``error``."""
    if not isinstance(error, ValidationError):
        return False
    return error.field == name or error.field.startswith((name + ".", name + "["))


def dumps(obj: Any) -> str:
    """``obj`` as a JSON string."""
    return json.dumps(to_dict(obj), ensure_ascii=False, allow_nan=False)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Parse a JSON string made by :func:`dumps`. Raises ValidationError."""
    return from_dict(_parse_json(text), cls)


def _parse_json(text: str | bytes) -> Any:
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError("", text, "JSON text")
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")  # a BOM, as a file saved by Notepad opens with
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ValidationError("", _preview(text), f"valid JSON ({error})") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _preview(text: str | bytes | bytearray) -> str | bytes | bytearray:
    return text[:60]


_COLLECTIONS: tuple[tuple[str, type[Any]], ...] = (
    ("contacts", Contact),
    ("communities", Community),
    ("events", Event),
    ("goals", Goal),
    ("interactions", Interaction),
    ("commitments", Commitment),
    ("dismissals", Dismissal),
)


def dump_document(store: Store) -> dict[str, Any]:
    """A whole store as a versioned document (a dict ready for JSON)."""
    document: dict[str, Any] = {
        "relnet": DOCUMENT_VERSION,
        "settings": to_dict(store.get_settings()),
        "profile": to_dict(store.get_profile()),
        "contacts": [to_dict(c) for c in store.contacts()],
        "communities": [to_dict(c) for c in store.communities()],
        "events": [to_dict(e) for e in store.events()],
        "goals": [to_dict(g) for g in store.goals()],
        "interactions": [to_dict(i) for i in store.interactions()],
        "commitments": [to_dict(c) for c in store.commitments()],
        "dismissals": [to_dict(d) for d in store.dismissals()],
    }
    return document


def dump_store(store: Store) -> str:
    """A whole store as an indented JSON document: ``{"relnet": 2, ...}``."""
    return json.dumps(dump_document(store), ensure_ascii=False, allow_nan=False, indent=1)


def load_document(document: Any) -> InMemoryStore:
    """Build an :class:`InMemoryStore` from a document, migrating older versions.

    Raises ValidationError (with the path of the bad field) for any malformed document,
    a future version, a repeated id or a reference to a record the document lacks.
    """
    upgraded = _upgraded(document)
    settings = from_dict(upgraded["settings"], Settings) if "settings" in upgraded else None
    profile = from_dict(upgraded["profile"], Profile) if "profile" in upgraded else None
    records = {name: _parsed(upgraded, name, cls) for name, cls in _COLLECTIONS}
    try:
        return InMemoryStore.from_records(settings=settings, profile=profile, **records)
    except NotFoundError as error:
        raise ValidationError(error.kind, error.id, f"a {error.kind} the document holds") from error
    except ConflictError as error:
        raise ValidationError("id", str(error), "ids that appear once") from error


def _upgraded(document: Any) -> dict[str, Any]:
    """The document migrated to the current version, its version and keys checked."""
    if not isinstance(document, Mapping):
        raise ValidationError("", _preview(str(document)), "a JSON object")
    version = document.get("relnet")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError("relnet", version, "a document version number (1 or more)")
    if version > DOCUMENT_VERSION:
        raise ValidationError(
            "relnet", version, f"a document version of at most {DOCUMENT_VERSION}; upgrade relnet"
        )
    upgraded = dict(document)
    while version < DOCUMENT_VERSION:
        upgraded = MIGRATIONS[version](upgraded)
        version += 1
    known = {"relnet", "settings", "profile", *(name for name, _ in _COLLECTIONS)}
    for key in upgraded:
        if key not in known:
            raise ValidationError(str(key), "...", f"one of the document's keys: {sorted(known)}")
    return upgraded


def _parsed(document: Mapping[str, Any], name: str, cls: type[Any]) -> list[Any]:
    """The records of the collection ``name``; each bad one is named by its index, and
    the error lists the problems of every bad record of the collection."""
    items = document.get(name, [])
    if not isinstance(items, list):
        raise ValidationError(name, _preview(str(items)), "a list")
    parsed = []
    problems: list[ValidationError] = []
    for index, item in enumerate(items):
        try:
            parsed.append(from_dict(item, cls))
        except ValidationError as error:
            problems.append(error.at(f"{name}[{index}]"))
    if problems:
        raise ValidationError.of(problems)
    return parsed


class _PathLike(Protocol):
    def __fspath__(self) -> str: ...


class _Readable(Protocol):
    def read(self) -> str | bytes: ...


def load_store(source: str | bytes | _PathLike | _Readable) -> InMemoryStore:
    """Parse a document written by :func:`dump_store` into an :class:`InMemoryStore`.

    ``source`` is the document's text (``str`` or ``bytes``), a path
    (:class:`pathlib.Path` or any ``os.PathLike``) or an open file, as the importers
    take. Raises ValidationError for a malformed document, OSError for an unreadable
    file.
    """
    return load_document(_parse_json(_document_text(source)))


def _document_text(source: Any) -> Any:
    """The text of ``source``: itself, a path's bytes or what an open file reads."""
    fspath = getattr(source, "__fspath__", None)
    if fspath is not None and not isinstance(source, str | bytes | bytearray):
        with open(fspath(), "rb") as stream:
            return stream.read()
    read = getattr(source, "read", None)
    if callable(read):
        return read()
    return source


def _translate(error: BaseException, path: str) -> ValidationError:
    """Turn whatever cattrs or a constructor raised into one ValidationError with a path."""
    if isinstance(error, ValidationError):
        # Nested values name their own fields ("cadence.count"): do not repeat the step.
        head, _, last = path.rpartition(".")
        if last and (error.field == last or error.field.startswith(last + ".")):
            return error.at(head)
        return error.at(path)
    if isinstance(error, ForbiddenExtraKeysError):
        return ValidationError(path, sorted(error.extra_fields), "no unknown keys")
    if isinstance(error, ClassValidationError | IterableValidationError):
        return _translate_group(error, path)
    if isinstance(error, KeyError):
        return ValidationError(path, None, f"the required field {error}")
    if isinstance(error, AttributeError) and "keys" in str(error):
        return ValidationError(path, "...", "an object (a JSON dict)")
    if isinstance(error, TypeError | AttributeError) and "argument" in str(error):
        return ValidationError(path, None, f"a complete record ({error})")
    return ValidationError(path, type(error).__name__, f"well-formed data ({error})")


def _translate_group(
    error: ClassValidationError | IterableValidationError, path: str
) -> ValidationError:
    """The first error of a cattrs group, its path extended by the field or index it names."""
    for sub in error.exceptions:
        step = _step(sub)
        where = f"{path}{step}" if path or not step.startswith(".") else step[1:]
        if isinstance(sub, KeyError) and step:
            return ValidationError(where, None, "a value (the field is required)")
        return _translate(sub, where)
    return ValidationError(path, None, str(error))


def _step(error: BaseException) -> str:
    """The path step cattrs noted on ``error``: ``.field``, ``[index]`` or nothing."""
    step = ""
    for note in getattr(error, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            step = f".{note.name}"
        elif isinstance(note, IterableValidationNote):
            step = f"[{note.index}]"
    return step
