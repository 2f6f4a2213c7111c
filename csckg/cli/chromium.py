"""Find Debian's Chromium for the browser tests, installing it with apt-get when missing."""

from __future__ import annotations

import os
import shutil

from .debian import apt_install

NAMES = ("chromium", "chromium-browser")

#: Flags for a headless run that reaches nothing on the network.
OFFLINE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
]

#: The same, for a page served by this project's own server: 127.0.0.1 resolves and is reached
#: directly (Chromium bypasses the proxy for loopback unless told not to); every other name still
#: resolves to nothing and every other address goes to the dead proxy.
SERVER_FLAGS = [{"--host-resolver-rules=MAP * ~NOTFOUND": "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"}
                .get(flag, flag) for flag in OFFLINE_FLAGS if not flag.startswith("--proxy-bypass-list")]


def find_chromium() -> str | None:
    """The Chromium executable: $CSCKG_CHROMIUM, or chromium on the PATH."""
    if os.environ.get("CSCKG_CHROMIUM"):
        return os.environ["CSCKG_CHROMIUM"]
    return next((path for path in map(shutil.which, NAMES) if path), None)


def ensure_chromium() -> str | None:
    """Chromium's path, installing Debian's package first when it is missing and we can (root, apt-get)."""
    return find_chromium() or apt_install("chromium", "chromium", "the browser tests")
