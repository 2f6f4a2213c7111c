"""`build.py serve` left running for a team on a shared machine: no query, page or request can
hang it, reach past it, change it without consent or go unanswered."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from csckg.serve import Endpoint
from csckg.query.worker import Source
from servers import csckg_server, raw_request, scripted_server

#: every test here starts a server on loopback (this project's or a scripted one)
pytestmark = pytest.mark.server

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PROJECTS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/csckg/ontology#Project> }"
TOKEN = "team-token-123"


def quiet(line: str) -> None:
    pass


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def ask(base: str, query: str, headers: dict | None = None):
    return http(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers=headers)


def count_projects(base: str) -> int:
    return int(json.loads(ask(base, PROJECTS)[2])["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def served(graph):
    """A read-only server with a small body limit and a short request deadline; yields (base, log)."""
    log: list[str] = []
    endpoint = Endpoint(graph, timeout=30, workers=2, max_body=1000, request_timeout=1.0, log=log.append,
                        cors_origins=("http://localhost:3000",))
    with csckg_server(endpoint) as base:
        yield base, log


@pytest.fixture(scope="module")
def store_source(store_dir):
    return Source("store", f"the Oxigraph store {store_dir}", path=store_dir)


# --- every query bounded, the others served meanwhile ---------------------------------------

@pytest.mark.parametrize("kind", ["in-memory graph", "oxigraph store"])
def test_a_cross_join_is_cancelled_at_the_timeout_while_ask_is_answered(kind, graph, store_source):
    served = graph if kind == "in-memory graph" else store_source
    with csckg_server(Endpoint(served, timeout=2, workers=2, log=quiet)) as base:
        outcome = {}
        slow = threading.Thread(target=lambda: outcome.update(answer=ask(base, CROSS_JOIN),
                                                              finished=time.monotonic()))
        started = time.monotonic()
        slow.start()
        time.sleep(0.3)
        status, _, body = ask(base, "ASK {}")
        assert (status, json.loads(body)["boolean"], time.monotonic() - started < 1.5) == (200, True, True)
        slow.join(10)
        status, _, body = outcome["answer"]
        assert (status, body) == (503, "the query was stopped after 2 s (raise the limit with --timeout SECONDS)\n")
        assert outcome["finished"] - started < 3.0
        for _ in range(3):  # the killed worker's place is taken: the server goes on answering
            assert ask(base, "ASK {}")[0] == 200
        assert count_projects(base) == 17


def test_the_query_command_on_an_oxigraph_store_stops_at_its_timeout(store_source):
    from test_store import cli

    started = time.monotonic()
    result = cli("query", "-e", CROSS_JOIN, "--store", f"oxigraph:{store_source.path}", "--timeout", "3")
    assert time.monotonic() - started < 15
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == ("error: the query was stopped after 3 s "
                                                      "(raise the limit with --timeout SECONDS)")


# --- reaching past the server ---------------------------------------------------------------

def test_service_to_a_local_service_is_refused_and_never_called(served):
    base, _ = served
    secret = json.dumps({"head": {"vars": ["secret"]}, "results": {"bindings": [
        {"secret": {"type": "literal", "value": "local-only"}}]}}).encode()
    with scripted_server("answer", secret) as (service, received):
        query = f"SELECT ?secret WHERE {{ SERVICE <{service}/sparql> {{ ?s ?p ?secret }} }}"
        status, _, body = ask(base, query)
        assert status == 403
        assert body == (f"SERVICE <{service}/sparql> in the query is refused: this server reaches other "
                        "servers only for the hosts given to 'serve --allow-service HOST,...' (allowed now: none)\n")
        assert received == []


def test_service_reaches_a_host_that_serve_allows(graph):
    answer = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "from the allowed service"}}]}}).encode()
    with scripted_server("answer", answer) as (service, received), \
            csckg_server(Endpoint(graph, workers=1, allow_service=("127.0.0.1",), log=quiet)) as base:
        status, _, body = ask(base, f"SELECT ?x WHERE {{ SERVICE <{service}/sparql> {{ ?s ?p ?x }} }}")
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"] == [{"x": {"type": "literal", "value": "from the allowed service"}}]
        assert len(received) == 1


def test_a_failing_service_gets_an_answer_that_names_it(graph):
    from servers import free_port

    down = f"http://127.0.0.1:{free_port()}/sparql"
    with csckg_server(Endpoint(graph, workers=1, allow_service=("127.0.0.1",), log=quiet)) as base:
        status, _, body = ask(base, f"SELECT ?x WHERE {{ SERVICE <{down}> {{ ?s ?p ?x }} }}")
        assert (status, body) == (502, f"the query failed while calling SERVICE <{down}>: Connection refused "
                                       "(os error 111)\n")


@pytest.fixture(scope="module")
def writable(graph):
    with csckg_server(Endpoint(graph, allow_updates=True, update_token=TOKEN, workers=2, log=quiet)) as base:
        yield base


def update(base: str, text: str, headers: dict) -> tuple[int, str]:
    form = urllib.parse.urlencode({"update": text}).encode()
    status, _, body = http(f"{base}/update", form, {"Content-Type": "application/x-www-form-urlencoded", **headers})
    return status, body


RELABEL = ('DELETE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } '
           'INSERT { ?p <http://www.w3.org/2000/01/rdf-schema#label> "Pwned" } '
           'WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l '
           'FILTER (?p = <https://w3id.org/csckg/project/leeds-family-valued>) }')
LEEDS = 'ASK { <https://w3id.org/csckg/project/leeds-family-valued> <http://www.w3.org/2000/01/rdf-schema#label> "Pwned" }'


def test_a_cross_site_form_post_cannot_change_the_graph(writable):
    status, body = update(writable, RELABEL, {"Origin": "http://evil.example"})
    assert (status, body) == (403, "an update sent from another site (http://evil.example) is refused: updates "
                                   "are accepted only from this server's own pages or from programs\n")
    status, body = update(writable, RELABEL, {"Origin": "http://evil.example", "Authorization": f"Bearer {TOKEN}"})
    assert status == 403
    status, body = update(writable, RELABEL, {"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert json.loads(ask(writable, LEEDS)[2])["boolean"] is False


def test_an_update_without_the_token_is_refused(writable):
    status, body = update(writable, RELABEL, {})
    assert (status, body) == (401, "an update needs the token 'serve --allow-updates' printed when it started, "
                                   "sent as the header 'Authorization: Bearer TOKEN'\n")
    assert update(writable, RELABEL, {"Authorization": "Bearer wrong"})[0] == 401
    assert json.loads(ask(writable, LEEDS)[2])["boolean"] is False


def test_load_of_a_file_iri_is_always_refused(writable, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://x/a> <http://x/b> "private" .\n')
    status, body = update(writable, f"LOAD <file://{secret}>", {"Authorization": f"Bearer {TOKEN}"})
    assert (status, body) == (403, f"LOAD <file://{secret}> is refused: this server never reads files of the "
                                   "machine it runs on\n")
    assert json.loads(ask(writable, 'ASK { ?s ?p "private" }')[2])["boolean"] is False


def test_a_host_header_that_names_another_site_is_refused(served):
    base, _ = served
    port = base.rsplit(":", 1)[1]
    status, _, body = ask(base, "ASK {}", {"Host": f"attacker.example:{port}"})
    assert status == 403
    assert body.startswith(f"this server answers only requests addressed to it (127.0.0.1:{port} or "
                           f"localhost:{port}), not to Host 'attacker.example:{port}'")
    assert ask(base, "ASK {}", {"Host": f"localhost:{port}"})[0] == 200


def test_allowed_hosts_admits_the_names_it_lists(graph):
    with csckg_server(Endpoint(graph, workers=1, allowed_hosts=("kg.team.internal",), log=quiet)) as base:
        assert ask(base, "ASK {}", {"Host": "kg.team.internal"})[0] == 200
        assert ask(base, "ASK {}", {"Host": "other.internal"})[0] == 403


# --- OPTIONS and CORS -------------------------------------------------------------------------

def test_options_names_the_methods_of_each_route(served):
    base, _ = served
    status, headers, _ = http(f"{base}/sparql", method="OPTIONS")
    assert (status, headers["Allow"]) == (204, "GET, POST, OPTIONS")
    status, headers, _ = http(f"{base}/update", method="OPTIONS")
    assert (status, headers["Allow"]) == (204, "POST, OPTIONS")


def test_cors_lets_only_the_configured_origins_read_answers(served):
    base, _ = served
    preflight = {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = http(f"{base}/sparql", headers=preflight, method="OPTIONS")
    assert status == 204
    assert (headers["Access-Control-Allow-Origin"], headers["Access-Control-Allow-Methods"]) == \
           ("http://localhost:3000", "GET, POST, OPTIONS")
    status, headers, _ = ask(base, "ASK {}", {"Origin": "http://localhost:3000"})
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, "http://localhost:3000")
    status, headers, body = http(f"{base}/sparql", headers={**preflight, "Origin": "http://evil.example"},
                                 method="OPTIONS")
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = ask(base, "ASK {}", {"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(f"{base}/update", headers=preflight, method="OPTIONS")
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


# --- every request answered -------------------------------------------------------------------

def request(port: str, head: str, body: bytes = b"") -> bytes:
    return (head.replace("PORT", port).replace("\n", "\r\n") + "\r\n").encode("latin-1") + body


@pytest.mark.parametrize("head, body, status, message", [
    ("POST /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\nContent-Type: application/sparql-query\nContent-Length: abc\n",
     b"ASK {}", 400, "Content-Length 'abc' is not a number of bytes"),
    ("POST /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\nContent-Type: application/sparql-query\nContent-Length: 4\n",
     b"\xff\xfe{}", 400, "the request body is not UTF-8 text (byte 0: b'\\xff')"),
    ("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: 127.0.0.1:PORT\nAccept: text/csv;q=abc\n",
     b"", 400, "malformed Accept header 'text/csv;q=abc': q=abc is not a quality from 0 to 1"),
    ("POST /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\nContent-Type: application/sparql-query\nContent-Length: 200000000\n",
     b"", 413, "the request body is 200,000,000 bytes; this server accepts at most 1,000 (start it with a "
               "larger --max-body BYTES)"),
    ("GET /sparql?query=%FF HTTP/1.1\nHost: 127.0.0.1:PORT\n", b"", 400,
     "the URL has percent-escapes that are not UTF-8"),
    ("POST /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\nContent-Type: application/sparql-query\n",
     b"", 411, "a POST needs a Content-Length header"),
    ("DELETE /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\n", b"", 405, "/sparql takes GET, POST, OPTIONS, not DELETE"),
    ("GET /sparql?query=ASK%7B%7D HTTP/1.1\n", b"", 400, "an HTTP/1.1 request needs a Host header"),
    ("BREW coffee\n", b"", 400, "Bad HTTP/0.9 request type ('BREW')"),
])
def test_each_malformed_request_gets_its_4xx(served, head, body, status, message):
    base, _ = served
    assert raw_request(base, request(base.rsplit(":", 1)[1], head, body)) == (status, message + "\n")


def test_a_from_named_query_is_answered(served):
    base, _ = served
    status, _, body = ask(base, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 "
                                .replace("SELECT ?g", "SELECT ?g FROM NAMED <http://example.org/nothing>"))
    assert (status, json.loads(body)["results"]["bindings"]) == (200, [])


@pytest.mark.parametrize("head, body", [
    ("POST /sparql HTTP/1.1\nHost: 127.0.0.1:PORT\nContent-Type: application/sparql-query\nContent-Length: 100\n",
     b"ASK {"),  # a body shorter than its Content-Length
    ("GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: 127.0.0.1:PORT\n", None),  # headers that never end
])
def test_a_request_that_does_not_arrive_in_time_gets_a_408(served, head, body):
    base, _ = served
    data = request(base.rsplit(":", 1)[1], head, body) if body is not None else \
        head.replace("PORT", base.rsplit(":", 1)[1]).replace("\n", "\r\n").encode()
    started = time.monotonic()
    assert raw_request(base, data) == (408, "the request did not arrive within 1 s\n")
    assert time.monotonic() - started < 3


def test_a_trickled_request_is_cut_off_at_its_deadline(served):
    base, _ = served
    import socket

    host, port = base.rsplit("/", 1)[-1].split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
        try:
            for _ in range(20):  # a header byte every 0.3 s would take 6 s
                connection.sendall(b"X")
                time.sleep(0.3)
        except OSError:
            pass
        answer = connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 3.5


def test_each_request_is_one_line_in_the_log(graph):
    log: list[str] = []
    with csckg_server(Endpoint(graph, workers=1, log=log.append)) as base:
        ask(base, "ASK {}")
        ask(base, "SELECT * WHERE {")
        http(f"{base}/nothing")
    assert len(log) == 3
    assert re.fullmatch(r'127\.0\.0\.1 "GET /sparql\?query=ASK\+%7B%7D" 200 26 \d+\.\dms', log[0])
    assert re.fullmatch(r'127\.0\.0\.1 "GET /sparql\?query=\S+" 400 \d+ \d+\.\dms', log[1])
    assert re.fullmatch(r'127\.0\.0\.1 "GET /nothing" 404 \d+ \d+\.\dms', log[2])


# --- a rebuilt graph is served ----------------------------------------------------------------

def test_a_rebuilt_graph_file_is_reloaded(built, tmp_path):
    out, _ = built
    served_file = tmp_path / "inferred.nt"
    served_file.write_bytes((out / "inferred.nt").read_bytes())
    log: list[str] = []
    source = Source("file", "the built graph (test copy)", path=served_file)
    with csckg_server(Endpoint(source, workers=1, log=log.append)) as base:
        assert count_projects(base) == 17
        rebuilt = tmp_path / "rebuilt.nt"
        rebuilt.write_bytes(served_file.read_bytes() + b"<https://w3id.org/csckg/project/new> "
                            b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                            b"<https://w3id.org/csckg/ontology#Project> .\n")
        os.replace(rebuilt, served_file)
        deadline = time.monotonic() + 15
        while count_projects(base) == 17 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert count_projects(base) == 18
        assert "reloaded the built graph (test copy): a build replaced it" in log


def test_a_rebuilt_oxigraph_store_is_reloaded(built, tmp_path):
    from conftest import write_built_store

    out, _ = built
    location = tmp_path / "store"
    write_built_store(location, out)
    source = Source("store", f"the Oxigraph store {location}", path=location)
    log: list[str] = []
    with csckg_server(Endpoint(source, workers=1, log=log.append)) as base:
        assert count_projects(base) == 17
        fewer = b"".join(line for line in (out / "inferred.nt").read_bytes().splitlines(keepends=True)
                         if b"project/leeds-family-valued> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" not in line)
        (tmp_path / "fewer.nt").write_bytes(fewer)
        from csckg.store.disk import write_store

        write_store(location, tmp_path / "fewer.nt", b"")
        deadline = time.monotonic() + 15
        while count_projects(base) == 17 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert count_projects(base) == 16
        assert f"reloaded the Oxigraph store {location}: a build replaced it" in log


@pytest.mark.parametrize("query, reached", [
    ("SELECT * WHERE { ?s ?p \"SERVICE <http://evil.example/>\" } # SERVICE <http://evil.example/>", []),
    ("SELECT * WHERE { ?s <http://a.example/SERVICE> ?service }", []),
    ("PREFIX ex: <http://evil.example/> SELECT * WHERE { service silent ex:sparql { ?s ?p ?o } }",
     [("SERVICE", "http://evil.example/sparql")]),
    ("SELECT * WHERE{SERVICE<http://evil.example/s>{?s ?p ?o}}", [("SERVICE", "http://evil.example/s")]),
    ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", [("SERVICE", None)]),
    ("SELECT * WHERE { SERVICE <http://evil.example\\u002F@allowed.example/> { ?s ?p ?o } }", [("SERVICE", None)]),
    ("LOAD <file:///etc/passwd> INTO GRAPH <http://g.example/>", [("LOAD", "file:///etc/passwd")]),
])
def test_the_places_a_request_would_reach_are_read_before_it_runs(query, reached):
    from csckg.query.guard import remote_targets

    assert remote_targets(query) == reached


def children_of(pid: int) -> set[int]:
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found |= {int(child) for child in listing.read().split()}
    return found


def test_serve_prints_the_update_token_and_its_workers_end_with_it(tmp_path):
    import signal
    import subprocess
    import sys

    from csckg import paths
    from servers import free_port, wait_until_up

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as stream:
        server = subprocess.Popen([sys.executable, str(paths.ROOT / "build.py"), "serve", "--port", str(port),
                                   "--workers", "2", "--allow-updates", "--timeout", "60"],
                                  cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=stream,
                                  env={"CSCKG_NO_BOOTSTRAP": "1", "PATH": ""})
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", 120)
        token = re.search(r"'Authorization: Bearer (\S+)'", log.read_text()).group(1)
        status, body = update(base, "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
                              {"Authorization": f"Bearer {token}"})
        assert status == 204, body
        workers = children_of(server.pid)
        assert len(workers) == 2
        threading.Thread(target=lambda: pytest.raises(OSError, ask, base, CROSS_JOIN), daemon=True).start()
        time.sleep(1)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    deadline = time.monotonic() + 5
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in workers if os.path.exists(f"/proc/{pid}")] == [], "a worker outlived its server"


def test_the_body_of_a_refused_request_is_never_read_as_the_next_request(served):
    base, log = served
    port = base.rsplit(":", 1)[1]
    hidden = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(hidden)}\r\n\r\n").encode()
    before = len(log)
    status, _ = raw_request(base, head + hidden)
    time.sleep(0.3)
    assert status == 403
    assert [line for line in log[before:] if '"GET /sparql?query=ASK%7B%7D"' in line] == []


def test_updates_with_the_token_change_a_writable_oxigraph_store(store_dir, tmp_path):
    import shutil

    from csckg.store.oxigraph import OxigraphStore
    from csckg.store.disk import open_store_dir

    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    source = Source("store", f"the Oxigraph store {copy}", path=copy)
    endpoint = Endpoint(source, allow_updates=True, update_token=TOKEN, log=quiet)
    assert endpoint.pool.size == 1  # one process may write an Oxigraph store
    with csckg_server(endpoint) as base:
        insert = "INSERT DATA { <https://w3id.org/csckg/project/new> a <https://w3id.org/csckg/ontology#Project> }"
        assert update(base, insert, {"Authorization": f"Bearer {TOKEN}"}) == (204, "")
        assert count_projects(base) == 18
    projects = OxigraphStore(open_store_dir(copy)).query(PROJECTS).rows[0][0]
    assert int(projects) == 18
