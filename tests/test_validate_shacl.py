"""The shapes compiled to SPARQL (csckg/validate/shacl.py) find what pyshacl finds, on an Oxigraph store.

Every check below runs both engines on the same triples and requires the same results; the
analyst-readable cases also spell out the results expected.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS
import rdflib.namespace

from csckg import paths
from csckg.reason.derive import derived_triples
from csckg.load import parse_turtle
from csckg.namespaces import CSC, PREFIXES, QUDT, sparql_prologue
from csckg.validate.shacl import (SH, UnsupportedShapes, Violation, compile_shapes, reference_violations,
                                  store_violations)
from csckg.store.oxigraph import to_oxigraph
from csckg.triples import to_rdflib
from conftest import FIXTURES

# (XSD itself is not imported: pytest probes module attributes, and XSD warns on each probe)
INTEGER, DECIMAL = rdflib.namespace.XSD.integer, rdflib.namespace.XSD.decimal
PROJECT, FINDING, AGENT, MODEL = PREFIXES["project"], PREFIXES["finding"], PREFIXES["agent"], PREFIXES["model"]
SHAPES = parse_turtle(paths.SHAPES_FILE)

# The shapes' own messages, as the analyst reads them.
ONE_LABEL = "needs exactly one English label (rdfs:label \"...\"@en)"
NO_SOURCE = "has no source: add prov:qualifiedDerivation [ prov:entity src:... ; csc:section \"...\" ]"
CITATION = "a citation must name exactly one source document (prov:entity src:...)"
SECTION = "a citation must give the section it comes from (csc:section \"...\")"
AUTHORITY = ("a project needs at least one local authority (csc:localAuthority), or the number of "
             "authorities where the sources do not name them (csc:localAuthorityCount)")
COUNT = "csc:localAuthorityCount must be one whole number of at least 1"
SCHEME = "a concept must be in a concept scheme (skos:inScheme)"
NUMBER = "a value needs exactly one number, written as a decimal (qudt:numericValue 79.0)"

#: Turtle prefixes for shapes written in a test (with_turtle adds the project's own).
SHAPE_PROLOGUE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix shape: <https://w3id.org/csckg/shape/> .
"""


def oxigraph_store(graph: Graph) -> ox.Store:
    """The same triples in an in-memory store, term by term: Oxigraph renames the blank nodes
    of a file it parses, and results must name the blank nodes pyshacl names."""
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)
    return store


def with_turtle(graph: Graph, turtle: str) -> Graph:
    """A copy of ``graph`` with the triples of ``turtle`` (the project's prefixes declared) added."""
    copy = Graph()
    copy += graph
    return copy.parse(data=sparql_prologue() + turtle, format="turtle")


def with_fixture(graph: Graph, fixture: str) -> Graph:
    """A copy of ``graph`` with the triples of one of tests/fixtures/broken/ added, and the
    evidence levels the build would derive for them (csckg/reason/derive.py)."""
    fixed = parse_turtle(FIXTURES / "broken" / fixture, with_turtle(graph, ""))
    return fixed + to_rdflib(derived_triples(oxigraph_store(fixed)))


def violations(graph: Graph, shapes: Graph = SHAPES) -> set[Violation]:
    """The compiled engine's results, after checking that pyshacl gives exactly the same."""
    compiled = store_violations(oxigraph_store(graph), shapes)
    assert compiled == reference_violations(graph, shapes)
    return compiled


def citation_of(graph: Graph, node) -> BNode:
    return graph.value(node, PROV.qualifiedDerivation)


def test_every_shape_in_shapes_ttl_is_compiled():
    compiled = {c.shape.split()[0] for c in compile_shapes(SHAPES)}
    assert compiled == {SHAPES.namespace_manager.normalizeUri(s) for s in SHAPES.subjects(RDF.type, SH.NodeShape)}


def test_the_shipped_graph_has_no_violations_in_either_engine(graph):
    assert violations(graph) == set()


# --- the broken fixtures of test_validate.py -----------------------------------------------

@pytest.mark.slow  # pyshacl, the reference, on the whole graph once a case
@pytest.mark.parametrize("fixture, expected", [
    ("finding-without-source.ttl",
     {Violation(FINDING["test--unsourced"], PROV.qualifiedDerivation, None, NO_SOURCE)}),
    ("project-without-authority.ttl",
     {Violation(PROJECT["test-nowhere"], None, PROJECT["test-nowhere"], AUTHORITY)}),
    # these are caught by check queries or the reasoner, not by the shapes
    ("cost-without-currency.ttl", set()),
    ("percentage-140.ttl", set()),
    ("misspelt-model.ttl", set()),
])
def test_a_broken_fixture_gives_the_same_results_in_both_engines(graph, fixture, expected):
    assert violations(with_fixture(graph, fixture)) == expected


