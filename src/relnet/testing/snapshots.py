"""A store's whole observable state as plain data, to compare two stores exactly.

Records are turned into JSON-ready data with :func:`relnet.serialization.to_dict`, so
two snapshots are equal only if every record is, instants in the same zone included,
and every listing comes in the same order.
"""

from __future__ import annotations

from typing import Any

from relnet.serialization import dump_document
from relnet.storage import Store

__all__ = ["snapshot"]


def snapshot(store: Store, *, filters: bool = True) -> dict[str, Any]:
    """Every listing of ``store`` (and, with ``filters``, every filtered listing:
    per contact, per tag, open commitments, reachable contacts) as plain data."""
    # Every listing, as a dump writes it (less the document's version).
    state = dump_document(store)
    del state["relnet"]
    if not filters:
        return state
    contacts = store.contacts()
    tags = sorted({tag for contact in contacts for tag in contact.tags})
    state["reachable"] = [c.id for c in store.contacts(include_archived=False)]
    state["tagged"] = {
        tag: [c.id for c in store.contacts(tag=tag)]
        + ["|"]
        + [c.id for c in store.contacts(tag=tag, include_archived=False)]
        for tag in tags
    }
    state["open_commitments"] = [c.id for c in store.commitments(open_only=True)]
    state["by_contact"] = {
        contact.id: {
            "interactions": [i.id for i in store.interactions(contact=contact.id)],
            "commitments": [c.id for c in store.commitments(contact=contact.id)],
            "open_commitments": [
                c.id for c in store.commitments(contact=contact.id, open_only=True)
            ],
            "goals": [g.id for g in store.goals(contact=contact.id)],
            "dismissals": [list(d.key) for d in store.dismissals(contact=contact.id)],
        }
        for contact in contacts
    }
    return state
