"""The model's names that ``relnet`` exports too are listed once, and stay lazy."""

from __future__ import annotations

import subprocess
import sys

import relnet
import relnet.model
from relnet import _exports


def test_relnet_and_the_model_export_the_one_list() -> None:
    for name in _exports.MODEL:
        assert name in relnet.__all__
        assert name in relnet.model.__all__
        assert getattr(relnet, name) is getattr(relnet.model, name)
    assert len(set(relnet.__all__)) == len(relnet.__all__)
    assert len(set(relnet.model.__all__)) == len(relnet.model.__all__)


def test_every_exported_name_resolves() -> None:
    for module in (relnet, relnet.model):
        for name in module.__all__:
            assert getattr(module, name) is not None, (module.__name__, name)


def test_importing_relnet_loads_no_model_module() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, relnet; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'relnet._exports'" in loaded
    assert "relnet.model" not in loaded
