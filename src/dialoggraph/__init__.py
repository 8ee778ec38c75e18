"""dialoggraph: turn a documentation into a validated, browsable, queryable knowledge graph.

The pipeline runs one way: files → graph (load) → anchored graph (anchor) → validated graph
(validate) → dumps and pages (export, render) → a server or an external store (serve, publish).
"""

__version__ = "0.1.0"
