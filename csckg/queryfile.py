"""Read .rq files: the SPARQL text and the header comment that documents it.

A header is the run of ``# key: value`` comment lines at the top of the file::

    # title: Projects by practice model
    # description: Every project that used a model, or any narrower model.
    # parameters: model (IRI or label, optional)
    # needs: inferred

A key may continue on following comment lines that start with two spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_HEADER_LINE = re.compile(r"^#\s*([a-z][a-z_-]*)\s*:\s*(.*)$")


@dataclass
class QueryFile:
    """One query file: its name (the file stem), header fields and SPARQL text."""

    path: Path
    name: str
    header: dict[str, str] = field(default_factory=dict)
    text: str = ""

    @property
    def title(self) -> str:
        return self.header.get("title", self.name)

    @property
    def description(self) -> str:
        return self.header.get("description", "")


def read_query_file(path: Path) -> QueryFile:
    """Parse a query file's header and keep its full text."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    last_key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            last_key = match.group(1)
            header[last_key] = match.group(2).strip()
        elif last_key and line.startswith("#  "):
            header[last_key] += " " + line[1:].strip()
    return QueryFile(path=path, name=path.stem, header=header, text=text)


def read_query_dir(directory: Path) -> list[QueryFile]:
    """Every .rq file directly inside ``directory``, sorted by name."""
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]
