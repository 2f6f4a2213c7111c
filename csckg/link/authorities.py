"""The English local authorities a text may name that the graph does not know yet.

Read from english-authorities.txt beside this module (one name a line; a trailing " *" marks a
place whose name is also a common word, recognised only in a council form). A name is found as
written, capitalised, as a whole word, so "Luton" is an authority and "luton" or "Lutonian" are not.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

LIST = Path(__file__).with_name("english-authorities.txt")
_COUNCIL_WORDS = (r"(?:[ \t]+(?:(?:Metropolitan[ \t]+(?:Borough|District)|County|City|Borough|District)[ \t]+)?Council)")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    bare, council_only = [], []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        words = r"[ \t]+".join(re.escape(w) for w in name.rstrip(" *").split())
        (council_only if name.endswith(" *") else bare).append(words)
    by_length = sorted(bare, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:(?:{'|'.join(by_length)}){_COUNCIL_WORDS}?|"
                      rf"(?:{'|'.join(council_only)}){_COUNCIL_WORDS})(?![\w-])")


def authorities_named(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every English authority named in ``text`` (with its council words, if written)."""
    return [m.span() for m in _pattern().finditer(text)]
