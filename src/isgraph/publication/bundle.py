"""The open-data bundle written next to the graph: CSV tables + Frictionless `datapackage.json`, TriG with one named
graph per source document, DCAT (DCAT-AP 3 style) + VoID catalogue (`catalog.ttl`) and the HTML documentation of
the ontology (`ontology/index.html`).

Everything is derived from the published graph alone (so `isgraph publish GRAPH` works on any built graph) and is
deterministic: rows and triples sorted, no blank nodes, no clock. The only date (`dcterms:issued`) comes from the
`issued` argument or the reproducible-builds variable `SOURCE_DATE_EPOCH`; without either there is none. The
catalogue is written last: the byte sizes it states are those of the files on disk; `SHA256SUMS` lists checksums.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from isgraph import __version__, paths
from isgraph.publication import publish
from isgraph.errors import IsgraphError
from isgraph.namespaces import DEFAULT_BASE, FN, ISG, PREFIXES, PRIX, ROLE, THEME, TYP, VOID, CachedNamespace

EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
IANA = "http://www.iana.org/assignments/media-types/"

LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
LICENCE_NAME = "etalab-2.0"
LICENCE_TITLE = "Licence Ouverte / Open Licence 2.0"

META = "https://w3id.org/isgraph/"
CATALOG = URIRef(META + "catalogue")
DATASET = URIRef(META + "dataset")
PUBLISHER = URIRef(META + "publisher")
ONTOLOGY = URIRef(META + "ontology")
DEFAULT_DOWNLOAD_BASE = META + "dist/"
PUBLISHER_NAME = "isgraph contributors"

CATALOG_FILE = "catalog.ttl"
SUMS_FILE = "SHA256SUMS"
TRIG_FILE = "isgraph.trig"
DATAPACKAGE_FILE = "datapackage.json"
ONTOLOGY_HTML = "ontology/index.html"

TITLE_FR = "isgraph : graphe de connaissances de l'innovation sociale territoriale"
TITLE_EN = "isgraph: knowledge graph of territorial social innovation"
DESCRIPTION_FR = ("Initiatives d'innovation sociale dans les territoires français, les acteurs qui les portent, "
                  "les financent ou y participent, les territoires servis et les thèmes, extraits de documents "
                  "publics (fiches de Parcs naturels régionaux, dossiers de prix, appels à projets régionaux, "
                  "diaporamas, pages de centres de ressources). Chaque fait renvoie au document et aux lignes "
                  "dont il est tiré.")
DESCRIPTION_EN = ("Social innovation initiatives in French territories, the actors that lead, fund or take part "
                  "in them, the territories they serve and their themes, extracted from public documents. Every "
                  "fact points back to the document and lines it comes from.")
KEYWORDS_FR = ["innovation sociale", "territoires", "économie sociale et solidaire", "initiatives locales",
               "financeurs", "acteurs", "collectivités", "données liées"]

# file name -> (title, IANA media type, EU file type, conformsTo)
FILE_KINDS = {
    ".ttl": ("Turtle", "text/turtle", "RDF_TURTLE", "http://www.w3.org/ns/formats/Turtle"),
    ".nt": ("N-Triples", "application/n-triples", "RDF_N_TRIPLES", "http://www.w3.org/ns/formats/N-Triples"),
    ".jsonld": ("JSON-LD", "application/ld+json", "JSON_LD", "http://www.w3.org/ns/formats/JSON-LD"),
    ".trig": ("TriG", "application/trig", "RDF_TRIG", "http://www.w3.org/ns/formats/TriG"),
    ".csv": ("CSV", "text/csv", "CSV", "https://www.rfc-editor.org/rfc/rfc4180"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", None),
    ".json": ("JSON", "application/json", "JSON", "https://specs.frictionlessdata.io/data-package/"),
    ".html": ("HTML", "text/html", "HTML", None),
}


# ---- small helpers -------------------------------------------------------------------------------------------

_NONE: dict = {}


class _Index:
    """One pass over the graph: the lookups every table needs."""

    def __init__(self, graph: Graph, triples: list | None = None, n3: dict | None = None):
        self.graph = graph
        self.n3 = n3  # term -> N-Triples form, when the caller has it (publish.Publication.n3)
        self.types: dict = defaultdict(set)
        self.labels: dict = {}
        self.triples = list(graph) if triples is None else triples
        from isgraph.rdf.compact import CompactStore

        if isinstance(graph.store, CompactStore):  # the build's working graph: its own subject index, no copy
            values = self.values = graph.store.spo  # {s: {p: {o: 1}}}, only read here
        else:
            values = self.values = defaultdict(lambda: defaultdict(list))
            for s, p, o in self.triples:
                values[s][p].append(o)
        rdf_type, label = RDF.type, RDFS.label  # looked up per subject (rdflib term equality is Python code)
        for s, pv in values.items():
            ts = pv.get(rdf_type)
            if ts:
                self.types[s].update(ts)
            ls = pv.get(label)
            if ls:
                self.labels[s] = min(str(x) for x in ls)

    def of_type(self, cls) -> list:
        return sorted((s for s, ts in self.types.items() if cls in ts and isinstance(s, URIRef)), key=str)

    def all(self, s, p) -> list:
        vals = self.values.get(s, _NONE).get(p)
        if not vals:
            return []
        if len(vals) == 1:
            return list(vals)
        n3 = self.n3
        return sorted(vals, key=(lambda o: (str(o), n3[o])) if n3 is not None else (lambda o: (str(o), o.n3())))

    def one(self, s, p):
        vals = self.all(s, p)
        return vals[0] if vals else None

    def label(self, s) -> str:
        return self.labels.get(s, "")


def _code(term, ns: Namespace | None = None) -> str:
    """Local code of a concept IRI (theme:alimentation -> alimentation); other IRIs stay whole."""
    if term is None:
        return ""
    text = str(term)
    if ns is not None and text.startswith(str(ns)):
        return text[len(str(ns)):]
    return text


def _cell(term) -> str:
    return "" if term is None else str(term)


def _join(values) -> str:
    return ";".join(sorted({str(v) for v in values if v is not None and str(v) != ""}))


def _paired(terms, label) -> tuple[str, str]:
    """IRIs and their labels as two ";" lists in the same order (sorted by IRI), so that they line up."""
    ordered = sorted({t for t in terms if t is not None}, key=str)
    return ";".join(str(t) for t in ordered), ";".join(label(t) for t in ordered)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def issued_date(issued: str | None = None) -> str | None:
    """The publication date: the `issued` argument (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else None (no clock)."""
    if issued:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
            raise IsgraphError(f"bad issued date {issued!r}: expected YYYY-MM-DD")
        return issued
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d")
    return None


# ---- CSV tables + Frictionless data package -----------------------------------------------------------------

IRI_FIELD = {"type": "string", "format": "uri"}
LIST_NOTE = " (plusieurs valeurs séparées par « ; »)"

TABLES: dict[str, dict] = {
    "initiatives": {
        "title": "Initiatives",
        "description": "Une ligne par initiative (projet, action ou service) décrite dans un document source.",
        "fields": [
            ("id", IRI_FIELD, "IRI de l'initiative"),
            ("libelle", {"type": "string"}, "Titre de l'initiative"),
            ("themes", {"type": "string"}, "Codes des thèmes (theme:{code})" + LIST_NOTE),
            ("territoires", {"type": "string"}, "IRI des territoires servis" + LIST_NOTE),
            ("territoires_libelles", {"type": "string"}, "Noms des territoires servis" + LIST_NOTE),
            ("porteurs", {"type": "string"}, "IRI des acteurs porteurs" + LIST_NOTE),
            ("porteurs_libelles", {"type": "string"}, "Noms des acteurs porteurs" + LIST_NOTE),
            ("nombre_financeurs", {"type": "integer"}, "Nombre de financeurs nommés"),
            ("financeurs_libelles", {"type": "string"}, "Noms des financeurs nommés" + LIST_NOTE),
            ("financeurs_generiques", {"type": "string"},
             "Financeurs désignés par une catégorie (« Communes », « la Région » sans région nommée)" + LIST_NOTE),
            ("budget", {"type": "number"}, "Budget principal en euros, tel qu'indiqué"),
            ("budget_libelle", {"type": "string"}, "Le budget tel qu'écrit dans le document"),
            ("annees", {"type": "string"}, "Années indiquées" + LIST_NOTE),
            ("prix", {"type": "string"}, "Prix TERRITORIA (or, argent, bronze)"),
            ("categorie", {"type": "string"}, "Rubrique sous laquelle l'initiative apparaît"),
            ("fonctions", {"type": "string"}, "Fonctions d'écosystème (aiguillon, inspirateur, connecteur)" + LIST_NOTE),
            ("document", IRI_FIELD, "IRI du document source"),
            ("fichier", {"type": "string"}, "Nom du fichier source"),
            ("ligne_debut", {"type": "integer"}, "Première ligne de l'initiative dans le document (à partir de 1)"),
            ("ligne_fin", {"type": "integer"}, "Dernière ligne de l'initiative dans le document"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [("document", "documents", "id")],
    },
    "acteurs": {
        "title": "Acteurs",
        "description": "Une ligne par organisation (association, collectivité, CCAS, Parc, fondation, État...).",
        "fields": [
            ("id", IRI_FIELD, "IRI de l'acteur"),
            ("libelle", {"type": "string"}, "Nom canonique"),
            ("type_acteur", {"type": "string"}, "Type d'organisation (typ:{code})"),
            ("financeur", {"type": "boolean"}, "Finance au moins une initiative"),
            ("territoire", IRI_FIELD, "Territoire administré (collectivité, CCAS, Parc)"),
            ("siren", {"type": "string", "constraints": {"pattern": "[0-9]{9}"}}, "Numéro SIREN"),
            ("initiatives_portees", {"type": "integer"}, "Nombre d'initiatives portées"),
            ("initiatives_financees", {"type": "integer"}, "Nombre d'initiatives financées"),
            ("initiatives_partenaire", {"type": "integer"}, "Nombre d'initiatives où l'acteur est partenaire"),
            ("meme_que", {"type": "string"}, "IRI équivalentes (owl:sameAs)" + LIST_NOTE),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [("territoire", "territoires", "id")],
    },
    "financements": {
        "title": "Financements",
        "description": "Qui finance quoi : une ligne par couple (initiative, financeur), avec le montant quand il est indiqué.",
        "fields": [
            ("initiative", IRI_FIELD, "IRI de l'initiative financée"),
            ("initiative_libelle", {"type": "string"}, "Titre de l'initiative"),
            ("financeur", IRI_FIELD, "IRI de l'acteur financeur"),
            ("financeur_libelle", {"type": "string"}, "Nom du financeur"),
            ("montant", {"type": "number"}, "Montant en euros apporté par ce financeur, quand il est indiqué"),
            ("role", IRI_FIELD, "IRI du nœud de rôle (provenance)"),
            ("document", IRI_FIELD, "IRI du document source"),
            ("ligne", {"type": "integer"}, "Ligne du document où le financeur est nommé"),
        ],
        "primaryKey": ["initiative", "financeur"],
        "foreignKeys": [("initiative", "initiatives", "id"), ("financeur", "acteurs", "id")],
    },
    "territoires": {
        "title": "Territoires",
        "description": "Communes, EPCI, départements, régions, Parcs naturels régionaux, quartiers, pays et lieux.",
        "fields": [
            ("id", IRI_FIELD, "IRI du territoire"),
            ("libelle", {"type": "string"}, "Nom"),
            ("type", {"type": "string"}, "Classe la plus précise (Commune, EPCI, Departement, Region...)"),
            ("code_insee", {"type": "string"}, "Code officiel INSEE"),
            ("siren", {"type": "string"}, "SIREN (EPCI)"),
            ("population", {"type": "integer"}, "Population"),
            ("inclus_dans", {"type": "string"}, "IRI des territoires englobants (fermeture transitive)" + LIST_NOTE),
            ("meme_que", {"type": "string"}, "IRI équivalentes (owl:sameAs)" + LIST_NOTE),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [],
    },
    "roles": {
        "title": "Rôles",
        "description": "La participation d'un acteur à une initiative (porteur, partenaire, financeur), avec sa provenance.",
        "fields": [
            ("id", IRI_FIELD, "IRI du nœud de rôle"),
            ("initiative", IRI_FIELD, "IRI de l'initiative"),
            ("acteur", IRI_FIELD, "IRI de l'acteur"),
            ("acteur_libelle", {"type": "string"}, "Nom de l'acteur"),
            ("mention_generique", {"type": "string"},
             "Nom générique tel qu'écrit, quand le participant est une catégorie et non un acteur identifié"),
            ("categorie_acteur", {"type": "string"}, "Type de la catégorie d'un nom générique (typ:{code})"),
            ("type_role", {"type": "string"}, "porteur, partenaire ou financeur (role:{code})"),
            ("montant", {"type": "number"}, "Montant en euros, quand il est indiqué"),
            ("niveau_document", {"type": "boolean"}, "Vrai si le fait est énoncé pour tout le document"),
            ("document", IRI_FIELD, "IRI du document source"),
            ("ligne", {"type": "integer"}, "Ligne du document où l'acteur est nommé"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [("initiative", "initiatives", "id"), ("acteur", "acteurs", "id"),
                        ("document", "documents", "id")],
    },
    "documents": {
        "title": "Documents sources",
        "description": "Les documents dont les faits sont extraits.",
        "fields": [
            ("id", IRI_FIELD, "IRI du document"),
            ("fichier", {"type": "string"}, "Nom du fichier"),
            ("famille", {"type": "string"}, "Famille de document"),
            ("sha256", {"type": "string", "constraints": {"pattern": "[0-9a-f]{64}"}}, "Empreinte SHA-256 du contenu"),
            ("nombre_lignes", {"type": "integer"}, "Nombre de lignes"),
            ("nombre_initiatives", {"type": "integer"}, "Nombre d'initiatives extraites"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [],
    },
}

TERRITORY_CLASSES = ["Commune", "EPCI", "Departement", "Region", "AncienneRegion", "ParcNaturelRegional",
                     "Quartier", "Pays", "Lieu"]


def table_rows(graph: Graph, idx: _Index | None = None) -> dict[str, list[list[str]]]:
    """name -> rows (cells as strings, empty = missing), sorted by their key."""
    return dict(iter_tables(graph, idx))


def iter_tables(graph: Graph, idx: _Index | None = None):
    """(name, rows) of each table in the order of TABLES, one at a time (a caller that writes each table before
    asking for the next holds one table's rows, not all six)."""
    I, P, O, R = (CachedNamespace(n) for n in (ISG, PROV, OWL, ROLE))  # terms built once, not per look-up
    g = ix = idx or _Index(graph)

    documents = ix.of_type(I.Document)
    initiatives = ix.of_type(I.Initiative)
    per_doc = defaultdict(int)
    r_init = []
    for i in initiatives:
        doc = g.one(i, P.wasDerivedFrom)
        per_doc[doc] += 1
        terr_iris, terr_labels = _paired(g.all(i, I.territoire), g.label)
        port_iris, port_labels = _paired(g.all(i, I.porteur), g.label)
        funders = set(g.all(i, I.financePar))
        generic_funders = [g.one(r, I.mentionGenerique) for r in g.all(i, I.role)
                           if g.one(r, I.typeRole) == R.financeur]
        r_init.append([
            str(i), g.label(i), _join(_code(t, THEME) for t in g.all(i, I.theme)),
            terr_iris, terr_labels, port_iris, port_labels,
            str(len(funders)), _paired(funders, g.label)[1], _join(generic_funders),
            _cell(g.one(i, I.budget)), _cell(g.one(i, I.budgetLibelle)),
            _join(g.all(i, I.annee)), _code(g.one(i, I.prix), PRIX), _cell(g.one(i, I.categorie)),
            _join(_code(f, FN) for f in g.all(i, I.fonction)),
            _cell(doc), _cell(g.one(doc, I.fichier)) if doc is not None else "",
            _cell(g.one(i, I.ligneDebut)), _cell(g.one(i, I.ligneFin)),
        ])
    yield "initiatives", r_init
    del r_init  # the caller has written it

    counts = defaultdict(lambda: defaultdict(set))
    for i in initiatives:
        for p in (I.porteur, I.financePar, I.partenaire):
            for a in g.all(i, p):
                counts[a][p].add(i)
    r_act = []
    for a in ix.of_type(I.Acteur):
        r_act.append([
            str(a), g.label(a), _code(g.one(a, I.typeActeur), TYP),
            "true" if I.Financeur in ix.types[a] else "false",
            _cell(g.one(a, I.territoireDe)), _cell(g.one(a, I.siren)),
            str(len(counts[a][I.porteur])), str(len(counts[a][I.financePar])),
            str(len(counts[a][I.partenaire])), _join(g.all(a, O.sameAs)),
        ])
    yield "acteurs", r_act
    del r_act  # the caller has written it

    roles = ix.of_type(I.Role)
    role_of, init_of_role = {}, {}
    for i in initiatives:
        for r in g.all(i, I.role):
            init_of_role.setdefault(r, i)
            role_of.setdefault((i, g.one(r, I.acteur), g.one(r, I.typeRole)), r)
    r_fin = []
    for i in initiatives:
        for a in sorted(set(g.all(i, I.financePar)), key=str):
            r = role_of.get((i, a, R.financeur))
            r_fin.append([
                str(i), g.label(i), str(a), g.label(a),
                _cell(g.one(r, I.montant)) if r is not None else "",
                _cell(r), _cell(g.one(r, P.wasDerivedFrom)) if r is not None else _cell(g.one(i, P.wasDerivedFrom)),
                _cell(g.one(r, I.ligne)) if r is not None else "",
            ])
    yield "financements", sorted(r_fin, key=lambda row: (row[0], row[2]))
    del r_fin  # the caller has written it

    r_terr = []
    for t in ix.of_type(I.Territoire):
        kinds = [c for c in TERRITORY_CLASSES if I[c] in ix.types[t]]
        r_terr.append([
            str(t), g.label(t), kinds[0] if kinds else "Territoire", _cell(g.one(t, I.codeInsee)),
            _cell(g.one(t, I.siren)), _cell(g.one(t, I.population)), _join(g.all(t, I.inclusDans)),
            _join(g.all(t, O.sameAs)),
        ])
    yield "territoires", r_terr
    del r_terr  # the caller has written it

    r_role = []
    for r in roles:
        a = g.one(r, I.acteur)
        r_role.append([str(r), _cell(init_of_role.get(r)), _cell(a), g.label(a) if a is not None else "",
                       _cell(g.one(r, I.mentionGenerique)), _code(g.one(r, I.categorieActeur), TYP),
                       _code(g.one(r, I.typeRole), ROLE), _cell(g.one(r, I.montant)),
                       _cell(g.one(r, I.niveauDocument)).lower(), _cell(g.one(r, P.wasDerivedFrom)),
                       _cell(g.one(r, I.ligne))])
    yield "roles", r_role
    del r_role  # the caller has written it

    r_doc = []
    for d in documents:
        r_doc.append([str(d), _cell(g.one(d, I.fichier)), _cell(g.one(d, I.famille)), _cell(g.one(d, I.sha256)),
                      _cell(g.one(d, I.nombreLignes)), str(per_doc.get(d, 0))])
    yield "documents", r_doc
    del r_doc  # the caller has written it


def datapackage(sizes: dict[str, int], documents: list[list[str]], issued: str | None) -> dict:
    resources = []
    for name, spec in TABLES.items():
        path = f"{name}.csv"
        size = sizes[path]
        schema = {
            "fields": [dict({"name": f, "description": d}, **t) for f, t, d in spec["fields"]],
            "missingValues": [""],
            "primaryKey": spec["primaryKey"],
        }
        if spec["foreignKeys"]:
            schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": res, "fields": [ref]}}
                                     for f, res, ref in spec["foreignKeys"]]
        resources.append({
            "name": name, "path": path, "title": spec["title"], "description": spec["description"],
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": size,
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "doubleQuote": True,
                        "header": True},
            "schema": schema,
        })
    pkg = {
        "profile": "tabular-data-package",
        "name": "isgraph",
        "title": TITLE_FR,
        "description": DESCRIPTION_FR,
        "homepage": str(DATASET),
        "keywords": KEYWORDS_FR,
        "licenses": [{"name": LICENCE_NAME, "path": str(LICENCE), "title": LICENCE_TITLE}],
        "contributors": [{"title": PUBLISHER_NAME, "role": "publisher"}],
        "sources": [{"title": row[1] or row[0], "path": row[0]} for row in documents],
        "resources": resources,
    }
    if issued:
        pkg["created"] = f"{issued}T00:00:00Z"
    return pkg


