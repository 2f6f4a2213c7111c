"""Check queries (queries/checks/*.rq) and data files (graph/data/**/*.ttl) declare only the
prefixes they use, so a reader sees at a glance what a file talks about (queries/README.md,
graph/README.md); and what counts as using one."""

from __future__ import annotations

from pathlib import Path

from csckg import paths
from csckg.namespaces import declared_prefixes, unused_prefixes, without_unused_prefixes


def files() -> list[Path]:
    return [*sorted(paths.CHECKS_DIR.glob("*.rq")), *paths.data_files()]


def test_every_check_query_and_data_file_declares_only_the_prefixes_it_uses():
    found = {str(path.relative_to(paths.ROOT)): unused_prefixes(path.read_text(encoding="utf-8"))
             for path in files()}
    assert len(found) >= 27 and {name: unused for name, unused in found.items() if unused} == {}


def test_a_prefix_named_only_in_a_string_a_comment_or_an_iri_is_unused():
    text = ('@prefix csc: <https://w3id.org/csckg/ontology#> .\n@prefix agent: <https://w3id.org/csckg/agent/> .\n'
            '@prefix src: <https://w3id.org/csckg/source/> .\n'
            '# agent:leeds is mentioned here only\n<https://example.org/src:x> csc:note "see agent:leeds" .\n')
    assert unused_prefixes(text) == ["agent", "src"]
    assert without_unused_prefixes(text).splitlines()[0] == "@prefix csc: <https://w3id.org/csckg/ontology#> ."
    assert declared_prefixes(without_unused_prefixes(text)) == ["csc"]


def test_a_sparql_prefix_used_in_a_path_or_a_datatype_counts():
    text = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            'SELECT ?n WHERE { ?n rdfs:label/skos:prefLabel ?l FILTER (?l = "1"^^xsd:integer) }\n')
    assert unused_prefixes(text) == []
