"""Grow the real graph into a larger one of the same shape, reproducibly from a seed.

Each copy of graph/data/ gets new IRIs for every node the data defines (programmes,
projects, authorities and other organisations, evaluations, findings, sources, ...) and
numbered labels, while the ontology and its concept schemes (models, domains, designs) stay
shared, so copies use the same practice models and answer the same questions. Numbers vary
realistically: values and sample sizes move by up to a fifth (percentages stay within 0 to
100), and a seeded share of the findings no recommendation cites is left out of each copy,
as real waves differ in size.

    python bench/generate.py --triples 100000 --out bench/work/100k/data [--seed 6]

The output is N-Triples in .ttl files (N-Triples is Turtle), one file per copy, ready for
``build.py build --data DIR``.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csckg import paths  # noqa: E402
from csckg.load import load_files, load_ontology  # noqa: E402
from csckg.namespaces import CSC  # noqa: E402

QUDT_VALUE = URIRef("http://qudt.org/schema/qudt/numericValue")
PERCENT = URIRef("http://qudt.org/vocab/unit/PERCENT")
QUDT_UNIT = URIRef("http://qudt.org/schema/qudt/unit")
NAMED = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, DCTERMS.title, CSC.fileName}
DROPPABLE = 0.1  # share of findings a copy leaves out


def seed_graph() -> tuple[Graph, set[URIRef]]:
    """The curated data and the IRIs it defines (those a copy renames)."""
    data = to_canonical_graph(load_files(paths.data_files()))  # blank node names fixed, for a reproducible order
    ontology_subjects = set(load_ontology().subjects())
    defined = {s for s in data.subjects() if isinstance(s, URIRef) and s not in ontology_subjects}
    return data, defined


def _findings_to_drop(data: Graph, rng: random.Random) -> set:
    """A seeded share of the findings nothing else cites (so no recommendation loses its evidence)."""
    findings = sorted(f for f in set(data.subjects(RDF.type, CSC.Finding)) if not any(data.subjects(None, f)))
    return {f for f in findings if rng.random() < DROPPABLE}


def copy_triples(data: Graph, defined: set[URIRef], number: int, rng: random.Random):
    """Yield the triples of copy ``number`` (copy 0 is the real data, unchanged)."""
    if number == 0:
        yield from sorted(data)
        return
    percent_values = {v for v in data.subjects(QUDT_UNIT, PERCENT)}
    dropped = _findings_to_drop(data, rng)
    tag = f"-g{number}"

    def rename(term):
        if isinstance(term, URIRef) and term in defined:
            return URIRef(str(term) + tag)
        if isinstance(term, BNode):
            return BNode(f"{term}{tag}")
        return term

    for s, p, o in sorted(data):
        if s in dropped or o in dropped:
            continue
        if p in NAMED and isinstance(o, Literal) and s in defined:
            o = Literal(f"{o} ({number})", lang=o.language, datatype=o.datatype)
        elif p == QUDT_VALUE and isinstance(o, Literal):
            value = Decimal(str(o.toPython())) * Decimal(str(round(rng.uniform(0.8, 1.2), 2)))
            if s in percent_values:
                value = min(value, Decimal(100))
            o = Literal(value.quantize(Decimal("0.1")), datatype=o.datatype)
        elif p == CSC.size and isinstance(o, Literal):
            o = Literal(max(0, int(int(o) * rng.uniform(0.8, 1.2))), datatype=o.datatype)
        yield rename(s), p, rename(o)


def generate(target: int, out: Path, seed: int = 6) -> int:
    """Write copies of the data to ``out`` until about ``target`` triples; return how many were written."""
    rng = random.Random(seed)
    data, defined = seed_graph()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ttl"):
        old.unlink()
    written, number = 0, 0
    while written < target:
        lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in copy_triples(data, defined, number, rng)})
        (out / f"copy-{number:05d}.ttl").write_text("".join(lines), encoding="utf-8")
        written += len(lines)
        number += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many data triples to write")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (its .ttl files are replaced)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    print(f"{generate(args.triples, args.out, args.seed)} triples written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