def write_tables(graph: Graph, out: Path, idx: _Index | None = None, issued: str | None = None,
                 check=None) -> list[str]:
    """The CSV tables, the workbook (same cells) and datapackage.json, one table at a time: each table's rows are
    written to its CSV file and its sheet, then let go."""
    from isgraph.publication.workbook import EXCEL_MAX_ROWS, WORKBOOK_FILE, WorkbookWriter

    sizes = {}
    written = []
    book: WorkbookWriter | None = WorkbookWriter(out / WORKBOOK_FILE, graph, issued)
    documents: list = []
    try:
        for name, rows in iter_tables(graph, idx):
            spec = TABLES[name]
            if check:  # the distinct cells are the only content besides the header: scanning them is enough (a
                # piece of rows at a time: a national table's distinct cells would be another copy of the table)
                for k in range(0, max(len(rows), 1), _CHECK_ROWS):
                    check(f"{name}.csv", "\n".join(sorted({cell for row in rows[k:k + _CHECK_ROWS] for cell in row})))
            sizes[f"{name}.csv"] = write_csv(out / f"{name}.csv", [f for f, _, _ in spec["fields"]], rows)
            written.append(f"{name}.csv")
            if book is not None and len(rows) >= EXCEL_MAX_ROWS:  # a larger table would be cut by spreadsheets:
                book.abort()  # the workbook is left out (never a truncated sheet); the CSV files hold every row
                book = None
            if book is not None:
                book.add_sheet(name, rows)  # same cells as the CSV
            if name == "documents":
                documents = rows
            del rows
    except BaseException:
        if book is not None:
            book.abort()
        raise
    if book is not None:
        book.close()
        written.append(WORKBOOK_FILE)
    text = json.dumps(datapackage(sizes, documents, issued), ensure_ascii=False, indent=1) + "\n"
    if check:
        check(DATAPACKAGE_FILE, text)
    publish.write_text(out / DATAPACKAGE_FILE, text)
    written.append(DATAPACKAGE_FILE)
    return written


