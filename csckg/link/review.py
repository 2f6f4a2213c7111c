"""The review page: the evaluation's text with every proposed link, new name and candidate finding
highlighted where it was found, and a numbered list saying what each is (kind, role, score,
accepted or not, and why), so that an analyst can check the proposal against the words before
editing it. One self-contained HTML file: no script, no fonts or styles from the network.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..files import write_text_atomically

_STYLE = """
body { font: 16px/1.6 Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.text { white-space: pre-wrap; border: 1px solid #ccc; padding: 1rem; background: #fdfdfb; }
.finding { background: #fff4c2; border-bottom: 2px solid #d9a400; }
mark { padding: 0 .1em; border-radius: .2em; }
mark.accepted { background: #c9f0c9; outline: 1px solid #2e8b2e; }
mark.rejected { background: #f6d5d5; outline: 1px dashed #b22; }
mark.value { background: #cfe3ff; outline: 1px solid #2a5db0; }
sup { font: bold 11px sans-serif; color: #555; }
table { border-collapse: collapse; width: 100%; font: 14px/1.4 sans-serif; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.key span { margin-right: 1rem; }
.note { font: 14px sans-serif; color: #444; }
"""


def _items(proposal: dict) -> list[dict]:
    """Everything the proposal found in the text, each with its span and what to say about it."""
    items = []
    for field, links in proposal["links"].items():
        for link in links:
            items.append({"span": link["span"], "css": "accepted" if link["accept"] else "rejected",
                          "what": f"link to {link['node']} ({link['label']})", "kind": link["kind"], "field": field,
                          "role": link.get("role", ""), "score": f"{link['score']:.2f}",
                          "accept": link["accept"], "reason": link.get("reason") or link.get("how", "")})
    for node in proposal["new"]:
        items.append({"span": node["span"], "css": "accepted" if node["accept"] else "rejected",
                      "what": f"NEW {node['new_node']} ('{node['label']}')", "kind": node["kind"],
                      "field": node["field"], "role": node.get("role", ""), "score": "-", "accept": node["accept"],
                      "reason": node.get("reason", "")})
    for sample in (proposal.get("evaluation") or {}).get("samples") or []:
        if isinstance(sample.get("span"), list):
            items.append({"span": sample["span"], "css": "value", "what": f"sample of {sample['size']}",
                          "kind": "sample", "field": "evaluation.samples", "role": sample["counts"], "score": "-",
                          "accept": True, "reason": "written as the evaluation's sample when applied"})
    for comparison in (proposal.get("evaluation") or {}).get("comparisons") or []:
        design = f", design {comparison['design']}" if comparison.get("design") else ""
        items.append({"span": comparison["span"], "css": "accepted" if comparison["accept"] else "rejected",
                      "what": f"study comparison {comparison['comparison']}{design}", "kind": "comparison",
                      "field": "evaluation.comparisons", "role": "how the evaluation compared", "score": "-",
                      "accept": comparison["accept"], "reason": comparison.get("reason", "")})
    for i, finding in enumerate(proposal["findings"]):
        if "span" not in finding:
            continue
        details = ", ".join(str(finding.get(k)) for k in ("outcome_domain", "direction", "comparison", "test")
                            if finding.get(k))
        if finding.get("comparison_because"):
            details += f" (comparison: {finding['comparison_because']})"
        if finding.get("hedge"):
            details += f", hedge '{finding['hedge']}'"
        items.append({"span": finding["span"], "css": "finding", "what": f"candidate finding {i + 1}",
                      "kind": "finding", "field": "findings", "role": details, "score": "-",
                      "accept": finding["accept"], "reason": "write its description in your own words to accept it"})
        for value in finding.get("values", []):
            items.append({"span": value["span"], "css": "value", "what": f"value {value['number']} ({value['unit']})",
                          "kind": "value", "field": f"finding {i + 1}", "role": value["role"], "score": "-",
                          "accept": finding["accept"], "reason": value.get("qualifier", "")})
    return [item for item in items if item["span"][0] >= 0]


def _marked(text: str, items: list[dict]) -> str:
    """The text with each item wrapped in place; an item that would cross another's edge is cut to fit."""
    ordered = sorted(enumerate(items), key=lambda p: (p[1]["span"][0], -p[1]["span"][1]))
    out, stack, position = [], [], 0
    for number, item in ordered:
        start, end = item["span"]
        while stack and stack[-1] <= start:
            out.append(html.escape(text[position:stack[-1]]))
            position = stack.pop()
            out.append("</mark>")
        end = min(end, stack[-1]) if stack else end
        if start < position or end <= start:
            continue
        out.append(html.escape(text[position:start]))
        title = html.escape(f"{item['what']}: {item['role']} {item['reason']}".strip(), quote=True)
        out.append(f'<mark class="{item["css"]}" title="{title}"><sup>{number + 1}</sup>')
        position = start
        stack.append(end)
    while stack:
        out.append(html.escape(text[position:stack[-1]]))
        position = stack.pop()
        out.append("</mark>")
    out.append(html.escape(text[position:]))
    return "".join(out)


def render_review(proposal: dict, text: str) -> str:
    """The review page for a proposal made from ``text``."""
    items = _items(proposal)
    rows = "".join(
        f"<tr><td>{i + 1}</td><td>{html.escape(item['what'])}</td><td>{html.escape(item['kind'])}</td>"
        f"<td>{html.escape(item['field'])}</td><td>{html.escape(str(item['role']))}</td><td>{item['score']}</td>"
        f"<td>{'yes' if item['accept'] else 'no'}</td><td>{html.escape(str(item['reason']))}</td></tr>"
        for i, item in enumerate(items))
    attach = proposal.get("attach_to")
    already = proposal.get("already_in_graph")
    notes = []
    if already:
        notes.append(f"Already in the graph: {already['node']} ({already['reason']}). Applying will refuse.")
    elif attach:
        notes.append(f"Attached to the existing project {attach['node']} ({attach['label']}): {attach['reason']}.")
    else:
        notes.append(f"A new {proposal['kind']}: {proposal['title']}.")
    notes += proposal.get("warnings") or []
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Review: {html.escape(proposal['title'])}</title>
<style>{_STYLE}</style></head><body>
<h1>Review: {html.escape(proposal['title'])}</h1>
<p class="note">{'<br>'.join(html.escape(n) for n in notes)}</p>
<p class="key note"><span><mark class="accepted">accepted link</mark></span><span><mark class="rejected">proposed, not
accepted</mark></span><span><mark class="finding">candidate finding</mark></span><span><mark class="value">value</mark></span>
Hover over a highlight for its reason; the numbers refer to the table.</p>
<div class="text">{_marked(text, items)}</div>
<h2>What was proposed</h2>
<table><tr><th>#</th><th>what</th><th>kind</th><th>field</th><th>role</th><th>score</th><th>accept</th><th>reason</th></tr>
{rows}</table>
<p class="note">Edit {html.escape(Path(proposal['input']).name)}.proposal.yaml to accept or reject these, then apply it.</p>
</body></html>
"""


def write_review(proposal: dict, text: str, path: Path) -> Path:
    write_text_atomically(path, render_review(proposal, text))
    return path
