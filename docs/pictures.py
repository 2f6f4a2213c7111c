#!/usr/bin/env python3
"""Take the README's pictures of the pages, from the current build, in headless Chromium.

    .venv/bin/python docs/pictures.py [--built out/] [--only map,map-search,map-focus,gaps,link-review,guide,guide-model,workbench]

Builds first when out/ is missing or stale. Each picture is a page opened offline at
1280x720, the steps it lists run, and a screenshot written to docs/NAME.png:

    map        out/map.html as it opens (the whole graph, folded, at "Fit to screen")
    map-search the same after typing "FGC" in the search box and pressing Enter
    map-focus  `map --focus 'Leeds Family Valued' --depth 2`, the README's example
    gaps       out/gaps.html filtered to randomised trials and comparison groups, with the cell
               Systemic practice x Practice quality open in the side panel
    link-review `link herts-summary.txt --review`, the README's example (the Hertfordshire
               summary of tests/fixtures/evaluations/)
    guide      out/guide/index.html with "FGC" typed in its search box
    guide-model the guide's page of Family Group Conferencing at its evidence by outcome domain
    workbench  the query workbench (`serve`, on a free loopback port) answering cost-savings from
               its permalink, with the chart and the table

A picture that needs the page put in some state first (a node selected, a gap-map cell
open) says so in its steps: JavaScript run in the page, then a pause for it to draw.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from csckg import paths  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}


@dataclass
class Picture:
    name: str                   # docs/NAME.png
    page: str                   # which page: "map", "map-focus" or "gaps"
    steps: list[str] = field(default_factory=list)  # JavaScript run in the page before the screenshot
    settles: bool = True        # whether to wait for the map's layout (body[data-settled])
    ready: str | None = None    # or a CSS selector to wait for


PICTURES = [
    Picture("map", "map"),
    Picture("map-search", "map", steps=[
        "const box = document.getElementById('search'); box.value = 'FGC';"
        "box.dispatchEvent(new Event('input')); box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}))"]),
    Picture("map-focus", "map-focus"),
    Picture("gaps", "gaps", settles=False, steps=[
        "for (const kind of ['randomised-trial', 'comparison-group']) document.querySelector("
        "`details[data-filter=comparison] input[value='https://w3id.org/csckg/comparison/${kind}']`).click()",
        "document.querySelector(\"td.cell[data-model$='/systemic-practice'][data-domain$='/practice-quality']\").click()"]),
    Picture("link-review", "link-review", settles=False),
    Picture("guide", "guide", settles=False, steps=[
        "const box = document.getElementById('guide-search'); box.value = 'FGC'; box.dispatchEvent(new Event('input'))"]),
    Picture("guide-model", "guide-model", settles=False, steps=[
        "window.scrollTo(0, document.getElementById('model-used-by').offsetTop - 8)"]),
    Picture("workbench", "workbench", settles=False, ready="#result-table",
            steps=["document.getElementById('status').scrollIntoView()"]),
]


@contextmanager
def workbench(built: Path) -> Iterator[str]:
    """The server on a free loopback port, serving the build; yields the permalink pictured."""
    import threading

    from csckg.build.out import ensure_built
    from csckg.query.worker import Source
    from csckg.serve import Endpoint, make_server

    endpoint = Endpoint(Source("file", "the build", path=ensure_built(built) / "inferred.nt"), workers=1,
                        log=lambda line: None)
    server = make_server(endpoint, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/?run=cost-savings"
    finally:
        server.shutdown()
        server.server_close()
        endpoint.close()


def pages(built: Path, scratch: Path) -> dict[str, Path]:
    """The pages the pictures are taken of, written afresh from the built graph (out/map.html
    and out/gaps.html may be older than the code that draws them)."""
    from visualise.gaps import write_gaps
    from csckg.build.out import ensure_built
    from csckg.store.open import StoreChoice, open_graphs
    from visualise.network_map import write_map
    from visualise.select import neighbourhood
    from visualise.view import build_view

    built = ensure_built(built)
    asserted, reasoned = open_graphs(StoreChoice(built=built))
    view = build_view(asserted, reasoned)
    focus = neighbourhood(view, "Leeds Family Valued", 2)
    from csckg.link import run

    summary = scratch / "herts-summary.txt"
    summary.write_text((DOCS.parent / "tests" / "fixtures" / "evaluations" /
                        "hertfordshire-family-safeguarding-summary.txt").read_text(encoding="utf-8"), encoding="utf-8")
    run.propose_to_file(summary, scratch / "herts-summary.txt.proposal.yaml", review=True)
    return {
        "link-review": run.default_review_path(summary),
        "map": write_map(view, scratch / "map.html"),
        "map-focus": write_map(focus, scratch / "map-focus.html", title="Children's social care innovation: "
                               "network map (around Leeds Family Valued, depth 2)"),
        "gaps": write_gaps(reasoned, scratch / "gaps.html"),
        "guide": built / "guide" / "index.html",
        "guide-model": built / "guide" / "model" / "family-group-conferencing.html",
    }


def take(pictures: list[Picture], where: dict[str, Path | str], into: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from csckg.cli.chromium import SERVER_FLAGS, ensure_chromium

    executable = ensure_chromium()
    if not executable:
        raise SystemExit("Chromium is needed to take the pictures (apt-get install chromium)")
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=SERVER_FLAGS)
        for picture in pictures:
            context = browser.new_context(viewport=VIEWPORT)
            address = where[picture.page]
            own = address.split("/?")[0] if isinstance(address, str) else "file:"
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(own)
                          else route.abort())
            page = context.new_page()
            page.goto(address if isinstance(address, str) else address.resolve().as_uri())
            if picture.settles:
                page.wait_for_selector("body[data-settled=true]", state="attached", timeout=60_000)
            if picture.ready:
                page.wait_for_selector(picture.ready, timeout=60_000)
            for step in picture.steps:
                page.evaluate(step)
            page.mouse.move(0, VIEWPORT["height"] - 1)  # no tooltip over the picture
            page.wait_for_timeout(300)
            path = into / f"{picture.name}.png"
            page.screenshot(path=str(path))
            written.append(path)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--built", type=Path, default=paths.OUT_DIR, help="the built out/ folder (default: out/)")
    parser.add_argument("--only", help="comma-separated picture names (default: all)")
    args = parser.parse_args()
    chosen = [p for p in PICTURES if not args.only or p.name in args.only.split(",")]
    with tempfile.TemporaryDirectory() as scratch, workbench(args.built) as permalink:
        where = {**pages(args.built, Path(scratch)), "workbench": permalink}
        for path in take(chosen, where, DOCS):
            print(f"wrote {path.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
