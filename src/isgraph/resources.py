"""Loading the packaged RDF resources (ontology, schemes, shapes) with clear errors."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from isgraph import paths
from isgraph.errors import ResourceError


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """A packaged Turtle file, read by pyoxigraph into rdflib terms (`graphio._load_fast`: rdflib's own Turtle
    parser took a tenth of a small build on these files)."""
    from isgraph.rdf.graphio import _load_fast, oxigraph_syntax_error

    graph = graph if graph is not None else Graph()
    try:
        _load_fast(graph, Path(path), "turtle")
    except (FileNotFoundError, IsADirectoryError):
        raise ResourceError("file not found", path=path) from None
    except SyntaxError as exc:
        line, why = oxigraph_syntax_error(exc, Path(path))
        raise ResourceError(f"malformed Turtle: {why}", path=path, line=line) from None
    except Exception as exc:  # rdflib's parsers raise several exception types
        line, why = syntax_error_location(exc)
        raise ResourceError(f"malformed Turtle: {why}", path=path, line=line) from None
    return graph


def syntax_error_location(exc: Exception) -> tuple[int | None, str]:
    """(1-based line, reason) of an rdflib Turtle/N3 syntax error (its own line count is unreliable)."""
    text, index, why = getattr(exc, "_str", None), getattr(exc, "_i", None), getattr(exc, "_why", None)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = text[:index].count("\n") + 1 if isinstance(text, str) and isinstance(index, int) else None
    if not why:
        lines = str(exc).strip().splitlines()
        why = lines[0] if lines else type(exc).__name__
    return line, str(why)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The OWL ontology plus the SKOS schemes (themes, roles, fonctions, types, prix)."""
    files = paths.ontology_files()
    if not files:
        raise ResourceError("no ontology files (*.ttl)", path=paths.ONTOLOGY_DIR)
    graph = Graph()
    for f in files:
        parse_turtle(f, graph)
    return graph


@lru_cache(maxsize=1)
def scheme_graph() -> Graph:
    """Only the SKOS schemes (everything but the OWL ontology file): published with the data. Parsed once per
    process (rdflib's Turtle parser takes a good part of a small build); callers only read it."""
    graph = Graph()
    for f in paths.ontology_files():
        if f.name != paths.ONTOLOGY_FILE.name:
            parse_turtle(f, graph)
    return graph


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    files = paths.shape_files()
    if not files:
        raise ResourceError("no SHACL shapes files (*.ttl)", path=paths.SHAPES_DIR)
    graph = Graph()
    for f in files:
        parse_turtle(f, graph)
    return graph
