"""``relnet demo``: a realistic sample network, today's agenda and its health, in one go.

The bulk of the network comes from :func:`relnet.synth.network` (a year of
interactions with a few dozen people in every circle); a hand-written story on top
(:mod:`relnet.cli._story`) puts every kind of follow-up on today's agenda. Everything is
built relative to ``now``, so the same ``--now``, ``--seed`` and ``--timezone`` always
print the same thing.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import click
import pendulum

from relnet.cli._app import command_options, output, session
from relnet.cli._session import CliError, Session
from relnet.cli._story import PROFILE, story
from relnet.cli.agenda import agenda_record, render_agenda
from relnet.cli.insight import health_record, left_out, render_health
from relnet.model import Settings
from relnet.policy import Engine, health
from relnet.storage import Store, copy_records
from relnet.synth import SyntheticNetwork, network

__all__ = ["SYNTHETIC_CONTACTS", "SYNTHETIC_INTERACTIONS", "build_demo", "demo_command"]

#: How many generated people and interactions the demo adds to its story.
SYNTHETIC_CONTACTS = 24
SYNTHETIC_INTERACTIONS = 400
#: The least daily capacity the demo owner has.
DEMO_CAPACITY = 8


def _tidy(net: SyntheticNetwork, today: pendulum.Date) -> SyntheticNetwork:
    """Mark the generated promises that are already late as kept on their due date.

    The story brings its own promise and check-in; the generated ones would crowd them.
    """
    kept = tuple(c.done(c.due) if c.is_open and c.due < today else c for c in net.commitments)
    return attrs.evolve(net, commitments=kept)


def build_demo(store: Store, state: Session, *, zone: str, seed: int) -> None:
    """Fill ``store`` (new and empty) with the demo network as of the session's ``now``."""
    base = Settings(timezone=zone, daily_capacity=DEMO_CAPACITY)
    now = state.now(base)
    today = base.today(now)
    net = _tidy(
        network(
            SYNTHETIC_CONTACTS,
            SYNTHETIC_INTERACTIONS,
            seed=seed,
            start=now.subtract(years=1),
            end=now.subtract(hours=2),
        ),
        today,
    )
    told = story(now, zone)
    with store.transaction():
        net.load_into(store)
        store.set_settings(attrs.evolve(base, holidays=net.settings.holidays))
        store.set_profile(PROFILE)
        copy_records(store, **told)
        # The demo owner makes room for the whole day, so every kind of follow-up shows.
        everything = Engine().follow_ups(store, now=now)
        waiting = sum(1 for item in everything if item.available_from <= everything.today)
        settings = store.get_settings()
        capacity = max(DEMO_CAPACITY, waiting)
        store.set_settings(attrs.evolve(settings, daily_capacity=capacity))


@contextlib.contextmanager
def _demo_path(state: Session) -> Iterator[tuple[Path | str, bool]]:
    if state.db is not None:
        location = state.location()
        if state.exists():
            raise CliError(
                f"{location} already exists; the demo builds a new database "
                "(remove it or choose another --db)"
            )
        yield location, True
        return
    with tempfile.TemporaryDirectory(prefix="relnet-demo-") as folder:
        yield Path(folder) / "demo.db", False


@click.command("demo")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Which generated network to use."
)
@click.option(
    "--timezone",
    "zone",
    metavar="ZONE",
    help="The demo owner's time zone (default: the machine's).",
)
@command_options
def demo_command(seed: int, zone: str | None, as_json: bool) -> None:
    """Build a sample network and show today's agenda and network health.

    The network (a few dozen people, a year of interactions, goals, a mentor, an
    intro, promises) is built relative to now (or --now) in a temporary database,
    or in a new --db file you can keep exploring.

    \b
    Example:
      relnet demo --db demo.db && relnet --db demo.db explain "Elena Petrova"
    """
    state = session()
    chosen = zone or state.zone()
    Settings(timezone=chosen)  # refuse an unknown zone before building anything
    with _demo_path(state) as (path, kept):
        state.db = path
        with state.open(create=True) as store:
            build_demo(store, state, zone=chosen, seed=seed)
            settings = store.get_settings()
            now = state.now(settings)
            engine = Engine()
            items = engine.agenda(store, now=now)
            found = health(store, now=now)
            everyone = store.contacts()
            names = {c.id: c.name for c in everyone}
            excluded = left_out(found, everyone)
            people = len(names)
            logged = len(store.interactions())
    out = output(as_json)
    if as_json:
        out.json(
            {
                "database": str(path) if kept else None,
                "contacts": people,
                "interactions": logged,
                "agenda": agenda_record(items, more=0),
                "health": health_record(found, items.today),
            }
        )
        return
    out.heading(
        f"Sample network of {PROFILE.name}: {people} people, {logged} interactions "
        f"in the past year (time zone {settings.timezone})."
    )
    out.line()
    render_agenda(out, items, items.today, items.title)
    out.line()
    render_health(
        out, found, names, f"Network health on {items.today.isoformat()}", excluded=excluded
    )
    out.line()
    if kept:
        out.line(f"The sample network is in {path}. Try:", style="dim")
        out.line(f"  relnet --db {path} explain 'Elena Petrova'", style="dim")
        out.line(f"  relnet --db {path} draft 'Marcus Chen'", style="dim")
    else:
        out.line(
            "The sample network was temporary; keep one with 'relnet demo --db demo.db'.",
            style="dim",
        )
