"""The in-memory store's table of records by id in sorted runs, against a dictionary."""

from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from relnet import ConflictError, Contact, InMemoryStore, Interaction
from relnet.storage._by_id import ById, RepeatedIdError


@attrs.frozen
class Record:
    id: str
    value: int = 0


class SmallRuns(ById[Record]):
    """Runs of two to four records, so that a few writes split and empty them."""

    LOAD = 2


IDS = st.text(alphabet="abé\U0001f600", max_size=2)
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["set", "delete", "pop", "get", "add", "set asked"]), IDS, st.integers(0, 3)
    ),
    max_size=80,
)


def check_equal(table: ById[Record], oracle: dict[str, Record]) -> None:
    assert len(table) == len(oracle)
    assert list(table) == sorted(oracle)
    assert list(table.values()) == [oracle[key] for key in sorted(oracle)]
    for key, record in oracle.items():
        assert key in table
        assert table[key] is record
    runs = table._runs
    assert all(runs)
    assert all(len(run) <= 2 * table.LOAD for run in runs)
    assert table._lasts == [run[-1].id for run in runs]


@settings(max_examples=400)
@given(start=st.lists(IDS, unique=True, max_size=12), steps=STEPS)
# A key asked for, then a removal before its place, then the key written.
@example(start=["a", "b", "bé"], steps=[("get", "ab", 0), ("delete", "a", 0), ("set asked", "", 0)])
def test_records_by_id_equal_a_dictionary(
    start: list[str], steps: list[tuple[str, str, int]]
) -> None:
    oracle = {key: Record(key) for key in start}
    table = SmallRuns(oracle.values())
    check_equal(table, oracle)
    asked: list[str] = []  # keys asked for by ``in``, the same objects written later
    for action, key, value in steps:
        if action == "add":  # as the store adds: ask, then write the same key object
            if key not in table:
                table[key] = oracle[key] = Record(key, value)
        elif action == "set asked" and asked:  # asked before other writes came between
            key = asked[value % len(asked)]
            table[key] = oracle[key] = Record(key, value)
        elif action == "set":
            table[key] = oracle[key] = Record(key, value)
        elif action == "delete":
            if key in oracle:
                del table[key]
                del oracle[key]
            else:
                with pytest.raises(KeyError):
                    del table[key]
        elif action == "pop":
            assert table.pop(key, None) == oracle.pop(key, None)
        else:
            assert table.get(key) == oracle.get(key)
            assert (key in table) == (key in oracle)
            asked.append(key)
        check_equal(table, oracle)


def test_keys_that_are_not_strings_are_never_found() -> None:
    table = SmallRuns([Record("a"), Record("b")])
    number: object = 1
    assert number not in table
    assert table.get(None) is None  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        table[3]  # type: ignore[index]


def test_a_key_must_be_its_record_s_id() -> None:
    table = SmallRuns()
    with pytest.raises(ValueError, match="'b'"):
        table["b"] = Record("a")
    assert len(table) == 0


def test_records_given_at_once_must_have_distinct_ids() -> None:
    with pytest.raises(RepeatedIdError, match="'a'") as info:
        SmallRuns([Record("b"), Record("a"), Record("a", 1)])
    assert info.value.id == "a"


def test_a_store_built_with_a_repeated_interaction_id_conflicts_naming_it() -> None:
    at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/London")
    first = Interaction(["ada"], at, "call", id="i1")
    with pytest.raises(ConflictError, match="i1"):
        InMemoryStore.from_records(
            contacts=[Contact("Ada", id="ada")],
            interactions=[first, Interaction(["ada"], at.add(days=1), "meeting", id="i1")],
        )
