"""The ``orggraph`` command: a thin layer over the Python API, one sub-command per stage."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import stat
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
_GRAPH_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
                  ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}


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
    """An in-memory store holding a Turtle, TriG, N-Triples or N-Quads file.

    Raises :class:`UsageError` for a name without a graph suffix and :class:`GraphFileError`
    for a file that is missing, a folder, empty, not RDF, or holds no triples: a graph with
    nothing in it would "conform" to any shapes, which says nothing.
    """
    fmt = _GRAPH_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: unknown graph format (use .ttl, .trig, .nt or .nq)")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise GraphFileError(f"{path}: is a folder, not a graph file")
    if stat.S_ISREG(info.st_mode) and info.st_size == 0:
        raise GraphFileError(f"{path}: empty file (0 bytes), not an RDF graph")
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=fmt)
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: not RDF ({fmt.name}): {_short(str(exc))}") from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"{path}: cannot load graph: {_short(str(exc))}") from None
    if len(store) == 0:
        raise GraphFileError(f"{path}: no triples in the file, nothing to check")
    return store


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
    from orggraph.identity import IdentityError
    from orggraph.pipeline import EXIT_FAILED, NothingRead, run

    report = RunReport(messages=sys.stderr)
    try:
        result = run(args.inputs, args.out, strict=args.strict, report=report,
                     progress=not args.quiet, timestamps=args.timestamps,
                     decisions=_decisions(args.identities), workers=args.workers)
    except NothingRead as exc:
        print(f"orggraph run: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except IdentityError as exc:
        raise SystemExit(f"--identities {args.identities}: {exc}") from exc
    counts = result.report.counts
    severities = result.validation.counts()
    warnings = f" ({severities['Warning']} warnings)" if severities.get("Warning") else ""
    shacl = ("conforms" if result.validation.conforms
             else f"{severities.get('Violation', 0)} violations") + warnings
    print(f"{counts['articles']} articles → {counts['persons']} person mentions "
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

    if args.output != "-":
        check_output_file(args.output, args.inputs)
    report = RunReport(messages=sys.stderr)
    records = (f for _, f in extract_parallel(
        iter_articles(args.inputs, report, stdin=sys.stdin), report, args.workers))
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
    from orggraph.pipeline import EXIT_FAILED, build_store, exit_code

    outputs = [args.output, *([args.trig] if args.trig else [])]
    if args.trig and os.path.abspath(args.trig) == os.path.abspath(args.output):
        raise UsageError(f"{args.trig}: named for both -o and --trig")
    for output in outputs:
        check_output_file(output, args.facts)
    report = RunReport(messages=sys.stderr)
    records = [(f, None) for f in iter_facts(args.facts, report)]
    if not records and report.problems:  # a typo must not replace a good graph with nothing
        print(f"orggraph build: no facts record could be read ({report.problems} inputs "
              f"skipped); nothing written, {' and '.join(outputs)} left as they were",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        store = build_store(records, report=report, decisions=_decisions(args.identities))
    except IdentityError as exc:
        raise SystemExit(f"--identities {args.identities}: {exc}") from exc
    st.export_turtle(store, args.output)
    if args.trig:
        st.export_trig(store, args.trig)
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
    from orggraph.validate import validate

    result = validate(_graph_store(args.graph))
    print(result.text())
    return 0 if result.conforms else 1


def cmd_query(args: argparse.Namespace) -> int:
    from orggraph import query as q

    if args.list:
        for info in q.list_queries():
            print(f"{info.name:28} {info.title}")
        return 0
    if not args.graph or not args.query:
        raise UsageError("GRAPH and QUERY are required (or use --list)")
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        params[name.lstrip("?")] = value
    try:
        result = q.run_named_query(_graph_store(args.graph), args.query, params,
                                   allow_service=args.allow_service)
    except q.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(q.format_result(result, args.format))
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
    gold = list(iter_facts(gold_files, RunReport(messages=sys.stderr)))  # bad gold: one line
    pred = [facts for _, facts in extract_all(iter_articles(gold_files, report), report)]
    scores = evaluate(pred, gold)
    print(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) if args.json
          else scores.table(details=args.details))
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from orggraph.analyze import reporting_graph
    from orggraph.viz import reporting_lines_svg

    check_output_file(args.output, [args.graph])
    graph = reporting_graph(_graph_store(args.graph))
    reporting_lines_svg(graph, args.output)
    print(f"{graph.number_of_nodes()} organisations, {graph.number_of_edges()} reporting lines "
          f"→ {args.output}", file=sys.stderr)
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
               "  orggraph query out/graph.ttl concurrent-posts --format csv")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, formatter_class=_FMT,
                           epilog=f"example:\n  {example}")
        p.set_defaults(func=func)
        return p

    p = add("run", cmd_run, "Run every stage and write facts, graph, validation, picture, report.",
            "orggraph run data/articles --out out/")
    p.add_argument("inputs", nargs="+", help="files, folders, globs, or - for JSONL on stdin")
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
                   help="extraction processes (default: the cores); outputs are the same")

    p = add("extract", cmd_extract, "Extract facts (JSON Lines) from articles.",
            "orggraph extract data/articles -o facts.jsonl")
    p.add_argument("inputs", nargs="+")
    p.add_argument("-o", "--output", default="-", help="facts JSONL file (default: stdout)")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--workers", type=int, metavar="N",
                   help="extraction processes (default: the cores); output is the same")

    p = add("build", cmd_build, "Build the RDF graph from facts files (JSONL or YAML).",
            "orggraph build facts.jsonl curated/*.yaml -o graph.ttl --trig graph.trig")
    p.add_argument("facts", nargs="+")
    p.add_argument("-o", "--output", required=True, help="Turtle file to write")
    p.add_argument("--trig", help="also write one named graph per article to this TriG file")
    p.add_argument("--identities", metavar="YAML", help="curated identity decisions")
    p.add_argument("--strict", action="store_true")

    p = add("identities", cmd_identities,
            "Resolve the persons of articles: list merges (with their rules and what the "
            "mentions share) and near-misses (persons of one name kept apart, and why).",
            "orggraph identities ../shared/dev --identities curated.yaml --format csv")
    p.add_argument("inputs", nargs="+", help="articles, as for run")
    p.add_argument("--identities", metavar="YAML", help="curated identity decisions")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--strict", action="store_true")

    p = add("validate", cmd_validate, "Check a graph against the SHACL shapes: exit 0 if it "
            "conforms (warnings are reported and do not fail), 1 on a violation, 4 if the file "
            "is not an RDF graph (missing, empty, bad syntax).",
            "orggraph validate out/graph.trig")
    p.add_argument("graph")

    p = add("query", cmd_query, "Run a SPARQL query (a file or a name in queries/).",
            "orggraph query out/graph.trig reporting-line --param org=https://w3id.org/...")
    p.add_argument("graph", nargs="?")
    p.add_argument("query", nargs="?")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE (an IRI if it looks like one, else a literal)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--list", action="store_true", help="list the bundled queries")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE patterns send requests to other SPARQL endpoints (off: "
                        "a query calling a SERVICE is refused before anything is run)")

    p = add("eval", cmd_eval, "Score extraction on gold-annotated articles (YAML with gold:).",
            "orggraph eval ../shared/dev --details\n"
            "  orggraph eval corpus.jsonl --unexplained   # no gold needed")
    p.add_argument("gold_dir", help="folder of gold YAML articles (with --unexplained: any "
                                    "articles: a folder, a file, JSON Lines)")
    p.add_argument("--details", action="store_true", help="per-article rows, missing/extra")
    p.add_argument("--json", action="store_true", help="the scores (or the list) as JSON")
    p.add_argument("--unexplained", action="store_true",
                   help="list the title words that produced no holding and are neither "
                        "generic nor former, with their sentence, and their rate per 1,000 "
                        "words: a recall proxy that needs no gold")

    p = add("viz", cmd_viz, "Draw the reporting lines of a graph as SVG.",
            "orggraph viz out/graph.ttl -o reporting-lines.svg")
    p.add_argument("graph")
    p.add_argument("-o", "--output", default="reporting-lines.svg")

    p = add("explain", cmd_explain, "Show an article with the recognised spans marked.",
            "orggraph explain data/articles/s01.yaml")
    p.add_argument("article")
    p.add_argument("--color", action="store_true", help="force colours")
    p.add_argument("--no-color", action="store_true")
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
