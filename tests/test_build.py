"""What `python3 build.py` writes to out/."""

from __future__ import annotations

import json
import re
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


def test_every_subcommand_has_help_with_an_example():
    from csckg.cli.main import COMMANDS
    for command in COMMANDS:
        result = run_cli(command, "--help")
        assert result.returncode == 0, result.stderr
        assert re.search(r"^examples?:", result.stdout, re.MULTILINE), command


# --- housekeeping ---------------------------------------------------------------------------

def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    from csckg.build.pipeline import build

    for run in ("first", "second"):  # each with its own reasoning cache, so both reason from scratch
        build(out_dir=tmp_path / run, cache_dir=tmp_path / f"cache-{run}")
    for name in ("asserted.nt", "inferred.nt", "asserted.ttl", "inferred.ttl", "asserted.jsonld", "inferred.jsonld"):
        first, second = (tmp_path / "first" / name).read_bytes(), (tmp_path / "second" / name).read_bytes()
        assert first == second, name
    assert b"_:" in (tmp_path / "first" / "asserted.nt").read_bytes(), "no blank nodes: the comparison proves little"


def test_out_has_the_permissions_of_any_new_folder(built):
    import os

    out, _ = built
    mask = os.umask(0)
    os.umask(mask)
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~mask)


def test_what_a_killed_run_left_is_removed_by_the_next_run(tmp_path):
    from csckg.files import scratch_directory, staged_directory

    dead = 2 ** 22 + 12345  # above Linux's pid_max: no process has it
    left = [tmp_path / f".out.staged-{dead}-abc123", tmp_path / f".out.retired-{dead}-def456"]
    for folder in left:
        (folder / "map.html").parent.mkdir()
        (folder / "map.html").write_text("half-written")
    (tmp_path / f".notes.txt.{dead}-x1y2.partial").write_text("half")
    with staged_directory(tmp_path / "out") as staging:
        (staging / "summary.txt").write_text("done")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".notes.txt.{dead}-x1y2.partial", "out"]
    from csckg.files import write_text_atomically

    write_text_atomically(tmp_path / "notes.txt", "kept")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "out"]
    with scratch_directory("test-scratch") as scratch:
        stale = scratch.parent / f"test-scratch-{dead}-zz9"
        stale.mkdir()
    with scratch_directory("test-scratch"):
        assert not stale.exists()
    assert not list(scratch.parent.glob("test-scratch-*"))


def test_git_ignores_what_a_killed_build_leaves_in_the_clone():
    result = subprocess.run(["git", "check-ignore", ".out.staged-123-abc", ".out.retired-123-abc",
                             "graph/data/.x.ttl.123-abc.partial", ".cache/tmp/link-check-123-abc"],
                            cwd=paths.ROOT, capture_output=True, text=True)
    assert len(result.stdout.split()) == 4, result.stdout


def test_the_reasoning_cache_keeps_only_recent_closures(data_copy, tmp_path):
    from csckg.build.pipeline import reasoned_graph
    from csckg.reason.cache import KEEP

    cache = tmp_path / "cache"
    leeds = data_copy / "projects" / "leeds-family-valued.ttl"
    original = leeds.read_text()
    for edit in range(KEEP + 3):
        leeds.write_text(original + f"\n# edit {edit}\n")
        reasoned_graph(data_copy, cache_dir=cache)
    assert len(list(cache.iterdir())) == 2 * KEEP
