"""The ``orggraph`` command: a thin layer over the Python API, one sub-command per stage."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox

from orggraph.outputs import OutputRefused, check_output_file
from orggraph.report import RunReport

_FMT = argparse.RawDescriptionHelpFormatter

EXIT_USAGE = 2  # wrong command-line usage (argparse's own code for the same thing)
EXIT_NOT_RDF = 4  # a graph file that cannot be used: missing, empty, not RDF


class UsageError(Exception):
    """Wrong command-line usage: one line on standard error, exit 2."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like Ctrl-C's KeyboardInterrupt so that every ``finally``
    runs (a staged output set is removed); a BaseException, so no ``except Exception`` that
    keeps a run going past one bad input swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _ending_signals_raise() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP raise :class:`Terminated` instead of ending
    the process on the spot (which would leave temporary files). A signal the caller
    ignores (``nohup``) stays ignored; the handlers are put back afterwards, so ``main`` can
    be called in-process. Only the main thread can set handlers: elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
            saved[sig] = signal.signal(sig, raise_terminated)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


class GraphFileError(Exception):
    """A graph file that cannot be read as RDF: one line naming it and why, exit 4."""


def _short(text: str, limit: int = 300) -> str:
    """``text`` on one line and cut to ``limit`` characters: a parser quoting a 3 MB token
    must not echo it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit:,} more)"


def _graph_store(path: str) -> ox.Store:
    """An in-memory store holding a Turtle, TriG, N-Triples or N-Quads file, or a run's
    output folder (its graph.trig, else graph.ttl): ``orggraph.api.load_graph``.

    Raises :class:`UsageError` for a name without a graph suffix and :class:`GraphFileError`
    for a file that is missing, empty, not RDF, or holds no triples: a graph with nothing in
    it would "conform" to any shapes, which says nothing.
    """
    from orggraph import api

    try:
        return api.load_graph(path)
    except api.UnknownGraphFormat as exc:
        raise UsageError(str(exc)) from None
    except api.GraphFileError as exc:
        raise GraphFileError(str(exc)) from None


def _decisions(path: str | None) -> list:
    """The curated identity decisions of ``--identities``; a bad file ends the command."""
    from orggraph.identity import CuratedError, load_decisions

    if not path:
        return []
    try:
        return load_decisions(path)
    except CuratedError as exc:
        raise SystemExit(f"--identities: {exc}") from exc


def cmd_run(args: argparse.Namespace) -> int:
    from orggraph.facts import FactsFormatError
    from orggraph.identity import IdentityError
    from orggraph.pipeline import EXIT_FAILED, NothingRead, run
    from orggraph.previous import NoPreviousSet

    report = RunReport(messages=sys.stderr)
    try:
        result = run(args.inputs, args.out, strict=args.strict, report=report,
                     progress=not args.quiet, timestamps=args.timestamps,
                     decisions=_decisions(args.identities), workers=args.workers,
                     append=args.append)
    except NothingRead as exc:
        print(f"orggraph run: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (NoPreviousSet, FactsFormatError) as exc:
        raise UsageError(f"--append: {exc}") from None
    except IdentityError as exc:
        raise SystemExit(f"--identities {args.identities}: {exc}") from exc
    counts = result.report.counts
    severities = result.validation.counts()
    warnings = f" ({severities['Warning']} warnings)" if severities.get("Warning") else ""
    shacl = ("conforms" if result.validation.conforms
             else f"{severities.get('Violation', 0)} violations") + warnings
    before = counts.get("previous_articles")
    added = f" added to {before} previous" if before else ""
    print(f"{counts['articles']} articles{added} → {counts['persons']} person mentions "
          f"({counts['person_nodes']} persons, {counts['identity_merges']} merged), "
          f"{counts['holdings']} holdings, {counts['events']} events, "
          f"{counts['quads']} quads; SHACL: {shacl}"
          f"; skipped inputs: {report.problems}"
          f"; outputs in {args.out}/", file=sys.stderr)
    return result.exit_code


def cmd_extract(args: argparse.Namespace) -> int:
    from orggraph.extract.parallel import extract_parallel
    from orggraph.facts import NothingWritten, dumps, write_jsonl
    from orggraph.ingest import iter_articles
    from orggraph.report import EXIT_FAILED, exit_code
    from orggraph.shard import ShardError, parse_shard, take_shard

    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    if args.output != "-":
        check_output_file(args.output, args.inputs)
    report = RunReport(messages=sys.stderr)
    articles = take_shard(iter_articles(args.inputs, report, stdin=sys.stdin), shard)
    records = (f for _, f in extract_parallel(articles, report, args.workers))
    if args.output == "-":
        for facts in records:
            print(dumps(facts))
        return exit_code(report, args.strict)
    try:  # nothing read while inputs failed: the file from an earlier run stays
        write_jsonl(records, args.output, unless_empty=report)
    except NothingWritten as exc:
        print(f"orggraph extract: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return exit_code(report, args.strict)


def cmd_build(args: argparse.Namespace) -> int:
    from orggraph import store as st
    from orggraph.facts import iter_facts
    from orggraph.identity import IdentityError
    from orggraph.outset import output_files
    from orggraph.pipeline import EXIT_FAILED, build_store, exit_code

    outputs = [args.output, *([args.trig] if args.trig else [])]
    if args.trig and os.path.abspath(args.trig) == os.path.abspath(args.output):
        raise UsageError(f"{args.trig}: named for both -o and --trig")
    for output in outputs:
        check_output_file(output, args.facts)
    report = RunReport(messages=sys.stderr)
    # locked before anything is read: a second build into the same files is refused at once,
    # as a second run into one --out is, and the files are renamed into place together
    with output_files(outputs) as files:
        records = [(f, None) for f in iter_facts(args.facts, report)]
        if not records and report.problems:  # a typo must not replace a good graph
            print(f"orggraph build: no facts record could be read ({report.problems} inputs "
                  f"skipped); nothing written, {' and '.join(outputs)} left as they were",
                  file=sys.stderr)
            return EXIT_FAILED
        try:
            store = build_store(records, report=report, decisions=_decisions(args.identities))
        except IdentityError as exc:
            raise SystemExit(f"--identities {args.identities}: {exc}") from exc
        st.export_turtle(store, files.staged[0])
        if args.trig:
            st.export_trig(store, files.staged[1])
        files.publish()
    print(f"{report.counts['graphs']} facts records → {report.counts['quads']} quads in "
          f"{args.output}", file=sys.stderr)
    return exit_code(report, args.strict)


def cmd_identities(args: argparse.Namespace) -> int:
    from orggraph.identity import IdentityError
    from orggraph.identity.review import format_rows, identities, review_rows
    from orggraph.report import exit_code

    report = RunReport(messages=sys.stderr)
    try:
        resolution = identities(args.inputs, _decisions(args.identities), report)
    except IdentityError as exc:
        raise SystemExit(f"--identities {args.identities}: {exc}") from exc
    print(format_rows(review_rows(resolution), args.format))
    print(f"{report.counts['person_nodes']} persons, {len(resolution.merges)} merged from "
          f"{sum(len(p.mentions) for p in resolution.merges)} mentions, "
          f"{len(resolution.near_misses)} near-misses", file=sys.stderr)
    return exit_code(report, args.strict)


def cmd_validate(args: argparse.Namespace) -> int:
    """0 the graph conforms, 1 it does not, 4 the file is not a usable graph (see README)."""
    from orggraph.validate_parts import validate_parts

    result = validate_parts(_graph_store(args.graph), workers=args.workers)
    print(result.text())
    return 0 if result.conforms else 1


def cmd_query(args: argparse.Namespace) -> int:
    from orggraph import query as q

    if args.list:
        print(q.describe_queries(q.list_queries()))
        return 0
    if args.endpoint:  # with --endpoint the one positional is the query
        if args.query or args.execute:
            raise UsageError("with --endpoint give a bundled query's name or a .rq file only "
                             "(no GRAPH, no -e)")
        if not args.graph:
            raise UsageError("QUERY is required with --endpoint")
    elif not args.graph or not (args.query or args.execute):
        raise UsageError("GRAPH and QUERY (a name, a .rq file, or -e 'SELECT …') are required "
                         "(or use --list)")
    if args.query and args.execute:
        raise UsageError("give QUERY or -e SPARQL, not both")
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        params[name.lstrip("?")] = value
    try:
        if args.endpoint:
            from orggraph.remote import run_named_remote

            result = run_named_remote(args.endpoint, args.graph, params,
                                      allow_service=args.allow_service)
        elif args.execute:
            result = q.run_inline_query(_graph_store(args.graph), args.execute, params,
                                        allow_service=args.allow_service)
        else:
            result = q.run_named_query(_graph_store(args.graph), args.query, params,
                                       allow_service=args.allow_service)
    except q.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(q.format_result(result, args.format))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve GRAPH read-only until Ctrl-C or SIGTERM (exit 0), 1 if the server fails."""
    from orggraph.server import GraphError, ServerError, serving

    try:
        with serving(args.graph, store=args.store, bind=args.bind, port=args.port) \
                as (endpoint, quads):
            print(f"{quads} quads from {args.graph}; SPARQL endpoint {endpoint.query_url} "
                  f"(query page {endpoint.url}/), read-only; Ctrl-C to stop", file=sys.stderr)
            print(endpoint.url, flush=True)
            code = endpoint.wait()
    except GraphError as exc:
        raise GraphFileError(str(exc)) from None
    except ServerError as exc:
        print(f"orggraph serve: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Terminated):  # the normal way to stop a server
        print("orggraph serve: stopped", file=sys.stderr)
        return 0
    print(f"orggraph serve: the server ended by itself (code {code})", file=sys.stderr)
    return 1


def cmd_push(args: argparse.Namespace) -> int:
    """0 every graph accepted, 1 refused or unreachable, 4 the graph cannot be loaded."""
    from orggraph.push import PushError, graph_store_url, push
    from orggraph.server import GraphError

    gsp = args.graph_store or graph_store_url(args.endpoint)
    try:
        stats = push(args.graph, gsp, retries=args.retries)
    except GraphError as exc:
        raise GraphFileError(str(exc)) from None
    except PushError as exc:
        print(f"orggraph push: {exc}", file=sys.stderr)
        return 1
    rate = stats.quads / stats.seconds if stats.seconds else 0.0
    print(f"{stats.graphs} graphs, {stats.quads} quads → {gsp} in {stats.seconds:.1f} s "
          f"({rate:,.0f} quads/s, {stats.requests} requests)", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from orggraph.evaluate import evaluate
    from orggraph.extract.pipeline import extract_all
    from orggraph.facts import iter_facts
    from orggraph.ingest import iter_articles

    report = RunReport(messages=sys.stderr)
    if args.unexplained:  # any articles will do: no gold is read
        from orggraph.unexplained import scan

        found = scan(iter_articles([args.gold_dir], report))
        print(json.dumps({"per_1000_words": round(found.per_1000_words, 3),
                          "articles": found.articles, "words": found.words,
                          "unexplained": [asdict(u) for u in found.found]},
                         ensure_ascii=False, indent=2) if args.json else found.table())
        return 0
    gold_files = sorted(Path(args.gold_dir).glob("*.yaml"))
    if not gold_files:
        raise UsageError(f"{args.gold_dir}: no gold *.yaml files")
    gold_report = RunReport(messages=sys.stderr)  # bad gold: one line each
    gold = list(iter_facts(gold_files, gold_report))
    if not gold:  # scores of nothing would read as perfect
        print(f"orggraph eval: {args.gold_dir}: no gold article could be read "
              f"({len(gold_files)} file(s), see above); nothing scored", file=sys.stderr)
        return 1
    pred = [facts for _, facts in extract_all(iter_articles(gold_files, report), report)]
    scores = evaluate(pred, gold)
    print(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) if args.json
          else scores.table(details=args.details))
    if gold_report.problems:  # scored, but not on every gold file: as run's exit 3
        print(f"orggraph eval: {args.gold_dir}: scored {len(gold)} gold article(s); "
              f"{gold_report.problems} gold record(s) or file(s) left out (see above)",
              file=sys.stderr)
        return 3
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from orggraph.viewgraph import SelectionError, select, timed_graph
    from orggraph.viz import DotMissing, dot_program, reporting_lines_svg

    check_output_file(args.output, [args.graph])
    if args.depth is not None and args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    if args.on is not None and not _iso_day(args.on):
        raise UsageError(f"--on {args.on!r}: not a date YYYY-MM-DD")
    try:
        dot_program()
        selection = select(timed_graph(_graph_store(args.graph)), root=args.root,
                           depth=args.depth, province=args.province, on=args.on)
        graph = selection.graph
        reporting_lines_svg(graph, args.output, note=selection.note)
    except (SelectionError, DotMissing) as exc:
        print(f"orggraph viz: {exc}", file=sys.stderr)
        return 1
    print(f"{graph.number_of_nodes()} organisations, {graph.number_of_edges()} reporting lines "
          f"→ {args.output}", file=sys.stderr)
    if selection.note:
        print(f"orggraph viz: {selection.note}", file=sys.stderr)
    return 0


def _iso_day(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def cmd_view(args: argparse.Namespace) -> int:
    from orggraph.view import write_view

    check_output_file(args.output, [args.graph])
    path = write_view(_graph_store(args.graph), args.output)
    print(f"interactive view → {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


def _graph_path(path: str) -> str:
    """GRAPH of ``export`` and ``analyze``: a graph file, or a run's output folder (its
    ``graph.trig``, else its ``graph.ttl``)."""
    if os.path.isdir(path):
        for name in ("graph.trig", "graph.ttl"):
            if os.path.isfile(os.path.join(path, name)):
                return os.path.join(path, name)
        raise GraphFileError(f"{path}: a folder without graph.trig or graph.ttl")
    return path


def cmd_export(args: argparse.Namespace) -> int:
    from orggraph.export import NETWORKS, export
    from orggraph.outputs import check_output_dir
    from orggraph.tables import TABLES

    graph = _graph_path(args.graph)
    if args.network and args.format not in ("graphml", "gexf"):
        raise UsageError(f"--network goes with --format graphml or gexf, not {args.format}")
    if args.format == "csv":
        check_output_dir(args.output, [graph], [f"{t}.csv" for t in TABLES])
    elif args.format in ("graphml", "gexf") and not args.network:
        check_output_dir(args.output, [graph], [f"{n}.{args.format}" for n in NETWORKS])
    else:
        check_output_file(args.output, [graph])
    files = export(_graph_store(graph), args.format, args.output, network=args.network,
                   inline_context=args.inline_context)
    print(f"{args.format}: {len(files)} file{'s' * (len(files) != 1)} → {args.output}",
          file=sys.stderr)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from orggraph.analyze import (
        ANALYSES,
        connectivity,
        held_bodies,
        reporting_graph,
        write_analyses,
    )
    from orggraph.outputs import check_output_dir

    graph = _graph_path(args.graph)
    check_output_dir(args.out, [graph], list(ANALYSES))
    store = _graph_store(graph)
    files = write_analyses(store, args.out, on=args.on)
    print(f"{', '.join(f.name for f in files)} → {args.out}", file=sys.stderr)
    print(connectivity(reporting_graph(store, on=args.on), held_bodies(store)).line(),
          file=sys.stderr)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from orggraph.explain import explain
    from orggraph.ingest import iter_articles

    report = RunReport(messages=sys.stderr)
    for article in iter_articles([args.article], report):
        color = args.color or (not args.no_color and sys.stdout.isatty())
        print(explain(article, color=color))
    return 0 if not report.problems else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orggraph", formatter_class=_FMT,
        description="Knowledge graphs of Vietnamese Party and state organisations from news.",
        epilog="example:\n  orggraph run data/articles --out out/\n"
               "  orggraph query out/graph.trig concurrent-posts --format csv")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, formatter_class=_FMT,
                           epilog=f"example:\n  {example}")
        p.set_defaults(func=func)
        return p

    p = add("run", cmd_run, "Run every stage and write facts, graph, validation, picture, report.",
            "orggraph run data/articles --out out/\n"
            "  orggraph run data/articles/s0[5-8]*.yaml --out out/ --append   # add to a set")
    p.add_argument("inputs", nargs="+", help="article files (.txt, .html, .jsonl, .yaml), "
                   "folders (walked), globs, or - for JSON Lines on standard input; fields: "
                   "docs/input-formats.md")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--strict", action="store_true", help="any skipped input fails the run")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--identities", metavar="YAML",
                   help="curated identity decisions (same / different persons) that override "
                        "the automatic resolution; format in the README")
    p.add_argument("--timestamps", action="store_true",
                   help="write the run's start and end time into the graph too (they are "
                        "always in run.json); the graph then differs from run to run")
    p.add_argument("--workers", type=int, metavar="N",
                   help="extraction and validation processes (default: the cores); outputs "
                        "are the same")
    p.add_argument("--append", action="store_true",
                   help="add INPUTS to the set already in --out: only they are read and "
                        "extracted; the outputs are those of one run over the old articles "
                        "and then INPUTS")

    p = add("extract", cmd_extract, "Extract facts (JSON Lines) from articles.",
            "orggraph extract data/articles -o facts.jsonl")
    p.add_argument("inputs", nargs="+", help="articles, as for run: files, folders, globs, "
                                             "or - for JSON Lines on standard input")
    p.add_argument("-o", "--output", default="-", help="facts JSONL file (default: stdout)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any input is skipped (default: exit 3 and go on)")
    p.add_argument("--shard", metavar="K/N",
                   help="extract only shard K of N (1 <= K <= N): the articles whose id hashes "
                        "to K, the same on every machine; N machines with the same inputs "
                        "give N facts files that 'orggraph build' merges")
    p.add_argument("--workers", type=int, metavar="N",
                   help="extraction processes (default: the cores); output is the same")

    p = add("build", cmd_build, "Build the RDF graph from facts files (JSONL or YAML).",
            "orggraph build out/facts.jsonl -o graph.ttl --trig graph.trig")
    p.add_argument("facts", nargs="+", help="facts files: JSON Lines as extract writes them, "
                                            "or YAML written by hand (facts-format)")
    p.add_argument("-o", "--output", required=True, help="Turtle file to write")
    p.add_argument("--trig", help="also write one named graph per article to this TriG file")
    p.add_argument("--identities", metavar="YAML", help="curated identity decisions (same / "
                   "different persons); format in the README")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any facts record is skipped (default: exit 3 and go on)")

    p = add("identities", cmd_identities,
            "Resolve the persons of articles: list merges (with their rules and what the "
            "mentions share) and near-misses (persons of one name kept apart, and why).",
            "orggraph identities data/articles --format csv")
    p.add_argument("inputs", nargs="+", help="articles, as for run")
    p.add_argument("--identities", metavar="YAML", help="curated identity decisions (same / "
                   "different persons) applied before the list is made; format in the README")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="a table for reading (default), CSV or JSON for tools")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any input is skipped (default: exit 3 and go on)")

    p = add("validate", cmd_validate, "Check a graph against the SHACL shapes: exit 0 if it "
            "conforms (warnings are reported and do not fail), 1 on a violation, 4 if the file "
            "is not an RDF graph (missing, empty, bad syntax).",
            "orggraph validate out/graph.trig")
    p.add_argument("graph", help="the graph file: .trig or .nq (named graphs), .ttl or .nt")
    p.add_argument("--workers", type=int, metavar="N",
                   help="validation processes (default: the cores); the report is the same")

    from orggraph.query import FORMATS

    p = add("query", cmd_query, "Run a SPARQL query (a name in queries/, a .rq file, or -e "
            "text) over a graph file or a run's output folder. Only SELECT and ASK: updates are "
            "refused. The project's prefixes (og:, ogd:, org:, foaf:, skos: …) are added to a "
            "query that uses them without declaring them.",
            "orggraph query out find-organization --param text='huyen uy'\n"
            "  orggraph query out/graph.trig reporting-line --param org=ogd:org/...\n"
            "  orggraph query out -e 'SELECT ?p ?n { ?p foaf:name ?n }' --format markdown")
    p.add_argument("graph", nargs="?", help="graph.trig, graph.ttl, .nt, .nq, or a run folder")
    p.add_argument("query", nargs="?", help="a query's name (see --list) or a .rq file")
    p.add_argument("-e", "--execute", metavar="SPARQL", help="run this SPARQL text instead")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE (an IRI if it looks like one, else a literal)")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="a table for reading (default), Markdown, CSV or JSON (SPARQL results)")
    p.add_argument("--list", action="store_true",
                   help="list the bundled queries with their parameters (name, type, default)")
    p.add_argument("--endpoint", metavar="URL",
                   help="run QUERY on this remote SPARQL endpoint instead of a GRAPH file "
                        "(orggraph query --endpoint http://127.0.0.1:7878/query career ...)")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE patterns send requests to other SPARQL endpoints (off: "
                        "a query calling a SERVICE is refused before anything is run)")

    p = add("serve", cmd_serve, "Serve a graph as a read-only SPARQL 1.1 endpoint (the Oxigraph "
            "server, pip install 'orggraph[server]') with a query page; queries see the union "
            "of the named graphs. Prints the URL; Ctrl-C or SIGTERM stops it.",
            "orggraph serve out/ --port 7878   # then open http://127.0.0.1:7878/")
    p.add_argument("graph", help="a .ttl/.trig/.nt/.nq file or an 'orggraph run' output folder")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878; 0: a free one)")
    p.add_argument("--bind", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--store", metavar="DIR",
                   help="keep the store in DIR (emptied and refilled if it holds one; default: "
                        "a temporary folder, removed at the end)")

    p = add("push", cmd_push, "Load a graph into a SPARQL 1.1 Graph Store Protocol server, one "
            "PUT per named graph (one per article): pushing again replaces, never duplicates.",
            "orggraph push out/ --endpoint http://127.0.0.1:7878/query\n"
            "  orggraph push out/graph.trig --endpoint http://h:3030/ds/query "
            "--graph-store http://h:3030/ds/data")
    p.add_argument("graph", help="a .trig/.nq (or .ttl/.nt) file or an 'orggraph run' folder")
    p.add_argument("--endpoint", required=True, help="the server's SPARQL query URL")
    p.add_argument("--graph-store", metavar="URL",
                   help="its Graph Store Protocol URL (default: the endpoint's /query or "
                        "/sparql replaced by /store, Oxigraph's layout)")
    p.add_argument("--retries", type=int, default=5,
                   help="retries of a graph after a connection error or a 5xx answer, with "
                        "backoff from 0.5 s, doubling (default 5)")

    p = add("eval", cmd_eval, "Score extraction on gold-annotated articles (YAML with gold:).",
            "orggraph eval tests/data/heldout --details\n"
            "  orggraph eval tests/data/unlabelled/corpus.jsonl --unexplained   # no gold needed")
    p.add_argument("gold_dir", help="folder of gold YAML articles (with --unexplained: any "
                                    "articles: a folder, a file, JSON Lines)")
    p.add_argument("--details", action="store_true", help="per-article rows, missing/extra")
    p.add_argument("--json", action="store_true", help="the scores (or the list) as JSON")
    p.add_argument("--unexplained", action="store_true",
                   help="list the title words that produced no holding and are neither "
                        "generic nor former, with their sentence, and their rate per 1,000 "
                        "words: a recall proxy that needs no gold")

    p = add("viz", cmd_viz, "Draw the reporting lines of a graph as SVG with Graphviz dot: "
            "a subtree (with no filter on a big graph, the top levels that fit).",
            "orggraph viz out/graph.trig -o son-la.svg --province 'Son La' --on 2024-06-01\n"
            "  orggraph viz out/graph.trig -o t.svg --root 'Tinh uy Son La' --depth 2")
    p.add_argument("graph", help="the graph file (.trig, .ttl, .nq, .nt)")
    p.add_argument("-o", "--output", default="reporting-lines.svg",
                   help="the SVG file to write (default: reporting-lines.svg)")
    p.add_argument("--root", metavar="BODY", help="draw this body and the bodies under it: "
                   "an IRI, or a name (accents and case do not matter)")
    p.add_argument("--depth", type=int, metavar="N", help="levels below the root (or the top)")
    p.add_argument("--province", metavar="NAME",
                   help="only the bodies of this province, and where they report")
    p.add_argument("--on", metavar="DATE", help="only bodies and links valid on YYYY-MM-DD")

    p = add("export", cmd_export,
            "Write a graph (a .ttl/.trig/.nt/.nq file or a run's output folder) in another "
            "format: RDF (ttl, nt, nq, trig), JSON-LD with the published context, CSV tables "
            "(a folder), or the reporting, affiliation and co-attendance networks as GraphML "
            "or GEXF (one --network to a file, else all three into a folder).",
            "orggraph export out/ --format csv -o tables/\n"
            "  orggraph export out/graph.trig --format graphml --network reporting -o rep.graphml")
    p.add_argument("graph", help="graph file or run output folder")
    p.add_argument("--format", required=True,
                   choices=("ttl", "nt", "nq", "trig", "jsonld", "csv", "graphml", "gexf"),
                   help="RDF (ttl, nt, nq, trig), JSON-LD, CSV tables, or networks "
                        "(graphml, gexf)")
    p.add_argument("-o", "--output", required=True, help="file, or folder for csv and networks")
    p.add_argument("--network", choices=("reporting", "affiliation", "coattendance"),
                   help="graphml/gexf: only this network, to the file -o")
    p.add_argument("--inline-context", action="store_true",
                   help="jsonld: write the context into the file instead of its IRI")

    p = add("analyze", cmd_analyze,
            "Analyse a graph (a file or a run's output folder) into CSV files: hierarchy "
            "depth and span of control per body, orphans (bodies with no parent that are not "
            "central roots), degree and betweenness centrality on the affiliation "
            "projections, co-attendance communities (Louvain, fixed seed), the pieces of the "
            "hierarchy; prints how many bodies with a post holder its largest piece joins.",
            "orggraph analyze out/ --out analyses/ --on 2025-08-01")
    p.add_argument("graph", help="graph file or run output folder")
    p.add_argument("--out", required=True, help="folder for the CSV files (created)")
    p.add_argument("--on", metavar="DATE", help="the reporting lines of this day (ISO date)")

    p = add("view", cmd_view, "Write the interactive view of a graph: one offline HTML file "
            "(search persons and bodies, province and date filters, the hierarchy, holders "
            "and their source sentences).",
            "orggraph view out/graph.trig -o view.html")
    p.add_argument("graph", help="the graph file (.trig, .ttl, .nq, .nt)")
    p.add_argument("-o", "--output", default="view.html",
                   help="the HTML file to write (default: view.html)")

    p = add("explain", cmd_explain, "Show an article with the recognised spans marked.",
            "orggraph explain data/articles/s01-lang-chanh-boi-duong-bi-thu-chi-bo.yaml")
    p.add_argument("article", help="one article file (.txt, .html, .yaml, .jsonl: every "
                                   "article in it)")
    p.add_argument("--color", action="store_true", help="force colours")
    p.add_argument("--no-color", action="store_true",
                   help="no colours (default: colours only on a terminal)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with _ending_signals_raise():
            return args.func(args)
    except (UsageError, OutputRefused) as exc:
        print(f"orggraph {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GraphFileError as exc:
        print(f"orggraph {args.command}: {exc}", file=sys.stderr)
        return EXIT_NOT_RDF
    except OSError as exc:  # an unwritable output folder, a full disk: one line, not a trace
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"orggraph {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: outputs are renamed into place whole, none half-written
        print(f"orggraph {args.command}: interrupted; unfinished outputs were not written",
              file=sys.stderr)
        return 130
    except Terminated as exc:  # the same for SIGTERM (exit 143) and SIGHUP (exit 129)
        print(f"orggraph {args.command}: ended by {signal.Signals(exc.signum).name}; "
              "unfinished outputs were not written", file=sys.stderr)
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
