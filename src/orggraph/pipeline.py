"""Every stage, end to end: articles → facts → RDF store → SHACL → files.

The same functions serve the ``orggraph`` command and a notebook::

    from orggraph.pipeline import run
    result = run(["data/articles"], "out")
    result.validation.conforms, result.report.problems

Exit codes of a run (see README): 0 all inputs processed; 3 finished, but some inputs were
skipped (listed in run.json); 1 failed (or, with ``strict``, anything was skipped).

Before anything is written, :func:`orggraph.outputs.check_output_dir` refuses an output folder
that would destroy an input or be read as one (:class:`~orggraph.outputs.OutputRefused`), and a
run that read no article while inputs failed (a typo in a name) raises :class:`NothingRead`
and leaves the outputs of the previous run as they were. The outputs are staged and renamed
into place together (:mod:`orggraph.outset`): the folder holds one run's set or the previous
one, and a second run into it while one is going is refused.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from orggraph import store as st
from orggraph import tenure
from orggraph.atomic import atomic_write, ensure_output_dir
from orggraph.export import network_bytes
from orggraph.extract.parallel import extract_parallel
from orggraph.extract.pipeline import extract_all
from orggraph.facts import Facts, write_jsonl
from orggraph.hierarchy import corpus_hierarchy
from orggraph.identity import Decision, Resolution, resolve
from orggraph.ingest import iter_articles
from orggraph.networks import reporting_graph
from orggraph.outputs import check_output_dir
from orggraph.outset import output_set
from orggraph.previous import read_previous
from orggraph.rdf.concepts import concept_quads
from orggraph.rdf.identity import IDENTITY_GRAPH, identity_quads
from orggraph.rdf.mapping import facts_to_quads
from orggraph.rdf.namespaces import OG
from orggraph.rdf.provenance import run_iri, run_quads, software_version
from orggraph.report import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED, RunReport, exit_code
from orggraph.tables import TABLES, write_tables
from orggraph.validate import ValidationReport, report_quads
from orggraph.validate_parts import validate_parts
from orggraph.view import write_view
from orggraph.viz import overview

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_SKIPPED", "OUTPUTS", "NothingRead", "RunResult",
           "build_store", "exit_code", "extract_all", "run"]
# renamed into place in this order: run.json, the manifest, last (orggraph.outset)
OUTPUTS = ("facts.jsonl", "graph.ttl", "graph.trig", "validation.txt", "reporting-lines.svg",
           "view.html", "conflicts.csv", "reporting.graphml",
           *(f"tables/{t}.csv" for t in TABLES), "run.json")


class NothingRead(RuntimeError):
    """No article could be read and some inputs failed: nothing was written, so the outputs of
    an earlier run stay whole. ``report`` says what happened to each input."""

    def __init__(self, message: str, report: RunReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class RunResult:
    report: RunReport
    facts: list[Facts]
    store: ox.Store
    validation: ValidationReport
    exit_code: int


def resolve_persons(facts: Iterable[Facts], decisions: Iterable[Decision] = (),
                    report: RunReport | None = None) -> Resolution:
    """Who is who across the corpus (:mod:`orggraph.identity`) with the project's gazetteer
    and vocabulary; the figures and the curated mentions the corpus lacks go to ``report``."""
    from orggraph.gazetteer import default_gazetteer
    from orggraph.vocab import load_vocabulary

    resolution = resolve(facts, decisions, gazetteer=default_gazetteer(),
                         vocabulary=load_vocabulary())
    if report is not None:
        report.counts["person_nodes"] = len(resolution.persons)
        report.counts["identity_merges"] = len(resolution.merges)
        report.counts["identity_near_misses"] = len(resolution.near_misses)
        report.identities = {"merged_mentions": sum(len(p.mentions) for p in resolution.merges),
                             "unmatched_curated": list(resolution.unmatched)}
        for where in resolution.unmatched:
            if report.messages is not None:
                print(f"{where}: curated mention not in the corpus; decision ignored for it",
                      file=report.messages)
    return resolution


def build_store(pairs: Iterable[tuple[Facts, str | None]], store: ox.Store | None = None,
                report: RunReport | None = None, *, run: ox.NamedNode | None = None,
                decisions: Iterable[Decision] = ()) -> ox.Store:
    """Map facts (with their article text, when known) to quads and load them; ``run`` is
    the extraction run the records are ``prov:wasGeneratedBy`` (none when not given).

    Persons are resolved over all the records first (``decisions``: curated ones), so that a
    person mentioned by several articles is one node; the resolution records go into
    ``ogd:graph/identity``, the reporting lines into ``ogd:graph/hierarchy``, the tenures and
    their conflicts into ``ogd:graph/tenure``, the vocabularies' concepts (titles, kinds,
    roles, with their Vietnamese and English labels) into ``ogd:graph/vocab``."""
    return _build(pairs, store, report, run=run, decisions=decisions)[0]


def _build(pairs: Iterable[tuple[Facts, str | None]], store: ox.Store | None = None,
           report: RunReport | None = None, *, run: ox.NamedNode | None = None,
           decisions: Iterable[Decision] = ()) -> tuple[ox.Store, tenure.Result]:
    """:func:`build_store`, and the tenure pass's result (for ``conflicts.csv``)."""
    store = store if store is not None else st.open_store()
    quads: list[ox.Quad] = []
    seen: dict[str, str] = {}
    kept: list[tuple[Facts, str | None]] = []
    built: list[Facts] = []
    for facts, text in pairs:
        where = facts.where or facts.id
        if facts.id in seen:  # one named graph per article: a second record would merge in
            if report is None:
                raise ValueError(f"{where}: article id {facts.id!r} already built")
            report.add(where, "duplicate", article=facts.id,
                       reason=f"article id {facts.id!r} already built from {seen[facts.id]}; "
                              "record left out")
            continue
        seen[facts.id] = where
        kept.append((facts, text))
    resolution = resolve_persons((f for f, _ in kept), decisions, report)
    for facts, text in kept:
        where = facts.where or facts.id
        try:
            quads.extend(facts_to_quads(facts, text, run=run,
                                        persons=resolution.keys_for(facts.id)))
            built.append(facts)
        except Exception as exc:  # one article's facts must not end the run
            if report is None:
                raise
            report.add(where, "error", article=facts.id,
                       reason=f"mapping to RDF failed ({type(exc).__name__}: {exc}); "
                              "article left out of the graph")
            continue
        if report is not None:
            report.counts["graphs"] += 1
    # The corpus-level graphs, after every article's, which no single report can give: who is
    # whom across reports (orggraph.identity) and the reporting lines of all bodies
    # (orggraph.hierarchy).
    quads.extend(identity_quads(resolution, run=run))
    hierarchy, warnings = corpus_hierarchy(built, run=run)
    quads.extend(hierarchy)
    # the titles and kinds the data points to, with their English labels (ogd:graph/vocab)
    quads.extend(concept_quads())
    st.load_quads(store, quads)
    # Tenures read the article graphs as loaded (persons resolved, changes tied to
    # memberships), so they come after them. A store built before holds an older tenure
    # graph: it is replaced, as the corpus it summarised has changed.
    if store.contains_named_graph(tenure.GRAPH):
        store.remove_graph(tenure.GRAPH)
    tenures = tenure.corpus_tenures(store, run=run)
    st.load_quads(store, tenures.quads)
    if report is not None:
        report.counts["tenures"] = len(tenures.tenures)
        report.counts["tenures_with_interval"] = sum(
            1 for t in tenures.tenures if t.start or t.end)
        report.counts["tenures_with_reported_start"] = sum(
            1 for t in tenures.tenures if t.start and t.start.reported)
        report.counts["tenures_with_reported_end"] = sum(
            1 for t in tenures.tenures if t.end and t.end.reported)
        report.counts["tenure_conflicts"] = len(tenures.conflicts)
        report.warnings.extend(warnings)
        report.counts["hierarchy_links"] = sum(
            1 for q in hierarchy if q.predicate == OG("child"))
        report.counts["quads"] = len(store)
    return store, tenures


