"""Readers never raise on malformed input: every problem lands in ImportResult.errors."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.interop import ImportResult
from relnet.interop.google import read_contacts
from relnet.interop.linkedin import parse_connected_on, read_connections
from relnet.interop.vcard import read_vcards

READERS: list[Callable[..., ImportResult]] = [read_connections, read_contacts, read_vcards]
reader_ids = ["linkedin", "google", "vcard"]


def _check(result: ImportResult) -> None:
    assert isinstance(result, ImportResult)
    assert len(result.contacts) == len(result.origins)
    for issue in result.errors:
        assert isinstance(issue.line_or_record, int)
        assert issue.message


@pytest.mark.parametrize("read", READERS, ids=reader_ids)
@given(text=st.text())
def test_any_text(read: Callable[..., ImportResult], text: str) -> None:
    _check(read(io.StringIO(text)))


def _decodes(data: bytes, *, unfold: bool) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        if unfold:  # vCards are unfolded before decoding
            lines = re.sub(rb"\r*\n|\r", b"\n", data.removeprefix(b"\xef\xbb\xbf"))
            data = re.sub(rb"\n[ \t]", b"", lines)
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("read", READERS, ids=reader_ids)
@given(data=st.binary(max_size=400))
def test_any_bytes(read: Callable[..., ImportResult], data: bytes) -> None:
    if _decodes(data, unfold=read is read_vcards):
        _check(read(io.BytesIO(data)))
    else:
        with pytest.raises(ValidationError) as caught:
            read(io.BytesIO(data))
        assert caught.value.field == "source"


@pytest.mark.parametrize("read", READERS, ids=reader_ids)
@given(text=st.text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_text_in_any_supported_encoding(
    read: Callable[..., ImportResult], text: str, encoding: str
) -> None:
    _check(read(io.BytesIO(text.encode(encoding, "surrogatepass"))))


_cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "15 Mar 2024",
            "2024-02-30",
            "--12-10",
            "--13-40",
            "ada@example.org",
            "a@",
            "https://www.linkedin.com/in/x",
            "http://[::1",
            "a ::: b ::: * myContacts",
            "* starred",
            '"quoted, with comma"',
            "line\nbreak",
            "+44 20 7946 0958",
        ]
    ),
)

LINKEDIN_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
GOOGLE_HEADERS = [
    [
        "First Name",
        "Middle Name",
        "Last Name",
        "Nickname",
        "Organization Name",
        "Organization Title",
        "Birthday",
        "Notes",
        "Labels",
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "Phone 1 - Value",
        "Website 1 - Value",
    ],
    [
        "Name",
        "Given Name",
        "Additional Name",
        "Family Name",
        "Birthday",
        "Notes",
        "Group Membership",
        "E-mail 1 - Type",
        "E-mail 1 - Value",
        "Phone 1 - Value",
        "Organization 1 - Name",
        "Organization 1 - Title",
        "Website 1 - Value",
    ],
]


def _csv(header: list[str], rows: list[list[str]], preamble: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return preamble + out.getvalue()


@given(
    rows=st.lists(st.lists(_cells, max_size=9), max_size=6),
    preamble=st.sampled_from(["", "Notes:\n", 'Notes:\n"x, y"\n\n', '"unclosed\n']),
    tail=st.text(max_size=20),
)
def test_linkedin_shaped_files(rows: list[list[str]], preamble: str, tail: str) -> None:
    _check(read_connections(io.StringIO(_csv(LINKEDIN_HEADER, rows, preamble) + tail)))


@given(
    header=st.sampled_from(GOOGLE_HEADERS),
    rows=st.lists(st.lists(_cells, max_size=14), max_size=6),
    tail=st.text(max_size=20),
)
def test_google_shaped_files(header: list[str], rows: list[list[str]], tail: str) -> None:
    _check(read_contacts(io.StringIO(_csv(header, rows, "") + tail)))


_names = st.sampled_from(
    [
        "FN",
        "N",
        "EMAIL",
        "TEL",
        "BDAY",
        "CATEGORIES",
        "NOTE",
        "ORG",
        "TITLE",
        "URL",
        "UID",
        "X-SOCIALPROFILE",
        "item1.URL",
        "PHOTO",
        "AGENT",
        "ADR",
        "VERSION",
        "begin",
        "END",
        "X-",
    ]
)
_params = st.sampled_from(
    [
        "",
        ";ENCODING=QUOTED-PRINTABLE",
        ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE",
        ";CHARSET=ISO-8859-1",
        ";X-APPLE-OMIT-YEAR=1604",
        ";VALUE=uri",
        ";ENCODING=b",
        ";TYPE=",
        ';type="a:b"',
        ";ENCODING=BASE64",
        ";=",
        ";CHARSET=no-such-charset;ENCODING=QUOTED-PRINTABLE",
    ]
)
_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "1604-12-10",
            "--1210",
            "--12-10",
            "0000-02-29",
            "19991301",
            "=C3=BC=",
            "=ZZ",
            "a\\,b,c",
            ";;;;",
            "tel:+1",
            "mailto:a@b",
            "http\\://x",
            "x-apple:ada",
            "VCARD",
            "AAAA",
            "=====",
        ]
    ),
)
_lines = st.one_of(
    st.sampled_from(
        ["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", " ", "\t"]
    ),
    st.builds("{}{}:{}".format, _names, _params, _values),
    st.text(max_size=15),
)


@given(
    lines=st.lists(_lines, max_size=25),
    newline=st.sampled_from(["\r\n", "\n", "\r"]),
    as_bytes=st.booleans(),
)
def test_vcard_shaped_files(lines: list[str], newline: str, as_bytes: bool) -> None:
    text = newline.join(["BEGIN:VCARD", *lines, "END:VCARD"])
    source: Any = io.BytesIO(text.encode("utf-8")) if as_bytes else io.StringIO(text)
    _check(read_vcards(source))


@given(st.text(max_size=30))
def test_connected_on_never_raises(text: str) -> None:
    parsed = parse_connected_on(text)
    assert parsed is None or parsed.timezone_name == "UTC"


@pytest.mark.parametrize("read", READERS, ids=reader_ids)
@given(data=st.binary(max_size=300))
def test_any_bytes_read_as_windows_1252(read: Callable[..., ImportResult], data: bytes) -> None:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        with pytest.raises(ValidationError) as caught:
            read(io.BytesIO(data), encoding="cp1252")
        assert caught.value.field == "source"
        assert "at line" in str(caught.value)
    else:
        _check(read(io.BytesIO(data), encoding="cp1252"))


_PROPERTY = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}{}:{}".format,
        st.sampled_from(["FN", "N", "ORG", "TEL", "EMAIL", "PHOTO", "PROFILE", "BDAY", "UID"]),
        st.sampled_from(["", ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b", ";TYPE=CELL"]),
        st.text(max_size=30),
    ),
)


@given(
    cards=st.lists(st.lists(_PROPERTY, max_size=6), max_size=4),
    end=st.sampled_from(["\r\n", "\n", "\r", "\r\r\n"]),
)
def test_cards_with_random_properties_lose_only_what_is_reported(
    cards: list[list[str]], end: str
) -> None:
    text = "".join(
        end.join(["BEGIN:VCARD", "VERSION:3.0", "FN:Someone", *props, "END:VCARD"]) + end
        for props in cards
    )
    result = read_vcards(io.BytesIO(text.encode("utf-8", "surrogatepass")))
    _check(result)
