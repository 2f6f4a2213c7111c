"""Install a Debian package the tests need (Chromium, Virtuoso) with apt-get when its program is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def apt_install(program: str, package: str, needed_by: str, recommends: bool = True) -> str | None:
    """The path of ``program``, installing Debian's ``package`` first when it is missing and we
    can (root, apt-get). None, with a message naming ``needed_by``, when it cannot be had.
    ``recommends=False`` leaves out the packages it only recommends."""
    found = shutil.which(program)
    if found:
        return found
    can_install = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_install:
        print(f"{program} is missing and cannot be installed here (needs root and apt-get); {needed_by} "
              f"will fail until it is installed (apt-get install {package}).", file=sys.stderr)
        return None
    print(f"{program} is missing: installing Debian's {package} package with apt-get ...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", *([] if recommends else ["--no-install-recommends"]), package],
                   check=False, env=env)
    found = shutil.which(program)
    print(f"{package} installed: {found}" if found else f"Installing {package} failed.", file=sys.stderr)
    return found