_CHECK_ROWS = 20_000  # rows whose distinct cells are scanned by one personal-data check (one text, joined by newlines)


def write_csv(path: Path, header: list[str], rows: list[list[str]], chunk: int = 20_000) -> int:
    """The CSV file of a table (header row, then `rows`; "\n" line ends), written in pieces; returns its size in
    bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with open(path, "wb") as f:
        for k in range(0, len(rows), chunk) if rows else (0,):
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            if k == 0:
                w.writerow(header)
            w.writerows(rows[k:k + chunk])
            data = buf.getvalue().encode("utf-8")
            f.write(data)
            size += len(data)
    return size


# ---- TriG: one named graph per source document ---------------------------------------------------------------

def document_graphs(graph: Graph, triples: list | None = None) -> dict[object, list[tuple]]:
    """graph name (document IRI, or None for the default graph) -> triples.

    A triple goes to the graph of the document its subject (initiative, role node, the document itself) was
    derived from, or, failing that, of its object (the inferred `acteur isg:finance initiative`); shared
    descriptions (actors, territories, SKOS schemes) stay in the default graph. The union is the whole graph.
    """
    triples = list(graph) if triples is None else triples
    rdf_type, document, derived = RDF.type, ISG.Document, PROV.wasDerivedFrom
    docs = {s for s, p, o in triples if o == document and p == rdf_type}
    origin = defaultdict(set)
    for s, p, d in triples:
        if d in docs and p == derived:
            origin[s].add(d)
    for d in docs:
        origin[d].add(d)
    out: dict[object, list[tuple]] = defaultdict(list)
    for t in triples:
        s, _, o = t
        targets = origin.get(s) or origin.get(o) or {None}
        for g in targets:
            out[g].append(t)
    return out


def trig(graph: Graph, triples: list | None = None, base: str = DEFAULT_BASE, publication=None) -> str:
    """TriG written by Oxigraph from sorted quads: default graph first, then one graph per document (sorted),
    subjects grouped with rdf:type first, the same prefixes as isgraph.ttl."""
    return trig_bytes(graph, triples, base, publication).decode("utf-8")


TRIG_HEADER = (b"# isgraph: one named graph per source document (the graph name is the document IRI);\n"
               b"# shared descriptions (actors, territories, SKOS schemes) are in the default graph.\n")


def _trig_quads(pub):
    """The quads of TriG: default graph first, then one graph per document (sorted), streamed (no list)."""
    import pyoxigraph as ox

    groups = pub.document_groups(ISG.Document, PROV.wasDerivedFrom)  # same split as document_graphs()
    for name in sorted(groups, key=lambda k: "" if k is None else k):
        g = ox.DefaultGraph() if name is None else ox.NamedNode(name[1:-1])
        for i in groups[name]:
            t = pub.ox_triple(i)
            yield ox.Quad(t.subject, t.predicate, t.object, g)


def trig_bytes(graph: Graph, triples: list | None = None, base: str = DEFAULT_BASE, publication=None) -> bytes:
    import pyoxigraph as ox

    from isgraph.namespaces import all_prefixes

    pub = publication or publish.Publication(graph, base)
    try:
        data = ox.serialize(_trig_quads(pub), format=ox.RdfFormat.TRIG, prefixes=all_prefixes(base))
    except ValueError as exc:
        raise IsgraphError(str(exc)) from None
    return TRIG_HEADER + publish._sort_prefix_header(data)


def write_trig(path: Path, pub, base: str = DEFAULT_BASE) -> None:
    """`trig_bytes()` streamed to `path`."""
    import pyoxigraph as ox

    from isgraph.namespaces import all_prefixes

    try:
        publish.serialize_sorted_prefixes(path, _trig_quads(pub), ox.RdfFormat.TRIG, all_prefixes(base),
                                          header=TRIG_HEADER)
    except ValueError as exc:
        raise IsgraphError(str(exc)) from None


# ---- HTML documentation of the ontology ----------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;line-height:1.45}
header{background:#123c69;color:#fff;padding:1.5rem 2rem}header h1{margin:0 0 .3rem}header p{margin:.2rem 0}
header a{color:#cfe3ff}main{display:flex;gap:2rem;padding:1rem 2rem}nav{min-width:14rem;position:sticky;top:0;
align-self:flex-start;max-height:100vh;overflow:auto;font-size:.9rem}nav ul{list-style:none;padding-left:.8rem}
section.term{border:1px solid #d5dbe5;border-radius:6px;padding:.6rem 1rem;margin:0 0 1rem}
section.term h3{margin:.2rem 0}code,.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
table{border-collapse:collapse}td,th{text-align:left;vertical-align:top;padding:.15rem .6rem .15rem 0}
th{color:#50607a;font-weight:600;white-space:nowrap}.badge{background:#e7eef8;border-radius:4px;padding:0 .35rem;
font-size:.8rem;margin-right:.3rem}.en{color:#50607a}
"""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


