"""What `python3 build.py` writes to out/."""

from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from csckg import paths
from csckg.load import load_ontology


def test_out_holds_both_graphs_in_three_formats_and_the_docs(built):
    out, _ = built
    names = {p.name for p in out.iterdir()}
    for stem in ("asserted", "inferred"):
        assert {f"{stem}.ttl", f"{stem}.nt", f"{stem}.jsonld"} <= names
    assert {"ontology.html", "summary.txt", "summary.json"} <= names


def test_each_format_holds_the_same_triples(built):
    out, report = built
    for stem, expected in (("asserted", report.asserted_triples),
                           ("inferred", report.asserted_triples + report.inferred_triples)):
        counts = {fmt: len(Graph().parse(out / f"{stem}.{ext}", format=fmt))
                  for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"))}
        assert set(counts.values()) == {expected}, counts


def test_the_summary_gives_counts_validation_and_time(built):
    out, report = built
    summary = json.loads((out / "summary.json").read_text())
    assert summary["validation"].startswith("passed")
    assert summary["counts_by_class"]["csc:Project"] == 17
    assert summary["asserted_triples"] == report.asserted_triples > 0
    assert set(summary["stage_seconds"]) >= {"load", "reason", "validate", "export", "total"}
    text = (out / "summary.txt").read_text()
    assert "triples inferred (kept)" in text and "csc:Finding" in text


def test_the_ontology_documentation_covers_every_class_property_and_scheme(built):
    out, _ = built
    html = (out / "ontology.html").read_text()
    ontology = load_ontology()
    csc = "https://w3id.org/csckg/ontology#"
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(csc):
                assert str(ontology.value(term, RDFS.label)) in html, term
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        assert str(ontology.value(scheme, SKOS.prefLabel)) in html


def test_every_ontology_term_has_a_label_and_a_definition():
    ontology = load_ontology()
    csc = "https://w3id.org/csckg/ontology#"
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(csc):
                assert ontology.value(term, RDFS.label) is not None, term
                assert ontology.value(term, SKOS.definition) is not None, term


def run_cli(*args: str, cwd=paths.ROOT):
    return subprocess.run([sys.executable, str(paths.ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, env={"CSCKG_NO_BOOTSTRAP": "1", "PATH": ""})


def test_the_command_line_reports_a_syntax_error_with_file_and_line_and_fails(data_copy):
    (data_copy / "broken.ttl").write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n")
    result = run_cli("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert f"{data_copy / 'broken.ttl'}:2: Turtle syntax error" in result.stderr
    assert "Traceback" not in result.stderr
