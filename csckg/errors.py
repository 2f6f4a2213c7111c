"""Errors the command line reports to the analyst as a message, never as a stack trace."""

from __future__ import annotations

from pathlib import Path


class CsckgError(Exception):
    """An error caused by input the user can fix; ``str()`` is the whole message."""

    exit_code = 1


class TurtleSyntaxError(CsckgError):
    """A Turtle file that does not parse, with the file and line of the fault."""

    def __init__(self, path: Path, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: Turtle syntax error: {reason}")


class ValidationFailed(CsckgError):
    """SHACL violations, check-query rows or reasoner clashes; the message lists them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"validation failed with {len(problems)} problem(s):\n{listing}")
