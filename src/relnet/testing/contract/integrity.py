"""Unknown ids, reused ids and dangling references are refused, changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest

from relnet.errors import NotFoundError
from relnet.model import Channel, Commitment, Community, Contact, Event, Goal, Interaction
from relnet.testing.contract._base import ContractBase, instant, people, raises_conflict
from relnet.testing.snapshots import snapshot


class IntegrityContract(ContractBase):
    """Writes and lookups that name missing or taken ids raise the matching error."""

    # -- missing records, reused ids, dangling references ---------------------------

    def test_unknown_ids_raise_not_found(self, store: Any) -> None:
        """Every lookup, update and removal of an unknown id raises NotFoundError naming
        the kind and the id, with ``role="target"``."""
        people(store, "ada")
        checks: list[tuple[str, Callable[[], object]]] = [
            ("contact", lambda: store.get_contact("nobody")),
            ("interaction", lambda: store.get_interaction("nothing")),
            ("commitment", lambda: store.get_commitment("nothing")),
            ("goal", lambda: store.get_goal("nothing")),
            ("community", lambda: store.get_community("nothing")),
            ("event", lambda: store.get_event("nothing")),
            ("contact", lambda: store.update_contact(Contact("Nobody", id="nobody"))),
            (
                "commitment",
                lambda: store.update_commitment(
                    Commitment("ada", "a book", pendulum.date(2026, 1, 1), id="nothing")
                ),
            ),
            ("goal", lambda: store.update_goal(Goal("Nothing", id="nothing"))),
            ("interaction", lambda: store.remove_interaction("nothing")),
            ("commitment", lambda: store.remove_commitment("nothing")),
            ("contact", lambda: store.forget("nobody")),
        ]
        before = snapshot(store)
        for kind, call in checks:
            with pytest.raises(NotFoundError) as caught:
                call()
            assert caught.value.kind == kind
            assert caught.value.id in ("nobody", "nothing"), caught.value.id
            assert caught.value.role == "target", call
            assert isinstance(caught.value, KeyError)
        assert snapshot(store) == before

    def test_reused_ids_raise_conflict(self, store: Any) -> None:
        """Adding a record whose id is taken raises ConflictError (its kind and id,
        ``reason="duplicate"``, not retryable) and changes nothing."""
        at = instant("2026-03-01T09:00:00+00:00[UTC]")
        store.add_community(Community("PyData", id="c"))
        store.add_event(Event("PyCon", at, id="e"))
        people(store, "ada")
        store.add_goal(Goal("Mentor", id="g"))
        store.add_interaction(Interaction(["ada"], at, Channel.CALL, id="i"))
        store.add_commitment(Commitment("ada", "slides", pendulum.date(2026, 3, 2), id="k"))
        before = snapshot(store)
        duplicates: list[tuple[str, str, Callable[[], object]]] = [
            ("community", "c", lambda: store.add_community(Community("Other", id="c"))),
            ("event", "e", lambda: store.add_event(Event("Other", at, id="e"))),
            ("contact", "ada", lambda: store.add_contact(Contact("Other Ada", id="ada"))),
            ("goal", "g", lambda: store.add_goal(Goal("Other", id="g"))),
            (
                "interaction",
                "i",
                lambda: store.add_interaction(Interaction(["ada"], at, Channel.MEETING, id="i")),
            ),
            (
                "commitment",
                "k",
                lambda: store.add_commitment(
                    Commitment("ada", "other", pendulum.date(2027, 1, 1), id="k")
                ),
            ),
        ]
        for kind, key, call in duplicates:
            raises_conflict(call, kind, key, "duplicate")
        assert snapshot(store) == before

    def test_dangling_references_raise_not_found(self, store: Any) -> None:
        """A write naming a record the store lacks raises NotFoundError for that kind and
        id, with ``role="reference"``."""
        at = instant("2026-03-01T09:00:00+00:00[UTC]")
        people(store, "ada", "bob")
        store.add_goal(Goal("Mentor", contacts={"ada"}, id="g"))
        store.add_commitment(Commitment("ada", "slides", pendulum.date(2026, 3, 2), id="k"))
        before = snapshot(store)
        checks: list[tuple[str, Callable[[], object]]] = [
            ("contact", lambda: store.add_contact(Contact("Cy", id="cy", introduced_by="nobody"))),
            ("community", lambda: store.add_contact(Contact("Cy", id="cy", communities={"no"}))),
            ("community", lambda: store.add_event(Event("Meetup", at, community="no", id="e"))),
            ("contact", lambda: store.add_goal(Goal("Jobs", contacts={"ada", "nobody"}, id="g2"))),
            ("contact", lambda: store.add_interaction(Interaction(["ada", "nobody"], at, "call"))),
            (
                "contact",
                lambda: store.add_interaction(
                    Interaction(["ada"], at, "intro", direction="inbound", introduced_by="nobody")
                ),
            ),
            ("goal", lambda: store.add_interaction(Interaction(["ada"], at, "call", goals={"no"}))),
            ("event", lambda: store.add_interaction(Interaction(["ada"], at, "event", event="no"))),
            (
                "contact",
                lambda: store.add_commitment(Commitment("nobody", "x", pendulum.date(2026, 1, 1))),
            ),
            (
                "contact",
                lambda: store.update_commitment(
                    Commitment("nobody", "slides", pendulum.date(2026, 3, 2), id="k")
                ),
            ),
            ("contact", lambda: store.update_goal(Goal("Mentor", contacts={"nobody"}, id="g"))),
            (
                "contact",
                lambda: store.update_contact(
                    attrs.evolve(store.get_contact("bob"), introduced_by="nobody")
                ),
            ),
            (
                "community",
                lambda: store.update_contact(
                    attrs.evolve(store.get_contact("bob"), communities={"no"})
                ),
            ),
        ]
        for kind, call in checks:
            with pytest.raises(NotFoundError) as caught:
                call()
            assert caught.value.kind == kind, call
            assert caught.value.id in ("nobody", "no"), caught.value.id
            assert caught.value.role == "reference", call
        assert snapshot(store) == before
