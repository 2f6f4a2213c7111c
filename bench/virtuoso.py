#!/usr/bin/env python3
"""Every named query on Virtuoso, through --endpoint, beside the same query on the Oxigraph store.

    .venv/bin/python bench/virtuoso.py --size 1m [--buffers 100000]

At one size: grow the real graph (bench/generate.py, seed 6) into bench/work/SIZE/data/, build
it with an empty reasoning cache into bench/work/SIZE/virtuoso/ (out/ and an Oxigraph store),
start Virtuoso on a new, empty database there (tests/servers.py with tests/fixtures/virtuoso.ini,
``--buffers`` pages of 8 KB in memory), load the built graph into it once with Virtuoso's bulk
loader (ld_dir and rdf_loader_run: ``push``'s single Graph Store Protocol PUT of a million-triple
build finished in 44 s once and stalled another time, see bench/README.md), then time every named query with its example
parameters through a RemoteStore (what ``--endpoint`` uses, parameters sent as a VALUES
block) and on the Oxigraph store, alternately, each the median of up to 5 runs
(bench/stages.py's query_latencies: a query slower than 2 s is run fewer times). Nothing is
cached between runs but what each server keeps in its own memory.

Writes bench/virtuoso-latency.csv (size,server,query,median_ms) and prints a table, with the
load time and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))

from generate import generate  # noqa: E402
from stages import query_latencies  # noqa: E402


def parse_size(text: str) -> int:
    """'1m' -> 1000000, as bench/run reads its --sizes (run has no .py name to import it by)."""
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    loader = SourceFileLoader("bench_run", str(BENCH / "run"))
    run = module_from_spec(spec_from_loader("bench_run", loader))
    loader.exec_module(run)
    return run.parse_size(text)

GRAPH = "https://w3id.org/csckg/graph"


def medians(store) -> dict[str, float]:
    """Each named query's median milliseconds on ``store`` (stages.py prints them as JSON lines)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        query_latencies(store)
    rows = [json.loads(line) for line in printed.getvalue().splitlines() if line.startswith("{")]
    return {row["query"]: row["median_ms"] for row in rows}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", help="size in triples, e.g. 10k, 100k, 1m (default: 1m)")
    parser.add_argument("--buffers", type=int, default=100_000,
                        help="Virtuoso's NumberOfBuffers, 8 KB pages held in memory (default: 100000, 800 MB)")
    args = parser.parse_args()

    from csckg.build.pipeline import build
    from csckg.store.disk import open_store_dir
    from csckg.store.oxigraph import OxigraphStore
    from csckg.store.protocol import RemoteStore
    from servers import virtuoso_server

    work = BENCH / "work" / args.size / "virtuoso"
    shutil.rmtree(work, ignore_errors=True)
    triples = generate(parse_size(args.size), BENCH / "work" / args.size / "data")
    print(f"{args.size}: {triples} data triples; load average {load_average()}", file=sys.stderr, flush=True)
    build(out_dir=work / "out", data_dir=BENCH / "work" / args.size / "data", store=work / "store",
          cache_dir=work / "cache")
    nt = work / "out" / "inferred.nt"
    started = time.perf_counter()
    with virtuoso_server(work / "db", buffers=args.buffers, bulk_load=(nt, GRAPH)) as base:
        loaded = time.perf_counter() - started
        print(f"Virtuoso started on a new database and bulk-loaded {nt.stat().st_size:,} bytes of N-Triples "
              f"in {loaded:.1f} s; load average {load_average()}", file=sys.stderr, flush=True)
        virtuoso = medians(RemoteStore(f"{base}/sparql", GRAPH, timeout=600))
        oxigraph = medians(OxigraphStore(open_store_dir(work / "store")))
    rows = [[args.size, server, name, f"{ms:.1f}"] for server, found in (("virtuoso", virtuoso), ("oxigraph", oxigraph))
            for name, ms in sorted(found.items())]
    with open(BENCH / "virtuoso-latency.csv", "w", newline="") as stream:
        csv.writer(stream).writerows([["size", "server", "query", "median_ms"], *rows])
    print(f"{'query':<28} {'Virtuoso ms':>12} {'Oxigraph ms':>12}")
    for name in sorted(virtuoso):
        print(f"{name:<28} {virtuoso[name]:>12.1f} {oxigraph.get(name, float('nan')):>12.1f}")
    print(f"{args.size}: {triples} data triples, {sum(1 for _ in open(nt, 'rb')):,} triples started and loaded in "
          f"{loaded:.1f} s; load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
