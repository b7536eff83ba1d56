"""Mail archives, calendars and LinkedIn archives written by the tests, with the odd
headers and rows real exports have."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

ME = "me@example.com"
ME_PROFILE = "https://www.linkedin.com/in/me-myself"


def message(
    *,
    sender: str,
    to: Sequence[str] = (ME,),
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    date: str | None = "Mon, 05 Jan 2026 10:00:00 +0100",
    subject: str = "Hello",
    message_id: str | None = None,
    extra: Iterable[str] = (),
) -> str:
    """One message's text (headers and a short body), lines ending in LF."""
    lines = [f"From: {sender}"]
    if to:
        lines.append("To: " + ", ".join(to))
    if cc:
        lines.append("Cc: " + ", ".join(cc))
    if bcc:
        lines.append("Bcc: " + ", ".join(bcc))
    if date is not None:
        lines.append(f"Date: {date}")
    lines.append(f"Subject: {subject}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    lines.extend(extra)
    return "\n".join(lines) + "\n\nThe body, which capture never reads.\nFrom the start.\n"


def write_mbox(path: Path, messages: Iterable[str]) -> Path:
    """An mbox file of ``messages`` (body lines starting with From are quoted)."""
    parts = []
    for text in messages:
        head, _, body = text.partition("\n\n")
        quoted = "\n".join(">" + ln if ln.startswith("From ") else ln for ln in body.split("\n"))
        parts.append(f"From sender@example.org Mon Jan  5 10:00:00 2026\n{head}\n\n{quoted}\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def calendar(*events: str) -> str:
    """A calendar holding ``events`` (VEVENT bodies without BEGIN/END) and a Paris zone."""
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    body = "\r\n".join(line.strip() for line in body.split("\r\n") if line.strip()) + "\r\n"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relnet tests//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
        "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        f"{body}END:VCALENDAR\r\n"
    )


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text with CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


MESSAGES_HEADER = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
)


def linkedin_files(*, messages: bool = True) -> dict[str, bytes]:
    """A LinkedIn archive's files: connections, a one-to-one thread, a group thread,
    a closed account, a sponsored message, invitations, recommendations, endorsements."""
    ada = "https://www.linkedin.com/in/ada-lovelace"
    bob = "https://www.linkedin.com/in/bob-babbage"
    eve = "https://www.linkedin.com/in/eve-hopper"
    files = {
        "Connections.csv": (
            "Notes:\n"
            '"When exporting your connection data, you may notice that some of the email '
            'addresses are missing."\n\n'
            + csv_text(
                (
                    "First Name",
                    "Last Name",
                    "URL",
                    "Email Address",
                    "Company",
                    "Position",
                    "Connected On",
                ),
                [
                    ("Ada", "Lovelace", ada, "", "Analytical Engines", "Analyst", "15 Mar 2024"),
                    ("Bob", "Babbage", bob, "bob@example.net", "", "", "3 Jan 2024"),
                    (
                        "Carol",
                        "Quiet",
                        "https://www.linkedin.com/in/carol-q",
                        "",
                        "",
                        "",
                        "5 Oct 2023",
                    ),
                ],
            )
        ),
        "Invitations.csv": csv_text(
            (
                "From",
                "To",
                "Sent At",
                "Message",
                "Direction",
                "inviterProfileUrl",
                "inviteeProfileUrl",
            ),
            [
                ("Me Myself", "Eve Hopper", "1/8/26, 6:14 PM", "", "OUTGOING", ME_PROFILE, eve),
                (
                    "Dan Dee",
                    "Me Myself",
                    "2/9/26, 9:00 AM",
                    "Hi",
                    "INCOMING",
                    "https://www.linkedin.com/in/dan-dee",
                    ME_PROFILE,
                ),
            ],
        ),
        "Recommendations_Given.csv": csv_text(
            ("First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"),
            [("Bob", "Babbage", "", "", "Great engineer", "02/15/26, 04:32 PM", "VISIBLE")],
        ),
        "Endorsement_Received_Info.csv": csv_text(
            (
                "Endorsement Date",
                "Skill Name",
                "Endorser First Name",
                "Endorser Last Name",
                "Endorser Public Url",
                "Endorsement Status",
            ),
            [
                (
                    "2026/01/14 06:48:15 UTC",
                    "Python",
                    "Ada",
                    "Lovelace",
                    "www.linkedin.com/in/ada-lovelace",
                    "ACCEPTED",
                )
            ],
        ),
    }
    if messages:
        files["messages.csv"] = csv_text(
            MESSAGES_HEADER,
            [
                (
                    "c-1",
                    "",
                    "Ada Lovelace",
                    ada,
                    "Me Myself",
                    ME_PROFILE,
                    "2026-02-20 10:00:00 UTC",
                    "Coffee?",
                    "private",
                    "INBOX",
                    "",
                ),
                (
                    "c-1",
                    "",
                    "Me Myself",
                    ME_PROFILE,
                    "Ada Lovelace",
                    ada,
                    "2026-02-21 09:00:00 UTC",
                    "",
                    "yes",
                    "INBOX",
                    "",
                ),
                (
                    "g-1",
                    "Engines club",
                    "Bob Babbage",
                    bob,
                    "Me Myself,Ada Lovelace",
                    f"{ME_PROFILE},{ada}",
                    "2026-02-22 08:00:00 UTC",
                    "",
                    "hi all",
                    "INBOX",
                    "",
                ),
                (
                    "g-1",
                    "Engines club",
                    "Me Myself",
                    ME_PROFILE,
                    "Bob Babbage,Ada Lovelace",
                    f"{bob},{ada}",
                    "2026-02-22 09:00:00 UTC",
                    "",
                    "hello",
                    "INBOX",
                    "",
                ),
                (
                    "x-1",
                    "",
                    "LinkedIn Member",
                    "",
                    "Me Myself",
                    ME_PROFILE,
                    "2026-02-23 08:00:00 UTC",
                    "",
                    "?",
                    "INBOX",
                    "",
                ),
                (
                    "s-1",
                    "",
                    "Acme Ads",
                    "https://www.linkedin.com/in/acme-ads",
                    "Me Myself",
                    ME_PROFILE,
                    "2026-02-23 08:00:00 UTC",
                    "An offer",
                    "buy",
                    "SPONSORED",
                    "",
                ),
            ],
        )
    return {name: text.encode("utf-8") for name, text in files.items()}


def write_zip(path: Path, files: dict[str, bytes], folder: str = "") -> Path:
    """A zip of ``files`` (under ``folder`` inside the zip when given)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
    return path
