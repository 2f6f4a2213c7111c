"""Names: which names do the sources give a node, and can an analyst still find a node by a
name that no source uses?

Names a source document uses are skos:altLabel; other names a reader may meet (a council's
formal name, a spelling variant) are skos:hiddenLabel. Both find the node (query parameters,
the linker); only the first are shown as names the sources give.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from csckg import paths
from csckg.names import label
from csckg.link.gazetteer import load_gazetteer
from csckg.link.recognise import recognise
from csckg.load import load_files
from csckg.namespaces import PREFIXES
from csckg.query.run import run_named
from csckg.store.protocol import LocalStore
from visualise.view import facts_of

HULL = PREFIXES["agent"]["hull"]


def normalised(text: str) -> str:
    """Text as compared with the sources: curly quotes straight, quotation marks around words
    dropped, a word broken at a hyphen across lines joined, any whitespace one space, lower case."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"-\s+", "-", text)
    text = re.sub(r"(?<![A-Za-z])['\"]|['\"](?![A-Za-z])", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def used_in(name: str, sources: str) -> bool:
    """Whether the sources use ``name`` as whole words ('MI' is not in 'family'). A footnote
    number may follow a word ('return interviews19'), so a name ending in a letter may be
    followed by a digit."""
    text = normalised(name)
    after = r"(?![a-z])" if text[-1:].isalpha() else r"(?![a-z0-9])"
    return re.search(r"(?<![a-z0-9])" + re.escape(text) + after, sources) is not None


@pytest.fixture(scope="module")
def sources() -> str:
    files = sorted(paths.SOURCES_DIR.glob("*.txt"))
    assert len(files) == 5, f"expected the five source documents in {paths.SOURCES_DIR}"
    return "\n".join(normalised(f.read_text(encoding="utf-8")) for f in files)


@pytest.fixture(scope="module")
def curated() -> Graph:
    """The ontology's schemes and the curated data as they are on disk."""
    return load_files([*paths.ontology_files(), *paths.data_files()])


def test_every_alternative_name_is_one_a_source_uses(curated, sources):
    unused = sorted(f"{node.n3(curated.namespace_manager)} {alt!r}" for node, alt in curated.subject_objects(SKOS.altLabel)
                    if not used_in(str(alt), sources))
    assert unused == [], "skos:altLabel that no source uses (make it skos:hiddenLabel): " + "; ".join(unused)


def test_which_names_of_hull_the_sources_use_and_which_they_do_not(curated, sources):
    assert {str(n) for n in curated.objects(HULL, SKOS.altLabel)} == {"Hull City Council"}
    assert {str(n) for n in curated.objects(HULL, SKOS.hiddenLabel)} == {
        "Kingston upon Hull", "Kingston upon Hull City Council"}
    assert not used_in("Kingston upon Hull", sources)


def test_the_comparison_allows_for_line_breaks_curly_quotes_and_footnote_numbers(sources):
    assert used_in("Children's Social Care Innovation Programme", sources)  # curly apostrophe, broken line
    assert used_in("Think Family ethos", sources)  # 'Think Family' ethos, in quotation marks
    assert used_in("return interviews", sources)  # "return interviews19": footnote 19
    assert not used_in("MI training", sources)


def test_a_name_no_source_uses_still_finds_the_authority_in_a_query(graph):
    store = LocalStore(graph)
    by_name = run_named(store, "authority-profile", {"authority": "Hull"}).rows
    by_formal_name = run_named(store, "authority-profile", {"authority": "Kingston upon Hull City Council"}).rows
    assert by_name and by_formal_name == by_name
    assert (HULL, SKOS.hiddenLabel, Literal("Kingston upon Hull City Council", lang="en")) in graph


def test_a_hidden_name_of_a_model_still_finds_the_projects_that_used_it(graph):
    rows = run_named(LocalStore(graph), "projects-by-model", {"model": "Hackney model"}).rows
    assert {label(graph, row[1]) for row in rows} == {
        "Scaling and Deepening the Reclaiming Social Work Model", "Reclaiming Social Work in Hackney"}


def test_the_linker_recognises_a_name_no_source_uses():
    text = "Kingston upon Hull City Council and Wokingham Borough Council ran Multisystemic Therapy."
    found = {m.text: m.entry.curie for m in recognise(text, load_gazetteer())}
    assert found["Kingston upon Hull City Council"] == "agent:hull"
    assert found["Wokingham Borough Council"] == "agent:wokingham"
    assert found["Multisystemic Therapy"] == "model:multi-systemic-therapy"


def test_the_map_shows_only_names_the_sources_use(graph):
    facts = dict(facts_of(graph, URIRef(HULL), drawn=set()))
    assert facts["also called"] == "Hull City Council"
    assert not any("Kingston" in text for text in facts.values())
