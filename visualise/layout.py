"""Starting positions for the map, so that the browser's physics settles in a few steps.

Pure Python and linear in the size of the graph after community detection: each community
(networkx's Louvain, fixed seed) is a disc on a sunflower spiral, largest in the middle,
and its nodes fill the disc on a smaller spiral, best connected first. The browser then
relaxes this with a short, bounded physics run and switches physics off.
"""

from __future__ import annotations

import math

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 45.0  # pixels between neighbouring nodes on a spiral


def spiral(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` points on a sunflower spiral, evenly ``spacing`` apart, centre first."""
    return [(spacing * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
             spacing * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i in range(count)]


def communities(graph: nx.Graph, seed: int = 7) -> list[set]:
    """Louvain communities, largest first (ties by their first node), reproducible."""
    found = nx.community.louvain_communities(graph, seed=seed) if graph.number_of_edges() else \
        [{n} for n in graph]
    return sorted(found, key=lambda c: (-len(c), min(c)))


def initial_positions(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """A position for every node: communities as discs, hubs at each disc's centre."""
    groups = communities(graph, seed)
    radii = [SPACING * math.sqrt(len(group)) * 1.1 + SPACING for group in groups]
    positions: dict[str, tuple[float, float]] = {}
    placed: list[tuple[float, float, float]] = []
    centres = spiral(len(groups) * 4, max(radii) if radii else SPACING)
    slot = 0
    for group, radius in zip(groups, radii):
        while True:  # the next spiral slot whose disc overlaps no disc placed so far
            cx, cy = centres[slot] if slot < len(centres) else _far(slot, max(radii))
            slot += 1
            if all(math.hypot(cx - x, cy - y) >= radius + r for x, y, r in placed):
                break
        placed.append((cx, cy, radius))
        members = sorted(group, key=lambda n: (-graph.degree(n), n))
        for node, (x, y) in zip(members, spiral(len(members), SPACING)):
            positions[node] = (round(cx + x, 1), round(cy + y, 1))
    return positions


def _far(slot: int, step: float) -> tuple[float, float]:
    return step * slot, 0.0
