"""Identity keys, sources and decoding, and the shape of import results."""

from __future__ import annotations

import codecs
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relnet import Contact
from relnet.errors import ValidationError
from relnet.interop import ImportIssue, ImportResult
from relnet.interop._source import decode, read_source
from relnet.interop.identity import (
    identity_keys,
    normalize_linkedin_url,
    phone_digits,
    profile_key,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.linkedin.com/in/ada-lovelace", "https://linkedin.com/in/ada-lovelace"),
        ("http://WWW.LINKEDIN.COM/in/Ada-Lovelace/", "https://linkedin.com/in/ada-lovelace"),
        ("https://uk.linkedin.com/in/ada?trk=abc#top", "https://linkedin.com/in/ada"),
        ("linkedin.com/in/ada/details/experience/", "https://linkedin.com/in/ada"),
        (
            "https://www.linkedin.com/pub/ada-lovelace/1/23/456",
            "https://linkedin.com/pub/ada-lovelace/1/23/456",
        ),
        ("https://www.linkedin.com/company/acme", None),
        ("https://notlinkedin.com/in/ada", None),
        ("ftp://linkedin.com/in/ada", None),
        ("not a url", None),
        ("", None),
        ("https://[::1", None),
    ],
)
def test_linkedin_urls(url: str, expected: str | None) -> None:
    assert normalize_linkedin_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://twitter.com/AdaLovelace", "https://x.com/adalovelace"),
        ("https://x.com/adalovelace/", "https://x.com/adalovelace"),
        ("https://github.com/ada/engine", "https://github.com/ada"),
        ("https://github.com/", None),
        ("https://ada.example/about", None),
    ],
)
def test_profile_keys(url: str, expected: str | None) -> None:
    assert profile_key(url) == expected


def test_phone_digits() -> None:
    assert phone_digits("+44 (20) 7946-0958") == "442079460958"
    assert phone_digits("0044 20 7946 0958") == "442079460958"
    assert phone_digits("112") is None


def test_identity_keys() -> None:
    ada = Contact(
        "Ada",
        emails=("Ada@Example.org",),
        phones=("+44 20 7946 0958", "999"),
        urls=("https://ada.example", "https://www.linkedin.com/in/Ada"),
    )
    assert list(identity_keys(ada)) == [
        "email ada@example.org",
        "url https://linkedin.com/in/ada",
        "phone 079460958",
    ]


def test_read_source_accepts_paths_and_files(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"abc")
    assert read_source(path) == b"abc"
    assert read_source(str(path)) == b"abc"
    assert read_source(io.BytesIO(b"abc")) == b"abc"
    assert read_source(io.StringIO("abc")) == "abc"
    with pytest.raises(ValidationError) as caught:
        read_source(42)
    assert caught.value.field == "source"
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path / "missing.csv")


def test_decode_handles_boms_and_refuses_non_text() -> None:
    assert decode(codecs.BOM_UTF8 + "Zoë".encode()) == "Zoë"
    assert decode(codecs.BOM_UTF16_LE + "Zoë".encode("utf-16-le")) == "Zoë"
    assert decode(codecs.BOM_UTF16_BE + "Zoë".encode("utf-16-be")) == "Zoë"
    assert decode("\ufeffZoë") == "Zoë"
    assert decode("Zoë".encode("latin-1"), "latin-1") == "Zoë"
    with pytest.raises(ValidationError) as caught:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8")
    assert caught.value.field == "source"
    assert "UTF-8" in caught.value.expected
    with pytest.raises(ValidationError) as caught:
        decode(b"abc", "no-such-codec")
    assert caught.value.field == "encoding"


def test_import_results() -> None:
    issue = ImportIssue(7, "Birthday", "bad date; value left out", "Ada,,1791-02-30")
    assert str(issue) == "[7, Birthday] bad date; value left out"
    assert str(ImportIssue(3, "", "unreadable", "")) == "[3] unreadable"
    assert ImportResult().ok
    assert not ImportResult(errors=(issue,)).ok


def test_importing_the_interop_package_loads_no_optional_library() -> None:
    code = (
        "import sys, relnet.interop, relnet.interop.linkedin, relnet.interop.google, "
        "relnet.interop.vcard, relnet.interop.ical, relnet.interop.frames, "
        "relnet.interop.plots, relnet.interop.csvexport; "
        "print(sorted(m for m in ('vobject', 'icalendar', 'pandas', 'matplotlib') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
