"""Contacts you can trust: each defect of real exports as a small file written here."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.interop import ImportResult, merge_into
from relnet.interop.google import read_contacts
from relnet.interop.linkedin import read_connections
from relnet.interop.vcard import read_vcards, split_name, write_vcards
from relnet.model import Cadence, Circle, Contact
from relnet.storage import InMemoryStore

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _card(*lines: str, end: str = "\r\n") -> str:
    return end.join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + end


# -- (1) the same file twice adds nobody --------------------------------------------

_FILES: dict[str, tuple[Callable[..., ImportResult], str]] = {
    "linkedin": (
        read_connections,
        LINKEDIN_HEADER
        + "Ada,Lovelace,,,Engines,Poet,15 Mar 2024\n"
        + "Alan,Turing,,,,,3 Jan 2024\n"
        + "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,,\n"
        + "Alan,Turing,,,Bletchley,,3 Jan 2024\n",
    ),
    "google": (
        read_contacts,
        "First Name,Last Name,Organization Name,Phone 1 - Value,E-mail 1 - Value\n"
        "Ada,Lovelace,Engines,,\n"
        ",,,+44 20 7946 0000,\n"
        "Alan,Turing,,,alan@example.org\n",
    ),
    "vcard": (
        read_vcards,
        _card("FN:Ada Lovelace", "ORG:Engines")
        + _card("FN:Alan Turing", "TEL:+44 161 555 0199")
        + _card("UID:grace-1", "FN:Grace Hopper"),
    ),
}


@pytest.mark.parametrize("kind", sorted(_FILES))
def test_reading_a_file_twice_gives_the_same_contacts(kind: str) -> None:
    read, text = _FILES[kind]
    assert read(io.StringIO(text)).contacts == read(io.StringIO(text)).contacts


@pytest.mark.parametrize("kind", sorted(_FILES))
def test_importing_a_file_twice_changes_nothing(kind: str) -> None:
    read, text = _FILES[kind]
    store = InMemoryStore()
    first = merge_into(store, read(io.StringIO(text)))
    assert len(first.added) == len(store.contacts())
    before = store.contacts()
    again = merge_into(store, read(io.StringIO(text)))
    assert again.added == again.merged == ()
    assert store.contacts() == before
    assert all(contact.sources for contact in before)


def test_a_large_linkedin_file_without_emails_or_urls_is_not_added_twice() -> None:
    rows = "".join(
        f"First{n},Last{n},,,Company {n % 7},,{1 + n % 28} Mar 2020\n" for n in range(500)
    )
    store = InMemoryStore()
    merge_into(store, read_connections(io.StringIO(LINKEDIN_HEADER + rows)))
    assert len(store.contacts()) == 500
    report = merge_into(store, read_connections(io.StringIO(LINKEDIN_HEADER + rows)))
    assert len(report.unchanged) == 500
    assert len(store.contacts()) == 500


# -- (1) a shared phone number never merges strangers -------------------------------


def test_a_junk_number_appended_to_many_cards_merges_nobody() -> None:
    names = ["Asha Rao", "Vikram Nair", "Meera Iyer", "Rahul Menon", "Priya Das", "Arjun Pillai"]
    text = "".join(_card(f"FN:{name}", "TEL:+919567251539 ::: 91956711") for name in names)
    result = read_vcards(io.StringIO(text))
    assert sorted(c.name for c in result.contacts) == sorted(names)
    assert result.duplicates == ()


def test_a_household_landline_does_not_join_two_people() -> None:
    text = _card("FN:John Smith", "TEL:+1 202 555 0100") + _card(
        "FN:Jane Smith", "TEL:(202) 555-0100"
    )
    assert len(read_vcards(io.StringIO(text)).contacts) == 2


def test_merging_is_closed_and_what_is_written_reads_back_as_the_same_people() -> None:
    text = (
        _card("FN:Ann Lee", "TEL:1111111")
        + _card("FN:Ann Lee", "TEL:2222222")
        + _card("FN:Ann Lee", "TEL:1111111 ::: 2222222")
    )
    result = read_vcards(io.StringIO(text))
    (ann,) = result.contacts
    assert ann.phones == ("1111111", "2222222")
    again = read_vcards(io.StringIO(write_vcards(result.contacts)))
    assert [(c.id, c.name, c.phones) for c in again.contacts] == [(ann.id, ann.name, ann.phones)]


def test_the_names_of_absorbed_rows_are_kept() -> None:
    text = _card("FN:Ada Lovelace", "EMAIL:ada@example.org") + _card(
        "FN:Augusta Ada King", "EMAIL:ADA@example.org"
    )
    (ada,) = read_vcards(io.StringIO(text)).contacts
    assert ada.aliases == ("Augusta Ada King",)


# -- (2) vCards ----------------------------------------------------------------------


def test_an_iphone_export_with_cr_cr_lf_line_ends_keeps_its_card() -> None:
    data = _card("FN:Ada Lovelace", "EMAIL:ada@example.org", end="\r\r\n").encode()
    (ada,) = read_vcards(io.BytesIO(data)).contacts
    assert (ada.name, ada.emails) == ("Ada Lovelace", ("ada@example.org",))


def test_old_mac_line_ends_are_read() -> None:
    data = _card("FN:Ada Lovelace", "NOTE:first", " folded", end="\r").encode()
    (ada,) = read_vcards(io.BytesIO(data)).contacts
    assert ada.notes == "firstfolded"


def test_an_unescaped_comma_in_org_keeps_the_whole_company() -> None:
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John\r\nORG:Company, The;Dept\r\nEND:VCARD\r\n"
    (john,) = read_vcards(io.StringIO(text)).contacts
    assert john.organization == "Company, The"
    assert john.name == "John Doe"


@pytest.mark.parametrize(
    "bad",
    [
        "PROFILE:VCard",
        "PHOTO;ENCODING=b;TYPE=JPEG:@@@not base64!!",
        "ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=ZZbad",
    ],
)
def test_one_bad_property_is_left_out_and_the_card_kept(bad: str) -> None:
    text = _card("FN:John Doe", "ORG:Acme", bad, "EMAIL:john@example.org")
    result = read_vcards(io.StringIO(text))
    (john,) = result.contacts
    assert (john.emails, john.organization) == (("john@example.org",), "Acme")
    (issue,) = result.errors
    assert issue.field == bad.split(":")[0].split(";")[0]
    assert "value left out" in issue.message


def test_written_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    contact = Contact("Zoë Ångström-Ødegård " * 4, notes="ü€𝄞" * 60, organization="Ωmega " * 20)
    text = write_vcards([contact])
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    (back,) = read_vcards(io.BytesIO(text.encode())).contacts
    assert (back.name, back.notes, back.organization) == (
        contact.name.strip(),
        contact.notes,
        contact.organization.strip() if contact.organization else None,
    )


def test_n_is_written_from_a_sensible_split_of_the_name() -> None:
    assert split_name("Mr. John Richter, James Doe Sr.") == {
        "family": "Doe",
        "given": "John",
        "additional": "Richter, James",
        "prefix": "Mr.",
        "suffix": "Sr.",
    }
    assert split_name("Martin Luther King, Jr.")["family"] == "King"
    assert split_name("Cher")["given"] == "Cher"
    card = vobject.readOne(write_vcards([Contact("Acme Ltd", organization="Acme Ltd")]))
    assert (card.n.value.family, card.n.value.given) == ("", "")


def test_a_card_s_structured_n_is_kept_and_written_back() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:beethoven\r\nFN:Ludwig van Beethoven\r\n"
        "N:van Beethoven;Ludwig;;Herr;\r\nEND:VCARD\r\n"
    )
    (contact,) = read_vcards(io.StringIO(text)).contacts
    assert contact.name_parts == ("van Beethoven", "Ludwig", "", "Herr", "")
    card = vobject.readOne(write_vcards([contact]))
    n = card.n.value
    assert (n.family, n.given, n.prefix) == ("van Beethoven", "Ludwig", "Herr")
    (again,) = read_vcards(io.StringIO(write_vcards([contact]))).contacts
    assert again == contact
    # renamed: the structured name no longer holds the name's words, so it is split
    renamed = vobject.readOne(write_vcards([attrs.evolve(contact, name="Ludwig Beethoven")]))
    assert (renamed.n.value.family, renamed.n.value.given) == ("Beethoven", "Ludwig")


@settings(max_examples=60, deadline=None)
@given(
    parts=st.tuples(*[st.sampled_from(["", "van Beethoven", "Ludwig", "Dr.", "Jr.", "Zoë, A"])] * 5)
)
def test_writing_then_reading_keeps_any_structured_name(parts: tuple[str, ...]) -> None:
    name = " ".join(p for p in (parts[3], parts[1], parts[2], parts[0], parts[4]) if p) or "Ada"
    contact = Contact(name, id="c1", name_parts=parts if any(parts) else ())
    (again,) = read_vcards(io.StringIO(write_vcards([contact]))).contacts
    assert again.name == contact.name
    if contact.name_parts:
        assert again.name_parts == contact.name_parts


def test_a_card_with_only_a_phone_number_is_kept_and_reported() -> None:
    result = read_vcards(io.StringIO(_card("TEL:+44 20 7946 0000")))
    (only,) = result.contacts
    assert only.name == "+44 20 7946 0000"
    assert "named by its phone number" in result.errors[0].message


# -- (3) Google ----------------------------------------------------------------------

OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,E-mail Address,E-mail 2 Address,"
    "Mobile Phone,Business Phone,Company,Job Title,Categories,Notes,Home Street,Web Page\n"
    "Ada,,Lovelace,Dr.,,,ada@example.org,ada@engines.example,+44 7700 900123,,"
    "Analytical Engines,Poet,myContacts;Friends,Met in London,1 St James's Sq,"
    "https://www.linkedin.com/in/ada\n"
    ",,,,,,,,+44 20 7946 0000,,,,,,,\n"
)


def test_google_s_outlook_csv_keeps_emails_phones_company_and_title() -> None:
    result = read_contacts(io.StringIO(OUTLOOK))
    ada, number = result.contacts
    assert ada.name == "Dr. Ada Lovelace"
    assert ada.emails == ("ada@example.org", "ada@engines.example")
    assert ada.phones == ("+44 7700 900123",)
    assert (ada.organization, ada.headline) == ("Analytical Engines", "Poet")
    assert ada.tags == {"Friends"}
    assert ada.urls == ("https://linkedin.com/in/ada",)
    assert number.name == "+44 20 7946 0000"
    assert any("named by its phone number" in e.message for e in result.errors)
    (notice,) = result.notices
    assert "Home Street" in notice.message


def test_a_header_relnet_cannot_map_names_the_columns_it_ignores() -> None:
    text = "First Name,Last Name,Shoe Size,Favourite Colour\nAda,Lovelace,38,green\n"
    result = read_contacts(io.StringIO(text))
    assert [c.name for c in result.contacts] == ["Ada Lovelace"]
    (notice,) = result.notices
    assert "Shoe Size" in notice.message
    assert "Favourite Colour" in notice.message


# -- (3) LinkedIn --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("09 Dec 2019", (2019, 12, 9)),
        ('"1/8/18, 6:14 PM"', (2018, 1, 8)),
        ("23-Apr-23", (2023, 4, 23)),
        ("5-Jan-26", (2026, 1, 5)),
        ("2024-03-15", (2024, 3, 15)),
    ],
)
def test_every_connected_on_format(written: str, day: tuple[int, int, int]) -> None:
    result = read_connections(io.StringIO(LINKEDIN_HEADER + f"Ada,Lovelace,,,,,{written}\n"))
    assert result.ok
    assert result.contacts[0].created_at == pendulum.datetime(*day, tz="UTC")


def test_a_semicolon_separated_file_is_read() -> None:
    text = LINKEDIN_HEADER.replace(",", ";") + "Ada;Lovelace;;;Engines, Ltd;Poet;15 Mar 2024\n"
    (ada,) = read_connections(io.StringIO(text)).contacts
    assert (ada.name, ada.organization, ada.headline) == ("Ada Lovelace", "Engines, Ltd", "Poet")


def test_a_windows_1252_byte_is_reported_where_it_is_and_read_with_encoding() -> None:
    data = (LINKEDIN_HEADER + "Ada,Lovelace,,,Engines,,15 Mar 2024\nJosé,García,,,Café,,\n").encode(
        "cp1252"
    )
    with pytest.raises(ValidationError) as caught:
        read_connections(io.BytesIO(data))
    assert "line 3, byte 3 of the line" in str(caught.value)
    assert "encoding" in str(caught.value)
    jose = read_connections(io.BytesIO(data), encoding="cp1252").contacts[1]
    assert (jose.name, jose.organization) == ("José García", "Café")


def test_percent_escaped_profile_urls_match_the_same_url_with_letters() -> None:
    escaped = (
        LINKEDIN_HEADER
        + "Marko,Kovačević,https://www.linkedin.com/in/marko-kova%C4%8Devi%C4%87,,,,\n"
    )
    store = InMemoryStore()
    store.add_contact(Contact("Marko K.", id="marko", urls=("linkedin.com/in/marko-kovačević",)))
    report = merge_into(store, read_connections(io.StringIO(escaped)))
    assert report.merged == ("marko",)
    assert len(store.contacts()) == 1


# -- (4) import defaults do not flood the agenda ---------------------------------------


@pytest.mark.parametrize("kind", sorted(_FILES))
def test_imported_people_are_acquaintances_without_a_cadence(kind: str) -> None:
    read, text = _FILES[kind]
    for contact in read(io.StringIO(text)).contacts:
        assert (contact.circle, contact.cadence) == (Circle.ACQUAINTANCE, None)


@pytest.mark.parametrize("kind", sorted(_FILES))
def test_circle_cadence_and_tags_are_the_caller_s_to_choose(kind: str) -> None:
    read, text = _FILES[kind]
    chosen: dict[str, Any] = {
        "circle": "network",
        "cadence": Cadence.parse("every 6 months"),
        "tags": ["imported", "2026"],
    }
    for contact in read(io.StringIO(text), **chosen).contacts:
        assert contact.circle is Circle.NETWORK
        assert contact.cadence == Cadence.parse("every 6 months")
        assert {"imported", "2026"} <= contact.tags


def test_a_bad_circle_is_an_error_naming_it() -> None:
    with pytest.raises(ValidationError, match="circle"):
        read_connections(io.StringIO(LINKEDIN_HEADER), circle="bestie")


# -- properties ----------------------------------------------------------------------

_NAMES = st.sampled_from(["Ada Lovelace", "Alan Turing", "Ann Lee", "Grace Hopper", "Ann"])
_PHONES = st.sampled_from(["1111111", "2222222", "+1 202 555 0100"])
_EMAILS = st.sampled_from(["", "ada@example.org", "ADA@example.org", "alan@example.org"])


@st.composite
def _vcard_rows(draw: st.DrawFn) -> str:
    lines = [f"FN:{draw(_NAMES)}"]
    email = draw(_EMAILS)
    if email:
        lines.append(f"EMAIL:{email}")
    phones = draw(st.lists(_PHONES, max_size=2))
    if phones:
        lines.append("TEL:" + " ::: ".join(phones))
    return _card(*lines)


def _people(contacts: tuple[Contact, ...]) -> set[frozenset[str]]:
    return {frozenset(c.sources) for c in contacts}


@settings(max_examples=50)
@given(cards=st.lists(_vcard_rows(), max_size=8), seed=st.randoms())
def test_shuffled_cards_give_the_same_people(cards: list[str], seed: Any) -> None:
    shuffled = list(cards)
    seed.shuffle(shuffled)
    first = read_vcards(io.StringIO("".join(cards))).contacts
    second = read_vcards(io.StringIO("".join(shuffled))).contacts
    assert _people(first) == _people(second)


@settings(max_examples=50)
@given(cards=st.lists(_vcard_rows(), max_size=8))
def test_writing_then_reading_gives_the_same_people(cards: list[str]) -> None:
    people = read_vcards(io.StringIO("".join(cards))).contacts
    back = read_vcards(io.StringIO(write_vcards(people))).contacts
    assert [(c.id, c.name, c.emails, c.phones) for c in back] == [
        (c.id, c.name, c.emails, c.phones) for c in people
    ]


@settings(max_examples=50)
@given(rows=st.lists(st.tuples(_NAMES, st.sampled_from(["", "Acme", "Bletchley"])), max_size=10))
def test_linkedin_reimport_is_idempotent(rows: list[tuple[str, str]]) -> None:
    text = LINKEDIN_HEADER + "".join(
        f"{name.split()[0]},{' '.join(name.split()[1:])},,,{company},,15 Mar 2024\n"
        for name, company in rows
    )
    store = InMemoryStore()
    merge_into(store, read_connections(io.StringIO(text)))
    before = store.contacts()
    report = merge_into(store, read_connections(io.StringIO(text)))
    assert report.added == report.merged == ()
    assert store.contacts() == before


def test_a_header_without_a_name_column_names_every_column_it_ignores() -> None:
    result = read_contacts(io.StringIO("Shoe Size,Colour\n38,green\n"))
    (error,) = result.errors
    assert "every column ignored: Shoe Size, Colour" in error.message


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["Ada", "Alan", "Ann"]),
        st.sampled_from(["Lovelace", "Turing", "Lee"]),
        st.sampled_from(["", "https://www.linkedin.com/in/ada", "linkedin.com/in/ADA/"]),
        st.sampled_from(["", "Acme", "Engines"]),
    ),
    max_size=10,
)


@settings(max_examples=50)
@given(rows=_ROWS, seed=st.randoms())
def test_shuffled_linkedin_rows_give_the_same_people(
    rows: list[tuple[str, str, str, str]], seed: Any
) -> None:
    def text(lines: list[tuple[str, str, str, str]]) -> str:
        return LINKEDIN_HEADER + "".join(f"{a},{b},{c},,{d},,15 Mar 2024\n" for a, b, c, d in lines)

    shuffled = list(rows)
    seed.shuffle(shuffled)
    first = read_connections(io.StringIO(text(rows))).contacts
    second = read_connections(io.StringIO(text(shuffled))).contacts
    assert _people(first) == _people(second)
