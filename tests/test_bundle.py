"""The open-data bundle of the seed build: CSV + Frictionless datapackage, TriG per document, DCAT/VoID catalogue,
HTML ontology documentation — checked for consistency with the graph, determinism, and with independent parsers
(Jena riot, raptor's rapper, pyld, pyoxigraph)."""

from __future__ import annotations

import csv
import hashlib
import html.parser
import json
import re
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib import namespace as NS
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from isgraph.publication import bundle
from isgraph.namespaces import ISG, VOID
from servers import rapper_binary, riot_command

TABLES = ["initiatives", "acteurs", "financements", "territoires", "roles", "documents"]
RDF_FILES = {"isgraph.ttl": "turtle", "isgraph.nt": "ntriples", "isgraph.trig": "trig", "catalog.ttl": "turtle",
             "ontology/isgraph.ttl": "turtle", "ontology/themes.ttl": "turtle", "ontology/schemes.ttl": "turtle"}


@pytest.fixture(scope="module")
def out(built) -> Path:
    """The directory the seed build wrote (the rejected one if the graph did not conform: the bundle is the same)."""
    result, out = built
    return out if (out / "isgraph.ttl").exists() else Path(f"{out}.rejected")


@pytest.fixture(scope="module")
def nt_graph(out) -> Graph:
    g = Graph()
    g.parse(out / "isgraph.nt", format="nt")
    return g


@pytest.fixture(scope="module")
def catalog(out) -> Graph:
    g = Graph()
    g.parse(out / "catalog.ttl", format="turtle")
    return g


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


# ---- files, sizes, checksums ----------------------------------------------------------------------------------

def test_bundle_files_exist(out):
    for name in [*(f"{t}.csv" for t in TABLES), "datapackage.json", "isgraph.trig", "catalog.ttl",
                 "ontology/index.html", "SHA256SUMS", "isgraph.ttl", "isgraph.nt", "isgraph.jsonld"]:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name


