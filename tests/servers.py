"""Start the SPARQL servers the tests talk to, on 127.0.0.1 only, and stop them afterwards."""

from __future__ import annotations

import configparser
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from csckg.serve import Endpoint, make_server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if with an error for this URL
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {url} within {seconds} s")


def oxigraph_binary() -> str:
    """The Oxigraph server installed from PyPI (package 'oxigraph') beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the Oxigraph server is not installed: pip install oxigraph (a test dependency)")
    return found


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """An Oxigraph server on a free loopback port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


VIRTUOSO_INI = Path(__file__).parent / "fixtures" / "virtuoso.ini"


def virtuoso_binary() -> str:
    """Debian's Virtuoso server (package virtuoso-opensource), which ``build.py test`` installs."""
    found = shutil.which("virtuoso-t")
    if not found:
        raise RuntimeError("Virtuoso is not installed: python3 build.py test installs it where it can "
                           "(apt-get install virtuoso-opensource)")
    return found


def virtuoso_sql(port: int, password: str, statement: str, seconds: float = 60) -> str:
    """Run one SQL statement as dba with isql-vt (Virtuoso's own client); what it printed."""
    done = subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", password, f"EXEC={statement}"],
                          capture_output=True, text=True, timeout=seconds)
    if done.returncode != 0 or "Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt could not run {statement!r}: {done.stdout}{done.stderr}")
    return done.stdout


def virtuoso_bulk_load(port: int, password: str, folder: Path, source: Path, graph: str) -> None:
    """Load the N-Triples file ``source`` into ``graph`` with Virtuoso's bulk loader (ld_dir and
    rdf_loader_run), which reads it from the server's own folder, and make it durable."""
    shutil.copyfile(source, folder / "load.nt")
    virtuoso_sql(port, password, f"ld_dir('.', 'load.nt', '{graph}')")
    virtuoso_sql(port, password, "rdf_loader_run()", seconds=3600)
    failed = virtuoso_sql(port, password, "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL")
    if "load.nt" in failed:
        raise RuntimeError(f"Virtuoso's bulk loader refused {source}: {failed}")
    virtuoso_sql(port, password, "checkpoint", seconds=3600)
    (folder / "load.nt").unlink()


@contextmanager
def virtuoso_server(folder: Path, buffers: int | None = None,
                    bulk_load: tuple[Path, str] | None = None) -> Iterator[str]:
    """Virtuoso in ``folder`` (a new, empty database) on two free loopback ports, configured by
    tests/fixtures/virtuoso.ini; yields its base URL (SPARQL at /sparql, the Graph Store
    Protocol at /sparql-graph-crud). ``buffers`` sets the pages it holds in memory (8 KB each);
    ``bulk_load`` (an N-Triples file and a graph IRI) is loaded with Virtuoso's bulk loader first.

    The anonymous web user may write through the Graph Store Protocol (that is what ``push``
    does), and the dba password is a fresh random one, so that nothing else on the machine can
    use the database's administrator account while the server runs.
    """
    sql_port, http_port = free_port(), free_port()
    config = configparser.ConfigParser(comment_prefixes=(";",), inline_comment_prefixes=(";",), interpolation=None)
    config.optionxform = str  # Virtuoso's keys are case-sensitive
    config.read(VIRTUOSO_INI, encoding="utf-8")
    config["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    if buffers:
        config["Parameters"]["NumberOfBuffers"] = str(buffers)
        config["Parameters"]["MaxDirtyBuffers"] = str(buffers * 3 // 4)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "virtuoso.ini", "w", encoding="utf-8") as ini:
        config.write(ini)
    process = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(base + "/sparql?query=ASK%7B%7D", seconds=120)
        password = "p" + secrets.token_hex(16)
        virtuoso_sql(sql_port, "dba", 'GRANT SPARQL_UPDATE TO "SPARQL"')
        virtuoso_sql(sql_port, "dba", f"SET PASSWORD dba {password}")
        if bulk_load:
            virtuoso_bulk_load(sql_port, password, folder, *bulk_load)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def csckg_server(endpoint: Endpoint) -> Iterator[str]:
    """This project's own endpoint in a thread on a free loopback port; yields its base URL.
    The endpoint's query workers are stopped afterwards."""
    server = make_server(endpoint, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        endpoint.close()


@contextmanager
def scripted_server(behaviour: str, body: bytes = b"", content_type: str = "application/sparql-results+json",
                    headers: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """A misbehaving HTTP server on a free loopback port, for the tests of timeouts and refusals.

    ``behaviour`` is 'answer' (a 200 with ``body``), 'hang' (accept the connection and never
    reply) or 'trickle' (a 200 whose headers and ``body`` come a byte every 0.5 s); ``headers``
    are sent besides Content-Type and Content-Length. Yields the
    base URL and the request lines it has received.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    received: list[str] = []
    stop = threading.Event()

    def serve(connection: socket.socket) -> None:
        with connection:
            connection.settimeout(30)
            try:
                head = connection.recv(65536)
                received.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
                extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items()).encode()
                reply = (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n" + extra +
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
                if behaviour == "answer":
                    connection.sendall(reply)
                elif behaviour == "hang":
                    stop.wait(60)
                else:
                    for byte in reply:
                        if stop.wait(0.5):
                            return
                        connection.sendall(bytes([byte]))
            except OSError:
                pass

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", received
    finally:
        stop.set()
        listener.close()


def raw_request(base: str, data: bytes, pause_after: float = 0.0, read_seconds: float = 30.0) -> tuple[int, str]:
    """Send ``data`` as it is on a new connection (then wait ``pause_after`` seconds without
    sending more) and read the answer: (status, body text); (0, '') if the server closed
    without an answer."""
    host, port = base.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=read_seconds) as connection:
        connection.sendall(data)
        if pause_after:
            time.sleep(pause_after)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
            head, _, rest = received.partition(b"\r\n\r\n")
            length = [line.split(b":", 1)[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
            if length and len(rest) >= int(length[0]):
                break
    if not received:
        return 0, ""
    head, _, rest = received.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), rest.decode("utf-8", "replace")
