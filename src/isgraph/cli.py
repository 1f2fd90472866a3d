"""Command-line interface: a thin click layer over the library. Every command's docstring is its --help.

Exit codes: 0 success / conforms, 1 SHACL violations, 2 error (bad input, bad query, missing file, unsafe --out),
3 unexpected internal error (one line; `isgraph --debug ...` shows the traceback).
"""

from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import click

from isgraph import __version__
from isgraph.errors import IsgraphError

DEFAULT_OUT = Path("dist")
DEFAULT_GRAPH = DEFAULT_OUT / "isgraph.ttl"


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get("isgraph.debug"))


def one_line_errors(func):
    """Turn errors into one line on stderr, no traceback: library errors and OS errors naming a file exit 2, any
    other exception exits 3 with a hint to rerun with --debug (which lets the traceback through)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except IsgraphError as exc:
            click.echo(f"isgraph: error: {exc.one_line()}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("isgraph: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as exc:
            if _debug():
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"isgraph: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)
        except Exception as exc:
            if _debug():
                raise
            message = str(exc).splitlines()[0] if str(exc) else ""
            click.echo(f"isgraph: internal error: {type(exc).__name__}: {message} "
                       "(rerun as `isgraph --debug ...` for the traceback)", err=True)
            sys.exit(3)

    return wrapper


def check_base(base: str | None) -> None:
    """An instance base IRI must be an absolute http(s) IRI ending in / or # (IRIs are base + kind/slug)."""
    import re
    from urllib.parse import urlsplit

    from isgraph.errors import InputError

    if base is None:
        return
    parts = urlsplit(base)
    if (parts.scheme not in ("http", "https") or not parts.netloc or not base.endswith(("/", "#"))
            or re.search(r'[\s<>"{}|\\^`]', base) or "#" in base[:-1]):
        raise InputError(f"invalid --base {base!r}: expected an absolute http(s) IRI ending in / or # "
                         "(e.g. https://example.org/id/)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="isgraph")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error (exit code 3).")
@click.pass_context
def main(ctx, debug: bool):
    """isgraph: French documents on territorial social innovation -> a linked-open-data knowledge graph.

    \b
    Example:
        isgraph build seeds/ --out dist/
        isgraph query financeurs-precarite-energetique

    \b
    Exit codes: 0 ok, 1 SHACL violations, 2 input / usage error (one line naming
    the file), 3 internal error (rerun with --debug for the traceback).
    """
    ctx.meta["isgraph.debug"] = debug


@main.command()
@click.argument("seeds", default="seeds", type=click.Path(path_type=Path))
@click.option("--out", "-o", default=DEFAULT_OUT, type=click.Path(path_type=Path), show_default=True,
              help="Output directory (replaced atomically).")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/isgraph/id/).")
