"""Store: where the reasoned graph is kept and where queries run on it.

    disk       an Oxigraph store on disk (``--store oxigraph:PATH``): written whole, opened with checks
    oxigraph   queries on an Oxigraph store in this process, and the terms crossing to and from rdflib
    protocol   the Store every querying command uses; the in-memory rdflib graph; a SPARQL server
    inject     parameters bound as a VALUES block, for stores with no binding of their own
    results    one shape for query results, whichever store answered
    errors     what can go wrong querying a store, as messages an analyst can act on
    open       the store a command chose (--store, --endpoint, --graph)
"""
