"""The built graph as commands use it: out/inferred.nt, rebuilt first when missing or stale."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .. import paths
from ..namespaces import bind_prefixes
from .pipeline import build, progress


def _newest_input() -> float:
    inputs = [*paths.ontology_files(), paths.SHAPES_FILE, *paths.data_files(),
              *paths.CHECKS_DIR.glob("*.rq")]
    return max(p.stat().st_mtime for p in inputs)


def built_graph_file(out_dir: Path = paths.OUT_DIR, name: str = "inferred.nt") -> Path:
    """The path of a built graph (the reasoned one unless ``name`` says otherwise), building
    it first if it is missing or, in the project's own out/, older than its inputs."""
    target = out_dir / name
    if not target.exists():
        progress(f"{target} does not exist yet: building it first")
        build(out_dir=out_dir)
    elif out_dir == paths.OUT_DIR and target.stat().st_mtime < _newest_input():
        progress(f"{target} is older than the ontology or data: rebuilding it first")
        build(out_dir=out_dir)
    return target


def built_graph(out_dir: Path = paths.OUT_DIR, name: str = "inferred.nt") -> Graph:
    """The reasoned graph (asserted facts plus the inferences the build keeps), or with
    ``name="asserted.nt"`` the curated facts alone."""
    return bind_prefixes(Graph()).parse(built_graph_file(out_dir, name), format="nt")
