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

from .errors import CsckgError
from .kinds import NAMES as KIND_NAMES

_HEADER_LINE = re.compile(r"^#\s*([a-z][a-z_-]*)\s*:\s*(.*)$")


class QueryFileError(CsckgError):
    """A query file that cannot be read, named with what is wrong."""

    exit_code = 2


@dataclass
class Param:
    """One declared parameter: ``# param: name | type | default | description``.

    A node parameter may name the kinds of node it takes after its type (``node model``,
    ``node design method``): a value of another kind is refused, and suggestions offer only
    those kinds (csckg/kinds.py names them)."""

    name: str
    type: str
    default: str
    description: str
    kinds: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.default == "required"


PARAM_TYPES = ("node", "string", "integer", "decimal")


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

    @property
    def params(self) -> list[Param]:
        return [_parse_param(line, self.path) for line in self.param_lines]

    param_lines: list[str] = field(default_factory=list)
    #: lines the tool put before the analyst's own text (the prefix prologue of ``-e``)
    prologue_lines: int = 0


def _parse_param(line: str, path: Path) -> Param:
    parts = [part.strip() for part in line.split("|", 3)]
    words = parts[1].split() if len(parts) == 4 else []
    if not words or words[0] not in PARAM_TYPES or (len(words) > 1 and words[0] != "node"):
        raise QueryFileError(f"{path}: a '# param:' line must read 'name | type | default | description' "
                             f"with type one of {', '.join(PARAM_TYPES)} (a node may add its kinds: "
                             f"'node model'): {line!r}")
    unknown = [word for word in words[1:] if word not in KIND_NAMES]
    if unknown:
        raise QueryFileError(f"{path}: parameter {parts[0]!r} names no such kind of node: {', '.join(unknown)} "
                             f"(kinds: {', '.join(KIND_NAMES)})")
    return Param(parts[0], words[0], parts[2], parts[3], tuple(words[1:]))


def read_query_file(path: Path) -> QueryFile:
    """Parse a query file's header and keep its full text."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise QueryFileError(f"{path}: not UTF-8 text (byte {error.start}); save the query as UTF-8") from None
    except OSError as error:
        raise QueryFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    header: dict[str, str] = {}
    params: list[str] = []
    last = None  # (key, index in params or None)
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match and match.group(1) == "param":
            params.append(match.group(2).strip())
            last = ("param", len(params) - 1)
        elif match:
            header[match.group(1)] = match.group(2).strip()
            last = (match.group(1), None)
        elif last and line.startswith("#  "):
            if last[0] == "param":
                params[last[1]] += " " + line[1:].strip()
            else:
                header[last[0]] += " " + line[1:].strip()
    return QueryFile(path=path, name=path.stem, header=header, text=text, param_lines=params)


def read_query_dir(directory: Path) -> list[QueryFile]:
    """Every .rq file directly inside ``directory``, sorted by name."""
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]
