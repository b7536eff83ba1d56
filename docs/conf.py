"""Sphinx configuration for relnet's documentation."""

from __future__ import annotations

import relnet

project = "relnet"
author = "relnet contributors"
copyright = "2026, relnet contributors"
release = relnet.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "relnet"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
# No global setup: every page imports what it uses, so that its code runs as written,
# top to bottom, in a fresh session (tests/docs/test_pages.py checks exactly that).
# Docstring examples run under pytest --doctest-modules with their module's globals;
# the doctest builder runs the examples written in the pages themselves.
doctest_test_doctest_blocks = ""
