"""The import memo (relnet.interop.memo, relnet.services.import_source) against the plain
path: reading the file and merging its contacts (import_contacts), on every store."""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnet.adapters.jsonfile import JSONFileStore
from relnet.adapters.sqlite import SQLiteStore
from relnet.identity import merge_contacts
from relnet.interop import ImportResult, MergeReport
from relnet.interop.google import read_contacts
from relnet.interop.linkedin import read_connections
from relnet.interop.memo import import_key
from relnet.interop.merge import report_if_unchanged
from relnet.model import Cadence, Contact, ContactId
from relnet.services import import_contacts, import_source
from relnet.storage import ImportMemory, InMemoryStore, Store

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
_FIRST = ["Ada", "Alan", "Grace", "Ann"]
_LAST = ["Lovelace", "Turing", "Hopper", "Lee"]
_URLS = ["", "", "https://www.linkedin.com/in/ada", "linkedin.com/in/ADA/", "x.com/alan"]
_EMAILS = ["", "", "ada@example.org", "ADA@example.org", "alan@example.org"]
_DATES = ["15 Mar 2024", "3 Jan 2024", "", "not a date"]

_ROWS = st.lists(
    st.tuples(
        st.sampled_from(_FIRST),
        st.sampled_from(_LAST),
        st.sampled_from(_URLS),
        st.sampled_from(_EMAILS),
        st.sampled_from(["", "Engines", "Navy"]),
        st.sampled_from(_DATES),
    ),
    max_size=8,
)
#: The options an import may be given.
_OPTIONS: list[dict[str, Any]] = [
    {},
    {"circle": "close"},
    {"cadence": Cadence.months(6)},
    {"tag": "work", "tags": ("conference",)},
]

#: Stored before any import: people some rows are, one with a phone.
_STORED = [
    Contact("Ada King", id="stored-ada", emails=("ada@example.org",), phones=("1111111",)),
    Contact("Alan M. Turing", id="stored-alan", urls=("https://x.com/alan",)),
    Contact("Grace Hopper", id="stored-grace", phones=("1111111",)),
]


def _file(rows: list[tuple[str, ...]]) -> str:
    return HEADER + "".join(",".join(row) + "\n" for row in rows)


# -- what a scenario does to both stores ---------------------------------------------------


def _edit(store: Store, pick: int, how: str) -> None:
    """A hand-made change between imports, the same on both stores."""
    contacts = store.contacts()
    if not contacts:
        return
    target = contacts[pick % len(contacts)]
    if how == "edit":
        store.update_contact(attrs.evolve(target, notes=target.notes + " edited", emails=()))
    elif how == "forget":
        store.forget(target.id)
    elif how == "merge" and len(contacts) > 1:
        other = contacts[(pick + 1) % len(contacts)]
        merge_contacts(store, target.id, other.id)
    elif how == "add":
        made = f"hand-{len(contacts)}-{pick}"
        if made not in {c.id for c in contacts}:
            store.add_contact(Contact("Ada Lovelace", id=made, emails=("ada@example.org",)))
    elif how == "tag":
        store.update_contact(attrs.evolve(target, tags=target.tags | {"kept"}))


_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("import"), st.integers(0, 2), st.integers(0, len(_OPTIONS) - 1)),
        st.tuples(
            st.sampled_from(["edit", "forget", "merge", "add", "tag"]),
            st.integers(0, 20),
            st.just(0),
        ),
    ),
    min_size=1,
    max_size=7,
)


def _plain(store: Store, text: str, options: dict[str, Any]) -> MergeReport:
    return import_contacts(store, read_connections(io.StringIO(text), **options).contacts)


def _fast(store: Store, text: str, options: dict[str, Any]) -> MergeReport:
    return import_source(store, read_connections, io.StringIO(text), **options)


def _same(fast: MergeReport, plain: MergeReport) -> None:
    assert fast == plain


