"""Reason: the OWL 2 RL closure of the asserted triples, keeping only the inferences worth showing.

    closure             reason(): pick an engine, compute the closure, keep what is worth keeping
    compiled            the compiled engine: the ontology's axioms as look-up tables (the fast one)
    reasonable_engine   the adapter that completes the ``reasonable`` (Rust) engine
    derive              what only rules may state (each finding's evidence level), run on the closure
    cache               an unchanged input's closure, reused instead of reasoning again
"""