@click.option("--jobs", "-j", type=int, default=None, help="Parallel extraction processes (default: cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (no progress, no summary).")
@click.option("--verbose", "-v", is_flag=True, help="Also list each initiative found: line span (pages) and title.")
@click.option("--force", is_flag=True, help="Replace OUT even when it is a non-empty directory isgraph did not write.")
@click.option("--site", "site_mode", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Write the explorer site OUT/site/: auto = for graphs up to 500,000 triples (about 6,000 "
                   "initiatives; a national graph would be millions of files).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Extraction cache directory, read and written in place, never pruned (default: OUT/.cache/extract).")
@click.option("--no-cache", is_flag=True, help="Extract every document again; read and write no extraction cache.")
@click.option("--answers", "answers_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Precompute the stored queries' wide calls (a région, a theme...) into "
                                      "OUT/store/answers.sqlite: auto = for graphs up to 500,000 triples (larger: "
                                      "`isgraph answers OUT`).")
@one_line_errors
def build(seeds: Path, out: Path, base: str | None, jobs: int | None, quiet: bool, verbose: bool, force: bool,
          site_mode: str, cache_dir: Path | None, no_cache: bool, answers_mode: str):
    """Extract every document of SEEDS, build, reason, validate and publish the graph into OUT.

    SEEDS is a directory (or one file) of .txt, .md, .html/.htm, .pdf (text layer), .docx, .doc and
    .odt documents, slide decks (.pptx, .odp), tables (.csv, .tsv, .xlsx, .xls, .ods: one initiative per
    row of a list of grants or laureates) and data files (.json, .geojson, .jsonl, .ndjson: a portal's
    export or API answer, its records read as a table). The summary names, per document, the reader that
    read it and the initiatives found (or why none was); --verbose adds each initiative's line span and title. The text read from each document
    is published as OUT/documents/<name>.txt: the line numbers of the provenance point into it. A
    document without readable text (scanned PDF, empty file) is skipped with a warning; a build that finds
    no initiative at all publishes nothing (exit 2).

    Writes OUT/isgraph.ttl (graph after reasoning), OUT/isgraph.nt, OUT/isgraph.jsonld with its
    @context file OUT/isgraph.context.jsonld, OUT/report.txt (SHACL report), OUT/ontology/ and an
    embedded Oxigraph store OUT/store/, the open-data bundle (CSV, workbook, TriG, catalogue) and the
    explorer site OUT/site/ (--site auto: up to 500,000 triples; larger graphs are served by
    `isgraph serve` or get their site from `isgraph site`). A graph that does not conform is not
    published: OUT is left as it was, the rejected build goes to OUT.rejected/ and the exit code is 1.

    OUT is refused (exit 2) when it is or holds the input or the current directory, is a file, or is a
    non-empty directory that isgraph did not write (marker file OUT/.isgraph-output) unless --force;
    it is swapped in whole (atomic exchange on Linux), and a second build into the same OUT fails at once.

    Incremental: a document whose bytes and name are unchanged since the previous build into OUT (same
    isgraph code, data and libraries) is not read again but taken from the extraction cache
    OUT/.cache/extract/ (written with the new output, pruned to its documents, not published); the outputs
    are the same as a clean build's. --cache DIR keeps the cache in DIR instead (never pruned); --no-cache reads everything.

    \b
    Example:
        isgraph build seeds/ --out dist/
        isgraph build seeds/ --out dist/ --cache ~/.cache/isgraph   # or --no-cache
    """
    from isgraph.errors import InputError
    from isgraph.namespaces import DEFAULT_BASE
    from isgraph.pipeline import NoInitiativeError, document_lines, summary_lines
    from isgraph.pipeline import build as run_build
    from isgraph.progress import Progress
    from isgraph.publication.publish import check_output, output_lock

    check_base(base)
    if cache_dir is not None and no_cache:
        raise InputError("--cache and --no-cache exclude each other")
    check_output(out, sources=[seeds], force=force)  # before the lock file is created beside it
    with output_lock(out):
        try:
            result = run_build(seeds, out, base=base or DEFAULT_BASE, jobs=jobs, force=force,
                               progress=Progress(None if not quiet else False), site=site_mode,
                               cache=not no_cache, cache_dir=cache_dir, answers=answers_mode)
        except NoInitiativeError as exc:
            for warning in exc.result.warnings:
                click.echo(f"isgraph: warning: {warning}", err=True)
            if not quiet:
                for line in document_lines(exc.result):
                    click.echo(line)
            raise
    for warning in result.warnings:
        click.echo(f"isgraph: warning: {warning}", err=True)
    if not quiet:
        for line in summary_lines(result, verbose=verbose):
            click.echo(line)
    if not result.conforms:
        click.echo(result.report.text(), err=True, nl=False)
        click.echo(f"isgraph: graph does not conform; not published (see {result.out}.rejected/report.txt)", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(f"published: {result.out}/")
        for line in next_steps(result.out):
            click.echo(line)


def next_steps(out: Path) -> list[str]:
    """What to run after a build (the end of `isgraph build`)."""
    g = "" if Path(out) == DEFAULT_OUT else f" --graph {out}/"
    steps = [("isgraph queries", "the stored questions"),
             (f"isgraph query financeurs-classement{g}", "a table of the funders"),
             (f"isgraph query initiatives-par-territoire -p territoire=Hauts-de-France{g}", "by territory name or code"),
             (f"isgraph review {out}/", "extractions to check by hand"),
             (f"isgraph serve{g}", "SPARQL endpoint and query editor")]
    width = max(len(c) for c, _ in steps)
    return ["next:"] + [f"  {c.ljust(width)}  # {why}" for c, why in steps]


@main.command()
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
@click.option("--engine", type=click.Choice(["native", "pyshacl"]), default="native", show_default=True,
              help="SHACL engine: native, or pySHACL (the reference: same report, much slower).")
@one_line_errors
def validate(graph: Path, engine: str):
    """Validate GRAPH (Turtle, N-Triples or JSON-LD) against the isgraph SHACL shapes.

    Prints one line per result: severity, focus node and its label, path, message.
    Exit codes: 0 conforms, 1 violations, 2 error (unreadable file, malformed RDF).

    \b
    Example:
        isgraph validate dist/isgraph.ttl
    """
    from isgraph.rdf.graphio import load_graph
    from isgraph.validate.validation import validate as run_validate

    from isgraph.query.params import graph_file

    report = run_validate(load_graph(graph_file(graph)), engine=engine)
    click.echo(report.text(), nl=False)
    sys.exit(report.exit_code)


@main.command()
@click.argument("name_or_file")
@click.option("--graph", "-g", type=click.Path(path_type=Path), default=None,
              help="The build's OUT directory or a graph file (default: dist/, i.e. dist/isgraph.ttl).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "markdown", "csv", "json"]), default="table",
              show_default=True, help="table / markdown: labels and French headings for people; csv / json: the raw "
                                      "SPARQL results (variables, IRIs) for programs.")
@click.option("--param", "-p", "params", multiple=True,
              help="Binding name=value. territoire: label, INSEE code or IRI (Hauts-de-France, 32, ter:region-32); "
                   "theme / fonction: label or code (\"précarité énergétique\", alimentation); financeur / acteur: "
                   "name; others: number or text.")
@click.option("--iris", is_flag=True, help="Show the IRI columns next to the labels (table / markdown).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Local query engine (rdflib evaluates SERVICE, for federated queries).")
@click.option("--endpoint", default=None, help="Run against a remote SPARQL endpoint instead of the local graph.")
@one_line_errors
def query(name_or_file: str, graph: Path | None, fmt: str, params: tuple[str, ...], iris: bool, engine: str,
          endpoint: str | None):
    """Run a stored query (its name in `isgraph queries`) or a .rq file.

    Parameter values are looked up in the graph (unknown or ambiguous: exit 2 with suggestions)
    and passed as bindings, never pasted into the query text. Without --graph, the graph read
    (dist/isgraph.ttl) is named on stderr.

    \b
    Examples:
        isgraph query financeurs-precarite-energetique
        isgraph query initiatives-par-territoire -p territoire=Hauts-de-France
        isgraph query financeurs-par-theme-et-territoire -p "theme=précarité énergétique" -p territoire=32
        isgraph query my.rq --format csv --graph dist/
    """
    from isgraph.query import params as pm, queries as q, tables

    stored = pm.find_query(name_or_file)
    if endpoint:
        def select(text):
            return q.run_remote(endpoint, q.StoredQuery("parametres", Path("<parametres>"), text)).rows
        run = lambda bindings: q.run_remote(endpoint, stored, bindings)  # noqa: E731
    else:
        path = pm.graph_file(graph if graph is not None else DEFAULT_OUT)
        if graph is None:
            click.echo(f"isgraph: graph {path} (--graph for another one)", err=True)
        if stored.federated and engine != "rdflib":
            click.echo(f"isgraph: {stored.name} calls SERVICE (another endpoint, needs the network): "
                       f"run with the rdflib engine", err=True)
            engine = "rdflib"
        if engine == "rdflib":
            from isgraph.rdf.graphio import load_graph
            source = load_graph(path)
            runner = q.run_rdflib
        else:
            from isgraph.query.store import open_for_graph
            source = open_for_graph(path)
            runner = q.run_oxigraph

        def select(text):
            return runner(source, q.StoredQuery("parametres", Path("<parametres>"), text)).rows
        run = lambda bindings: runner(source, stored, bindings)  # noqa: E731
        if engine == "oxigraph":  # a wide call the build answered (OUT/store/answers.sqlite) is read, not run again
            from isgraph.query.answers import open_answers
            found = open_answers(path)
            if found is not None:
                run = lambda bindings: found.result(stored, bindings) or runner(source, stored, bindings)  # noqa: E731
    q.check_params(stored, {pm_name: None for pm_name in (q.parse_param(p)[0] for p in params)})
    bindings = pm.resolve_bindings(params, select)
    result = run(bindings)
    if fmt in ("csv", "json"):
        click.echo(q.format_result(result, fmt), nl=False)
        return
    table = tables.for_people(result, select, iris=iris)
    click.echo(tables.render_markdown(table) if fmt == "markdown" else tables.render_table(table), nl=False)


@main.command(name="answers")
@click.argument("out", type=click.Path(path_type=Path), default=DEFAULT_OUT)
@click.option("--on-disk", is_flag=True, help="Compute on the on-disk store (little memory, about 3x slower) "
                                              "instead of a copy of the graph in memory.")
@click.option("--jobs", "-j", type=int, default=None, help="Queries run at once (default: cores).")
@one_line_errors
def answers_cmd(out: Path, on_disk: bool, jobs: int | None):
    """Precompute the wide calls of the stored queries for the build in OUT (OUT/store/answers.sqlite).

    A stored query bound to a région, a département, a Parc, a theme or a fonction returns thousands of
    rows on a national graph and takes seconds live; once precomputed, `isgraph query` and `isgraph
    serve` (/queries/NAME?param=value) answer it in milliseconds. `isgraph build` does this itself for
    graphs up to 500,000 triples (--answers auto); run this command after building a larger graph,
    before serving it. The answers hold for the graph they were computed on: after a new build they are
    computed again (or the calls run live). In memory by default (about 3.5 GB and 3 min for 7.2 M
    triples); --on-disk uses the store itself (1.2 GB, about 3x slower).

    \b
    Example:
        isgraph build national/ --out dist/ && isgraph answers dist/
    """
    import time as _time

    from isgraph.publication.publish import output_lock
    from isgraph.query.answers import precompute_output

    t0 = _time.perf_counter()
    with output_lock(out):  # not beside a build writing into the same OUT
        count, path = precompute_output(out, in_memory=not on_disk, threads=jobs,
                                        echo=lambda line: click.echo(f"isgraph: {line}", err=True))
    click.echo(f"answers: {count} wide calls precomputed in {_time.perf_counter() - t0:.1f} s ({path})")


@main.command(name="review")
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_OUT)
@click.option("--kind", "-k", "kinds", multiple=True, metavar="KIND",
              help="Only these kinds of finding (repeatable): titre-phrase, titre-inacheve, nom-coupe, "
                   "pas-un-organisme, sans-porteur, mention-generique, organisme-non-localise, titre-long, "
                   "financeur-sans-montant.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True)
@one_line_errors
def review_cmd(graph: Path, kinds: tuple[str, ...], fmt: str):
    """List the weakest extractions of GRAPH (the build's OUT directory or a graph file) for a person to check.

    One line per finding, most worth checking first: file:line in the source document, kind, the
    name or title concerned, the initiative. Kinds: titles that are sentences, unfinished or very
    long; names cut by the layout or that are not organisations; initiatives without porteur;
    generic mentions ("Associations", "la Région" with no région named); bodies named by their
    acronym alone ("CAF"); funders without amount. Exit 0 (a report, not a check).

    \b
    Examples:
        isgraph review dist/
        isgraph review dist/ --kind titre-phrase --kind pas-un-organisme
        isgraph review dist/isgraph.ttl --format csv > a-verifier.csv
    """
    from isgraph import review as rv
    from isgraph.rdf.graphio import load_graph
    from isgraph.query.params import graph_file

    unknown = sorted(set(kinds) - set(rv.KINDS))
    if unknown:
        raise click.BadParameter(f"unknown kind {', '.join(unknown)}; kinds: {', '.join(rv.KINDS)}",
                                 param_hint="--kind")
    path = graph_file(graph)
    findings = rv.review(load_graph(path))
    if kinds:
        findings = [f for f in findings if f.kind in kinds]
    click.echo(rv.format_findings(findings, fmt), nl=False)


@main.command(name="queries")
@one_line_errors
def list_queries():
    """List the stored queries with the question each answers and its parameters.

    \b
    Example:
        isgraph queries
    """
    from isgraph.query.queries import federated_queries, stored_queries

    for sq in stored_queries() + federated_queries():
        click.echo(f"{sq.name}" + ("  (federated: asks another endpoint, needs the network)" if sq.federated else ""))
        if sq.question_fr:
            click.echo(f"    fr: {sq.question_fr}")
        if sq.question_en:
            click.echo(f"    en: {sq.question_en}")
        for name, desc in sq.params.items():
            click.echo(f"    param {name}: {desc}")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
@one_line_errors
def stats(graph: Path):
    """Count instances per class and triples per property in GRAPH.

    \b
    Example:
        isgraph stats dist/isgraph.ttl
    """
    from isgraph.rdf.graphio import load_graph, statistics

    from isgraph.query.params import graph_file

    classes, properties, total = statistics(load_graph(graph_file(graph)))
    click.echo(f"triples: {total}")
    click.echo("classes:")
    for name, n in classes:
        click.echo(f"  {n:7d}  {name}")
    click.echo("properties:")
    for name, n in properties:
        click.echo(f"  {n:7d}  {name}")


@main.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path), help="Directory of gold *.json files.")
@click.option("--graph", "-g", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
@click.option("--details", is_flag=True, help="List every miss and false hit.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@one_line_errors
def evaluate(gold_dir: Path, graph: Path, details: bool, as_json: bool):
    """Score the extracted graph against hand-annotated gold extractions.

    Each gold initiative is matched to the extracted initiative of the same file with the most
    overlapping line span; precision / recall / F1 per field (initiatives, porteurs, financeurs
    incl. document-level ones, partenaires, territoires, themes) and budget accuracy (within 1 %).

    \b
    Example:
        isgraph eval --gold tests/data/gold --graph dist/isgraph.ttl --details
    """
    import json

    from isgraph.evaluation import evaluate as run_eval, load_gold
    from isgraph.rdf.graphio import load_graph

    from isgraph.query.params import graph_file

    result = run_eval(load_graph(graph_file(graph)), load_gold(gold_dir))
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(result.table(), nl=False)
    if details:
        click.echo("\n".join(result.details))


@main.command(name="publish")
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_OUT / "isgraph.nt")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path),
              help="Output directory of the bundle (replaced atomically).")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/isgraph/id/).")
