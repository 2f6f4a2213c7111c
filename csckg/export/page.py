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
from markupsafe import Markup

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


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    return env


def scripts(*names: str) -> Markup:
    """Scripts from csckg/templates/, inlined as they are, in order (their data arrives as JSON,
    never through them)."""
    return Markup("\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in names))


def remote_references(html: str) -> list[str]:
    """Every place in ``html`` that would load something from the network."""
    return [html[max(0, m.start() - 40):m.end() + 40] for m in REMOTE_REFERENCE.finditer(html)]


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
