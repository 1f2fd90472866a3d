"""Records -> RDF graph of asserted facts (no reasoning here: isg:Financeur and isg:finance are never asserted)."""

from __future__ import annotations

import dataclasses

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from isgraph.resolve.actors import Actor, ActorResolver
from isgraph.rdf.compact import working_graph
from isgraph.ingest.documents import SourceDocument, assign_keys
from isgraph.extract.common import looks_like_person
from isgraph.namespaces import DEFAULT_BASE, FN, ISG, PRIX, ROLE, THEME, TYP, WD, bind_prefixes
from isgraph.normalize import clean_text, fold, slugify
from isgraph.privacy import person_pattern
from isgraph.extract.records import InitiativeRecord

IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
ROLE_PROPERTIES = {"porteur": ISG.porteur, "partenaire": ISG.partenaire, "financeur": ISG.financePar}


@dataclass
class BuildInput:
    document: SourceDocument
    family: str | None
    records: list[InitiativeRecord]


def published_text_path(doc: SourceDocument) -> str:
    """Where the build publishes the text read from a document, relative to the output directory."""
    return f"documents/{doc.key}.txt"


def fr(text: str) -> Literal:
    return Literal(clean_text(text), lang="fr")


def decimal_literal(value: Decimal) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


class _Sink:
    """Where the builder writes: a list of triples (duplicates are dropped when they reach the graph)."""

    __slots__ = ("add",)

    def __init__(self, triples: list):
        self.add = triples.append


