"""``relnet init``: create the database and set the owner's time zone, profile and limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import click

from relnet.cli._app import command_options, output, session
from relnet.cli._output import Output
from relnet.cli._session import shown
from relnet.cli._words import in_option_words
from relnet.errors import ValidationError
from relnet.interop._builder import is_email
from relnet.interop.identity import normalize_linkedin_url
from relnet.model import Profile, Settings

__all__ = ["init"]

#: Profile fields and the options of ``relnet init`` that set them.
_PROFILE_OPTIONS = {
    "name": "--name",
    "headline": "--headline",
    "pitch": "--pitch",
    "expertise": "--expertise",
}


def _reminder(text: str | None) -> dt.time | None:
    if text is None:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise ValidationError("--reminder-time", text, "a time of day such as 09:00") from None


def _me(emails: tuple[str, ...], profiles: tuple[str, ...]) -> tuple[str, ...]:
    for address in emails:
        if not is_email(address):
            raise ValidationError("--email", address, "an email address such as you@example.org")
    urls = []
    for url in profiles:
        normal = normalize_linkedin_url(url)
        if normal is None:
            raise ValidationError(
                "--linkedin", url, "a LinkedIn profile URL such as https://linkedin.com/in/you"
            )
        urls.append(normal)
    return tuple(dict.fromkeys([*(e.strip() for e in emails), *urls]))


@click.command()
@click.option(
    "--timezone",
    "zone",
    metavar="ZONE",
    help="Your IANA time zone, e.g. Europe/Paris (default: the machine's zone for a new "
    "database; unchanged for an existing one).",
)
@click.option("--name", help="Your name, as drafts sign it.")
@click.option("--headline", help='One line about you ("Data engineer at Acme").')
@click.option("--pitch", help="What you would like people to know you for.")
@click.option("--expertise", multiple=True, help="Something you can help others with (repeat).")
@click.option("--capacity", type=click.IntRange(min=0), help="Optional items per day (default 5).")
@click.option("--reminder-time", metavar="HH:MM", help="When due items fall due (default 09:00).")
@click.option(
    "--email",
    "emails",
    multiple=True,
    metavar="ADDRESS",
    help="Your own email address, for capture (repeat; replaces those set before).",
)
@click.option(
    "--linkedin",
    "profiles",
    multiple=True,
    metavar="URL",
    help="Your LinkedIn profile URL, for capture (repeat; replaces those set before).",
)
@command_options
def init(
    zone: str | None,
    name: str | None,
    headline: str | None,
    pitch: str | None,
    expertise: tuple[str, ...],
    capacity: int | None,
    reminder_time: str | None,
    emails: tuple[str, ...],
    profiles: tuple[str, ...],
    as_json: bool,
) -> None:
    """Create the database (or update its settings) and set your time zone.

    Due dates, "today" and times typed without an offset are all read in this zone.
    """
    state = session()
    reminder = _reminder(reminder_time)
    me = _me(emails, profiles)
    if zone is not None:
        # Refuse an unknown zone before anything is written.
        with in_option_words({"timezone": "--timezone"}, {"timezone": zone}):
            Settings(timezone=zone)
    path = state.location()
    created = not state.exists()
    with state.open(create=True) as store, store.transaction():
        changes = _given(
            timezone=zone, daily_capacity=capacity, reminder_time=reminder, me=me or None
        )
        settings = attrs.evolve(store.get_settings(), **changes)
        store.set_settings(settings)
        profile = store.get_profile()
        updates = _given(
            name=name,
            headline=headline,
            pitch=pitch,
            expertise=frozenset(expertise) if expertise else None,
        )
        if updates:
            with in_option_words(_PROFILE_OPTIONS):
                profile = attrs.evolve(profile, **updates)
            store.set_profile(profile)
    _print_setup(output(as_json), path, created, settings, profile)


def _given(**values: object) -> dict[str, object]:
    """The ``values`` given (those not None)."""
    return {key: value for key, value in values.items() if value is not None}


def _print_setup(
    out: Output, path: Path | str, created: bool, settings: Settings, profile: Profile
) -> None:
    """What ``relnet init`` reports: the database, the settings and the profile."""
    if out.as_json:
        out.json(
            {"database": shown(path), "created": created, "settings": settings, "profile": profile}
        )
        return
    verb = "Created" if created else "Settings of"
    out.line(f"{verb} {shown(path)}")
    out.fields(
        [
            ("time zone", settings.timezone),
            ("reminders at", settings.reminder_time.strftime("%H:%M")),
            ("daily capacity", str(settings.daily_capacity)),
            ("name", profile.name),
            ("headline", profile.headline),
            ("pitch", profile.pitch),
            ("expertise", ", ".join(sorted(profile.expertise))),
            ("your addresses", ", ".join(settings.me)),
        ]
    )
