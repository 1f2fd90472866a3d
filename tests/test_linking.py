"""`isgraph link`: the real SPARQLWrapper code against a local Oxigraph server (tests/servers.py) loaded with a small
Wikidata-shaped fixture (tests/fixtures/wikidata/wikidata.ttl, fictitious item ids); the link cache; owl:sameAs in
the build from the cache only. Nothing here touches the internet: every endpoint is on 127.0.0.1."""

from __future__ import annotations

import re
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import OWL

from isgraph import paths
from isgraph.resolve import linking
from isgraph.cli import main
from isgraph.ingest.documents import SourceDocument
from isgraph.errors import ResourceError
from isgraph.rdf.graph import BuildInput, build_graph
from isgraph.resolve.linking import CACHE_ENV, Endpoint, Link, LinkError, Target
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from servers import free_port, oxigraph_server  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata" / "wikidata.ttl"
ID = "https://w3id.org/isgraph/id/"
WD = "http://www.wikidata.org/entity/"

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(oxigraph_server) -> str:  # noqa: F811
    """Query URL of the local Oxigraph server holding the Wikidata-shaped fixture (default graph)."""
    req = urllib.request.Request(oxigraph_server.url("/store?default"), data=FIXTURE.read_bytes(), method="POST",
                                 headers={"Content-Type": "text/turtle"})
    urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=30).close()
    return oxigraph_server.url("/query")


def _items() -> list[BuildInput]:
    """Two small documents naming seed places and organisations (names as written)."""
    text = "\n".join(f"ligne {i}" for i in range(1, 21)) + "\n"
    docs = []
    for name, recs in [
        ("900_liens.txt", [
            InitiativeRecord("900_liens.txt", "Épicerie solidaire", 1, 8,
                             porteurs=[Mention("Ville de Béthune", 2)],
                             partenaires=[Mention("Fondation de France", 3), Mention("FEDER", 4),
                                          Mention("Medef", 5)],
                             financements=[Funding("ADEME", 6, Decimal("1000")), Funding("CR GRAND EST", 7)],
                             territoires=[Mention("Béthune", 2), Mention("Bordeaux", 3)]),
        ]),
        ("901_liens.txt", [
            InitiativeRecord("901_liens.txt", "Jardins partagés", 1, 9,
                             porteurs=[Mention("Agence de la transition écologique", 2)],
                             partenaires=[Mention("Mutualité sociale agricole", 3), Mention("CAF 36", 4)],
                             financements=[Funding("Conseil départemental du Nord", 5)],
                             territoires=[Mention("Beauvais", 2), Mention("Paris", 3), Mention("Limousin", 4),
                                          Mention("CC Mad et Moselle", 5), Mention("Vertou", 6)]),
        ]),
    ]:
        doc = SourceDocument(name, Path(name), text, "0" * 64)
        docs.append(BuildInput(doc, "cartes-postales", recs))
    return docs


@pytest.fixture(scope="module")
def small_graph():
    return build_graph(_items())


@pytest.fixture
def graph_file(small_graph, tmp_path) -> Path:
    path = tmp_path / "isgraph.ttl"
    small_graph.serialize(path, format="turtle")
    return path


EXPECTED = {
    ("commune", "62119"): "Q99910001",  # Béthune
    ("commune", "60057"): "Q99910002",  # Beauvais
    ("commune", "75056"): "Q99910004",  # Paris (not the dissolved Q99910005 with the same code)
    ("commune", "44215"): "Q99910009",  # Vertou (label in English only: found by its code)
    ("departement", "59"): "Q99920001",
    ("departement", "62"): "Q99920002",
    ("region", "32"): "Q99930001",
    ("region", "44"): "Q99930003",
    ("region", "75"): "Q99930002",
    ("ancienne-region", "31"): "Q99930004",
    ("ancienne-region", "74"): "Q99930005",
    ("epci", "200070738"): "Q99940001",
    ("epci", "243300316"): "Q99940002",  # Bordeaux Métropole, the EPCI of Bordeaux
    ("organisation", "ademe"): "Q99950001",
    ("organisation", "fondation-france"): "Q99950002",  # the building of the same name is not an organisation
    ("organisation", "msa"): "Q99950006",
}


# ---- the cache -------------------------------------------------------------------------------------------------------------
def test_shipped_cache_is_canonical():
    cache = linking.read_cache(paths.LINK_CACHE_FILE)
    text = paths.LINK_CACHE_FILE.read_text(encoding="utf-8")
    assert text == linking.cache_text(cache.values()), "run: python -m isgraph.resolve.actors --fix"
    assert text.startswith("kind\tkey\twikidata\tlabel\n")