@click.option("--issued", default=None, metavar="YYYY-MM-DD",
              help="Publication date for the DCAT catalogue (default: $SOURCE_DATE_EPOCH, else none).")
@click.option("--download-base", default=None, metavar="URL",
              help="Where the files will be downloadable (DCAT downloadURL prefix; default https://w3id.org/isgraph/dist/).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (the graph was validated by `build`).")
@click.option("--force", is_flag=True, help="Replace OUT even when it is a non-empty directory isgraph did not write.")
@one_line_errors
def publish_cmd(graph: Path, out: Path, base: str | None, issued: str | None, download_base: str | None,
                no_validate: bool, force: bool):
    """Write the open-data bundle of an existing GRAPH into OUT.

    OUT gets isgraph.ttl / .nt / .jsonld (+ context), isgraph.trig (one named graph per source
    document), CSV tables (initiatives, acteurs, financements, territoires, roles, documents) with
    a Frictionless datapackage.json, catalog.ttl (DCAT-AP + VoID), ontology/ with index.html, and
    the embedded store. Same input, same options: byte-identical files. A graph that does not
    conform to the shapes is not published (exit 1).

    \b
    Example:
        isgraph publish dist/isgraph.nt --out opendata/ --issued 2025-01-31
    """
    from isgraph.publication.bundle import DEFAULT_DOWNLOAD_BASE, publish_graph
    from isgraph.namespaces import DEFAULT_BASE

    from isgraph.publication.publish import output_lock

    from isgraph.publication.publish import check_output

    check_base(base)
    check_output(out, force=force)
    with output_lock(out):
        result = publish_graph(graph, out, base=base or DEFAULT_BASE, issued=issued,
                               download_base=download_base or DEFAULT_DOWNLOAD_BASE, validate=not no_validate,
                               force=force)
    if not result.conforms:
        click.echo(result.report.text(), err=True, nl=False)
        click.echo(f"isgraph: {graph} does not conform; not published", err=True)
        sys.exit(1)
    click.echo(f"published: {out}/ ({result.triples} triples)")


