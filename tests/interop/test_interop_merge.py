"""Merging imported contacts into a store: matching, no field lost, versions respected."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet import Circle, Contact, ContactId, InMemoryStore
from relnet.errors import ConflictError
from relnet.interop import ImportResult, MergeReport, merge_contacts, merge_into
from relnet.interop.identity import normalize_email, phone_digits, profile_key
from relnet.interop.linkedin import read_connections
from relnet.model import MonthDay


def _store(*contacts: Contact) -> InMemoryStore:
    store = InMemoryStore()
    for contact in contacts:
        store.add_contact(contact)
    return store


def test_a_first_import_adds_everyone(data: Path) -> None:
    store = InMemoryStore()
    result = read_connections(data / "linkedin" / "Connections.csv")
    report = merge_into(store, result)
    assert report.counts == {"added": 6, "merged": 0, "unchanged": 0}
    assert set(report.added) == {c.id for c in result.contacts}
    assert len(store.contacts(tag="linkedin")) == 6


def test_importing_the_same_file_again_changes_nothing(data: Path) -> None:
    store = InMemoryStore()
    merge_into(store, read_connections(data / "linkedin" / "Connections.csv"))
    before = list(store.contacts())
    again = read_connections(data / "linkedin" / "Connections.csv")  # fresh ids
    report = merge_into(store, again)
    assert report.counts == {"added": 0, "merged": 0, "unchanged": 6}
    assert list(store.contacts()) == before
    assert str(report) == "0 added, 0 merged, 6 unchanged"


def test_matching_by_profile_url() -> None:
    ada = Contact(
        "Ada King",
        id="ada",
        urls=("https://www.linkedin.com/in/Ada-Lovelace/",),
        circle=Circle.CLOSE,
        notes="Met at the salon.",
    )
    store = _store(ada)
    text = (
        "First Name,Last Name,URL,Company,Position,Connected On\n"
        "Ada,Lovelace,https://linkedin.com/in/ada-lovelace,Engines,Countess,15 Mar 2024\n"
    )
    report = merge_into(store, read_connections(io.StringIO(text)))
    assert report == MergeReport(merged=(ContactId("ada"),))
    stored = store.get_contact(ContactId("ada"))
    assert stored.name == "Ada King"  # the stored name wins
    assert stored.circle is Circle.CLOSE
    assert stored.organization == "Engines"  # empty fields are filled
    assert stored.headline == "Countess"
    assert stored.tags == {"linkedin"}
    assert stored.created_at == pendulum.datetime(2024, 3, 15, tz="UTC")
    assert stored.urls == ("https://www.linkedin.com/in/Ada-Lovelace/",)  # no duplicate URL
    assert stored.notes == "Met at the salon."
    assert stored.version == 1


def test_matching_by_email_ignores_case_and_keeps_both_sides() -> None:
    grace = Contact(
        "Grace Hopper",
        id="grace",
        emails=("Grace@Navy.example",),
        phones=("+1 202 555 0100",),
        organization="US Navy",
        tags={"navy"},
        birthday=MonthDay(12, 9),
    )
    store = _store(grace)
    incoming = Contact(
        "G. Hopper",
        emails=("grace@navy.example", "grace@yale.example"),
        phones=("+1-202-555-0100", "+1 202 555 0199"),
        organization="Yale",
        headline="Rear Admiral",
        tags={"cobol"},
        birthday=pendulum.date(1906, 12, 9),
        notes="Nanoseconds.",
    )
    report = merge_into(store, [incoming])
    assert report.merged == ("grace",)
    stored = store.get_contact(ContactId("grace"))
    assert stored.emails == ("Grace@Navy.example", "grace@yale.example")
    assert stored.phones == ("+1 202 555 0100", "+1 202 555 0199")
    assert stored.organization == "US Navy"  # a stored value is kept
    assert stored.headline == "Rear Admiral"
    assert stored.tags == {"navy", "cobol"}
    assert stored.birthday == pendulum.date(1906, 12, 9)  # the year completes the day
    assert stored.notes == "Nanoseconds."


def test_matching_by_phone_digits_needs_a_compatible_name() -> None:
    store = _store(Contact("Alan Turing", id="alan", phones=("+44 161 555 0199",)))
    stranger = Contact("Dilly Knox", phones=("+44 161 555 0199",))
    assert merge_into(store, [stranger]).added == (stranger.id,)
    incoming = Contact("Turing", phones=("0044 (161) 555-0199",), tags={"enigma"})
    assert merge_into(store, [incoming]).merged == ("alan",)
    assert store.get_contact(ContactId("alan")).phones == ("+44 161 555 0199",)
    assert store.get_contact(ContactId("alan")).tags == {"enigma"}
    assert merge_into(store, [incoming]).unchanged == ("alan",)


def test_short_phone_numbers_and_plain_websites_do_not_match() -> None:
    store = _store(Contact("Reception", id="r", phones=("112",), urls=("https://acme.example",)))
    report = merge_into(
        store, [Contact("Wile E.", phones=("112",), urls=("https://acme.example",))]
    )
    assert len(report.added) == 1
    assert len(store.contacts()) == 2


def test_the_stored_contact_is_matched_by_id_first() -> None:
    store = _store(Contact("Ada", id="ada"), Contact("Other", id="other", emails=("a@x.org",)))
    report = merge_into(store, [Contact("Ada", id="ada", emails=("a@x.org",))])
    assert report.merged == ("ada",)
    assert store.get_contact(ContactId("other")).emails == ("a@x.org",)


def test_one_stored_contact_matched_twice_is_reported_once() -> None:
    store = _store(Contact("Ada", id="ada", emails=("ada@example.org",)))
    report = merge_into(
        store,
        [
            Contact("Ada", emails=("ada@example.org",)),
            Contact("Ada", emails=("ada@example.org",), tags={"poets"}),
        ],
    )
    assert report == MergeReport(merged=(ContactId("ada"),))
    assert store.get_contact(ContactId("ada")).version == 1


def test_new_people_match_later_rows_of_the_same_import() -> None:
    store = InMemoryStore()
    first = Contact("Joan", emails=("joan@example.org",))
    second = Contact("Joan Clarke", emails=("JOAN@example.org",), organization="GC&CS")
    report = merge_into(store, [first, second])
    assert report.added == (first.id,)
    assert report.merged == ()
    (joan,) = store.contacts()
    assert (joan.name, joan.organization, joan.version) == ("Joan", "GC&CS", 0)
    assert joan.aliases == ("Joan Clarke",)


class _FailingStore(InMemoryStore):
    """Refuses the second update, as if someone else had changed the contact."""

    updates = 0

    def update_contact(self, contact: Contact) -> Contact:
        self.updates += 1
        if self.updates == 2:
            raise ConflictError(f"contact {contact.id!r} was updated elsewhere")
        return super().update_contact(contact)


def test_a_conflict_rolls_back_the_whole_import() -> None:
    store = _FailingStore()
    store.add_contact(Contact("Ada", id="ada", emails=("ada@example.org",)))
    store.add_contact(Contact("Grace", id="grace", emails=("grace@example.org",)))
    before = list(store.contacts())
    incoming = [
        Contact("New Person", emails=("new@example.org",)),
        Contact("Ada", emails=("ada@example.org",), tags={"x"}),
        Contact("Grace", emails=("grace@example.org",), tags={"y"}),
    ]
    with pytest.raises(ConflictError):
        merge_into(store, incoming)
    assert list(store.contacts()) == before


def test_a_stale_version_is_refused_by_the_store() -> None:
    store = _store(Contact("Ada", id="ada"))
    stale = store.get_contact(ContactId("ada"))
    store.update_contact(attrs.evolve(stale, tags={"first"}))
    with pytest.raises(ConflictError):
        store.update_contact(merge_contacts(stale, Contact("Ada", tags={"second"})))


def test_an_import_result_and_a_plain_list_are_both_accepted() -> None:
    store = InMemoryStore()
    ada = Contact("Ada", emails=("ada@example.org",))
    assert merge_into(store, ImportResult(contacts=(ada,))).added == (ada.id,)
    assert merge_into(store, iter([ada])).unchanged == (ada.id,)


# -- properties of merge_contacts -------------------------------------------------------

_texts = st.text("abcdefgh ", min_size=1, max_size=8).filter(str.strip)
_people = st.builds(
    Contact,
    name=_texts,
    emails=st.lists(
        st.builds(
            "{}@{}.org".format, st.text("abcAB", min_size=1, max_size=3), st.sampled_from("xy")
        ),
        max_size=3,
    ).map(tuple),
    phones=st.lists(
        st.text("0123456789 +-", min_size=1, max_size=12).filter(str.strip), max_size=3
    ).map(tuple),
    urls=st.lists(
        st.builds("https://linkedin.com/in/{}".format, st.text("abAB", min_size=1, max_size=3)),
        max_size=2,
    ).map(tuple),
    tags=st.frozensets(_texts, max_size=3),
    organization=st.one_of(st.none(), _texts),
    headline=st.one_of(st.none(), _texts),
    birthday=st.one_of(st.none(), st.builds(MonthDay, st.integers(1, 12), st.integers(1, 28))),
    notes=st.one_of(st.just(""), _texts),
)


@given(_people, _people)
def test_merging_loses_nothing(stored: Contact, imported: Contact) -> None:
    merged = merge_contacts(stored, imported)
    assert (merged.id, merged.name, merged.version) == (stored.id, stored.name, stored.version)
    assert merged.emails[: len(stored.emails)] == stored.emails
    assert {normalize_email(e) for e in stored.emails + imported.emails} == {
        normalize_email(e) for e in merged.emails
    }
    assert {profile_key(u) for u in stored.urls + imported.urls} == {
        profile_key(u) for u in merged.urls
    }
    digits = {phone_digits(p) or p.strip() for p in stored.phones + imported.phones}
    assert digits == {phone_digits(p) or p.strip() for p in merged.phones}
    assert merged.tags == stored.tags | imported.tags
    for field in ("organization", "headline", "birthday"):
        assert getattr(merged, field) == (getattr(stored, field) or getattr(imported, field))
    assert stored.notes in merged.notes
    assert imported.notes in merged.notes


@given(_people, _people)
def test_merging_twice_is_merging_once(stored: Contact, imported: Contact) -> None:
    once = merge_contacts(stored, imported)
    assert merge_contacts(once, imported) == once
    assert merge_contacts(once, stored) == once