def test_cache_text_is_sorted_and_deduplicated():
    links = [Link("region", "32", "Q2", "b"), Link("commune", "62119", "Q1", "a\tb"), Link("region", "32", "Q2", "b")]
    assert linking.cache_text(links) == "kind\tkey\twikidata\tlabel\ncommune\t62119\tQ1\ta b\nregion\t32\tQ2\tb\n"


@pytest.mark.parametrize(("text", "line"), [
    ("kind\tkey\n", 1),
    ("kind\tkey\twikidata\tlabel\ncommune\t62119\tX12\tBéthune\n", 2),
    ("kind\tkey\twikidata\tlabel\npays\tFR\tQ142\tFrance\n", 2),
    ("kind\tkey\twikidata\tlabel\ncommune\t62119\tQ1\n", 2),
])
def test_malformed_cache_is_one_clear_error(tmp_path, text, line):
    path = tmp_path / "links.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        linking.read_cache(path)
    assert err.value.line == line and str(path) in err.value.one_line()


def test_targets_of_a_graph(small_graph):
    targets = {(t.kind, t.key): t for t in linking.targets_from_graph(small_graph)}
    assert {("commune", "62119"), ("departement", "62"), ("region", "32"), ("ancienne-region", "31"),
            ("epci", "200070738"), ("organisation", "ademe"), ("organisation", "msa")} <= set(targets)
    # collectivités are linked through their territory, never by name
    assert not any(k == "organisation" and key.startswith(("ville-", "departement-", "region-"))
                   for k, key in targets)
    assert "Agence de la transition écologique" in targets[("organisation", "ademe")].names
    assert ("organisation", "caf-de-l-indre") not in targets  # not a well-known organisation


# ---- against the local server ----------------------------------------------------------------------------------------------
def test_link_against_local_server(small_graph, endpoint, tmp_path):
    cache = tmp_path / "links.tsv"
    report = linking.link(small_graph, cache, endpoint)
    entries = linking.read_cache(cache)
    assert {k: v.qid for k, v in entries.items()} == {k: q for k, q in EXPECTED.items() if k in entries}
    assert set(EXPECTED) <= set(entries)
    assert ("commune", "33063") not in entries  # two current items have Bordeaux's code: ambiguous
    assert ("organisation", "feder") not in entries  # two organisations are called FEDER: ambiguous
    assert ("organisation", "medef") not in entries  # only an English label
    assert {(t.kind, t.key) for t in report.ambiguous} == {("commune", "33063"), ("organisation", "feder")}
    assert entries[("commune", "62119")].label == "Béthune"
    assert entries[("commune", "44215")].label == "Vertou"  # our label when Wikidata has none in French
    assert report.added == len(entries) and report.written
    assert cache.read_text(encoding="utf-8") == linking.cache_text(entries.values())
    assert report.requests == len({t.kind for t in linking.targets_from_graph(small_graph)})

    # idempotent: a second run queries only what is still missing and leaves the file byte-identical
    before = cache.read_bytes()
    again = linking.link(small_graph, cache, endpoint)
    assert cache.read_bytes() == before and not again.written and again.added == 0
    assert again.queried == len(again.missing) + len(again.ambiguous)
    refreshed = linking.link(small_graph, cache, endpoint, refresh=True)
    assert cache.read_bytes() == before and refreshed.changed == 0 and refreshed.added == 0


def test_batches_of_at_most_200(endpoint):
    codes = [f"{n:05d}" for n in range(450)] + ["62119"]
    client = Endpoint(endpoint)
    found = linking.lookup([Target("commune", c, c) for c in codes], client)
    assert client.requests == 3  # 200 + 200 + 51 codes
    assert [(ln.key, ln.qid) for ln in found.links] == [("62119", "Q99910001")]
    for chunk in linking.batches(codes):
        (values,) = re.findall(r"VALUES \?code \{([^}]*)\}", linking.code_query("commune", chunk))
        assert len(values.split()) == len(chunk) <= linking.BATCH
    assert [len(b) for b in linking.batches(codes)] == [200, 200, 51]


def test_names_with_quotes_are_escaped(endpoint):
    found = linking.lookup([Target("organisation", "x", "x", ('Un "nom" \\ étrange', "l'ADEME", "ADEME"))],
                           Endpoint(endpoint))
    assert [ln.qid for ln in found.links] == ["Q99950001"]


