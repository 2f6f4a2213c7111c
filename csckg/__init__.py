"""The Children's Social Care Knowledge Graph (csckg).

Builds, reasons over, validates, queries and draws a knowledge graph of the English
Children's Social Care Innovation Programme. The command line is ``build.py``.
This module imports only the standard library, so that ``build.py`` can bootstrap its
environment before anything else is imported.
"""

__version__ = "1.0.0"