class _Doc:
    def __init__(self, graph: Graph, rendered: set | None = None):
        self.g = graph
        self.rendered = rendered or set()
        self.prefixes = sorted(((k, str(v)) for k, v in PREFIXES.items()), key=lambda kv: -len(kv[1]))

    def curie(self, term) -> str:
        text = str(term)
        for k, ns in self.prefixes:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{k}:{text[len(ns):]}"
        return text

    def anchor(self, term) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", self.curie(term)).strip("-")

    def local(self, term) -> bool:
        return str(term).startswith("https://w3id.org/isgraph/")

    def ref(self, term) -> str:
        if isinstance(term, Literal):
            return _esc(term)
        if term in self.rendered:
            return f'<a href="#{self.anchor(term)}"><code>{_esc(self.curie(term))}</code></a>'
        if not isinstance(term, URIRef):
            return "<em>(expression)</em>"
        return f'<a href="{_esc(term)}"><code>{_esc(self.curie(term))}</code></a>'

    def texts(self, s, p) -> list[Literal]:
        vals = [o for o in self.g.objects(s, p) if isinstance(o, Literal)]
        return sorted(vals, key=lambda o: (o.language != "fr", o.language or "", str(o)))

    def lang_block(self, s, p) -> str:
        out = []
        for o in self.texts(s, p):
            cls = ' class="en"' if o.language == "en" else ""
            out.append(f"<p{cls}>{_esc(o)}</p>")
        return "".join(out)

    def rows(self, s, props: list[tuple[str, object]]) -> str:
        out = []
        for title, p in props:
            vals = sorted(set(self.g.objects(s, p)), key=lambda o: (self.curie(o), str(o)))
            if vals:
                out.append(f"<tr><th>{_esc(title)}</th><td>{', '.join(self.ref(v) for v in vals)}</td></tr>")
        return f"<table>{''.join(out)}</table>" if out else ""

    def term(self, s, kind: str, props) -> str:
        labels = self.texts(s, RDFS.label) or self.texts(s, SKOS.prefLabel)
        title = _esc(labels[0]) if labels else _esc(self.curie(s))
        badges = "".join(f'<span class="badge">{_esc(b)}</span>' for b in kind.split("|") if b)
        return (f'<section class="term" id="{self.anchor(s)}"><h3>{title} {badges}</h3>'
                f'<p class="iri"><a href="{_esc(s)}">{_esc(s)}</a></p>'
                + self.lang_block(s, SKOS.definition) + self.lang_block(s, RDFS.comment)
                + self.rows(s, props) + "</section>")


