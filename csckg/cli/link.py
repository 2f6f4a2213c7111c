"""``build.py link``: link a new evaluation to the graph, then apply it."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from ..errors import CsckgError
from ..link.proposal import table
from ..link.run import apply_file, apply_proposal_file, propose_to_file


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
        epilog="example: python3 build.py link summary.txt && "
               "python3 build.py link --apply-proposal summary.txt.proposal.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="the new evaluation: .yaml, .yml, .json or text")
    parser.add_argument("--proposal", type=Path, help="where to write the proposal (default: FILE.proposal.yaml)")
    parser.add_argument("--apply", action="store_true", help="apply FILE directly, accepting the proposed links")
    parser.add_argument("--apply-proposal", type=Path, metavar="PROPOSAL",
                        help="apply a proposal file (as you edited it)")
    parser.add_argument("--replace", action="store_true",
                        help="overwrite an evaluation of the same slug that has different content")
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR,
                        help="the folder of curated Turtle data (default: graph/data/)")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.apply_proposal:
        if args.file:
            raise CsckgError("give either FILE or --apply-proposal PROPOSAL, not both")
        return report(apply_proposal_file(args.apply_proposal, args.data, args.replace))
    if not args.file:
        raise CsckgError("give the evaluation FILE to link (or --apply-proposal PROPOSAL); see build.py link --help")
    if args.apply:
        return report(apply_file(args.file, args.data, args.replace))
    proposal, written = propose_to_file(args.file, args.proposal, args.data)
    print(table(proposal))
    print(f"\nproposal written to {written}: edit it, then run\n"
          f"    python3 build.py link --apply-proposal {written}")
    return 0


def report(applied) -> int:
    if applied.status == "already applied":
        print(f"already applied: {applied.path} holds exactly this evaluation; nothing was written")
    else:
        print(f"{applied.status}: {applied.path}\nrun 'python3 build.py' to include it in out/ and the map")
    return 0
