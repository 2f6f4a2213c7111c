"""Write files and replace folders atomically, so an interrupted run leaves nothing half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def new_staging(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` (same file system, so it can be renamed onto it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staged-", dir=target.parent))


def replace_with(staged: Path, target: Path) -> None:
    """Put the ``staged`` folder where ``target`` is, removing the old one only once it is out of the way."""
    retired = None
    if target.exists():
        retired = target.parent / f".{target.name}.retired-{os.getpid()}"
        os.replace(target, retired)
    os.replace(staged, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh directory beside ``target``; on success it replaces ``target``.

    If the body raises, the staged directory is deleted and ``target`` is left exactly as it
    was, so a failed build never leaves a half-written out/.
    """
    staged = new_staging(target)
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    replace_with(staged, target)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
