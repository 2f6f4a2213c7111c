"""Write query results as a table, CSV, TSV, JSON, XML, Markdown, or RDF for CONSTRUCT."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

from rdflib import BNode, URIRef

from ..names import curie
from ..namespaces import bind_prefixes
from ..store.results import QueryResult
from .labels import labels_for

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")


def _display(term, labels: dict) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return labels.get(term) or curie(term)
    return str(term)


def _table(variables, cells) -> str:
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    line = lambda values: "  ".join(value.ljust(w) for value, w in zip(values, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(variables), rule, *(line(row) for row in cells),
                      f"({len(cells)} row{'s' if len(cells) != 1 else ''})"])


def _markdown(variables, cells) -> str:
    esc = lambda text: text.replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
    return "\n".join(lines)


def _delimited(variables, cells, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(cells)
    return buffer.getvalue().rstrip("\n")


def _json_term(term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def sparql_json(result: QueryResult) -> str:
    """The W3C SPARQL 1.1 Query Results JSON format (IRIs, never labels)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, indent=1)


def sparql_xml(result: QueryResult) -> str:
    """The W3C SPARQL Query Results XML format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f'<variable name="{escape(v)}"/>' for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for name, term in zip(result.variables, row):
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    inner = f"<uri>{escape(str(term))}</uri>"
                elif isinstance(term, BNode):
                    inner = f"<bnode>{escape(str(term))}</bnode>"
                else:
                    attrs = (f' xml:lang="{escape(term.language)}"' if term.language else
                             f' datatype="{escape(str(term.datatype))}"' if term.datatype else "")
                    inner = f"<literal{attrs}>{escape(str(term))}</literal>"
                out.append(f'<binding name="{escape(name)}">{inner}</binding>')
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def sparql_csv(result: QueryResult) -> str:
    """The W3C SPARQL 1.1 CSV results format: plain values, IRIs as text, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([["" if t is None else str(t) for t in row] for row in result.rows])
    return buffer.getvalue()


def sparql_tsv(result: QueryResult) -> str:
    """The W3C SPARQL 1.1 TSV results format: variables with '?', terms in N-Triples form."""
    term = lambda t: "" if t is None else t.n3().replace("\t", "\\t").replace("\n", "\\n")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def printed(store, result: QueryResult, fmt: str, iris: bool = False) -> str:
    """What ``build.py query ... --format FMT`` prints, to the last byte: the workbench's downloads
    are this same text. The human formats show labels (asked of ``store``) unless ``iris``."""
    human = fmt in ("table", "csv", "tsv", "md") and not iris
    labels = labels_for(store, {t for row in result.rows for t in row}) if human and result.kind == "select" else {}
    return render(result, fmt, labels) + "\n"


def render(result: QueryResult, fmt: str, labels: dict | None = None) -> str:
    """Render ``result`` in ``fmt``; ``labels`` maps IRIs to labels for the human formats."""
    labels = labels or {}
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            fmt = "turtle"
        return bind_prefixes(result.graph).serialize(format="json-ld" if fmt == "jsonld" else fmt)
    if fmt == "json":
        return sparql_json(result)
    if fmt == "xml":
        return sparql_xml(result)
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    cells = [[_display(t, labels) for t in row] for row in result.rows]
    if fmt == "csv":
        return _delimited(result.variables, cells, ",")
    if fmt == "tsv":
        return _delimited(result.variables, cells, "\t")
    if fmt == "md":
        return _markdown(result.variables, cells)
    return _table(result.variables, cells)