def test_cli_link(graph_file, endpoint, tmp_path):
    cache = tmp_path / "links.tsv"
    runner = CliRunner()
    res = runner.invoke(main, ["link", "--graph", str(graph_file), "--endpoint", endpoint, "--cache", str(cache)])
    assert res.exit_code == 0, res.output
    assert f"linked from the cache: {len(EXPECTED)}/" in res.output
    assert len(linking.read_cache(cache)) == len(EXPECTED)
    # offline: no query at all (the endpoint given is unreachable), the cache is only read
    dead = f"http://127.0.0.1:{free_port()}/query"
    res = runner.invoke(main, ["link", "--graph", str(graph_file), "--endpoint", dead, "--cache", str(cache),
                               "--offline"])
    assert res.exit_code == 0, res.output
    assert f"linked from the cache: {len(EXPECTED)}/" in res.output and "queried" not in res.output


def test_network_failure_is_one_line_and_leaves_the_cache(graph_file, tmp_path):
    cache = tmp_path / "links.tsv"
    cache.write_text("kind\tkey\twikidata\tlabel\ncommune\t62119\tQ99910001\tBéthune\n", encoding="utf-8")
    before = cache.read_bytes()
    dead = f"http://127.0.0.1:{free_port()}/query"
    res = CliRunner().invoke(main, ["link", "--graph", str(graph_file), "--endpoint", dead, "--cache", str(cache)])
    assert res.exit_code == 2
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("isgraph:")]
    assert len(errors) == 1 and errors[0].startswith(f"isgraph: error: SPARQL endpoint {dead} failed:")
    assert "Traceback" not in res.output
    assert cache.read_bytes() == before


def test_endpoint_error_is_a_link_error(endpoint):
    with pytest.raises(LinkError, match="failed"):
        Endpoint(endpoint).select("SELECT WHERE { this is not SPARQL")


# ---- the build reads the cache -------------------------------------------------------------------------------------------
def test_build_adds_owl_sameas_from_the_cache(small_graph, endpoint, tmp_path, monkeypatch):
    cache = tmp_path / "links.tsv"
    linking.link(small_graph, cache, endpoint)
    monkeypatch.setenv(CACHE_ENV, str(cache))
    g = build_graph(_items())

    def same(path):
        return {str(o) for o in g.objects(URIRef(ID + path), OWL.sameAs)}

    assert same("territoire/commune-62119") == {WD + "Q99910001"}
    assert same("territoire/region-44") == {WD + "Q99930003"}
    assert same("territoire/ancienne-region-limousin") == {WD + "Q99930005"}
    assert same("territoire/epci-200070738") == {WD + "Q99940001"}
    assert same("acteur/ademe") == {WD + "Q99950001"}
    assert same("territoire/commune-33063") == set()  # ambiguous: not linked
    # a collectivité is not its territory: it reaches Wikidata through isg:territoireDe
    assert same("acteur/ville-de-bethune") == set() and same("acteur/region-grand-est") == set()
    assert len(set(g.subject_objects(OWL.sameAs))) == len(linking.read_cache(cache))
    # reproducible: the same cache gives the same triples; the validation still conforms
    assert set(build_graph(_items())) == set(g)
    from isgraph.pipeline import assemble
    from isgraph.validate.validation import validate

    reasoned, _ = assemble(_items())
    assert validate(reasoned).conforms


def test_build_without_links_has_no_sameas(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "missing.tsv"))
    assert not set(build_graph(_items()).subject_objects(OWL.sameAs))


def test_link_the_seed_graph(seed_graph, endpoint, tmp_path):
    """The seed graph against the fixture: every fixture item whose code or name is in the seeds is linked."""
    cache = tmp_path / "links.tsv"
    report = linking.link(seed_graph, cache, endpoint)
    entries = linking.read_cache(cache)
    assert set(EXPECTED) <= set(entries)
    assert ("commune", "17300") in entries and ("departement", "36") in entries
    assert sum(report.linked.values()) == len(entries) >= 18
    assert sum(report.targets.values()) > 150


def test_readme_federated_query_runs(graph_file, endpoint, tmp_path):
    """The README's example, with Wikidata's endpoint replaced by the local fixture server (rdflib follows SERVICE)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linking to INSEE and Wikidata", 1)[1].split("\n## ", 1)[0]
    (query,) = re.findall(r"```sparql\n(.*?)```", section, re.DOTALL)
    assert "SERVICE <https://query.wikidata.org/sparql>" in query
    rq = tmp_path / "population.rq"
    rq.write_text(query.replace("https://query.wikidata.org/sparql", endpoint), encoding="utf-8")
    res = CliRunner().invoke(main, ["query", str(rq), "--engine", "rdflib", "--graph", str(graph_file),
                                    "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = res.stdout.strip().splitlines()
    assert rows[0] == "initiative,titre,commune,insee,item,population"
    assert {tuple(r.split(",")[3:]) for r in rows[1:]} == {("62119", WD + "Q99910001", "1001"),
                                                          ("60057", WD + "Q99910002", "1002")}