@main.command(name="site")
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Folder to write the site into.")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/isgraph/id/).")
@click.option("--documents", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of the source texts, for the provenance extracts (default: GRAPH's folder/documents).")
@one_line_errors
def site(graph: Path, out: Path, base: str | None, documents: Path | None):
    """Write the static explorer site of GRAPH into --out: a page per node, search, facets, map, questions.

    Every page sits at the path of its IRI below the site root (…/id/initiative/{slug}/index.html) with its
    Turtle, JSON-LD and JSON twins; all links are relative, so the folder works from any static host.
    The folder is replaced atomically; a folder that holds something other than a previous site is refused.

    \b
    Example:
        isgraph site dist/isgraph.ttl --out public/
        python -m http.server -d public 8000
    """
    from isgraph.site.cli import write_site

    stats = write_site(graph, out, base=base, documents=documents)
    click.echo(stats.line(), err=True)
    click.echo(f"site: {out}/index.html", err=True)


@main.command()
@click.option("--graph", "-g", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True,
              help="Published graph (its OUT/store is used when up to date).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (keep 127.0.0.1 unless behind a proxy).")
@click.option("--port", default=7878, type=int, show_default=True, help="TCP port (-p is --param elsewhere).")
@click.option("--timeout", default=10.0, type=float, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-result-mb", default=16.0, type=float, show_default=True, help="Cap on a serialised result.")
@click.option("--workers", default=4, type=int, show_default=True, help="Query worker processes.")
@click.option("--cors", is_flag=True, help="Let web pages of other origins read the results (CORS *).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; localhost, 127.0.0.1 and [::1] always).")
@click.option("--max-per-client", default=0, type=int,
              help="Queries one client address may run at once (default: workers - 1); more wait, then 429.")
@click.option("--client-queue", default=16, type=int, show_default=True,
              help="Queries of one client that may wait for a worker before it gets 429.")
@click.option("--site", "site_mode", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="The site at /: OUT/site when built; else written now, for graphs up to 500,000 triples (auto); "
                   "without a site the SPARQL editor is at /.")
@one_line_errors
def serve(graph: Path, host: str, port: int, timeout: float, max_result_mb: float, workers: int, cors: bool,
          allow_hosts: tuple[str, ...], max_per_client: int, client_queue: int, site_mode: str):
    """Serve GRAPH's explorer site (/) and a read-only SPARQL 1.1 endpoint (/query) with a query editor (/sparql).

    The site is OUT/site when `isgraph build` wrote it with the graph (else it is written into a temporary folder,
    for graphs up to 500,000 triples with --site auto; a larger graph is served with the SPARQL editor at /);
    each node's path answers its page (303 to .../) or, by the Accept header, its Turtle, N-Triples or JSON-LD.
    /queries/NAME?param=value answers a stored query (JSON, or CSV with &format=csv): from the answers
    the build precomputed (OUT/store/answers.sqlite, `isgraph answers`) when it holds the call, else live.

    UPDATE, LOAD and SERVICE are refused (SERVICE decided on the parsed query; the workers have no
    network where Linux allows it); each query runs in a worker process that is stopped when it
    passes --timeout; results are capped at --max-result-mb; one client runs at most
    --max-per-client queries at once; requests for a Host outside localhost / --allow-host get 421.
    Ctrl+C stops the server.

    \b
    Example:
        isgraph serve --graph dist/isgraph.ttl --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 5' http://127.0.0.1:7878/query
        curl -H 'Accept: text/turtle' http://127.0.0.1:7878/id/territoire/region-32
        curl 'http://127.0.0.1:7878/queries/initiatives-par-territoire?territoire=ter:region-32&format=csv'
    """
    from isgraph.errors import InputError
    from isgraph.serve.server import Limits, serve as run_serve

    if not 0 < port < 65536:
        raise InputError(f"invalid --port {port}: expected 1-65535")
    if timeout <= 0 or max_result_mb <= 0 or workers < 1 or max_per_client < 0 or client_queue < 0:
        raise InputError("--timeout and --max-result-mb must be > 0, --workers >= 1, --max-per-client and "
                         "--client-queue >= 0")
    limits = Limits(timeout=timeout, max_result_bytes=int(max_result_mb * 1024 * 1024), workers=workers, cors=cors,
                    max_per_client=max_per_client, client_queue=client_queue, allowed_hosts=tuple(allow_hosts))
    from isgraph.query.params import graph_file

    run_serve(graph_file(graph), host=host, port=port, limits=limits, log=lambda m: click.echo(m, err=True),
              site_mode=site_mode)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path), default=Path("dist/isgraph.nt"))
@click.option("--endpoint", "-e", required=True, help="SPARQL query endpoint of the server (e.g. http://host:7878/query).")
@click.option("--graph", "graph_iri", default="https://w3id.org/isgraph/graph", show_default=True,
              help="IRI of the named graph to replace.")
@click.option("--update-endpoint", default=None, help="SPARQL UPDATE endpoint (default: derived from --endpoint).")
@click.option("--store-endpoint", default=None, help="Graph Store Protocol endpoint (default: derived from --endpoint).")
@click.option("--user", envvar="ISGRAPH_USER", default=None, help="User name (env ISGRAPH_USER).")
@click.option("--password", envvar="ISGRAPH_PASSWORD", default=None,
              help="Password: prefer the environment variable ISGRAPH_PASSWORD (a command line is visible to others).")
@click.option("--timeout", default=120.0, type=float, show_default=True, help="Seconds per HTTP request.")
@click.option("--swap", type=click.Choice(["modify", "move"]), default="modify", show_default=True,
              help="How the staging graph replaces the target: one DELETE/INSERT operation (atomic for readers on "
                   "Oxigraph, and on Virtuoso at DefaultIsolation = 8) or MOVE (atomic on Oxigraph, not on Virtuoso).")
@click.option("--chunk", "chunk_lines", default=50_000, type=click.IntRange(min=1), show_default=True,
              help="Triples per upload request (the file is streamed: memory stays bounded).")
@one_line_errors
def push(graph_file: Path, endpoint: str, graph_iri: str, update_endpoint: str | None, store_endpoint: str | None,
         user: str | None, password: str | None, timeout: float, swap: str, chunk_lines: int):
    """Replace one named graph on a SPARQL 1.1 Graph Store Protocol server with GRAPH_FILE.

    Streams the N-Triples into a staging graph in requests of --chunk triples, checks its triple
    count, swaps it in with one SPARQL update operation (one transaction: readers never see a
    half-replaced graph on Oxigraph, nor on Virtuoso at SERIALIZABLE isolation; a warning says when
    a Virtuoso runs at a lower one) and verifies the count after.

    \b
    Examples:
        isgraph push dist/isgraph.nt --endpoint http://127.0.0.1:7878/query
        ISGRAPH_USER=dba ISGRAPH_PASSWORD=... isgraph push --endpoint http://127.0.0.1:8890/sparql
    """
    from isgraph.publication.push import push as run_push

    result = run_push(graph_file, endpoint, graph_iri, user=user, password=password,
                      update_endpoint=update_endpoint, store_endpoint=store_endpoint, timeout=timeout,
                      swap=swap, chunk_lines=chunk_lines, log=lambda m: click.echo(m, err=True))
    click.echo(f"pushed: <{result.graph}> now holds {result.triples} triples")


@main.command(name="synth")
@click.option("--scale", "-n", type=click.IntRange(min=1), required=True,
              help="How many times the seeds (one unit = one document of each of the five families).")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Directory to write the corpus into.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same arguments: same files).")