def _run(stores: tuple[Store, Store], files: list[str], steps: list[tuple[str, int, int]]) -> int:
    """Apply ``steps`` to the fast store and the plain one; both must agree throughout.
    Returns how many imports the memo answered."""
    fast, plain = stores
    answered = 0
    for what, first, second in steps:
        if what == "import":
            text, options = files[first], _OPTIONS[second]
            remembered = fast.import_memo() if isinstance(fast, ImportMemory) else None
            _same(_fast(fast, text, options), _plain(plain, text, options))
            if remembered is not None and remembered == (
                fast.import_memo() if isinstance(fast, ImportMemory) else None
            ):
                answered += 1
        else:
            _edit(fast, first, what)
            _edit(plain, first, what)
        assert fast.contacts() == plain.contacts()
    return answered


@contextmanager
def _stores(kind: str) -> Iterator[tuple[Store, Store]]:
    if kind == "memory":
        yield InMemoryStore(), InMemoryStore()
        return
    with tempfile.TemporaryDirectory() as folder:
        kind_of: type[SQLiteStore | JSONFileStore] = (
            SQLiteStore if kind == "sqlite" else JSONFileStore
        )
        one, two = kind_of(Path(folder) / "a"), kind_of(Path(folder) / "b")
        try:
            yield one, two
        finally:
            one.close()
            two.close()


def _scenario(kind: str, files: list[str], steps: list[tuple[str, int, int]], seed: bool) -> None:
    with _stores(kind) as (fast, plain):
        if seed:
            for contact in _STORED:
                fast.add_contact(contact)
                plain.add_contact(contact)
        _run((fast, plain), files, steps)


_FILES = st.lists(_ROWS.map(_file), min_size=3, max_size=3)


@settings(max_examples=150, deadline=None)
@given(files=_FILES, steps=_STEPS, seed=st.booleans())
def test_the_memo_answers_what_reading_and_merging_answer_in_memory(
    files: list[str], steps: list[tuple[str, int, int]], seed: bool
) -> None:
    _scenario("memory", files, steps, seed)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.parametrize("kind", ["sqlite", "json"])
@given(files=_FILES, steps=_STEPS, seed=st.booleans())
def test_the_memo_answers_what_reading_and_merging_answer_on_files(
    kind: str, files: list[str], steps: list[tuple[str, int, int]], seed: bool
) -> None:
    _scenario(kind, files, steps, seed)


# -- the memo is used, and only when it may be -----------------------------------------


def _counting(read: Callable[..., ImportResult]) -> tuple[Callable[..., ImportResult], list[int]]:
    calls: list[int] = []

    def counted(source: Any, **options: Any) -> ImportResult:
        calls.append(1)
        return read(source, **options)

    return counted, calls


TEXT = _file(
    [
        ("Ada", "Lovelace", "https://www.linkedin.com/in/ada", "", "Engines", "15 Mar 2024"),
        ("Alan", "Turing", "", "", "", "3 Jan 2024"),
        ("Alan", "Turing", "", "alan@example.org", "Navy", "3 Jan 2024"),
    ]
)


@pytest.mark.parametrize("kind", ["memory", "sqlite", "json"])
def test_an_unchanged_file_into_unchanged_contacts_is_not_read_again(kind: str) -> None:
    read, calls = _counting(read_connections)
    with _stores(kind) as (store, _):
        first = import_source(store, read, io.StringIO(TEXT))
        again = import_source(store, read, io.StringIO(TEXT))
        assert len(calls) == 1
        assert again == MergeReport(unchanged=first.added)
        done: list[int] = []
        assert import_source(store, read, io.StringIO(TEXT), advance=done.append) == again
        assert sum(done) == len(first.added)
        # other options, another file, or a contact changed: read and merged again
        import_source(store, read, io.StringIO(TEXT), circle="close")
        assert len(calls) == 2
        import_source(store, read, io.StringIO(TEXT + "Grace,Hopper,,,,,\n"))
        assert len(calls) == 3
        import_source(store, read, io.StringIO(TEXT + "Grace,Hopper,,,,,\n"))
        assert len(calls) == 3
        ada = store.contacts()[0]
        store.update_contact(attrs.evolve(ada, notes="met at a talk"))
        import_source(store, read, io.StringIO(TEXT + "Grace,Hopper,,,,,\n"))
        assert len(calls) == 4


