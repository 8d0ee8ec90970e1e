"""Where the project's knowledge files live: ``ontology/`` and ``queries/``.

They sit at the repository root, next to ``src/``, and are found there from a checkout (the
editable install). A built package carries copies inside it (``orggraph/ontology``,
``orggraph/queries``), used when there is no checkout. The environment variable
``ORGGRAPH_HOME`` names another root (a checkout, or a copy of the two folders) and wins.

>>> ontology_path().name, shapes_path().name
('orggraph.ttl', 'shapes.ttl')
>>> all(p.suffix == ".ttl" for p in vocab_paths())
True
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "ORGGRAPH_HOME"


def home() -> Path:
    """The root holding ``ontology/`` and ``queries/``; FileNotFoundError if there is none.

    Read on every call (not cached) so that a changed ``ORGGRAPH_HOME`` takes effect.
    """
    env = os.environ.get(ENV_HOME)
    package = Path(__file__).resolve().parent
    checkout = package.parents[1]
    root = Path(env).expanduser() if env else (
        checkout if (checkout / "ontology").is_dir() else package)
    if not (root / "ontology").is_dir():
        where = f"{ENV_HOME}={env!r}" if env else f"the source tree at {root}"
        raise FileNotFoundError(
            f"no ontology/ folder under {where}; set {ENV_HOME} to the orggraph checkout")
    return root


def ontology_dir() -> Path:
    """The ``ontology/`` folder."""
    return home() / "ontology"


def ontology_path() -> Path:
    """The OWL ontology, ``ontology/orggraph.ttl``."""
    return ontology_dir() / "orggraph.ttl"


def grammar_path() -> Path:
    """The extractor's grammar properties, ``ontology/grammar.ttl`` (apart from the domain)."""
    return ontology_dir() / "grammar.ttl"


def shapes_path() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


def vocab_paths() -> list[Path]:
    """The SKOS vocabularies, ``ontology/vocab/*.ttl``, sorted by name."""
    return sorted((ontology_dir() / "vocab").glob("*.ttl"))


def queries_dir() -> Path:
    """The research queries, ``queries/*.rq``."""
    return home() / "queries"
