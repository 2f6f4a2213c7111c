"""The network map and the evidence gap map, drawn from the graph (see build.py map)."""