def test_a_project_that_is_also_a_finding_misses_every_field_of_a_finding(graph):
    """disjoint-clash.ttl: the reasoner rejects it first; unreasoned, the Finding shape sees it."""
    found = violations(with_fixture(graph, "disjoint-clash.ttl"))
    assert {v.path for v in found} == {CSC.measure, CSC.outcomeDomain, CSC.direction, CSC.comparison,
                                       CSC.statisticalTest, CSC.evidenceLevel, CSC.levelReason}
    assert {v.focus for v in found} == {PROJECT["leeds-family-valued"]}


# --- hand-made broken records ------------------------------------------------------------------

AGENCY = """
agent:test-agency a csc:Organisation ; rdfs:label {label} ;
    prov:qualifiedDerivation [ prov:entity {source} ; csc:section {section} ] .
"""


def agency(graph, label='"Test agency"@en', source="src:thematic-report-1", section='"Test"') -> Graph:
    return with_turtle(graph, AGENCY.format(label=label, source=source, section=section))


def test_a_node_with_two_english_labels_is_reported_once(graph):
    data = agency(graph, label='"Test agency"@en , "The test agency"@en')
    assert violations(data) == {Violation(AGENT["test-agency"], RDFS.label, None, ONE_LABEL)}


def test_a_label_with_no_language_tag_is_reported_with_the_label(graph):
    data = agency(graph, label='"Test agency"')
    assert violations(data) == {Violation(AGENT["test-agency"], RDFS.label, Literal("Test agency"), ONE_LABEL)}


@pytest.mark.slow  # pyshacl, the reference, on the whole graph once a case
@pytest.mark.parametrize("label, reported", [
    ('"Test agency"@en-GB', None),  # a regional English tag is English
    ('"Test agency"@EN', None),
    ('"Agence de test"@fr', Literal("Agence de test", lang="fr")),
    ('"Test agency"^^xsd:string', Literal("Test agency")),
])
def test_a_label_passes_only_if_its_language_is_english(graph, label, reported):
    expected = set() if reported is None else {Violation(AGENT["test-agency"], RDFS.label, reported, ONE_LABEL)}
    assert violations(agency(graph, label=label)) == expected


def test_a_citation_naming_a_programme_instead_of_a_document_is_reported_on_the_citation(graph):
    data = agency(graph, source="programme:wave-1")
    citation = citation_of(data, AGENT["test-agency"])
    assert violations(data) == {Violation(citation, PROV.entity, PREFIXES["programme"]["wave-1"], CITATION)}


def test_a_citation_naming_a_text_instead_of_a_document_is_reported(graph):
    data = agency(graph, source='"Thematic report 1"')
    citation = citation_of(data, AGENT["test-agency"])
    assert violations(data) == {Violation(citation, PROV.entity, Literal("Thematic report 1"), CITATION)}


@pytest.mark.slow  # pyshacl, the reference, on the whole graph once a case
@pytest.mark.parametrize("section, value", [
    ('"Appendix 1"^^xsd:string', None),
    ('"Appendix 1"@en', Literal("Appendix 1", lang="en")),
    ("5", Literal(5)),
    ("src:thematic-report-1", PREFIXES["src"]["thematic-report-1"]),
])
def test_a_section_must_be_a_plain_string(graph, section, value):
    data = agency(graph, section=section)
    citation = citation_of(data, AGENT["test-agency"])
    assert violations(data) == (set() if value is None else {Violation(citation, CSC.section, value, SECTION)})


PROJECT_WITH_COUNT = """
project:test-counted a csc:Project ;
    rdfs:label "Test project with a count of authorities"@en ;
    csc:aim "A project written for a test."@en ;
    csc:partOfProgramme programme:wave-1 ;
    csc:hasEvaluation evaluation:leeds-family-valued ;
    {count}
    prov:qualifiedDerivation [ prov:entity src:thematic-report-1 ; csc:section "Test" ] .
"""