def ontology_html(onto: Graph) -> str:
    g = onto
    d = _Doc(onto)
    ont = next(iter(sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), None)
    title = next(iter(d.texts(ont, DCTERMS.title)), Literal("isgraph")) if ont is not None else Literal("isgraph")
    local = lambda xs: sorted({x for x in xs if isinstance(x, URIRef) and d.local(x)}, key=d.curie)
    classes = local(g.subjects(RDF.type, OWL.Class))
    obj_props = local(g.subjects(RDF.type, OWL.ObjectProperty))
    data_props = local(g.subjects(RDF.type, OWL.DatatypeProperty))
    other_props = [p for p in local(g.subjects(RDF.type, RDF.Property)) + local(g.subjects(RDF.type, OWL.AnnotationProperty))
                   if p not in obj_props and p not in data_props]
    schemes = local(g.subjects(RDF.type, SKOS.ConceptScheme))
    in_scheme = {sch: sorted({c for c in g.subjects(SKOS.inScheme, sch) if isinstance(c, URIRef)}
                             | {c for c in g.objects(sch, SKOS.hasTopConcept) if isinstance(c, URIRef)}, key=d.curie)
                 for sch in schemes}
    d.rendered = set(classes) | set(obj_props) | set(data_props) | set(other_props) | set(schemes) \
        | {c for cs in in_scheme.values() for c in cs}

    class_props = [("sous-classe de", RDFS.subClassOf), ("équivalente à", OWL.equivalentClass),
                   ("disjointe de", OWL.disjointWith), ("correspondance", SKOS.exactMatch),
                   ("proche de", SKOS.closeMatch), ("défini par", RDFS.isDefinedBy)]
    prop_props = [("domaine", RDFS.domain), ("portée", RDFS.range), ("sous-propriété de", RDFS.subPropertyOf),
                  ("inverse de", OWL.inverseOf), ("équivalente à", OWL.equivalentProperty),
                  ("correspondance", SKOS.exactMatch), ("proche de", SKOS.closeMatch)]
    concept_props = [("notation", SKOS.notation), ("plus large", SKOS.broader), ("synonymes", SKOS.altLabel),
                     ("correspondance", SKOS.exactMatch), ("proche de", SKOS.closeMatch)]

    def kinds(p) -> str:
        names = {OWL.TransitiveProperty: "transitive", OWL.FunctionalProperty: "fonctionnelle",
                 OWL.SymmetricProperty: "symétrique", OWL.InverseFunctionalProperty: "inverse-fonctionnelle"}
        return "|".join(v for k, v in names.items() if (p, RDF.type, k) in g)

    body, nav = [], []

    def section(sid: str, heading: str, items: list[str], toc: list[tuple[str, str]]):
        if not items:
            return
        body.append(f'<h2 id="{sid}">{_esc(heading)}</h2>' + "".join(items))
        nav.append(f'<li><a href="#{sid}">{_esc(heading)}</a><ul>'
                   + "".join(f'<li><a href="#{a}">{_esc(t)}</a></li>' for a, t in toc) + "</ul></li>")

    section("classes", "Classes", [d.term(c, "classe", class_props) for c in classes],
            [(d.anchor(c), d.curie(c)) for c in classes])
    section("proprietes-objet", "Propriétés d'objet",
            [d.term(p, "propriété d'objet|" + kinds(p), prop_props) for p in obj_props],
            [(d.anchor(p), d.curie(p)) for p in obj_props])
    section("proprietes-donnees", "Propriétés de données",
            [d.term(p, "propriété de données|" + kinds(p), prop_props) for p in data_props],
            [(d.anchor(p), d.curie(p)) for p in data_props])
    section("autres-proprietes", "Autres propriétés", [d.term(p, "propriété", prop_props) for p in other_props],
            [(d.anchor(p), d.curie(p)) for p in other_props])
    for sch in schemes:
        concepts = in_scheme[sch]
        labels = d.texts(sch, SKOS.prefLabel) or d.texts(sch, RDFS.label) or d.texts(sch, DCTERMS.title)
        heading = f"Schéma : {labels[0]}" if labels else f"Schéma {d.curie(sch)}"
        intro = (f'<section class="term" id="{d.anchor(sch)}"><p class="iri"><a href="{_esc(sch)}">{_esc(sch)}</a></p>'
                 + d.lang_block(sch, SKOS.definition) + d.lang_block(sch, DCTERMS.description) + "</section>")
        section("schema-" + d.anchor(sch), heading,
                [intro] + [d.term(c, "concept", concept_props) for c in concepts],
                [(d.anchor(c), d.curie(c)) for c in concepts])

    ns_rows = "".join(f"<tr><th>{_esc(k)}</th><td><code>{_esc(v)}</code></td></tr>"
                      for k, v in sorted((k, str(v)) for k, v in PREFIXES.items()))
    body.append(f'<h2 id="espaces-de-noms">Espaces de noms</h2><table>{ns_rows}</table>')
    nav.append('<li><a href="#espaces-de-noms">Espaces de noms</a></li>')

    meta = ""
    if ont is not None:
        version = g.value(ont, OWL.versionInfo)
        lic = g.value(ont, DCTERMS.license)
        meta = (f'<p class="iri">{_esc(ont)}</p>'
                + "".join(f"<p>{_esc(t)}</p>" for t in d.texts(ont, DCTERMS.description)[:1])
                + (f"<p>Version {_esc(version)}</p>" if version else "")
                + (f'<p>Licence : <a href="{_esc(lic)}">{_esc(lic)}</a></p>' if lic else ""))
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_esc(title)}</title>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<header><h1>{_esc(title)}</h1>{meta}"
            '<p>Fichiers : <a href="isgraph.ttl">isgraph.ttl</a> · <a href="themes.ttl">themes.ttl</a> · '
            '<a href="schemes.ttl">schemes.ttl</a></p></header>\n'
            f"<main><nav><ul>{''.join(nav)}</ul></nav>\n<div>{''.join(body)}</div></main>\n"
            f"<footer style=\"padding:1rem 2rem;color:#50607a\">Généré par isgraph {_esc(__version__)}.</footer>\n"
            "</body>\n</html>\n")


