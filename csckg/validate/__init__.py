"""Validate: the reasoned graph against the SHACL shapes and the check queries (queries/checks/).

    problems   validate(): every SHACL violation and check-query row, one line each, naming the file and node
    shacl      the shapes compiled to SPARQL for Oxigraph, with pyshacl as the reference
"""