@pytest.mark.slow  # pyshacl, the reference, on the whole graph once a case
@pytest.mark.parametrize("count, expected", [
    ("csc:localAuthorityCount 3 ;", set()),
    ("csc:localAuthorityCount 0 ;",
     {Violation(PROJECT["test-counted"], CSC.localAuthorityCount, Literal(0), COUNT)}),
    ('csc:localAuthorityCount "two" ;',  # neither an integer nor comparable with 1
     {Violation(PROJECT["test-counted"], CSC.localAuthorityCount, Literal("two"), COUNT)}),
    ('csc:localAuthorityCount "abc"^^xsd:integer ;',  # ill-typed
     {Violation(PROJECT["test-counted"], CSC.localAuthorityCount, Literal("abc", datatype=INTEGER), COUNT)}),
    ("csc:localAuthorityCount 2.0 ;",  # a decimal, though at least 1; reported as Oxigraph writes it
     {Violation(PROJECT["test-counted"], CSC.localAuthorityCount, Literal("2", datatype=DECIMAL), COUNT)}),
    ("csc:localAuthorityCount 2 , 3 ;",
     {Violation(PROJECT["test-counted"], CSC.localAuthorityCount, None, COUNT)}),
    ("",
     {Violation(PROJECT["test-counted"], None, PROJECT["test-counted"], AUTHORITY)}),
])
def test_the_count_of_local_authorities_is_one_whole_number_of_at_least_1(graph, count, expected):
    assert violations(with_turtle(graph, PROJECT_WITH_COUNT.format(count=count))) == expected


def test_a_concept_without_a_scheme_is_reported(graph):
    data = with_turtle(graph, """
        model:test-model a skos:Concept ; skos:prefLabel "Test model"@en ; skos:definition "For a test."@en .""")
    assert violations(data) == {Violation(MODEL["test-model"], SKOS.inScheme, None, SCHEME)}


def test_a_concept_in_something_that_is_not_a_scheme_is_reported_with_it(graph):
    data = with_turtle(graph, """
        model:test-model a skos:Concept ; skos:prefLabel "Test model"@en ; skos:definition "For a test."@en ;
            skos:inScheme programme:wave-1 .""")
    assert violations(data) == {Violation(MODEL["test-model"], SKOS.inScheme, PREFIXES["programme"]["wave-1"], SCHEME)}


def test_a_key_figure_written_as_text_fails_every_shape_that_targets_key_figures(graph):
    """sh:targetObjectsOf makes a literal a focus node; it has no properties at all."""
    found = violations(with_turtle(graph, 'project:leeds-family-valued csc:keyFigure "about 400 families" .'))
    assert {v.focus for v in found} == {Literal("about 400 families")}
    assert {v.path for v in found} == {PROV.qualifiedDerivation, CSC.measure, QUDT.numericValue, QUDT.unit}


def test_a_value_whose_number_is_an_integer_or_written_twice_is_reported(graph):
    data = with_turtle(graph, """
        finding:leeds-family-valued--implementation-scale csc:hasValue
            [ a csc:Value ; qudt:numericValue 79 ; qudt:unit unit:PERCENT ] ,
            [ a csc:Value ; qudt:numericValue 1.5 , 2.5 ; qudt:unit unit:PERCENT ] ,
            [ a csc:Value ; qudt:numericValue "79%"^^xsd:decimal ; qudt:unit unit:PERCENT ] .""")
    integer = data.value(predicate=QUDT.numericValue, object=Literal(79))
    twice = data.value(predicate=QUDT.numericValue, object=Literal("1.5", datatype=DECIMAL))
    ill_typed = data.value(predicate=QUDT.numericValue, object=Literal("79%", datatype=DECIMAL))
    assert violations(data) == {Violation(integer, QUDT.numericValue, Literal(79), NUMBER),
                                Violation(twice, QUDT.numericValue, None, NUMBER),
                                Violation(ill_typed, QUDT.numericValue, Literal("79%", datatype=DECIMAL), NUMBER)}


def test_a_deactivated_shape_reports_nothing(graph):
    shapes = with_turtle(SHAPES, "")
    for shape in list(shapes.subjects(RDF.type, SH.NodeShape)):
        shapes.add((shape, SH.deactivated, Literal(True)))
    assert violations(with_fixture(graph, "finding-without-source.ttl"), shapes) == set()


def test_a_decimal_written_nan_is_rejected_here_though_pyshacl_accepts_it(graph):
    """The one known difference: rdflib reads "NaN"^^xsd:decimal as a number; XML Schema and
    Oxigraph do not."""
    data = with_turtle(graph, """
        finding:leeds-family-valued--implementation-scale csc:hasValue
            [ a csc:Value ; qudt:numericValue "NaN"^^xsd:decimal ; qudt:unit unit:PERCENT ] .""")
    nan = Literal("NaN", datatype=DECIMAL)
    assert reference_violations(data, SHAPES) == set()
    assert {(v.path, v.value) for v in store_violations(oxigraph_store(data), SHAPES)} == {(QUDT.numericValue, nan)}