def test_sha256sums_cover_every_published_file(out):
    listed = {}
    for line in (out / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    files = {f for f in files if not f.startswith(("store/", ".cache/"))  # bookkeeping, not published
             and f not in ("SHA256SUMS", ".isgraph-output")}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


def test_catalog_distributions_state_the_real_sizes_and_media_types(out, catalog):
    dists = set(catalog.objects(bundle.DATASET, NS.DCAT.distribution))
    urls = set()
    for d in dists:
        url = str(catalog.value(d, NS.DCAT.downloadURL))
        name = url[len(bundle.DEFAULT_DOWNLOAD_BASE):]
        urls.add(name)
        size = catalog.value(d, NS.DCAT.byteSize)
        assert size is not None and size.datatype == NS.XSD.nonNegativeInteger, d
        assert int(size) == (out / name).stat().st_size, name
        media = str(catalog.value(d, NS.DCAT.mediaType))
        assert media.startswith("http://www.iana.org/assignments/media-types/"), d
        assert catalog.value(d, DCTERMS.license) == bundle.LICENCE
        assert catalog.value(d, DCTERMS["format"]) is not None
    expected = {"isgraph.ttl", "isgraph.nt", "isgraph.jsonld", "isgraph.context.jsonld", "isgraph.trig", "isgraph.xlsx", "initiatives.jsonld",
                "datapackage.json", "ontology/index.html", *(f"{t}.csv" for t in TABLES)}
    assert urls == expected
    media = {u: str(catalog.value(d, NS.DCAT.mediaType)).rsplit("media-types/", 1)[1]
             for d in dists for u in [str(catalog.value(d, NS.DCAT.downloadURL)).rsplit("/dist/", 1)[1]]}
    assert media["isgraph.ttl"] == "text/turtle" and media["isgraph.nt"] == "application/n-triples"
    assert media["isgraph.jsonld"] == "application/ld+json" and media["isgraph.trig"] == "application/trig"
    assert media["roles.csv"] == "text/csv"


def test_catalog_is_dcat_ap_and_void(catalog, nt_graph):
    ds = bundle.DATASET
    assert (bundle.CATALOG, RDF.type, NS.DCAT.Catalog) in catalog
    assert (bundle.CATALOG, NS.DCAT.dataset, ds) in catalog
    assert (ds, RDF.type, NS.DCAT.Dataset) in catalog and (ds, RDF.type, VOID.Dataset) in catalog
    for s in (bundle.CATALOG, ds):
        langs = {t.language for t in catalog.objects(s, DCTERMS.title)}
        assert {"fr", "en"} <= langs
        assert catalog.value(s, DCTERMS.description) is not None
        assert catalog.value(s, DCTERMS.publisher) == bundle.PUBLISHER
        assert catalog.value(s, DCTERMS.license) == URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
    assert catalog.value(bundle.PUBLISHER, URIRef("http://xmlns.com/foaf/0.1/name")) is not None
    keywords = {str(k) for k in catalog.objects(ds, NS.DCAT.keyword)}
    assert "innovation sociale" in keywords and "Précarité énergétique" in keywords
    spatial = set(catalog.objects(ds, DCTERMS.spatial))
    assert URIRef("http://publications.europa.eu/resource/authority/country/FRA") in spatial
    regions = set(nt_graph.subjects(RDF.type, ISG.Region))
    assert regions and regions <= spatial
    # VoID statistics agree with the published graph
    assert int(catalog.value(ds, VOID.triples)) == len(nt_graph)
    classes = {catalog.value(p, VOID["class"]): int(catalog.value(p, VOID.entities))
               for p in catalog.objects(ds, VOID.classPartition)}
    assert classes[ISG.Initiative] == len(set(nt_graph.subjects(RDF.type, ISG.Initiative)))
    props = {catalog.value(p, VOID.property): int(catalog.value(p, VOID.triples))
             for p in catalog.objects(ds, VOID.propertyPartition)}
    assert props[ISG.financePar] == len(list(nt_graph.triples((None, ISG.financePar, None))))
    assert sum(props.values()) == len(nt_graph)
    # provenance: every source document is a dcterms:source of the dataset
    assert set(catalog.objects(ds, DCTERMS.source)) == set(nt_graph.subjects(RDF.type, ISG.Document))
    # linksets exactly when owl:sameAs links leave the dataset
    external = [o for o in nt_graph.objects(None, OWL.sameAs) if not str(o).startswith("https://w3id.org/isgraph/")]
    linksets = list(catalog.subjects(RDF.type, VOID.Linkset))
    assert sum(int(catalog.value(ls, VOID.triples)) for ls in linksets) == len(external)
    for ls in linksets:
        assert catalog.value(ls, VOID.linkPredicate) == OWL.sameAs
        assert catalog.value(ls, VOID.subjectsTarget) == ds


def test_linksets_for_same_as_links(tmp_path, nt_graph):
    g = Graph()
    for t in nt_graph:
        g.add(t)
    actors = sorted(g.subjects(RDF.type, ISG.Acteur), key=str)[:3]
    g.add((actors[0], OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q90")))
    g.add((actors[1], OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q142")))
    g.add((actors[2], OWL.sameAs, URIRef("http://id.insee.fr/geo/commune/abc")))
    bundle.write_tables(g, tmp_path)
    cat = bundle.catalog_graph(g, tmp_path, [], idx=None)
    sets = {str(cat.value(ls, VOID.objectsTarget)): int(cat.value(ls, VOID.triples))
            for ls in cat.subjects(RDF.type, VOID.Linkset)}
    assert sets == {"https://www.wikidata.org/": 2, "http://id.insee.fr/": 1}
    _, rows = read_csv(tmp_path / "acteurs.csv")
    assert {r["id"]: r["meme_que"] for r in rows}[str(actors[0])] == "http://www.wikidata.org/entity/Q90"


# ---- CSV tables and the Frictionless descriptor ----------------------------------------------------------------

def _cast(value: str, field: dict):
    t = field["type"]
    if t == "integer":
        return int(value)
    if t == "number":
        return Decimal(value)
    if t == "boolean":
        assert value in ("true", "false"), value
        return value == "true"
    if field.get("format") == "uri":
        assert re.match(r"^https?://\S+$", value), value
    pattern = field.get("constraints", {}).get("pattern")
    if pattern:
        assert re.fullmatch(pattern, value), (field["name"], value)
    return value


def test_datapackage_describes_the_csv_files(out):
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package" and pkg["name"] == "isgraph"
    assert pkg["licenses"][0]["path"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert [r["name"] for r in pkg["resources"]] == TABLES
    keys: dict[str, set] = {}
    tables = {}
    for res in pkg["resources"]:
        path = out / res["path"]
        assert res["bytes"] == path.stat().st_size
        assert res["mediatype"] == "text/csv" and res["encoding"] == "utf-8"
        header, rows = read_csv(path)
        fields = res["schema"]["fields"]
        assert header == [f["name"] for f in fields]
        for f in fields:
            assert f["type"] in ("string", "integer", "number", "boolean") and f["description"]
        for row in rows:
            for f in fields:
                if row[f["name"]] != "":
                    _cast(row[f["name"]], f)
        pk = res["schema"]["primaryKey"]
        values = [tuple(r[k] for k in pk) for r in rows]
        assert len(values) == len(set(values)), f"duplicate primary key in {res['name']}"
        assert all(all(v) for v in values)
        keys[res["name"]] = set(values)
        tables[res["name"]] = rows
        assert values == sorted(values), f"{res['name']} rows not sorted"
    for res in pkg["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            target = keys[fk["reference"]["resource"]]
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            for row in tables[res["name"]]:
                value = tuple(row[f] for f in fields)
                if all(value):
                    assert value in target, (res["name"], fk, value)


def test_csv_tables_agree_with_the_graph(out, nt_graph):
    g = nt_graph
    _, initiatives = read_csv(out / "initiatives.csv")
    assert {r["id"] for r in initiatives} == {str(s) for s in g.subjects(RDF.type, ISG.Initiative)}
    _, actors = read_csv(out / "acteurs.csv")
    assert {r["id"] for r in actors} == {str(s) for s in g.subjects(RDF.type, ISG.Acteur)}
    funders = {r["id"] for r in actors if r["financeur"] == "true"}
    assert funders == {str(s) for s in g.subjects(RDF.type, ISG.Financeur)}
    _, funding = read_csv(out / "financements.csv")
    assert {(r["initiative"], r["financeur"]) for r in funding} == \
        {(str(i), str(a)) for i, a in g.subject_objects(ISG.financePar)}
    amounts = {}
    for r in g.subjects(ISG.typeRole, URIRef("https://w3id.org/isgraph/role/financeur")):
        m = g.value(r, ISG.montant)
        if m is not None and g.value(r, ISG.acteur) is not None:  # generic mentions are not in financements
            i = next(g.subjects(ISG.role, r))
            amounts[(str(i), str(g.value(r, ISG.acteur)))] = Decimal(str(m))
    assert {(r["initiative"], r["financeur"]): Decimal(r["montant"]) for r in funding if r["montant"]} == amounts
    _, roles = read_csv(out / "roles.csv")
    assert len(roles) == len(set(g.subjects(RDF.type, ISG.Role)))
    for r in roles:
        node = URIRef(r["id"])
        assert (URIRef(r["initiative"]), ISG.role, node) in g
        assert r["document"] == str(g.value(node, PROV.wasDerivedFrom))
    _, territories = read_csv(out / "territoires.csv")
    assert {r["id"] for r in territories} == {str(s) for s in g.subjects(RDF.type, ISG.Territoire)}
    _, docs = read_csv(out / "documents.csv")
    assert sum(int(d["nombre_initiatives"]) for d in docs) == len(initiatives)


# ---- TriG: one named graph per document ----------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser uses ConjunctiveGraph
def test_trig_has_one_named_graph_per_document_and_the_whole_graph(out, nt_graph):
    store = ox.Store()
    store.load(path=str(out / "isgraph.trig"), format=ox.RdfFormat.TRIG)  # pyoxigraph: independent of rdflib
    graphs = defaultdict(set)
    for q in store:
        graphs[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None].add(
            (q.subject.value, q.predicate.value, str(q.object)))
    documents = {str(d) for d in nt_graph.subjects(RDF.type, ISG.Document)}
    assert set(graphs) - {None} == documents
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=(out / "isgraph.trig").read_text(encoding="utf-8"), format="trig")
    merged = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    assert isomorphic(merged, nt_graph)
    # every initiative's description sits in the graph of the document it comes from
    for i, doc in nt_graph.subject_objects(PROV.wasDerivedFrom):
        if (i, RDF.type, ISG.Initiative) in nt_graph:
            assert (str(i), str(RDF.type), f"<{ISG.Initiative}>") in graphs[str(doc)]


# ---- HTML documentation of the ontology ------------------------------------------------------------------------

class _Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.srcs = set(), set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.add(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "link":
            self.srcs.append(a.get("href", ""))


def test_ontology_html_documents_every_term(out):
    from isgraph.resources import ontology_graph

    text = (out / "ontology" / "index.html").read_text(encoding="utf-8")
    parser = _Anchors()
    parser.feed(text)
    assert parser.srcs == [], "the page must not load external resources"
    onto = ontology_graph()
    local = lambda xs: {x for x in xs if str(x).startswith("https://w3id.org/isgraph/")}
    terms = local(onto.subjects(RDF.type, OWL.Class)) | local(onto.subjects(RDF.type, OWL.ObjectProperty)) \
        | local(onto.subjects(RDF.type, OWL.DatatypeProperty)) \
        | local(onto.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    assert len(terms) > 50
    for t in terms:
        assert str(t) in parser.hrefs, t
    for href in parser.hrefs:
        if href.startswith("#"):
            assert href[1:] in parser.ids, href
    assert "Initiative" in text and "précarité énergétique".lower() in text.lower()


# ---- determinism and `isgraph publish` ------------------------------------------------------------------------

def test_publish_reproduces_the_build_byte_for_byte(out, tmp_path):
    from click.testing import CliRunner

    from isgraph.cli import main

    target = tmp_path / "pub"
    # from the N-Triples file: a lossless copy of the graph (the Turtle writer abbreviates literals)
    res = CliRunner().invoke(main, ["publish", str(out / "isgraph.nt"), "--out", str(target), "--no-validate"])
    assert res.exit_code == 0, res.output
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and not p.relative_to(out).as_posix().startswith(("store/", ".cache/")))
    texts = (out / "documents").is_dir()
    for name in names:
        if name in ("report.txt", "SHA256SUMS"):  # --no-validate writes an empty report
            continue
        if name.startswith("site/") and not texts:
            # without the published texts (OUT/documents/) next to the graph, `publish` has no source lines to
            # show: the site's pages are the same, the provenance extracts of initiative pages are empty
            assert (target / name).is_file(), name
            continue
        assert (target / name).read_bytes() == (out / name).read_bytes(), name
    assert (target / "store").is_dir()


def test_publish_refuses_a_non_conforming_graph_and_bad_options(out, tmp_path):
    from click.testing import CliRunner

    from isgraph.cli import main

    broken = tmp_path / "broken.nt"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    initiative = "<https://w3id.org/isgraph/id/initiative/"
    broken.write_text("".join(line for line in (out / "isgraph.nt").read_text(encoding="utf-8").splitlines(True)
                              if not (line.startswith(initiative) and f" {label} " in line)), encoding="utf-8")
    target = tmp_path / "pub"
    target.mkdir()
    (target / "keep.txt").write_text("previous publication\n")
    (target / ".isgraph-output").write_text("")  # a previous isgraph output (a foreign directory is refused first)
    res = CliRunner().invoke(main, ["publish", str(broken), "--out", str(target)])
    assert res.exit_code == 1 and "does not conform" in res.output
    assert sorted(p.name for p in target.iterdir()) == [".isgraph-output", "keep.txt"]
    res = CliRunner().invoke(main, ["publish", str(out / "isgraph.nt"), "--out", str(target), "--issued", "31/01/2025"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    assert sorted(p.name for p in target.iterdir()) == [".isgraph-output", "keep.txt"]


def test_bundle_is_deterministic_and_dated_only_on_request(nt_graph, out, tmp_path, monkeypatch):
    import shutil

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dirs = []
    for n, issued in enumerate([None, None, "2025-01-31"]):
        d = tmp_path / f"b{n}"
        d.mkdir()
        for name in bundle.CORE_FILES:
            shutil.copy(out / name, d / name)
        bundle.write_bundle(nt_graph, d, issued=issued)
        dirs.append(d)
    files = sorted(p.relative_to(dirs[0]).as_posix() for p in dirs[0].rglob("*") if p.is_file())
    for name in files:
        assert (dirs[0] / name).read_bytes() == (dirs[1] / name).read_bytes(), name
    cat0 = (dirs[0] / "catalog.ttl").read_text()
    assert "dcterms:issued" not in cat0 and "created" not in json.loads((dirs[0] / "datapackage.json").read_text())
    assert '"2025-01-31"^^xsd:date' in (dirs[2] / "catalog.ttl").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1738281600")  # 2025-01-31T00:00:00Z
    assert bundle.issued_date() == "2025-01-31"
    with pytest.raises(Exception):
        bundle.issued_date("31/01/2025")


# ---- independent parsers ---------------------------------------------------------------------------------------

def test_rdf_outputs_parse_with_jena_riot(out, tmp_path):
    cmd = riot_command(tmp_path)
    if cmd is None:
        pytest.skip("Jena riot not installed (Debian libapache-jena-java + java; scripts/install-servers.sh)")
    files = [str(out / f) for f in RDF_FILES]
    res = subprocess.run([*cmd, "--validate", *files], capture_output=True, text=True, timeout=120)
    problems = [line for line in (res.stdout + res.stderr).splitlines() if "WARN" in line or "ERROR" in line]
    assert res.returncode == 0 and not problems, "\n".join(problems[:20]) or res.stderr[-2000:]
    # JSON-LD with Jena's JSON-LD 1.0 reader (jsonld-java): the relative @context resolves to the local file
    nt = tmp_path / "from-jsonld.nt"
    with open(nt, "w") as f:
        res = subprocess.run([*cmd, "--syntax=jsonld10", "--output=nt", str(out / "isgraph.jsonld")],
                             stdout=f, stderr=subprocess.PIPE, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    g = Graph()
    g.parse(nt, format="nt")
    ref = Graph()
    ref.parse(out / "isgraph.nt", format="nt")
    assert isomorphic(g, ref)


def test_turtle_ntriples_and_trig_hold_the_same_triples(out):
    def triples(name: str, fmt) -> set[str]:
        return {f"{q.subject} {q.predicate} {q.object}" for q in ox.parse(path=str(out / name), format=fmt)}

    nt = triples("isgraph.nt", ox.RdfFormat.N_TRIPLES)
    assert triples("isgraph.ttl", ox.RdfFormat.TURTLE) == nt
    assert triples("isgraph.trig", ox.RdfFormat.TRIG) == nt


def test_rdf_outputs_parse_with_rapper(out):
    rapper = rapper_binary()
    if rapper is None:
        pytest.skip("rapper not installed (Debian raptor2-utils; scripts/install-servers.sh)")
    for name, syntax in RDF_FILES.items():
        res = subprocess.run([rapper, "-q", "-i", syntax, "-c", str(out / name)], capture_output=True, text=True,
                             timeout=120)
        assert res.returncode == 0 and "rror" not in res.stderr, f"{name}: {res.stderr[-1000:]}"


def test_jsonld_expands_with_pyld_to_the_same_graph(out, nt_graph):
    from pyld import jsonld

    context_file = out / "isgraph.context.jsonld"
    base = "https://isgraph.invalid/dist/isgraph.jsonld"
    fetched = []

    def loader(url, options=None):  # serves the local context file; anything else is refused (no network)
        fetched.append(url)
        if url == "https://isgraph.invalid/dist/isgraph.context.jsonld":
            return {"contextUrl": None, "documentUrl": url,
                    "document": json.loads(context_file.read_text(encoding="utf-8"))}
        raise jsonld.JsonLdError(f"refusing to fetch {url}", "loading document failed")

    doc = json.loads((out / "isgraph.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc, {"base": base, "documentLoader": loader})
    assert expanded and fetched
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": loader})
    g = Graph()
    g.parse(data=nquads, format="nt")
    assert isomorphic(g, nt_graph)
