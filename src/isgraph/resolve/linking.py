"""Links to Wikidata: territories by their official codes, well-known organisations by their exact names.

``isgraph link`` reads a built graph, collects what can be linked and looks it up with SPARQLWrapper on a SPARQL
endpoint (Wikidata's query service by default), in batches of at most ``BATCH`` codes or names per ``VALUES``
block:

=================  ===========================================================  ==========================
kind               what                                                         Wikidata property
=================  ===========================================================  ==========================
commune            isg:Commune (and arrondissements municipaux), isg:codeInsee  P374 (code INSEE commune)
departement        isg:Departement, isg:codeInsee                               P2586
region             isg:Region, isg:codeInsee                                    P2585
ancienne-region    isg:AncienneRegion (pre-2016 code), isg:codeInsee            P2585
epci               isg:EPCI, isg:siren                                          P1616 (SIREN)
organisation       isg:Acteur named in ``data/links/organisations.txt``         exact label / alias (fr),
                   (key: the actor's IRI slug)                                  instance of organisation
=================  ===========================================================  ==========================

Current territories must not be dissolved on Wikidata (no P576); a code or name that gives more than one item is
ambiguous and left out (reported).  Results go to the cache file (TSV: kind, key, wikidata, label; sorted by kind
and key; ``paths.LINK_CACHE_FILE`` unless ``--cache`` or the ISGRAPH_LINK_CACHE environment variable says
otherwise).  ``isgraph build`` reads only the cache — never the network — to add ``owl:sameAs wd:Q…`` to
territories and organisations: the build stays offline and reproducible.  A collectivité actor ("Département du
Nord") is not the same thing as its territory and gets no owl:sameAs: it reaches Wikidata through
``isg:territoireDe``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from isgraph import __version__, paths
from isgraph.errors import IsgraphError, ResourceError
from isgraph.namespaces import ISG
from isgraph.normalize import fold

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
BATCH = 200
CACHE_ENV = "ISGRAPH_LINK_CACHE"
CACHE_HEADER = ("kind", "key", "wikidata", "label")
ORGANISATIONS_FILE = paths.LINK_ORGANISATIONS_FILE
USER_AGENT = f"isgraph/{__version__} (https://w3id.org/isgraph; linked open data on territorial social innovation)"

#: kind -> Wikidata property holding its code
CODE_PROPERTIES = {"commune": "P374", "departement": "P2586", "region": "P2585", "ancienne-region": "P2585",
                   "epci": "P1616"}
KINDS = tuple(sorted([*CODE_PROPERTIES, "organisation"]))
#: Wikidata "organization": an organisation found by name must be an instance of (a subclass of) it
ORGANISATION_CLASS = "Q43229"
#: isg: class of a territory node -> cache kind
TERRITORY_CLASSES = {"Commune": "commune", "Departement": "departement", "Region": "region",
                     "AncienneRegion": "ancienne-region", "EPCI": "epci"}
#: Territory.kind (isgraph.resolve.territories) -> cache kind
TERRITORY_KINDS = {"commune": "commune", "arrondissement-municipal": "commune", "departement": "departement",
                   "region": "region", "ancienne-region": "ancienne-region", "epci": "epci"}
_QID = re.compile(r"^Q[1-9]\d*$")
_ENTITY = "http://www.wikidata.org/entity/"


class LinkError(IsgraphError):
    """The SPARQL endpoint cannot be reached or answers with an error."""


# ---- the cache ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Link:
    kind: str
    key: str
    qid: str
    label: str


def cache_file() -> Path:
    """The cache the build reads: $ISGRAPH_LINK_CACHE when set, else the one shipped in the package."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else paths.LINK_CACHE_FILE


