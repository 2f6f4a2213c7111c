"""Every node's IRI answered under the server: /project/leeds-family-valued for
https://w3id.org/csckg/project/leeds-family-valued, as LodView and pubby make IRIs dereferenceable.

A browser gets the node's profile page (csckg/export/profiles.py, the templates the offline
guide is written with); a program gets the node's triples as Turtle, N-Triples or JSON-LD, as its
``Accept`` header asks or ``?format=ttl|nt|jsonld|html`` says. The page's queries run through the
server's worker pool like any other query, so a page is bounded by --timeout, reflects a rebuilt
graph or an update at once, and works the same on out/inferred.nt and on an Oxigraph store.
/guide/ serves the built guide's files (its index, search index and copies of the maps).

An unknown node gets 404 with the nearest labels; a path that tries to leave its folder (``..``,
percent-escapes, which no page path needs) gets 400 before anything is looked up.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import weakref

import pyoxigraph as ox
from rapidfuzz import fuzz, process
from rdflib import URIRef

from .export import page
from .export.profiles import Profiler, linker, page_kinds, page_path, page_query, run_for
from .namespaces import BASE, INSTANCE_PREFIXES, PREFIXES
from .serve_http import BadRequest, form_fields, negotiate, utf8
from .query.pool import Busy
from .store.errors import QueryTimeout
from .store.inject import bind_each_in_text
from .store.results import QueryResult

#: The first folder of every page path: project, model, agent ...
NODE_FOLDERS = frozenset(path.rstrip("/") for path in INSTANCE_PREFIXES.values())
FORMATS = {"html": "text/html", "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD}
GUIDE_FILE = re.compile(r"^/guide/(?:([a-z][a-z0-9-]*)/)?([A-Za-z0-9][A-Za-z0-9._~-]*\.(?:html|js))$")
NAVIGATION = {"home": "/guide/index.html", "map": "/map", "gaps": "/gaps", "ontology": "/ontology",
              "workbench": "/", "search_index": "/guide/search-index.js", "page_prefix": "/", "page_suffix": ""}
SUGGESTIONS = 5

_names: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # worker pool -> [(label, path)]


def handles(route: str, raw_path: str) -> bool:
    """Whether the request is this module's: a node path, the guide, or a path that tries to
    climb out of its folder (refused here with a message rather than taken for an unknown page)."""
    first = route.strip("/").split("/", 1)[0]
    return first in NODE_FOLDERS or first == "guide" or refusal(raw_path) is not None


def refusal(raw_path: str) -> str | None:
    """Why a path is refused before it is looked up, or None."""
    path = urllib.parse.urlsplit(raw_path).path
    if "%" in path:
        return "percent-escapes in a page path are refused (no page's path needs one; '%2e%2e' and '%2f' would climb folders)"
    if any(segment in (".", "..") for segment in path.split("/")) or "\\" in path or "//" in path:
        return "a path with '.', '..', '\\' or an empty folder is refused: pages have paths like /project/leeds-family-valued"
    return None


def answer(handler, route: str) -> None:
    """Answer one GET, HEAD or OPTIONS for a node page or a guide file."""
    problem = refusal(handler.path)
    if problem:
        raise BadRequest(400, problem)
    if handler.command == "OPTIONS":
        return handler._send(204, b"", "text/plain", {"Allow": "GET, HEAD, OPTIONS"})
    if handler.command not in ("GET", "HEAD"):
        handler.close_connection = True
        return handler._error(405, f"{route} takes GET, HEAD, OPTIONS, not {handler.command}",
                              {"Allow": "GET, HEAD, OPTIONS"})
    if route == "/guide" or route.startswith("/guide/"):
        return _guide_file(handler, route)
    _node(handler, route)


def _guide_file(handler, route: str) -> None:
    if route == "/guide":
        route = "/guide/index.html"
    match = GUIDE_FILE.match(route)
    guide = handler.endpoint.out_dir / "guide"
    if not match:
        raise BadRequest(404, f"no such file in the guide: {route} (the guide's index is /guide/)")
    path = guide.joinpath(*filter(None, match.groups()))
    if not path.is_file():
        raise BadRequest(404, f"{route} is not in the built guide: run 'python3 build.py' (node pages such "
                              "as /project/leeds-family-valued work without it)")
    media = "text/javascript" if path.suffix == ".js" else "text/html"
    handler._send(200, path.read_bytes(), f"{media}; charset=utf-8")


def _ask(endpoint, text: str) -> tuple[str, bytes]:
    """(kind, answer) of a page query run in the server's worker pool; failures as HTTP statuses."""
    try:
        outcome, detail = endpoint.query(text)
    except (QueryTimeout, Busy) as error:
        raise BadRequest(503, f"the page's queries could not finish: {error}") from None
    if outcome != "ok":
        raise BadRequest(500, f"a page query failed: {detail}")
    return detail


