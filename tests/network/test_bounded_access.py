"""The network views and the pandas frames read a fixed number of store calls, whatever
the size of the network (the contract's access check, on operations of this package)."""

from __future__ import annotations

import pytest

from relnet import network as views
from relnet.storage import InMemoryStore, Store
from relnet.testing.contract.access import Operation, Workload, check_bounded_access
from relnet.testing.reference import ReferenceStore


def _each(view: str) -> Operation:
    """A view of one contact, asked of each of the workload's contacts."""

    def run(store: Store, work: Workload) -> object:
        return [getattr(views, view)(store, person, now=work.now) for person in work.contacts]

    return run


def _paths(store: Store, work: Workload) -> object:
    return [views.intro_paths(store, person, now=work.now) for person in work.contacts]


def _link(store: Store, work: Workload) -> object:
    first, *others = work.contacts
    return [views.contact_link(store, first, other, now=work.now) for other in others]


def _events(store: Store, work: Workload) -> object:
    return [views.event_report(store, e.id, now=work.now) for e in work.network.events[:3]]


VIEWS: dict[str, Operation] = {
    "communities_report": lambda store, work: views.communities_report(store, now=work.now),
    "event_report": _events,
    "intro_paths": _paths,
    "contact_link": _link,
    "givers_and_takers": lambda store, work: views.givers_and_takers(store, now=work.now),
    "ledger": _each("ledger"),
    "offers": _each("offers"),
    "mentorship": lambda store, work: views.mentorship(store, now=work.now),
    "suggest_stage": _each("suggest_stage"),
    "suggest_stages": lambda store, work: views.suggest_stages(store, now=work.now),
    "targets": lambda store, work: views.targets(store, now=work.now),
}


@pytest.mark.parametrize("store_class", [InMemoryStore, ReferenceStore])
def test_network_views_make_as_many_store_calls_on_a_larger_network(
    store_class: type[Store],
) -> None:
    check_bounded_access(store_class, VIEWS)


def test_frames_make_as_many_store_calls_on_a_larger_network() -> None:
    pytest.importorskip("pandas")
    from relnet.interop import frames

    operations: dict[str, Operation] = {
        "contacts_frame": lambda store, _: frames.contacts_frame(store),
        "interactions_frame": lambda store, _: frames.interactions_frame(store),
        "commitments_frame": lambda store, _: frames.commitments_frame(store),
        "goals_frame": lambda store, _: frames.goals_frame(store),
    }
    check_bounded_access(ReferenceStore, operations)
