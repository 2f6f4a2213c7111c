"""Write files and replace folders atomically, so an interrupted run leaves nothing half-written."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import paths
from .errors import CsckgError

def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_WRITER = re.compile(r"(\d+)-[a-z0-9_]+(?:\.partial)?$")


def _writer_pid(path: Path) -> int | None:
    """The process id in a temporary name made here ('.out.staged-<pid>-<random>'), if any."""
    found = _WRITER.search(path.name)
    return int(found.group(1)) if found else None


def remove_leftovers(folder: Path, pattern: str) -> None:
    """Delete what a killed run left in ``folder`` (names matching ``pattern`` whose writing
    process is gone), so that nothing of it stays for git status or the disk to show."""
    for path in folder.glob(pattern):
        pid = _writer_pid(path)
        if pid is not None and _alive(pid):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _readable(path: Path) -> Path:
    """mkdtemp makes a folder only its owner may enter; out/ and a store are for everyone the umask allows."""
    path.chmod(0o777 & ~_umask())
    return path


def new_staging(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` (same file system, so it can be renamed onto it)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target.parent, f".{target.name}.staged-*")
        remove_leftovers(target.parent, f".{target.name}.retired-*")
        staged = tempfile.mkdtemp(prefix=f".{target.name}.staged-{os.getpid()}-", dir=target.parent)
    except OSError as error:
        raise cannot_write(target, error) from None
    return _readable(Path(staged))


def cannot_write(target: Path, error: OSError) -> CsckgError:
    """A message for a place that cannot be written: which folder, and why."""
    folder = Path(error.filename) if error.filename else target.parent
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        why = f"{folder} is a file, not a folder"
    elif isinstance(error, PermissionError):
        why = f"no permission to write in {folder}"
    else:
        why = f"{error.strerror or error} ({folder})"
    return CsckgError(f"cannot write {target}: {why}; nothing was changed")


def replace_with(staged: Path, target: Path) -> None:
    """Put the ``staged`` folder where ``target`` is, removing the old one only once it is out of the way."""
    retired = None
    if target.exists():
        retired = target.parent / f".{target.name}.retired-{os.getpid()}-{staged.name.rsplit('-', 1)[-1]}"
        os.replace(target, retired)
    os.replace(staged, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def scratch_directory(purpose: str) -> Iterator[Path]:
    """A private folder under .cache/tmp/ (not the system's temporary folder) for the length of
    the block; one that a killed run left is removed by the next run."""
    parent = paths.SCRATCH_DIR
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(parent, f"{purpose}-*")
    folder = Path(tempfile.mkdtemp(prefix=f"{purpose}-{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
    """Write ``text`` to ``path`` through a temporary file ('.NAME.<pid>-....partial') and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path.parent, f".{path.name}.*.partial")
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".partial", dir=path.parent)
    except OSError as error:
        raise cannot_write(path, error) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
