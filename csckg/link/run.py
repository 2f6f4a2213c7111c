"""The linker's steps as the command line runs them: propose (for a file or a folder), review,
apply a file, apply proposals."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .apply import Applied, Checked, apply, read_proposal
from .gazetteer import load_gazetteer
from .errors import LinkInputError
from .proposal import propose, slug_for, write
from .record import load
from .review import write_review

#: the files ``link DIR`` proposes for
LINKABLE_SUFFIXES = (".txt", ".md", ".yaml", ".yml", ".json")


def evaluation_file(data_dir: Path, slug: str) -> Path:
    """Where an evaluation with this slug is written."""
    return data_dir / "evaluations" / f"{slug}.ttl"


def proposal_for(path: Path, data_dir: Path = paths.DATA_DIR, accept_findings: bool = False) -> dict:
    """Read a record or text and propose what it links to."""
    loaded = load(path)
    proposal = propose(loaded, load_gazetteer(data_dir, evaluation_file(data_dir, slug_for(loaded))))
    if accept_findings:
        for finding in proposal["findings"]:
            finding["accept"] = True
    return proposal


def default_proposal_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".proposal.yaml")


def default_review_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".review.html")


def propose_to_file(path: Path, proposal_path: Path | None = None, data_dir: Path = paths.DATA_DIR,
                    review: bool = False, accept_findings: bool = False) -> tuple[dict, Path]:
    proposal = proposal_for(path, data_dir, accept_findings)
    target = proposal_path or default_proposal_path(path)
    write(proposal, target)
    if review:
        write_review(proposal, Path(path).read_text(encoding="utf-8"), default_review_path(path))
    return proposal, target


def folder_files(folder: Path) -> list[Path]:
    """The evaluations in a folder, not the proposals and review pages the linker wrote there."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in LINKABLE_SUFFIXES
                  and not p.name.endswith(".proposal.yaml"))


def propose_folder(folder: Path, data_dir: Path = paths.DATA_DIR, review: bool = False,
                   accept_findings: bool = False) -> list[dict]:
    """A proposal (and review page) beside every evaluation in ``folder``; one row per file, a
    file's problem reported in its row rather than stopping the others."""
    rows = []
    for path in folder_files(folder):
        try:
            proposal, written = propose_to_file(path, None, data_dir, review, accept_findings)
        except LinkInputError as error:
            rows.append({"file": path.name, "project": "-", "links": 0, "new": 0, "findings": 0,
                         "problems": (f"line {error.line}: " if error.line else "") + error.reason})
            continue
        links = sum(1 for ls in proposal["links"].values() for l in ls if l["accept"])
        already, attach = proposal.get("already_in_graph"), proposal.get("attach_to")
        project = (f"already in the graph: {already['node']}" if already else
                   f"attach to {attach['node']}" if attach else f"new: {proposal['slug']}")
        rows.append({"file": path.name, "project": project, "links": links,
                     "new": sum(1 for n in proposal["new"] if n["accept"]),
                     "findings": len(proposal["findings"]), "problems": "; ".join(proposal.get("warnings") or [])})
    return rows


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
