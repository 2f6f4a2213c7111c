"""Find Debian's Chromium for the browser tests, installing it with apt-get when missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

NAMES = ("chromium", "chromium-browser")

#: Flags for a headless run that reaches nothing on the network.
OFFLINE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
]

#: The same, for a page served by this project's own server: 127.0.0.1 is reached directly
#: (not through the dead proxy) and every other name still resolves to nothing.
SERVER_FLAGS = [flag for flag in OFFLINE_FLAGS if not flag.startswith(("--proxy", "--host-resolver"))] + [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def find_chromium() -> str | None:
    """The Chromium executable: $CSCKG_CHROMIUM, or chromium on the PATH."""
    if os.environ.get("CSCKG_CHROMIUM"):
        return os.environ["CSCKG_CHROMIUM"]
    return next((path for path in map(shutil.which, NAMES) if path), None)


def ensure_chromium() -> str | None:
    """Chromium's path, installing Debian's package first when it is missing and we can (root, apt-get)."""
    found = find_chromium()
    if found:
        return found
    can_install = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_install:
        print("Chromium is missing and cannot be installed here (needs root and apt-get); "
              "the browser tests will fail until it is installed (apt-get install chromium).", file=sys.stderr)
        return None
    print("Chromium is missing: installing Debian's chromium package with apt-get ...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False, env=env)
    found = find_chromium()
    print(f"Chromium installed at {found}" if found else "Installing Chromium failed.", file=sys.stderr)
    return found
