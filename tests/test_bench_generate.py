"""The scale generator: reproducible from its seed, valid against the shapes, about the size asked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from csckg.build.pipeline import BuildReport, check
from csckg.namespaces import CSC

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import generate, seed_graph  # noqa: E402

pytestmark = pytest.mark.slow  # grows the graph and validates it: half a minute


def test_the_same_seed_gives_the_same_graph_and_another_seed_another(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert generate(9000, first, seed=1) == generate(9000, second, seed=1)
    generate(9000, other, seed=2)
    read = lambda folder: [p.read_text() for p in sorted(folder.glob("*.ttl"))]  # noqa: E731
    assert read(first) == read(second)
    assert read(first) != read(other)


def test_a_grown_graph_is_valid_and_about_the_size_asked(tmp_path):
    written = generate(9000, tmp_path / "data")
    copies = len(list((tmp_path / "data").glob("*.ttl")))
    assert 9000 <= written < 9000 + written / copies  # whole copies of the seed data
    report = BuildReport()
    check(tmp_path / "data", report, reasoner="reasonable", cache_dir=tmp_path / "cache")
    projects = len(set(seed_graph()[0].subjects(RDF.type, CSC.Project)))
    assert report.counts_by_class["csc:Project"] == projects * copies  # every copy keeps every project
