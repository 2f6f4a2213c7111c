"""The inferences the graph relies on: hierarchy, inverses, property chains, and no noise."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from csckg.namespaces import CSC, PREFIXES

MODEL, PROJECT, AGENT = PREFIXES["model"], PREFIXES["project"], PREFIXES["agent"]
EVALUATION, SRC = PREFIXES["evaluation"], PREFIXES["src"]


def asserted(built) -> Graph:
    out, _ = built
    return Graph().parse(out / "asserted.nt", format="nt")


def test_reclaiming_social_work_counts_as_systemic_practice_through_the_hierarchy(graph, built):
    triple = (PROJECT["scaling-and-deepening-rsw"], CSC.usesModelOrBroader, MODEL["systemic-practice"])
    assert triple in graph
    assert (PROJECT["scaling-and-deepening-rsw"], CSC.usesModel, MODEL["systemic-practice"]) not in asserted(built)


def test_motivational_social_work_is_transitively_narrower_than_motivational_interviewing(graph):
    assert (MODEL["motivational-social-work"], SKOS.broaderTransitive, MODEL["motivational-interviewing"]) in graph
    assert (MODEL["motivational-interviewing"], SKOS.narrower, MODEL["motivational-social-work"]) in graph


def test_inverse_properties_are_filled_in(graph):
    assert (AGENT["leeds"], CSC.hostedInitiative, PROJECT["leeds-family-valued"]) in graph
    assert (EVALUATION["leeds-family-valued"], CSC.evaluationOf, PROJECT["leeds-family-valued"]) in graph
    assert (AGENT["morning-lane-associates"], CSC.leads, PROJECT["scaling-and-deepening-rsw"]) in graph


def test_sub_properties_roll_up_to_involves(graph):
    assert (PROJECT["scaling-and-deepening-rsw"], CSC.involves, AGENT["morning-lane-associates"]) in graph
    assert (PROJECT["scaling-and-deepening-rsw"], CSC.involves, AGENT["southwark"]) in graph


def test_chain_finding_to_project(graph):
    finding = PREFIXES["finding"]["leeds-family-valued--fgc-cost-per-family"]
    assert (finding, CSC.aboutInitiative, PROJECT["leeds-family-valued"]) in graph
    assert (finding, CSC.relatesToModel, MODEL["restorative-practice"]) in graph


def test_chain_evaluator_to_project(graph):
    assert (AGENT["university-of-bedfordshire"], CSC.evaluatorOf, PROJECT["scaling-and-deepening-rsw"]) in graph


def test_chain_qualified_citation_gives_was_derived_from(graph):
    assert (PROJECT["leeds-family-valued"], PROV.wasDerivedFrom, SRC["thematic-report-1"]) in graph


def test_class_hierarchy_types_projects_as_initiatives_and_activities(graph):
    assert (PROJECT["leeds-family-valued"], RDF.type, CSC.Initiative) in graph
    assert (PROJECT["leeds-family-valued"], RDF.type, PROV.Activity) in graph
    assert (AGENT["leeds"], RDF.type, CSC.Organisation) in graph


def test_preferred_labels_become_rdfs_labels(graph):
    assert (MODEL["signs-of-safety"], RDFS.label, Literal("Signs of Safety", lang="en")) in graph


def test_the_outputs_carry_none_of_the_closure_noise(graph):
    assert not list(graph.triples((None, OWL.sameAs, None)))
    assert not list(graph.triples((None, RDF.type, RDFS.Resource)))
    assert not list(graph.triples((None, RDF.type, OWL.Thing)))
    assert not [s for s in graph.subjects() if isinstance(s, Literal)]
    assert not [s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RDF))]
