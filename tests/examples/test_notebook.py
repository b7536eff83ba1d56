"""The example notebook runs from top to bottom, draws its plots, and is saved as it runs.

The notebook is executed by a ``python3`` Jupyter kernel (this interpreter, with this
checkout's ``src`` on its path) exactly as ``scripts/execute_notebooks.py`` does it.
The copy in the repository keeps its outputs, so that it renders on GitHub: every code
cell must have the kinds of output a fresh run gives it (a table, a printout, a plot).
The numbers may drift when the sample network's generator changes; running
``scripts/execute_notebooks.py`` brings them up to date.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "networking.ipynb"
RERUN = "run `python scripts/execute_notebooks.py` and commit the notebook"


def executor() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "execute_notebooks", ROOT / "scripts" / "execute_notebooks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def executed() -> Any:
    return executor().execute(NOTEBOOK)


def code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs(notebook: Any) -> list[Any]:
    return [output for cell in code_cells(notebook) for output in cell.outputs]


def kinds(cell: Any) -> list[tuple[str, ...]]:
    """Each output of a cell as its type and the MIME types it carries."""
    return [
        (output.output_type, output.get("name", ""), *sorted(output.get("data", {})))
        for output in cell.outputs
    ]


def test_no_cell_fails(executed: Any) -> None:
    errors = [o for o in outputs(executed) if o.output_type == "error"]
    assert errors == [], [f"{e.ename}: {e.evalue}" for e in errors]
    assert not any(o.get("name") == "stderr" for o in outputs(executed))


def test_the_plots_are_drawn(executed: Any) -> None:
    images = [o for o in outputs(executed) if "image/png" in o.get("data", {})]
    assert len(images) >= 3


def test_the_agenda_and_the_health_show_as_html(executed: Any) -> None:
    html = [o.data["text/html"] for o in outputs(executed) if "text/html" in o.get("data", {})]
    assert any("<caption>Agenda for 2026-11-25" in page for page in html)
    assert any("never_contacted" in page or "never contacted" in page for page in html)


def test_the_saved_notebook_has_its_outputs() -> None:
    saved = nbformat.read(NOTEBOOK, as_version=4)
    assert all(cell.execution_count is not None for cell in code_cells(saved)), RERUN
    assert any("image/png" in o.get("data", {}) for o in outputs(saved)), RERUN


def test_the_saved_outputs_are_the_kinds_it_makes_now(executed: Any) -> None:
    saved = nbformat.read(NOTEBOOK, as_version=4)
    for mine, fresh in zip(code_cells(saved), code_cells(executed), strict=True):
        assert kinds(mine) == kinds(fresh), f"cell {fresh.source[:40]!r}: {RERUN}"


def test_the_saved_notebook_is_valid_json_with_a_python3_kernel() -> None:
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert document["metadata"]["kernelspec"]["name"] == "python3"
    nbformat.validate(nbformat.reads(json.dumps(document), as_version=4))
