"""The network map and the evidence gap map, drawn from the graph (see build.py map).

visualise depends on csckg, never the reverse: the build finds its page writer by module path
(csckg/export/pages.py) and the command line its commands (csckg/cli/main.py). The modules, each
importing only those above it (tests/test_layout.py keeps it so):

    view.py          the graph as a networkx view: the nodes drawn, the links, each node's facts
    layout.py        starting positions, so the browser's physics settles in a few steps
    select.py        a node's neighbourhood, some kinds, or a projection of the view
    fetch.py         one node's neighbourhood fetched from a SPARQL store, not the whole graph
    graphs.py        the view from whichever store a command chose
    analysis.py      counts, centrality, communities, paths, and export for Gephi
    network_map.py   the map as one HTML file that works offline
    gaps.py          the evidence gap map: practice models by outcome domains
    outputs.py       the pages every build writes into out/ (map.html, gaps.html)
    commands/        the drawing subcommands: map, stats, path
"""
