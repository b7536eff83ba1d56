"""examples/adapter_package: its store passes the contract (erasure check included), and,
installed into an environment of its own, makes ``relnet --db example://...`` work."""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

import pytest

from relnet.adapters.registry import schemes

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "examples" / "adapter_package"
NOW = "2026-03-02T10:00:00+01:00"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# The package's own test module imports the package by name: load it from the source tree.
SOURCE = PACKAGE / "src" / "relnet_example_store" / "__init__.py"
example_store = _load("relnet_example_store", SOURCE)
package_tests = _load("relnet_example_store_tests", PACKAGE / "tests" / "test_store.py")

#: The package's contract test, run here as its author runs it there.
TestJSONLinesStore = package_tests.TestJSONLinesStore
test_open_url_makes_a_store_only_when_asked = (
    package_tests.test_open_url_makes_a_store_only_when_asked
)


def test_relnet_registers_its_own_schemes_as_entry_points() -> None:
    """sqlite, json, postgresql and postgres come from pyproject.toml's entry points."""
    from importlib.metadata import entry_points

    registered = {point.name: point.value for point in entry_points(group="relnet.stores")}
    ours = ("sqlite", "json", "postgresql", "postgres")
    assert {name: registered.get(name) for name in ours} == {
        "sqlite": "relnet.adapters.registry:sqlite_store",
        "json": "relnet.adapters.registry:json_store",
        "postgresql": "relnet.adapters.registry:postgres_store",
        "postgres": "relnet.adapters.registry:postgres_store",
    }


def _environment(folder: Path) -> Path:
    """A new virtual environment that also sees this one's packages (relnet, hatchling),
    with the example package installed into it. Returns its interpreter."""
    try:
        import hatchling  # noqa: F401 - the example's build backend, from relnet[dev]
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("hatchling is not installed (it comes with relnet[dev])")
        pytest.skip("hatchling is not installed (pip install hatchling)")
    env = folder / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parents = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]])
    lines = [f"import site; site.addsitedir({parent!r})" for parent in parents]
    (Path(purelib) / "parent_environment.pth").write_text("\n".join(lines) + "\n")
    installed = subprocess.run(
        [
            *(str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--disable-pip-version-check", str(PACKAGE)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    return python


@pytest.mark.slow
def test_installed_package_serves_example_urls_to_the_command_line(tmp_path: Path) -> None:
    """pip-installed into a fresh environment, the package's entry point makes
    ``example://`` a --db scheme: a write command creates the file, agenda reads it."""
    python = _environment(tmp_path)
    network = tmp_path / "data" / "network.jsonl"
    network.parent.mkdir()
    url = f"example://{network}"
    child_env = {k: v for k, v in os.environ.items() if k not in {"RELNET_DB", "PYTHONPATH"}}
    child_env["TZ"] = "Europe/Paris"

    def relnet(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), "-m", "relnet.cli", "--db", url, "--now", NOW, *args],
            capture_output=True,
            text=True,
            env=child_env,
            timeout=120,
            check=False,
        )

    missing = relnet("agenda")
    assert missing.returncode == 2
    assert f"no example store at {network}" in missing.stderr
    assert not network.exists()  # a command that only reads creates nothing

    added = relnet("add", "Ada Lovelace", "--circle", "close")
    assert added.returncode == 0, added.stderr
    logged = relnet("log", "Ada", "--channel", "meeting", "--at", "yesterday 15:00")
    assert logged.returncode == 0, logged.stderr
    lines = network.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"relnet-example-store": 1}
    assert any('"Ada Lovelace"' in line for line in lines)

    agenda = relnet("agenda")
    assert agenda.returncode == 0, agenda.stderr
    assert agenda.stdout.startswith("Agenda for 2026-03-02: 1 follow-up\n")
    assert "Ada Lovelace" in agenda.stdout
    as_json = relnet("agenda", "--json")
    items = json.loads(as_json.stdout)["items"]
    assert [(item["name"], item["reason"]) for item in items] == [("Ada Lovelace", "thank_you")]

    # The same store is open to a program in that environment through the registry.
    program = (
        "from relnet.adapters.registry import open_store; "
        f"store = open_store({url!r}, create=False); "
        "print(type(store).__module__, [c.name for c in store.contacts()])"
    )
    opened = subprocess.run(
        [str(python), "-c", program], capture_output=True, text=True, env=child_env, check=False
    )
    assert opened.stdout.strip() == "relnet_example_store ['Ada Lovelace']", opened.stderr


def test_unknown_scheme_is_a_usage_error_naming_the_known_ones(tmp_path: Path) -> None:
    """An unregistered scheme: exit status 2, one line naming the schemes there are."""
    done = subprocess.run(
        [sys.executable, "-m", "relnet.cli", "--db", f"nosuch://{tmp_path}/n", "agenda"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "RELNET_DB"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "unknown database scheme 'nosuch'" in done.stderr
    known = ", ".join(schemes())
    assert known.startswith("json, ")
    assert f"known schemes: {known}" in done.stderr
    assert list(tmp_path.iterdir()) == []
