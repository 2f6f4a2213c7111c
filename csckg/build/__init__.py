"""Build: the stages run in order, each timed, and out/ written whole or not at all.

    pipeline   build() and check(): load, reason, validate, export (and the store), with a report
    out        the built graphs in out/ as commands read them, rebuilt first when missing or stale
"""
