"""Make ``python3 build.py`` work on a fresh machine that has only Python 3.11.

On first use this creates ``.venv/`` beside build.py, installs into it exactly the versions in
requirements/runtime.lock (every dependency, dependencies of dependencies included, each checked
against its hash), and re-runs the command inside it. ``build.py test`` installs
requirements/test.lock instead: the same versions plus the test tools (pytest, the Oxigraph
server, Playwright, setuptools), which nobody else needs. Later runs reuse the environment until
the lock file changes (requirements/README.md says how to change it). Standard library only:
nothing else is installed yet.

Set CSCKG_NO_BOOTSTRAP=1 to run in the current interpreter (your own environment).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCKS = {"runtime": ROOT / "requirements" / "runtime.lock", "test": ROOT / "requirements" / "test.lock"}
STAMP = VENV / ".csckg-installed.json"


def wanted_lock(argv: list[str]) -> str:
    """'test' for ``build.py test``, else 'runtime'."""
    return "test" if argv[:1] == ["test"] else "runtime"


def _fingerprint(lock: str) -> str:
    return hashlib.sha256(LOCKS[lock].read_bytes()).hexdigest()


def _installed() -> dict[str, str]:
    """The lock files installed in .venv, each with the fingerprint it had then."""
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def install(lock: str) -> None:
    """Install ``lock`` into .venv exactly: pinned versions, hashes checked, nothing resolved."""
    if not _venv_python().exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(LOCKS[lock])], check=True)
    # test.lock holds runtime.lock's versions (it is compiled with it as a constraint)
    done = {name: _fingerprint(name) for name in (("runtime", "test") if lock == "test" else ("runtime",))}
    STAMP.write_text(json.dumps({**_installed(), **done}, indent=1) + "\n", encoding="utf-8")


def ensure_environment(argv: list[str] | None = None) -> None:
    """Install what is missing, then re-execute this command inside .venv if need be."""
    if os.environ.get("CSCKG_NO_BOOTSTRAP") == "1":
        return
    lock = wanted_lock(sys.argv[1:] if argv is None else argv)
    up_to_date = _installed().get(lock) == _fingerprint(lock)
    if _inside_venv() and up_to_date:
        return
    if not up_to_date:
        print(f"Setting up the environment in .venv from {LOCKS[lock].relative_to(ROOT)} "
              "(first run, or the lock file changed) ...", file=sys.stderr, flush=True)
        install(lock)
    if not _inside_venv():
        os.execv(str(_venv_python()), [str(_venv_python()), *sys.argv])