def test_compiled_constructs_that_shapes_ttl_does_not_use_yet_match_pyshacl(graph):
    """sh:minCount above 1, sh:languageIn with "*" or a regional tag, two sh:class values,
    sh:datatype xsd:integer alone, a deactivated property shape, a node shape with no targets."""
    shapes = with_turtle(Graph(), SHAPE_PROLOGUE + """
        shape:Wave a sh:NodeShape ; sh:targetClass csc:Programme ;
            sh:property [ sh:path skos:altLabel ; sh:minCount 4 ; sh:message "four other names" ] ,
                [ sh:path skos:altLabel ; sh:languageIn ( "*" ) ; sh:message "other names in any language" ] ,
                [ sh:path rdfs:label ; sh:languageIn ( "en-GB" ) ; sh:message "a British English label" ] ,
                [ sh:path csc:fundedBy ; sh:class csc:Organisation , csc:LocalAuthority ;
                  sh:message "funded by a local authority" ] ,
                [ sh:path csc:waveNumber ; sh:datatype xsd:integer ; sh:message "a wave number is a whole number" ] ,
                [ sh:path rdfs:label ; sh:minCount 5 ; sh:deactivated true ; sh:message "five labels" ] .
        shape:Untargeted a sh:NodeShape ;
            sh:property [ sh:path rdfs:label ; sh:minCount 9 ; sh:message "nine labels" ] .""")
    data = with_turtle(graph, """
        programme:wave-1 skos:altLabel "W1" ; csc:waveNumber 1 .
        programme:wave-2 a csc:Programme ; rdfs:label "Wave 2"@en-GB ; csc:waveNumber "two"^^xsd:integer .""")
    programme, wave = PREFIXES["programme"]["innovation-programme"], PREFIXES["programme"]["wave-1"]
    assert violations(data, shapes) == {
        Violation(programme, SKOS.altLabel, None, "four other names"),  # it has three, wave 1 four
        Violation(PREFIXES["programme"]["wave-2"], SKOS.altLabel, None, "four other names"),  # it has none
        Violation(PREFIXES["programme"]["wave-2"], CSC.waveNumber, Literal("two", datatype=INTEGER),
                  "a wave number is a whole number"),
        Violation(programme, RDFS.label, Literal("Children's Social Care Innovation Programme", lang="en"),
                  "a British English label"),
        Violation(wave, RDFS.label, Literal("Innovation Programme Wave 1", lang="en"), "a British English label"),
        Violation(wave, SKOS.altLabel, Literal("W1"), "other names in any language"),
        Violation(programme, CSC.fundedBy, AGENT["dfe"], "funded by a local authority"),
    }


# --- what is not compiled ------------------------------------------------------------------------

@pytest.mark.parametrize("shape, named, construct", [
    ("""shape:Evaluated a sh:NodeShape ; sh:targetClass csc:Project ;
            sh:property [ sh:path [ sh:inversePath csc:evaluationOf ] ; sh:minCount 1 ; sh:message "m" ] .""",
     "shape:Evaluated sh:property [ sh:path [ ... ] ]",
     "sh:path with a value that is not an IRI (such as a complex path)"),
    ("""shape:Percent a sh:NodeShape ; sh:targetClass csc:Value ;
            sh:sparql [ sh:select "SELECT $this WHERE { }" ] .""",
     "shape:Percent", "sh:sparql"),
    ("""shape:Silent a sh:NodeShape ; sh:targetClass csc:Finding ;
            sh:property [ sh:path csc:measure ; sh:minCount 1 ] .""",
     "shape:Silent sh:property [ sh:path csc:measure ]",
     "a shape with no sh:message (pyshacl would write its own)"),
    ("""shape:Dated a sh:NodeShape ; sh:targetClass csc:Evaluation ;
            sh:property [ sh:path csc:published ; sh:datatype xsd:date ; sh:message "m" ] .""",
     "shape:Dated sh:property [ sh:path csc:published ]", "sh:datatype xsd:date"),
    ("""shape:Named a sh:NodeShape ; sh:targetNode project:leeds-family-valued ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "m" ] .""",
     "shape:Named", "sh:targetNode"),
    ("""shape:Agency a sh:NodeShape , rdfs:Class ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "m" ] .""",
     "shape:Agency", "rdf:type rdfs:Class"),
])
def test_a_shape_outside_the_compiled_subset_is_refused_by_name(shape, named, construct):
    shapes = with_turtle(Graph(), SHAPE_PROLOGUE + shape)
    with pytest.raises(UnsupportedShapes) as refusal:
        compile_shapes(shapes)
    assert (refusal.value.shape, refusal.value.construct) == (named, construct)
    assert str(refusal.value).startswith(f"{named}: {construct} is not compiled to SPARQL")
