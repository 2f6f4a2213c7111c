"""The linker's errors: each says what is wrong and where, and nothing has been written."""

from __future__ import annotations

from pathlib import Path

from ..errors import CsckgError


class LinkInputError(CsckgError):
    """Input the linker cannot use: ``where`` is the file, with line and column when known."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None, column: int | None = None):
        self.path, self.reason, self.line, self.column = Path(path), reason, line, column
        where = str(path)
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {reason}; nothing was written")


class LinkClash(CsckgError):
    """The evaluation would overwrite or redefine something already in the graph."""

    def __init__(self, reason: str):
        super().__init__(f"{reason}; nothing was written")
