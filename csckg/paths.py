"""Where things live in the repository (all relative to its root)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
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
