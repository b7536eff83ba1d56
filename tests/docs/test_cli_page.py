"""``docs/cli.md`` matches the click commands, and every example in it runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

pytest.importorskip("click")

import pendulum
from click.testing import CliRunner

from relnet.cli import cli
from relnet.cli._reference import block, commands, problems, update
from relnet.cli._session import Session
from tests.cli.test_transfer import GOOGLE, LINKEDIN, VCARDS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_the_page_documents_every_command_and_option_as_click_has_them() -> None:
    assert problems(PAGE.read_text(encoding="utf-8"), cli) == []


def test_the_check_notices_drift() -> None:
    page = PAGE.read_text(encoding="utf-8")
    stale = page.replace("How many optional items to show", "How many to show", 1)
    assert "the options of relnet agenda are out of date" in problems(stale, cli)
    assert update(stale, cli) == page
    missing = page.replace("## `relnet health`", "## health")
    assert "no section for relnet health" in problems(missing, cli)
    extra = page + "\n<!-- options: relnet fly -->\n<!-- end options -->\n"
    assert "the page documents relnet fly, which does not exist" in problems(extra, cli)


def test_every_command_is_reachable_from_the_top() -> None:
    paths = [path for path, _ in commands(cli)]
    for expected in ("relnet demo", "relnet goal add", "relnet event report", "relnet agenda"):
        assert expected in paths
    assert "--capacity" in block("relnet agenda", dict(commands(cli))["relnet agenda"])
    assert "`-h, --help`" in block("relnet", dict(commands(cli))["relnet"])


def examples() -> list[list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    lines = re.findall(r"^\$ (relnet .*)$", text, re.M)
    return [shlex.split(line)[1:] for line in lines]


def test_the_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELNET_DB", str(tmp_path / "relnet.db"))
    monkeypatch.setenv("TZ", "Europe/Paris")
    (tmp_path / "Connections.csv").write_text(LINKEDIN, encoding="utf-8")
    (tmp_path / "contacts.csv").write_text(GOOGLE, encoding="utf-8")
    (tmp_path / "contacts.vcf").write_text(VCARDS, encoding="utf-8")
    clock = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    runner = CliRunner()
    found = examples()
    assert len(found) >= 40
    for args in found:
        result = runner.invoke(cli, args, obj=Session(clock=lambda: clock))
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