class GraphBuilder:
    def __init__(self, base: str = DEFAULT_BASE):
        self.base = Namespace(base)
        self.graph = working_graph()  # spo + pos only (rdf/compact.py): 38 % of rdflib Memory's bytes a triple
        bind_prefixes(self.graph, base)
        self.triples: list[tuple] = []  # added to self.graph in one go by finish() (graphio.add_all)
        self.sink = _Sink(self.triples)
        self.role_amounts: dict[URIRef, bool] = {}  # role node -> has an isg:montant
        self.actors = ActorResolver()
        self.actor_nodes: dict[str, URIRef] = {}
        self.actor_sirens: dict[URIRef, set[str]] = {}  # the SIRENs a table gave an actor (published when one)
        self.territory_nodes: dict[str, URIRef] = {}
        self.person_re = None  # pattern of the contact persons' names of the whole build

    # ---- IRIs ---------------------------------------------------------------------------------------------
    def iri(self, kind: str, slug: str) -> URIRef:
        return self.base[f"{kind}/{slug}"]

    # ---- documents ----------------------------------------------------------------------------------------
    def add_document(self, item: BuildInput) -> URIRef:
        doc = item.document
        node = self.iri("document", doc.key)
        g = self.sink
        g.add((node, RDF.type, ISG.Document))
        g.add((node, RDFS.label, Literal(doc.name, lang="fr")))
        g.add((node, ISG.fichier, Literal(doc.name)))  # the original file name (PDF, Word, HTML or text)
        g.add((node, ISG.sha256, Literal(doc.sha256)))  # of the original bytes
        g.add((node, ISG.nombreLignes, Literal(doc.line_count, datatype=XSD.integer)))
        g.add((node, DCTERMS.format, URIRef(IANA_MEDIA_TYPES + doc.media_type)))
        g.add((node, ISG.texte, Literal(published_text_path(doc))))
        if doc.pages is not None:
            g.add((node, ISG.nombrePages, Literal(doc.page_count, datatype=XSD.integer)))
        if item.family:
            g.add((node, ISG.famille, Literal(item.family)))
        return node

    # ---- actors -------------------------------------------------------------------------------------------
    def actor_node(self, name: str, context=None) -> URIRef | None:
        """IRI of the actor named `name` as written; `context` (territories.ResolveContext of the initiative's
        places) disambiguates homonymous communes and "la Région" / "le Département" written alone."""
        if looks_like_person(name) or (self.person_re and self.person_re.search(fold(name))):
            return None  # contact persons are never actors (privacy)
        actor = self.actors.resolve(name, context)
        if actor is None:
            return None
        node = self.iri("acteur", actor.slug)
        self.actor_nodes[actor.key] = node
        return node

    def finish_actors(self) -> None:
        from isgraph.resolve import linking

        g = self.sink
        for actor in self.actors:
            node = self.actor_nodes.get(actor.key)
            if node is None:
                continue
            g.add((node, RDF.type, ISG.Acteur))
            g.add((node, RDFS.label, fr(actor.label)))
            for alt in actor.alt_labels:
                if fold(alt) != fold(actor.label) or alt != actor.label:
                    g.add((node, SKOS.altLabel, fr(alt)))
            if actor.type_code:
                g.add((node, ISG.typeActeur, TYP[actor.type_code]))
            sirens = self.actor_sirens.get(node, ())
            if len(sirens) == 1:  # (two tables giving one name two SIRENs: two bodies merged by name, or a typo)
                g.add((node, ISG.siren, Literal(next(iter(sirens)))))
            self._link_actor_territory(actor, node)
            qid = linking.actor_qid(actor)  # organisations only, from the link cache (offline)
            if qid:
                g.add((node, OWL.sameAs, WD[qid]))

    def _link_actor_territory(self, actor: Actor, node: URIRef) -> None:
        """A collectivité, CCAS / CIAS or Parc is linked to the territory it governs (resolved with the actor)."""
        if actor.territory is not None:
            self.sink.add((node, ISG.territoireDe, self.territory_node(actor.territory)))

    # ---- territories --------------------------------------------------------------------------------------
    def territory_node(self, territory) -> URIRef:
        from isgraph.resolve import linking, territories

        node = self.territory_nodes.get(territory.iri_slug)
        if node is not None:
            return node
        node = self.iri("territoire", territory.iri_slug)
        self.territory_nodes[territory.iri_slug] = node
        g = self.sink
        g.add((node, RDF.type, ISG[territories.KIND_CLASS.get(territory.kind, "Lieu")]))
        g.add((node, RDFS.label, fr(territory.label)))
        if territory.code_insee:
            g.add((node, ISG.codeInsee, Literal(territory.code_insee)))
        qid = linking.territory_qid(territory)  # Wikidata item from the link cache (offline, `isgraph link`)
        if qid:
            g.add((node, OWL.sameAs, WD[qid]))
        if getattr(territory, "siren", None):
            g.add((node, ISG.siren, Literal(territory.siren)))
        if getattr(territory, "population", None):
            g.add((node, ISG.population, Literal(int(territory.population), datatype=XSD.integer)))
        for slug in territory.parents:
            parent = territories.get(slug)
            if parent is not None:
                g.add((node, ISG.inclusDans, self.territory_node(parent)))
        return node

    def place_nodes(self, mentions: list[str]):
        """Resolve the place names of one initiative; the resolvable ones give the context for the others.
        Returns (territory nodes, the context) — the context also disambiguates collectivity actors."""
        from isgraph.resolve import territories

        firm = [territories.resolve(m, None, allow_lieu=False) for m in mentions]
        context = territories.ResolveContext.from_territories(t for t in firm if t is not None)
        nodes = []
        for name, t in zip(mentions, firm):
            t = t or territories.resolve(name, context)
            if t is not None:
                nodes.append(self.territory_node(t))
        return nodes, (context or None)

    # ---- initiatives --------------------------------------------------------------------------------------
    def add_initiatives(self, item: BuildInput, doc_node: URIRef) -> None:
        g = self.sink
        doc = item.document
        stem = doc.key
        seen: dict[str, int] = defaultdict(int)
        for rec in item.records:
            title_slug = slugify(rec.title, 60)
            seen[title_slug] += 1
            slug = f"{stem}--{title_slug}" + (f"-{seen[title_slug]}" if seen[title_slug] > 1 else "")
            node = self.iri("initiative", slug)
            g.add((node, RDF.type, ISG.Initiative))
            g.add((node, RDFS.label, fr(rec.title)))
            g.add((node, PROV.wasDerivedFrom, doc_node))
            g.add((node, ISG.ligneDebut, Literal(rec.start, datatype=XSD.integer)))
            g.add((node, ISG.ligneFin, Literal(rec.end, datatype=XSD.integer)))
            first, last = doc.page_of(rec.start), doc.page_of(rec.end)
            if first is not None and last is not None:
                g.add((node, ISG.pageDebut, Literal(first, datatype=XSD.integer)))
                g.add((node, ISG.pageFin, Literal(max(first, last), datatype=XSD.integer)))
            if rec.description:
                g.add((node, DCTERMS.description, fr(rec.description)))
            if rec.budget is not None:
                g.add((node, ISG.budget, decimal_literal(rec.budget)))
            if rec.budget_text:
                g.add((node, ISG.budgetLibelle, fr(rec.budget_text)))
            for code in rec.themes:
                g.add((node, ISG.theme, THEME[code]))
            for code in rec.fonctions:
                g.add((node, ISG.fonction, FN[code]))
            if rec.prix:
                g.add((node, ISG.prix, PRIX[rec.prix]))
            if rec.categorie:
                g.add((node, ISG.categorie, fr(rec.categorie)))
            for year in rec.annee:
                g.add((node, ISG.annee, Literal(f"{int(year):04d}", datatype=XSD.gYear)))
            for words in rec.missions:
                g.add((node, ISG.motsMissions, fr(words)))
            places, context = self.place_nodes([m.name for m in rec.territoires])
            if context is not None and rec.annee and min(rec.annee) >= 2016:
                # ('la Région' of a 2025 project in the Creuse: Nouvelle-Aquitaine, not the Limousin of before 2016)
                context = dataclasses.replace(context, since_2016=True)
            for t in places:
                g.add((node, ISG.territoire, t))
            self._roles(rec, node, slug, doc_node, context)

    def _roles(self, rec: InitiativeRecord, node: URIRef, slug: str, doc_node: URIRef, context=None) -> None:
        g = self.sink
        entries: list[tuple[str, str, int, Decimal | None, bool]] = []
        entries += [("porteur", m.name, m.line, None, False) for m in rec.porteurs]
        entries += [("partenaire", m.name, m.line, None, False) for m in rec.partenaires]
        entries += [("financeur", f.funder, f.line, f.amount, f.document_level) for f in rec.financements]
        for code, name, line, amount, document_level in entries:
            # the porteur is the one body that carries the initiative, even when written by its type alone
            # (rec.partenaires_generiques, the categories the extractors set aside, are not published)
            mention = self.generic_mention(name, context) if code != "porteur" else None
            if mention is not None:  # a category of bodies: recorded on its Role node, never an isg:Acteur
                self._generic_role(node, slug, doc_node, code, mention, line, amount, document_level)
                continue
            actor = self.actor_node(name, context)
            if actor is None:
                continue
            if name in rec.sirens:
                self.actor_sirens.setdefault(actor, set()).add(rec.sirens[name])
            role = self.iri("role", f"{slug}--{code}--{actor.rsplit('/', 1)[-1]}")
            if self._role_node(node, role, code, doc_node, line, amount, document_level):
                g.add((node, ROLE_PROPERTIES[code], actor))
                g.add((role, ISG.acteur, actor))

    def _role_node(self, node: URIRef, role: URIRef, code: str, doc_node: URIRef, line: int,
                   amount: Decimal | None, document_level: bool) -> bool:
        """The triples every Role node has (type, role type, provenance, line, amount, document level). A role
        already written only gains the amount it lacked; returns whether the role is new."""
        g = self.sink
        if role in self.role_amounts:
            if amount is not None and not self.role_amounts[role]:
                g.add((role, ISG.montant, decimal_literal(amount)))
                self.role_amounts[role] = True
            return False
        self.role_amounts[role] = amount is not None
        g.add((node, ISG.role, role))
        g.add((role, RDF.type, ISG.Role))
        g.add((role, ISG.typeRole, ROLE[code]))
        g.add((role, PROV.wasDerivedFrom, doc_node))
        g.add((role, ISG.ligne, Literal(line, datatype=XSD.integer)))
        if amount is not None:
            g.add((role, ISG.montant, decimal_literal(amount)))
        if document_level:
            g.add((role, ISG.niveauDocument, Literal(True)))
        return True


    def generic_mention(self, name: str, context=None):
        """The generic mention ("Associations", "Région" with no région) of a written actor name, or None."""
        from isgraph.resolve import generic
        from isgraph.resolve.actors import clean_actor_name

        if looks_like_person(name) or (self.person_re and self.person_re.search(fold(name))):
            return None  # contact persons are dropped by actor_node (privacy)
        cleaned = clean_actor_name(name)
        if len(fold(cleaned)) < 2:
            return None
        return generic.classify(cleaned, context or None)

    def _generic_role(self, node: URIRef, slug: str, doc_node: URIRef, code: str, mention, line: int,
                      amount: Decimal | None, document_level: bool) -> None:
        """Role node of a generic mention: isg:mentionGenerique + isg:categorieActeur, no isg:acteur."""
        g = self.sink
        role = self.iri("role", f"{slug}--{code}--mention-{slugify(mention.label, 60)}")
        if self._role_node(node, role, code, doc_node, line, amount, document_level):
            g.add((role, ISG.mentionGenerique, fr(mention.label)))
            if mention.type_code:
                g.add((role, ISG.categorieActeur, TYP[mention.type_code]))


def build_graph(items: list[BuildInput], base: str = DEFAULT_BASE) -> Graph:
    """Asserted graph of a set of extracted documents (order-independent: documents sorted by name)."""
    builder = GraphBuilder(base)
    if len({item.document.key for item in items}) < len(items):  # the pipeline has already assigned distinct keys
        assign_keys([item.document for item in items])
    builder.person_re = person_pattern({p for item in items for rec in item.records for p in rec.personnes})
    for item in sorted(items, key=lambda i: i.document.name):
        doc_node = builder.add_document(item)
        builder.add_initiatives(item, doc_node)
    builder.finish_actors()
    from isgraph.rdf.graphio import add_all

    assert not any(isinstance(t[0], BNode) for t in builder.triples)
    add_all(builder.graph, builder.triples)
    builder.triples.clear()
    return builder.graph
