"""Bringing contacts in and getting follow-ups out: files, calendars, frames and plots.

Each format lives in its own module and imports its library only when used, raising an
ImportError that names the extra to install when it is missing:

* :mod:`relnet.interop.linkedin` — LinkedIn's ``Connections.csv``;
* :mod:`relnet.interop.google` — Google Contacts CSV;
* :mod:`relnet.interop.vcard` — vCards in and out (``relnet[vcard]``);
* :mod:`relnet.interop.vdir` — two-way sync with a folder of vCards (``relnet[vcard]``);
* :mod:`relnet.interop.ical` — follow-ups as an iCalendar file (``relnet[ical]``);
* :mod:`relnet.interop.frames` — pandas DataFrames (``relnet[pandas]``);
* :mod:`relnet.interop.plots` — matplotlib plots (``relnet[plot]``);
* :mod:`relnet.interop.csvexport` — CSV for spreadsheets, safe from formula injection;
* :mod:`relnet.interop.mail`, :mod:`relnet.interop.calendar` and
  :func:`relnet.interop.linkedin.read_archive` — interactions captured from mail
  archives, calendars and the LinkedIn data archive, brought in by :func:`capture_into`.

Readers return an :class:`ImportResult`; :func:`merge_into` brings one into a store.
"""

from relnet.interop.capture import CaptureIssue, CaptureReport, CaptureResult, capture_into
from relnet.interop.merge import MergeReport, merge_contacts, merge_into
from relnet.interop.result import Duplicate, ImportIssue, ImportResult

__all__ = [
    "CaptureIssue",
    "CaptureReport",
    "CaptureResult",
    "Duplicate",
    "ImportIssue",
    "ImportResult",
    "MergeReport",
    "capture_into",
    "merge_contacts",
    "merge_into",
]
