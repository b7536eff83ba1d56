"""What every reader shares: the quick construction of rows' contacts and its oracle."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relnet.errors import ValidationError
from relnet.interop._builder import Defaults, base_values, evolve_checked
from relnet.model import Cadence, Circle, Contact
from relnet.testing import strategies

#: Values a row may give a field: good ones, and ones the model refuses.
_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": st.sampled_from(["Ada Lovelace", " Ada ", "", "   ", "x" * 201, "\ud800", 3]),
    "id": st.sampled_from(["0123456789abcdef", "ada", "", "has space", None]),
    "emails": st.sampled_from([(), ("ada@example.org",), ["a@b.c", "a@b.c"], ("nope",), "a@b"]),
    "urls": st.sampled_from([(), ("https://linkedin.com/in/ada",), ["x", "x"], ("",)]),
    "organization": st.sampled_from([None, "", "Engines", "\ud800", 7]),
    "headline": st.sampled_from([None, "", "Analyst"]),
    "created_at": st.sampled_from([None, "2024-03-15", pendulum.datetime(2024, 3, 15, tz="UTC")]),
    "tags": st.sampled_from([frozenset(), {"linkedin"}, {"a", ""}, "linkedin"]),
    "sources": st.sampled_from([frozenset(), {"linkedin:1"}, {" "}]),
    "circle": st.sampled_from([Circle.ACQUAINTANCE, "close", "best"]),
    "cadence": st.sampled_from([None, Cadence.weeks(6), "monthly"]),
    "phones": st.sampled_from([(), ("+1 202 555 0100",), [""]]),
    "aliases": st.sampled_from([(), ("Ada King",), ("A", "A")]),
    "birthday": st.sampled_from([None, "--12-10", "1815-12-10", "never"]),
    "introduced_by": st.sampled_from([None, "0123456789abcdef", "bob"]),
}


def _outcome(make: Any) -> Any:
    try:
        return make()
    except ValidationError as error:
        return ("ValidationError", error.field, str(error))
    except TypeError as error:
        return ("TypeError", str(error))


@settings(max_examples=400, deadline=None)
@given(
    base=strategies.contacts(),
    values=st.dictionaries(st.sampled_from(sorted(_VALUES)), st.none()).flatmap(
        lambda keys: st.fixed_dictionaries({k: _VALUES[k] for k in keys})
    ),
)
def test_the_quick_evolve_is_attrs_evolve(base: Contact, values: dict[str, Any]) -> None:
    """Same contact, or the same error, as ``attrs.evolve`` (which checks every field)."""
    plain = _outcome(lambda: attrs.evolve(base, **values))
    assert _outcome(lambda: evolve_checked(base, values)) == plain
    fields = base_values(base)
    assert _outcome(lambda: evolve_checked(base, values, fields)) == plain


def test_a_field_contact_does_not_have_is_attrs_error() -> None:
    base = Contact("Ada")
    with pytest.raises(TypeError):
        evolve_checked(base, {"name": "Ada", "nickname": "A"})


@settings(max_examples=200, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {"name": _VALUES["name"], "id": _VALUES["id"]},
        optional={k: v for k, v in _VALUES.items() if k not in ("name", "id")},
    )
)
def test_a_row_s_contact_is_the_one_contact_s_constructor_makes(values: dict[str, Any]) -> None:
    """The builder's contact from the defaults' base is ``Contact(**values)``."""
    defaults = Defaults(circle="close", cadence=Cadence.weeks(6), tags={"x"}, tag="linkedin")
    full = {"circle": defaults.circle, "cadence": defaults.cadence, "tags": defaults.tags}
    full.update(values)
    plain = _outcome(lambda: Contact(**full))
    assert _outcome(lambda: evolve_checked(defaults.base, full)) == plain
    assert _outcome(lambda: evolve_checked(defaults.base, full, defaults.base_fields)) == plain


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from('ab,;"\r\n é'), max_size=40),
    delimiter=st.sampled_from([",", ";"]),
)
def test_rows_read_without_cleaning_when_there_is_no_carriage_return(
    text: str, delimiter: str
) -> None:
    """read_rows cleans cells only when the text holds a carriage return: the same rows
    as cleaning every cell (``_clean``) of every row."""
    from relnet.interop._csvrows import Row, _clean, read_rows

    rows = list(read_rows(text, delimiter))
    cleaned = [
        attrs.evolve(row, cells=[_clean(cell) for cell in row.cells])
        if isinstance(row, Row)
        else row
        for row in rows
    ]
    assert rows == cleaned
