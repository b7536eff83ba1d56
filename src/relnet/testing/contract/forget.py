"""``forget`` erases a person from every record."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relnet.errors import ConflictError, NotFoundError
from relnet.storage import SummarySource
from relnet.testing import strategies as rs
from relnet.testing.contract._base import (
    ADA,
    ContractBase,
    StoreFactory,
    add_forget_scene,
    ids_of,
    reference_of,
)
from relnet.testing.reference import ReferenceStore
from relnet.testing.snapshots import snapshot


class ForgetContract(ContractBase):
    """Every effect of ``forget``, in a fixed network and in random ones."""

    # -- forget ---------------------------------------------------------------------

    def test_forget_erases_the_person_everywhere(self, store: Any) -> None:
        """``forget`` removes the contact, interactions only about them, their commitments,
        and their id from other interactions, goals and contacts."""
        add_forget_scene(store)
        dee_before = store.get_contact("dee")
        store.forget("ada")
        with pytest.raises(NotFoundError):
            store.get_contact("ada")
        assert ids_of(store.contacts()) == ["bob", "cy", "dee"]
        assert ids_of(store.interactions()) == ["group", "ada-introduced-bob", "other"]
        assert store.get_interaction("group").participants == ("bob", "cy")
        intro = store.get_interaction("ada-introduced-bob")
        assert intro.participants == ("bob",)
        assert intro.introduced_by is None
        for missing in ("solo", "cy-introduced-ada"):
            with pytest.raises(NotFoundError):
                store.get_interaction(missing)
        assert list(store.interactions(contact="ada")) == []
        assert ids_of(store.interactions(contact="cy")) == ["group", "other"]
        assert ids_of(store.commitments()) == ["k-bob"]
        assert store.get_goal("g-both").contacts == frozenset({"bob"})
        assert store.get_goal("g-ada").contacts == frozenset()
        assert list(store.goals(contact="ada")) == []
        dee = store.get_contact("dee")
        assert dee.introduced_by is None
        assert dee.version == dee_before.version + 1
        with pytest.raises(ConflictError):
            store.update_contact(dee_before)
        with pytest.raises(NotFoundError):
            store.forget("ada")
        reference = ReferenceStore()
        add_forget_scene(reference)
        reference.forget(ADA)
        assert snapshot(store) == snapshot(reference)

    def test_forget_matches_reference(self, store_factory: StoreFactory) -> None:
        """Forgetting anyone in a random network leaves what the reference store leaves."""

        @self.hypothesis_settings()
        @given(network=rs.networks(), data=st.data())
        def check(network: rs.Network, data: st.DataObject) -> None:
            person = data.draw(st.sampled_from([c.id for c in network.contacts]))
            reference = reference_of(network)
            reference.forget(person)
            with self.fresh(store_factory) as store:
                network.add_to(store)
                store.forget(person)
                assert snapshot(store) == snapshot(reference)
                if isinstance(store, SummarySource):
                    now = data.draw(rs.instants())
                    assert person not in store.touch_summaries(now=now)

        check()
