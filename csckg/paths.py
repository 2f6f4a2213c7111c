"""Where things live in the project folder: ontology/, graph/data/, queries/ and out/.

The project folder is $CSCKG_ROOT if set; else this checkout, when the package is run from one
(``python3 build.py``); else the current folder, as when csckg is installed with pip and its
``csckg`` command is run in a folder holding ontology/, graph/ and queries/.
"""

import os
from pathlib import Path


def _project_root() -> Path:
    if os.environ.get("CSCKG_ROOT"):
        return Path(os.environ["CSCKG_ROOT"]).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "ontology").is_dir() and (checkout / "build.py").is_file():
        return checkout
    return Path.cwd().resolve()


ROOT = _project_root()
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
RULES_DIR = ONTOLOGY_DIR / "rules"
DATA_DIR = ROOT / "graph" / "data"
EVALUATIONS_DIR = DATA_DIR / "evaluations"
QUERIES_DIR = ROOT / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
OUT_DIR = ROOT / "out"
CACHE_DIR = ROOT / ".cache" / "reason"
SCRATCH_DIR = ROOT / ".cache" / "tmp"
SOURCES_DIR = ROOT.parent / "shared" / "sources"


def ontology_files() -> list[Path]:
    """The ontology's Turtle files except the SHACL shapes, in a stable order."""
    return sorted(p for p in ONTOLOGY_DIR.rglob("*.ttl") if p != SHAPES_FILE)


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every curated data file, in a stable order."""
    return sorted(data_dir.rglob("*.ttl"))