def run(inputs: Iterable[str | Path], out_dir: str | Path, *, strict: bool = False,
        report: RunReport | None = None, progress: bool = False,
        timestamps: bool = False, decisions: Iterable[Decision] = (),
        workers: int | None = None, append: bool = False) -> RunResult:
    """Run every stage over ``inputs`` and write the outputs listed in ``OUTPUTS`` into
    ``out_dir`` as one set: all of them, or (on an error, a signal) none, the previous set
    left as it was (:mod:`orggraph.outset`). Raises :class:`~orggraph.outset.OutputBusy`
    when another run is writing ``out_dir``.

    The run is a ``prov:Activity`` in the graph (see :mod:`orggraph.rdf.provenance`). Its
    wall-clock start and end go to ``run.json``, and into the graph only with
    ``timestamps``: the same input must give byte-identical graph.ttl / graph.trig, and a
    clock reading would make every export differ. ``workers``: extraction processes
    (default: the cores; :mod:`orggraph.extract.parallel`), the outputs the same for any.
    ``append``: add ``inputs`` to the set already in ``out_dir`` (:mod:`orggraph.previous`):
    only they are read and extracted, and the outputs are those of one run over the
    previous set's articles and then ``inputs``.
    """
    report = report if report is not None else RunReport()
    inputs = list(inputs)
    check_output_dir(out_dir, inputs, OUTPUTS)
    out = ensure_output_dir(out_dir)
    with output_set(out, OUTPUTS) as stage:  # locked: a second run into ``out`` is refused
        previous = read_previous(out) if append else []
        result = _run_into(inputs, stage.path, out, report, strict=strict, progress=progress,
                           timestamps=timestamps, decisions=decisions, workers=workers,
                           previous=previous)
        report.outputs = stage.manifest()
        with atomic_write(stage.path / "run.json") as fh:
            fh.write(report.to_json() + "\n")
        stage.publish()
    return result


