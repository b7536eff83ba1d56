"""Import LinkedIn connections into a store, twice, and show that nothing is duplicated.

Run it with ``python examples/import_linkedin.py [Connections.csv]``. Without an
argument it reads the sample export in ``examples/data/Connections.csv`` (LinkedIn's
"Get a copy of your data" gives you your own). The store already knows Grace Hopper by
her email address; the import recognises her and completes her record instead of adding
a second Grace. Rows that cannot be read are reported with their line numbers, and the
good ones are kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from relnet import Contact, InMemoryStore, Settings
from relnet.interop import merge_into
from relnet.interop.linkedin import read_connections

SAMPLE = Path(__file__).resolve().parent / "data" / "Connections.csv"


def main(path: Path) -> None:
    store = InMemoryStore(Settings(timezone="Europe/London"))
    store.add_contact(
        Contact("Grace Hopper", id="grace", emails=["grace@navy.example"], circle="close")
    )

    result = read_connections(path)
    print(f"Read {len(result.contacts)} connections from {path.name}")
    for issue in result.errors:
        print(f"  not imported: {issue}")

    first = merge_into(store, result)
    print(f"First import:  {first}")
    second = merge_into(store, read_connections(path))
    print(f"Second import: {second}")
    assert second.counts["added"] == second.counts["merged"] == 0, second
    assert len(store.contacts()) == len(result.contacts), "nobody is stored twice"

    print(f"\n{len(store.contacts())} contacts in the store:")
    for contact in sorted(store.contacts(), key=lambda c: c.name):
        since = "" if contact.created_at is None else f", since {contact.created_at:%b %Y}"
        print(f"  {contact.name:<18} {contact.organization or '':<36} {contact.circle}{since}")
    grace = store.get_contact("grace")
    print(f"\nGrace, merged: {grace.headline}, {grace.urls[0]}, version {grace.version}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE)
