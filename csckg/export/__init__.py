"""Export: the files the build publishes in out/, written by build/pipeline.py.

    graphs          a graph in N-Triples, Turtle and JSON-LD
    page            the one Jinja environment every HTML page is rendered with (templates in csckg/templates/)
    ontology_page   the ontology and its concept schemes as one readable HTML page
"""
