"""What each page of the site shows, gathered from the graph (plain dicts: they are also the pages' JSON twins).

The graph is read once into two dictionaries (subject -> predicate -> objects and object -> predicate -> subjects,
`Index`); every page is then a few dictionary look-ups, so the site of a graph of a hundred thousand triples is
written in seconds. Lists are sorted (labels folded, then IRIs): the same graph gives the same pages.

Where pages live (`node_path`): a node whose IRI starts with the instance base (`…/id/` by default) is written at
`id/{rest}` below the site root; a vocabulary concept of `https://w3id.org/isgraph/` (`theme/{code}`,
`role/{code}`, `fonction/{code}`, `type-acteur/{code}`, `prix/{code}`, and each scheme) at `{rest}`. With the
default base, publishing the site at `https://w3id.org/isgraph/` makes every IRI of the graph resolve to its page;
with a custom base `B`, publish the site so that its `id/` folder is at `B` (the vocabulary paths stay the same).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL as _OWL, PROV as _PROV, RDF as _RDF, RDFS as _RDFS, SKOS as _SKOS

from isgraph.namespaces import DEFAULT_BASE, ISG as _ISG


class _Cached:
    """A namespace whose terms are built once (rdflib builds a new URIRef on every attribute access)."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name):
        value = URIRef(str(self._ns) + name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name):
        return getattr(self, name)


ISG, PROV, RDF, RDFS, OWL, SKOS = (_Cached(ns) for ns in (_ISG, _PROV, _RDF, _RDFS, _OWL, _SKOS))

VOCAB_ROOT = "https://w3id.org/isgraph/"
DCTERMS_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")

# territory classes, from the widest to the narrowest (used to order parents and to pick région / département)
TERRITORY_LEVELS = ["Pays", "Region", "AncienneRegion", "Departement", "ParcNaturelRegional", "EPCI", "Commune",
                    "Quartier", "Lieu"]
TERRITORY_NAMES = {"Pays": "pays", "Region": "région", "AncienneRegion": "ancienne région", "Departement": "département",
                   "ParcNaturelRegional": "Parc naturel régional", "EPCI": "intercommunalité (EPCI)",
                   "Commune": "commune", "Quartier": "quartier", "Lieu": "lieu"}
ROLE_ORDER = ["porteur", "partenaire", "financeur"]
KIND_NAMES = {"initiative": "Initiative", "acteur": "Acteur", "territoire": "Territoire", "document": "Document",
              "role": "Rôle", "concept": "Concept", "scheme": "Vocabulaire", "resource": "Ressource"}


_FOLDED: dict[str, str] = {}


def fold_key(text: str) -> tuple[str, str]:
    """Sort key: folded, then the text itself (spellings that fold alike keep one order, whatever the hash seed)."""
    return fold(text), text


def fold(text: str) -> str:
    """Lower case without accents (sorting and matching)."""
    found = _FOLDED.get(text)
    if found is None:
        found = _FOLDED[text] = "".join(c for c in unicodedata.normalize("NFD", text)
                                        if unicodedata.category(c) != "Mn").lower()
    return found


_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


def _safe(rest: str) -> str | None:
    parts = [p for p in rest.strip("/").split("/")]
    if not parts or parts == [""]:
        return None
    out = []
    for p in parts:
        if p in ("", ".", ".."):
            return None
        out.append(p if _SEGMENT.match(p) else quote(p, safe=""))
    return "/".join(out)


def node_path(iri: str, base: str = DEFAULT_BASE) -> str | None:
    """Folder of a node's page below the site root (no leading or trailing '/'), or None (no page)."""
    if "#" in iri or "?" in iri:
        return None
    if iri.startswith(base) and len(iri) > len(base):
        return _safe("id/" + iri[len(base):])
    if iri.startswith(VOCAB_ROOT) and not iri.startswith(VOCAB_ROOT + "ontology"):
        return _safe(iri[len(VOCAB_ROOT):])
    return None


def _sort_key(item: dict) -> tuple:
    return (fold(item.get("label", "")), item.get("iri", ""))