@one_line_errors
def synth_cmd(scale: int, out: Path, seed: int):
    """Write a synthetic corpus of SCALE times the seeds (benchmark / test tooling) into OUT.

    New documents of the five families (cartes postales, TERRITORIA press kit, Néo Terra table, resource web page,
    slide deck) with invented initiatives and actors placed in real communes, départements, régions and Parcs of the
    packaged gazetteer. Deterministic: the same arguments give byte-identical files. OUT/.synth.json lists each file
    with its family and the initiatives written in it.

    \b
    Example:
        isgraph synth --scale 10 --out /tmp/corpus10 && isgraph build /tmp/corpus10 --out /tmp/dist10
    """
    from isgraph import synth

    docs = synth.generate(scale, out, seed=seed)
    n = sum(len(d.initiatives) for d in docs)
    click.echo(f"wrote {len(docs)} documents ({n} initiatives) into {out}/ (seed {seed}; list in {synth.MANIFEST})")


@main.command(name="link")
@click.option("--graph", "-g", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True,
              help="The built graph whose territories and organisations are looked up.")
@click.option("--endpoint", default=None, help="SPARQL endpoint (default: Wikidata's query service).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Link cache (TSV) to update (default: the one the build reads: $ISGRAPH_LINK_CACHE, else the "
                   "package's data/links/wikidata.tsv).")
