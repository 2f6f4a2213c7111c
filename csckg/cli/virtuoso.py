"""Debian's Virtuoso Open Source for the server tests: installed with apt-get when missing, and
the package's own service left stopped (the tests start their own, see tests/servers.py)."""

from __future__ import annotations

import os
import shutil
import subprocess

from .debian import apt_install

#: The init script of Debian's virtuoso-opensource-7 package (a server on ports 1111 and 8890).
SERVICE = "virtuoso-opensource-7"


def ensure_virtuoso() -> str | None:
    """virtuoso-t's path, installing Debian's virtuoso-opensource when it is missing.

    The package's post-install script may start its service on 1111/8890 to set passwords,
    and stops it again when they are the defaults, as they are in a non-interactive install;
    the service is stopped here too in case it was left running. The Conductor and start page
    it recommends are not installed: the tests need only the server and isql.
    """
    if shutil.which("virtuoso-t"):
        return shutil.which("virtuoso-t")
    found = apt_install("virtuoso-t", "virtuoso-opensource", "the Virtuoso tests", recommends=False)
    if found and shutil.which("invoke-rc.d"):
        subprocess.run(["invoke-rc.d", SERVICE, "stop"], check=False, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return found