def _clean_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_cache(path: Path) -> dict[tuple[str, str], Link]:
    """(kind, key) -> Link.  A missing file is an empty cache; a malformed one is a ResourceError (file:line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"link cache unreadable: {exc}", path=path) from None
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != CACHE_HEADER:
        raise ResourceError(f"link cache must start with the header {' / '.join(CACHE_HEADER)}", path=path, line=1)
    out: dict[tuple[str, str], Link] = {}
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not all(c.strip() for c in cells[:3]):
            raise ResourceError("expected 4 tab-separated columns: kind, key, wikidata, label", path=path, line=i)
        kind, key, qid, label = (c.strip() for c in cells)
        if kind not in KINDS:
            raise ResourceError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})", path=path, line=i)
        if not _QID.match(qid):
            raise ResourceError(f"not a Wikidata item id: {qid!r}", path=path, line=i)
        if (kind, key) in out and out[(kind, key)].qid != qid:
            raise ResourceError(f"{kind} {key} linked twice", path=path, line=i)
        out[(kind, key)] = Link(kind, key, qid, label)
    return out


def cache_text(links: Iterable[Link]) -> str:
    """Canonical cache text: header, one line per (kind, key), sorted by kind then key, LF line ends."""
    rows = sorted({(ln.kind, ln.key): ln for ln in links}.values())
    out = ["\t".join(CACHE_HEADER)]
    out += ["\t".join((ln.kind, ln.key, ln.qid, _clean_cell(ln.label))) for ln in rows]
    return "\n".join(out) + "\n"


def write_cache(path: Path, links: Iterable[Link]) -> bool:
    """Write the cache atomically in canonical form; False when the file already had that content."""
    path = Path(path)
    text = cache_text(links)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".wikidata-", suffix=".tsv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def fix_cache(path: Path) -> bool:
    """Rewrite a cache file in canonical form (True when it changed)."""
    return write_cache(path, read_cache(path).values())


@lru_cache(maxsize=4)
def _cached(path: str, _stamp: tuple) -> dict[tuple[str, str], Link]:
    return read_cache(Path(path))


def loaded_cache(path: Path | None = None) -> dict[tuple[str, str], Link]:
    """The cache of the build, read once per file version."""
    path = Path(path) if path is not None else cache_file()
    try:
        st = path.stat()
        stamp: tuple = (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        stamp = ()
    return _cached(str(path), stamp)


def territory_key(territory) -> tuple[str, str] | None:
    """(kind, code) of a gazetteer Territory in the cache, or None (PNR, lieux, quartiers are not linked)."""
    kind = TERRITORY_KINDS.get(territory.kind)
    code = territory.siren if kind == "epci" else territory.code_insee
    return (kind, code) if kind and code else None


def territory_qid(territory, cache: dict | None = None) -> str | None:
    key = territory_key(territory)
    if key is None:
        return None
    link = (cache if cache is not None else loaded_cache()).get(key)
    return link.qid if link else None


def actor_qid(actor, cache: dict | None = None) -> str | None:
    """Wikidata item of an organisation actor (never of a collectivité: that is its territory's item)."""
    if getattr(actor, "territory", None) is not None:
        return None
    link = (cache if cache is not None else loaded_cache()).get(("organisation", actor.slug))
    return link.qid if link else None


# ---- what to link -----------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def well_known_organisations() -> frozenset[str]:
    """Folded canonical names of the organisations looked up by name (data/links/organisations.txt)."""
    from isgraph.extract.common import read_word_list

    return frozenset(fold(w) for w in read_word_list(ORGANISATIONS_FILE))


@dataclass(frozen=True)
class Target:
    kind: str
    key: str  # INSEE code, SIREN, or the actor's slug
    label: str  # our label (reports, cache label when Wikidata has none in French)
    names: tuple[str, ...] = ()  # organisations: exact names to look up


def targets_from_graph(graph: Graph) -> list[Target]:
    """Territories with a code and well-known organisations of a built graph, sorted by (kind, key)."""
    found: dict[tuple[str, str], Target] = {}
    for cls, kind in TERRITORY_CLASSES.items():
        prop = ISG.siren if kind == "epci" else ISG.codeInsee
        for node in graph.subjects(RDF.type, ISG[cls]):
            code = graph.value(node, prop)
            if code is None:
                continue
            found.setdefault((kind, str(code)), Target(kind, str(code), str(graph.value(node, RDFS.label) or code)))
    known = well_known_organisations()
    aliases: dict[str, set[str]] = defaultdict(set)
    for alias, canonical in _alias_rows():
        aliases[fold(canonical)].add(alias)
    for node in graph.subjects(RDF.type, ISG.Acteur):
        if not isinstance(node, URIRef) or graph.value(node, ISG.territoireDe) is not None:
            continue
        label = graph.value(node, RDFS.label)
        if label is None or fold(str(label)) not in known:
            continue
        names = {str(label), *(str(x) for x in graph.objects(node, SKOS.altLabel)), *aliases.get(fold(label), ())}
        slug = str(node).rstrip("/").rsplit("/", 1)[-1]
        found[("organisation", slug)] = Target("organisation", slug, str(label), tuple(sorted(names)))
    return [found[k] for k in sorted(found)]


def _alias_rows() -> list[tuple[str, str]]:
    from isgraph.resolve.actors import ALIASES_FILE, ALIASES_HEADER, read_table

    return [(a, c) for a, c in read_table(ALIASES_FILE, ALIASES_HEADER).rows]


# ---- the endpoint -------------------------------------------------------------------------------------------------------
class Endpoint:
    """SELECT queries through SPARQLWrapper (POST, JSON results); every failure becomes one LinkError line."""

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url
        self.timeout = timeout
        self.requests = 0

    def select(self, query: str) -> list[dict[str, str]]:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        client = SPARQLWrapper(self.url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        client.setQuery(query)
        self.requests += 1
        try:
            data = client.queryAndConvert()
            bindings = data["results"]["bindings"]
        except Exception as exc:  # URLError, timeouts, SPARQLWrapper's HTTP errors, a non-JSON answer
            reason = getattr(exc, "reason", None) or exc
            first = next((ln.strip() for ln in str(reason).splitlines() if ln.strip()), type(exc).__name__)
            raise LinkError(f"SPARQL endpoint {self.url} failed: {first[:300]}") from None
        return [{k: v.get("value", "") for k, v in row.items()} for row in bindings]


PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def code_query(kind: str, codes: list[str]) -> str:
    values = " ".join(Literal(c).n3() for c in codes)
    current = "" if kind == "ancienne-region" else "  FILTER NOT EXISTS { ?item wdt:P576 ?end }\n"
    return (PREFIXES + "SELECT DISTINCT ?code ?item ?label WHERE {\n"
            f"  VALUES ?code {{ {values} }}\n"
            f"  ?item wdt:{CODE_PROPERTIES[kind]} ?code .\n" + current +
            '  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "fr") }\n}\n')


def name_query(names: list[str]) -> str:
    values = " ".join(Literal(n, lang="fr").n3() for n in names)
    return (PREFIXES + "SELECT DISTINCT ?name ?item ?label WHERE {\n"
            f"  VALUES ?name {{ {values} }}\n"
            "  { ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name }\n"
            f"  ?item wdt:P31/wdt:P279* wd:{ORGANISATION_CLASS} .\n"
            '  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "fr") }\n}\n')


def batches(items: list, size: int = BATCH) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _qid(iri: str) -> str | None:
    if iri.startswith(_ENTITY) and _QID.match(iri[len(_ENTITY):]):
        return iri[len(_ENTITY):]
    return None


@dataclass
class Lookup:
    links: list[Link] = field(default_factory=list)
    ambiguous: list[Target] = field(default_factory=list)
    missing: list[Target] = field(default_factory=list)


def lookup(targets: list[Target], endpoint: Endpoint, log: Callable[[str], None] = lambda m: None) -> Lookup:
    """Query the endpoint for every target; one Link per target that gives exactly one item."""
    result = Lookup()
    items: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    by_kind: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_kind[t.kind].append(t)
    for kind in sorted(by_kind):
        group = by_kind[kind]
        if kind == "organisation":
            owners: dict[str, set[str]] = defaultdict(set)
            for t in group:
                for n in t.names:
                    owners[n].add(t.key)
            names = sorted(owners)
            for chunk in batches(names):
                log(f"link: {len(chunk)} organisation names -> {endpoint.url}")
                for row in endpoint.select(name_query(chunk)):
                    qid = _qid(row.get("item", ""))
                    if qid is None:
                        continue
                    labels.setdefault(qid, row.get("label", ""))
                    for key in owners.get(row.get("name", ""), ()):
                        items[(kind, key)].add(qid)
        else:
            codes = sorted({t.key for t in group})
            for chunk in batches(codes):
                log(f"link: {len(chunk)} {kind} codes -> {endpoint.url}")
                for row in endpoint.select(code_query(kind, chunk)):
                    qid = _qid(row.get("item", ""))
                    if qid is None:
                        continue
                    if row.get("label"):
                        labels[qid] = min(labels.get(qid) or row["label"], row["label"])
                    items[(kind, row.get("code", ""))].add(qid)
    for t in targets:
        found = items.get((t.kind, t.key), set())
        if len(found) == 1:
            qid = next(iter(found))
            result.links.append(Link(t.kind, t.key, qid, labels.get(qid) or t.label))
        elif found:
            result.ambiguous.append(t)
        else:
            result.missing.append(t)
    return result


# ---- isgraph link ---------------------------------------------------------------------------------------------------------
@dataclass
class LinkReport:
    cache: Path
    targets: Counter = field(default_factory=Counter)  # kind -> targets in the graph
    linked: Counter = field(default_factory=Counter)  # kind -> targets with a cache entry after the run
    queried: int = 0
    requests: int = 0
    added: int = 0
    changed: int = 0
    ambiguous: list[Target] = field(default_factory=list)
    missing: list[Target] = field(default_factory=list)
    entries: int = 0
    written: bool = False

    def lines(self) -> list[str]:
        def counts(c: Counter) -> str:
            return ", ".join(f"{k} {c[k]}" for k in sorted(c)) or "none"

        total, linked = sum(self.targets.values()), sum(self.linked.values())
        out = [f"targets: {total} ({counts(self.targets)})",
               f"linked from the cache: {linked}/{total} ({counts(self.linked)})"]
        if self.requests:
            out.append(f"queried: {self.queried} in {self.requests} request(s); {self.added} new link(s), "
                       f"{self.changed} changed, {len(self.ambiguous)} ambiguous, {len(self.missing)} not found")
        out += [f"  ambiguous: {t.kind} {t.key} ({t.label})" for t in self.ambiguous]
        out.append(f"cache: {self.cache} ({self.entries} entries{', rewritten' if self.written else ''}); "
                   "`isgraph build` adds owl:sameAs from it")
        return out


def link(graph: Graph, cache: Path, endpoint: str | None = WIKIDATA_ENDPOINT, *, offline: bool = False,
         refresh: bool = False, timeout: float = 60.0, log: Callable[[str], None] = lambda m: None,
         client: Endpoint | None = None) -> LinkReport:
    """Look up the targets of ``graph`` missing from ``cache`` (all of them with ``refresh``) and merge the results
    into the cache.  ``offline``: no query, only report what the cache covers."""
    cache = Path(cache)
    entries = read_cache(cache)
    targets = targets_from_graph(graph)
    report = LinkReport(cache)
    report.targets.update(t.kind for t in targets)
    todo = targets if refresh else [t for t in targets if (t.kind, t.key) not in entries]
    if not offline and todo:
        client = client or Endpoint(endpoint or WIKIDATA_ENDPOINT, timeout)
        try:
            found = lookup(todo, client, log)
        finally:
            report.requests = client.requests
        report.queried = len(todo)
        report.ambiguous, report.missing = found.ambiguous, found.missing
        for ln in found.links:
            old = entries.get((ln.kind, ln.key))
            if old is None:
                report.added += 1
            elif old.qid != ln.qid:
                report.changed += 1
            entries[(ln.kind, ln.key)] = ln
        report.written = write_cache(cache, entries.values())
    report.entries = len(entries)
    report.linked.update(t.kind for t in targets if (t.kind, t.key) in entries)
    return report
