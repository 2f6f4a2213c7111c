"""``build.py link``: link a new evaluation to the graph, then apply it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..errors import CsckgError
from ..link.proposal import table
from ..link.run import (apply_file, apply_proposal_file, default_review_path, propose_folder,
                        propose_to_file)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "link",
        help="link a new evaluation (a YAML/JSON record or plain text) to the graph and apply it",
        description="Read a new evaluation, either a structured record (YAML or JSON, see "
                    "graph/templates/evaluation-template.yaml) or plain text (a registry entry or a "
                    "published summary), and propose the existing models, local authorities, "
                    "organisations, projects, designs and outcome domains it mentions, each with a "
                    "score and the exact text that matched. Names it does not recognise are proposed "
                    "as new nodes. The proposal is written to FILE.proposal.yaml for you to edit.\n\n"
                    "--apply validates the evaluation with the build's SHACL shapes and checks and "
                    "writes graph/data/evaluations/<slug>.ttl; the next build includes it. Applying "
                    "the same evaluation twice changes nothing.",
        epilog="example: python3 build.py link summary.txt --review && "
               "python3 build.py link --apply-proposal summary.txt.proposal.yaml\n"
               "         python3 build.py link new-evaluations/     (a proposal for every file, and a table)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path,
                        help="the new evaluation: .yaml, .yml, .json or text; or a folder of them")
    parser.add_argument("--proposal", type=Path, help="where to write the proposal (default: FILE.proposal.yaml)")
    parser.add_argument("--apply", action="store_true", help="apply FILE directly, accepting the proposed links")
    parser.add_argument("--apply-proposal", type=Path, metavar="PROPOSAL", nargs="+",
                        help="apply one or more proposal files (as you edited them); each is validated and "
                             "written, or refused, on its own")
    parser.add_argument("--review", action="store_true",
                        help="also write FILE.review.html: the text with every proposed link and candidate "
                             "finding highlighted in place, with its kind, role, score and reason")
    parser.add_argument("--accept-findings", action="store_true",
                        help="propose the candidate findings as accepted (you still write their descriptions)")
    parser.add_argument("--replace", action="store_true",
                        help="overwrite an evaluation of the same slug that has different content")
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR,
                        help="the folder of curated Turtle data (default: graph/data/)")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.apply_proposal:
        if args.file:
            raise CsckgError("give either FILE or --apply-proposal PROPOSAL, not both")
        return apply_proposals(args.apply_proposal, args.data, args.replace)
    if not args.file:
        raise CsckgError("give the evaluation FILE to link (or --apply-proposal PROPOSAL); see build.py link --help")
    if args.file.is_dir():
        if args.apply or args.proposal:
            raise CsckgError(f"{args.file} is a folder: --apply and --proposal take one file")
        rows = propose_folder(args.file, args.data, args.review, args.accept_findings)
        print(folder_table(rows))
        print(f"\nproposals written beside each file in {args.file}: edit them, then run\n"
              f"    python3 build.py link --apply-proposal {args.file}/*.proposal.yaml")
        return 1 if any(row["project"] == "-" for row in rows) else 0
    if args.apply:
        return report(apply_file(args.file, args.data, args.replace))
    proposal, written = propose_to_file(args.file, args.proposal, args.data, args.review, args.accept_findings)
    print(table(proposal))
    if args.review:
        print(f"\nreview page written to {default_review_path(args.file)}: open it in a browser")
    print(f"\nproposal written to {written}: edit it, then run\n"
          f"    python3 build.py link --apply-proposal {written}")
    return 0


def apply_proposals(proposals: list[Path], data_dir: Path, replace: bool) -> int:
    """Apply each proposal on its own: one refused leaves the others applied, and says why."""
    failed = 0
    for path in proposals:
        try:
            report(apply_proposal_file(path, data_dir, replace))
        except CsckgError as error:
            if len(proposals) == 1:
                raise
            failed += 1
            print(f"refused: {error}", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(proposals)} proposals refused; the others were applied", file=sys.stderr)
    return 1 if failed else 0


def folder_table(rows: list[dict]) -> str:
    header = ("file", "project", "links", "new", "findings", "problems")
    cells = [header] + [tuple(str(row[k]) for k in header) for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    widths[1] = min(widths[1], 60)
    lines = ["  ".join(c[:w].ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(applied) -> int:
    if applied.status == "already applied":
        print(f"already applied: {applied.path} holds exactly this evaluation; nothing was written")
    else:
        print(f"{applied.status}: {applied.path}\nrun 'python3 build.py' to include it in out/ and the map")
    return 0