@click.option("--offline", is_flag=True, help="Query nothing: report what the cache already links.")
@click.option("--refresh", is_flag=True, help="Look up again the targets already in the cache.")
@click.option("--timeout", default=60.0, type=float, show_default=True, help="Seconds per SPARQL request.")
@one_line_errors
def link_cmd(graph: Path, endpoint: str | None, cache: Path | None, offline: bool, refresh: bool, timeout: float):
    """Link territories and well-known organisations of GRAPH to Wikidata items (owl:sameAs).

    Territories are looked up by their codes (INSEE: P374 commune, P2586 département, P2585 région; SIREN P1616
    for EPCI), organisations of data/links/organisations.txt by exact French name with a type check, in batches
    of at most 200 per query. Results go to the link cache (TSV: kind, key, wikidata, label; sorted); run
    `isgraph build` afterwards: the build adds owl:sameAs from the cache, offline. A network failure is one
    line on stderr (exit 2) and leaves the cache unchanged.

    \b
    Examples:
        isgraph link
        isgraph link --endpoint http://127.0.0.1:7878/query --cache links.tsv
        isgraph link --offline
    """
    from isgraph.resolve import linking
    from isgraph.rdf.graphio import load_graph

    report = linking.link(load_graph(graph), cache or linking.cache_file(), endpoint or linking.WIKIDATA_ENDPOINT,
                          offline=offline, refresh=refresh, timeout=timeout, log=lambda m: click.echo(m, err=True))
    for line in report.lines():
        click.echo(f"link: {line}")


if __name__ == "__main__":  # pragma: no cover
    main()
