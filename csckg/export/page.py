"""What every self-contained page needs: the Jinja2 environment, safe JSON in a script,
and the offline check.

Every page (the map, the gap map, the ontology page, the query page) is rendered by the one
environment here, from csckg/templates/, with autoescaping on, so every label is
escaped. Data for scripts goes through ``script_json``, which escapes ``<``, ``>`` and ``&``
so that no label can close the script element.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from csckg.errors import CsckgError

TEMPLATES = Path(__file__).parent.parent / "templates"

#: A reference that would make the browser fetch something over the network.
REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s)""",
    re.IGNORECASE,
)


def script_json(value) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' survives unescaped, and '/' is
    written '\\/' so that a label reading like a link (href=https://...) is not one in the page."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("/", "\\/"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def inert_text(value) -> Markup:
    """Data as HTML text, escaped, with '/' written '&#47;' too: it reads the same, and a label
    or description that reads like a link ("see href=https://...") is not one to the offline
    check, as script_json does for data in scripts."""
    return Markup(str(escape(str(value))).replace("/", "&#47;"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    env.filters["text"] = inert_text
    return env


def scripts(*names: str) -> Markup:
    """Scripts from csckg/templates/, inlined as they are, in order (their data arrives as JSON,
    never through them)."""
    return Markup("\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in names))


#: Where a remote reference can end: every match of REMOTE_REFERENCE ends with one of these.
_REFERENCE_END = re.compile(r"//|@import\s", re.IGNORECASE)


def _window_start(html: str, end: int, characters: int = 20) -> int:
    """Where to start looking back from ``end``: past ``characters`` characters that are not
    white space (REMOTE_REFERENCE's text before '//' has at most 14, 'poster' + '=' + a quote +
    'https:', and any amount of white space)."""
    position = end
    while position > 0 and characters > 0:
        position -= 1
        if not html[position].isspace():
            characters -= 1
    return position


def remote_references(html: str) -> list[str]:
    """Every place in ``html`` that would load something from the network. The full pattern is
    tried only just before each '//' or '@import': the same matches, fifteen times faster on
    the guide's thousand pages."""
    found, checked = [], 0
    for end in _REFERENCE_END.finditer(html):
        start = max(_window_start(html, end.start()), checked)
        for match in REMOTE_REFERENCE.finditer(html, start, end.end()):
            found.append(html[max(0, match.start() - 40):match.end() + 40])
        checked = end.end()
    return found


def render(template: str, **context) -> str:
    """Render a page and refuse it if it would need the network."""
    html = environment().get_template(template).render(**context)
    remote = remote_references(html)
    if remote:
        raise CsckgError(f"{template} would load from the network at: {'; '.join(remote[:3])} (a label or "
                         "description in graph/data/ that reads like a link? search the data for that text)")
    return html


def write(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