def _run_into(inputs: list[str | Path], stage: Path, out: Path, report: RunReport, *,
              strict: bool, progress: bool, timestamps: bool,
              decisions: Iterable[Decision] = (), workers: int | None = None,
              previous: Sequence[tuple[Facts, str | None]] = ()) -> RunResult:
    """Every stage, writing every output but ``run.json`` into the folder ``stage``;
    ``previous`` (facts, text) pairs go before the articles read, unextracted."""
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    version = software_version()
    with report.timed("read+extract"):
        articles = iter_articles(inputs, report, stdin=sys.stdin)
        if progress:
            from tqdm import tqdm

            articles = iter(tqdm(articles, desc="articles", unit=" art", file=sys.stderr))
        pairs = list(extract_parallel(articles, report, workers))
    if not pairs and report.problems:
        raise NothingRead(f"no article could be read ({report.problems} inputs skipped or "
                          f"failed); nothing written, {out} left as it was", report)
    built = [*previous, *((f, a.text) for a, f in pairs)]
    facts = [f for f, _ in built]
    if previous:
        report.counts["previous_articles"] = len(previous)
    for _, f in pairs:
        report.counts["persons"] += len(f.persons)
        report.counts["holdings"] += len(f.holdings)
        report.counts["events"] += len(f.events)
        report.counts["changes"] += len(f.changes)
    with report.timed("write facts"):
        write_jsonl(facts, stage / "facts.jsonl")
    with report.timed("build graph"):
        activity = run_iri(version, (f.id for f in facts))
        store, tenures = _build(built, report=report, run=activity, decisions=decisions)
        tenure.write_conflicts_csv(tenures.conflicts, tenures.labels, stage / "conflicts.csv")
        # the run covers reading, extraction and mapping; validation and export follow it
        ended_at = dt.datetime.now(dt.UTC)
        st.load_quads(store, run_quads(
            activity, [g for g in st.article_graphs(store) if g != IDENTITY_GRAPH],
            version=version,
            started=started_at if timestamps else None, ended=ended_at if timestamps else None))
    report.run = {"iri": activity.value, "software": "orggraph", "version": version,
                  "started": started_at.isoformat(), "ended": ended_at.isoformat(),
                  "times_in_graph": timestamps}
    with report.timed("validate"):
        # in parts, on ``workers`` processes: the report of pyshacl on the whole graph
        # (tests/test_validate_parts.py), without its rdflib copy of the whole graph
        validation = validate_parts(store, workers=workers)
        with atomic_write(stage / "validation.txt") as fh:
            fh.write(validation.text().rstrip("\n") + "\n")
        # facts that break a rule are kept and flagged: the SHACL results go into the graph
        st.load_quads(store, report_quads(validation))
    severities = validation.counts()
    report.counts["shacl_violations"] = severities.get("Violation", 0)
    report.counts["shacl_warnings"] = severities.get("Warning", 0)
    with report.timed("export"):
        st.export_turtle(store, stage / "graph.ttl")
        st.export_trig(store, stage / "graph.trig")
    with report.timed("reporting lines"):
        graph = reporting_graph(store)
        _, notes = overview(store, stage / "reporting-lines.svg")
        report.warnings.extend(notes)
        with atomic_write(stage / "reporting.graphml", "wb") as fh:
            fh.write(network_bytes(graph, "graphml"))
    with report.timed("tables"):
        write_tables(store, stage / "tables", graph)
    with report.timed("view"):
        write_view(store, stage / "view.html")
    report.counts["organizations"] = graph.number_of_nodes()
    report.timings["total"] = round(time.perf_counter() - started, 4)
    return RunResult(report, facts, store, validation, exit_code(report, strict))
