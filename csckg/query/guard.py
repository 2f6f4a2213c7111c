"""What a query sent to the server may reach beyond the served graph: nothing, unless allowed.

SPARQL can make the server itself fetch from elsewhere: ``SERVICE <iri> { ... }`` in a query
or an update queries another SPARQL server, and ``LOAD <iri>`` in an update reads a document
into the graph. Oxigraph does both with its own HTTP client, so an endpoint that runs them
would fetch any address a web page or a colleague names (server-side request forgery) and hand
back what it got. The server therefore reads every SERVICE and LOAD target before running the
request: a SERVICE or a LOAD may reach only the hosts ``serve --allow-service`` names, and a
LOAD of a ``file:`` IRI (a file on this machine) is refused always.

Targets are read from the text with strings, IRIs and comments told apart (inject.NOT_CODE),
so a keyword inside a string is not one; a target that is a variable, a relative IRI or
anything else whose host cannot be known is refused.
"""

from __future__ import annotations

import re
import urllib.parse

from ..store.errors import QueryError
from ..namespaces import NOT_CODE

_WORD = r"(?<![\w:?$.\-])(?:SERVICE|LOAD|PREFIX)(?![\w:\-])"
_TOKENS = re.compile(f"(?P<skip>{NOT_CODE.pattern})|(?P<word>{_WORD})", re.IGNORECASE)
_GAP = r"(?:\s|#[^\n]*\n)*"
_TARGET = re.compile(_GAP + r"(?:SILENT" + _GAP + r")?(?:<(?P<iri>[^<>\"{}|^`\\\s]*)>"
                     r"|(?P<prefix>[A-Za-z][\w\-.]*)?:(?P<local>[\w\-.:%]*))", re.IGNORECASE)
_PREFIX = re.compile(_GAP + r"(?P<prefix>[A-Za-z][\w\-.]*)?:" + _GAP + r"<(?P<iri>[^<>\"{}|^`\\\s]*)>")


class Refused(QueryError):
    """A request that would make the server reach past the served graph."""


def remote_targets(text: str) -> list[tuple[str, str | None]]:
    """(keyword, absolute IRI or None when it cannot be known) for each SERVICE and LOAD."""
    if "service" not in text.lower() and "load" not in text.lower():
        return []
    prefixes: dict[str, str] = {}
    found = []
    for token in _TOKENS.finditer(text):
        word = (token.group("word") or "").upper()
        if not word:
            continue
        if word == "PREFIX":
            declared = _PREFIX.match(text, token.end())
            if declared:
                prefixes[declared.group("prefix") or ""] = declared.group("iri")
            continue
        target = _TARGET.match(text, token.end())
        iri = None
        if target and target.group("iri") is not None:
            iri = target.group("iri")
        elif target and (target.group("prefix") or "") in prefixes:
            iri = prefixes[target.group("prefix") or ""] + target.group("local")
        found.append((word, iri))
    return found


def _host_allowed(iri: str, allowed: tuple[str, ...]) -> bool:
    if "\\" in iri:  # \u escapes in an IRI are read by Oxigraph, not by urlsplit: the host could differ
        return False
    parts = urllib.parse.urlsplit(iri)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    return any(entry.lower() in (host, parts.netloc.lower()) for entry in allowed)


def check_reach(text: str, allowed: tuple[str, ...], what: str = "query") -> None:
    """Raise Refused for a SERVICE or LOAD the server may not run."""
    for keyword, iri in remote_targets(text):
        named = f"<{iri}>" if iri is not None else "whose address cannot be known before it runs"
        if keyword == "LOAD" and iri is not None and iri.lower().startswith("file:"):
            raise Refused(f"LOAD {named} is refused: this server never reads files of the machine it runs on")
        if iri is None or not _host_allowed(iri, allowed):
            hosts = ", ".join(allowed) if allowed else "none"
            raise Refused(f"{keyword} {named} in the {what} is refused: this server reaches other servers "
                          f"only for the hosts given to 'serve --allow-service HOST,...' (allowed now: {hosts})")
