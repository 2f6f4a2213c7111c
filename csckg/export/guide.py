"""out/guide/: the offline evidence guide, a folder of static pages that opens from the file system.

One page a node (csckg/export/profiles.py, the same templates the server renders), an index by
kind, a search box over every name (search-index.js: a script, because a page opened from
file:// may not fetch() a JSON file), and copies of the network map, gap map and ontology page,
so that the folder can be zipped and sent on its own. Links are relative. A graph with more
than GUIDE_PAGE_LIMIT nodes gets pages for the first kinds of PAGE_ORDER up to the limit, and
the index says what was left out; one of more than GUIDE_TRIPLE_LIMIT asserted triples gets
only the index, which says so (the server answers a page for every node).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from rdflib import URIRef

from ..reason.closure import Closure
from ..store.oxigraph import OxigraphStore
from . import page
from .profiles import Profiler, kind_name, linker, page_kinds, page_path, page_query, run_for

GUIDE = "guide"
GUIDE_PAGE_LIMIT = 1000
#: Above this many asserted triples the guide is only its index, saying so: the page queries of
#: hub nodes (a model used by thousands of projects) grow with the graph, and took 45 s at a
#: million triples; `serve` answers any node's page on demand instead.
GUIDE_TRIPLE_LIMIT = 250_000
#: Which kinds get pages first when the graph has more nodes than the limit.
PAGE_ORDER = ["model", "project", "authority", "organisation", "programme", "evaluation", "source",
              "scheme", "element", "recommendation", "finding", "domain", "design", "method", "comparison",
              "test", "level", "direction", "value-role", "role", "other"]
#: The built pages the guide carries copies of, so that it works on its own.
COPIED = ("map.html", "gaps.html", "ontology.html")


def chosen(nodes: dict[URIRef, str], limit: int = GUIDE_PAGE_LIMIT) -> dict[URIRef, str]:
    """The nodes that get a page: all, or the first ``limit`` in PAGE_ORDER, then by IRI."""
    ordered = sorted(nodes, key=lambda n: (PAGE_ORDER.index(nodes[n]) if nodes[n] in PAGE_ORDER else len(PAGE_ORDER), str(n)))
    return {node: nodes[node] for node in ordered[:limit]}


def navigation(depth: int) -> dict:
    """The header's links from a page ``depth`` folders below guide/."""
    up = "../" * depth
    return {"home": f"{up}index.html", "map": f"{up}map.html", "gaps": f"{up}gaps.html",
            "ontology": f"{up}ontology.html", "search_index": f"{up}search-index.js",
            "page_prefix": up, "page_suffix": ".html", "workbench": None}


def search_index(run, nodes: dict[URIRef, str], labels: dict[str, str]) -> list:
    """[path, label, kind, [other names]] for each node with a page."""
    names: dict[str, list[str]] = {}
    for node, name in run_for(run, page_query("names"), nodes).rows:
        names.setdefault(str(node), []).append(str(name))
    index = []
    for node, kind in nodes.items():
        label = labels.get(str(node)) or page_path(str(node))
        others = sorted({n for n in names.get(str(node), []) if n != label})
        index.append([page_path(str(node)), label, kind_name(kind), others])
    return sorted(index, key=lambda entry: entry[1].lower())


def write_guide(closure: Closure, directory: Path, limit: int = GUIDE_PAGE_LIMIT) -> list[Path]:
    """Write out/guide/ (a page writer, see export/pages.py) from the build's closure."""
    run = OxigraphStore(closure.store()).query
    too_large = len(closure.asserted) > GUIDE_TRIPLE_LIMIT
    every = {} if too_large else page_kinds(run)
    nodes = chosen(every, limit)
    written = {str(node) for node in nodes}
    guide = directory / GUIDE
    guide.mkdir(parents=True, exist_ok=True)
    profiler = Profiler(run, linker(lambda path: f"../{path}.html", "../ontology.html",
                                    lambda path: f"https://w3id.org/csckg/{path}" in written))
    search_script = page.scripts("guide-search.js")
    paths = []
    profiles = profiler.profiles(nodes)
    for profile in profiles:
        html = page.render("node.html.j2", profile=profile, nav=navigation(1), search_script=search_script, formats=None)
        paths.append(page.write(guide / f"{profile.path}.html", html))
    index = search_index(run, nodes, profiler.labels)
    (guide / "search-index.js").write_text(
        "window.csckgGuideIndex = " + page.script_json(index) + ";\n", encoding="utf-8")
    by_kind: dict[str, list] = {}
    for profile in sorted(profiles, key=lambda p: p.label.lower()):
        by_kind.setdefault(profile.kind, []).append({"href": f"{profile.path}.html", "label": profile.label})
    kinds = [{"name": kind_name(kind), "pages": by_kind[kind]} for kind in PAGE_ORDER if kind in by_kind]
    left = Counter(kind_name(kind) for node, kind in every.items() if node not in nodes)
    html = page.render("guide-index.html.j2", nav=navigation(0), search_script=search_script, kinds=kinds,
                       written=len(nodes), total=len(every), left_out=sorted(left.items()),
                       too_large=too_large and f"{len(closure.asserted):,}", triple_limit=f"{GUIDE_TRIPLE_LIMIT:,}",
                       built=f"from {len(closure.asserted):,} asserted triples")
    paths.append(page.write(guide / "index.html", html))
    for name in COPIED:
        if (directory / name).exists():
            paths.append(Path(shutil.copy2(directory / name, guide / name)))
    return paths
