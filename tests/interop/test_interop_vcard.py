"""Reading vCards 2.1, 3.0 and 4.0, writing 3.0, and the round trip."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

pytest.importorskip("vobject")

import pendulum
import vobject
from hypothesis import given
from hypothesis import strategies as st

from relnet.interop.vcard import read_vcards, write_vcards
from relnet.model import Contact, MonthDay


def test_apple_cards_folded_inside_utf8_sequences(data: Path) -> None:
    raw = (data / "vcard" / "apple.vcf").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the folds split characters: only unfolding first works
    result = read_vcards(data / "vcard" / "apple.vcf")
    assert result.ok
    ada, kurt = result.contacts
    assert ada.name == "Ada Lovelace"
    assert ada.id == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
    assert ada.organization == "Analytical Engines, Ltd"
    assert ada.headline == "Countess of Lovelace"
    assert ada.emails == ("ada@example.org",)
    assert ada.phones == ("+44 20 7946 0958",)
    assert ada.urls == ("https://ada.example", "https://linkedin.com/in/ada-lovelace")
    assert ada.birthday == MonthDay(12, 10)  # X-APPLE-OMIT-YEAR=1604
    assert ada.tags == {"Mathematicians", "Poets"}
    assert ada.notes.startswith("Met at Babbage’s salon, in autumn 1833 — talked")
    assert (
        "Analytical Engine’s Note G, Bernoulli numbers and poetical science; ça va très"
        in ada.notes
    )
    assert ada.notes.endswith("数学者と詩人。")
    assert kurt.name == "Kurt Gödel"
    assert kurt.birthday == pendulum.date(1906, 4, 28)
    assert kurt.notes.startswith("Ünvollständigkeitssätze — «Über")


def test_google_cards_with_bom(data: Path) -> None:
    result = read_vcards(data / "vcard" / "google.vcf")
    grace, someone = result.contacts
    assert grace.name == "Grace Hopper"
    assert grace.birthday == MonthDay(12, 9)  # --1209
    assert grace.organization == "US Navy"  # item1.ORG
    assert grace.headline == "Rear Admiral"
    assert grace.urls == ("https://linkedin.com/in/gracehopper",)
    assert grace.tags == {"starred", "Navy"}  # not myContacts
    assert grace.notes == "COBOL, compilers\nand nanoseconds"
    assert someone.name == "someone@example.org"  # empty FN and N: named by email


def test_version_4_cards(data: Path) -> None:
    (katherine,) = read_vcards(data / "vcard" / "v4.vcf").contacts
    assert katherine.name == "Katherine Johnson"
    assert katherine.birthday == MonthDay(8, 26)
    assert katherine.phones == ("+1-757-555-0142",)  # tel: URI
    assert katherine.organization == "NASA"
    assert katherine.tags == {"nasa", "computers,human"}
    assert katherine.notes == "Trajectory for Freedom 7; orbital equations."
    assert katherine.id == "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"


def test_quoted_printable_cards_from_old_phones(data: Path) -> None:
    result = read_vcards(data / "vcard" / "nokia21.vcf")
    assert result.ok
    juergen, anna = result.contacts
    assert juergen.name == "Jürgen Müller"
    assert juergen.phones == ("+49 30 1234567", "+49 30 7654321")
    assert juergen.notes == "Erste Zeile\nzweite Zeile mit äöü"
    assert anna.name == "Anna Svensson"  # built from N
    assert anna.birthday == pendulum.date(1980, 1, 15)


def test_bad_cards_are_reported_by_number_and_good_ones_kept(data: Path) -> None:
    result = read_vcards(data / "vcard" / "broken.vcf")
    assert [c.name for c in result.contacts] == ["Good One", "Bad Birthday", "Last Card"]
    assert result.origins == (1, 2, 5)
    problems = [(e.line_or_record, e.field) for e in result.errors]
    assert problems == [
        (2, ""),
        (2, "EMAIL"),
        (2, "BDAY"),
        (3, "FN"),
        (4, "THIS"),
        (4, "FN"),
        (4, "FN"),
        (5, ""),
    ]
    assert "outside any BEGIN:VCARD" in result.errors[0].message
    assert "value left out" in result.errors[4].message
    assert "value left out" in result.errors[5].message
    assert "card skipped" in result.errors[6].message
    assert "no END:VCARD" in result.errors[7].message


def test_cards_with_the_same_uid_or_email_are_merged() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nUID:x1\nTEL:+44 20 7946 0958\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada L\nUID:x1\nEMAIL:ada@example.org\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:A. Lovelace\nEMAIL:ADA@example.org\nNOTE:poet\nEND:VCARD\n"
    )
    result = read_vcards(io.StringIO(text))
    (ada,) = result.contacts
    assert (ada.name, ada.id, ada.emails, ada.notes) == ("Ada", "x1", ("ada@example.org",), "poet")
    assert [(d.line_or_record, d.duplicate_of) for d in result.duplicates] == [(2, 1), (3, 1)]
    assert [d.matched_on for d in result.duplicates] == ["id x1", "email ada@example.org"]


def test_folded_text_input_and_lf_line_ends() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Love\n lace\nNOTE:one\n\t two\nEND:VCARD\n"
    (ada,) = read_vcards(io.StringIO(text)).contacts
    # Unfolding removes the line break and the one space or tab after it.
    assert (ada.name, ada.notes) == ("Ada Lovelace", "one two")


def test_unescaped_commas_in_a_note_are_kept() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lovelace, Ada\r\n"
        'item1.NOTE;X-LABEL="a:b":met in London, Paris\\, and Turin\r\n'
        "TITLE:Countess, poet\r\nEND:VCARD\r\n"
    )
    (ada,) = read_vcards(io.StringIO(text)).contacts
    assert ada.name == "Lovelace, Ada"
    assert ada.notes == "met in London, Paris, and Turin"
    assert ada.headline == "Countess, poet"


def test_export_always_sets_n_and_reads_back_with_vobject() -> None:
    ada = Contact(
        "Ada King Lovelace",
        id="ada",
        emails=("ada@example.org",),
        birthday=MonthDay(12, 10),
        organization="Analytical Engines; Ltd",
        tags={"poets", "a,b"},
        notes="line one\nline two; with, punctuation",
    )
    mono = Contact("Plato", id="plato", birthday=pendulum.date(1900, 1, 2))
    text = write_vcards([ada, mono])
    assert text.count("BEGIN:VCARD") == 2
    assert "\r\n" in text
    cards = list(vobject.readComponents(text))
    assert cards[0].n.value.family == "Lovelace"
    assert cards[0].n.value.given == "Ada"
    assert cards[0].n.value.additional == "King"
    assert cards[0].bday.value == "--12-10"
    assert cards[0].uid.value == "ada"
    assert cards[0].org.value == ["Analytical Engines; Ltd"]
    assert cards[1].n.value.given == "Plato"
    assert cards[1].bday.value == "1900-01-02"
    assert "VERSION:3.0" in text


def test_missing_vobject_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vobject", None)
    with pytest.raises(ImportError, match=r"relnet\[vcard\]"):
        read_vcards(io.StringIO(""))
    with pytest.raises(ImportError, match=r"relnet\[vcard\]"):
        write_vcards([])


# -- the round trip -------------------------------------------------------------------

_LETTERS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029\x85"
)


def _stripped(alphabet: st.SearchStrategy[str], max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


_emails = st.builds(
    "{}@{}.{}".format,
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=12),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12),
    st.sampled_from(["org", "com", "example", "de"]),
)
_phones = st.builds(
    "+{} {}".format, st.integers(1, 999), st.text("0123456789 -", min_size=7, max_size=15)
).map(str.strip)
_urls = st.one_of(
    st.builds("https://linkedin.com/in/{}".format, st.text("abcdefghij0123456789-", min_size=1)),
    st.builds(
        "https://{}.example/{}".format,
        st.text("abcdefghij", min_size=1, max_size=8),
        st.text("abcdefghij/,;=", max_size=12),
    ),
)
_birthdays = st.one_of(
    st.none(),
    st.dates().map(lambda d: pendulum.date(d.year, d.month, d.day)),
    st.builds(MonthDay, st.integers(1, 12), st.integers(1, 28)),
)
_tags = _stripped(_LETTERS, 15).filter(
    lambda t: t.lstrip("* ").casefold() not in {"mycontacts", "my contacts"}
)
_notes = st.text(st.one_of(_LETTERS, st.just("\n")), max_size=200).map(str.strip)

contacts = st.builds(
    Contact,
    name=_stripped(_LETTERS),
    id=st.one_of(st.none(), _stripped(st.characters(categories=("L", "N", "P", "S")), 40)).map(
        lambda i: i or "generated-id"
    ),
    emails=st.lists(_emails, max_size=3, unique_by=str.casefold).map(tuple),
    phones=st.lists(_phones, max_size=3).map(tuple),
    urls=st.lists(_urls, max_size=3).map(tuple),
    organization=st.one_of(st.none(), _stripped(_LETTERS)),
    headline=st.one_of(st.none(), _stripped(_LETTERS)),
    birthday=_birthdays,
    tags=st.frozensets(_tags, max_size=4),
    notes=_notes,
)

_FIELDS = ("name", "id", "emails", "urls", "organization", "headline", "birthday", "tags", "notes")


@given(st.lists(contacts, max_size=4, unique_by=lambda c: c.id))
def test_written_cards_read_back_the_same(people: list[Contact]) -> None:
    text = write_vcards(people)
    assert len(list(vobject.readComponents(text))) == len(people)
    result = read_vcards(io.StringIO(text))
    assert result.errors == ()
    # Cards for the same person merge on the way in; compare those that stayed apart.
    assert len(result.contacts) + len(result.duplicates) == len(people)
    by_id = {c.id: c for c in result.contacts}
    for person in people:
        back = by_id.get(person.id)
        if back is None or any(d.line_or_record for d in result.duplicates):
            continue
        for field in _FIELDS:
            assert getattr(back, field) == getattr(person, field), field
        assert tuple(p.strip() for p in back.phones) == tuple(
            dict.fromkeys(p for p in person.phones if p.strip())
        )


@given(contacts)
def test_one_card_round_trips_every_field(person: Contact) -> None:
    (back,) = read_vcards(io.BytesIO(write_vcards([person]).encode("utf-8"))).contacts
    for field in _FIELDS:
        assert getattr(back, field) == getattr(person, field), field


def test_apple_s_escaped_colon_is_a_colon_and_a_written_backslash_stays() -> None:
    """``NOTE:Meet at 10\\:30`` (Apple) reads as a colon; a note holding a backslash
    before a colon is written escaped and reads back unchanged."""
    apple = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nNOTE:Meet at 10\\:30\r\nEND:VCARD\r\n"
    [ada] = read_vcards(io.StringIO(apple)).contacts
    assert ada.notes == "Meet at 10:30"
    person = Contact("Bo", id="bo", notes="C:\\:drive")
    [back] = read_vcards(io.StringIO(write_vcards([person]))).contacts
    assert back.notes == "C:\\:drive"