# ---- DCAT + VoID catalogue -----------------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")


_NAMESPACES = sorted((str(v) for v in PREFIXES.values()), key=len, reverse=True)


def _vocabulary(iri: str) -> str | None:
    for ns in _NAMESPACES:
        if iri.startswith(ns):
            return ns
    return None


LINK_TARGETS = [
    ("http://www.wikidata.org/entity/", "wikidata", "Wikidata", "https://www.wikidata.org/"),
    ("https://www.wikidata.org/entity/", "wikidata", "Wikidata", "https://www.wikidata.org/"),
    ("http://id.insee.fr/", "insee", "INSEE – référentiel géographique", "http://id.insee.fr/"),
    ("http://dbpedia.org/resource/", "dbpedia", "DBpedia", "http://dbpedia.org/"),
    ("http://fr.dbpedia.org/resource/", "dbpedia-fr", "DBpedia en français", "http://fr.dbpedia.org/"),
    ("http://sws.geonames.org/", "geonames", "GeoNames", "http://sws.geonames.org/"),
]


def _link_target(iri: str) -> tuple[str, str, str]:
    for prefix, key, title, dataset in LINK_TARGETS:
        if iri.startswith(prefix):
            return key, title, dataset
    m = re.match(r"^[a-z]+://([^/]+)/", iri)
    host = m.group(1) if m else "autre"
    return _slug(host), host, f"{iri.split('://')[0]}://{host}/"


