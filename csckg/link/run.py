"""The linker's three steps as the command line runs them: propose, apply a file, apply a proposal."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .apply import Applied, Checked, apply, read_proposal
from .gazetteer import load_gazetteer
from .proposal import propose, slug_for, write
from .record import load


def evaluation_file(data_dir: Path, slug: str) -> Path:
    """Where an evaluation with this slug is written."""
    return data_dir / "evaluations" / f"{slug}.ttl"


def proposal_for(path: Path, data_dir: Path = paths.DATA_DIR) -> dict:
    """Read a record or text and propose what it links to."""
    loaded = load(path)
    return propose(loaded, load_gazetteer(data_dir, evaluation_file(data_dir, slug_for(loaded))))


def default_proposal_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".proposal.yaml")


def propose_to_file(path: Path, proposal_path: Path | None = None, data_dir: Path = paths.DATA_DIR) -> tuple[dict, Path]:
    proposal = proposal_for(path, data_dir)
    target = proposal_path or default_proposal_path(path)
    return proposal, write(proposal, target)


def apply_file(path: Path, data_dir: Path = paths.DATA_DIR, replace: bool = False) -> Applied:
    """Propose and apply in one go, accepting every link the linker scored as acceptable."""
    loaded = load(path)
    gazetteer = load_gazetteer(data_dir, evaluation_file(data_dir, slug_for(loaded)))
    return apply(Checked(propose(loaded, gazetteer), path), gazetteer, data_dir, replace)


def apply_proposal_file(path: Path, data_dir: Path = paths.DATA_DIR, replace: bool = False) -> Applied:
    """Apply a proposal file, as the analyst edited it."""
    checked = read_proposal(path)
    slug = str(checked.proposal.get("slug", ""))
    return apply(checked, load_gazetteer(data_dir, evaluation_file(data_dir, slug)), data_dir, replace)