def test_a_rolled_back_import_leaves_no_memo_to_trust() -> None:
    store = InMemoryStore()
    read, calls = _counting(read_connections)
    import_source(store, read, io.StringIO(TEXT))
    import_source(store, read, io.StringIO(TEXT))
    assert len(calls) == 1
    with pytest.raises(RuntimeError), store.transaction():
        store.forget(store.contacts()[0].id)
        raise RuntimeError("undone")
    import_source(store, read, io.StringIO(TEXT))
    assert len(calls) == 2


def test_forgetting_someone_drops_the_memo_from_a_sqlite_file(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "network.db") as store:
        import_source(store, read_connections, io.StringIO(TEXT))
        assert store.import_memo() is not None
        store.forget(store.contacts()[0].id)
        assert store.import_memo() is None


def test_the_key_tells_readers_options_and_data_apart() -> None:
    keys = {
        import_key(read_connections, {}, TEXT),
        import_key(read_connections, {}, TEXT.encode()),
        import_key(read_connections, {"circle": "close"}, TEXT),
        import_key(read_contacts, {}, TEXT),
        import_key(read_connections, {}, TEXT + "\n"),
    }
    assert len(keys) == 5
    one, two = (lambda source: read_connections(source)), (lambda source: read_contacts(source))
    assert import_key(one, {}, TEXT) != import_key(two, {}, TEXT)
    partial = functools.partial(read_connections, tag="x")
    assert import_key(partial, {}, TEXT) != import_key(read_connections, {}, TEXT)
    assert import_key(read_connections, {"a": 1, "b": 2}, TEXT) == import_key(
        read_connections, {"b": 2, "a": 1}, TEXT
    )


def test_a_memo_of_another_shape_is_not_trusted() -> None:
    store = InMemoryStore()
    read, calls = _counting(read_connections)
    import_source(store, read, io.StringIO(TEXT))
    store.remember_import("not json")
    import_source(store, read, io.StringIO(TEXT))
    assert len(calls) == 2


def test_no_memo_when_merging_again_would_write() -> None:
    ada = Contact("Ada", id="a", emails=("ada@example.org",))
    same = Contact("Ada", id="a2", emails=("ada@example.org",), notes="new")
    assert report_if_unchanged([same], [ada]) is None
    assert report_if_unchanged([same], []) is None
    merged = attrs.evolve(ada, notes="new", aliases=())
    assert report_if_unchanged([same], [merged]) == MergeReport(unchanged=(ContactId("a"),))


# -- the quick check after a merge, against the plain one --------------------------------

_PEOPLE = st.builds(
    Contact,
    st.sampled_from(["Ada Lovelace", "Ada", "Alan Turing", "Ann Lee"]),
    emails=st.lists(st.sampled_from(["ada@example.org", "ADA@example.org", "a@x.org"]), max_size=2),
    phones=st.one_of(st.just(()), st.lists(st.sampled_from(["1111111", "2222222"]), max_size=1)),
    urls=st.lists(st.sampled_from(["linkedin.com/in/ada", "x.com/alan"]), max_size=1),
    sources=st.sets(st.sampled_from(["t:1", "t:2", "t:3"]), max_size=2),
    notes=st.sampled_from(["", "met at a talk"]),
    id=st.sampled_from(["a", "b", "c", "d", "e", "f"]),
)


@settings(max_examples=400, deadline=None)
@given(
    stored=st.lists(_PEOPLE, max_size=5, unique_by=lambda c: c.id),
    incoming=st.lists(_PEOPLE, max_size=6),
    repeat=st.booleans(),
    plain=st.booleans(),
)
def test_the_quick_check_after_a_merge_is_the_plain_one(
    stored: list[Contact], incoming: list[Contact], repeat: bool, plain: bool
) -> None:
    from relnet.interop.merge import merge_with_state, report_again

    if not plain:  # often what the quick check takes: no phones, every row with a source
        stored = [attrs.evolve(c, phones=()) for c in stored]
        incoming = [
            attrs.evolve(c, phones=(), sources=c.sources or {f"row:{n}"})
            for n, c in enumerate(incoming)
        ]
    store = InMemoryStore()
    for contact in stored:
        store.add_contact(contact)
    if repeat:
        incoming = incoming + incoming[:2]
    state = merge_with_state(store, incoming)
    assert report_again(incoming, state) == report_if_unchanged(incoming, store.contacts())