def amount(value) -> str:
    """'12 500 €' (French grouping, narrow no-break spaces)."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    whole = int(d)
    frac = d - whole
    text = f"{whole:,}".replace(",", "\u202f")
    if frac:
        text += "," + f"{frac:.2f}"[2:]
    return text + "\u00a0€"


class Index:
    """The graph as dictionaries, with the look-ups the pages need."""

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE, vocabulary: Graph | None = None):
        self.base = base
        self.out: dict = defaultdict(lambda: defaultdict(list))
        self.inc: dict = defaultdict(lambda: defaultdict(list))
        canon: dict = {}  # one object per distinct term: dict look-ups then match by identity, not URIRef.__eq__
        intern = canon.setdefault
        for s, p, o in graph:
            s, p, o = intern(s, s), intern(p, p), intern(o, o)
            if isinstance(s, URIRef):
                self.out[s][p].append(o)
                if isinstance(o, URIRef):
                    self.inc[o][p].append(s)
        for table in (self.out, self.inc):
            for preds in table.values():
                for p, values in preds.items():
                    values.sort()
        self.out = {k: dict(v) for k, v in self.out.items()}
        self.inc = {k: dict(v) for k, v in self.inc.items()}
        self.vocab_labels: dict[URIRef, str] = {}
        if vocabulary is not None:  # predicate and class names from the ontology
            for s, o in vocabulary.subject_objects(RDFS.label):
                if isinstance(o, Literal) and o.language == "fr":
                    self.vocab_labels[s] = str(o)
        self._labels: dict = {}
        self._ancestors: dict = {}
        self._paths: dict = {}
        self._types: dict = {}
        self._levels: dict = {}

    # -- basic look-ups
    def objects(self, s, p) -> list:
        return self.out.get(s, {}).get(p, [])

    def subjects(self, p, o) -> list:
        return self.inc.get(o, {}).get(p, [])

    def one(self, s, p):
        values = self.objects(s, p)
        return values[0] if values else None

    def types(self, s) -> frozenset:
        found = self._types.get(s)
        if found is None:
            found = self._types[s] = frozenset(self.objects(s, RDF.type))
        return found

    def is_a(self, s, cls) -> bool:
        return cls in self.types(s)

    def label(self, node) -> str:
        if node in self._labels:
            return self._labels[node]
        text = None
        for p in (RDFS.label, SKOS.prefLabel):
            values = self.objects(node, p)
            fr = [v for v in values if isinstance(v, Literal) and v.language == "fr"]
            pick = fr or [v for v in values if isinstance(v, Literal) and not v.language] or values
            if pick:
                text = str(pick[0])
                break
        if text is None:
            text = self.vocab_labels.get(node)
        if text is None:
            iri = str(node)
            text = re.split(r"[/#]", iri.rstrip("/"))[-1] or iri
        self._labels[node] = text
        return text

    def path(self, node) -> str | None:
        if node in self._paths:
            return self._paths[node]
        found = self._paths[node] = node_path(str(node), self.base) if isinstance(node, URIRef) else None
        return found

    def ref(self, node, **extra) -> dict:
        """{'iri', 'label', 'path'} of a node (path None when the node has no page here)."""
        d = {"iri": str(node), "label": self.label(node), "path": self.path(node) if self.out.get(node) else None}
        d.update(extra)
        return d

    def refs(self, nodes) -> list[dict]:
        return sorted((self.ref(n) for n in set(nodes)), key=_sort_key)

    def kind(self, node) -> str:
        types = self.types(node)
        for cls, name in ((ISG.Initiative, "initiative"), (ISG.Acteur, "acteur"), (ISG.Territoire, "territoire"),
                          (ISG.Document, "document"), (ISG.Role, "role"), (SKOS.ConceptScheme, "scheme"),
                          (SKOS.Concept, "concept")):
            if cls in types:
                return name
        return "resource"

    def pages(self) -> list[URIRef]:
        """Every subject of the graph that gets a page, sorted."""
        return sorted(s for s in self.out if self.path(s))

    # -- territories
    def territory_level(self, t) -> str | None:
        if t in self._levels:
            return self._levels[t]
        types = self.types(t)
        found = None
        for level in TERRITORY_LEVELS:
            if ISG[level] in types:
                found = level
                break
        self._levels[t] = found
        return found

    def ancestors(self, t) -> list:
        """Territories that contain `t` (isg:inclusDans is transitive and closed by reasoning), widest first."""
        if t not in self._ancestors:
            found = set(self.objects(t, ISG.inclusDans)) - {t}
            self._ancestors[t] = sorted(found, key=self._level_key)
        return self._ancestors[t]

    def _level_key(self, t) -> tuple:
        level = self.territory_level(t)
        return (TERRITORY_LEVELS.index(level) if level in TERRITORY_LEVELS else len(TERRITORY_LEVELS),
                fold(self.label(t)), str(t))

    def descendants(self, t) -> list:
        return sorted(set(self.subjects(ISG.inclusDans, t)) - {t}, key=self._level_key)

    def children(self, t) -> list:
        """Territories directly inside `t`: inside it, and inside no other territory that is inside it."""
        inside = set(self.descendants(t))
        return [c for c in sorted(inside, key=self._level_key)
                if not any(a in inside for a in self.ancestors(c))]

    def territory_ref(self, t) -> dict:
        level = self.territory_level(t)
        return self.ref(t, type=TERRITORY_NAMES.get(level, "territoire"), code=_str(self.one(t, ISG.codeInsee)))

    def of_level(self, t, level: str) -> list:
        """The territories of a level (e.g. 'Region') that are `t` or contain it."""
        return [a for a in [t, *self.ancestors(t)] if ISG[level] in self.types(a)]

    # -- roles
    def roles(self, initiative) -> list[dict]:
        out = []
        for r in self.objects(initiative, ISG.role):
            actor = self.one(r, ISG.acteur)
            kind = self.one(r, ISG.typeRole)
            if actor is None or kind is None:
                continue
            out.append({"role": str(r), "type": _local(kind), "typeLabel": self.label(kind), "actor": actor,
                        "montant": self.one(r, ISG.montant), "ligne": _int(self.one(r, ISG.ligne))})
        return out


def _local(iri) -> str:
    return re.split(r"[/#]", str(iri).rstrip("/"))[-1]


def _str(value) -> str | None:
    return None if value is None else str(value)


def _int(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _fr_texts(index: Index, node, p) -> list[str]:
    values = index.objects(node, p)
    fr = [str(v) for v in values if isinstance(v, Literal) and v.language == "fr"]
    return fr or [str(v) for v in values if isinstance(v, Literal) and not v.language]


# ---- page data per kind -----------------------------------------------------------------------------------------

def initiative_page(index: Index, node, texts: dict | None = None) -> dict:
    roles = index.roles(node)
    by_type: dict = defaultdict(list)
    for r in roles:
        entry = index.ref(r["actor"], ligne=r["ligne"], role=r["role"])
        if r["montant"] is not None:
            entry["montant"] = str(r["montant"])
            entry["montantTexte"] = amount(r["montant"])
        by_type[r["type"]].append(entry)
    # actors named by the direct properties but without a role node still show
    for prop, name in ((ISG.porteur, "porteur"), (ISG.partenaire, "partenaire"), (ISG.financePar, "financeur")):
        known = {e["iri"] for e in by_type[name]}
        for a in index.objects(node, prop):
            if str(a) not in known:
                by_type[name].append(index.ref(a))
    territories = []
    for t in index.objects(node, ISG.territoire):
        ref = index.territory_ref(t)
        ref["dans"] = [index.territory_ref(a) for a in index.ancestors(t)
                       if index.territory_level(a) in ("Region", "Departement")]
        territories.append(ref)
    territories.sort(key=_sort_key)
    doc = index.one(node, PROV.wasDerivedFrom)
    start, end = _int(index.one(node, ISG.ligneDebut)), _int(index.one(node, ISG.ligneFin))
    provenance = None
    if doc is not None:
        fichier = _str(index.one(doc, ISG.fichier))
        provenance = {"document": index.ref(doc), "fichier": fichier, "ligneDebut": start, "ligneFin": end,
                      "lignes": source_lines(texts, fichier, start, end)}
    budget = index.one(node, ISG.budget)
    page = {
        "kind": "initiative", "iri": str(node), "label": index.label(node),
        "description": _fr_texts(index, node, DCTERMS_DESCRIPTION),
        "roles": {k: sorted(by_type[k], key=_sort_key) for k in sorted(by_type, key=_role_rank) if by_type[k]},
        "territoires": territories,
        "themes": index.refs(index.objects(node, ISG.theme)),
        "fonctions": index.refs(index.objects(node, ISG.fonction)),
        "prix": index.refs(index.objects(node, ISG.prix)),
        "budget": None if budget is None else {"valeur": str(budget), "texte": amount(budget),
                                               "libelle": _str(index.one(node, ISG.budgetLibelle))},
        "annee": _str(index.one(node, ISG.annee)),
        "motsCles": _fr_texts(index, node, ISG.motsMissions),
        "provenance": provenance,
    }
    return page


def _role_rank(name: str) -> tuple:
    return (ROLE_ORDER.index(name) if name in ROLE_ORDER else len(ROLE_ORDER), name)


def source_lines(texts: dict | None, fichier: str | None, start: int | None, end: int | None,
                 cap: int = 200) -> list[dict]:
    """[{'n', 'texte'}] of the lines start..end of a source text (at most `cap`), when the text is known."""
    if not texts or not fichier or fichier not in texts or start is None:
        return []
    lines = texts[fichier]
    end = end or start
    return [{"n": n, "texte": lines[n - 1]} for n in range(start, min(end, start + cap - 1, len(lines)) + 1)]


def actor_page(index: Index, node) -> dict:
    by_type: dict = defaultdict(list)
    total = Decimal(0)
    given = False
    for r in index.subjects(ISG.acteur, node):
        initiative = index.subjects(ISG.role, r)
        kind = index.one(r, ISG.typeRole)
        if not initiative or kind is None:
            continue
        entry = index.ref(initiative[0], role=str(r))
        m = index.one(r, ISG.montant)
        if m is not None:
            entry["montant"] = str(m)
            entry["montantTexte"] = amount(m)
            try:
                total += Decimal(str(m))
                given = True
            except InvalidOperation:
                pass
        by_type[_local(kind)].append(entry)
    return {
        "kind": "acteur", "iri": str(node), "label": index.label(node),
        "autresNoms": sorted(set(_fr_texts(index, node, SKOS.altLabel)), key=fold_key),
        "types": index.refs(index.objects(node, ISG.typeActeur)),
        "financeur": index.is_a(node, ISG.Financeur),
        "territoire": [index.territory_ref(t) for t in index.objects(node, ISG.territoireDe)],
        "memeQue": [str(x) for x in index.objects(node, OWL.sameAs)],
        "siren": _str(index.one(node, ISG.siren)),
        "roles": {k: sorted(by_type[k], key=_sort_key) for k in sorted(by_type, key=_role_rank)},
        "montantTotal": {"valeur": str(total), "texte": amount(total)} if given else None,
    }


def territory_page(index: Index, node) -> dict:
    inside = [node, *index.descendants(node)]
    initiatives = {}
    for t in inside:
        for i in index.subjects(ISG.territoire, t):
            if index.is_a(i, ISG.Initiative):
                initiatives.setdefault(i, set()).add(t)
    items = []
    actors: dict = defaultdict(set)
    funders: dict = defaultdict(set)
    for i, places in initiatives.items():
        items.append(index.ref(i, lieux=[index.label(p) for p in sorted(places, key=index._level_key)]))
        for r in index.roles(i):
            actors[r["actor"]].add(r["typeLabel"])
            if r["type"] == "financeur":
                funders[r["actor"]].add(i)
    level, code = index.territory_level(node), _str(index.one(node, ISG.codeInsee))
    facet = {"region": code} if level == "Region" and code else {"departement": code} if level == "Departement" and code \
        else None
    return {
        "kind": "territoire", "iri": str(node), "label": index.label(node), "recherche": facet,
        "type": TERRITORY_NAMES.get(index.territory_level(node), "territoire"),
        "code": _str(index.one(node, ISG.codeInsee)), "siren": _str(index.one(node, ISG.siren)),
        "population": _str(index.one(node, ISG.population)),
        "parents": [index.territory_ref(a) for a in index.ancestors(node)],
        "enfants": [index.territory_ref(c) for c in index.children(node)],
        "initiatives": sorted(items, key=_sort_key),
        "acteurs": sorted((index.ref(a, roles=sorted(r)) for a, r in actors.items()), key=_sort_key),
        "financeurs": sorted((index.ref(a, initiatives=len(n)) for a, n in funders.items()),
                             key=lambda d: (-d["initiatives"], *_sort_key(d))),
        "collectivites": index.refs(index.subjects(ISG.territoireDe, node)),
        "memeQue": [str(x) for x in index.objects(node, OWL.sameAs)],
    }


def concept_page(index: Index, node) -> dict:
    users: dict = defaultdict(set)
    for p, subjects in index.inc.get(node, {}).items():
        if p in (SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.broader, SKOS.narrower):
            continue
        for s in subjects:
            users[index.kind(s)].add(s)
    schemes = index.objects(node, SKOS.inScheme)
    funders: dict = defaultdict(set)
    for i in users.get("initiative", ()):
        for r in index.roles(i):
            if r["type"] == "financeur":
                funders[r["actor"]].add(i)
    facet = None
    if str(node).startswith(VOCAB_ROOT + "theme/"):
        facet = {"theme": _local(node)}
    return {
        "kind": "concept", "iri": str(node), "label": index.label(node), "recherche": facet,
        "financeurs": sorted((index.ref(a, initiatives=len(n)) for a, n in funders.items()),
                             key=lambda d: (-d["initiatives"], *_sort_key(d))),
        "notation": _str(index.one(node, SKOS.notation)),
        "definition": _fr_texts(index, node, SKOS.definition),
        "vocabulaire": index.refs(schemes),
        "initiatives": index.refs(users.get("initiative", ())),
        "acteurs": index.refs(users.get("acteur", ())),
        "roles": len(users.get("role", ())),
    }


def scheme_page(index: Index, node) -> dict:
    concepts = []
    for c in index.subjects(SKOS.inScheme, node):
        used = sum(1 for s in index.subjects(ISG.theme, c)) + sum(1 for s in index.subjects(ISG.fonction, c)) \
            + sum(1 for s in index.subjects(ISG.prix, c)) + sum(1 for s in index.subjects(ISG.typeActeur, c))
        concepts.append(index.ref(c, utilisations=used))
    return {"kind": "scheme", "iri": str(node), "label": index.label(node),
            "definition": _fr_texts(index, node, SKOS.definition), "concepts": sorted(concepts, key=_sort_key)}


def document_page(index: Index, node) -> dict:
    derived: dict = defaultdict(list)
    for s in index.subjects(PROV.wasDerivedFrom, node):
        derived[index.kind(s)].append(s)
    items = [index.ref(i, ligneDebut=_int(index.one(i, ISG.ligneDebut)), ligneFin=_int(index.one(i, ISG.ligneFin)))
             for i in derived.get("initiative", ())]
    items.sort(key=lambda d: (d["ligneDebut"] or 0, *_sort_key(d)))
    return {"kind": "document", "iri": str(node), "label": index.label(node),
            "fichier": _str(index.one(node, ISG.fichier)), "famille": _str(index.one(node, ISG.famille)),
            "lignes": _str(index.one(node, ISG.nombreLignes)), "sha256": _str(index.one(node, ISG.sha256)),
            "initiatives": items, "roles": len(derived.get("role", ()))}


def role_page(index: Index, node) -> dict:
    initiative = index.subjects(ISG.role, node)
    actor, kind = index.one(node, ISG.acteur), index.one(node, ISG.typeRole)
    m = index.one(node, ISG.montant)
    doc = index.one(node, PROV.wasDerivedFrom)
    return {"kind": "role", "iri": str(node), "label": index.label(node),
            "initiative": index.ref(initiative[0]) if initiative else None,
            "acteur": index.ref(actor) if actor is not None else None,
            "typeRole": index.ref(kind) if kind is not None else None,
            "montant": None if m is None else {"valeur": str(m), "texte": amount(m)},
            "document": index.ref(doc) if doc is not None else None, "ligne": _int(index.one(node, ISG.ligne))}


def resource_page(index: Index, node) -> dict:
    return {"kind": "resource", "iri": str(node), "label": index.label(node)}


BUILDERS = {"initiative": initiative_page, "acteur": actor_page, "territoire": territory_page,
            "concept": concept_page, "scheme": scheme_page, "document": document_page, "role": role_page,
            "resource": resource_page}


def page_data(index: Index, node, texts: dict | None = None) -> dict:
    kind = index.kind(node)
    if kind == "initiative":
        data = initiative_page(index, node, texts)
    else:
        data = BUILDERS[kind](index, node)
    data["path"] = index.path(node)
    data["classes"] = [index.label(c) for c in sorted(index.types(node)) if str(c).startswith(str(ISG))]
    return data


def funder_ranking(index: Index) -> list[dict]:
    """Funders by number of initiatives funded, with the known total."""
    rows = []
    for actor in index.out:
        if not index.is_a(actor, ISG.Financeur):
            continue
        funded = set(index.objects(actor, ISG.finance)) | set(index.subjects(ISG.financePar, actor))
        total, known = Decimal(0), 0
        for r in index.subjects(ISG.acteur, actor):
            kind = index.one(r, ISG.typeRole)
            m = index.one(r, ISG.montant)
            if kind is not None and _local(kind) == "financeur" and m is not None:
                try:
                    total += Decimal(str(m))
                    known += 1
                except InvalidOperation:
                    pass
        rows.append(index.ref(actor, initiatives=len(funded), montants=known,
                              total=str(total) if known else None, totalTexte=amount(total) if known else None))
    rows.sort(key=lambda d: (-d["initiatives"], *_sort_key(d)))
    return rows
