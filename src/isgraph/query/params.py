"""What a person types on the command line -> what the queries need: graph files, query names, parameter values.

- ``graph_file``: ``--graph`` may name the build's OUT directory (its ``isgraph.ttl``) or a graph file;
- ``find_query``: an unknown stored-query name is an error with "did you mean" suggestions;
- ``resolve_bindings``: ``-p territoire=Hauts-de-France``, ``-p territoire=32``, ``-p territoire=ter:region-32``,
  ``-p "theme=précarité énergétique"``, ``-p theme=alimentation``, ``-p financeur=ADEME`` are looked up in the graph
  being queried (labels, alternative labels, INSEE / SIREN codes, theme notations, IRIs). A value that matches
  nothing is an error with suggestions (rapidfuzz); a value that matches several is an error listing them. Nothing
  is ever pasted into query text: the resolved IRIs reach the query as bindings (``isgraph.query.queries``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from isgraph.errors import InputError, QueryError
from isgraph.normalize import fold

GRAPH_FILE_NAMES = ("isgraph.ttl", "isgraph.nt")


def graph_file(path: Path) -> Path:
    """The graph file of ``--graph``: a file as given, or OUT/isgraph.ttl of a build directory."""
    path = Path(path)
    if path.is_dir():
        for name in GRAPH_FILE_NAMES:
            if (path / name).is_file():
                return path / name
        raise InputError("no isgraph.ttl in this directory (run `isgraph build` first)", path=path)
    if not path.exists():
        raise InputError("no such graph file (run `isgraph build SEEDS --out DIR` first, or give --graph)", path=path)
    return path


def suggestions(value: str, choices: dict[str, str], limit: int = 3) -> list[str]:
    """The displayed names whose folded key is closest to `value` (choices: folded key -> display)."""
    from rapidfuzz import fuzz, process

    found = process.extract(fold(value), list(choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
    best = found[0][1] if found else 0
    out: list[str] = []
    for key, score, _i in found:
        if score < best - 8:
            break
        if choices[key] not in out:
            out.append(choices[key])
    return out[:limit]


def did_you_mean(names: list[str]) -> str:
    return f"; did you mean: {', '.join(names)}?" if names else ""


def find_query(name_or_file: str):
    """The stored query of this name (or a .rq file); unknown -> QueryError with the closest names."""
    from isgraph.query import queries as q

    try:
        return q.find_query(name_or_file)
    except QueryError:
        names = {fold(s.name): s.name for s in q.stored_queries() + q.federated_queries()}
        close = suggestions(name_or_file, names)
        raise QueryError(f"unknown query {name_or_file!r}{did_you_mean(close)} "
                         f"(`isgraph queries` lists them)") from None


# ---- parameter values ---------------------------------------------------------------------------------------------
_PREFIXES = """PREFIX isg: <https://w3id.org/isgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# kind -> SELECT ?s ?name ?code (one row per name / code of each candidate)
CANDIDATES = {
    "territoire": """SELECT ?s ?name ?code WHERE {
        ?s a isg:Territoire ; rdfs:label ?name .
        OPTIONAL { ?s isg:codeInsee ?code } OPTIONAL { ?s isg:siren ?code } }""",
    "theme": """SELECT ?s ?name ?code WHERE {
        ?s skos:inScheme <https://w3id.org/isgraph/theme/> .
        { ?s skos:prefLabel ?name } UNION { ?s skos:altLabel ?name } UNION { ?s rdfs:label ?name }
        OPTIONAL { ?s skos:notation ?code } }""",
    "fonction": """SELECT ?s ?name ?code WHERE {
        ?s skos:inScheme <https://w3id.org/isgraph/fonction/> .
        { ?s skos:prefLabel ?name } UNION { ?s rdfs:label ?name }
        OPTIONAL { ?s skos:notation ?code } }""",
    "acteur": """SELECT ?s ?name ?code WHERE {
        ?s a isg:Acteur . { ?s rdfs:label ?name } UNION { ?s skos:altLabel ?name } }""",
    "initiative": """SELECT ?s ?name ?code WHERE { ?s a isg:Initiative ; rdfs:label ?name }""",
}
PARAM_KINDS = {"territoire": "territoire", "theme": "theme", "fonction": "fonction", "initiative": "initiative",
               "acteur": "acteur", "financeur": "acteur", "porteur": "acteur", "partenaire": "acteur"}


@dataclass
class Candidate:
    iri: URIRef
    names: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    french: set[str] = field(default_factory=set)  # the names tagged @fr (shown first)

    def display(self) -> str:
        from isgraph.query.queries import _short

        pool = self.french or self.names
        name = sorted(pool, key=lambda n: (len(n), n))[0] if pool else _short(str(self.iri))
        code = f", {sorted(self.codes)[0]}" if self.codes else ""
        return f"{name} ({_short(str(self.iri))}{code})"


def candidates(run_select: Callable[[str], list[list[object]]], kind: str) -> list[Candidate]:
    by_iri: dict[URIRef, Candidate] = {}
    for s, name, code in run_select(_PREFIXES + CANDIDATES[kind]):
        if not isinstance(s, URIRef):
            continue
        c = by_iri.setdefault(s, Candidate(s))
        if name is not None:
            c.names.add(str(name))
            if getattr(name, "language", None) == "fr":
                c.french.add(str(name))
        if code is not None:
            c.codes.add(str(code))
    return sorted(by_iri.values(), key=lambda c: str(c.iri))


def resolve_value(param: str, value: str, found: list[Candidate]):
    """The one candidate IRI `value` designates; QueryError when none or several do."""
    from isgraph.query.queries import _short, to_term

    kind = PARAM_KINDS[param]
    text = value.strip()
    term = to_term(text) if text.startswith("<") or ":" in text else None
    if isinstance(term, URIRef):
        if not found or any(c.iri == term for c in found):
            return term
        close = suggestions(_short(str(term)).split(":", 1)[-1],
                            {fold(str(c.iri).rsplit("/", 1)[-1]): c.display() for c in found})
        raise QueryError(f"unknown {kind} {text!r} in the graph{did_you_mean(close)}")
    key = fold(text)
    for test in (lambda c: text in c.codes,
                 lambda c: any(fold(n) == key for n in c.names),
                 lambda c: fold(str(c.iri).rsplit("/", 1)[-1]) == key):
        hits = [c for c in found if test(c)]
        if len(hits) == 1:
            return hits[0].iri
        if hits:
            listed = " ; ".join(c.display() for c in hits[:10])
            more = f" (and {len(hits) - 10} more)" if len(hits) > 10 else ""
            raise QueryError(f"{kind} {text!r} is ambiguous: {listed}{more}; give one of their IRIs, "
                             f"e.g. -p {param}={_short(str(hits[0].iri))}")
    choices: dict[str, str] = {}
    for c in found:
        for n in c.names:
            choices.setdefault(fold(n), c.display())
        for code in c.codes:
            choices.setdefault(code, c.display())
    raise QueryError(f"unknown {kind} {text!r} in the graph{did_you_mean(suggestions(text, choices))}")


def resolve_bindings(raw: tuple[str, ...], run_select: Callable[[str], list[list[object]]]) -> dict[str, object]:
    """`-p name=value` options -> bindings; values of known kinds are looked up in the graph."""
    from isgraph.query.queries import parse_param

    bindings: dict[str, object] = {}
    for text in raw:
        name, term = parse_param(text)
        kind = PARAM_KINDS.get(name)
        if kind is not None:
            value = text.partition("=")[2]
            term = resolve_value(name, value, candidates(run_select, kind))
        bindings[name] = term
    return bindings
