"""Make ``python3 build.py`` work on a fresh machine that has only Python 3.11.

On first use this creates ``.venv/`` beside build.py, installs the pinned dependencies from
pyproject.toml into it, and re-runs the command inside it. Later runs reuse the environment
unless pyproject.toml has changed. Standard library only: nothing else is installed yet.

Set CSCKG_NO_BOOTSTRAP=1 to run in the current interpreter (your own environment).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".csckg-installed"


def requirements(extras: tuple[str, ...] = ("test",)) -> list[str]:
    """The pinned requirements: the project's dependencies plus the named extras."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return wanted


def _fingerprint() -> str:
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_environment() -> None:
    """Install what is missing, then re-execute this command inside .venv if need be."""
    if os.environ.get("CSCKG_NO_BOOTSTRAP") == "1":
        return
    up_to_date = STAMP.exists() and STAMP.read_text().strip() == _fingerprint()
    if _inside_venv() and up_to_date:
        return
    if not up_to_date:
        print("Setting up the environment in .venv (first run, or pyproject.toml changed) ...",
              file=sys.stderr, flush=True)
        if not _venv_python().exists():
            venv.EnvBuilder(with_pip=True).create(VENV)
        pip = [str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, *requirements()], check=True)
        STAMP.write_text(_fingerprint())
    if not _inside_venv():
        os.execv(str(_venv_python()), [str(_venv_python()), *sys.argv])
