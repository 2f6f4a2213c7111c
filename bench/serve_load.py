#!/usr/bin/env python3
"""Load test of `build.py serve`, on loopback only, with a fixed number of requests.

    .venv/bin/python bench/serve_load.py [--requests 3000] [--clients 1,16] [--workers 4] [--timeout 2]

For each store (the in-memory graph from out/inferred.nt, and an Oxigraph store written from
out/ into bench/work/serve-store) it starts the real server (`build.py serve`) in its own
process on a free port of 127.0.0.1, then for each number of clients sends --requests requests
of one named query (projects-by-model, its parameter bound as the tool binds it for a server)
over keep-alive connections, one connection a client, while one more client keeps sending a
cross-join (SELECT (COUNT(*) ...) over three unconnected triple patterns) that the server must
stop at --timeout. It records each named query's latency, and writes bench/serve-load.csv:
store, clients, requests, seconds, requests_per_second, p50_ms, p95_ms, p99_ms, errors,
slow_queries_stopped. The server and the load run on the same machine (its cores are shared),
so the figures are a floor for the server alone.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from csckg.store.inject import bind_in_text  # noqa: E402
from csckg.query.library import get_named_query  # noqa: E402
from rdflib import URIRef  # noqa: E402

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MODEL = URIRef("https://w3id.org/csckg/model/family-group-conferencing")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def named_query_body() -> bytes:
    text = bind_in_text(get_named_query("projects-by-model").text, {"model": MODEL})
    return urllib.parse.urlencode({"query": text}).encode()


def start_server(store: str, port: int, workers: int, timeout: float) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--store", store,
               "--workers", str(workers), "--timeout", str(timeout)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(BENCH / "work" / "serve.log", "a"),
                              env={**os.environ, "CSCKG_NO_BOOTSTRAP": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sparql?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"the server for {store} did not start")


def client(port: int, body: bytes, count: int, latencies: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    for _ in range(count):
        started = time.perf_counter()
        try:
            connection.request("POST", "/sparql", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            problem = None if response.status == 200 and len(json.loads(answer)["results"]["bindings"]) == 2 \
                else f"HTTP {response.status}: {answer[:200]!r}"
        except (OSError, http.client.HTTPException, ValueError) as error:
            problem = f"{type(error).__name__}: {error}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append(time.perf_counter() - started)
        if problem:
            errors.append(problem)
    connection.close()


def slow_client(port: int, stop: threading.Event, stopped: list[int]) -> None:
    body = urllib.parse.urlencode({"query": CROSS_JOIN}).encode()
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("POST", "/sparql", body=body,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            if connection.getresponse().status == 503:
                stopped.append(1)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(port: int, clients: int, requests: int) -> dict:
    body, latencies, errors, stopped = named_query_body(), [], [], []
    stop = threading.Event()
    slow = threading.Thread(target=slow_client, args=(port, stop, stopped), daemon=True)
    slow.start()
    time.sleep(0.5)  # the slow query is running before the load starts
    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    threads = [threading.Thread(target=client, args=(port, body, n, latencies, errors)) for n in share]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    stop.set()
    slow.join(30)
    return {"clients": clients, "requests": requests, "seconds": round(seconds, 2),
            "requests_per_second": round(requests / seconds), "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1), "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
            "errors": len(errors), "slow_queries_stopped": len(stopped), "first_error": (errors or [""])[0]}


def oxigraph_store() -> str:
    from csckg.build.out import ensure_built
    from csckg.store.disk import write_store

    out = ensure_built()
    location = BENCH / "work" / "serve-store"
    asserted = set((out / "asserted.nt").read_bytes().splitlines(keepends=True))
    inferred = b"".join(line for line in (out / "inferred.nt").read_bytes().splitlines(keepends=True)
                        if line not in asserted)
    write_store(location, out / "inferred.nt", inferred)
    return f"oxigraph:{location}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", default="1,16")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()
    stores = {"in-memory graph": "memory", "oxigraph store": oxigraph_store()}
    rows = []
    for label, store in stores.items():
        port = free_port()
        server = start_server(store, port, args.workers, args.timeout)
        try:
            for clients in (int(c) for c in args.clients.split(",")):
                row = {"store": label, **run(port, clients, args.requests)}
                rows.append(row)
                print(json.dumps(row), flush=True)
        finally:
            server.terminate()
            server.wait(30)
    with open(BENCH / "serve-load.csv", "w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"\n{'store':<16} {'clients':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'slow stopped':>12}")
    for row in rows:
        print(f"{row['store']:<16} {row['clients']:>7} {row['requests_per_second']:>7} {row['p50_ms']:>8} "
              f"{row['p95_ms']:>8} {row['p99_ms']:>8} {row['errors']:>6} {row['slow_queries_stopped']:>12}")


if __name__ == "__main__":
    main()
