"""orggraph: knowledge graphs of Vietnamese Party and state organisations from news reports.

``orggraph.open(path)`` opens a graph for notebooks (:mod:`orggraph.api`); it is imported on
first use, so ``import orggraph`` stays quick (no pyoxigraph, rdflib or pandas loaded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Graph", "open"]

if TYPE_CHECKING:
    from orggraph.api import Graph
    from orggraph.api import open_graph as open


def __getattr__(name: str) -> Any:
    # PEP 562: the API module is loaded when first asked for, not by `import orggraph`.
    if name == "open":
        from orggraph.api import open_graph

        return open_graph
    if name == "Graph":
        from orggraph.api import Graph

        return Graph
    raise AttributeError(f"module 'orggraph' has no attribute {name!r}")
