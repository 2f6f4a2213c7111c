"""Reading an HTTP request so that nothing a client sends can hold the server or go unanswered.

Every fault becomes a ``BadRequest`` with its status and message: a Content-Length that is not
a number (400), a body larger than the server accepts (413, limit named), a body that is not
UTF-8 (400), a malformed Accept header (400), and a request that does not arrive in time (408).

Time: the socket's own timeout bounds each wait for bytes, which stops a client that goes
silent but not one that trickles a byte at a time. ``Deadlines`` bounds the whole of a
request's arrival (its headers and body): one thread looks at the deadlines a few times a
second and shuts the reading side of a late connection, so that the read returns at once and
the handler can still answer 408 on the writing side.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse


class BadRequest(Exception):
    """A request the server answers with ``status`` and ``message`` instead of running it."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Deadlines:
    """Shut the reading side of connections whose request has not arrived by its deadline."""

    TICK = 0.2

    def __init__(self):
        self._watched: dict[int, tuple[socket.socket, float]] = {}
        self._fired: set[int] = set()
        self._lock = threading.Lock()
        self._next = 0
        threading.Thread(target=self._loop, daemon=True, name="csckg-request-deadlines").start()

    def watch(self, connection: socket.socket, seconds: float) -> int:
        with self._lock:
            self._next += 1
            self._watched[self._next] = (connection, time.monotonic() + seconds)
            return self._next

    def passed(self, ticket: int) -> bool:
        """Whether the deadline passed (and the connection's reading side was shut)."""
        with self._lock:
            return ticket in self._fired

    def release(self, ticket: int) -> None:
        with self._lock:
            self._watched.pop(ticket, None)
            self._fired.discard(ticket)

    def _loop(self) -> None:
        while True:
            time.sleep(self.TICK)
            now = time.monotonic()
            with self._lock:
                late = [(ticket, conn) for ticket, (conn, deadline) in self._watched.items() if deadline <= now]
                for ticket, conn in late:
                    del self._watched[ticket]
                    self._fired.add(ticket)
                    try:
                        conn.shutdown(socket.SHUT_RD)
                    except OSError:
                        pass


def content_length(headers) -> int:
    """The declared body length; a POST must declare one."""
    if headers.get("Transfer-Encoding"):
        raise BadRequest(411, "send the body with a Content-Length, not Transfer-Encoding: "
                              f"{headers.get('Transfer-Encoding')}")
    values = headers.get_all("Content-Length") or []
    if not values:
        return 0
    if len(set(values)) > 1 or not values[0].strip().isdigit():
        raise BadRequest(400, f"Content-Length {', '.join(values)!r} is not a number of bytes")
    return int(values[0])


def read_body(stream, length: int, limit: int) -> bytes:
    """Exactly ``length`` bytes, or BadRequest: too long (413) or ending early (400)."""
    if length > limit:
        raise BadRequest(413, f"the request body is {length:,} bytes; this server accepts at most "
                              f"{limit:,} (start it with a larger --max-body BYTES)")
    body = stream.read(length) if length else b""
    if len(body) < length:
        raise BadRequest(400, f"the request body ended after {len(body):,} of the {length:,} bytes "
                              "its Content-Length announced")
    return body


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(400, f"the {what} is not UTF-8 text (byte {error.start}: "
                              f"{data[error.start:error.start + 1]!r})") from None


def form_fields(text: str, what: str) -> dict[str, list[str]]:
    """Fields of a URL query string or a form body, percent-decoded as UTF-8."""
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=100)
    except UnicodeDecodeError:
        raise BadRequest(400, f"the {what} has percent-escapes that are not UTF-8") from None
    except ValueError as error:
        raise BadRequest(400, f"the {what} cannot be read: {error}") from None


def _quality(text: str, accept: str) -> float:
    try:
        quality = float(text)
    except ValueError:
        quality = -1.0
    if not 0.0 <= quality <= 1.0:
        raise BadRequest(400, f"malformed Accept header {accept!r}: q={text} is not a quality from 0 to 1")
    return quality


def negotiate(accept: str, offered, default: str) -> str | None:
    """The offered media type the Accept header prefers, ``default`` for */*, else None."""
    if not accept.strip():
        return default
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.lower().startswith("q="):
                quality = _quality(param[2:].strip(), accept)
        if quality > 0:
            choices.append((-quality, position, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None