def _runner(endpoint):
    """SPARQL text -> QueryResult, for Profiler, through the worker pool."""
    return lambda text: QueryResult.from_sparql_json(json.loads(_ask(endpoint, text)[1]))


def _format(handler) -> str:
    """The media type asked for: ?format= first, then Accept (HTML for a browser and for */*)."""
    fields = form_fields(utf8(urllib.parse.urlsplit(handler.path).query.encode("latin-1"), "URL"), "URL")
    asked = (fields.get("format") or [None])[0]
    if asked is not None:
        if asked not in FORMATS:
            raise BadRequest(400, f"format={asked} is not offered: use one of {', '.join(FORMATS)}")
        return FORMATS[asked]
    media = negotiate(handler.headers.get("Accept", ""), list(FORMATS.values()), "text/html")
    if media is None:
        raise BadRequest(406, f"a node can be sent as: {', '.join(FORMATS.values())}")
    return media


def _node(handler, route: str) -> None:
    iri = BASE + route.strip("/")
    run = _runner(handler.endpoint)
    found = page_kinds(run, [URIRef(iri)]) if page_path(iri) else {}
    if not found:
        wants_html = negotiate(handler.headers.get("Accept", ""), ["text/html"], "text/html") == "text/html"
        return _not_found(handler, route, run, "text/html" if wants_html else "text/plain")
    media = _format(handler)
    if media != "text/html":
        _, ntriples = _ask(handler.endpoint, bind_each_in_text(page_query("describe"), "node", [URIRef(iri)]))
        body = ntriples if media == "application/n-triples" else ox.serialize(
            ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=RDF_FORMATS[media],
            prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()})
        return handler._send(200, body, f"{media}; charset=utf-8", {"Vary": "Accept"})
    profile, = Profiler(run, linker(lambda path: f"/{path}", "/ontology")).profiles(found)
    formats = [(name, f"/{profile.path}?format={key}") for key, name in
               (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"))]
    html = page.render("node.html.j2", profile=profile, nav=NAVIGATION, formats=formats,
                       search_script=page.scripts("guide-search.js"))
    handler._send(200, html, "text/html; charset=utf-8", {"Vary": "Accept"})


def _suggestions(handler, route: str, run) -> list[tuple[str, str]]:
    """The labels nearest to what the path names, with their paths."""
    pool = handler.endpoint.pool
    if pool not in _names:
        nodes = page_kinds(run)
        labels = dict(run_for(run, page_query("labels"), nodes).rows) if nodes else {}
        _names[pool] = [(str(labels.get(node) or page_path(str(node))), page_path(str(node))) for node in nodes]
    names = _names[pool]
    folder, _, slug = route.strip("/").rpartition("/")
    same_kind = [(label, path) for label, path in names if path.startswith(folder + "/")] or names
    wanted = slug.replace("-", " ")
    best = process.extract(wanted, [f"{label} | {path.split('/')[-1].replace('-', ' ')}" for label, path in same_kind],
                           scorer=fuzz.token_set_ratio, limit=SUGGESTIONS)
    return [same_kind[index] for _, _, index in best]


def _not_found(handler, route: str, run, media: str) -> None:
    near = _suggestions(handler, route, run)
    message = f"no node has the IRI {BASE}{route.strip('/')}"
    if media == "text/html":
        html = page.render("not-found.html.j2", nav=NAVIGATION, message=message, search_script=page.scripts("guide-search.js"),
                           suggestions=[{"label": label, "href": f"/{path}"} for label, path in near])
        return handler._send(404, html, "text/html; charset=utf-8")
    lines = "".join(f"\n  {label}: /{path}" for label, path in near)
    handler._error(404, f"{message}. The nearest:{lines}" if near else message)
