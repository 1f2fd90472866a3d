"""Command-line interface: a thin click layer over the library. Every command's docstring is its --help.

Exit codes: 0 success / conforms, 1 SHACL violations, 2 error (bad input, bad query, missing file).
"""

from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import IsgraphError

DEFAULT_OUT = Path("dist")
DEFAULT_GRAPH = DEFAULT_OUT / "isgraph.ttl"


def one_line_errors(func):
    """Turn library errors into one line on stderr and exit code 2 (no traceback)."""

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

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="isgraph")
def main():
    """isgraph: French documents on territorial social innovation -> a linked-open-data knowledge graph.

    \b
    Example:
        isgraph build seeds/ --out dist/
        isgraph query financeurs-precarite-energetique
    """


@main.command()
@click.argument("seeds", default="seeds", type=click.Path(path_type=Path))
@click.option("--out", "-o", default=DEFAULT_OUT, type=click.Path(path_type=Path), show_default=True,
              help="Output directory (replaced atomically).")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/isgraph/id/).")
@click.option("--jobs", "-j", type=int, default=None, help="Parallel extraction processes (default: cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@one_line_errors
def build(seeds: Path, out: Path, base: str | None, jobs: int | None, quiet: bool):
    """Extract every document of SEEDS, build, reason, validate and publish the graph into OUT.

    Writes OUT/isgraph.ttl (graph after reasoning), OUT/isgraph.nt, OUT/isgraph.jsonld with its
    @context file OUT/isgraph.context.jsonld, OUT/report.txt (SHACL report), OUT/ontology/ and an
    embedded Oxigraph store OUT/store/. A graph that does not conform is not published: OUT is
    left as it was, the rejected build goes to OUT.rejected/ and the exit code is 1.

    \b
    Example:
        isgraph build seeds/ --out dist/
    """
    from .namespaces import DEFAULT_BASE
    from .pipeline import build as run_build, summary_lines

    result = run_build(seeds, out, base=base or DEFAULT_BASE, jobs=jobs)
    if not quiet:
        for line in summary_lines(result):
            click.echo(line)
    if not result.conforms:
        click.echo(result.report.text(), err=True, nl=False)
        click.echo(f"isgraph: graph does not conform; not published (see {result.out}.rejected/report.txt)", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(f"published: {result.out}/")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path), default=DEFAULT_GRAPH)
@one_line_errors
def validate(graph: Path):
    """Validate GRAPH (Turtle, N-Triples or JSON-LD) against the isgraph SHACL shapes.

    Prints one line per result: severity, focus node and its label, path, message.
    Exit codes: 0 conforms, 1 violations, 2 error (unreadable file, malformed RDF).

    \b
    Example:
        isgraph validate dist/isgraph.ttl
    """
    from .graphio import load_graph
    from .validation import validate as run_validate

    report = run_validate(load_graph(graph))
    click.echo(report.text(), nl=False)
    sys.exit(report.exit_code)


@main.command()
@click.argument("name_or_file")
@click.option("--graph", "-g", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "-p", "params", multiple=True, help="Binding name=value (IRI <...>, prefix:local, number or text).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Local query engine.")
@click.option("--endpoint", default=None, help="Run against a remote SPARQL endpoint instead of the local graph.")
@one_line_errors
def query(name_or_file: str, graph: Path, fmt: str, params: tuple[str, ...], engine: str, endpoint: str | None):
    """Run a stored query (its name in `isgraph queries`) or a .rq file.

    Parameters are passed as bindings, never pasted into the query text.

    \b
    Examples:
        isgraph query financeurs-precarite-energetique
        isgraph query initiatives-par-territoire -p territoire=id:territoire/region-32
        isgraph query my.rq --format csv --graph dist/isgraph.ttl
    """
    from . import queries as q

    stored = q.find_query(name_or_file)
    bindings = dict(q.parse_param(p) for p in params)
    if endpoint:
        result = q.run_remote(endpoint, stored, bindings)
    elif engine == "rdflib":
        from .graphio import load_graph
        result = q.run_rdflib(load_graph(graph), stored, bindings)
    else:
        from .store import open_for_graph
        result = q.run_oxigraph(open_for_graph(graph), stored, bindings)
    click.echo(q.format_result(result, fmt), nl=False)


@main.command(name="queries")
@one_line_errors
def list_queries():
    """List the stored queries with the question each answers and its parameters.

    \b
    Example:
        isgraph queries
    """
    from .queries import stored_queries

    for sq in stored_queries():
        click.echo(f"{sq.name}")
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
    from .graphio import load_graph, statistics

    classes, properties, total = statistics(load_graph(graph))
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

    from .evaluation import evaluate as run_eval, load_gold
    from .graphio import load_graph

    result = run_eval(load_graph(graph), load_gold(gold_dir))
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(result.table(), nl=False)
    if details:
        click.echo("\n".join(result.details))


if __name__ == "__main__":  # pragma: no cover
    main()
