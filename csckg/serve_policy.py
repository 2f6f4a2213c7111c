"""Who may use the server, and how: the Host it answers to, the sites that may read its answers
(CORS) and the consent an update needs.

- **Host.** A web page on another site can point its own domain name at 127.0.0.1 (DNS
  rebinding) and then talk to this server as if from its own origin. Its requests still carry
  that domain in the Host header, so a request is answered only if Host names this server's
  own address (127.0.0.1, localhost or [::1] with its port) or a host in ``--allowed-hosts``.
- **CORS.** Browsers let a page of another site read an answer only if the server says so.
  This server says so only to the origins in ``--cors-origins`` (none by default), only for
  queries (/sparql), never for updates, as the SPARQL 1.1 Protocol allows (it leaves CORS to
  the server).
- **Updates.** ``--allow-updates`` alone is not consent: any page can make a browser send a
  form POST to 127.0.0.1. An update must carry the token the server prints when it starts
  (``Authorization: Bearer TOKEN``, a header no cross-site form can set), and an update sent
  from a page of another origin (Origin or Sec-Fetch-Site says so) is refused even with it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _split_host(value: str) -> tuple[str, int | None]:
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value.partition("]")
        host += "]"
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = value.partition(":")
    return host, int(port) if port.isdigit() else None


@dataclass
class Policy:
    """The checks, for a server listening on ``port``."""

    port: int
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    update_token: str | None = None
    own_origins: set[str] = field(init=False)

    def __post_init__(self):
        """The origins of this server's own pages: the loopback names with its port, and each
        allowed host (with its port if given, else with and without this server's)."""
        self.own_origins = set()
        for entry in (*LOOPBACK, *(h for h in self.allowed_hosts if h != "*")):
            name, port = _split_host(entry)
            ports = [port] if port else [self.port] if entry in LOOPBACK else [None, self.port]
            self.own_origins |= {f"{scheme}://{name}" + (f":{p}" if p else "")
                                 for scheme in ("http", "https") for p in ports}

    def host_refusal(self, host: str | None) -> str | None:
        """Why the Host header is refused, or None."""
        if host is None:
            return None  # HTTP/1.0 clients may omit it; HTTP/1.1 without one is refused before this
        if "*" in self.allowed_hosts:
            return None
        name, port = _split_host(host)
        if name in LOOPBACK and port == self.port:
            return None
        for entry in self.allowed_hosts:
            allowed_name, allowed_port = _split_host(entry)
            if name == allowed_name and (allowed_port is None or allowed_port == (port or 80)):
                return None
        return (f"this server answers only requests addressed to it (127.0.0.1:{self.port} or "
                f"localhost:{self.port}), not to Host {host!r}; start it with --allowed-hosts "
                f"{_split_host(host)[0]} if that name is really this machine")

    def cors_origin(self, origin: str | None) -> str | None:
        """The value of Access-Control-Allow-Origin for a query from ``origin``, or None."""
        if not origin:
            return None
        if "*" in self.cors_origins:
            return "*"
        return origin if origin.rstrip("/") in {o.rstrip("/") for o in self.cors_origins} else None

    def update_refusal(self, headers) -> tuple[int, str] | None:
        """(status, why) an update is refused, or None when it carries consent."""
        origin = headers.get("Origin")
        site = (headers.get("Sec-Fetch-Site") or "").lower()
        if (origin and origin != "null" and origin.rstrip("/") not in self.own_origins) or origin == "null" \
                or site in ("cross-site", "same-site"):
            return 403, (f"an update sent from another site ({origin or site}) is refused: "
                         "updates are accepted only from this server's own pages or from programs")
        given = headers.get("Authorization") or ""
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not self.update_token \
                or not hmac.compare_digest(token.strip().encode(), self.update_token.encode()):
            return 401, ("an update needs the token 'serve --allow-updates' printed when it started, "
                         "sent as the header 'Authorization: Bearer TOKEN'")
        return None
