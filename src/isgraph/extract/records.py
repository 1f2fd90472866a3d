"""Plain records produced by the extractors: what a document says, names as written.

Records know nothing of RDF; `isgraph.rdf.graph` turns them into triples after the resolve stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Mention:
    """A name found in a document (actor or place), with the 1-based line where it was read."""

    name: str
    line: int


@dataclass(frozen=True)
class Funding:
    """A funder named as giving money, with the amount tied to it when stated."""

    funder: str
    line: int
    amount: Decimal | None = None
    text: str = ""
    document_level: bool = False  # stated for the whole document (e.g. a call for projects), not the card


@dataclass
class InitiativeRecord:
    """One initiative as read from one document."""

    doc: str  # source file name, e.g. "000_e5f077a7c2903689.txt"
    title: str
    start: int  # 1-based first line of the card / paragraph / row
    end: int  # 1-based last line
    porteurs: list[Mention] = field(default_factory=list)
    partenaires: list[Mention] = field(default_factory=list)
    partenaires_generiques: list[Mention] = field(default_factory=list)  # never become Acteur nodes
    financements: list[Funding] = field(default_factory=list)
    territoires: list[Mention] = field(default_factory=list)
    budget: Decimal | None = None
    budget_text: str | None = None
    budget_period: str | None = None
    themes: list[str] = field(default_factory=list)  # theme codes, most relevant first
    fonctions: list[str] = field(default_factory=list)  # aiguillon / inspirateur / connecteur
    missions: list[str] = field(default_factory=list)
    prix: str | None = None  # or / argent / bronze
    categorie: str | None = None
    annee: list[int] = field(default_factory=list)
    text: str = ""  # the initiative's own text, used for theme classification (never published)
    description: str | None = None  # the text's own summary of it, as written (published as dcterms:description)
    personnes: list[str] = field(default_factory=list)  # contacts: kept for privacy filtering, never published
    sirens: dict[str, str] = field(default_factory=dict)  # actor name as written -> its SIREN (a table's SIRET column)

    @property
    def financeurs(self) -> list[str]:
        return [f.funder for f in self.financements]
