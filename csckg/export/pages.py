"""The writers of out/'s pages, found by module path, as rdflib finds its plugins.

Each writer is called as ``writer(closure, directory)`` with the build's closure
(csckg/reason/closure.py) and the staged out/ folder, and returns the paths it wrote. The map and
the gap map are written by visualise/, which depends on csckg, so the build names them here
rather than importing them. To add a page, write such a function and add its path below.
"""

from __future__ import annotations

import importlib
from typing import Callable

#: "module:function" of every page writer, in the order they run.
PAGE_WRITERS = [
    "csckg.export.ontology_page:write_ontology_page",  # ontology.html
    "visualise.outputs:write_pages",                   # map.html and gaps.html
    "csckg.export.guide:write_guide",                  # guide/, with copies of the three pages above
]


def page_writers() -> list[Callable]:
    """The page writers, imported."""
    found = []
    for name in PAGE_WRITERS:
        module, _, function = name.partition(":")
        found.append(getattr(importlib.import_module(module), function))
    return found
