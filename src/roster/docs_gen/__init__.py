"""Documentation generated from the declarations, so the docs cannot drift from the code.

``python -m roster.docs_gen`` rewrites ``docs/coverage.md``; ``--check`` only reports whether it is
stale (CI runs the same comparison as a test).
"""