def catalog_graph(graph: Graph, out: Path, files: list[str], *, base: str = DEFAULT_BASE, issued: str | None = None,
                  download_base: str = DEFAULT_DOWNLOAD_BASE, idx: _Index | None = None) -> Graph:
    ix = idx or _Index(graph)
    c = Graph()
    lit_fr = lambda t: Literal(t, lang="fr")
    lit_en = lambda t: Literal(t, lang="en")

    # catalogue
    c.add((CATALOG, RDF.type, DCAT.Catalog))
    c.add((CATALOG, DCTERMS.title, lit_fr("Catalogue isgraph")))
    c.add((CATALOG, DCTERMS.title, lit_en("isgraph catalogue")))
    c.add((CATALOG, DCTERMS.description, lit_fr("Catalogue DCAT des données ouvertes publiées par isgraph.")))
    c.add((CATALOG, DCTERMS.description, lit_en("DCAT catalogue of the open data published by isgraph.")))
    c.add((CATALOG, DCTERMS.publisher, PUBLISHER))
    c.add((CATALOG, DCTERMS.license, LICENCE))
    c.add((CATALOG, DCTERMS.language, EU_LANG.FRA))
    c.add((CATALOG, DCAT.dataset, DATASET))
    c.add((CATALOG, DCAT.themeTaxonomy, URIRef(str(THEME))))
    c.add((CATALOG, DCAT.themeTaxonomy, URIRef(str(EU_THEME)[:-1])))
    c.add((CATALOG, FOAF.homepage, URIRef(download_base)))

    c.add((PUBLISHER, RDF.type, FOAF.Agent))
    c.add((PUBLISHER, RDF.type, FOAF.Organization))
    c.add((PUBLISHER, FOAF.name, Literal(PUBLISHER_NAME)))
    c.add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    c.add((LICENCE, DCTERMS.title, Literal(LICENCE_TITLE, lang="fr")))
    c.add((LICENCE, DCTERMS.identifier, Literal(LICENCE_NAME)))

    # dataset (DCAT + VoID)
    d = DATASET
    for t in (DCAT.Dataset, VOID.Dataset):
        c.add((d, RDF.type, t))
    c.add((d, DCTERMS.title, lit_fr(TITLE_FR)))
    c.add((d, DCTERMS.title, lit_en(TITLE_EN)))
    c.add((d, DCTERMS.description, lit_fr(DESCRIPTION_FR)))
    c.add((d, DCTERMS.description, lit_en(DESCRIPTION_EN)))
    c.add((d, DCTERMS.publisher, PUBLISHER))
    c.add((d, DCTERMS.creator, PUBLISHER))
    c.add((d, DCTERMS.license, LICENCE))
    c.add((d, DCTERMS.accessRights, URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")))
    c.add((d, DCTERMS.language, EU_LANG.FRA))
    c.add((d, DCTERMS.identifier, Literal(str(d))))
    c.add((d, DCTERMS.conformsTo, ONTOLOGY))
    c.add((d, DCAT.landingPage, URIRef(download_base + ONTOLOGY_HTML)))
    c.add((d, FOAF.page, URIRef(download_base + ONTOLOGY_HTML)))
    c.add((d, DCTERMS.accrualPeriodicity, URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG")))
    c.add((d, OWL.versionInfo, Literal(f"isgraph {__version__}")))
    if issued:
        c.add((d, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        c.add((d, DCTERMS.modified, Literal(issued, datatype=XSD.date)))
        c.add((CATALOG, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        c.add((CATALOG, DCTERMS.modified, Literal(issued, datatype=XSD.date)))
    for kw in KEYWORDS_FR:
        c.add((d, DCAT.keyword, lit_fr(kw)))
    c.add((d, DCAT.theme, EU_THEME.SOCI))
    c.add((d, DCAT.theme, EU_THEME.REGI))
    used_themes = {o for i in ix.of_type(ISG.Initiative) for o in ix.all(i, ISG.theme)}
    for th in sorted(used_themes, key=str):
        c.add((d, DCAT.theme, th))
        for lab in ix.all(th, SKOS.prefLabel):
            if isinstance(lab, Literal) and lab.language == "fr":
                c.add((d, DCAT.keyword, lab))
    # spatial coverage: France and the regions (current and former) the territories belong to
    c.add((d, DCTERMS.spatial, EU_COUNTRY.FRA))
    for cls in (ISG.Region, ISG.AncienneRegion):
        for r in ix.of_type(cls):
            c.add((d, DCTERMS.spatial, r))
            c.add((r, RDF.type, DCTERMS.Location))
            if ix.label(r):
                c.add((r, RDFS.label, Literal(ix.label(r), lang="fr")))
    years = sorted({str(y)[:4] for i in ix.of_type(ISG.Initiative) for y in ix.all(i, ISG.annee)
                    if re.match(r"^\d{4}", str(y))})
    if years:
        period = URIRef(str(d) + "/periode")
        c.add((d, DCTERMS.temporal, period))
        c.add((period, RDF.type, DCTERMS.PeriodOfTime))
        c.add((period, DCAT.startDate, Literal(years[0], datatype=XSD.gYear)))
        c.add((period, DCAT.endDate, Literal(years[-1], datatype=XSD.gYear)))
    for doc in ix.of_type(ISG.Document):
        c.add((d, DCTERMS.source, doc))
        c.add((doc, RDF.type, FOAF.Document))
        for p in (ISG.fichier, ISG.sha256):
            for v in ix.all(doc, p):
                c.add((doc, p, v))
    c.add((d, PROV.wasGeneratedBy, URIRef(str(d) + "/construction")))
    c.add((URIRef(str(d) + "/construction"), RDF.type, PROV.Activity))
    c.add((URIRef(str(d) + "/construction"), RDFS.label, Literal(f"isgraph build {__version__}")))

    # VoID statistics (one pass)
    subjects, objects = set(), set()
    properties = defaultdict(int)
    class_entities = defaultdict(set)
    for s, p, o in ix.triples:
        subjects.add(s)
        objects.add(o)
        properties[p] += 1
        if p == RDF.type:
            class_entities[o].add(s)
    vocab = {v for v in map(_vocabulary, map(str, [*properties, *class_entities])) if v}
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(base)}
    c.add((d, VOID.triples, Literal(len(ix.triples), datatype=XSD.integer)))
    c.add((d, VOID.entities, Literal(len(entities), datatype=XSD.integer)))
    c.add((d, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    c.add((d, VOID.distinctObjects, Literal(len(objects), datatype=XSD.integer)))
    c.add((d, VOID.properties, Literal(len(properties), datatype=XSD.integer)))
    c.add((d, VOID.classes, Literal(len(class_entities), datatype=XSD.integer)))
    c.add((d, VOID.uriSpace, Literal(base)))
    for v in sorted(vocab):
        c.add((d, VOID.vocabulary, URIRef(v)))
    inits = ix.of_type(ISG.Initiative)
    if inits:
        c.add((d, VOID.exampleResource, inits[0]))
    d_curie = _Doc(Graph())
    for cls, members in sorted(class_entities.items(), key=lambda kv: str(kv[0])):
        part = URIRef(f"{d}/classe/{_slug(d_curie.curie(cls))}")
        c.add((d, VOID.classPartition, part))
        c.add((part, VOID["class"], cls))
        c.add((part, VOID.entities, Literal(len(members), datatype=XSD.integer)))
    for p, n in sorted(properties.items(), key=lambda kv: str(kv[0])):
        part = URIRef(f"{d}/propriete/{_slug(d_curie.curie(p))}")
        c.add((d, VOID.propertyPartition, part))
        c.add((part, VOID.property, p))
        c.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))

    # linksets: owl:sameAs links grouped by target dataset
    links = defaultdict(int)
    targets = {}
    for s, o in graph.subject_objects(OWL.sameAs):
        if isinstance(o, URIRef) and not str(o).startswith(base):
            key, title, ds = _link_target(str(o))
            links[key] += 1
            targets[key] = (title, ds)
    for key in sorted(links):
        title, ds = targets[key]
        ls = URIRef(f"{d}/linkset/{key}")
        target = URIRef(ds)
        c.add((d, VOID.subset, ls))
        c.add((ls, RDF.type, VOID.Linkset))
        c.add((ls, VOID.subjectsTarget, d))
        c.add((ls, VOID.objectsTarget, target))
        c.add((ls, VOID.target, d))
        c.add((ls, VOID.target, target))
        c.add((ls, VOID.linkPredicate, OWL.sameAs))
        c.add((ls, VOID.triples, Literal(links[key], datatype=XSD.integer)))
        c.add((target, RDF.type, VOID.Dataset))
        c.add((target, DCTERMS.title, Literal(title)))

    # distributions: the files actually written, with their size and checksum
    for name in sorted(files):
        path = out / name
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        kind = FILE_KINDS.get(suffix)
        if kind is None:
            continue
        fmt_title, media, eu_type, conforms = kind
        dist = URIRef(f"{d}/distribution/{_slug(name)}")
        url = URIRef(download_base + name)
        data_title = {"isgraph.context.jsonld": "Contexte JSON-LD de isgraph.jsonld",
                      "isgraph.xlsx": "Classeur des tables pour tableurs (une feuille par table, libellés d'abord)",
                      "initiatives.jsonld": "Initiatives en JSON-LD encadré : acteurs, rôles et territoires imbriqués",
                      DATAPACKAGE_FILE: "Descripteur Frictionless Data Package des tables CSV",
                      TRIG_FILE: "Graphe au format TriG, un graphe nommé par document source"}.get(name)
        if data_title is None:
            data_title = (f"Table {path.stem} (CSV)" if suffix == ".csv" else f"Graphe isgraph ({fmt_title})")
        c.add((d, DCAT.distribution, dist))
        c.add((dist, RDF.type, DCAT.Distribution))
        c.add((dist, DCTERMS.title, lit_fr(data_title)))
        c.add((dist, DCAT.accessURL, url))
        c.add((dist, DCAT.downloadURL, url))
        c.add((dist, DCAT.mediaType, URIRef(IANA + media)))
        c.add((dist, DCTERMS["format"], EU_FILE_TYPE[eu_type]))
        if conforms:
            c.add((dist, DCTERMS.conformsTo, URIRef(conforms)))
        c.add((dist, DCTERMS.license, LICENCE))
        c.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        if suffix in (".ttl", ".nt", ".trig") and path.parent == out:
            c.add((d, VOID.dataDump, url))
            c.add((d, VOID.feature, URIRef(conforms)))
    return c


def catalog_turtle(cat: Graph) -> str:
    g = publish.canonical_graph(cat)
    g.bind("isgmeta", Namespace(META), override=True, replace=True)
    return g.serialize(format="turtle")


# ---- the whole bundle ----------------------------------------------------------------------------------------

CORE_FILES = ["isgraph.ttl", "isgraph.nt", "isgraph.jsonld", publish.CONTEXT_FILE]


def write_bundle(graph: Graph, out: Path, base: str = DEFAULT_BASE, persons: set[str] | None = None, *,
                 issued: str | None = None, download_base: str = DEFAULT_DOWNLOAD_BASE,
                 ontology: Graph | None = None, publication=None) -> list[str]:
    """Write the bundle into `out` (next to isgraph.ttl / .nt / .jsonld); returns the file names written."""
    from isgraph.privacy import leaks

    out = Path(out)
    issued = issued_date(issued)
    persons = persons or set()

    def check(name: str, text: str) -> None:
        found = leaks(text, persons)
        if found:
            raise IsgraphError(f"refusing to publish {name}: personal data found ({len(found)} matches)")

    pub = publication or publish.Publication(graph, base)
    idx = _Index(graph, pub.triples, pub.n3)
    written = write_tables(graph, out, idx, issued, check)
    from isgraph.publication.framed import FRAMED_FILE, write_initiatives

    # the graph's terms only, which the caller has already checked for personal data (as for TriG)
    write_initiatives(pub, out / FRAMED_FILE)
    written.append(FRAMED_FILE)
    # TriG holds the graph's terms only, which the caller has already checked for personal data
    write_trig(out / TRIG_FILE, pub, base)
    written.append(TRIG_FILE)

    if ontology is None:
        from isgraph.resources import ontology_graph
        ontology = ontology_graph()
    publish.write_text(out / ONTOLOGY_HTML, ontology_html(ontology))
    written.append(ONTOLOGY_HTML)

    files = [f for f in CORE_FILES if (out / f).exists()] + written
    cat = catalog_graph(graph, out, files, base=base, issued=issued, download_base=download_base, idx=idx)
    text = catalog_turtle(cat)
    check(CATALOG_FILE, text)
    publish.write_text(out / CATALOG_FILE, text)
    written.append(CATALOG_FILE)
    sums = sha256sums(out)
    publish.write_text(out / SUMS_FILE, sums)
    written.append(SUMS_FILE)
    return written


def sha256sums(out: Path) -> str:
    """`sha256sum -c` compatible list of every published file (the embedded store and the extraction cache
    OUT/.cache/ excluded: neither is published).

    Checksums live here rather than in the catalogue / datapackage: long hex strings in the data files would only
    invite false alarms from the personal-data scans (a run of ten digits reads like a phone number)."""
    lines = []
    for path in sorted(_published_files(out)):
        rel = path.relative_to(out).as_posix()
        if rel == SUMS_FILE:
            continue
        lines.append(f"{sha256_file(path)}  {rel}\n")
    return "".join(lines)


def _published_files(out: Path):
    """Every file below `out` but the embedded store (never walked: it may still be loading in its thread) and the
    extraction cache."""
    for root, dirs, files in os.walk(out):
        if Path(root) == out:
            dirs[:] = [d for d in dirs if d not in ("store", paths.OUTPUT_CACHE_DIRNAME)]
        for name in files:
            yield Path(root) / name


def publish_graph(graph_path: Path, out: Path, *, base: str = DEFAULT_BASE, issued: str | None = None,
                  download_base: str = DEFAULT_DOWNLOAD_BASE, validate: bool = True, store: bool = True,
                  force: bool = False):
    """`isgraph publish`: the whole bundle (ttl, nt, jsonld + context, report, ontology, CSV, TriG, catalogue,
    embedded store) for an existing graph file, written atomically into `out`. Returns the BuildResult; a graph
    that does not conform to the shapes is not published (`out` left as it was)."""
    from isgraph.rdf.graphio import load_graph
    from isgraph.pipeline import BuildResult, count_classes, write_outputs
    from isgraph.validate.validation import Report, validate as run_validate

    if issued:
        issued_date(issued)  # a bad date fails before anything else
    publish.check_output(Path(out), force=force)
    graph = load_graph(Path(graph_path))
    result = BuildResult(out=Path(out))
    result.report = run_validate(graph) if validate else Report(True, [])
    result.counts = count_classes(graph)
    result.triples = len(graph)
    if not result.conforms:
        return result
    with publish.staged_directory(Path(out), force=force) as tmp:
        texts = Path(graph_path).parent / "documents"  # the texts a build published next to the graph
        if texts.is_dir():
            for f in sorted(texts.iterdir()):
                if f.is_file() and f.suffix in (".txt", ".tsv"):
                    publish.write_bytes(tmp / "documents" / f.name, f.read_bytes())
        from isgraph.query.store import STORE_DIRNAME
        write_outputs(graph, tmp, base, set(), result, [], store_dir=tmp / STORE_DIRNAME if store else None)
        if issued or download_base != DEFAULT_DOWNLOAD_BASE:  # rewrite with the caller's options
            write_bundle(graph, tmp, base, set(), issued=issued, download_base=download_base)
    if store:
        from isgraph.query.store import STORE_DIRNAME, write_stamp
        write_stamp(Path(out) / "isgraph.ttl", Path(out) / STORE_DIRNAME)
    result.published = True
    return result
