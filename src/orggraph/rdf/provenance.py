"""The extraction run as a PROV-O activity: which software read which articles.

A run is ``ogd:run/{hash}``, an ``og:ExtractionRun`` (a ``prov:Activity``) that
``prov:used`` the articles and ``prov:wasAssociatedWith`` the orggraph release (a
``prov:SoftwareAgent`` with its version from the package metadata). The records the mapping
mints for a run (memberships, participations, evidence annotations) say
``prov:wasGeneratedBy`` it. The run is described in its own named graph, named by its IRI,
as each article's statements are in the article's graph.

Outputs stay byte-identical for the same input: the run IRI hashes the software version and
the sorted article ids, never the clock, and the start and end times are written into the
graph only when asked for (``orggraph run --timestamps``); ``run.json`` always has them.

>>> run = run_iri("0.1.0", ["b", "a"])
>>> run == run_iri("0.1.0", ["a", "b"]), run == run_iri("0.2.0", ["a", "b"])
(True, False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from importlib import metadata
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from orggraph.rdf.namespaces import OG, OGD, PROV, RDFS, SCHEMA, XSD, A

PACKAGE = "orggraph"


def software_version() -> str:
    """The installed orggraph's version (package metadata), else the source tree's."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        from orggraph import __version__

        return __version__


def run_iri(version: str, article_ids: Iterable[str]) -> NamedNode:
    """``ogd:run/{hash}`` of the software version and the set of article ids.

    The same articles read by the same release are the same run, whatever the order; a
    later run over new articles (an append) is another one and leaves the first unchanged.
    """
    joined = "\x1f".join([version, *sorted(set(article_ids))])
    return OGD("run/" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12])


def software_iri(version: str) -> NamedNode:
    """``ogd:software/orggraph/{version}``: one agent per release.

    >>> software_iri("0.1.0").value
    'https://w3id.org/orggraph/id/software/orggraph/0.1.0'
    """
    return OGD(f"software/{PACKAGE}/{quote(version, safe='-._~')}")


def _timestamp(when: dt.datetime) -> Literal:
    """An ``xsd:dateTime`` in UTC, to the second."""
    utc = when.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
    return Literal(utc.isoformat() + "Z", datatype=XSD("dateTime"))


def run_quads(run: NamedNode, articles: Iterable[NamedNode], *, version: str,
              started: dt.datetime | None = None, ended: dt.datetime | None = None
              ) -> list[Quad]:
    """The run's description, in the named graph of the run: sorted, without duplicates.

    ``started`` / ``ended`` (timezone-aware) become ``prov:startedAtTime`` /
    ``prov:endedAtTime``; leave them out for byte-identical exports.

    >>> from orggraph.rdf.iris import article_iri
    >>> run = run_iri("0.1.0", ["a1"])
    >>> quads = run_quads(run, [article_iri("a1")], version="0.1.0")
    >>> sorted({q.predicate.value.rsplit("#", 1)[-1] for q in quads if q.subject == run})
    ['type', 'used', 'wasAssociatedWith']
    """
    agent = software_iri(version)
    triples: set[tuple[NamedNode, NamedNode, NamedNode | Literal]] = {
        (run, A, OG("ExtractionRun")), (run, A, PROV("Activity")),
        (run, PROV("wasAssociatedWith"), agent),
        (agent, A, PROV("SoftwareAgent")), (agent, A, SCHEMA("SoftwareApplication")),
        (agent, SCHEMA("name"), Literal(PACKAGE)),
        (agent, SCHEMA("softwareVersion"), Literal(version)),
        (agent, RDFS("label"), Literal(f"{PACKAGE} {version}")),
    }
    triples |= {(run, PROV("used"), article) for article in articles}
    if started is not None:
        triples.add((run, PROV("startedAtTime"), _timestamp(started)))
    if ended is not None:
        triples.add((run, PROV("endedAtTime"), _timestamp(ended)))
    quads = [Quad(s, p, o, run) for s, p, o in triples]
    return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
