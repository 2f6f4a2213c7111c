"""One HTTP exchange with a SPARQL server, bounded from the connection to the last byte.

A socket timeout bounds each wait for bytes, not the whole: a server that trickles a byte a
second never trips it. Here a timer shuts the connection at the deadline, whatever it is doing
(connecting, sending, waiting for headers or reading the body), and the exchange then fails
with ``Late``.
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field


#: An HTML tag, comment or doctype (not an IRI in angle brackets, which a server's message may quote).
HTML_TAG = re.compile(r"<!--.*?-->|<![A-Za-z][^>]*>|</?[A-Za-z][A-Za-z0-9]*(?:\s[^>]*)?/?>", re.DOTALL)


class Late(Exception):
    """The exchange did not finish by its deadline."""


@dataclass
class Answer:
    status: int
    reason: str
    content_type: str
    body: bytes
    server: str = ""  # the Server header: the software that answered ("Virtuoso/07.20.3229 ...")
    headers: dict[str, str] = field(default_factory=dict)  # every header, by lower-case name

    def who(self, url: str) -> str:
        """``url``, with the software that answered when it says."""
        return f"{url} ({self.server.strip()})" if self.server.strip() else url

    def text(self, limit: int = 300) -> str:
        """The body as one line for a message: an HTML page's tags dropped, spaces collapsed, cut at ``limit``."""
        words = self.body[:20000].decode("utf-8", "replace")
        if "html" in self.content_type:
            words = html.unescape(HTML_TAG.sub(" ", words))
        words = " ".join(words.split())
        return words if len(words) <= limit else words[:limit] + " ..."


def exchange(method: str, url: str, body: bytes | None, headers: dict, seconds: float) -> Answer:
    """Send one request and read the whole answer within ``seconds``.

    Raises:
        Late: past the deadline.
        OSError, http.client.HTTPException: the server could not be reached or broke the exchange.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OSError(f"not an http(s) URL: {url}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=seconds)
    cut = threading.Event()

    def cut_off() -> None:
        cut.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(seconds, cut_off)
    timer.daemon = True
    timer.start()
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, response.reason, response.headers.get_content_type(), data,
                      response.headers.get("Server", ""), {k.lower(): v for k, v in response.headers.items()})
    except (OSError, http.client.HTTPException) as error:
        # a socket wait of ``seconds`` that timed out is past the deadline too, even when it
        # wins the race with the timer (it did on a busy machine)
        if cut.is_set() or isinstance(error, TimeoutError):
            raise Late() from None
        raise
    finally:
        timer.cancel()
        connection.close()
