"""The package's layout: csckg/__init__.py and visualise/__init__.py map every module in the
order data flows through them, and no module imports one listed below it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("csckg", "visualise")  # visualise's map comes after csckg's: it depends on csckg
ENTRY = re.compile(r"^    (\w+)(?:\.py|/) {2,}\S", re.MULTILINE)


def mapped(package: str) -> list[str]:
    """The modules and folders the package's docstring maps, in order, as dotted names."""
    docstring = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8")))
    return [f"{package}.{match.group(1)}" for match in ENTRY.finditer(docstring)]


ORDER = [entry for package in PACKAGES for entry in mapped(package)]


def modules() -> dict[str, Path]:
    """Every module of the packages (their own __init__ aside), by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            if len(parts) > 1:
                found[".".join(parts)] = path
    return found


def place(module: str) -> int | None:
    """The position in the map of the entry that holds ``module`` (itself or its folder)."""
    for position, entry in enumerate(ORDER):
        if module == entry or module.startswith(entry + "."):
            return position
    return None


def imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the packages that ``module`` imports, at the top or inside a function."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            names = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                     for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] in PACKAGES)
    return found


def test_every_module_is_on_the_map():
    unmapped = sorted(module for module in modules() if place(module) is None)
    assert unmapped == [], "add these to the map in csckg/__init__.py or visualise/__init__.py"


def test_every_entry_on_the_map_exists():
    known = modules()
    missing = [entry for entry in ORDER if not any(m == entry or m.startswith(entry + ".") for m in known)]
    assert missing == []


def test_no_module_imports_one_below_it_on_the_map():
    known = modules()
    upward = sorted(f"{module} imports {target}"
                    for module, path in known.items() for target in imported(module, path, known)
                    if place(target) is not None and place(target) > place(module))
    assert upward == []


def test_csckg_never_imports_visualise():
    known = modules()
    found = sorted(f"{module} imports {target}" for module, path in known.items() if module.startswith("csckg.")
                   for target in imported(module, path, known) if target.startswith("visualise"))
    assert found == []
