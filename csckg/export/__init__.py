"""Export: the files the build publishes in out/, other than the graphs' own folder handling.

    ontology_page   the ontology and its concept schemes as one readable HTML page
"""
