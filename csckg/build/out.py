"""out/ as commands read it: built first when it is missing or older than its inputs."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .pipeline import build, progress


def _newest_input() -> float:
    inputs = [*paths.ontology_files(), paths.SHAPES_FILE, *paths.data_files(),
              *paths.CHECKS_DIR.glob("*.rq")]
    return max(p.stat().st_mtime for p in inputs)


def ensure_built(out_dir: Path = paths.OUT_DIR) -> Path:
    """``out_dir``, built first if it holds no built graph or, for the project's own out/, if it is
    older than the ontology, the data or the checks."""
    target = out_dir / "inferred.nt"
    if not target.exists():
        progress(f"{target} does not exist yet: building it first")
        build(out_dir=out_dir)
    elif out_dir == paths.OUT_DIR and target.stat().st_mtime < _newest_input():
        progress(f"{target} is older than the ontology or data: rebuilding it first")
        build(out_dir=out_dir)
    return out_dir
