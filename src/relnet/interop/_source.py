"""Reading what an importer is given: a path, or a file open in text or binary mode."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import IO, Any, TypeAlias

from relnet.errors import ValidationError

__all__ = ["Source", "decode", "lenient_text", "read_source"]

#: What the readers accept: a path, or a file open for reading in text or binary mode.
Source: TypeAlias = "str | os.PathLike[str] | IO[str] | IO[bytes]"

_EXPECTED_TEXT = (
    "UTF-8 or UTF-16 text (pass encoding=, or --encoding, to read another encoding, "
    "e.g. 'cp1252' for a file saved by Excel on Windows)"
)


def read_source(source: Any) -> bytes | str:
    """The whole content of ``source``: bytes from a path or binary file, text otherwise."""
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    read = getattr(source, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, bytes | bytearray | memoryview):
            return bytes(data)
        if isinstance(data, str):
            return data
        raise ValidationError("source", source, "a file whose read() returns str or bytes")
    raise ValidationError("source", source, "a path or a file open for reading")


def decode(data: bytes | str, encoding: str | None = None) -> str:
    """Text from ``data``: UTF-8 (with or without a BOM) or UTF-16 with a BOM by default.

    Raises :class:`~relnet.errors.ValidationError` (field ``source``) only when the
    bytes are not text in that encoding at all.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if encoding is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
            codecs.BOM_UTF8
        ):
            encoding = "utf-16"
        else:
            encoding = "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValidationError("encoding", encoding, "the name of a text encoding") from None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "source", where_undecodable(data, error.start), _EXPECTED_TEXT
        ) from None
    except UnicodeError:
        raise ValidationError("source", preview(data), _EXPECTED_TEXT) from None


def lenient_text(data: bytes) -> str:
    """Text from ``data`` that never fails: UTF-16 when it starts with its BOM (a
    damaged pair of bytes replaced), else UTF-8 (a BOM skipped), else Windows-1252, as
    old Outlook exports and mailers wrote, else Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def where_undecodable(data: bytes, offset: int) -> str:
    r"""Where the byte at ``offset`` is: its line, its offset in the line and in the file.

    >>> where_undecodable(b"name\nCaf\xe9,x", 8)
    "byte 0xe9 at line 2, byte 3 of the line (byte 8 of the file), in b'Caf\\xe9,x'"
    """
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    text = data[max(start, offset - 30) : min(end if end >= 0 else len(data), offset + 30)]
    shown = text.rstrip(b"\r")
    return (
        f"byte 0x{data[offset]:02x} at line {line}, byte {offset - start} of the line "
        f"(byte {offset} of the file), in {shown!r}"
    )


def preview(data: bytes | str, limit: int = 60) -> bytes | str:
    """The start of ``data``, for error messages."""
    return data[:limit]


def shorten(text: str, limit: int = 500) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
