"""The articles of a previous run's output set, for ``orggraph run --append``.

A run's set holds all that is needed to build its graph again without reading or extracting
its articles: the facts (``facts.jsonl``, in the order they were read) and each article's text
(``schema:text`` of its node in ``graph.trig``, which evidence quotes are cut from). Appending
articles is then: extract only the new ones, and build the corpus graph from the old facts
and the new. The corpus-level passes (persons across reports, reporting lines, tenures) see
the whole corpus, so the result is byte for byte the graph of one run over the old inputs and
the new, and it differs from the previous graph only where the new reports touch it.

>>> import tempfile
>>> from pathlib import Path
>>> read_previous(Path(tempfile.mkdtemp()))
Traceback (most recent call last):
...
orggraph.previous.NoPreviousSet: ... holds no previous run to append to (no facts.jsonl)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from orggraph.facts import Facts, read_facts
from orggraph.rdf.iris import article_iri
from orggraph.rdf.namespaces import SCHEMA

FACTS, GRAPH = "facts.jsonl", "graph.trig"


class NoPreviousSet(ValueError):
    """The folder holds no complete output set of an earlier run."""


def read_previous(out: Path) -> list[tuple[Facts, str | None]]:
    """(facts, text) of every article of the set in ``out``, in the set's order.

    Raises :class:`NoPreviousSet` when ``out`` has no ``facts.jsonl`` or ``graph.trig``, and
    :class:`orggraph.facts.FactsFormatError` (naming file and line) for a damaged record: an
    appended graph that silently lost old articles would be worse than no graph.
    """
    facts_path, graph_path = out / FACTS, out / GRAPH
    for path in (facts_path, graph_path):
        if not path.is_file():
            raise NoPreviousSet(f"{out} holds no previous run to append to (no {path.name})")
    facts = list(read_facts(facts_path))
    texts = article_texts(graph_path)
    return [(f, texts.get(article_iri(f.id).value)) for f in facts]


def article_texts(graph: Path) -> dict[str, str]:
    """Article IRI → its text (``schema:text``) in a TriG file, read as a stream: only the
    texts are kept, not the graph."""
    text = SCHEMA("text")
    found: dict[str, str] = {}
    for quad in ox.parse(path=str(graph), format=ox.RdfFormat.TRIG):
        if quad.predicate == text and isinstance(quad.subject, ox.NamedNode) and isinstance(
                quad.object, ox.Literal):
            found.setdefault(quad.subject.value, quad.object.value)
    return found
