"""The Children's Social Care Knowledge Graph (csckg).

Builds, reasons over, validates, queries and draws a knowledge graph of the English Children's
Social Care Innovation Programme. The command line is ``python3 build.py`` in a checkout, or
``csckg`` once installed with pip. This module imports only the standard library, so that
``build.py`` can bootstrap its environment before anything else is imported.

The modules, in the order data flows through them. A module imports only modules listed above
it (and those in its own folder), never one below it; nothing here imports visualise/, which
depends on csckg (tests/test_layout.py keeps it so). docs/architecture.md says where a change goes.

Terms, which every stage uses:

    errors.py       errors the user can fix, reported as a message and an exit code
    paths.py        where the project's folders are: ontology/, graph/data/, queries/, out/
    namespaces.py   the prefixes, bound once; expand() reads a prefixed name or an IRI
    triples.py      triples as N-Triples strings, the build's working form, and rdflib's
    names.py        a node's label, prefixed name and defining file, for people
    kinds.py        the kinds of node (project, authority, model ...) and what makes a node one
    queryfile.py    a .rq file: its SPARQL and the header comment that documents it
    files.py        files written and folders replaced atomically

The stages, in flow order:

    load.py         ontology/ and graph/data/ read into triples, naming the file and line of a fault
    reason/         the OWL 2 RL closure, keeping the inferences worth showing
    store/          the reasoned graph in an Oxigraph store, and the stores queries run on
    validate/       the SHACL shapes and the check queries (queries/checks/), on the store
    export/         the files of out/: the graphs in three formats, the pages, the evidence guide
    build/          the stages run in order, each timed; out/ replaced whole or not at all
    query/          the named queries (queries/*.rq), their parameters, labels and output formats
    serve_http.py   reading a request safely: lengths, bodies, deadlines, content negotiation
    serve_policy.py  what a request may reach and change: hosts, origins, the update token
    serve_nodes.py  every node's IRI answered: its page for a browser, its triples for a program
    workbench.py    the query workbench's answers: named queries run as the command line runs them,
                    the analyst's own in the workers, names suggested as they are typed
    serve.py        a SPARQL endpoint on 127.0.0.1 with the query workbench and the maps
    link/           a new evaluation linked to the graph and written to graph/data/evaluations/

The command line:

    cli/            the parser (main.py), one module per subcommand, the shared options, and
                    the Debian packages the whole test run needs (debian.py: Chromium, Virtuoso)
    bootstrap.py    .venv set up from the lock files before anything else is imported
"""

__version__ = "1.0.0"
