"""Every script in ``examples/`` runs standalone and prints what it says it does.

Each example runs as its own process (``python examples/NAME.py``) from an empty
temporary folder, with matplotlib on a non-interactive backend. A new example is
picked up by itself; ``EXPECTED`` lists lines that the known ones must print.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

#: Text each known example must print (every item must appear in its standard output).
EXPECTED: dict[str, list[str]] = {
    "quickstart.py": [
        "Agenda for 2026-11-25: 3 follow-ups",
        "1. [reply_owed] Reply to Bo Chen (due 2026-11-24).",
        "2. [promise] Keep your promise to Grace Hopper (due 2026-11-26).",
        "Also: thank_you.",
        "3. [mentor_loop] Report back to Ada Lovelace (due 2026-11-18).",
    ],
    "embedded_app.py": [
        "Wednesday 18 November: 2 things to do",
        " ! Reply to Bo Chen (due 2026-11-18).",
        "   | Thank you for your message about our data contract",
        "Thursday 19 November: 1 thing to do",
        " ! Keep your promise to Grace Hopper (due 2026-11-20).",
        "Wednesday 25 November: 1 thing to do",
        " - Nudge Ada Lovelace (due 2026-11-24).",
    ],
    "import_linkedin.py": [
        "Read 7 connections from Connections.csv",
        "not imported: [12, First Name] no first or last name; row skipped",
        "First import:  6 added, 1 merged, 0 unchanged",
        "Second import: 0 added, 0 merged, 7 unchanged",
        "7 contacts in the store:",
        "Grace, merged: Rear Admiral, https://linkedin.com/in/gracehopper, version 1",
    ],
    "calendar_export.py": [
        "6 follow-ups due from 2026-11-25 to 2026-12-01 written to follow-ups.ics",
        "Left out: 1 overdue (today's agenda has them), 2 due later.",
        "Fri 27 Nov 08:30 GMT  Keep your promise to Grace Hopper  <grace-promise@relnet>",
        "Tue 01 Dec 08:30 GMT  Tell Dee Park how the intro went  <dee-intro_loop@relnet>",
    ],
    "custom_rule.py": ["Congratulate Bo Chen"],
    "custom_store.py": ["a store: True; reopened intact: True"],
    "network_views.py": ["== Intro paths to Cy =="],
}


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python script args`` in ``cwd`` with this checkout's ``src`` first on the path."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_there_are_examples() -> None:
    assert {"quickstart.py", "embedded_app.py", "custom_rule.py"} <= {s.name for s in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    result = run(script, cwd=tmp_path)
    assert result.returncode == 0, f"{script.name} failed:\n{result.stderr}"
    assert result.stdout.strip(), f"{script.name} printed nothing"
    for expected in EXPECTED.get(script.name, []):
        assert expected in result.stdout, f"{script.name} did not print {expected!r}"
    assert list(tmp_path.iterdir()) == [], f"{script.name} left files in its working folder"


def test_the_quickstart_is_thirty_lines_at_most() -> None:
    assert len((EXAMPLES / "quickstart.py").read_text(encoding="utf-8").splitlines()) <= 30


def test_calendar_export_writes_the_file_it_is_given(tmp_path: Path) -> None:
    target = tmp_path / "week.ics"
    result = run(EXAMPLES / "calendar_export.py", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == 6
    assert "UID:grace-promise@relnet" in text


def test_import_linkedin_reads_the_file_it_is_given(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    shutil.copy(EXAMPLES / "data" / "Connections.csv", export)
    with export.open("a", encoding="utf-8", newline="") as file:
        file.write("Alan,Kay,https://linkedin.com/in/alan-kay,,Viewpoints,Fellow,2 Feb 2026\r\n")
    result = run(EXAMPLES / "import_linkedin.py", str(export), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Read 8 connections from export.csv" in result.stdout
    assert "First import:  7 added, 1 merged, 0 unchanged" in result.stdout


def test_the_sample_export_has_linkedin_s_preamble() -> None:
    raw = (EXAMPLES / "data" / "Connections.csv").read_bytes()
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Notes:"
    assert lines[1].startswith('"When exporting your connection data')
    assert lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
