"""Interactions from a mail archive: an mbox file, a Maildir or a folder of ``.eml`` files.

Only the headers are read, never the bodies, with the standard library's
:mod:`mailbox` and :mod:`email` (``policy.default``: RFC 2047 names decoded, dates
aware). Each message becomes one email interaction:

* ``From`` against your addresses gives the direction: a message you sent is
  outbound to everyone in ``To``, ``Cc`` and ``Bcc`` but you; a message you received
  is inbound from its sender;
* ``Date`` is when it happened, the ``Subject`` the summary, and the ``Message-ID``
  its source key (the interaction's id derives from it, so a message met twice — a
  sent-folder copy, a newer export — is one interaction);
* bulk mail (``List-Id``, ``List-Unsubscribe``, ``Precedence: bulk|list|junk``),
  messages with more than 20 recipients, mail from no-reply senders, mail only to
  yourself and repeats are skipped and counted;
* auto-replies (``Auto-Submitted`` other than ``no``, ``X-Autoreply``,
  ``X-Autorespond``) are kept with ``auto_reply=True``: they touch nobody;
* an inbound message that has you only in ``Cc`` (or ``Bcc``), or that went to more
  than 5 people, expects no reply; any other inbound message does, as the policy says.

Headers are read as UTF-8, raw (RFC 6532) or encoded (RFC 2047); header bytes that are
not UTF-8 (names and subjects written raw in Latin-1 or Windows-1252 by old mailers)
are read as Windows-1252, and a UTF-8 BOM at the start of an ``.eml`` or mbox file is
skipped.

A message that cannot be read (no ``Date``, an unparsable address) is reported in
:attr:`~relnet.interop.capture.CaptureResult.errors` with its position and Message-ID,
and the rest is read.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email.policy
import functools
import mailbox
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any, BinaryIO

from relnet.errors import ValidationError
from relnet.interop._builder import is_email
from relnet.interop._source import lenient_text
from relnet.interop.capture import (
    CaptureIssue,
    CaptureResult,
    Collected,
    CreateMode,
    Owner,
    check_bound,
    stable_id,
    within,
)
from relnet.model import Channel, ContactId, Direction, Interaction, InteractionId

__all__ = ["MAX_RECIPIENTS", "REPLY_RECIPIENTS", "read_mail"]

#: Messages with more recipients than this are skipped as bulk.
MAX_RECIPIENTS = 20
#: Inbound messages sent to more people than this expect no reply.
REPLY_RECIPIENTS = 5

_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?)([-+_.].*)?$",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = {"bulk", "list", "junk"}
_SUMMARY_LIMIT = 300
_PARSER = HeaderParser(policy=email.policy.default)
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _head(data: bytes) -> bytes:
    for end in (b"\n\n", b"\r\n\r\n"):
        position = data.find(end)
        if position >= 0:
            return data[: position + len(end)]
    return data


#: Opens a message's bytes: a file of lines to read the headers from.
_Opener = Callable[[], AbstractContextManager[Iterable[bytes]]]


def _header_lines(opened: _Opener) -> bytes:
    """A message's lines up to the blank line that ends its headers: the body, however
    large, is never read."""
    lines = []
    with opened() as file:
        for line in file:
            lines.append(line)
            if line in (b"\n", b"\r\n"):
                break
    return b"".join(lines)


def _open_binary(path: Path) -> BinaryIO:
    return path.open("rb")


def _headers_of(opened: _Opener) -> Callable[[], bytes]:
    return functools.partial(_header_lines, opened)


def _sources(path: Path) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Each message's position label and a reader of its header lines."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            maildir = mailbox.Maildir(path, factory=None, create=False)
            for number, key in enumerate(sorted(maildir.keys()), 1):
                reader = _headers_of(functools.partial(maildir.get_file, key))
                yield f"message {number} ({key})", reader
            return
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
        for number, file in enumerate(files, 1):
            yield (
                f"message {number} ({file.name})",
                _headers_of(functools.partial(_open_binary, file)),
            )
        return
    if path.suffix.lower() == ".eml":
        yield f"message 1 ({path.name})", _headers_of(functools.partial(_open_binary, path))
        return
    hidden = _hidden_by_a_bom(path)
    if hidden is not None:
        yield "message 1", _headers_of(hidden)
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for number, key in enumerate(box.keys(), 1 + (hidden is not None)):
            yield f"message {number}", _headers_of(functools.partial(box.get_file, key))
    finally:
        box.close()


def _hidden_by_a_bom(path: Path) -> _Opener | None:
    """The first message of an mbox file that starts with a UTF-8 BOM, which hides its
    ``From`` line from :mod:`mailbox` (the message would be lost without a word)."""
    start = codecs.BOM_UTF8 + b"From "
    with path.open("rb") as file:
        if file.read(len(start)) != start:
            return None

    @contextlib.contextmanager
    def opened() -> Iterator[BinaryIO]:
        with path.open("rb") as file:
            file.seek(len(codecs.BOM_UTF8))
            file.readline()  # the From line
            yield file

    return opened


def _addresses(message: EmailMessage, name: str) -> tuple[Address, ...]:
    found: list[Address] = []
    headers = message.get_all(name) or ()
    written: list[str] | None = None
    for index, header in enumerate(headers):
        addresses = getattr(header, "addresses", ())
        if any(not a.display_name for a in addresses):
            if written is None:  # the parsed header has lost the comments that name people
                key = name.casefold()
                written = [str(v) for k, v in message.raw_items() if k.casefold() == key]
            if index < len(written) and "(" in written[index]:
                addresses = _commented(addresses, written[index])
        found.extend(addresses)
    return tuple(found)


def _commented(addresses: Iterable[Address], text: str) -> list[Address]:
    """``addresses`` with the old form's names (``ada@example.org (Ada Lovelace)``,
    a comment, which the header parser leaves out) as their display names."""
    names = {addr.casefold(): name for name, addr in getaddresses([text]) if name and addr}
    return [
        a
        if a.display_name or a.addr_spec.casefold() not in names
        else Address(names[a.addr_spec.casefold()], addr_spec=a.addr_spec)
        for a in addresses
    ]


class _BadMessageError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _checked(addresses: Iterable[Address], field: str) -> tuple[Address, ...]:
    out = []
    for address in addresses:
        if not is_email(address.addr_spec):
            raise _BadMessageError(field, f"not an email address: {str(address)!r}")
        out.append(address)
    return tuple(out)


def _when(message: EmailMessage) -> dt.datetime:
    header = message.get("Date")
    if header is None:
        raise _BadMessageError("Date", "no Date header")
    when = getattr(header, "datetime", None)
    if not isinstance(when, dt.datetime):
        raise _BadMessageError("Date", f"not a date: {str(header)!r}")
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when


def _flag(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return "" if value is None else str(value).strip().casefold()


def _bulk(message: EmailMessage) -> bool:
    return (
        message.get("List-Id") is not None
        or message.get("List-Unsubscribe") is not None
        or _flag(message, "Precedence") in _BULK_PRECEDENCE
    )


def _auto_reply(message: EmailMessage) -> bool:
    submitted = _flag(message, "Auto-Submitted")
    return (
        (bool(submitted) and submitted != "no")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )


def _no_reply(address: Address) -> bool:
    return bool(_NO_REPLY.match(address.username))


class _Reader(Collected):
    def __init__(
        self,
        owner: Owner,
        since: dt.datetime | None,
        until: dt.datetime | None,
        known: Callable[[InteractionId], bool] | None = None,
    ) -> None:
        super().__init__(owner)
        self.known = known
        self.since = since
        self.until = until

    def skip(self, why: str) -> None:
        self.skipped[why] += 1

    def read(self, where: str, data: bytes) -> None:
        head = _head(data)
        if self.known is not None:
            found = _MESSAGE_ID.search(head)
            if found is not None and found.group(1):
                key = found.group(1).decode("ascii", "replace")
                if self.known(InteractionId(stable_id("mail", key))):
                    self.seen.add(key)
                    self.skip("already captured")
                    return
        # Raw UTF-8 names are allowed since RFC 6532 (the bytes parser keeps them as
        # escapes); old mailers wrote Latin-1 ones raw; a BOM would hide the first header.
        message = _PARSER.parsestr(lenient_text(head))
        key = str(message.get("Message-ID") or "").strip()
        label = f"{where} {key}" if key else where
        try:
            self._message(message, key)
        except _BadMessageError as bad:
            self.errors.append(CaptureIssue(label, bad.field, f"{bad}; message skipped"))
        except Exception as error:
            self.errors.append(
                CaptureIssue(label, "", f"unreadable headers ({error}); message skipped")
            )

    def _others(
        self, outbound: bool, senders: tuple[Address, ...], recipients: tuple[Address, ...]
    ) -> list[Address]:
        if not outbound:
            return list(senders)
        return [a for a in recipients if not self.owner.is_email(a.addr_spec) and not _no_reply(a)]

    def _skip_reason(
        self,
        message: EmailMessage,
        when: dt.datetime,
        senders: tuple[Address, ...],
        recipients: tuple[Address, ...],
        others: list[Address],
        *,
        outbound: bool,
    ) -> str:
        if not within(when, self.since, self.until):
            return "outside the dates"
        if _bulk(message):
            return "bulk"
        if len(recipients) > MAX_RECIPIENTS:
            return "too many recipients"
        if not outbound and any(_no_reply(a) for a in senders):
            return "no-reply sender"
        if not others:
            return "nobody else"
        return ""

    def _message(self, message: EmailMessage, key: str) -> None:
        if not message.keys():
            raise _BadMessageError("", "no mail headers")
        senders = _checked(_addresses(message, "From"), "From")
        if not senders:
            raise _BadMessageError("From", "no sender address")
        when = _when(message)
        to = _checked(_addresses(message, "To"), "To")
        cc = _checked(_addresses(message, "Cc"), "Cc")
        subject = " ".join(str(message.get("Subject") or "").split())
        if not key:
            key = "\x1f".join((when.isoformat(), senders[0].addr_spec.casefold(), subject))
        if key in self.seen:
            self.skip("duplicate")
            return
        self.seen.add(key)
        outbound = any(self.owner.is_email(a.addr_spec) for a in senders)
        recipients = to + cc
        if outbound:
            recipients += _checked(_addresses(message, "Bcc"), "Bcc")
        others = self._others(outbound, senders, recipients)
        why = self._skip_reason(message, when, senders, recipients, others, outbound=outbound)
        if why:
            self.skip(why)
            return
        participants: list[ContactId] = [
            self.people.email(a.addr_spec, a.display_name) for a in others
        ]
        fields: dict[str, Any] = {}
        if not outbound and (
            not any(self.owner.is_email(a.addr_spec) for a in to) or len(to + cc) > REPLY_RECIPIENTS
        ):
            fields["expects_reply"] = False
        self.interactions.append(
            Interaction(
                participants,
                when,
                Channel.EMAIL,
                direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
                auto_reply=_auto_reply(message),
                summary=subject[:_SUMMARY_LIMIT],
                id=InteractionId(stable_id("mail", key)),
                **fields,
            )
        )


def read_mail(
    source: str | Path,
    *,
    me: Iterable[str] | str | None = None,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
    create: CreateMode = "contacted",
    progress: Callable[[int], None] | None = None,
    known: Callable[[InteractionId], bool] | None = None,
) -> CaptureResult:
    """Read a mail archive's headers into interactions (see the module's rules).

    ``source`` is an mbox file (Gmail Takeout, Thunderbird), a Maildir (a folder with
    ``cur`` and ``new``), a folder of ``.eml`` files (searched recursively) or one
    ``.eml`` file. ``me`` holds your email addresses (required: the readers have no
    store to read :attr:`relnet.model.Settings.me` from); messages dated before
    ``since`` or from ``until`` on are skipped; ``create`` is carried to
    :func:`~relnet.interop.capture_into`. ``progress(n)`` is called after every
    ``n`` messages read. ``known(id)`` says whether an interaction is already stored
    (pass ``lambda i: relnet.interop.capture.stored(store, i)``): a message whose
    ``Message-ID`` gives a known id is then skipped before its headers are parsed, and
    counted as ``"already captured"``, which makes capturing a newer export fast.

    Raises :class:`~relnet.errors.ValidationError` when ``me`` is missing, a bound is
    naive, or ``source`` holds no mail at all (an empty mbox file is an empty archive);
    a message that cannot be read is reported in the result's ``errors`` and the rest
    read.
    """
    owner = Owner(me)
    reader = _Reader(owner, check_bound(since, "since"), check_bound(until, "until"), known)
    path = Path(source)
    if not path.exists():
        raise ValidationError("source", str(source), "an mbox file, a Maildir or a folder")
    count = 0
    try:
        for where, load in _sources(path):
            try:
                data = load()
            except OSError as error:
                reader.errors.append(CaptureIssue(where, "", f"unreadable file: {error}"))
                continue
            reader.read(where, data)
            count += 1
            if progress is not None and count % 500 == 0:
                progress(500)
    except (mailbox.Error, OSError) as error:
        raise ValidationError("source", str(source), f"a readable mail archive ({error})") from None
    if progress is not None:
        progress(count % 500)
    if count == 0 and not (path.is_file() and path.stat().st_size == 0):
        raise ValidationError(
            "source",
            str(source),
            "an mbox file, a Maildir or a folder of .eml files holding at least one message",
        )
    return reader.result(create)
